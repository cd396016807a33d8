"""A rebuild does not write again the pages it would write as they were: the old site's file is
linked into the new site (a second name for the same file), never written to. A page that
changed is written anew; a build that fails leaves the old site as it was; a file of the old
site that is a link, or that has another name elsewhere, is never shared with the new site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from building import mkdocs_build
from generated import generated

pytestmark = pytest.mark.build

EPOCH = {"SOURCE_DATE_EPOCH": "1764590400"}


def _pages(site: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(site).as_posix(): os.lstat(p) for p in sorted(site.rglob("*.html"))}


def _build(repo: Path, site: Path):
    result = mkdocs_build(repo, "--strict", site=site, env=EPOCH)
    assert result.returncode == 0, result.output[-3000:]
    assert "Page skipped" not in result.output  # MkDocs' line for a page it did not write
    return result


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    repo = generated(tmp_path / "repo", versions=3, sections=2, clauses=2)
    site = tmp_path / "site"
    _build(repo, site)
    return repo, site


def test_an_unchanged_page_is_the_old_sites_file_and_a_changed_one_is_new(built):
    repo, site = built
    before = _pages(site)
    archived = next(name for name in before if name.startswith("versions/") and "/changes/" not in name)
    old_text = {name: (site / name).read_bytes() for name in before}
    clause = sorted((repo / "policy" / "sv").glob("*.md"))[0]
    clause.write_text(clause.read_text(encoding="utf-8") + "\nEtt nytt stycke i arbetskopian.\n", encoding="utf-8")
    _build(repo, site)
    after = _pages(site)
    assert sorted(after) == sorted(before)
    assert after[archived].st_ino == before[archived].st_ino  # the same file, not written again
    assert after[archived].st_nlink == 1  # the old site's name for it went with the old site
    changed = [name for name in after if (site / name).read_bytes() != old_text[name]]
    assert changed, "the edit changed no page"
    for name in changed:
        assert after[name].st_ino != before[name].st_ino, name  # written anew, not over the old file
    kept = [name for name in after if name not in changed and not name.endswith("404.html")]  # a template, not a page
    assert kept and all(after[name].st_ino == before[name].st_ino for name in kept)


def test_a_failed_build_leaves_the_old_site_as_it_was(built):
    repo, site = built
    before = {name: (site / name).read_bytes() for name in _pages(site)}
    (repo / "docs" / "broken.md").write_text("# Broken\n\n[nowhere](missing.md)\n", encoding="utf-8")
    failed = mkdocs_build(repo, "--strict", site=site, env=EPOCH)
    assert failed.returncode != 0
    assert {name: (site / name).read_bytes() for name in _pages(site)} == before
    assert all(stat.st_nlink == 1 for stat in _pages(site).values())


def test_an_old_file_with_another_name_or_a_link_is_not_shared(built, tmp_path):
    repo, site = built
    names = [name for name in _pages(site) if name.startswith("versions/")]
    elsewhere, linked = names[0], names[1]
    outside = tmp_path / "outside.html"
    os.link(site / elsewhere, outside)  # the old site's file has a second name outside the site
    target = tmp_path / "target.html"
    target.write_bytes((site / linked).read_bytes())
    (site / linked).unlink()
    (site / linked).symlink_to(target)  # the old site's page is a link to a file outside it
    folder = next(name for name in names if name.count("/") == 2 and name not in (elsewhere, linked))
    copy = tmp_path / "copy"
    shutil.copytree((site / folder).parent, copy)
    shutil.rmtree((site / folder).parent)
    (site / folder).parent.symlink_to(copy)  # a folder of the old site is a link to one outside it
    _build(repo, site)
    assert not os.path.samefile(site / folder, copy / Path(folder).name)
    assert os.lstat(copy / Path(folder).name).st_nlink == 1
    assert not os.path.samefile(site / elsewhere, outside)
    assert not (site / linked).is_symlink() and not os.path.samefile(site / linked, target)
    assert os.lstat(site / elsewhere).st_nlink == 1
