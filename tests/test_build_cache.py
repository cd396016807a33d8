"""The build cache: a build that takes archived pages from the cache writes the same site, byte
for byte, as a build without it, whatever changed in between; and it does take them.

On the story history and on a generated one, each input of an archived page (and of the compare
and side-by-side pages, which the cache keeps too) is changed in turn
(a new version, the build date that makes it take effect, the site's words, mkdocs.yml, the
navigation, a theme file of the site's custom_dir, the code of a hook of its own): after each
change, a build with the cache that the builds before it filled and a build with the cache off
(POLICYKIT_CACHE=off) must write the same files. A rebuild of the same commit writes no entry (every archived page came
from the cache), and a new version writes entries only for what it changed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from building import mkdocs_build
from generated import generated
from gitrepo import GitRepo

pytestmark = pytest.mark.build

#: 1 December 2026, and 1 February 2027 (after the new version's effective day, below).
BEFORE, AFTER = "1764590400", "1801440000"
NEW_EFFECTIVE = "2027-01-10"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same(cached: Path, cold: Path, step: str) -> None:
    a, b = _tree(cached), _tree(cold)
    assert sorted(a) == sorted(b), f"{step}: other files: {sorted(set(a) ^ set(b))[:5]}"
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{step}: {len(differ)} files differ from the cold build, first {differ[:5]}"


def _entries(repo: Path) -> set[tuple[Path, int]]:
    """The page cache's entries, each with its inode: an entry written again (a page made again)
    is a new file, one read (a page from the cache) the same."""
    return {(p, p.stat().st_ino) for p in (repo / ".cache" / "policykit" / "pages").glob("*/*.json")}


def _archived_pages(site: Path) -> int:
    return len(list((site / "versions").glob("*/index.html"))) + len(
        list((site / "versions").glob("*/changes/index.html"))
    )


def _new_version(repo: Path) -> None:
    """A new version, effective NEW_EFFECTIVE, that changes one clause in every language."""
    meta = repo / "policy" / "policy.yml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version: .*$", 'version: "99.0"', text)
    text = re.sub(r"(?m)^effective: .*$", f"effective: {NEW_EFFECTIVE}", text)
    meta.write_text(text, encoding="utf-8")
    for folder in sorted(p for p in (repo / "policy").iterdir() if p.is_dir()):
        for section in sorted(folder.glob("*.md")):
            body = section.read_text(encoding="utf-8")
            if "\na. " in body:
                section.write_text(body.replace("\na. ", "\na. Amended. ", 1), encoding="utf-8")
                break
    GitRepo(repo, scaffold=False).commit("Version 99.0", "2026-11-20T10:00:00Z")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(params=["story", "generated"])
def history(request, story, tmp_path) -> Path:
    """A private copy of the story repository, or a generated history of 12 versions; with a
    custom_dir of its own, whose file a later step changes, and a hook of its own."""
    if request.param == "story":
        source = Path(story[0].site).parent
        repo = tmp_path / "repo"
        shutil.copytree(source, repo, ignore=shutil.ignore_patterns("site", ".cache"))
    else:
        repo = generated(tmp_path / "repo", versions=12, sections=3, clauses=3)
    (repo / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    (repo / "overrides" / "partials").mkdir(parents=True, exist_ok=True)
    (repo / "overrides" / "partials" / "copyright.html").write_text("<p>Ours.</p>\n", encoding="utf-8")
    _edit(repo / "mkdocs.yml", "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n")
    _stamp(repo, "A")  # a hook of the site's own, which changes what every page prints
    _edit(repo / "mkdocs.yml", "  - hooks/policy.py\n", "  - hooks/policy.py\n  - hooks/stamp.py\n")
    return repo


def _stamp(repo: Path, mark: str) -> None:
    (repo / "hooks" / "stamp.py").write_text(
        f'def on_post_page(output, page, config):\n    return output.replace("</body>", "<!-- {mark} --></body>")\n',
        encoding="utf-8",
    )


def test_a_cached_build_writes_what_a_cold_build_writes_after_each_change(history, tmp_path):
    repo, epoch = history, {"SOURCE_DATE_EPOCH": BEFORE}

    def build(name: str, cache: bool) -> Path:
        env = {**epoch} if cache else {**epoch, "POLICYKIT_CACHE": "off"}
        result = mkdocs_build(repo, "--strict", site=tmp_path / name, env=env)
        assert result.returncode == 0, result.output
        return result.site

    first = build("first", cache=True)
    _titled(first)
    filled = _entries(repo)
    archived = _archived_pages(first) + _archived_pages(first / "en")
    # One entry per archived page, and the compare and side-by-side pages, in each language.
    assert len(filled) == archived + 2 * 2 and archived > 0
    _same(build("again", cache=True), first, "the same commit")
    assert _entries(repo) == filled  # every archived page came from the cache

    _new_version(repo)
    _same(build("version", cache=True), build("version-cold", cache=False), "a new version")
    made = _entries(repo) - filled
    # The new version's own pages and the version it follows (once), and the compare and
    # side-by-side pages, which show the whole history; not the rest of the history.
    assert 0 < len(made) <= 2 * 2 * 2 + 2 * 2, f"{len(made)} entries made for one new version"

    steps = [
        ("the build date", lambda: epoch.update(SOURCE_DATE_EPOCH=AFTER)),
        ("the words", lambda: _words(repo)),
        ("mkdocs.yml", lambda: _edit(repo / "mkdocs.yml", "theme:\n", "copyright: Example AB\ntheme:\n")),
        ("the navigation", lambda: _page(repo)),
        ("a theme file", lambda: (repo / "overrides" / "partials" / "copyright.html").write_text("<p>Theirs.</p>\n")),
        ("a hook of the site", lambda: _stamp(repo, "B")),
    ]
    for n, (step, change) in enumerate(steps):
        before = _entries(repo)
        change()
        _same(build(f"cached-{n}", cache=True), build(f"cold-{n}", cache=False), step)
        assert _entries(repo) - before, f"{step}: no page was made again"


def _titled(site: Path) -> None:
    """The pages made when they are written are titled by their own heading, not by the name of
    the file that stood in for them ("Versions 1.0 changes", "Compare")."""
    titles = {
        path.relative_to(site).as_posix(): re.search(r"<title>([^<]*)</title>", path.read_text(encoding="utf-8"))[1]
        for pattern in ("versions/*/changes/index.html", "compare/index.html", "side-by-side/*/index.html")
        for path in site.glob(pattern)
    }
    assert titles and all(
        re.match(r"Ändringar i version |Jämför versioner|Integritetspolicy: svenska och engelska", title)
        for title in titles.values()
    ), titles


def _words(repo: Path) -> None:
    words = repo / "words"
    words.mkdir(exist_ok=True)
    (words / "en.yml").write_text("read_current: Read this place as it reads today\n", encoding="utf-8")


def _page(repo: Path) -> None:
    for lang in ("sv", "en"):
        folder = repo / "docs" / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "contact.md").write_text("# Contact\n\nWrite to us.\n", encoding="utf-8")


#: A site's own hook that warns about every archived page while it is made: what a warning of
#: MkDocs or of another plugin about such a page does to `--strict`.
WARNING_HOOK = """\
import logging

log = logging.getLogger("mkdocs.plugins.site_check")


def on_page_content(html, page, config, files):
    if page.url.startswith("versions/1.0/") and "policy-body" in html:
        log.warning("site check: %s is an archived page", page.url)
    return html
"""


def test_a_page_from_the_cache_logs_what_it_logged_when_it_was_made(story, tmp_path):
    """A warning logged while an archived page was made comes again when the page comes from
    the cache: a cached `--strict` build fails where the cold one failed, with the same line."""
    repo = tmp_path / "repo"
    shutil.copytree(Path(story[0].site).parent, repo, ignore=shutil.ignore_patterns("site", ".cache"))
    (repo / "hooks" / "site_check.py").write_text(WARNING_HOOK, encoding="utf-8")
    _edit(repo / "mkdocs.yml", "  - hooks/policy.py\n", "  - hooks/policy.py\n  - hooks/site_check.py\n")
    env = {"SOURCE_DATE_EPOCH": BEFORE}
    line = "site check: versions/1.0/ is an archived page"
    cold = mkdocs_build(repo, "--strict", site=tmp_path / "cold", env=env)
    assert cold.returncode != 0 and line in cold.output, cold.output
    assert not (tmp_path / "cold").exists()  # a failed strict build writes no site
    kept = _entries(repo)
    assert kept  # the pages were kept, with the warning
    cached = mkdocs_build(repo, "--strict", site=tmp_path / "cached", env=env)
    assert cached.returncode != 0, cached.output
    assert cached.output.count(line) == cold.output.count(line) == 1, cached.output
    assert _entries(repo) == kept  # every page came from the cache: none was made again
    relaxed = mkdocs_build(repo, site=tmp_path / "relaxed", env=env)
    assert relaxed.returncode == 0 and line in relaxed.output, relaxed.output
