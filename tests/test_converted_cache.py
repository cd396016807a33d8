"""The generated pages in the navigation (the text in force, the changelog, the version list,
the verify page) are converted once and kept in the build cache (adapter/rendercache.py), and
so are the feeds, policy.json and compare.json: a rebuild of the same commit converts none of
them and writes the same site, search index included, as a build without the cache; a new version converts them again; and what
their conversion said (a link to an anchor that is not there) is said again, so that a cached
`--strict` build fails where a cold one fails."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from building import mkdocs_build
from generated import generated
from gitrepo import GitRepo

pytestmark = pytest.mark.build

EPOCH = {"SOURCE_DATE_EPOCH": "1764590400"}
#: The build's INFO line: "... archived pages from the build cache, 8 of 8 other generated pages' HTML (...)".
COUNTS = re.compile(r"(\d+) of (\d+) other generated pages' HTML")


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _entries(repo: Path) -> set[tuple[Path, int]]:
    """The kept conversions, each with its inode: one written again is a new file."""
    return {(p, p.stat().st_ino) for p in (repo / ".cache" / "policykit" / "converted").glob("*/*.json")}


def _build(repo: Path, site: Path, cache: bool = True) -> tuple[Path, tuple[int, int] | None]:
    env = EPOCH if cache else {**EPOCH, "POLICYKIT_CACHE": "off"}
    result = mkdocs_build(repo, "--strict", site=site, env=env)
    assert result.returncode == 0, result.output[-3000:]
    found = COUNTS.search(result.output)
    return result.site, (int(found[1]), int(found[2])) if found else None


def _amend(repo: Path, when: str) -> None:
    """A new version that rewords the first clause of every language."""
    meta = repo / "policy" / "policy.yml"
    meta.write_text(re.sub(r"(?m)^version: .*$", 'version: "9.0"', meta.read_text(encoding="utf-8")), encoding="utf-8")
    for folder in sorted(p for p in (repo / "policy").iterdir() if p.is_dir()):
        first = sorted(folder.glob("*.md"))[-1]
        first.write_text(first.read_text(encoding="utf-8").replace("\na. ", "\na. Amended. ", 1), encoding="utf-8")
    GitRepo(repo, scaffold=False).commit("Version 9.0", when)


def test_a_rebuild_converts_none_of_the_generated_pages_and_writes_the_same_site(tmp_path):
    repo = generated(tmp_path / "repo", versions=6, sections=2, clauses=2)
    first, counts = _build(repo, tmp_path / "first")
    assert counts is not None and counts[0] == 0 and counts[1] >= 6, counts  # 3 pages or more per language
    kept = _entries(repo)
    assert len(kept) == counts[1] + 2 + 2  # and each language's feed, policy.json and compare.json
    again, counts_again = _build(repo, tmp_path / "again")
    assert counts_again == (counts[1], counts[1])
    assert _entries(repo) == kept  # read, not written again
    cold, _ = _build(repo, tmp_path / "cold", cache=False)
    for site in (first, again):
        tree, expected = _tree(site), _tree(cold)
        assert sorted(tree) == sorted(expected)
        assert [name for name in tree if tree[name] != expected[name]] == []
    assert b"Amended" not in _tree(again)["search/search_index.json"]

    _amend(repo, "2026-11-20T10:00:00Z")
    amended, counts_amended = _build(repo, tmp_path / "amended")
    assert counts_amended is not None and counts_amended[0] < counts_amended[1], counts_amended
    tree, expected = _tree(amended), _tree(_build(repo, tmp_path / "amended-cold", cache=False)[0])
    assert [name for name in expected if tree.get(name) != expected[name]] == []
    assert b"Amended" in tree["search/search_index.json"]  # the text in force's entries made again


def _linked(tmp_path: Path) -> Path:
    """A history whose last version links a clause to an anchor a docs page does not have, in
    a site that warns about such links (validation: anchors: warn)."""
    repo = generated(tmp_path / "repo", versions=3, sections=2, clauses=2)
    for lang in ("sv", "en"):
        (repo / "docs" / lang).mkdir(parents=True, exist_ok=True)
        (repo / "docs" / lang / "contact.md").write_text("# Contact\n\nWrite to us.\n", encoding="utf-8")
    section = next(p for p in sorted((repo / "policy" / "sv").glob("*.md")) if "\na. " in p.read_text(encoding="utf-8"))
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("\na. ", "\na. Se [kontakt](contact.md#nowhere). ", 1), encoding="utf-8")
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    GitRepo(repo, scaffold=False).commit("A link", "2026-11-20T10:00:00Z")
    return repo


def test_a_kept_page_says_again_what_its_conversion_said(tmp_path):
    """A clause that links to an anchor a docs page does not have: MkDocs says so for the text
    in force, after every page is written, from the links the conversion recorded; from the
    cache too."""
    repo = _linked(tmp_path)
    line = "Doc file 'sv/index.md' contains a link 'contact.md#nowhere', but the doc 'sv/contact.md' does not contain an anchor '#nowhere'."

    cold = mkdocs_build(repo, "--strict", site=tmp_path / "cold", env=EPOCH)
    assert cold.returncode != 0 and line in cold.output, cold.output[-3000:]
    kept = _entries(repo)
    assert any(b"#nowhere" in path.read_bytes() for path, _ in kept)  # the link, kept with the page
    cached = mkdocs_build(repo, "--strict", site=tmp_path / "cached", env=EPOCH)
    assert cached.returncode != 0, cached.output[-3000:]
    assert cached.output.count(line) == cold.output.count(line) == 1, cached.output[-3000:]
    assert _entries(repo) == kept  # every page's conversion came from the cache


def test_a_feed_with_no_version_is_dated_by_each_build(tmp_path):
    """With no history (no version published), the feed's `updated` is the build's time: kept
    for the build's day, it would be a build's of that morning."""
    repo = generated(tmp_path / "repo", versions=2, sections=2, clauses=2)
    shutil.rmtree(repo / ".git")
    stamps = []
    for n, epoch in enumerate(("1764590400", "1764594000")):  # an hour apart, the same day
        # Not --strict: with no history, the build warns.
        result = mkdocs_build(repo, site=tmp_path / f"site-{n}", env={"SOURCE_DATE_EPOCH": epoch})
        assert result.returncode == 0, result.output[-3000:]
        stamps.append(re.search(r"<updated>([^<]+)</updated>", (result.site / "feed.xml").read_text())[1])
    assert stamps == ["2025-12-01T12:00:00Z", "2025-12-01T13:00:00Z"]


def test_a_build_at_debug_keeps_nothing_a_later_build_would_not_check(tmp_path):
    """At DEBUG (`mkdocs build -v`) MkDocs records no page's links to anchors, so it checks
    none: what such a build keeps has no links, and a later build without -v must not take
    it, or the archived pages' broken links would go unsaid and `--strict` would pass."""
    repo = _linked(tmp_path)
    archived = re.compile(r"Doc file 'sv/versions-[^']+\.md' contains a link 'contact\.md#nowhere'")
    verbose = mkdocs_build(repo, "--strict", "-v", site=tmp_path / "verbose", env=EPOCH)
    assert not archived.search(verbose.output), verbose.output[-3000:]
    again = mkdocs_build(repo, "--strict", site=tmp_path / "again", env=EPOCH)
    assert again.returncode != 0 and archived.search(again.output), again.output[-3000:]
