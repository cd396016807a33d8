"""`policy import`: the shapes real policies come in, as word processors and their exports write them.

Escaped labels (`1\\.`, `1\\)`, `\\(a)`, as pandoc and Google Docs write them), a title underlined
with `===` or `---` (it stays the title, whatever the underline), headings before the first
numbered section (the preamble's), labelled sub-headings (`### a. Fees`: a clause with its title
in bold) with bullet lists inside them, and the level of the section headings chosen where the
sections' numbers run, the level of the commit before breaking ties. The last test imports a
terms of service of these shapes into a site that `policy init` made and builds it strict.
"""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner
from gitrepo import GitRepo
from import_texts import DATA, build, run_import, words

from policykit.cli import main
from policykit.importing.split import split
from policykit.text.checks import Problems
from policykit.text.numbering import Numbering
from policykit.text.parser import parse_section


def assert_no_word_lost(source: str, result) -> None:
    """Every word of the source is in the files, in its order (labels and heading marks aside)."""
    out = "".join(section.text for section in result.sections)
    assert words(out, source=False) == words(source, source=True)


def texts(result) -> dict[str, str]:
    return {section.filename: section.text for section in result.sections}


def units(text: str, number: str, numbering: dict | None = None) -> dict[str, str]:
    """The units the one parser reads in a section file: id -> its text's first line."""
    problems = Problems()
    parsed = parse_section(
        text, f"{number}.md", number, problems, frozenset(), numbering=Numbering(**(numbering or {}))
    )
    assert [p.message for p in problems] == []
    found, stack = {}, [parsed.unit]
    while stack:
        unit = stack.pop(0)
        found[unit.id] = unit.lines[0] if unit.lines else ""
        stack[:0] = unit.children
    return found


# --- escaped labels ---------------------------------------------------------------------------

ESCAPED = """# Terms

\\(1) A line of the preamble that only looks like a label.

## 1\\. Scope

a\\. These terms cover the app.

b\\. They cover the website, and
1\\. this wrapped line stays text.

## 2\\) Use

\\(a) You may use the app.

\\(1) at home;

\\(2) at work.

\\(b) You may not resell it.

## 3\\. End
"""


def test_escaped_labels_are_read_at_every_level():
    result = split(ESCAPED, "escaped.md", "en")
    assert [s.ids for s in result.sections] == [
        ["s0"],
        ["s1", "s1-a", "s1-b"],
        ["s2", "s2-a", "s2-a-1", "s2-a-2", "s2-b"],
        ["s3"],
    ]
    assert texts(result) == {
        "00-terms.md": "# Terms\n\n\\(1) A line of the preamble that only looks like a label.\n",
        "01-scope.md": "# 1. Scope\n\na. These terms cover the app.\n\nb. They cover the website, and\n"
        "1\\. this wrapped line stays text.\n",
        "02-use.md": "# 2. Use\n\na. You may use the app.\n\n(1) at home;\n\n(2) at work.\n\nb. You may not resell it.\n",
        "03-end.md": "# 3. End\n",
    }
    assert result.numbering == {"section": "1.", "clause": "a.", "subclause": "(1)"}
    assert_no_word_lost(ESCAPED, result)


def test_escaped_decimal_labels_keep_their_scheme():
    text = "## 1\\. Scope\n\n1\\.1 The app.\n\n1\\.2 The site.\n\n## 2\\. Use\n\n2\\.1 At home.\n"
    result = split(text, "decimal.md", "en")
    assert result.numbering["clause"] == "1.1"
    assert [s.ids for s in result.sections] == [["s1", "s1-1", "s1-2"], ["s2", "s2-1"]]
    assert result.sections[0].text == "# 1. Scope\n\n1.1 The app.\n\n1.2 The site.\n"


# --- the title, whatever its underline ----------------------------------------------------------


def tos(underline: str) -> str:
    return (
        f"Terms of Service\n{underline * 16}\n\nLast Updated: April 10, 2026\n\n"
        "1\\. Who’s Who\n-------------\n\nWe are Harbourline.\n\n"
        "2\\. Payment\n-----------\n\nYou pay when you book.\n"
    )


@pytest.mark.parametrize("underline", ["=", "-"])
def test_an_underlined_title_is_the_title_whatever_its_underline(underline):
    result = split(tos(underline), "tos.md", "en")
    assert result.title == "Terms of Service" and result.heading_level == 2
    assert texts(result) == {
        "00-terms-of-service.md": "# Terms of Service\n\nLast Updated: April 10, 2026\n",
        "01-whos-who.md": "# 1. Who’s Who\n\nWe are Harbourline.\n",
        "02-payment.md": "# 2. Payment\n\nYou pay when you book.\n",
    }
    assert [s.ids for s in result.sections] == [["s0"], ["s1"], ["s2"]]
    level = 1 if underline == "=" else 2
    assert (
        f"tos.md:1: the level-{level} heading before the first section is the document's title and the "
        "preamble's heading"
    ) in [str(g) for g in result.guesses]


def test_a_title_whose_underline_changes_between_commits_stays_the_title():
    """One year `===`, the next `---`: the same files, and no change of level to report."""
    first = split(tos("="), "tos.md", "en")
    second = split(tos("-"), "tos.md", "en", previous_level=first.heading_level)
    assert texts(second) == texts(first)
    assert not any("as in the commit before" in g.message for g in second.guesses)


# --- headings before the first section --------------------------------------------------------


def test_headings_before_the_first_numbered_section_belong_to_the_preamble():
    """ "The Gist", underlined as the sections are, before `1\\. Scope`: the preamble's, not section 1."""
    text = (
        "Terms\n=====\n\nLast Updated: 1 May 2026\n\nThe Gist\n--------\n\nWe sell ferry tickets.\n\n"
        "### In short\n\nBe kind.\n\n1\\. Scope\n---------\n\nThe app.\n\n2\\. Use\n-------\n\nAt home.\n"
    )
    result = split(text, "gist.md", "en")
    assert result.sections[0].filename == "00-terms.md" and result.sections[0].ids == ["s0"]
    assert result.sections[0].text == (
        "# Terms\n\nLast Updated: 1 May 2026\n\n## The Gist\n\nWe sell ferry tickets.\n\n## In short\n\nBe kind.\n"
    )
    assert [s.filename for s in result.sections[1:]] == ["01-scope.md", "02-use.md"]
    assert (
        "gist.md:6: the heading 'The Gist' has no number, unlike the other sections: kept as a sub-heading "
        "('## ') of s0" in [str(g) for g in result.guesses]
    )
    assert_no_word_lost(text, result)


# --- labelled sub-headings --------------------------------------------------------------------

LABELLED = """# Terms

## 1. Account

### a. Signing up

You must be 16 or older.

- Give a working e-mail address.
- Keep your password to yourself.

### b. Closing?

Close it at any time.

## 2. Payment

Prices are in euros.

### a. **Fees**

- Fees are shown before you pay.
- Taxes are included.
- Port charges are included.

### b. Refunds:

A crossing is refunded:

#### (1) Cancelled by us

In full.

#### \\(2) Cancelled by you

In part.
"""


def test_labelled_sub_headings_are_clauses_with_their_title_in_bold_and_their_lists_stay_lists():
    result = split(LABELLED, "labelled.md", "en")
    assert texts(result) == {
        "00-terms.md": "# Terms\n",
        "01-account.md": "# 1. Account\n\na. **Signing up.** You must be 16 or older.\n\n"
        "- Give a working e-mail address.\n- Keep your password to yourself.\n\n"
        "b. **Closing?** Close it at any time.\n",
        "02-payment.md": "# 2. Payment\n\nPrices are in euros.\n\na. **Fees.**\n\n"
        "- Fees are shown before you pay.\n- Taxes are included.\n- Port charges are included.\n\n"
        "b. **Refunds:** A crossing is refunded:\n\n(1) **Cancelled by us.** In full.\n\n"
        "(2) **Cancelled by you.** In part.\n",
    }
    assert [s.ids for s in result.sections][1:] == [["s1", "s1-a", "s1-b"], ["s2", "s2-a", "s2-b", "s2-b-1", "s2-b-2"]]
    assert result.aliases["a-signing-up"] == "s1-a" and result.aliases["1-cancelled-by-us"] == "s2-b-1"
    assert not any("list under the heading" in g.message or "joined to" in g.message for g in result.guesses)
    # the one parser reads each clause with its bold title as the start of its text
    assert units(result.sections[1].text, "1") == {
        "s1": "",
        "s1-a": "**Signing up.** You must be 16 or older.",
        "s1-b": "**Closing?** Close it at any time.",
    }
    assert units(result.sections[2].text, "2")["s2-b-2"] == "**Cancelled by you.** In part."
    assert_no_word_lost(LABELLED, result)


def test_decimal_sub_headings_are_decimal_clauses():
    text = (
        "## 1. Payment\n\n### 1.1 Prices\n\nIn euros.\n\n#### (a) Fees\n\nShown first.\n\n"
        "### 1.2 Refunds\n\nWithin 14 days.\n\n## 2. End\n\nBye.\n"
    )
    result = split(text, "decimal.md", "en")
    assert result.numbering == {"section": "1.", "clause": "1.1", "subclause": "(a)"}
    assert result.sections[0].text == (
        "# 1. Payment\n\n1.1 **Prices.** In euros.\n\n(a) **Fees.** Shown first.\n\n1.2 **Refunds.** Within 14 days.\n"
    )
    assert result.sections[0].ids == ["s1", "s1-1", "s1-1-a", "s1-2"]


def test_a_list_in_the_shape_of_the_sub_headings_labels_stays_in_its_clause():
    """`1.` items under `### 1. Fees`: the clause's own list, not clauses that collide with it."""
    text = (
        "## 1. Terms\n\n### 1. Fees\n\nWe charge:\n\n1. monthly;\n2. yearly.\n\n### 2. Refunds\n\n- none\n\n## 2. End\n"
    )
    result = split(text, "lists.md", "en")
    assert [s.ids for s in result.sections] == [["s1", "s1-1", "s1-2"], ["s2"]]
    assert result.sections[0].text == (
        "# 1. Terms\n\n1. **Fees.** We charge:\n\n1\\. monthly;\n2\\. yearly.\n\n2. **Refunds.**\n\n- none\n"
    )
    assert_no_word_lost(text, result)


# --- the level of the section headings ----------------------------------------------------------


def test_the_level_is_where_the_sections_numbers_run_not_the_shallowest_repeated():
    """Two `#` headings (a title and an annex) and a stray `## Contact`: the sections are `##`."""
    text = (
        "# Terms\n\n## 1. Scope\n\nThe app.\n\n## 2. Use\n\nAt home.\n\n## 3. End\n\nBye.\n\n"
        "## Contact\n\nMail us.\n\n# Annex\n\nA table.\n"
    )
    result = split(text, "level.md", "en")
    assert result.heading_level == 2
    assert [s.filename for s in result.sections] == ["00-terms.md", "01-scope.md", "02-use.md", "03-end.md"]
    assert result.sections[3].text == "# 3. End\n\nBye.\n\n## Contact\n\nMail us.\n\n## Annex\n\nA table.\n"
    assert (
        "level.md:3: sections are the level-2 headings ('## '), the level whose headings carry the sections' "
        "numbers" in [str(g) for g in result.guesses]
    )


def test_a_section_heading_of_another_level_in_the_run_is_a_section():
    """`### 14.` among `####` sections (a commit of a real history): section 14, not a gap."""
    sections = "".join(
        f"#### {n}. Part {n}\n\nText {n}.\n\n##### Note\n\nNote {n}.\n\n"
        if n != 3
        else f"### {n}. Part {n}\n\nText {n}.\n\n"
        for n in range(1, 6)
    )
    result = split("# Terms\n\n" + sections, "stray.md", "en")
    assert result.heading_level == 4 and result.gaps == []
    assert [s.filename for s in result.sections][1:] == [f"0{n}-part-{n}.md" for n in range(1, 6)]
    assert result.sections[3].text == "# 3. Part 3\n\nText 3.\n"
    assert "stray.md:19: the level-3 heading '3. Part 3' continues the sections' numbers: read as a section" in [
        str(g) for g in result.guesses
    ]


TIED = "# Terms\n\n#### 1. Scope\n\nThe app.\n\n#### 2. Use\n\nAt home.\n\n## 3. End\n\nBye.\n\n## 4. Law\n\nSwedish.\n"


def test_the_level_of_the_commit_before_breaks_a_tie_and_a_change_is_reported():
    alone = split(TIED, "tied.md", "en")
    assert alone.heading_level == 2
    kept = split(TIED, "tied.md", "en", previous_level=4)
    assert kept.heading_level == 4
    assert [s.filename for s in kept.sections] == ["00-terms.md", "01-scope.md", "02-use.md", "03-end.md", "04-law.md"]
    assert [s.text for s in kept.sections] == [s.text for s in alone.sections]
    assert (
        "tied.md:3: sections are the level-4 headings ('#### '), the level whose headings carry the sections' "
        "numbers (levels 2, 4 carry as many: the level of the commit before)" in [str(g) for g in kept.guesses]
    )
    changed = split(TIED, "tied.md", "en", previous_level=3)
    assert changed.heading_level == 2
    assert (
        "tied.md:11: sections are the level-2 headings ('## '), not level 3 as in the commit before: the level "
        "whose headings carry the sections' numbers (levels 2, 4 carry as many: the shallowest)"
        in [str(g) for g in changed.guesses]
    )


def test_unnumbered_sections_are_the_shallowest_repeated_level_as_before():
    text = "# Notice\n\n## Scope\n\nThe app.\n\n### Detail\n\nMore.\n\n## Use\n\nAt home.\n"
    result = split(text, "plain.md", "en", previous_level=2)
    assert [s.filename for s in result.sections] == ["00-notice.md", "01-scope.md", "02-use.md"]
    assert result.heading_level == 2 and result.sections[1].text == "# 1. Scope\n\nThe app.\n\n## Detail\n\nMore.\n"


# --- a whole terms of service, into a site, built strict ----------------------------------------


@pytest.mark.build
def test_a_terms_of_service_of_these_shapes_imports_and_builds_strict(tmp_path, monkeypatch):
    source = (DATA / "terms-of-service.md").read_text(encoding="utf-8")
    result = split(source, "terms-of-service.md", "en")
    assert_no_word_lost(source, result)
    assert [s.ids for s in result.sections] == [
        ["s0"],
        ["s1"],
        ["s2", "s2-a", "s2-b"],
        ["s3", "s3-a", "s3-b", "s3-b-1", "s3-b-2"],
        ["s4"],
    ]
    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(
        main,
        [
            "init",
            "site",
            "--languages",
            "en",
            "--title",
            "en=Terms of Service",
            "--site-url",
            "https://policy.example.org/",
        ],
        catch_exceptions=False,
    )
    assert made.exit_code == 0, made.output
    repo = GitRepo(tmp_path / "site", scaffold=False)
    imported = run_import(repo, "terms-of-service.md", "--language", "en", monkeypatch=monkeypatch)
    assert imported.exit_code == 0, imported.output
    assert sorted(p.name for p in (repo.path / "policy/en").iterdir()) == [
        "00-terms-of-service.md",
        "01-whos-who.md",
        "02-your-account.md",
        "03-payment.md",
        "04-contact.md",
    ]
    meta = yaml.safe_load((repo.path / "policy/policy.yml").read_text(encoding="utf-8"))
    assert meta["title"] == {"en": "Terms of Service"} and "gaps" not in meta
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(repo.path)])
    assert lint.exit_code == 0, lint.output
    built = build(repo)
    assert built.returncode == 0, built.output
    page = (built.site / "index.html").read_text(encoding="utf-8")
    for anchor in ("s0", "s1", "s2-a", "s3-a", "s3-b-2", "s4"):
        assert f'id="{anchor}"' in page
    assert "<strong>Fees.</strong>" in page and "<li>Taxes and port charges are included.</li>" in page
    assert re.search(r"<h[23][^>]*>The Gist", page) and "1\\." not in page


# --- a history whose title underline and heading levels change --------------------------------


def test_a_history_keeps_the_title_and_the_sections_when_the_underline_and_the_level_change(tmp_path):
    """The real case: the title `===` one year and `---` the next, and one commit whose
    sections are `####` with a stray `### 3.`: every commit imports, nothing is renumbered, and
    the change of level is reported."""
    from replay_sources import log, make_site, make_source, run

    third = (
        "# Terms of Service\n\nLast Updated: 1 March 2026\n\n#### 1\\. Who’s Who\n\nWe are Harbourline.\n\n"
        "#### 2\\. Payment\n\nYou pay when you book, by card.\n\n### 3\\. Refunds\n\nWithin 14 days.\n\n"
        "#### 4\\. Contact\n\nMail us.\n"
    )
    texts_ = [
        tos("=") + "\n3\\. Refunds\n----------\n\nWithin 14 days.\n\n4\\. Contact\n----------\n\nMail us.\n",
        tos("-").replace("You pay when you book.", "You pay when you book, by card.")
        + "\n3\\. Refunds\n----------\n\nWithin 14 days.\n\n4\\. Contact\n----------\n\nMail us.\n",
        third,
    ]
    dates = ["2024-04-10T17:02:00-07:00", "2025-01-10T12:00:00+01:00", "2026-03-01T12:00:00+01:00"]
    entries = [(date, f"Terms {n + 1}", {"terms.md": text}, None) for n, (date, text) in enumerate(zip(dates, texts_))]
    source, shas = make_source(tmp_path / "source", entries=entries)
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert "renumbered" not in result.output and "moved" not in result.output
    assert (
        f"terms.md@{shas[2][:7]}:5: sections are the level-4 headings ('#### '), not level 2 as in the commit "
        "before: the level whose headings carry the sections' numbers" in result.output
    )
    assert (
        f"terms.md@{shas[2][:7]}:13: the level-3 heading '3\\. Refunds' continues the sections' numbers: "
        "read as a section" in result.output
    )
    commits = log(site)[1:]
    assert len(commits) == 3
    assert all(c["meta"]["title"] == {"en": "Terms of Service"} for c in commits)
    files = [site.git("ls-tree", "--name-only", c["sha"], "policy/en/").split() for c in commits]
    assert (
        files[0]
        == files[1]
        == files[2]
        == [
            f"policy/en/{name}"
            for name in ("00-terms-of-service.md", "01-whos-who.md", "02-payment.md", "03-refunds.md", "04-contact.md")
        ]
    )


@pytest.mark.parametrize("lead", ["", "---\nlayout: page\n---\n", "# Old title\n", "Intro.\n\n* * *\n"])
def test_underlined_headings_are_read_wherever_they_stand(lead):
    """On the first line, after an old site's front matter, right under a `#` heading or a rule,
    and on the last lines: `===` and `---` alike."""
    text = (
        lead + "Terms\n=====\n\n1\\. Scope\n---------\n\nThe app.\n\n2\\. Use\n=======\nAt home.\n\n3\\. End\n-------\n"
    )
    result = split(text, "setext.md", "en")
    assert [s.filename for s in result.sections][-3:] == ["01-scope.md", "02-use.md", "03-end.md"]
    assert [s.text for s in result.sections][-3:] == [
        "# 1. Scope\n\nThe app.\n",
        "# 2. Use\n\nAt home.\n",
        "# 3. End\n",
    ]
    assert result.title == ("Old title" if lead.startswith("#") else "Terms")
