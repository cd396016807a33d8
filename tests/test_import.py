"""`policy import`: one Markdown policy split into section files, with every guess reported.

The fixtures in tests/data/import/ are written for these tests: (1) a privacy policy with
`## N. Title` sections, `a.` clauses, a gap and a table; (2) terms numbered `1.`/`1.1`/`1.1.1`;
(3) terms with lettered sections `## A.` and numbered clauses; (4) a notice with unnumbered
headings, a list, kramdown attribute lines and an `<a name>` anchor; (5) a translation of (1)
that lacks one sub-clause; (6) an app's notice as an old site kept it: front matter, bullet
and `1. 1. 1.` lists, sub-headings, a table, a reference link. Sites are real git repositories built by real `mkdocs build --strict`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from gitrepo import GitRepo
from import_texts import COMMIT_DATE, DATA, build, run_import, words

from policykit.cli import main
from policykit.importing.split import DEFAULT_NUMBERING, ImportProblem, decode_source_file, split


def imported(name: str, **kwargs):
    return split((DATA / name).read_text(encoding="utf-8"), name, "en", **kwargs)


def files(result) -> dict[str, str]:
    return {s.filename: s.text for s in result.sections}


@pytest.mark.parametrize(
    "name",
    ["privacy.md", "terms.md", "github-style.md", "notice.md", "privacy-sv.md", "app-notice.md", "terms-of-service.md"],
)
def test_no_word_is_lost_or_reordered(name):
    result = imported(name)
    out = "".join(s.text for s in result.sections)
    assert words(out, source=False) == words((DATA / name).read_text(encoding="utf-8"), source=True)


def test_privacy_policy_sections_clauses_and_table():
    result = imported("privacy.md")
    assert list(files(result)) == [
        "00-privacy-policy.md",
        "01-who-we-are.md",
        "02-what-we-collect.md",
        "03-how-we-use-it.md",
        "04-your-rights.md",
    ]
    assert [s.ids for s in result.sections][1:] == [
        ["s1", "s1-a", "s1-b"],
        ["s2", "s2-a", "s2-b", "s2-d"],
        ["s3", "s3-a", "s3-b", "s3-b-1", "s3-b-2", "s3-c"],
        ["s4", "s4-a", "s4-b"],
    ]
    assert files(result)["01-who-we-are.md"] == (
        "# 1. Who we are\n\na. Lindqvist Bakery AB, Storgatan 4, Uppsala, is the controller of your "
        "personal data.\n\nb. You can reach our privacy contact at privacy@lindqvist.example.\n"
    )
    assert "| Name and address | 24 months |" in files(result)["02-what-we-collect.md"]
    assert result.title == "Privacy Policy"
    assert result.numbering == DEFAULT_NUMBERING
    assert result.gaps == ["s2-c"]
    assert result.aliases == {
        "1-who-we-are": "s1",
        "2-what-we-collect": "s2",
        "3-how-we-use-it": "s3",
        "4-your-rights": "s4",
    }
    assert [str(g) for g in result.guesses] == [
        "privacy.md:1: the level-1 heading before the first section is the document's title and the preamble's heading",
        "privacy.md:6: sections are the level-2 headings ('## '), the level whose headings carry the sections' numbers",
        "privacy.md:19: text without a label is joined to clause s2-b before it",
        "privacy.md:21: text without a label is joined to clause s2-b before it",
        "privacy.md:26: clause 'd.' follows 'b.' ('c.' is missing): kept, and declared gaps: [s2-c]",
    ]


def test_decimal_terms_keep_their_scheme():
    result = imported("terms.md")
    assert result.numbering == {"section": "1.", "clause": "1.1", "subclause": "1.1.1"}
    assert result.sections[2].ids == ["s2", "s2-1", "s2-2", "s2-2-1", "s2-2-2", "s2-3"]
    assert "\n2.2.1 keep your password secret;\n" in result.sections[2].text
    assert result.gaps == []


def test_lettered_sections_with_numbered_clauses():
    result = imported("github-style.md")
    assert result.numbering == {"section": "A.", "clause": "1.", "subclause": "(a)"}
    assert [s.filename for s in result.sections] == [
        "00-terms-of-service-for-tidewater-code.md",
        "01-definitions.md",
        "02-account-terms.md",
        "03-acceptable-use.md",
        "04-termination.md",
    ]
    assert result.sections[1].ids == ["sa", "sa-1", "sa-2", "sa-2-a", "sa-2-b", "sa-3"]
    assert (
        result.sections[4].text
        == "# D. Termination\n\n1. You may close your account at any time from the settings page.\n"
    )
    assert result.aliases["a-definitions"] == "sa"


def test_unnumbered_notice_with_attribute_lines_and_anchors():
    result = imported("notice.md")
    assert [s.filename for s in result.sections] == [
        "00-websites-privacy-notice.md",
        "01-things-you-should-know.md",
        "02-cookies.md",
        "03-contact-us.md",
    ]
    assert result.sections[1].ids == ["s1"]  # its bullets stay a list: the source labels no clause
    assert "\n- Server logs record your IP address" in result.sections[1].text
    assert "{:" not in "".join(s.text for s in result.sections)
    assert "<a name" not in result.sections[3].text
    assert result.aliases == {
        "things-you-should-know": "s1",
        "things-to-know": "s1",
        "cookies": "s2",
        "language-cookie": "s2",
        "contact-us": "s3",
        "contact": "s3",
    }
    assert [str(g) for g in result.guesses] == [
        "notice.md:1: the level-1 heading before the first section is the document's title and the preamble's heading",
        "notice.md:5: sections are the level-2 headings ('## '), the shallowest level that occurs more than once",
        "notice.md:5: the heading 'Things you should know' has no number: numbered 1 in order",
        "notice.md:6: the attribute line '{: #things-to-know }' is dropped; #things-to-know lands on s1",
        "notice.md:14: the heading 'Cookies' has no number: numbered 2 in order",
        "notice.md:15: the attribute line '{: #cookies .notice-section }' is dropped; #cookies lands on s2",
        "notice.md:18: the attribute line '{: #language-cookie }' is dropped; #language-cookie lands on s2",
        "notice.md:22: the heading 'Contact us' has no number: numbered 3 in order",
        "notice.md:24: the anchor '<a name=\"contact\">' is dropped; #contact lands on s3",
    ]


def test_mixed_labels_are_rewritten_to_the_majority_and_reported():
    text = "## 1. Scope\n\na. One.\n\n(b) Two.\n\nc. Three.\n\n1) Sub.\n\n## 2. Use\n\na. Four.\n"
    result = split(text, "mixed.md", "en")
    assert "\nb. Two.\n" in result.sections[0].text and "\n(1) Sub.\n" in result.sections[0].text
    assert [str(g) for g in result.guesses][1:] == [
        "mixed.md:5: label '(b)' rewritten to 'b.' (the clauses of this text are numbered 'a.')",
        "mixed.md:9: label '1)' rewritten to '(1)' (the sub-clauses of this text are numbered '(1)')",
    ]


def test_given_numbering_is_kept_and_a_deep_heading_level_chosen():
    """A later commit of a history keeps the first one's scheme, and its headings their level."""
    text = "#### I. Scope\n\n(a) One.\n\n#### II. Use\n\n(a) Two.\n"
    result = split(text, "h.md", "en", heading_level=4, numbering={"section": "1.", "clause": "a.", "subclause": "(1)"})
    assert [s.text for s in result.sections] == ["# 1. Scope\n\na. One.\n", "# 2. Use\n\na. Two.\n"]
    roman = split(text, "h.md", "en")
    assert roman.numbering["section"] == "I." and roman.sections[1].text.startswith("# II. Use\n")
    assert str(roman.guesses[0]) == (
        "h.md:1: sections are the level-4 headings ('#### '), the level whose headings carry the sections' numbers"
    )


def test_roman_sub_clauses_after_lettered_clauses():
    text = (
        "## 1. Terms\n\na. One.\n\n(i) first;\n\n(ii) second.\n\nb. Two.\n\nd. Four.\n\nh. Eight.\n\n"
        "i. Nine.\n\n## 2. End\n"
    )
    result = split(text, "r.md", "en")
    assert result.sections[0].ids == ["s1", "s1-a", "s1-a-i", "s1-a-ii", "s1-b", "s1-d", "s1-h", "s1-i"]
    assert result.numbering == {"section": "1.", "clause": "a.", "subclause": "(i)"}
    assert result.gaps == ["s1-c", "s1-e", "s1-f", "s1-g"]


def test_roman_sub_clauses_under_parenthesised_letters_are_numbered():
    """`(a)` clauses with `(i)` sub-clauses: a line `(i)` could be either, so the sub-clauses
    become `(1)`, reported; `(i)` after `(h)` is the next clause."""
    text = (
        "## 1. Terms\n\n(a) One.\n\n(i) first;\n\n(ii) second.\n\n(b) Two.\n\n(d) Four.\n\n(h) Eight.\n\n"
        "(i) Nine.\n\n## 2. End\n"
    )
    result = split(text, "r.md", "en")
    assert result.sections[0].ids == ["s1", "s1-a", "s1-a-1", "s1-a-2", "s1-b", "s1-d", "s1-h", "s1-i"]
    assert result.numbering == {"section": "1.", "clause": "(a)", "subclause": "(1)"}
    assert "r.md:5: label '(i)' rewritten to '(1)' (the sub-clauses of this text are numbered '(1)')" in [
        str(g) for g in result.guesses
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Just a paragraph.\n\nAnd another.\n",
            "x.md: no recognisable sections: no heading level from '# ' to '#### ' occurs more than once; the first "
            "lines are 'Just a paragraph.'; 'And another.' (make each section a Markdown heading ('## 1. Title'), "
            "or name the level of the section headings with --heading-level N)",
        ),
        (
            "## 1. A\n\ntext\n\n## 1. B\n\ntext\n",
            "x.md:5: two sections with the number 1 (the first at line 1) (give each section its own number in the source)",
        ),
        (
            "<!DOCTYPE html>\n<html><body><h2>1. A</h2></body></html>\n",
            "x.md:1: the file is HTML, not Markdown (convert it to Markdown first, e.g. pandoc -f html -t gfm x.md -o policy.md)",
        ),
        (
            "## 1. A\n\nb. one\n\na. two\n\n## 2. B\n",
            "x.md:5: clause 'a.' follows 'b.' (put the labels in order in the source)",
        ),
    ],
)
def test_sources_that_cannot_be_imported(text, message):
    with pytest.raises(ImportProblem) as caught:
        split(text, "x.md", "en")
    assert str(caught.value) == message


def test_latin1_is_named_with_its_line_and_the_command_to_convert_it():
    data = "## 1. A\n\na. ok\n\n## 2. B\n\na. caf\u00e9\n".encode("latin-1")
    with pytest.raises(ImportProblem) as caught:
        decode_source_file(data, "old.md")
    assert str(caught.value) == (
        "old.md:7: byte 0xe9 is not UTF-8; the file looks like Latin-1 "
        "(convert it with iconv -f latin1 -t utf-8 old.md > converted.md)"
    )


# --- the command, in a site -----------------------------------------------------------------


def site(tmp_path: Path, langs=("en",)) -> GitRepo:
    """A site without policy/ yet: mkdocs.yml (i18n for more than one language) and docs/."""
    repo = GitRepo(tmp_path / "site", scaffold=False)
    plugins: list = ["search"]
    if len(langs) > 1:
        plugins.append(
            {
                "i18n": {
                    "docs_structure": "folder",
                    "languages": [
                        {"locale": lang, "name": lang.upper(), "build": True, **({"default": True} if n == 0 else {})}
                        for n, lang in enumerate(langs)
                    ],
                }
            }
        )
    plugins.append("policykit")
    repo.write(
        "mkdocs.yml",
        yaml.safe_dump(
            {
                "site_name": "Policy",
                "site_url": "https://policy.example.org/",
                "theme": {"name": "material"},
                "plugins": plugins,
            }
        ),
    )
    repo.write("docs/.gitkeep", "")
    return repo


@pytest.mark.build
def test_import_writes_the_files_and_policy_yml_and_builds_strict(tmp_path, monkeypatch):
    repo = site(tmp_path)
    result = run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "wrote policy/en/02-what-we-collect.md" in result.output.replace(str(repo.path) + "/", "")
    assert "privacy.md:26: clause 'd.' follows 'b.' ('c.' is missing): kept, and declared gaps: [s2-c]" in result.output
    meta = yaml.safe_load((repo.path / "policy/policy.yml").read_text(encoding="utf-8"))
    assert meta["version"] == "1.0" and meta["authoritative"] == "en" and meta["title"] == {"en": "Privacy Policy"}
    assert meta["gaps"] == ["s2-c"] and meta["aliases"]["3-how-we-use-it"] == "s3"
    assert "numbering" not in meta
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(repo.path)])
    assert lint.exit_code == 0, lint.output
    built = build(repo)
    assert built.returncode == 0, built.output
    page = (built.site / "index.html").read_text(encoding="utf-8")
    assert 'id="3-how-we-use-it"' in page and 'id="s3-b-1"' in page


def test_a_language_folder_is_not_replaced_without_force(tmp_path, monkeypatch):
    repo = site(tmp_path)
    assert run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch).exit_code == 0
    before = (repo.path / "policy/policy.yml").read_text(encoding="utf-8")
    again = run_import(repo, "notice.md", "--language", "en", monkeypatch=monkeypatch)
    assert again.exit_code == 1 and "the folder for en exists already (pass --force to replace it" in again.output
    assert (repo.path / "policy/policy.yml").read_text(encoding="utf-8") == before
    forced = run_import(repo, "notice.md", "--language", "en", "--force", monkeypatch=monkeypatch)
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in (repo.path / "policy/en").iterdir()) == [
        "00-websites-privacy-notice.md",
        "01-things-you-should-know.md",
        "02-cookies.md",
        "03-contact-us.md",
    ]


def test_a_folder_of_samples_is_replaced_without_force(tmp_path, monkeypatch):
    repo = site(tmp_path)
    repo.write("policy/en/01-scope.md", "---\nsample: true\n---\n# 1. Scope\n\na. Replace me.\n")
    result = run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert not (repo.path / "policy/en/01-scope.md").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"## 1. A\n\na. ok\n\n## 2. B\n\na. caf\xe9\n",
            "Error: bad.md:7: byte 0xe9 is not UTF-8; the file looks like Latin-1 (convert it with iconv -f latin1 -t utf-8 bad.md > converted.md)",
        ),
        (b"<html><body><p>Hi</p></body></html>\n", "Error: bad.md:1: the file is HTML, not Markdown"),
        (b"# Only a title\n\nSome text.\n", "Error: bad.md: no recognisable sections"),
    ],
)
def test_the_command_fails_clearly_and_writes_nothing(tmp_path, monkeypatch, content, message):
    repo = site(tmp_path)
    repo.write("bad.md", content)
    monkeypatch.chdir(repo.path)
    result = CliRunner().invoke(main, ["import", "bad.md", "--language", "en"], catch_exceptions=False)
    assert result.exit_code == 1 and result.output.startswith(message), result.output
    assert "Traceback" not in result.output and not (repo.path / "policy").exists()


def test_a_folder_that_is_no_site_is_refused(tmp_path, monkeypatch):
    (tmp_path / "p.md").write_text("## 1. A\n\n## 2. B\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "p.md", "--language", "en"], catch_exceptions=False)
    assert result.exit_code == 1 and "is not a site's folder" in result.output


@pytest.mark.build
def test_a_translation_lacking_a_sub_clause_is_marked_untranslated_and_builds(tmp_path, monkeypatch):
    repo = site(tmp_path, langs=("en", "sv"))
    assert run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch).exit_code == 0
    result = run_import(repo, "privacy-sv.md", "--language", "sv", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (
        "privacy-sv.md:34: s3-b-2 (policy/en/03-how-we-use-it.md:10) is missing from the sv text: "
        "marked untranslated in 03-hur-vi-anvander-uppgifterna.md"
    ) in result.output
    sv = (repo.path / "policy/sv/03-hur-vi-anvander-uppgifterna.md").read_text(encoding="utf-8")
    assert sv.startswith("---\nuntranslated: [s3-b-2]\n---\n# 3. Hur vi använder uppgifterna\n")
    meta = yaml.safe_load((repo.path / "policy/policy.yml").read_text(encoding="utf-8"))
    assert meta["title"] == {"en": "Privacy Policy", "sv": "Integritetspolicy"} and meta["authoritative"] == "en"
    built = build(repo)
    assert built.returncode == 0, built.output


def test_a_translation_with_a_unit_the_original_lacks_is_refused(tmp_path, monkeypatch):
    repo = site(tmp_path, langs=("en", "sv"))
    assert run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch).exit_code == 0
    extra = (DATA / "privacy-sv.md").read_text(encoding="utf-8") + "\nc. Du kan också ringa oss.\n"
    line = extra.count("\n")
    (repo.path / "sv.md").write_text(extra, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "sv.md", "--language", "sv"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: sv.md:{line}: s4-c is not in the en text (policy/en/)"), result.output
    assert not (repo.path / "policy/sv").exists()


@pytest.mark.build
@pytest.mark.parametrize(
    "name, numbering",
    [
        ("terms.md", {"section": "1.", "clause": "1.1", "subclause": "1.1.1"}),
        ("github-style.md", {"section": "A.", "clause": "1.", "subclause": "(a)"}),
        ("notice.md", None),
        ("app-notice.md", None),
    ],
)
def test_other_schemes_are_declared_and_build(tmp_path, monkeypatch, name, numbering):
    repo = site(tmp_path)
    result = run_import(repo, name, "--language", "en", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((repo.path / "policy/policy.yml").read_text(encoding="utf-8"))
    assert meta.get("numbering") == numbering
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(repo.path)])
    assert lint.exit_code == 0, lint.output
    built = build(repo)
    assert built.returncode == 0, built.output


def test_an_unnumbered_heading_among_numbered_ones_is_a_sub_heading():
    text = "# T\n\n## Introduction\n\nHello.\n\n## 1. Scope\n\na. x\n\n## 2. Use\n\na. y\n\n## Contact\n\nMail us.\n"
    result = split(text, "x.md", "en")
    assert [s.text for s in result.sections] == [
        "# T\n\n## Introduction\n\nHello.\n",
        "# 1. Scope\n\na. x\n",
        "# 2. Use\n\na. y\n\n## Contact\n\nMail us.\n",
    ]
    assert (
        "x.md:15: the heading 'Contact' has no number, unlike the other sections: kept as a sub-heading "
        "('## ') of s2-a" in [str(g) for g in result.guesses]
    )


def test_a_list_numbered_one_throughout_is_numbered_in_order():
    result = split("## 1. Scope\n\n1. x\n1. y\n1. z\n\n## 2. Use\n\n1. w\n", "x.md", "en")
    assert result.sections[0].text == "# 1. Scope\n\n1. x\n2. y\n3. z\n"
    assert result.numbering["clause"] == "1."
    assert "x.md:3: the list numbered '1.' throughout is read as 3 clauses numbered in order" in [
        str(g) for g in result.guesses
    ]


def test_text_that_would_read_as_a_label_is_escaped_and_reported():
    text = (
        "# T\n\n(1) In the preamble.\n\n## 1. Scope\n\na. x\n\n(1) s\n\n  b. indented\n\ne.g. not a label\n\n## 2. B\n"
    )
    result = split(text, "x.md", "en")
    assert result.sections[0].text == "# T\n\n\\(1) In the preamble.\n"
    assert "\n  b\\. indented\n\ne.g. not a label\n" in result.sections[1].text
    assert [str(g) for g in result.guesses if "escaped" in g.message] == [
        "x.md:3: the text '(1) In the preamble.' is not a label here: escaped as '\\(1) In the preamble.', which reads the same",
        "x.md:11: the text 'b. indented' is not a label here: escaped as 'b\\. indented', which reads the same",
    ]


def test_front_matter_reference_links_underlined_headings_and_bold_labels():
    text = (
        "---\nlayout: page\ntitle: Cookie Notice\n---\n\nCookies\n=======\n\nWho we are\n----------\n\n"
        "**a.** We use [one cookie][lang].\n\n**b. Scope.** See [the law][].\n\n"
        'What we do\n----------\n\na. See [lang].\n\n[lang]: https://example.org/lang "Language"\n'
        "[the law]: https://law.example/\n"
    )
    result = split(text, "c.md", "en")
    assert result.title == "Cookies"
    assert [s.text for s in result.sections] == [
        "# Cookies\n",
        '# 1. Who we are\n\na. We use [one cookie](https://example.org/lang "Language").\n\n'
        "b. **Scope.** See [the law](https://law.example/).\n",
        '# 2. What we do\n\na. See [lang](https://example.org/lang "Language").\n',
    ]
    assert [str(g) for g in result.guesses][:2] == [
        "c.md:1: the front matter (lines 1 to 4) is the old site's: dropped; its title 'Cookie Notice' is not used: "
        "the heading 'Cookies' (line 6) is the title",
        "c.md:6: the level-1 heading before the first section is the document's title and the preamble's heading",
    ]
    assert "c.md:21: the link definition [lang] is written into the links that use it" in [
        str(g) for g in result.guesses
    ]


def test_policy_yml_keeps_its_keys_and_comments_when_a_language_is_added():
    from policykit.importing.split import merged_meta

    existing = (
        "# The current version.\nversion: 1.10\neffective: 2026-01-15   # the day\nauthoritative: en\n"
        'title:\n  en: Terms   # shown on every page\nsummary: {en: "Reworded."}\n'
        "moved: {s1-c: s2-a}\nremoved: [s3-g]\n"
    )
    result = imported("privacy.md")
    result.language = "de"
    text = merged_meta(result, existing)
    assert text.startswith(
        "# The current version.\nversion: 1.10\neffective: 2026-01-15   # the day\n"
        "authoritative: en\ntitle:\n  en: Terms   # shown on every page\n  de: Privacy Policy\n"
        'summary: {en: "Reworded.", de: Imported from privacy.md.}\n'
    )
    data = yaml.safe_load(text)
    assert data["moved"] == {"s1-c": "s2-a"} and data["removed"] == ["s3-g"] and data["gaps"] == ["s2-c"]
    assert list(data["aliases"]) == ["1-who-we-are", "2-what-we-collect", "3-how-we-use-it", "4-your-rights"]


@pytest.mark.build
def test_importing_into_a_site_that_policy_init_made(tmp_path, monkeypatch):
    """init's sample sections are replaced without --force; its policy.yml keeps its comments."""
    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(
        main,
        [
            "init",
            "site",
            "--languages",
            "en,sv",
            "--title",
            "en=Privacy Policy",
            "--title",
            "sv=Integritetspolicy",
            "--site-url",
            "https://policy.example.org/",
        ],
        catch_exceptions=False,
    )
    assert made.exit_code == 0, made.output
    repo = GitRepo(tmp_path / "site", scaffold=False)
    for name, lang in (("privacy.md", "en"), ("privacy-sv.md", "sv")):
        result = run_import(repo, name, "--language", lang, monkeypatch=monkeypatch)
        assert result.exit_code == 0, result.output
    meta = (repo.path / "policy/policy.yml").read_text(encoding="utf-8")
    assert "# the binding language" in meta and "gaps:" in meta
    assert yaml.safe_load(meta)["title"] == {"en": "Privacy Policy", "sv": "Integritetspolicy"}
    assert sorted(p.name for p in (repo.path / "policy/sv").iterdir())[0] == "00-integritetspolicy.md"
    built = build(repo)
    assert built.returncode == 0, built.output


def test_attribute_lines_before_a_block_and_rules_that_are_no_list():
    text = "## 1. A\n\n- one\n- two\n\n* * *\n\n{: #next-one}\nMore text.\n\n## 2. B\n"
    result = split(text, "x.md", "en")
    # the bullets stay a list of the section (no clauses a., b. made up), so the id lands on it
    assert result.sections[0].text == "# 1. A\n\n- one\n- two\n\n* * *\n\nMore text.\n"
    assert result.aliases["next-one"] == "s1"


def test_a_language_that_is_no_code_is_refused(tmp_path, monkeypatch):
    repo = site(tmp_path)
    result = run_import(repo, "privacy.md", "--language", "../en", monkeypatch=monkeypatch)
    assert result.exit_code == 1 and "'../en' is not a language code" in result.output
    assert not (repo.path / "policy").exists() and not (repo.path / "en").exists()


def test_policy_yml_reads_gaps_and_aliases_and_refuses_fragments_of_other_forms():
    from policykit.text.checks import Problems
    from policykit.text.meta import parse_meta

    problems = Problems()
    meta = parse_meta(
        'version: "1.0"\neffective: 2026-01-15\nauthoritative: en\ntitle: {en: T}\nsummary: {en: S}\n'
        "gaps: [s2-c]\naliases: {a-definitions: s1, -1-scope: s1, s5: s1, __search: s1, policy-x: s1}\n",
        "policy/policy.yml",
        ["en"],
        problems,
    )
    assert meta.gaps == ["s2-c"] and "s2-c" in meta.declared
    assert meta.aliases == {"a-definitions": "s1", "-1-scope": "s1"}
    assert [p.message for p in problems] == [
        f"aliases: '{name}' cannot be an old fragment" for name in ("s5", "__search", "policy-x")
    ]


def test_an_alias_to_an_anchor_not_in_the_text_is_a_warning(tmp_path, monkeypatch):
    repo = site(tmp_path)
    assert run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch).exit_code == 0
    meta = repo.path / "policy/policy.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("4-your-rights: s4", "4-your-rights: s9"), encoding="utf-8"
    )
    repo.commit("Imported", COMMIT_DATE)
    lint = CliRunner().invoke(main, ["lint", "--root", str(repo.path)])
    assert (
        "aliases: #4-your-rights -> s9, but s9 is not in the text (name the anchor where the old "
        "fragment's text stands now, or remove the alias)" in lint.output
    )


@pytest.mark.build
def test_a_translation_lacking_a_section_gets_its_heading_marked_untranslated(tmp_path, monkeypatch):
    reference = imported("privacy.md")
    text = (DATA / "privacy-sv.md").read_text(encoding="utf-8").split("## 4.")[0]
    result = split(text, "sv.md", "sv", reference=reference)
    last = result.sections[-1]
    assert last.filename == "04-your-rights.md"
    heading = next(line for line in reference.sections[-1].text.split("\n") if line.startswith("# "))
    assert last.text == f"---\nuntranslated: [s4]\n---\n{heading}\n"
    assert result.untranslated["04-your-rights.md"] == ["s4"]
    assert result.gaps == ["s2-c"] and result.numbering == reference.numbering
    # the site builds: the whole section stands in, in the binding language
    repo = site(tmp_path, langs=("en", "sv"))
    assert run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch).exit_code == 0
    (repo.path / "sv.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "sv.md", "--language", "sv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    built = build(repo)
    assert built.returncode == 0, built.output
    assert '<section aria-labelledby="s4" class="policy-section" lang="en">' in (
        built.site / "sv/index.html"
    ).read_text(encoding="utf-8")


# --- what a review found ----------------------------------------------------------------------


def test_roman_clause_labels_are_read_as_numbers_and_reported():
    text = "## 1. A\n\na. one\n\nb. two\n\n## 2. B\n\ni. first\n\nii. second\n\niii. third\n\n## 3. C\n\na. x\n"
    result = split(text, "x.md", "en")
    assert result.gaps == [] and result.numbering["clause"] == "a."
    assert result.sections[1].text == "# 2. B\n\na. first\n\nb. second\n\nc. third\n"
    assert result.sections[1].ids == ["s2", "s2-a", "s2-b", "s2-c"]
    guesses = [str(g) for g in result.guesses]
    assert (
        "x.md:9: the clauses from 'i.' on are Roman numerals, which no clause scheme is: read as 1, 2, 3 … "
        "and rewritten in the text's scheme" in guesses
    )
    assert "x.md:13: label 'iii.' rewritten to 'c.' (the clauses of this text are numbered 'a.')" in guesses


def test_a_long_run_of_missing_labels_stops_the_import_naming_every_problem():
    text = "## 1. A\n\na. x\n\nk. y\n\n## 2. B\n\na. z\n\nb. q\n\na. again\n\n## 9. C\n\n## 8. D\n"
    with pytest.raises(ImportProblem) as caught:
        split(text, "x.md", "en")
    assert str(caught.value).split("\n") == [
        "x.md:5: clause 'k.' follows 'a.': 9 labels would be missing ('b.' to 'j.'), more than a run of removed "
        "clauses; the labels are likely of a scheme the import misread (correct the labels in the source, or write "
        "them as numbers (1., 2., 3.))",
        "x.md:13: clause 'a.' appears twice in s2 (first at line 9) (give each its own label in the source)",
        "x.md:15: section 9 follows 2: 6 numbers would be missing (3 to 8), more than a run of removed sections; "
        "the headings' numbers are likely misread (correct the numbers in the source, or number the sections "
        "1., 2., 3. in order)",
        "x.md:17: section 8 follows section 9 (put the sections in order in the source)",
    ]


@pytest.mark.build
def test_inline_anchors_become_aliases_and_their_text_stays(tmp_path, monkeypatch):
    text = (
        '# T\n\n## 1. One\n\n<a name="intro">Intro</a> text here.\n\n<a id="x1" class="anchor" href="#x1"></a>\n'
        'a. clause one <span id="x2"></span> and <a id="x3" href="https://example.org/">a link</a>\n\n'
        '## 2. Two <a name="h2anchor"></a>\n\na. two\n'
    )
    result = split(text, "x.md", "en")
    assert [s.text for s in result.sections][1:] == [
        '# 1. One\n\nIntro text here.\n\na. clause one  and <a href="https://example.org/">a link</a>\n',
        "# 2. Two\n\na. two\n",
    ]
    assert {k: v for k, v in result.aliases.items() if not k[0].isdigit()} == {
        "intro": "s1",
        "x1": "s1-a",
        "x2": "s1-a",
        "x3": "s1-a",
        "h2anchor": "s2",
    }
    guesses = [str(g) for g in result.guesses]
    assert "x.md:5: the anchor '<a name=\"intro\">' is dropped; #intro lands on s1" in guesses
    assert "x.md:8: the anchor '<span id=\"x2\">' is dropped; #x2 lands on s1-a" in guesses
    assert "x.md:10: the anchor '<a name=\"h2anchor\">' is dropped; #h2anchor lands on s2" in guesses
    other = split('## 1. A\n\na. see <a href="https://x.example/" data-id="3">x</a>\n\n## 2. B\n', "y.md", "en")
    assert '<a href="https://x.example/" data-id="3">x</a>' in other.sections[0].text and "3" not in other.aliases
    repo = site(tmp_path)
    repo.write("anchors.md", text)
    monkeypatch.chdir(repo.path)
    assert CliRunner().invoke(main, ["import", "anchors.md", "--language", "en"]).exit_code == 0
    built = build(repo)
    assert built.returncode == 0, built.output


def test_only_aliases_that_are_written_are_reported_and_none_has_an_anchors_form():
    text = (
        '## A. One\n\n1. x\n\n{: #sd }\n\n{: #policy-x }\n\n<a name="sq"></a>\n\n## B. Two\n\n1. y\n\n'
        "## C. Three\n\n## D. Four\n"
    )
    result = split(text, "x.md", "en")
    assert not {"sd", "sq", "policy-x"} & set(result.aliases)
    assert [str(g) for g in result.guesses if "dropped" in g.message] == [
        "x.md:5: the attribute line '{: #sd }' is dropped; #sd is not kept: it is the anchor of sd in the new "
        "text, which an alias may not replace",
        "x.md:7: the attribute line '{: #policy-x }' is dropped; #policy-x is not kept: it has the form of the "
        "site's own ids (policy-…, md-…)",
        "x.md:9: the anchor '<a name=\"sq\">' is dropped; #sq is not kept: it has the form of an anchor of the "
        "new text, which an alias may not have",
    ]
    decimal = split('## 1. One\n\n1.1 x <a name="s1-2"></a>\n\n## 2. Two\n\n2.1 y\n', "y.md", "en")
    assert decimal.numbering["clause"] == "1.1" and "s1-2" not in decimal.aliases


def test_a_label_that_continues_a_paragraph_stays_text_and_the_output_lints(tmp_path, monkeypatch):
    text = (
        "# T\n\n## 1. A\n\nWe serve over\n1.5 million users and\nmore.\n\n## 2. B\n\n1. one\n2. This covers "
        "these\n(2) items.\n3. three\n4. four that\nwraps\n5. five\n(1) sub one\n(2) sub two\n"
    )
    result = split(text, "x.md", "en")
    assert result.gaps == [] and result.numbering["clause"] == "1."
    assert result.sections[1].text == "# 1. A\n\nWe serve over\n1\\.5 million users and\nmore.\n"
    assert result.sections[2].ids == ["s2", "s2-1", "s2-2", "s2-3", "s2-4", "s2-5", "s2-5-1", "s2-5-2"]
    assert "\n2. This covers these\n\\(2) items.\n" in result.sections[2].text
    assert (
        "x.md:13: the text '(2) items.' continues the paragraph before it, so it is not a label: escaped as "
        "'\\(2) items.', which reads the same" in [str(g) for g in result.guesses]
    )
    repo = site(tmp_path)
    repo.write("wrapped.md", text)
    monkeypatch.chdir(repo.path)
    assert CliRunner().invoke(main, ["import", "wrapped.md", "--language", "en"]).exit_code == 0
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(repo.path)])
    assert lint.exit_code == 0, lint.output


def test_a_compact_list_of_clauses_and_sub_clauses_is_read_as_labels():
    result = split("## 1. A\n\na. x\n(1) one\nwrapped\n(2) two\nb. y\nc. z\n\n## 2. B\n", "x.md", "en")
    assert result.sections[0].ids == ["s1", "s1-a", "s1-a-1", "s1-a-2", "s1-b", "s1-c"]


def test_a_front_matter_never_closed_is_refused_with_its_line():
    with pytest.raises(ImportProblem) as caught:
        split("---\ntitle: X\n\n# T\n\n## 1. A\n\na. x\n\n## 2. B\n", "x.md", "en")
    assert str(caught.value) == (
        "x.md:1: the file starts with '---', a front matter, which no line '---' closes "
        "(end the front matter with a line '---', or delete the first line)"
    )


@pytest.mark.build
def test_lists_keep_their_nested_lists_and_paragraphs(tmp_path, monkeypatch):
    """A bullet list stays the section's list, as the source wrote it (it was once read as
    clauses 1., 2., labels the source never had); a numbered list's items are clauses, their
    nested lines de-indented to stay their lists."""
    text = (
        "# T\n\n## 1. Keeping\n\n- We keep it for a year.\n  - nested one\n  - nested two\n- Second item.\n\n"
        '    Continuation paragraph.\n\n## 2. Agreement\n\n1. Terms.\n2. The "Agreement" means this.\n'
        "   - nested bullet one\n   - nested bullet two\n"
    )
    result = split(text, "x.md", "en")
    assert result.sections[1].ids == ["s1"] and result.sections[2].ids == ["s2", "s2-1", "s2-2"]
    assert result.sections[1].text == (
        "# 1. Keeping\n\n- We keep it for a year.\n    - nested one\n    - nested two\n"
        "- Second item.\n\n    Continuation paragraph.\n"
    )
    assert result.sections[2].text.endswith(
        '2. The "Agreement" means this.\n\n- nested bullet one\n- nested bullet two\n'
    )
    repo = site(tmp_path)
    repo.write("lists.md", text)
    monkeypatch.chdir(repo.path)
    assert CliRunner().invoke(main, ["import", "lists.md", "--language", "en"]).exit_code == 0
    built = build(repo)
    assert built.returncode == 0, built.output
    page = (built.site / "index.html").read_text(encoding="utf-8")
    assert "<pre" not in page and "<li>nested one</li>" in page and "<li>nested bullet two</li>" in page
    assert "<p>Continuation paragraph.</p>" in page and "- nested" not in page


def _unwritable(path: Path) -> None:
    """`path` made unwritable even for root (immutable), or the test is skipped."""
    import os
    import subprocess

    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        path.parent.chmod(0o555)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")


def _writable(path: Path) -> None:
    import os
    import subprocess

    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        path.parent.chmod(0o755)
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("blocked", ["policy/policy.yml", "policy/en"])
def test_a_failed_write_changes_nothing_and_names_the_path(tmp_path, monkeypatch, blocked):
    repo = site(tmp_path)
    assert run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch).exit_code == 0
    before = {p: p.read_bytes() for p in (repo.path / "policy").rglob("*") if p.is_file()}
    _unwritable(repo.path / blocked)
    try:
        result = run_import(repo, "notice.md", "--language", "en", "--force", monkeypatch=monkeypatch)
    finally:
        _writable(repo.path / blocked)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {blocked}: cannot write there ("), result.output
    assert "the policy is as it was" in result.output
    assert {p: p.read_bytes() for p in (repo.path / "policy").rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (repo.path / "policy").iterdir()) == ["en", "policy.yml"]


def test_a_broken_policy_yml_is_named_as_the_user_sees_it(tmp_path, monkeypatch):
    repo = site(tmp_path)
    repo.write("policy/policy.yml", 'version: "1.0"\ntitle: {en: [\n')
    result = run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch)
    assert result.exit_code == 1 and result.output.startswith(
        "Error: policy/policy.yml:3: the existing file is not valid YAML"
    ), result.output


def test_what_becomes_of_the_titles_is_said_as_it_is(tmp_path, monkeypatch):
    text = "---\ntitle: Old Notice\n---\n\n## 1. A\n\na. x\n\n## 2. B\n\na. y\n"
    result = split(text, "x.md", "en")
    assert result.title == "Old Notice"
    assert str(result.guesses[0]) == (
        "x.md:1: the front matter (lines 1 to 3) is the old site's: dropped; its title "
        "'Old Notice' is the title for policy.yml, unless it has one for en"
    )
    repo = site(tmp_path)
    repo.write(
        "policy/policy.yml",
        'version: "1.0"\neffective: 2026-01-01\nauthoritative: en\ntitle:\n  en: Terms\nsummary: {en: S}\n',
    )
    result = run_import(repo, "privacy.md", "--language", "en", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (
        "policy/policy.yml:4: title: en stays 'Terms'; the source's title 'Privacy Policy' is not written"
        in result.output
    )
    assert yaml.safe_load((repo.path / "policy/policy.yml").read_text(encoding="utf-8"))["title"] == {"en": "Terms"}


def test_binary_data_is_said_to_be_no_text():
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(ImportProblem) as caught:
        decode_source_file(data, "policy.docx")
    assert "the file is not text (byte 0x" in str(caught.value) and "Windows-1252" not in str(caught.value)
    assert str(caught.value).startswith("policy.docx:")
    with pytest.raises(ImportProblem) as caught:
        decode_source_file(b"## 1. A\n\nok\n" + b"\x00\x01", "x.md")
    assert str(caught.value).startswith("x.md:4: the file is not text (byte 0x00, a control character, and 1 more")


@pytest.mark.parametrize(
    "language, hint",
    [
        (
            "EN",
            "warning: EN is not a language of the site (en, sv): did you mean --language en? Move policy/EN/ away "
            "and import again with it",
        ),
        (
            "zz",
            "warning: zz is not a language of the site (en, sv): add it to the i18n plugin's languages in mkdocs.yml, "
            "or import again with one of them",
        ),
    ],
)
def test_a_language_the_site_does_not_have_is_named_with_the_fix(tmp_path, monkeypatch, language, hint):
    repo = site(tmp_path, langs=("en", "sv"))
    shutil.copy(DATA / "privacy.md", repo.path / "privacy.md")
    monkeypatch.chdir(repo.path)
    result = CliRunner().invoke(main, ["import", "privacy.md", "--language", language], catch_exceptions=False)
    assert result.exit_code == 0 and hint in result.output, result.output


@pytest.mark.build
def test_a_section_of_bullets_only_is_one_unit_with_its_list(tmp_path, monkeypatch):
    """Bullets are no labels the source gave: the section is one unit and keeps its list, with
    its nested lines, in every marker (`-`, `*`, `+`). A label that a bullet's text wraps onto
    (`a.`, `(1)`, at the margin or indented) stays text, escaped so that it reads the same."""
    text = (
        "## 1. Data\n\nWe collect:\n\n- your name, and\na. wrapped like a label\n- your address\n"
        "  (1) wrapped, indented\n* a star item\n\n  its own paragraph\n\n  - nested\n+ a plus item\n\n"
        "## 2. Contact\n\nWrite to us.\n"
    )
    result = split(text, "b.md", "en")
    assert [s.ids for s in result.sections] == [["s1"], ["s2"]]
    # nested lines at four spaces, as MkDocs' Markdown nests them; a blank line ends the loose item
    assert result.sections[0].text == (
        "# 1. Data\n\nWe collect:\n\n- your name, and\na\\. wrapped like a label\n- your address\n"
        "    \\(1) wrapped, indented\n* a star item\n\n    its own paragraph\n\n    - nested\n\n+ a plus item\n"
    )
    assert not any("clauses" in str(g) for g in result.guesses)
    repo = site(tmp_path)
    repo.write("bullets.md", text)
    monkeypatch.chdir(repo.path)
    assert CliRunner().invoke(main, ["import", "bullets.md", "--language", "en"]).exit_code == 0
    built = build(repo)
    assert built.returncode == 0, built.output
    page = (built.site / "index.html").read_text(encoding="utf-8")
    assert "<li>your name, and\na. wrapped like a label</li>" in page and "(1) wrapped, indented</li>" in page
    assert (
        "<li>\n<p>a star item</p>\n<p>its own paragraph</p>\n<ul>\n<li>nested</li>\n</ul>\n</li>\n<li>\n<p>a plus item</p>"
        in page
    )


def test_numbered_lists_are_still_clauses_and_bullets_stay_in_theirs():
    """The source numbers `1.` and `(a)`: those items are clauses (here in the scheme `1.`). A bullet list after a clause
    is that clause's text; a bullet at the margin ends the nested lines of a `1.` item, so its
    own nested paragraph stays nested in it. A `1.` after bullets starts the clauses."""
    text = (
        "## 1. Use\n\n- a bullet first\n1. One.\n   - nested in one\n- margin bullet\n\n  its paragraph\n"
        "2. Two.\n\n## 2. Rights\n\n(a) First.\n\n- bullet\n- bullet\n\n(b) Second.\n"
    )
    result = split(text, "n.md", "en")
    assert [s.ids for s in result.sections] == [["s1", "s1-1", "s1-2"], ["s2", "s2-1", "s2-2"]]
    assert result.sections[0].text == (
        "# 1. Use\n\n- a bullet first\n1. One.\n\n- nested in one\n- margin bullet\n\n    its paragraph\n2. Two.\n"
    )
    assert result.sections[1].text == "# 2. Rights\n\n1. First.\n\n- bullet\n- bullet\n\n2. Second.\n"


def test_a_deep_list_is_nested_four_spaces_a_level_and_code_stays():
    """Python-Markdown nests by four spaces, GitHub by the item's text column: each level's
    lines move to four more than their item's marker; fenced code is left where it stands."""
    text = (
        "## 1. Deep\n\n- one\n  - two\n    - three\n      text of three\n  - two b\n- back\n\n"
        "```\n- code\n  - stays\n```\n\n## 2. End\n\nText.\n"
    )
    result = split(text, "d.md", "en")
    assert result.sections[0].text == (
        "# 1. Deep\n\n- one\n    - two\n        - three\n            text of three\n"
        "    - two b\n- back\n\n```\n- code\n  - stays\n```\n"
    )


def test_the_import_is_a_function_of_values_that_says_what_it_did(tmp_path):
    """importing/command.run is `policy import` without click: what it says comes back as lines
    (the files written, then on stderr's side a warning for a language the site lacks), and what
    stops it is a FixableError."""
    from policykit.importing import command
    from policykit.text.checks import FixableError

    repo = site(tmp_path, langs=("en", "sv"))
    shutil.copy(DATA / "privacy.md", repo.path / "privacy.md")
    said = command.run(command.Request(language="zz", file=repo.path / "privacy.md", into=repo.path), None)
    assert said.out[0].startswith("wrote ") and any("policy/zz/" in line for line in said.out)
    assert (repo.path / "policy/zz").is_dir()
    assert said.err == [
        "warning: zz is not a language of the site (en, sv): add it to the i18n plugin's languages in mkdocs.yml, "
        "or import again with one of them"
    ]
    with pytest.raises(FixableError, match="give either FILE"):
        command.run(command.Request(language="en"), None)
