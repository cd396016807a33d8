"""The public record: policy.json field by field, Atom feeds, reproducible output, no identities."""

from __future__ import annotations

import filecmp
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from building import mkdocs_build
from gitrepo import EDITOR, GitRepo, meta
from small_policy import EN_1_0, SV_1_0, files
from upcoming import EPOCH

ATOM = "{http://www.w3.org/2005/Atom}"


def test_policy_json_versions(public):
    repo, result, shas = public
    data = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))
    assert list(data) == [
        "schema",
        "authoritative",
        "languages",
        "default_language",
        "current",
        "upcoming",
        "versions",
        "clauses",
        "moved",
        "removed",
    ]
    assert (data["schema"], data["authoritative"], data["languages"], data["default_language"]) == (
        1,
        "sv",
        ["sv", "en"],
        "sv",
    )
    assert (data["current"], data["upcoming"]) == ("1.1", "1.2")
    assert [v["version"] for v in data["versions"]] == ["1.0", "1.1", "1.2"]
    v10, v11, v12 = data["versions"]
    assert v10["published"] == "2026-01-10T10:00:00Z" and v10["effective"] == "2026-01-15"
    assert v12["published"] == "2026-05-20T08:30:00Z" and v12["effective"] == "2026-07-01"
    assert [v["commit"] for v in data["versions"]] == [shas["1.0"], shas["1.1"], shas["1.2"]]
    assert v11["summary"] == {"sv": "Sv: Version 1.1.", "en": "En: Version 1.1."}
    assert v11["url"] == {"sv": "/versions/1.1/", "en": "/en/versions/1.1/"}
    assert v11["changes"] == {"added": [], "changed": ["s1-a", "s1-b"], "removed": ["s1-c"], "moved": {}}
    assert v12["changes"] == {"added": ["s1-d"], "changed": [], "removed": [], "moved": {}}
    assert v10["changes"]["added"][:3] == ["s0", "s1", "s1-a"]
    assert data["moved"] == {} and data["removed"] == {"s1-c": "1.1"}


def test_policy_json_hashes_are_what_git_and_sha256sum_give(public):
    repo, result, shas = public
    data = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))
    for version in data["versions"]:
        for lang in ("sv", "en"):
            command = (
                f"git ls-tree --name-only {version['commit']} policy/{lang}/ | grep '\\.md$' | LC_ALL=C sort"
                f' | while read f; do git show "{version["commit"]}:$f"; done | sha256sum'
            )
            expected = subprocess.run(
                command, shell=True, cwd=repo.path, capture_output=True, text=True, check=True
            ).stdout.split()[0]
            assert version["sha256"][lang] == expected
    page = BeautifulSoup((result.site / "versions/1.0/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".policy-sha256 code").get_text() == data["versions"][0]["sha256"]["sv"]


def test_policy_json_clauses_are_the_version_in_force(public):
    _, result, _ = public
    data = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))
    clauses = {c["id"]: c for c in data["clauses"]}
    assert list(clauses) == ["s0", "s1", "s1-a", "s1-b", "s2", "s2-a", "s2-b"]  # 1.2's s1-d is not in force
    assert clauses["s1-a"] == {
        "id": "s1-a",
        "label": "1 a",
        "section": "s1",
        "url": {"sv": "/#s1-a", "en": "/en/#s1-a"},
        "text": {"sv": "Vi samlar in namn och adress.", "en": "We collect names and addresses."},
        "since": "1.0",
        "last_changed": "1.1",
        "translation_outdated": {"en": False},
        "history": [
            {
                "version": "1.0",
                "kind": "added",
                "effective": "2026-01-15",
                "url": {"sv": "/versions/1.0/#s1-a", "en": "/en/versions/1.0/#s1-a"},
            },
            {
                "version": "1.1",
                "kind": "changed",
                "effective": "2026-02-15",
                "url": {"sv": "/versions/1.1/changes/#s1-a", "en": "/en/versions/1.1/changes/#s1-a"},
            },
        ],
    }
    # The Swedish 1 b changed in 1.1, its translation did not: outdated.
    assert clauses["s1-b"]["last_changed"] == "1.1"
    assert clauses["s1-b"]["translation_outdated"] == {"en": True}
    assert clauses["s1"]["title"] == {"sv": "Insamling", "en": "Collection"}


@pytest.mark.build
def test_reviewed_translation_is_not_outdated(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15", extra="reviewed: {en: '1.1'}\n"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace("e-post.", "e-postadresser."),
        }
    )
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    data = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))
    assert {c["id"]: c for c in data["clauses"]}["s1-b"]["translation_outdated"] == {"en": False}


@pytest.mark.parametrize("lang, path", [("sv", "feed.xml"), ("en", "en/feed.xml")])
def test_feeds_are_atom_with_an_entry_per_version(public, lang, path):
    _, result, _ = public
    root = ET.parse(result.site / path).getroot()
    assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    prefix = "" if lang == "sv" else "en/"
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        f"https://policy.example.com/{prefix}versions/{v}/" for v in ("1.2", "1.1", "1.0")
    ]
    newest = entries[0]
    assert newest.find(f"{ATOM}published").text == "2026-05-20T08:30:00Z"
    assert newest.find(f"{ATOM}link").get("href") == f"https://policy.example.com/{prefix}versions/1.2/changes/"
    assert "#s1-d" in newest.find(f"{ATOM}content").text
    assert root.find(f"{ATOM}updated").text == "2026-05-20T08:30:00Z"


def test_every_page_links_its_languages_feed(public):
    _, result, _ = public
    for html in result.site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        link = soup.find("link", type="application/atom+xml")
        if html.name == "404.html":
            continue
        assert link is not None, html
        relative = html.relative_to(result.site).as_posix()
        assert link["href"].endswith("feed.xml")
        expected = "en/feed.xml" if relative.startswith("en/") else "feed.xml"
        target = (html.parent / link["href"]).resolve().relative_to(result.site.resolve()).as_posix()
        assert target == expected, relative


def test_no_identity_from_git_reaches_the_output(public):
    _, result, _ = public
    for path in result.site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in EDITOR:
                assert secret.encode() not in data, path


def test_two_builds_of_one_commit_are_byte_identical(public, tmp_path):
    repo, _, _ = public
    sites = []
    for name in ("one", "two"):
        clone = tmp_path / name
        subprocess.run(["git", "clone", "--quiet", str(repo.path), str(clone)], check=True)
        result = mkdocs_build(clone, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.output
        sites.append(result.site)
    listing = [sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) for site in sites]
    assert listing[0] == listing[1]
    files_ = [name for name in listing[0] if (sites[0] / name).is_file()]
    match, mismatch, errors = filecmp.cmpfiles(sites[0], sites[1], files_, shallow=False)
    assert mismatch == [] and errors == []
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "feed.xml", "policy.json"} <= set(match)


def test_an_outdated_translation_is_marked_for_readers_and_reported(public):
    _, result, _ = public
    page = BeautifulSoup((result.site / "en/index.html").read_text(encoding="utf-8"), "html.parser")
    marks = page.select(".policy-outdated")
    assert [m.find_parent(class_="policy-clause")["id"] for m in marks] == ["s1-b"]
    assert marks[0].a["href"] == "../#s1-b" and marks[0].a["hreflang"] == "sv"
    assert "INFO    -  policy/en/01-collection.md:5: the en text of s1-b may be out of date" in result.output


def test_a_clause_only_in_the_upcoming_version_lands_on_a_note(public):
    _, result, _ = public
    for path, expected in (
        ("index.html", "1 d träder i kraft 1 juli 2026 med version 1.2: läs den kommande texten."),
        ("en/index.html", "1 d takes effect on 1 July 2026 with version 1.2: read the upcoming text."),
    ):
        page = BeautifulSoup((result.site / path).read_text(encoding="utf-8"), "html.parser")
        note = page.select_one("#s1-d")
        assert note.get_text() == expected and note.a["href"].endswith("versions/1.2/#s1-d")
        banner = page.select_one(".policy-banner--upcoming").get_text(" ")
        assert "1.2" in banner and ("1 juli 2026" in banner or "1 July 2026" in banner)
