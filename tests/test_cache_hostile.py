"""A build cache damaged or forged by hand: the build writes the site a build without the cache
writes, says so once at INFO (a warning would fail --strict), and never ends in a traceback.

A small generated history is built once without the cache and once to fill it; each case then
damages a copy of the filled cache in its own way and builds with it (`mkdocs build --strict`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from building import mkdocs_build
from generated import generated

pytestmark = pytest.mark.build

EPOCH = {"SOURCE_DATE_EPOCH": "1764590400"}


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes]]:
    """A generated history, its cache as one build with the cache left it, and the site that a
    build without the cache writes."""
    base = tmp_path_factory.mktemp("hostile")
    repo = generated(base / "repo", versions=4, sections=2, clauses=2)
    cold = mkdocs_build(repo, "--strict", site=base / "cold", env={**EPOCH, "POLICYKIT_CACHE": "off"})
    assert cold.returncode == 0, cold.output
    fill = mkdocs_build(repo, "--strict", site=base / "fill", env=EPOCH)
    assert fill.returncode == 0, fill.output
    kept = base / "kept"
    shutil.copytree(repo / ".cache", kept, symlinks=True)
    return repo, kept, _tree(cold.site)


def _pages(cache: Path) -> list[Path]:
    """The entries of pages: archived pages whole, and the other generated pages as converted."""
    return sorted((cache / "policykit" / "pages").glob("*/*.json")) + sorted(
        (cache / "policykit" / "converted").glob("*/*.json")
    )


def _rewrite(change: Callable[[dict], None]) -> Callable[[Path], None]:
    """Each page entry's value changed by `change`, its JSON whole, under its own key."""

    def damage(cache: Path) -> None:
        for path in _pages(cache):
            head, newline, page = path.read_bytes().partition(b"\n")  # the JSON line, then the page
            entry = json.loads(head)
            change(entry["value"])
            path.write_bytes(json.dumps(entry).encode() + newline + page)

    return damage


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Each page entry's file changed by `change`."""

    def damage(cache: Path) -> None:
        for path in _pages(cache):
            path.write_bytes(change(path.read_bytes()))

    return damage


def _replace(cache: Path, with_what: Callable[[Path], None]) -> None:
    folder = cache / "policykit"
    shutil.rmtree(folder)
    with_what(folder)


CASES: dict[str, Callable[[Path], None]] = {
    # A logged line whose logger is no name: replayed, it would be a TypeError.
    "a logged line of no logger": _rewrite(lambda value: value.get("log", []).append([7, 30, "forged"])),
    # Valid JSON under the right key, but not a page: passed over, and said.
    "an entry of the wrong shape": _rewrite(lambda value: value.update(anchors=[1], output=None)),
    # A converted page's table of contents and search entries of the wrong shape (an archived
    # page's entry has neither, and reads the same).
    "a table of contents forged": _rewrite(lambda value: value.update(toc=[{"level": "1", "children": None}])),
    "search entries forged": _rewrite(lambda value: value.update(search=[{"location": {"x": 1}}])),
    # policy.json's entry naming another file (compare.json's, a feed's): never written in its place.
    "a file under another's name": _rewrite(lambda value: "file" in value and value.update(file="compare.json")),
    # A page cut short (a copy that stopped): its length is in the JSON line.
    "a page cut short": _bytes(lambda raw: raw[:-10]),
    # The JSON line alone, its page gone.
    "a page lost": _bytes(lambda raw: raw.partition(b"\n")[0]),
    # The cache's folder is a file: neither store can read or write; one notice for both.
    "a file for a folder": lambda cache: _replace(cache, lambda folder: folder.write_text("x")),
    # The cache's folder is a link to itself: no folder to resolve.
    "a link to itself": lambda cache: _replace(cache, lambda folder: folder.symlink_to(folder)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_cache_is_passed_over_with_one_notice(filled, case, tmp_path):
    repo, kept, cold = filled
    cache = repo / ".cache"
    shutil.rmtree(cache)
    shutil.copytree(kept, cache, symlinks=True)
    CASES[case](cache)
    result = mkdocs_build(repo, "--strict", site=tmp_path / "site", env=EPOCH)
    assert "Traceback" not in result.output, result.output[-3000:]
    assert result.returncode == 0, result.output[-3000:]
    notices = [line for line in result.output.splitlines() if line.startswith("INFO") and "-  the build cache " in line]
    assert len(notices) == 1, notices
    site = _tree(result.site)
    assert sorted(site) == sorted(cold)
    assert [name for name in site if site[name] != cold[name]] == []
    if os.path.islink(cache / "policykit"):
        (cache / "policykit").unlink()
