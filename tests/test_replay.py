"""`policy import --history`: a single-file policy's git history replayed as the site's versions.

Real source repositories with pinned dates (a renumbering insertion, a removal, a rename, a
translation that lags), imported by the real command into real site repositories, then built
by a real `mkdocs build --strict`: one archive per imported version, and every anchor that any
imported version published still resolves on the current page.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from building import mkdocs_build
from click.testing import CliRunner
from gitrepo import GitRepo
from replay_sources import EPOCH, history, log, make_site, make_source, published_anchors, run, state

from policykit.cli import main
from policykit.importing import matching, replay
from policykit.project.load import load_project

# The whole history, into a new site ------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The source imported into a new site (by the command), and the site built."""
    tmp = tmp_path_factory.mktemp("replay")
    source, shas = make_source(tmp / "source")
    site = make_site(tmp / "site")
    result = run(
        "--history",
        f"{source.path}:en/notice.md",
        "--language",
        "en",
        "--translation",
        "de=de/datenschutz.md",
        "--into",
        str(site.path),
    )
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    return source, shas, site, result, build


@pytest.mark.build
def test_one_commit_per_source_commit_with_the_source_dates(imported):
    source, shas, site, result, _ = imported
    assert result.exit_code == 0, result.output
    commits = log(site)[1:]  # after the scaffold
    entries = [e for e in history() if e[1] != "README"]  # a commit that changed neither file is none
    assert len(commits) == len(entries) == 8
    source_shas = [sha for sha, entry in zip(shas, history()) if entry[1] != "README"]
    for commit, (date, subject, _, _), sha in zip(commits, entries, source_shas):
        assert commit["author_date"] == commit["committer_date"] == date  # the zone kept too
        assert commit["message"] == f"{subject}\n\nSource-commit: {sha}"
        assert commit["author"] == commit["committer"] == "Imported <import@invalid>"
    assert site.git("status", "--porcelain") == ""


@pytest.mark.build
def test_policy_yml_per_commit(imported):
    _, _, site, _, _ = imported
    metas = [c["meta"] for c in log(site)[1:]]
    assert [m["version"] for m in metas] == ["1", "1", "2", "3", "4", "4", "5", "6"]
    assert all(isinstance(m["version"], str) for m in metas)
    assert [str(m["effective"]) for m in metas] == [
        "2014-03-01",
        "2014-03-01",
        "2015-01-15",  # the dates the texts state
        "2016-02-01",
        "2016-05-01",
        "2016-05-01",  # the text still says 2015-01-15: the commits' dates
        "2017-01-01",
        "2018-01-01",
    ]
    assert all(m["authoritative"] == "en" for m in metas)
    assert metas[0]["title"] == {"en": "Privacy Notice"}  # de has no text yet
    assert metas[-1]["title"] == {"en": "Privacy Notice", "de": "Datenschutzhinweis"}
    assert metas[0]["summary"] == {"en": "First privacy notice"}
    assert metas[1]["summary"] == {"en": "First privacy notice", "de": "First privacy notice"}
    assert metas[2]["summary"]["en"] == (
        "Postal addresses. Renumbered: 1 b now holds a new text; 1 c now holds what was 1 b."
    )
    assert metas[3]["summary"]["en"] == "Move the notice to en/ and say rent"
    # Version 5 removes 2 a: its clause b is now a; version 6 inserts section 2, and the clause
    # that was 2 b, then 2 a, is 3 a: the declaration follows it.
    assert [m["moved"] for m in metas] == [{}] * 6 + [{"s2-b": "s2-a"}, {"s2-b": "s3-a"}]
    assert all(m["removed"] == [] for m in metas)
    # The old pages' fragments (headings' slugs) of every version follow their sections.
    assert {k: metas[-1]["aliases"][k] for k in ("2-sharing", "3-contact", "2-cookies", "4-contact")} == {
        "2-sharing": "s3",
        "3-contact": "s4",
        "2-cookies": "s2",
        "4-contact": "s4",
    }
    assert (
        "Renumbered: section 2 now holds a new text; 2 a now holds a new text; section 3 now holds what was section 2."
        in metas[-1]["summary"]["de"]
    )


@pytest.mark.build
def test_the_rename_is_followed(imported):
    _, shas, site, result, _ = imported
    first = log(site)[1]["sha"]
    assert "Your name" in site.git("show", f"{first}:policy/en/01-what-we-collect.md")
    assert re.search(rf"version 3 .* from {shas[3][:7]}", result.output)
    assert f"en/notice.md@{shas[3][:7]}" in result.output or f"privacy.md@{shas[0][:7]}" in result.output


@pytest.mark.build
def test_the_report(imported):
    _, shas, _, result, _ = imported
    lines = result.output.splitlines()
    assert sum(line.startswith("version ") for line in lines) == 6
    assert sum(line.startswith("translation ") for line in lines) == 2
    assert any(line.startswith(f"privacy.md@{shas[0][:7]}:") for line in lines)  # the splitter's guesses
    assert f"privacy.md@{shas[2][:7]}: version 2 renumbered: s1-c now holds what was s1-b" in lines
    assert f"en/notice.md@{shas[7][:7]}: version 5: moved: {{s2-b: s2-a}}" in lines
    assert any(
        line.startswith(f"de/datenschutz.md@{shas[8][:7]}:") and "s2-a" in line and "untranslated" in line
        for line in lines
    ), result.output  # the de text lacks the cookie clause
    # The reference "section 3" stayed in the text; section 3 is now what section 2 was.
    assert any(
        re.match(r"policy/en/03-sharing\.md:\d+: 'section 3' points at s3, which now holds what was s2", line)
        for line in lines
    ), result.output


@pytest.mark.build
def test_the_site_builds_with_an_archive_per_version_and_no_dead_anchor(imported):
    _, _, site, _, build = imported
    assert build.returncode == 0, build.output
    assert sorted(p.name for p in (build.site / "versions").iterdir() if p.is_dir() and p.name != "changes") == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]
    ids, project = published_anchors(site.path)
    assert {"s1-d", "s2-b", "s4"} <= ids
    meta = project.working.meta
    for lang, page in (("en", "index.html"), ("de", "de/index.html")):
        html = (build.site / page).read_text(encoding="utf-8")
        live = set(re.findall(r'id="(s[0-9][0-9a-z-]*)"', html))
        dead = {i for i in ids if i not in live and i not in meta.moved and i not in meta.removed}
        assert not dead, (lang, dead)
        assert 'id="s2-b"' in html  # the moved anchor is an element where its clause is
    assert site.git("show", "HEAD:policy/de/02-cookies.md").startswith("---\nuntranslated: [s2-a]\n---\n")


@pytest.mark.build
def test_a_lagging_translation_shows_as_lagging(imported, tmp_path):
    """At version 3, the de text is version 2's (the source updated it after version 4): the
    site, as it stood then, says so. At the end, only the preamble lags (de has no date line)."""
    from policykit.record.versions import outdated_units

    _, _, site, _, _ = imported
    version3 = next(c["sha"] for c in log(site) if c["meta"] and c["meta"]["version"] == "3")
    then = tmp_path / "then"
    subprocess.run(["git", "clone", "--quiet", str(site.path), str(then)], check=True)
    subprocess.run(["git", "checkout", "--quiet", version3], cwd=then, check=True)
    record = load_project(then).record
    assert record.current.label == "3"
    assert outdated_units(record, record.current, "de") == ["s0", "s2-a"]  # en changed 2 a in 3
    record = load_project(site.path).record
    assert outdated_units(record, record.current, "de") == ["s0"]


# Tags, authors, and a site that is not new -------------------------------------------------------


@pytest.mark.build
def test_by_tag_keeps_authors_and_the_text_at_each_tag(tmp_path):
    source, shas = make_source(tmp_path / "source", tags={0: "v1.0", 2: "release/2", 6: "readme-only", 8: "v3"})
    site = make_site(tmp_path / "site")
    result = run(
        "--history",
        f"{source.path}:en/notice.md",
        "--language",
        "en",
        "--translation",
        "de=de/datenschutz.md",
        "--by",
        "tag",
        "--keep-authors",
        "--into",
        str(site.path),
    )
    assert result.exit_code == 0, result.output
    commits = log(site)[1:]
    assert [c["meta"]["version"] for c in commits] == ["v1.0", "release-2", "v3"]  # readme-only changed no file
    assert [c["author_date"] for c in commits] == [history()[n][0] for n in (0, 2, 8)]
    assert all(c["author"] == "Ann Author <ann@example.org>" for c in commits)
    assert commits[1]["message"] == f"Postal addresses\n\nSource-commit: {shas[2]}\nSource-tag: release/2"
    assert "de" not in commits[0]["meta"]["title"]  # the translation came after the tag
    assert commits[2]["meta"]["moved"] == {"s2-b": "s3-a"}  # 2 a removed and section 2 inserted at once
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    assert sorted(p.name for p in (build.site / "versions").iterdir() if p.is_dir() and p.name != "changes") == [
        "release-2",
        "v1.0",
        "v3",
    ]


@pytest.mark.build
def test_a_site_with_a_policy_is_refused_without_force(tmp_path):
    source, _ = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site", langs=("en",))
    site.write(
        "policy/policy.yml",
        'version: "1.0"\neffective: 2020-01-01\nauthoritative: en\ntitle: {en: Old}\nsummary: {en: Old.}\n',
    )
    site.write("policy/en/01-scope.md", "# 1. Scope\n\na. Old clause one.\n\nb. Old clause two.\n")
    site.commit("The old policy", "2020-01-01T00:00:00+00:00")
    before = state(site)
    result = run("--history", f"{source.path}:en/notice.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 1 and "already has 1 commit(s) that change policy/" in result.output
    assert "--force" in result.output and "Traceback" not in result.output
    assert state(site) == before
    result = run("--history", f"{source.path}:en/notice.md", "--language", "en", "--into", str(site.path), "--force")
    assert result.exit_code == 0, result.output
    metas = [c["meta"] for c in log(site)]
    assert [m["version"] for m in metas[2:]] == ["1", "2", "3", "4", "5", "6"]
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output  # the old policy's anchors are declared
    assert (build.site / "versions" / "1.0").is_dir()


def test_init_samples_are_replaced_and_stay_off_the_record(tmp_path):
    """A site whose only policy commit is `policy init`'s sample: the import needs no --force,
    and the sample is no version (it stays on the second parent of a merge)."""
    source, _ = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site", langs=("en",))
    site.write(
        "policy/policy.yml",
        'version: "1.0"\neffective: 2026-01-01\nauthoritative: en\ntitle: {en: Sample}\nsummary: {en: Sample.}\n',
    )
    site.write("policy/en/01-scope.md", "---\nsample: true\n---\n# 1. Scope\n\na. A sample clause.\n")
    sample = site.commit("policy init", "2026-01-02T00:00:00+00:00")
    result = run("--history", f"{source.path}:en/notice.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert not (site.path / "policy/en/01-scope.md").exists()
    assert site.git("rev-parse", "HEAD^2") == sample
    assert site.git("status", "--porcelain") == ""
    record = load_project(site.path).record
    assert [v.label for v in record.versions] == ["1", "2", "3", "4", "5", "6"]


def test_uncommitted_samples_in_a_new_repository_are_replaced(tmp_path):
    source, _ = make_source(tmp_path / "source")
    site = GitRepo(tmp_path / "site", scaffold=False)
    site.write("policy/en/01-scope.md", "---\nsample: true\n---\n# 1. Scope\n\na. A sample clause.\n")
    result = run("--history", f"{source.path}:en/notice.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert len(log(site)) == 6 and not (site.path / "policy/en/01-scope.md").exists()
    assert (site.path / "policy/en/04-contact.md").is_file()


# Failures: a clear message, exit 1, nothing written ------------------------------------------------


@pytest.fixture
def pair(tmp_path):
    source, _ = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site")
    return source, site


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["--history", "{source}:nothing.md", "--language", "en", "--translation", "de=de/datenschutz.md"],
            "nothing.md: the file never existed in the first-parent history of HEAD",
        ),
        (
            ["--history", "{source}:en/notice.md", "--language", "en", "--translation", "de=de/nowhere.md"],
            "de/nowhere.md (--translation de): the file never existed",
        ),
        (
            ["--history", "{tmp}:en/notice.md", "--language", "en", "--translation", "de=de/datenschutz.md"],
            "not a git repository",
        ),
        (
            ["--history", "{source}:en/notice.md", "--language", "en"],
            "the site has the language(s) de, but the import has no text for them",
        ),
        (["--history", "{source}", "--language", "en"], "is not REPO:PATH"),
        (["{source}/en/notice.md", "--history", "{source}:en/notice.md", "--language", "en"], "not both"),
        (["--language", "en"], "give either FILE"),
        (["--history", "{source}:en/notice.md", "--language", "en", "--translation", "de"], "is not LANG=PATH"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(pair, tmp_path, args, words):
    source, site = pair
    (tmp_path / "plain").mkdir()
    before = state(site)
    args = [a.format(source=source.path, tmp=tmp_path / "plain") for a in args]
    result = run(*args, "--into", str(site.path))
    assert result.exit_code != 0 and words in result.output, result.output
    assert "Traceback" not in result.output
    assert state(site) == before


def test_a_shallow_source_names_the_fix(pair, tmp_path):
    source, site = pair
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{source.path}", str(shallow)], check=True)
    before = state(site)
    result = run(
        "--history",
        f"{shallow}:en/notice.md",
        "--language",
        "en",
        "--translation",
        "de=de/datenschutz.md",
        "--into",
        str(site.path),
    )
    assert result.exit_code == 1 and "shallow clone" in result.output and "git fetch --unshallow" in result.output
    assert state(site) == before


def test_a_site_that_is_no_repository_or_has_uncommitted_policy_changes(pair, tmp_path):
    source, site = pair
    (tmp_path / "nogit").mkdir()
    args = ["--history", f"{source.path}:en/notice.md", "--language", "en", "--translation", "de=de/datenschutz.md"]
    result = run(*args, "--into", str(tmp_path / "nogit"))
    assert result.exit_code == 1 and "not a git repository" in result.output and "git init" in result.output
    site.write("policy/en/01-draft.md", "# 1. Draft\n")
    result = run(*args, "--into", str(site.path))
    assert result.exit_code == 1 and "policy/ has uncommitted changes (policy/en/01-draft.md)" in result.output
    assert site.git("log", "--format=%s") == "Site scaffold"


# The parts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date",
    [
        ("Last updated: March 1, 2024\n", "2024-03-01"),
        ("**Effective date:** 1 March 2024\n", "2024-03-01"),
        ("_Effective: 2024-03-01_\n", "2024-03-01"),
        ("Gültig ab 1. März 2024\n", "2024-03-01"),
        ("Last updated: Sept. 9th, 2019\n", "2019-09-09"),
        ("We updated nothing on 2024-03-01.\n", None),
        ("Last updated: soon\n", None),
    ],
)
def test_dates_in_the_text(text, date):
    found = replay.date_in_text(text)
    assert (found.isoformat() if found else None) == date


def test_tag_names_become_labels():
    taken: set[str] = set()
    assert [replay.tag_label(t, taken) or taken.add(t) for t in ["v1.0", "release/2", "-x", "ü"]] == [
        "v1.0",
        "release-2",
        "x",
        "v",
    ]
    assert replay.tag_label("v1.0", {"v1.0"}) == "v1.0-2"


def text(*clauses: str):
    """Section 1 with these clauses (a., b., …), as the site reads it."""
    body = "".join(f"{chr(97 + n)}. {clause}\n\n" for n, clause in enumerate(clauses))
    return replay.parse_files({"en/01-one.md": f"# 1. One\n\n{body}".encode()}, "en")


CLAUSES = [
    "We collect your name when you register.",
    "We keep your e-mail address for newsletters.",
    "We log the address of your computer.",
    "We set a cookie for your language.",
]


def test_a_moved_anchor_that_is_live_again_is_dropped():
    anchors = matching.Anchors()
    anchors.step(None, text(*CLAUSES[:3]))
    second = anchors.step(text(*CLAUSES[:3]), text(*CLAUSES[1:3]))  # 1 a removed: b and c move up
    assert second.moved == {"s1-c": "s1-b"} and second.reused == {"s1-a": "s1-b", "s1-b": "s1-c"}
    assert second.removed == []  # the clause that was a is gone, but s1-a is live (another clause)
    third = anchors.step(text(*CLAUSES[1:3]), text(*CLAUSES[1:4]))  # a clause c again
    assert third.moved == {} and third.changed == [
        "moved: s1-c -> s1-b dropped: s1-c is an anchor of the text again (a moved anchor may not be live)"
    ]
    assert third.reused == {"s1-c": None}


def test_a_removed_anchor_that_is_live_again_is_dropped_and_a_chain_follows_its_clause():
    anchors = matching.Anchors()
    anchors.step(None, text(*CLAUSES[:2]))
    assert anchors.step(text(*CLAUSES[:2]), text(CLAUSES[0])).removed == ["s1-b"]
    again = anchors.step(text(CLAUSES[0]), text(CLAUSES[0], CLAUSES[3]))
    assert again.removed == [] and again.changed == ["removed: s1-b dropped: s1-b is an anchor of the text again"]


def test_matching_prefers_the_most_alike_and_keeps_kinds_apart():
    old, new = text(*CLAUSES[:3]), text(CLAUSES[0], "We sell nothing.", *CLAUSES[1:3])
    assert matching.match(old, new) == {"s1": "s1", "s1-a": "s1-a", "s1-b": "s1-c", "s1-c": "s1-d"}


def test_a_url_is_cloned(tmp_path):
    source, _ = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"file://{source.path}:en/notice.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert len(log(site)) == 7


@pytest.mark.build
def test_a_decimal_policy_keeps_its_scheme_and_its_moves(tmp_path):
    """Clauses numbered 1.1, 1.2: an inserted 1.2 pushes the old one to 1.3, the scheme of the
    first version is kept, and "see 1.2" in a text that kept it is named."""
    source = GitRepo(tmp_path / "source", scaffold=False)
    use, family = "You may use the service for yourself.", "You may share it with your family."
    resale, end = "You may not resell it to anyone.", "We may end your account (see 1.2)."
    payment = "## 2. Payment\n\n2.1 You pay each month in advance.\n\n2.2 Refunds are given within 14 days.\n"
    for date, subject, clauses in (
        ("2020-01-01T00:00:00+00:00", "Terms", [use, resale, end]),
        ("2021-01-01T00:00:00+00:00", "Family", [use, family, resale, end]),
        ("2022-01-01T00:00:00+00:00", "Family no more", [resale, end]),
    ):
        body = "".join(f"1.{n} {clause}\n\n" for n, clause in enumerate(clauses, 1))
        source.write("terms.md", f"# Terms\n\n## 1. Use\n\n{body}{payment}")
        source.commit(subject, date)
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    metas = [c["meta"] for c in log(site)[1:]]
    assert all(m["numbering"] == {"section": "1.", "clause": "1.1", "subclause": "(1)"} for m in metas)
    assert metas[1]["summary"]["en"] == "Family. Renumbered: 1.2 now holds a new text; 1.3 now holds what was 1.2."
    # 1.1 and 1.2 go: what was 1.3 (no resale) is 1.1, what was 1.4 is 1.2.
    assert metas[2]["moved"] == {"s1-3": "s1-1", "s1-4": "s1-2"}
    assert re.search(r"policy/en/01-use\.md:\d+: 'see 1\.2' points at s1-2, which now holds a new text", result.output)
    assert "'see 1.2' points at s1-2, which now holds what was s1-4" in result.output
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{i}"' in html for i in ("s1-1", "s1-2", "s1-3", "s1-4"))


@pytest.mark.build
@pytest.mark.parametrize("committed", [False, True])
def test_into_a_site_policy_init_made(tmp_path, committed):
    """`policy init`'s site, as it leaves it (nothing committed) or after its first commit: the
    samples make way without --force, and the built site has the imported versions only."""
    source, _ = make_source(tmp_path / "source")
    site_path = tmp_path / "site"
    made = CliRunner().invoke(
        main,
        [
            "init",
            str(site_path),
            "--languages",
            "en,de",
            "--authoritative",
            "en",
            "--title",
            "en=Privacy Notice",
            "--title",
            "de=Datenschutzhinweis",
            "--site-url",
            "https://example.org/privacy/",
        ],
    )
    assert made.exit_code == 0, made.output
    site = GitRepo(site_path, scaffold=False)
    if committed:
        site.commit("Privacy Notice 1.0", "2026-01-02T00:00:00+00:00")
    result = run(
        "--history",
        f"{source.path}:en/notice.md",
        "--language",
        "en",
        "--translation",
        "de=de/datenschutz.md",
        "--into",
        str(site_path),
    )
    assert result.exit_code == 0, result.output
    assert site.git("status", "--porcelain", "--", "policy") == ""
    if not committed:
        site.commit("The site's files", "2026-01-02T00:00:00+00:00")
    build = mkdocs_build(site_path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    assert sorted(p.name for p in (build.site / "versions").iterdir() if p.is_dir() and p.name != "changes") == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]


# A site with commits of its own, and policy init's sample not committed ---------------------------


def init_into(site: GitRepo) -> None:
    """`policy init . --force` into a repository that has files (README's case)."""
    made = CliRunner().invoke(
        main, ["init", str(site.path), "--force", "--languages", "en", "--title", "T", "--site-url", "https://e.org/"]
    )
    assert made.exit_code == 0, made.output


@pytest.mark.parametrize("setup", ["licence", "empty", "staged"])
def test_uncommitted_init_samples_on_a_site_with_commits_are_replaced(tmp_path, setup):
    """A site with a commit (a licence; an empty one; README and mkdocs.yml, the sample staged)
    and `policy init`'s sample not committed: the sample makes way, the rest stays as it was."""
    source, _ = make_source(tmp_path / "source")
    site = GitRepo(tmp_path / "site", scaffold=False)
    if setup == "licence":
        site.write("LICENSE", "MIT\n")
        site.commit("licence", "2026-01-01T00:00:00+00:00")
        init_into(site)
    elif setup == "empty":
        site.commit("start", "2026-01-01T00:00:00+00:00")
        init_into(site)
    else:
        init_into(site)
        site.git("add", "README.md", "mkdocs.yml")
        site.git("commit", "-q", "-m", "site", date="2026-01-01T00:00:00+00:00")
        site.git("add", "policy")
    before = site.git("status", "--porcelain", "--untracked-files=all", "--", ":!policy", ":!README.md")
    result = CliRunner().invoke(
        main, ["import", "--history", f"{source.path}:en/notice.md", "--language", "en", "--into", str(site.path)]
    )
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert site.git("status", "--porcelain", "--untracked-files=all", "--", "policy") == ""
    assert site.git("status", "--porcelain", "--untracked-files=all", "--", ":!policy", ":!README.md") == before
    assert "(a sample)" not in (site.path / "README.md").read_text(encoding="utf-8")  # describes the import
    from policykit.commands.init import section_path

    assert not (site.path / section_path("en")).exists()
    assert sorted(p.name for p in (site.path / "policy/en").iterdir()) == sorted(
        site.git("ls-tree", "--name-only", "HEAD", "policy/en/").replace("policy/en/", "").split()
    )
    assert len(site.git("log", "--format=%H", "--", "policy").split()) == 6


def test_a_git_failure_after_the_commits_leaves_the_site_as_it_was(tmp_path):
    """A git that cannot write the index (another git holds .git/index.lock): the branch goes
    back, the sample stays, and the message says what to do; no traceback."""
    source, _ = make_source(tmp_path / "source")
    site = GitRepo(tmp_path / "site", scaffold=False)
    site.write("LICENSE", "MIT\n")
    site.commit("licence", "2026-01-01T00:00:00+00:00")
    init_into(site)
    before = state(site), {p: p.read_bytes() for p in (site.path / "policy").rglob("*") if p.is_file()}
    (site.path / ".git/index.lock").write_text("")
    result = CliRunner().invoke(
        main, ["import", "--history", f"{source.path}:en/notice.md", "--language", "en", "--into", str(site.path)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "index.lock" in result.output and "the site is as it was" in result.output
    (site.path / ".git/index.lock").unlink()
    assert (state(site), {p: p.read_bytes() for p in (site.path / "policy").rglob("*") if p.is_file()}) == before


# A translation that lags a renumbering -------------------------------------------------------------


def errors_per_commit(site: GitRepo, languages: list[str]) -> dict[str, list[str]]:
    """Each site commit's policy, as lint reads it: its errors (none is the aim)."""
    from policykit.text.source import check_policy, read_tree

    found = {}
    for sha in site.git("rev-list", "--first-parent", "HEAD", "--", "policy").split():
        with __import__("tempfile").TemporaryDirectory() as folder:
            archive = subprocess.run(
                ["git", "archive", sha, "policy"], cwd=site.path, capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
            policy = check_policy(read_tree(Path(folder) / "policy"), languages)
            found[sha] = [str(p) for p in policy.problems.errors]
    return found


LAG_EN = (
    "# Terms\n\n## 1. Use\n\na. You may use the service for yourself.\n\n"
    "b. You may share it with your family at home.\n\nc. You may not resell it to anyone at all.\n\n"
    "## 2. End\n\na. We may end your account when you break these terms.\n"
)
LAG_DE = (
    "# Bedingungen\n\n## 1. Nutzung\n\na. Sie dürfen den Dienst selbst nutzen.\n\n"
    "b. Sie dürfen ihn mit Ihrer Familie teilen.\n\nc. Sie dürfen ihn nicht weiterverkaufen.\n\n"
    "## 2. Ende\n\na. Wir dürfen Ihr Konto beenden, wenn Sie diese Bedingungen brechen.\n"
)


@pytest.mark.build
def test_a_translation_that_lags_a_renumbering_is_aligned_and_every_version_lints(tmp_path):
    """en drops 1 b, so its c is b (moved: {s1-c: s1-b}); de still has a, b, c until later. In
    between, de's c is b, its b (whose clause en removed) is left out, said in the report; later
    en inserts 1 c, which de lacks: marked untranslated. Every commit written reads without an error."""
    source = GitRepo(tmp_path / "source", scaffold=False)
    source.write("en.md", LAG_EN)
    source.write("de.md", LAG_DE)
    terms = source.commit("Terms", "2020-01-01T00:00:00+00:00")
    source.write("en.md", LAG_EN.replace("b. You may share it with your family at home.\n\nc.", "b."))
    source.commit("No family", "2021-01-01T00:00:00+00:00")
    source.write(
        "en.md",
        LAG_EN.replace("b. You may share it with your family at home.\n\nc.", "b.").replace(
            "## 2. End", "c. You may lend it to a friend for a week.\n\n## 2. End"
        ),
    )
    source.commit("Lending", "2022-01-01T00:00:00+00:00")
    site = make_site(tmp_path / "site")
    result = run(
        "--history", f"{source.path}:en.md", "--language", "en", "--translation", "de=de.md", "--into", str(site.path)
    )
    assert result.exit_code == 0, result.output
    assert all(not errors for errors in errors_per_commit(site, ["en", "de"]).values()), errors_per_commit(
        site, ["en", "de"]
    )
    second, third = [c["sha"] for c in log(site)[2:]]
    de2 = site.git("show", f"{second}:policy/de/01-nutzung.md")
    assert "b. Sie dürfen ihn nicht weiterverkaufen." in de2 and "Familie" not in de2
    de3 = site.git("show", f"{third}:policy/de/01-nutzung.md")
    assert de3.startswith("---\nuntranslated: [s1-c]\n---\n") and "b. Sie dürfen ihn nicht weiterverkaufen." in de3
    lines = result.output.splitlines()
    assert (
        f"de.md@{terms[:7]}:7: s1-b is left out of the de text from version 2 on: the en text removed its clause"
        " (translate the en text's, or it stays untranslated)" in lines
    ), result.output
    assert (
        f"de.md@{terms[:7]}:9: the de text's 1 c is 1 b from version 2 on (s1-c -> s1-b: the en text renumbered it);"
        " relabelled until the de text is updated" in lines
    )
    assert result.output.count(":7: s1-b is left out") == 1  # said once, not per version it lasts
    assert ".md/)" not in result.output
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output


@pytest.mark.build
def test_every_commit_of_the_whole_history_lints(imported):
    _, _, site, _, _ = imported
    found = errors_per_commit(site, ["en", "de"])
    first = log(site)[1]["sha"]  # version 1 came before the source had a de text: it has none
    assert len(found) == 8 and all(not errors for sha, errors in found.items() if sha != first), found


@pytest.mark.parametrize("by", ["commit", "tag"])
def test_a_date_that_goes_back_gives_way_to_the_commits_date(tmp_path, by):
    """The text says February 1, 2024 in a commit of 2024-10-01, after a version effective
    2024-09-01: the commit's date, so that no two versions share a date (one never in force)."""
    source = GitRepo(tmp_path / "source", scaffold=False)
    body = "## 1. Use\n\na. You may use the service.\n\n## 2. End\n\na. We may end your account.\n"
    for n, (date, stated) in enumerate(
        (("2024-09-01T10:00:00+00:00", "September 1, 2024"), ("2024-10-01T10:00:00+00:00", "February 1, 2024"))
    ):
        source.write("terms.md", f"# Terms\n\nLast updated: {stated}\n\n{body}" + "b. Or lend it.\n" * n)
        source.commit(f"Terms {n + 1}", date)
        source.git("tag", f"v{n + 1}")
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:terms.md", "--language", "en", "--by", by, "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert [str(c["meta"]["effective"]) for c in log(site)[1:]] == ["2024-09-01", "2024-10-01"]
    assert (
        "the effective date 2024-02-01 is earlier than the version before's, 2024-09-01; the commit's date, "
        "2024-10-01, is used" in result.output
    )


@pytest.mark.parametrize("args", [["--language", "de"], ["--language", "en", "--translation", "de=de/datenschutz.md"]])
def test_a_language_the_site_does_not_have_is_refused_before_anything_is_written(tmp_path, args):
    """A site of one language (`policy init --languages en`: no i18n plugin, policy/en/)."""
    source, _ = make_source(tmp_path / "source")
    made = CliRunner().invoke(
        main, ["init", str(tmp_path / "site"), "--languages", "en", "--title", "T", "--site-url", "https://e.org/"]
    )
    assert made.exit_code == 0, made.output
    site = GitRepo(tmp_path / "site", scaffold=False)
    files = lambda: {p: p.read_bytes() for p in site.path.rglob("*") if p.is_file() and ".git" not in p.parts}
    before = site.git("status", "--porcelain", "--untracked-files=all"), files()
    path = "de/datenschutz.md" if args[1] == "de" else "en/notice.md"
    result = run("--history", f"{source.path}:{path}", *args, "--into", str(site.path))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "mkdocs.yml" in result.output and ("--language en" in result.output or "i18n" in result.output)
    assert (site.git("status", "--porcelain", "--untracked-files=all"), files()) == before
    assert site.git("rev-list", "--all") == ""


def test_control_characters_in_a_subject_or_a_text_are_left_out_and_said(tmp_path):
    """A subject with a BEL, an ESC and direction controls; a text with a BEL and an ESC: none
    reaches the site's files, each is named with SOURCE@HASH(:LINE)."""
    source = GitRepo(tmp_path / "source", scaffold=False)
    source.write(
        "terms.md",
        "# Terms\n\n## 1. Use\n\na. You may use\x07 the service.\n\n## 2. End\n\na. We may end\x1b[31m your account.\n",
    )
    sha = source.commit("Terms \u202eevil\u202c for \x07all\x1b \u2066you\u2069", "2020-01-01T00:00:00+00:00")
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    meta = log(site)[1]["meta"]
    assert meta["summary"] == {"en": "Terms evil for all you"}
    assert f"terms.md@{sha[:7]}:5: the line holds U+0007 BELL: left out of the imported text" in result.output
    assert f"terms.md@{sha[:7]}:9: the line holds U+001B ESCAPE: left out of the imported text" in result.output
    assert f"terms.md@{sha[:7]}: the commit's subject holds U+202E RIGHT-TO-LEFT OVERRIDE" in result.output
    text = site.git("show", "HEAD:policy/en/01-use.md") + site.git("show", "HEAD:policy/en/02-end.md")
    assert "\x07" not in text and "\x1b" not in text and "We may end[31m your account." in text
    assert all(not errors for errors in errors_per_commit(site, ["en"]).values())


def test_a_clause_inserted_before_a_lagging_translations_clauses_leaves_no_gap(tmp_path):
    """en inserts 1 b (its b and c are c and d now); de, not updated, lacks the new b: its
    b and c are relabelled c and d, the new b is untranslated (the en text stands in; a label
    listed untranslated leaves no gap). Every commit reads without an error."""
    source = GitRepo(tmp_path / "source", scaffold=False)
    source.write("en.md", LAG_EN)
    source.write("de.md", LAG_DE)
    source.commit("Terms", "2020-01-01T00:00:00+00:00")
    source.write(
        "en.md",
        LAG_EN.replace("b. You may share", "b. You may print a copy for your own files.\n\nc. You may share").replace(
            "c. You may not resell", "d. You may not resell"
        ),
    )
    source.commit("Printing", "2021-01-01T00:00:00+00:00")
    site = make_site(tmp_path / "site")
    result = run(
        "--history", f"{source.path}:en.md", "--language", "en", "--translation", "de=de.md", "--into", str(site.path)
    )
    assert result.exit_code == 0, result.output
    found = errors_per_commit(site, ["en", "de"])
    assert len(found) == 2 and all(not errors for errors in found.values()), found
    de = site.git("show", "HEAD:policy/de/01-nutzung.md")
    assert de.startswith("---\nuntranslated: [s1-b]\n---\n") and "Familie" in de
    assert "\nc. " in de and "\nd. " in de
