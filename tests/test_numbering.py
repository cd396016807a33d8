"""Numbering schemes: every scheme's labels parsed, anchored, cited, inserted, linted and built.

The labels are part of a policy's text ("as set out in section D.4"), so each scheme is read
by the one parser, and the site, lint, redlines and policy.json print the text's own labels.
"""

from __future__ import annotations

import json
from html import unescape

import pytest
from plugin_sites import build, html, make_site, no_traceback, policy_yml

from policykit.text.checks import Problems
from policykit.text.meta import parse_meta
from policykit.text.numbering import Numbering, from_roman, to_roman
from policykit.text.parser import parse_section

DECIMAL = Numbering()


def parse(text: str, number: str, numbering: Numbering = DECIMAL, declared=frozenset()):
    problems = Problems()
    unit = parse_section(text, "policy/en/f.md", number, problems, declared, numbering=numbering).unit
    return unit, [str(p) for p in problems]


def units(unit):
    return [(u.id, u.mark, u.cite) for u in unit.walk()]


# Each scheme: a section in it, and the (id, label as written, citation) of every unit.
SCHEMES = [
    (
        "default",
        Numbering(),
        "03",
        "# 3. Use\n\na. One.\n\nb. Two.\n\n(1) Sub.\n\n(1a) Inserted sub.\n\nba. Inserted.\n",
        [
            ("s3", "3.", "3"),
            ("s3-a", "a.", "3 a"),
            ("s3-b", "b.", "3 b"),
            ("s3-b-1", "(1)", "3 b (1)"),
            ("s3-b-1a", "(1a)", "3 b (1a)"),
            ("s3-ba", "ba.", "3 ba"),
        ],
    ),
    (
        "letters, numbered sub-sections (terms of service)",
        Numbering("A.", "1.", "(a)"),
        "04",
        "# D. Acceptable Use\n\nIntro.\n\n1. Comply with laws.\n\n2. No abuse.\n\n(a) No spam.\n\n(b) No malware.\n\n2a. Inserted.\n",
        [
            ("sd", "D.", "D"),
            ("sd-1", "1.", "D 1"),
            ("sd-2", "2.", "D 2"),
            ("sd-2-a", "(a)", "D 2 (a)"),
            ("sd-2-b", "(b)", "D 2 (b)"),
            ("sd-2a", "2a.", "D 2a"),
        ],
    ),
    (
        "decimal",
        Numbering("1.", "1.1", "1.1.1"),
        "04",
        "# 4. Definitions\n\n4.1 Account.\n\n4.2 Service.\n\n4.2.1 Website.\n\n4.2.1a Apps.\n\n4.2a Inserted.\n",
        [
            ("s4", "4.", "4"),
            ("s4-1", "4.1", "4.1"),
            ("s4-2", "4.2", "4.2"),
            ("s4-2-1", "4.2.1", "4.2.1"),
            ("s4-2-1a", "4.2.1a", "4.2.1a"),
            ("s4-2a", "4.2a", "4.2a"),
        ],
    ),
    (
        "EU style: paragraphs and points",
        Numbering("1.", "1.", "(a)"),
        "05",
        "# 5. Principles\n\n1. Personal data shall be:\n\n(a) processed lawfully;\n\n(b) collected for purposes;\n\n2. The controller is responsible.\n",
        [
            ("s5", "5.", "5"),
            ("s5-1", "1.", "5 1"),
            ("s5-1-a", "(a)", "5 1 (a)"),
            ("s5-1-b", "(b)", "5 1 (b)"),
            ("s5-2", "2.", "5 2"),
        ],
    ),
    (
        "Roman sections, (a) clauses, (1) sub-clauses",
        Numbering("I.", "(a)", "(1)"),
        "04a",
        "# IVa. Inserted Part\n\n(a) First.\n\n(aa) Inserted.\n\n(b) Second.\n\n(1) Sub.\n",
        [
            ("siva", "IVa.", "IVa"),
            ("siva-a", "(a)", "IVa (a)"),
            ("siva-aa", "(aa)", "IVa (aa)"),
            ("siva-b", "(b)", "IVa (b)"),
            ("siva-b-1", "(1)", "IVa (b) (1)"),
        ],
    ),
    (
        "a) clauses, Roman sub-clauses",
        Numbering("1.", "a)", "(i)"),
        "02",
        "# 2. Rights\n\na) Access.\n\n(i) copies;\n\n(ia) inserted;\n\n(ii) details;\n\n(iii) more;\n\n(iv) four;\n\nb) Erasure.\n",
        [
            ("s2", "2.", "2"),
            ("s2-a", "a)", "2 a"),
            ("s2-a-i", "(i)", "2 a (i)"),
            ("s2-a-ia", "(ia)", "2 a (ia)"),
            ("s2-a-ii", "(ii)", "2 a (ii)"),
            ("s2-a-iii", "(iii)", "2 a (iii)"),
            ("s2-a-iv", "(iv)", "2 a (iv)"),
            ("s2-b", "b)", "2 b"),
        ],
    ),
]


@pytest.mark.parametrize("name,numbering,number,text,expected", SCHEMES, ids=[s[0] for s in SCHEMES])
def test_each_scheme_is_parsed_with_its_own_labels(name, numbering, number, text, expected):
    unit, problems = parse(text, number.lstrip("0"), numbering)
    assert problems == []
    assert units(unit) == expected
    for unit_id, mark, cite in expected:  # the anchor alone gives back the text's labels
        assert (numbering.mark(unit_id), numbering.cite(unit_id)) == (mark, cite)


def test_roman_numerals_have_one_form():
    assert [to_roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994)] == [
        "i",
        "iv",
        "ix",
        "xiv",
        "xl",
        "xc",
        "cd",
        "mcmxciv",
    ]
    assert all(from_roman(to_roman(n)) == n for n in range(1, 1000))
    assert from_roman("iiii") is None and from_roman("ic") is None and from_roman("vx") is None


def test_the_default_scheme_keeps_every_anchor_and_message():
    unit, problems = parse("# 1. T\n\na. x\n\nc. y\n", "1")
    assert [u.id for u in unit.walk()] == ["s1", "s1-a", "s1-c"]
    assert problems == [
        "policy/en/f.md:5: clause 'c' follows 'a' ('b' is missing) (add 'b', correct the label, "
        "or, if s1-b was published and then removed, declare it in policy/policy.yml: removed: [s1-b])"
    ]


@pytest.mark.parametrize(
    "line,scheme",
    [("(a) Text.", "(a)"), ("a) Text.", "a)"), ("1.1 Text.", "1.1"), ("(ii) Text.", "(i)"), ("2.1.3 Text.", "1.1.1")],
)
def test_a_label_of_an_undeclared_scheme_is_an_error_naming_line_and_scheme(line, scheme):
    unit, problems = parse(f"# 1. T\n\na. First.\n\n{line}\n", "1")
    assert len(problems) == 1
    assert problems[0].startswith(
        f"policy/en/f.md:5: '{line.split()[0]}' is a label of the scheme '{scheme}', "
        "not of this policy's ('a.' for clauses, '(1)' for sub-clauses)"
    )
    assert "numbering: {" in problems[0] and f'"{scheme}"' in problems[0]
    assert [u.id for u in unit.walk()] == ["s1", "s1-a"]  # the line stays text: nothing is guessed


def test_a_foreign_label_is_reported_under_other_schemes_too():
    _, problems = parse("# D. T\n\n1. First.\n\na. Lettered.\n", "4", Numbering("A.", "1.", "(a)"))
    assert problems == [
        "policy/en/f.md:5: 'a.' is a label of the scheme 'a.', not of this policy's ('1.' for "
        "clauses, '(a)' for sub-clauses), so it is not read as a label (write a label of the "
        'policy\'s, or declare the scheme in policy/policy.yml: numbering: {clause: "a."}; if the line is text, '
        "write 'a\\.' (with a backslash), or join the line to the one before)"
    ]


def test_markdown_lists_stay_lists_unless_clauses_are_numbered():
    unit, problems = parse("# 1. T\n\na. We collect:\n\n1. your name;\n2. your address.\n", "1")
    assert problems == [] and [u.id for u in unit.walk()] == ["s1", "s1-a"]


def test_decimal_labels_start_with_their_parents_label():
    numbering = Numbering("1.", "1.1", "1.1.1")
    _, problems = parse("# 4. T\n\n4.1 One.\n\n3.2 Wrong section.\n\n4.2 Two.\n\n4.1.1 Wrong clause.\n", "4", numbering)
    assert problems == [
        "policy/en/f.md:5: clause '3.2' stands under '4', but its label starts with '3' "
        "(write '4.2', or move it to where '3' is)",
        "policy/en/f.md:9: sub-clause '4.1.1' stands under '4.2', but its label starts with '4.1' "
        "(write '4.2.1', or move it to where '4.1' is)",
    ]


def test_gaps_order_and_duplicates_speak_each_schemes_labels():
    _, problems = parse("# D. T\n\n1. One.\n\n3. Three.\n\n(b) Sub.\n\n3. Again.\n", "4", Numbering("A.", "1.", "(a)"))
    starts = [
        "policy/en/f.md:5: clause '3' follows '1' ('2' is missing)",
        "policy/en/f.md:7: sub-clause (b) comes first ((a) is missing)",
        "policy/en/f.md:9: clause '3' appears twice",
    ]
    assert len(problems) == 3 and all(p.startswith(s) for p, s in zip(problems, starts)), problems
    assert "removed: [sd-2]" in problems[0] and "removed: [sd-3-a]" in problems[1]
    _, problems = parse("# 4. T\n\n4.1 One.\n\n4.3 Three.\n", "4", Numbering("1.", "1.1"))
    assert problems[0].startswith("policy/en/f.md:5: clause '4.3' follows '4.1' ('4.2' is missing)")


def test_gaps_declared_in_policy_yml_are_not_reported():
    _, problems = parse("# 1. T\n\na. x\n\nc. y\n", "1", declared=frozenset({"s1-b"}))
    assert problems == []


def test_letter_labels_are_one_letter_so_an_inserted_one_never_collides():
    numbering = Numbering("A.", "a.", "(1)")
    unit, problems = parse("# Za. After Z\n\na. x\n", "26a", numbering)
    assert problems == [] and unit.id == "sza" and unit.mark == "Za."
    _, problems = parse("# AA. Twenty-seventh\n\na. x\n", "27", numbering)
    assert problems[0].startswith("policy/en/f.md:1: section 27 has no letter: sections lettered A to Z are 26 at most")
    _, problems = parse("# AA. Wrong\n\na. x\n", "1a", numbering)
    assert problems[0].startswith(
        "policy/en/f.md:1: the heading has 'AA.' but the file name says section 1a, "
        "which is 'Aa.' in this policy's numbering (write '# Aa. Wrong'"
    )


def test_a_roman_heading_must_match_its_file_number():
    _, problems = parse("# IIII. Four\n", "4", Numbering("I."))
    assert problems == [
        "policy/en/f.md:1: the heading has 'IIII.' but the file name says section 4, which is "
        "'IV.' in this policy's numbering (write '# IV. Four', or rename the file to match the heading)"
    ]


META = 'version: "1.0"\neffective: 2026-01-15\nauthoritative: en\ntitle: {en: T}\nsummary: {en: S}\n'


@pytest.mark.parametrize(
    "numbering,message",
    [
        ('{clause: "A."}', "policy.yml:6: numbering: 'A.' is not a scheme of clauses"),
        ('{chapter: "1."}', "policy.yml:6: numbering: 'chapter' is not a level"),
        (
            '{clause: "(a)", subclause: "(i)"}',
            "policy.yml:6: numbering: clauses '(a)' and sub-clauses '(i)' are written alike",
        ),
        ('{subclause: "1.1.1"}', "policy.yml:6: numbering: subclause '1.1.1' continues a decimal clause label"),
        ('"A."', "policy.yml:6: numbering: must map levels to schemes"),
    ],
)
def test_policy_yml_refuses_unknown_or_ambiguous_schemes(numbering, message):
    problems = Problems()
    meta = parse_meta(META + f"numbering: {numbering}\n", "policy.yml", ["en"], problems)
    assert [str(p) for p in problems][0].startswith(message)
    assert meta.numbering == Numbering()


def test_policy_yml_reads_numbering_gaps_and_aliases():
    problems = Problems()
    meta = parse_meta(
        META + 'numbering: {section: "A."}\ngaps: [sb-3]\naliases: {acceptable-use: sd, "a:b": sd-1}\n',
        "policy.yml",
        ["en"],
        problems,
    )
    assert not list(problems)
    assert meta.numbering == Numbering("A.", "a.", "(1)")
    assert meta.gaps == ["sb-3"] and "sb-3" in meta.declared
    assert meta.aliases == {"acceptable-use": "sd", "a:b": "sd-1"}
    problems = Problems()
    parse_meta(META + "aliases: {s1-a: s1, '#x': s1, ok: nothing}\n", "policy.yml", ["en"], problems)
    assert [str(p).split(" (")[0] for p in problems] == [
        "policy.yml:6: aliases: 's1-a' cannot be an old fragment",
        "policy.yml:6: aliases: '#x' cannot be an old fragment",
        "policy.yml:6: aliases: 'nothing' is not an anchor",
    ]


def terms_site(tmp_path):
    """A two-language site numbered like many terms of service: sections A., B., numbered
    sub-sections, lettered points; version 1.1 amends D 2 (a)."""
    files = {}
    texts = {
        "en": [
            "# A. Definitions\n\n1. The Service is our website.\n\n2. You are the user.\n",
            "# B. Acceptable Use\n\n1. Comply with the law.\n\n2. Do not abuse the Service:\n\n"
            "(a) no spam;\n\n(b) no malware.\n",
        ],
        "de": [
            "# A. Begriffe\n\n1. Der Dienst ist unsere Website.\n\n2. Sie sind der Nutzer.\n",
            "# B. Zulässige Nutzung\n\n1. Halten Sie das Recht ein.\n\n2. Missbrauchen Sie den Dienst nicht:\n\n"
            "(a) kein Spam;\n\n(b) keine Schadsoftware.\n",
        ],
    }
    for lang, sections in texts.items():
        files[f"policy/{lang}/01-a.md"] = sections[0]
        files[f"policy/{lang}/02-b.md"] = sections[1]
    meta = (
        policy_yml(["en", "de"])
        + 'numbering: {section: "A.", clause: "1.", subclause: "(a)"}\n'
        + "aliases: {acceptable-use: sb}\n"
    )
    files["policy/policy.yml"] = meta
    project = make_site(tmp_path, files=files)
    # make_site writes a sample 01-a.md first; the files above replace it in the same commit
    return project


@pytest.mark.build
def test_a_site_numbered_in_its_own_scheme_builds_with_the_texts_labels(tmp_path):
    from gitrepo import GitRepo

    project = terms_site(tmp_path)
    repo = GitRepo.__new__(GitRepo)
    repo.path = project
    text = (project / "policy/en/02-b.md").read_text().replace("no spam;", "no spam or bulk mail;")
    (project / "policy/en/02-b.md").write_text(text)
    meta = (project / "policy/policy.yml").read_text().replace('"1.0"', '"1.1"').replace("2026-01-15", "2026-03-15")
    (project / "policy/policy.yml").write_text(meta)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Version 1.1", date="2026-03-10T12:00:00+00:00")
    result = build(project, "--strict")
    no_traceback(result)
    assert result.returncode == 0, result.output
    page = html(result.site, "index.html")
    assert '<h2 id="sb">B. Acceptable Use' in page
    assert 'id="sb-2-a"' in page and 'id="sa-1"' in page
    assert '<a class="policy-label" data-policy-cite="B 2 (a)" href="#sb-2-a">(a)</a>' in page
    assert '<a class="policy-label" data-policy-cite="A 1" href="#sa-1">1.</a>' in page
    assert 'id="acceptable-use"' in page  # an old fragment lands on its section
    assert 'id="sb-2-a"' in html(result.site, "de/index.html")
    data = json.loads((result.site / "policy.json").read_text())
    labels = {c["id"]: c["label"] for c in data["clauses"]}
    assert labels["sb-2-a"] == "B 2 (a)" and labels["sa"] == "A" and labels["sa-2"] == "A 2"
    redline = unescape(html(result.site, "versions/1.1/changes/index.html"))
    assert 'class="policy-label">B 2 (a)</a> <span class="policy-redline">no spam<ins> or bulk mail</ins>' in redline
    assert '<a href="../#sb-2-a">B 2 (a)</a>' in unescape(html(result.site, "changes/index.html"))


def test_policy_lint_reads_the_declared_scheme(tmp_path):
    from click.testing import CliRunner

    from policykit.cli import main

    project = terms_site(tmp_path)
    result = CliRunner().invoke(main, ["lint", "--strict", "--root", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (project / "policy/en/02-b.md").write_text(
        "# B. Acceptable Use\n\n1. Comply.\n\n2. Do not:\n\n(a) spam;\n\n(c) malware.\n\na. lettered\n"
    )
    result = CliRunner().invoke(main, ["lint", "--root", str(project)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "policy/en/02-b.md:9: sub-clause (c) follows (a) ((b) is missing)" in result.output
    assert "policy/en/02-b.md:11: 'a.' is a label of the scheme 'a.'" in result.output


@pytest.mark.build
def test_an_untranslated_clause_shows_the_authoritative_text_marked_with_its_language(tmp_path):
    from click.testing import CliRunner

    from policykit.cli import main

    de = "---\nuntranslated: [s1-b]\n---\n# 1. Geltungsbereich\n\na. Wir erheben Ihren Namen.\n"
    project = make_site(tmp_path, files={"policy/de/01-a.md": de})
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "de/index.html")
    clause = page[page.index('<div class="policy-clause" id="s1-b"') :]
    clause = clause[: clause.index("</div>")]
    assert clause.startswith(
        '<div class="policy-clause" id="s1-b" lang="en"><p><a class="policy-label" '
        'href="#s1-b">b.</a> We keep it for a year.</p>'
    )
    assert (
        '<p class="policy-untranslated" lang="de">Noch nicht übersetzt: Dieser Teil wird auf Englisch '
        "gezeigt, im verbindlichen Text.</p>"
    ) in clause
    data = json.loads((result.site / "policy.json").read_text())
    text = next(c for c in data["clauses"] if c["id"] == "s1-b")["text"]
    assert text == {"en": "We keep it for a year."}  # no German text is claimed for it
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(project)], catch_exceptions=False)
    assert lint.exit_code == 0, lint.output
    assert "policy/de/01-a.md:2: s1-b is not translated yet: the en text stands in" in lint.output
    (project / "policy/de/01-a.md").write_text(de.replace("[s1-b]", "[s1-c]"))
    lint = CliRunner().invoke(main, ["lint", "--root", str(project)], catch_exceptions=False)
    assert lint.exit_code == 1
    assert "s1-b (policy/en/01-a.md:5) is missing from the de text" in lint.output
    assert "untranslated: [s1-b]" in lint.output
    assert "untranslated: s1-c is not in the authoritative text (en)" in lint.output


#: Sites numbered in other schemes: (numbering, English section 2 before and after version 1.1,
#: the amended unit, its label as a reader cites it, its label on the page).
SITES = [
    (
        {"section": "1.", "clause": "1.1", "subclause": "1.1.1"},
        "# 2. Use\n\n2.1 We use your data.\n\n2.2 We share it:\n\n2.2.1 with processors;\n\n2.2.2 with courts.\n",
        "with processors;",
        "with processors and auditors;",
        "s2-2-1",
        "2.2.1",
        "2.2.1",
    ),
    (
        {"section": "I.", "clause": "a)", "subclause": "(i)"},
        "# II. Use\n\na) We use your data.\n\nb) We share it:\n\n(i) with processors;\n\n(ii) with courts.\n",
        "with processors;",
        "with processors and auditors;",
        "sii-b-i",
        "II b (i)",
        "(i)",
    ),
]


@pytest.mark.build
@pytest.mark.parametrize("numbering,text,old,new,unit_id,cite,mark", SITES, ids=["decimal", "roman"])
def test_redlines_diff_and_policy_json_follow_the_scheme(tmp_path, numbering, text, old, new, unit_id, cite, mark):
    from click.testing import CliRunner
    from gitrepo import GitRepo

    from policykit.cli import main

    scheme = ", ".join(f'{k}: "{v}"' for k, v in numbering.items())
    files = {
        "policy/en/02-b.md": text,
        "policy/de/02-b.md": text.replace("We", "Wir"),
        "policy/policy.yml": policy_yml(["en", "de"]) + f"numbering: {{{scheme}}}\n",
    }
    first = "# I. Scope\n\na) One.\n" if numbering["section"] == "I." else "# 1. Scope\n\n1.1 One.\n"
    files.update({"policy/en/01-a.md": first, "policy/de/01-a.md": first})
    project = make_site(tmp_path, files=files)
    repo = GitRepo.__new__(GitRepo)
    repo.path = project
    (project / "policy/en/02-b.md").write_text(text.replace(old, new))
    meta = (project / "policy/policy.yml").read_text().replace('"1.0"', '"1.1"').replace("2026-01-15", "2026-03-15")
    (project / "policy/policy.yml").write_text(meta)
    diff = CliRunner().invoke(main, ["diff", "--root", str(project)], catch_exceptions=False)
    assert f"  {cite} ({unit_id}, en): with processors{{+ and auditors+}};" in diff.output, diff.output
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Version 1.1", date="2026-03-10T12:00:00+00:00")
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "index.html")
    assert f'href="#{unit_id}">{mark}</a>' in page
    redline = unescape(html(result.site, "versions/1.1/changes/index.html"))
    assert (
        f'class="policy-label">{cite}</a> <span class="policy-redline">with processors<ins> and auditors</ins>'
        in redline
    )
    data = json.loads((result.site / "policy.json").read_text())
    assert {c["id"]: c["label"] for c in data["clauses"]}[unit_id] == cite
    assert data["versions"][1]["changes"]["changed"] == [unit_id]


def test_a_roman_inserted_section_that_reads_as_a_numeral_is_refused():
    numbering = Numbering("I.")
    _, problems = parse("# Ii. Inserted\n\na. x\n", "1i", numbering)
    assert problems == [
        "policy/en/f.md:1: the inserted section 'Ii.' would have the anchor #sii, which is section "
        "II's: under Roman numerals an inserted label's letters must not continue the numeral "
        "(insert with the letter a or b instead: a file 1a-….md holding '# Ia.')"
    ]
    assert parse("# Ia. Inserted\n\na. x\n", "1a", numbering)[1] == []


def test_a_line_of_text_that_starts_like_a_label_is_escaped_with_a_backslash():
    _, problems = parse("# 1. T\n\na. We have\n1.5 million users.\n", "1")
    assert problems[0].endswith(
        "if the line is text, write '1\\.5' (with a backslash), or join the line to the one before)"
    )
    unit, problems = parse("# 1. T\n\na. We have\n1\\.5 million users.\n", "1")
    assert problems == [] and unit.children[0].plain == "We have 1.5 million users."


def test_an_alias_never_takes_a_units_address(tmp_path):
    from click.testing import CliRunner

    from policykit.cli import main

    files = {
        "policy/policy.yml": policy_yml(["en", "de"]) + 'numbering: {section: "A."}\naliases: {sa-b: sa, intro: sa}\n'
    }
    for lang in ("en", "de"):
        files[f"policy/{lang}/01-a.md"] = "# A. Scope\n\na. One.\n\nb. Two.\n"
    project = make_site(tmp_path, files=files)
    lint = CliRunner().invoke(main, ["lint", "--root", str(project)], catch_exceptions=False)
    assert lint.exit_code == 1
    # of the form of an anchor of the site's numbering (`A.`): refused as the default's `s1-a` is
    assert "aliases: 'sa-b' cannot be an old fragment" in lint.output
    assert "intro" not in lint.output


def test_a_changed_numbering_is_named_as_the_cause_of_the_anchors_it_ends(tmp_path):
    from click.testing import CliRunner

    from policykit.cli import main

    project = make_site(tmp_path)  # 1.0: sections 1., clauses a.
    meta = (project / "policy/policy.yml").read_text().replace('"1.0"', '"1.1"') + 'numbering: {section: "A."}\n'
    (project / "policy/policy.yml").write_text(meta)
    for lang in ("en", "de"):
        path = project / f"policy/{lang}/01-a.md"
        path.write_text(path.read_text().replace("# 1.", "# A."))
    lint = CliRunner().invoke(main, ["lint", "--root", str(project)], catch_exceptions=False)
    assert lint.exit_code == 1
    assert (
        "policy/policy.yml:10: numbering: changed since version 1.0 (1.|a.|(1) -> A.|a.|(1)), so the anchors "
        "made from the old labels are gone (declare where each unit is now, in document order: "
        "moved: {s1: sa, s1-a: sa-a, s1-b: sa-b}; or keep the old numbering)"
    ) in lint.output


@pytest.mark.build
def test_a_whole_section_left_untranslated_shows_the_authoritative_section(tmp_path):
    from click.testing import CliRunner

    from policykit.cli import main

    en2 = "# 2. Retention\n\nWe keep data briefly.\n\na. Logs for a week.\n\nb. Backups for a month.\n"
    files = {"policy/en/02-b.md": en2, "policy/de/02-b.md": "---\nuntranslated: [s2]\n---\n# 2. Aufbewahrung\n"}
    project = make_site(tmp_path, files=files)
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(project)], catch_exceptions=False)
    assert lint.exit_code == 0, lint.output
    assert "policy/de/02-b.md:2: section s2 is not translated yet: the en text stands in" in lint.output
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "de/index.html")
    section = page[page.index('<section aria-labelledby="s2"') :]
    section = section[: section.index("</section>")]
    assert section.startswith('<section aria-labelledby="s2" class="policy-section" lang="en">')
    assert "2. Retention" in section and "Backups for a month." in section and "Aufbewahrung" not in section
    assert section.count('class="policy-untranslated" lang="de"') == 1  # one note for the section and its clauses


@pytest.mark.build
def test_an_untranslated_clause_in_the_middle_leaves_no_gap_in_the_translations_labels(tmp_path):
    from click.testing import CliRunner

    from policykit.cli import main

    en = "# 1. Scope\n\na. We collect your name.\n\nb. We keep it for a year.\n\nc. We never sell it.\n"
    de = "---\nuntranslated: [s1-b]\n---\n# 1. Geltungsbereich\n\na. Wir erheben Ihren Namen.\n\nc. Wir verkaufen ihn nie.\n"
    project = make_site(tmp_path, files={"policy/en/01-a.md": en, "policy/de/01-a.md": de})
    lint = CliRunner().invoke(main, ["lint", "--strict", "--root", str(project)], catch_exceptions=False)
    assert lint.exit_code == 0, lint.output
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    page = html(result.site, "de/index.html")
    assert page.index('id="s1-a"') < page.index('id="s1-b" lang="en"') < page.index('id="s1-c"')


@pytest.mark.build
def test_an_anchor_a_new_numbering_ended_is_cited_as_its_readers_knew_it(tmp_path):
    from gitrepo import GitRepo
    from plugin_sites import SECTIONS

    files = {"policy/policy.yml": policy_yml(["en", "de"]) + 'numbering: {section: "A.", clause: "(a)"}\n'}
    for lang in ("en", "de"):  # 1.0: sections A., clauses (a)
        files[f"policy/{lang}/01-a.md"] = (
            SECTIONS[lang].replace("# 1.", "# A.").replace("a. ", "(a) ").replace("b. ", "(b) ")
        )
    project = make_site(tmp_path, files=files)
    repo = GitRepo.__new__(GitRepo)
    repo.path = project
    meta = policy_yml(["en", "de"]).replace('"1.0"', '"1.1"').replace("2026-01-15", "2026-03-15")
    (project / "policy/policy.yml").write_text(meta + "moved: {sa: s1, sa-a: s1-a, sa-b: s1-b}\n")
    for lang in ("en", "de"):  # 1.1: the default numbering
        (project / f"policy/{lang}/01-a.md").write_text(SECTIONS[lang])
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Version 1.1", date="2026-03-10T12:00:00+00:00")
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    page = unescape(html(result.site, "index.html"))
    assert 'id="sa-a"' in page and "what was A (a)" in page and "what was a (a)" not in page
    assert "A (a) → " in unescape(html(result.site, "changes/index.html"))
