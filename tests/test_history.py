"""Versions from real git histories with pinned dates, checked on the built pages."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from building import mkdocs_build
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, SV_1_0, build_repo, files, html

from policykit.record.history import read_history


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_versions_are_runs_of_one_label_along_the_first_parent_chain(story):
    result, shas = story
    rows = [[text(td) for td in tr.select("td")] for tr in html(result.site, "versions/index.html").select("tbody tr")]
    assert rows == [
        ["1.2", "1 mars 2026", "15 mars 2026", "gällande", "sedan 15 mars 2026", "Ändringar ord för ord"],
        [
            "1.1",
            "2 februari 2026",
            "15 februari 2026",
            "tidigare",
            "15 februari 2026 till 14 mars 2026",
            "Ändringar ord för ord",
        ],  # the merge commit
        [
            "1.0",
            "10 januari 2026",
            "15 januari 2026",
            "tidigare",
            "15 januari 2026 till 14 februari 2026",
            "Ändringar ord för ord",
        ],  # its first commit
    ]
    # Text from the run's last commit: the typo fixed under the same label is in 1.0.
    assert text(html(result.site, "en/versions/1.0/index.html").select_one("#s1-b")) == "b. We collect e-mail."
    assert "version 1.0: the text changed after it was first published on 2026-01-10" in result.output


def test_changelog_lists_each_kind_of_change_newest_first(story):
    result, _ = story
    page = html(result.site, "changes/index.html")
    assert [h["id"] for h in page.select("article h2")] == ["v1.2", "v1.1", "v1.0"]
    items = [text(li) for li in page.select("article ul li")]
    assert items == [
        "Flyttade: 2 b → 1 d",
        "Borttagna: 1 c",
        "Ändrade: 1 a",
        "Nya: 1 ca",
        "Endast översättningen uppdaterad (engelska): 1 b",
    ]
    links = {a.get_text(): a["href"] for a in page.select("article ul a")}
    assert links["1 d"] == "../#s1-d" and links["1 c"] == "../versions/1.1/#s1-c"
    assert links["1 a"] == "../versions/1.1/#s1-a"


def test_renaming_a_section_file_changes_nothing(story):
    result, _ = story
    assert "2 a" not in text(html(result.site, "versions/1.1/changes/index.html").select_one("article"))


def test_redline_marks_words_in_each_language(story):
    result, _ = story
    sv = html(result.site, "versions/1.1/changes/index.html").select_one("#s1-a .policy-redline")
    assert str(sv) == '<span class="policy-redline">Vi samlar in namn<ins> och adress</ins>.</span>'
    en = html(result.site, "en/versions/1.1/changes/index.html")
    assert str(en.select_one("#s1-a .policy-redline")) == (
        '<span class="policy-redline">We collect names<ins> and addresses</ins>.</span>'
    )
    assert [h.get_text().rstrip("¶") for h in en.select("article h2")] == [
        "Changed",
        "Added",
        "Translation updated only (English)",
    ]
    assert "email" in str(en.select_one("#s1-b ins"))


def test_current_page_banner_marks_and_anchors_that_never_die(story):
    result, _ = story
    page = html(result.site, "index.html")
    banner = text(page.select_one(".policy-banner"))
    assert banner.startswith("Version 1.2, gäller från 15 mars 2026. Ändrat sedan version 1.0".replace("1.0", "1.1"))
    assert "Flyttade punkter: 2 b → 1 d" in banner and "Borttagna punkter: 1 c" in banner
    # The moved anchor is a real element inside the clause it moved to.
    alias = page.select_one("#s2-b")
    assert alias.name == "span" and alias.find_parent(class_="policy-clause")["id"] == "s1-d"
    # The removed anchor is a note in its former section, linking the last text it had.
    removed = page.select_one("#s1-c")
    assert removed.find_parent("section")["aria-labelledby"] == "s1"
    assert removed.get_text() == "1 c togs bort i version 1.2. Senaste lydelse: version 1.1."
    assert removed.a["href"] == "versions/1.1/#s1-c"
    every_anchor = {"s0", "s1", "s1-a", "s1-b", "s1-c", "s1-ca", "s1-d", "s2", "s2-a", "s2-b"}
    for path in ("index.html", "en/index.html"):
        assert every_anchor <= {el.get("id") for el in html(result.site, path).select("[id]")}


def test_archive_pages_keep_their_text_and_say_what_they_are(story):
    result, _ = story
    old = html(result.site, "versions/1.0/index.html")
    assert text(old.select_one("#s1-c")) == "c. Vi samlar in telefonnummer."
    assert text(old.select_one("#s2-b")) == "b. Vi delar inte uppgifterna."
    notice = text(old.select_one(".policy-version-notice--past"))
    assert "gällde från 15 januari 2026 tills version 1.1 trädde i kraft 15 februari 2026" in notice
    assert old.select_one(".policy-keep-anchor")["href"] == "../../"
    source = (result.site / "versions/1.0/index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' in source  # search UI present, but the page is not indexed:
    index = (result.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "versions/1.0/" not in index and "telefonnummer" not in index


def test_archives_are_not_in_the_navigation(story):
    result, _ = story
    nav = [a["href"] for a in html(result.site, "index.html").select("nav.md-nav--primary a.md-nav__link")]
    assert not any("versions/1" in href for href in nav)
    assert "changes/" in nav and "versions/" in nav


def base_repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("Policy 1.0", "2026-01-10T10:00:00Z")
    return repo


@pytest.mark.build
def test_a_label_that_comes_back_is_published_again(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy(
        {"policy.yml": meta("1.1", "2026-02-15"), "sv/00-inledning.md": "# Integritetspolicy\n\nNy inledning.\n"}
    )
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    repo.git("revert", "--no-edit", "HEAD", date="2026-02-03T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    rows = [text(tr.td) for tr in html(result.site, "versions/index.html").select("tbody tr")]
    assert rows == ["1.0-r2", "1.1", "1.0"]
    assert "the label 1.0 comes back after another version; published as 1.0-r2" in result.output
    assert text(html(result.site, "index.html").select_one("#s0")).startswith("¶ Inledning.")  # its link, its text


@pytest.mark.build
def test_an_upcoming_version_leaves_the_version_in_force_on_the_page(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-07-01", "Telephone numbers no longer collected.", removed="[s1-c]"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].split("\nc.")[0].rstrip() + "\n",
            "en/01-collection.md": EN_1_0["01-collection.md"].split("\nc.")[0].rstrip() + "\n",
        }
    )
    repo.commit("1.1", "2026-05-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "index.html")
    clause = page.select_one("#s1-c")  # still in force, marked as going away
    assert text(clause.p) == "c. Vi samlar in telefonnummer."
    note = clause.select_one(".policy-upcoming-change")
    assert note.get_text() == "Tas bort 1 juli 2026 med version 1.1: se ändringen."
    assert note.a["href"] == "versions/1.1/changes/#s1-c"
    assert "Version 1.1 träder i kraft 1 juli 2026" in text(page.select_one(".policy-banner--upcoming"))
    assert "träder i kraft 1 juli 2026" in text(
        html(result.site, "versions/1.1/index.html").select_one(".policy-version-notice--upcoming")
    )
    # On the effective date, a rebuild makes it current without an edit.
    later = build_repo(repo, "--strict", epoch="1782864000")  # 2026-07-01 00:00 UTC, after 00:00 Stockholm
    assert "togs bort i version 1.1" in text(html(later.site, "index.html").select_one("#s1-c"))


@pytest.mark.build
def test_uncommitted_edits_show_as_an_unpublished_preview(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-07-01"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace("namn", "namn och ålder"),
        }
    )
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "index.html")
    assert "Förhandsvisning: opublicerade ändringar" in text(page.select_one(".policy-banner"))
    assert str(page.select_one("#s1-a .policy-redline")) == (
        '<p class="policy-redline">Vi samlar in namn<ins> och ålder</ins>.</p>'
    )
    rows = [text(tr.td) for tr in html(result.site, "versions/index.html").select("tbody tr")]
    assert rows == ["1.0"]  # the preview is not a published version


@pytest.mark.build
def test_an_anchor_that_would_die_stops_the_build(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].split("\nc.")[0].rstrip() + "\n",
            "en/01-collection.md": EN_1_0["01-collection.md"].split("\nc.")[0].rstrip() + "\n",
        }
    )
    result = build_repo(repo)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert (
        "ERROR   -  policy/policy.yml:8: the anchor s1-c (last in version 1.0) is no longer in the text; "
        "a published anchor must keep working (add it to policy/policy.yml: removed: [s1-c], or, if the "
        "clause moved, moved: {s1-c: <its new anchor>})"
    ) in result.output
    assert not result.site.exists()


@pytest.mark.build
def test_a_shallow_clone_is_refused_with_the_fix(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{repo.path}", str(clone)], check=True)
    result = mkdocs_build(clone)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert "shallow clone" in result.output and "fetch-depth: 0" in result.output


@pytest.mark.build
def test_without_git_the_current_text_is_built_and_strict_fails(tmp_path):
    repo = base_repo(tmp_path)
    plain = tmp_path / "plain"
    shutil.copytree(repo.path, plain, ignore=shutil.ignore_patterns(".git"))
    result = mkdocs_build(plain)
    assert result.returncode == 0, result.output
    assert "WARNING -  policy/: the version history is unavailable" in result.output
    assert "Versionshistoriken är inte tillgänglig" in text(
        html(result.site, "index.html").select_one(".policy-banner")
    )
    assert mkdocs_build(plain, "--strict", site=tmp_path / "strict").returncode == 1


def test_a_folder_of_a_bare_repository_has_no_history_and_says_so(tmp_path):
    """A bare repository has no working tree, so no site: it is read as no repository is,
    not as a TypeError on the missing tree."""
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    history = read_history(bare, ["sv"])
    assert not history.available and history.reason == f"{bare} is not in a git repository"


@pytest.mark.build
def test_a_language_that_appears_later_in_history(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    swedish_only = meta("1.0", "2026-01-15").replace(', en: "En: Version 1.0."', "")
    repo.write_policy({"policy.yml": swedish_only, **files("sv", SV_1_0)})
    repo.write("docs/sv/om.md", "# Om texten\n\nBara på svenska.\n")
    repo.commit("Swedish only", "2026-01-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15"), **files("en", EN_1_0)})
    repo.commit("English added", "2026-02-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    old = html(result.site, "en/versions/1.0/index.html")
    assert "does not exist in English; the text is shown in Swedish" in text(old.select_one(".policy-notice"))
    assert text(old.select_one("#s1-a")) == "a. Vi samlar in namn."
    # Swedish on an English page says so, for screen readers; and it is not "a translation".
    assert {unit.get("lang") for unit in old.select(".policy-section, .policy-preamble")} == {"sv"}
    assert old.select_one(".policy-translation") is None
    assert (
        html(result.site, "en/om/index.html").select_one("article div[lang=sv]") is not None
    )  # a hand-written page i18n falls back to
    summary = html(result.site, "en/changes/index.html").select_one('span[lang="sv"]')
    assert summary is not None and text(summary) == "Sv: Version 1.0."
    assert 'xml:lang="sv">Sv: Version 1.0.</summary>' in (result.site / "en/feed.xml").read_text(encoding="utf-8")
    # The version that brought the translation says so, in the changelog and on its redline.
    assert "Ny översättning: engelska" in text(html(result.site, "versions/1.1/changes/index.html").article)
    assert "New translation: English" in text(html(result.site, "en/changes/index.html").article)
    current = html(result.site, "en/index.html")
    assert text(current.select_one("#s1-a")) == "a. We collect names."
    assert all(unit.get("lang") is None for unit in current.select(".policy-section, .policy-preamble"))


@pytest.mark.build
def test_a_clause_moved_and_later_removed_lands_on_the_removal_note(tmp_path):
    repo = base_repo(tmp_path)
    sv1 = SV_1_0["01-insamling.md"].split("\nc.")[0].rstrip() + "\n"
    en1 = EN_1_0["01-collection.md"].split("\nc.")[0].rstrip() + "\n"
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15", moved="{s1-c: s2-c}"),
            "sv/01-insamling.md": sv1,
            "en/01-collection.md": en1,
            "sv/02-anvandning.md": SV_1_0["02-anvandning.md"] + "\nc. Vi samlar in telefonnummer.\n",
            "en/02-use.md": EN_1_0["02-use.md"] + "\nc. We collect telephone numbers.\n",
        }
    )
    repo.commit("1.1 moves 1 c to 2 c", "2026-02-01T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.2", "2026-03-15", moved="{s1-c: s2-c}", removed="[s2-c]"),
            "sv/02-anvandning.md": SV_1_0["02-anvandning.md"],
            "en/02-use.md": EN_1_0["02-use.md"],
        }
    )
    repo.commit("1.2 removes 2 c", "2026-03-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "index.html")
    note = page.select_one("#s2-c")
    assert note.get_text() == "2 c togs bort i version 1.2. Senaste lydelse: version 1.1."
    assert page.select_one("#s1-c").parent is note
    moved = [text(li) for li in html(result.site, "changes/index.html").select("article ul li")]
    assert moved == ["Borttagna: 2 c", "Flyttade: 1 c → 2 c"]


@pytest.mark.build
def test_commits_without_a_valid_label_are_skipped_and_reported(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write_policy({**files("sv", SV_1_0), **files("en", EN_1_0)})
    first = repo.commit("Text before policy.yml", "2026-01-05T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15")})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15").replace('"1.0"', '"../1.1"')})
    bad = repo.commit("A label the checks refuse", "2026-01-20T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    rows = [text(tr.td) for tr in html(result.site, "versions/index.html").select("tbody tr")]
    assert rows == ["1.1", "1.0"]
    assert (
        f"commits without a readable version label in policy.yml were skipped: {first[:7]}, {bad[:7]}" in result.output
    )
    assert sorted(p.name for p in (result.site / "versions").iterdir() if p.is_dir()) == ["1.0", "1.1"]


def test_this_project_has_versions_1_0_and_1_1(built_site):
    site = built_site.site
    rows = [text(tr.td) for tr in html(site, "versions/index.html").select("tbody tr")]
    assert rows[-2:] == ["1.1", "1.0"]
    redline = html(site, "versions/1.1/changes/index.html").select_one("#s0 .policy-redline")
    assert "Okrabattkod.<del> Com</del><ins>com</ins>" in str(redline)
    assert "Okrabattkod.<del> Com</del><ins>com</ins>" in str(
        html(site, "en/versions/1.1/changes/index.html").select_one("#s0 .policy-redline")
    )
    changelog = [h["id"] for h in html(site, "changes/index.html").select("article h2")]
    assert changelog[-2:] == ["v1.1", "v1.0"]


@pytest.mark.build
def test_a_version_replaced_before_it_took_effect_never_applied(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy(
        {"policy.yml": meta("1.1", "2026-09-01"), "sv/00-inledning.md": "# Integritetspolicy\n\nInledning 1.1.\n"}
    )
    repo.commit("1.1, effective in September", "2026-02-01T10:00:00Z")
    repo.write_policy(
        {"policy.yml": meta("1.2", "2026-04-15"), "sv/00-inledning.md": "# Integritetspolicy\n\nInledning 1.2.\n"}
    )
    repo.commit("1.2, effective in April", "2026-03-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    rows = [
        [text(td) for td in tr.select("td")][:4] for tr in html(result.site, "versions/index.html").select("tbody tr")
    ]
    assert [r[3] for r in rows] == ["gällande", "ersatt innan den trädde i kraft", "tidigare"]
    assert "ersattes av version 1.2 innan den trädde i kraft" in text(
        html(result.site, "versions/1.1/index.html").select_one(".policy-version-notice")
    )
    assert "tills version 1.2 trädde i kraft 15 april 2026" in text(
        html(result.site, "versions/1.0/index.html").select_one(".policy-version-notice")
    )
    assert html(result.site, "index.html").select_one(".policy-banner--upcoming") is None


@pytest.mark.build
def test_a_declared_label_that_looks_like_a_revert_label_does_not_overwrite_one(tmp_path):
    repo = base_repo(tmp_path)
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    repo.git("revert", "--no-edit", "HEAD", date="2026-02-03T10:00:00Z")  # 1.0 again: 1.0-r2
    repo.write_policy(
        {"policy.yml": meta("1.0-r2", "2026-03-15"), "sv/00-inledning.md": "# Integritetspolicy\n\nNy.\n"}
    )
    repo.commit("a label written like the generated one", "2026-03-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    rows = [text(tr.td) for tr in html(result.site, "versions/index.html").select("tbody tr")]
    # The revert's run steps aside to -r3: the label an editor wrote is kept as written.
    assert rows == ["1.0-r2", "1.0-r3", "1.1", "1.0"]
