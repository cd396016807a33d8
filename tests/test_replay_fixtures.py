"""`policy import --history` on the import fixtures, each given a history of its own.

Each fixture of tests/data/import/ becomes a source repository whose commits are the edits a
real policy goes through: the first version lacks a clause, then a clause is reworded, one
is inserted mid-list in the source's own numbering (the labels after it shift), the date line
changes, a section is added and a clause removed. The terms are renamed midway; the lettered
terms switch their headings from `####` to `##`; the privacy policy has a Swedish translation
that lacks a sub-clause and is updated two versions late. Each history is replayed by the real
command into a new site, and the site built by a real `mkdocs build --strict`.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from building import mkdocs_build
from import_texts import words
from replay_sources import EPOCH, log, make_site, make_source, published_anchors, run

from policykit.project.load import load_project
from policykit.record.versions import outdated_units

pytestmark = pytest.mark.build  # every test here builds a site

DATA = Path(__file__).parent / "data" / "import"


def edit(text: str, *changes: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; each old text must occur once (an edit that misses
    would make two versions alike without a word)."""
    for old, new in changes:
        assert text.count(old) == 1, (old, text)
        text = text.replace(old, new)
    return text


def fixture(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@dataclass
class Case:
    """A source history and what its replay must give."""

    spec: str  # the authoritative file as the command names it (at HEAD)
    entries: list  # (date, subject, files, git mv), as test_replay.make_source takes them
    labels: list[str]  # the site commits' version labels
    effective: list[str]
    numbering: dict | None
    translations: dict[str, str] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        return ("en", *self.translations)


# The privacy policy: `## N. Title`, `a.` clauses, a table and a gap; a Swedish translation ----

P1 = edit(
    fixture("privacy.md"),
    ("\n\nb. You may complain to the supervisory authority, `IMY`, if you think we break the law.", ""),
)
P2 = edit(P1, ("c. We never sell your data.", "c. We never sell or rent your data to anyone."))
P3 = edit(
    P2,
    ("c. We never sell", "d. We never sell"),
    (
        "b. We use your order history",
        "b. We e-mail you a receipt for every order you place.\n\nc. We use your order history",
    ),
)
P4 = edit(
    P3,
    (
        "It applies from the day it is published.\n",
        "It applies from the day it is published.\n\nLast updated: 1 March 2022\n",
    ),
)
P5 = edit(P4, ("1 March 2022", "10 January 2023")) + (
    "\n## 5. Changes to this policy\n\na. We tell you by e-mail before a change takes effect.\n\n"
    "b. The versions before this one are kept on this page.\n"
)
P6 = edit(
    P5,
    (
        "a. We use your address to deliver your order and your telephone number to tell you when\n"
        "the delivery van is on its way.\n\nb. We e-mail",
        "a. We e-mail",
    ),
    ("c. We use your order history", "b. We use your order history"),
    ("d. We never sell", "c. We never sell"),
)
S1 = edit(
    fixture("privacy-sv.md"),  # it lacks 3 b (2) from the start
    ("\n\nb. Du kan klaga hos tillsynsmyndigheten, `IMY`, om du tror att vi bryter mot lagen.", ""),
)
S3 = edit(
    S1,
    ("c. Vi säljer aldrig dina uppgifter.", "d. Vi säljer eller hyr aldrig ut dina uppgifter till någon."),
    (
        "b. Vi använder din orderhistorik",
        "b. Vi mejlar dig ett kvitto för varje beställning.\n\nc. Vi använder din orderhistorik",
    ),
)
# S6 translates section 5 too: at version 5 only, sv lacks the whole section (its file then has
# the section's heading and untranslated: [s5]: the English section stands in).
S6 = edit(
    S3,
    (
        "a. Vi använder din adress för att leverera och ditt telefonnummer för att meddela när\n"
        "bilen är på väg.\n\nb. Vi mejlar",
        "a. Vi mejlar",
    ),
    ("c. Vi använder din orderhistorik", "b. Vi använder din orderhistorik"),
    ("d. Vi säljer", "c. Vi säljer"),
) + (
    "\n## 5. Ändringar i policyn\n\na. Vi meddelar dig per e-post innan en ändring börjar gälla.\n\n"
    "b. De tidigare versionerna finns kvar på den här sidan.\n"
)

PRIVACY = Case(
    "legal/privacy.md",
    [
        ("2021-01-10T10:00:00+01:00", "Privacy policy for the web shop", {"legal/privacy.md": P1}, None),
        ("2021-02-01T10:00:00+01:00", "Swedish translation", {"legal/privacy-sv.md": S1}, None),
        ("2021-06-01T09:00:00+02:00", "We do not rent data either", {"legal/privacy.md": P2}, None),
        ("2022-01-15T09:00:00+01:00", "Receipts by e-mail", {"legal/privacy.md": P3}, None),
        ("2022-02-01T09:00:00+01:00", "Uppdaterad översättning", {"legal/privacy-sv.md": S3}, None),
        ("2022-03-01T09:00:00+01:00", "Say when the policy was updated", {"legal/privacy.md": P4}, None),
        ("2023-01-10T09:00:00+01:00", "How we tell you of changes", {"legal/privacy.md": P5}, None),
        (
            "2024-02-01T23:30:00-05:00",
            "A courier delivers now",  # 2024-02-02 in UTC: effective the day it was made
            {"legal/privacy.md": P6, "legal/privacy-sv.md": S6},
            None,
        ),
    ],
    ["1", "1", "2", "3", "3", "4", "5", "6"],
    ["2021-01-10", "2021-01-10", "2021-06-01", "2022-01-15", "2022-01-15", "2022-03-01", "2023-01-10", "2024-02-01"],
    None,
    {"sv": "legal/privacy-sv.md"},
)

# The terms numbered 1. / 1.1 / 1.1.1, renamed midway ----------------------------------------

T1 = edit(fixture("terms.md"), ("\n\n2.3 We may close an account that has not been used for three years.", ""))
T2 = edit(
    T1,
    (
        "3.2 An invoice is due 30 days after its date.",
        "3.2 An invoice is due 20 days after its date; a reminder costs 60 kronor.",
    ),
)
T3 = edit(
    T2,
    ("2.2.2 tell", "2.3.2 tell"),
    ("2.2.1 keep", "2.3.1 keep"),
    ("2.2 You are", "2.2 You may not share your account with anyone outside your household.\n\n2.3 You are"),
)
T4 = edit(T3, ("# Terms of Service\n", "# Terms of Service\n\nEffective: 1 September 2021\n"))
T5 = edit(T4, ("1 September 2021", "1 February 2022")) + (
    "\n## 4. Cancellation\n\n4.1 You may cancel a booking free of charge until 14 days before it starts.\n\n"
    "4.2 After that we refund half of the price.\n"
)
T6 = edit(T5, ("3.1 Prices are shown in Swedish kronor, including VAT.\n\n3.2 An invoice", "3.1 An invoice"))

TERMS = Case(
    "legal/terms-of-service.md",
    [
        ("2019-05-01T12:00:00+02:00", "Terms of service", {"terms.md": T1}, None),
        ("2019-11-20T12:00:00+01:00", "Shorter payment terms", {"terms.md": T2}, None),
        ("2020-06-15T12:00:00+02:00", "No shared accounts", {"terms.md": T3}, None),
        (
            "2021-08-30T12:00:00+02:00",
            "Move the terms to legal/ and date them",
            {"legal/terms-of-service.md": T4},
            ("terms.md", "legal/terms-of-service.md"),
        ),
        ("2022-01-20T12:00:00+01:00", "Cancellation", {"legal/terms-of-service.md": T5}, None),
        ("2023-03-01T12:00:00+01:00", "Prices are in the price list now", {"legal/terms-of-service.md": T6}, None),
    ],
    ["1", "2", "3", "4", "5", "6"],
    ["2019-05-01", "2019-11-20", "2020-06-15", "2021-09-01", "2022-02-01", "2023-03-01"],
    {"section": "1.", "clause": "1.1", "subclause": "1.1.1"},
)

# The terms with lettered sections, whose headings go from `####` to `##` ---------------------


def level4(text: str) -> str:
    return re.sub(r"^## ", "#### ", text, flags=re.MULTILINE)


G1 = edit(fixture("github-style.md"), ("\n\n2. You may not upload malware.", ""))
G2 = edit(
    G1,
    (
        "1. You must be 13 or older to create an account.",
        "1. You must be 16 or older to create an account, or have a parent's consent.",
    ),
)
G3 = edit(
    G2,
    ("Please read these terms carefully.\n", "Please read these terms carefully.\n\nEffective date: March 1, 2021\n"),
)
G4 = edit(
    G3,
    ('3. The "Service"', '4. The "Service"'),
    ('2. "Content" means', '2. A "User" is anyone who visits the Service.\n\n3. "Content" means'),
)
G5 = edit(G4, ("March 1, 2021", "July 1, 2022")) + (
    "\n## E. Changes\n\n1. We announce a change on the Service 30 days before it takes effect.\n\n"
    "2. If you keep using the Service after that, you accept the change.\n"
)
G6 = edit(
    G5,
    ('1. An "Account" is your legal relationship with us.\n\n2. A "User"', '1. A "User"'),
    ('3. "Content" means', '2. "Content" means'),
    ('4. The "Service"', '3. The "Service"'),
    ("\n\n2. One person or legal entity may not keep more than one free account.", ""),
)

LETTERED = Case(
    "TERMS.md",
    [
        ("2020-02-01T08:00:00+00:00", "Terms of Service", {"TERMS.md": level4(G1)}, None),
        ("2020-07-01T08:00:00+00:00", "Raise the minimum age", {"TERMS.md": level4(G2)}, None),
        ("2021-02-20T08:00:00+00:00", "Restyle the headings and date the terms", {"TERMS.md": G3}, None),
        ("2021-09-01T08:00:00+00:00", "Define users", {"TERMS.md": G4}, None),
        ("2022-06-01T08:00:00+00:00", "How the terms change", {"TERMS.md": G5}, None),
        ("2023-01-01T08:00:00+00:00", "Accounts need no definition; more free accounts", {"TERMS.md": G6}, None),
    ],
    ["1", "2", "3", "4", "5", "6"],
    ["2020-02-01", "2020-07-01", "2021-03-01", "2021-09-01", "2022-07-01", "2023-01-01"],
    {"section": "A.", "clause": "1.", "subclause": "(a)"},
)

# The notice with unnumbered headings and kramdown attribute lines ----------------------------

N1 = edit(fixture("notice.md"), ("\n\nIt expires after one year.", ""), ("3 March 2026", "1 June 2024"))
N2 = edit(N1, ("which we delete after 30 days", "which we delete after 14 days"))
N3 = edit(
    N2,
    (
        "- We count visits",
        "- Error reports record the page you asked for and the name of your browser.\n- We count visits",
    ),
)
N4 = edit(N3, ("1 June 2024", "1 April 2025"))
N5 = edit(
    N4,
    (
        "## Contact us\n",
        "## Your rights\n{: #rights }\n\nYou may ask us for a copy of what we hold "
        "about you, and ask us to delete it.\n\n## Contact us\n",
    ),
)
N6 = edit(
    N5,
    ("- We count visits with a self-hosted analytics tool that sets no cookies.\n", ""),
    ("1 April 2025", "3 March 2026"),
)

NOTICE = Case(
    "notice.md",
    [
        ("2024-06-01T12:00:00+02:00", "Websites privacy notice", {"notice.md": N1}, None),
        ("2024-09-01T12:00:00+02:00", "Keep server logs for two weeks", {"notice.md": N2}, None),
        ("2025-01-15T12:00:00+01:00", "Error reports", {"notice.md": N3}, None),
        ("2025-04-01T12:00:00+02:00", "Reviewed", {"notice.md": N4}, None),
        ("2025-10-01T12:00:00+02:00", "Your rights", {"notice.md": N5}, None),
        ("2026-03-03T12:00:00+01:00", "No analytics any more", {"notice.md": N6}, None),
    ],
    ["1", "2", "3", "4", "5", "6"],
    ["2024-06-01", "2024-09-01", "2025-01-15", "2025-04-01", "2025-10-01", "2026-03-03"],
    None,
)

CASES = {"privacy": PRIVACY, "terms": TERMS, "lettered": LETTERED, "notice": NOTICE}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """name -> (case, source shas, site, the command's result, the build), each made once."""
    done = {}

    def get(name: str):
        if name not in done:
            case, tmp = CASES[name], tmp_path_factory.mktemp(name)
            source, shas = make_source(tmp / "source", entries=case.entries)
            site = make_site(tmp / "site", langs=case.languages)
            extra = [a for lang, path in case.translations.items() for a in ("--translation", f"{lang}={path}")]
            result = run(
                "--history", f"{source.path}:{case.spec}", "--language", "en", *extra, "--into", str(site.path)
            )
            assert result.exit_code == 0, result.output
            build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
            done[name] = case, shas, site, result, build
        return done[name]

    return get


def source_texts(case: Case, upto: int) -> dict[str, str]:
    """Each language's text as the source had it after its entry `upto` (renames followed)."""
    files: dict[str, str] = {}
    for _, _, written, move in case.entries[: upto + 1]:
        if move:
            files[move[1]] = files.pop(move[0])
        files.update(written)
    paths = {path: lang for lang, path in case.translations.items()}
    return {paths.get(path, "en"): text for path, text in files.items()}


def site_words(site, sha: str, lang: str) -> list[str]:
    """The words of the site's section files of `lang` at commit `sha`, in file order. A file
    that stands in for a section the translation lacks (the authoritative text, the section's
    own id marked untranslated) is no part of the translation's words."""
    out = []
    for name in site.git("ls-tree", "-r", "--name-only", sha, f"policy/{lang}/").splitlines():
        text = site.git("show", f"{sha}:{name}") + "\n"
        if lang != "en" and re.match(r"---\nuntranslated: \[s[0-9a-z]+[,\]]", text):  # a section's id, no clause's
            continue
        out += words(text, source=False)
    return out


def check_replay(case: Case, shas: list[str], site, result, build) -> None:
    """What every replayed fixture must give: a site commit per source commit, the labels,
    dates and numbering of each, a strict build with an archive per version, every anchor
    and old fragment ever published landing on the current page, and every word of each
    source version in the site's files of that version, in order."""
    commits = log(site)[1:]  # after the scaffold
    assert len(commits) == len(case.entries) >= 5
    assert f"{len(commits)} commit(s) written to {site.path}" in result.output.splitlines()
    metas = [c["meta"] for c in commits]
    assert [m["version"] for m in metas] == case.labels
    assert [str(m["effective"]) for m in metas] == case.effective == sorted(case.effective)
    assert all(m.get("numbering") == case.numbering for m in metas)
    for commit in commits:
        sha = commit["message"].rpartition("Source-commit: ")[2]
        texts = source_texts(case, shas.index(sha))
        for lang in texts:  # the translation comes after the first version
            assert site_words(site, commit["sha"], lang) == words(texts[lang], source=True), (
                commit["meta"]["version"],
                lang,
            )
    assert build.returncode == 0, build.output
    assert sorted(
        p.parent.name for p in (build.site / "versions").glob("*/index.html") if p.parent.name != "changes"
    ) == sorted(set(case.labels))
    ids, _ = published_anchors(site.path)
    fragments = set().union(*(m.get("aliases", {}) for m in metas))
    for lang in case.languages:
        html = (build.site / ("" if lang == "en" else lang) / "index.html").read_text(encoding="utf-8")
        dead = {i for i in ids | fragments if f'id="{i}"' not in html}
        assert not dead, (lang, sorted(dead))
    assert site.git("status", "--porcelain") == ""


@pytest.mark.parametrize("name", list(CASES))
def test_the_history_is_replayed_into_a_site_that_builds(replayed, name):
    check_replay(*replayed(name))


def record_at(site, tmp_path: Path, n: int):
    """The site's record as it stood at its `n`th imported commit (a clone, checked out)."""
    then = tmp_path / f"at-{n}"
    site.git("clone", "--quiet", str(site.path), str(then))
    subprocess.run(["git", "checkout", "--quiet", log(site)[1 + n]["sha"]], cwd=then, check=True)
    return load_project(then).record


def test_the_translation_lacks_a_sub_clause_and_lags_two_versions(replayed, tmp_path):
    """sv was written for version 1 (without 3 b (2)) and updated after version 3: at version 2
    the reworded 3 c lags; at version 4 only the preamble, whose date line sv never got."""
    _, _, site, _, _ = replayed("privacy")
    commits = log(site)[1:]
    for n in (1, 7):
        assert site.git("show", f"{commits[n]['sha']}:policy/sv/03-hur-vi-anvander-uppgifterna.md").startswith(
            "---\nuntranslated: [s3-b-2]\n---\n"
        )
    # Not looked at: commit 0 (the site lists sv, which has no text yet); commit 3 (sv still has
    # version 1's labels, and 3 b (1) is 3 c (1) in the en text now: the source's text of that
    # moment, which no site check accepts).
    lagging = {}
    for n in (1, 2, 4, 5, 7):
        record = record_at(site, tmp_path, n)
        lagging[record.current.label, n] = outdated_units(record, record.current, "sv")
    assert lagging == {("1", 1): [], ("2", 2): ["s3-c"], ("3", 4): [], ("4", 5): ["s0"], ("6", 7): ["s0"]}


def report(result, shas: list[str]) -> list[str]:
    """The command's guesses and notes (the lines after their count), hashes as {0}, {1}, …"""
    text = result.output
    for n, sha in enumerate(shas):
        text = text.replace(sha[:7], f"{{{n}}}")
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Guesses and notes (")) + 1
    return [line for line in lines[start:] if "@" in line.partition(": ")[0]]


def test_the_privacy_policy_report_says_every_guess_and_renumbering(replayed):
    case, shas, site, result, _ = replayed("privacy")
    en, sv = "legal/privacy.md@", "legal/privacy-sv.md@"
    untranslated = "is missing from the sv text: marked untranslated in"
    heading = [
        ":1: the level-1 heading before the first section is the document's title and the preamble's heading",
        ":6: sections are the level-2 headings ('## '), the level whose headings carry the sections' numbers",
    ]
    assert report(result, shas) == [  # every text is read first (the guesses), then the versions worked out
        *(en + "{0}" + line for line in heading),
        f"{en}{{0}}:19: text without a label is joined to clause s2-b before it",
        f"{en}{{0}}:26: clause 'd.' follows 'b.' ('c.' is missing): kept, and declared gaps: [s2-c]",
        *(sv + "{1}" + line for line in heading),
        f"{sv}{{1}}:18: text without a label is joined to clause s2-b before it",
        f"{sv}{{1}}:25: clause 'd.' follows 'b.' ('c.' is missing): kept, and declared gaps: [s2-c]",
        f"{en}{{7}}: the text still says 2023-01-10, the date of the version before; the commit's date, "
        "2024-02-01, is used",
        f"{sv}{{1}}:34: s3-b-2 (legal/privacy.md:37) {untranslated} 03-hur-vi-anvander-uppgifterna.md",
        f"{en}{{3}}: version 3 renumbered: s3-b now holds a new text",
        f"{en}{{3}}: version 3 renumbered: s3-c now holds what was s3-b",
        f"{en}{{3}}: version 3: moved: {{s3-b-1: s3-c-1}}",
        f"{en}{{3}}: version 3: moved: {{s3-b-2: s3-c-2}}",
        # the sv text lags the renumbering: relabelled as the en text's, what it lacks untranslated
        f"{sv}{{1}}: the sv text was written before version 3 renumbered s3-b, s3-c: until it is updated, "
        "its units are relabelled as the en text's (check them)",
        *(
            f"{sv}{{1}}:{line}: the sv text's {was} is {now} from version 3 on ({old} -> {new}: the en text "
            "renumbered it); relabelled until the sv text is updated"
            for line, was, now, old, new in (
                (32, "3 b", "3 c", "s3-b", "s3-c"),
                (34, "3 b (1)", "3 c (1)", "s3-b-1", "s3-c-1"),
                (36, "3 c", "3 d", "s3-c", "s3-d"),
            )
        ),
        f"{sv}{{1}}:29: s3-b (legal/privacy.md:33) {untranslated} 03-hur-vi-anvander-uppgifterna.md",
        f"{sv}{{1}}:29: s3-c-2 (legal/privacy.md:39) {untranslated} 03-hur-vi-anvander-uppgifterna.md",
        f"{sv}{{4}}:43: s5 (legal/privacy.md:50) {untranslated} 05-changes-to-this-policy.md",
        *(
            f"{en}{{7}}: version 6 renumbered: {now} now holds what was {was}"
            for now, was in (
                ("s3-a", "s3-b"),
                ("s3-b", "s3-c"),
                ("s3-b-1", "s3-c-1"),
                ("s3-b-2", "s3-c-2"),
                ("s3-c", "s3-d"),
            )
        ),
        *(
            f"{en}{{7}}: version 6: moved: {{{old}: {new}}}"
            for old, new in (("s3-c-1", "s3-b-1"), ("s3-c-2", "s3-b-2"), ("s3-d", "s3-c"))
        ),
        *(
            f"{en}{{7}}: version 6: moved: {live} -> {old} dropped: {live} is an anchor of the text again "
            "(a moved anchor may not be live)"
            for live, old in (("s3-b-1", "s3-c-1"), ("s3-b-2", "s3-c-2"))
        ),
    ]
    metas = [c["meta"] for c in log(site)[1:]]
    assert metas[3]["summary"] == {
        "en": "Receipts by e-mail. Renumbered: 3 b now holds a new text; 3 c now holds what was 3 b.",
        "sv": metas[3]["summary"]["en"],
    }
    assert [m["moved"] for m in metas] == [{}] * 3 + [{"s3-b-1": "s3-c-1", "s3-b-2": "s3-c-2"}] * 4 + [
        {"s3-c-1": "s3-b-1", "s3-c-2": "s3-b-2", "s3-d": "s3-c"}
    ]
    assert all(m["removed"] == [] and m["gaps"] == ["s2-c"] for m in metas)


def test_a_bullet_added_or_removed_moves_no_label(replayed):
    """The notice's list is bullets, which the source does not number: a bullet inserted in the
    middle (version 3) and one removed (version 6) stay changes of section 1's text, with no
    renumbering and no moved: (once made-up clauses s1-a, s1-b … were renumbered and moved)."""
    case, shas, site, result, _ = replayed("notice")
    notes = report(result, shas)
    assert [note for note in notes if ("renumbered" in note or "moved" in note) and "s1" in note] == []
    assert [note for note in notes if note.startswith(("notice.md@{2}", "notice.md@{5}")) and "s1-" in note] == []
    metas = [c["meta"] for c in log(site)[1:]]
    assert all(m["moved"] == {} and m["removed"] == [] for m in metas)
    assert [metas[i]["summary"]["en"] for i in (2, 5)] == ["Error reports", "No analytics any more"]
    section = (site.path / "policy/en/01-things-you-should-know.md").read_text(encoding="utf-8")
    assert "\n- Error reports record the page you asked for" in section


@pytest.mark.parametrize(
    "name, lines, summaries",
    [
        (
            "terms",
            [
                "terms.md@{0}:3: sections are the level-2 headings ('## '), the level whose headings carry the "
                "sections' numbers",
                "terms.md@{2}: version 3: moved: {s2-2-1: s2-3-1}",  # before the rename, after it:
                "legal/terms-of-service.md@{5}: version 6: moved: {s3-2: s3-1}",
            ],
            {
                "3": "No shared accounts. Renumbered: 2.2 now holds a new text.",
                "6": "Prices are in the price list now. Renumbered: 3.1 now holds what was 3.2.",
            },
        ),
        (
            "lettered",
            [
                "TERMS.md@{0}:5: sections are the level-4 headings ('#### '), the level whose headings "
                "carry the sections' numbers",
                "TERMS.md@{2}:7: sections are the level-2 headings ('## '), not level 4 as in the commit "
                "before: the level whose headings carry the sections' numbers",
                "TERMS.md@{3}: version 4: moved: {sa-2-a: sa-3-a}",
                "TERMS.md@{5}: version 6: moved: {sa-4: sa-3}",
                "TERMS.md@{5}: version 6: removed: [sb-2]",
            ],
            {"4": "Define users. Renumbered: A 2 now holds a new text; A 3 now holds what was A 2."},
        ),
        (
            "notice",
            [
                "notice.md@{0}:6: the attribute line '{: #things-to-know }' is dropped; #things-to-know lands on s1",
                "notice.md@{4}:22: the attribute line '{: #rights }' is dropped; #rights lands on s3",
                "notice.md@{4}: aliases: #contact now lands on s4 (its clause was s3)",
            ],
            # a bullet added (version 3) or removed (version 6) renumbers nothing: bullets are no clauses
            {
                "3": "Error reports",
                "6": "No analytics any more",
                "5": "Your rights. Renumbered: section 3 now holds a new text.",
            },
        ),
    ],
)
def test_the_reports_name_the_heading_levels_renames_and_renumberings(replayed, name, lines, summaries):
    case, shas, site, result, _ = replayed(name)
    notes = report(result, shas)
    assert [line for line in lines if line not in notes] == []
    metas = {c["meta"]["version"]: c["meta"] for c in log(site)[1:]}
    assert {label: metas[label]["summary"]["en"] for label in summaries} == summaries
    assert sum("renumbered" in note for note in notes) == sum(
        m["summary"]["en"].count(" now holds ") for m in metas.values()
    )
