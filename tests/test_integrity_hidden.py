"""The page, the redline, the search index, policy.json and compare.json carry one text: no
class or attribute from an editor hides words on the page that the record has, and no comment
reaches any of them (nor the page's source).

One site, built for real from a git history: 1.0 plain, then 1.1 whose clauses carry every way
found to hide words (a theme class in raw HTML and in an attribute list, aria-hidden, role and
aria-label, a collapsed <details>) and comments (one with `>` inside, the HTML standard's short
and odd forms, one that spans a label). Section 1 is rendered once per clause (render/sections.py),
section 2 with its page (it has a sub-heading): both ways are covered. The page is read in
Chromium (what a reader sees, and what a screen reader is given) and every record is parsed."""

from __future__ import annotations

import json

import pytest
from browsing import serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from gitrepo import GitRepo, meta

from policykit.text.checks import Problems
from policykit.text.comments import Comments
from policykit.text.htmlcheck import check_page
from policykit.text.model import plain
from policykit.text.parser import parse_section
from policykit.text.reading import SECTION_BREAK
from policykit.text.sanitise import sanitise, trusted

EPOCH = "1780272000"  # 2026-06-01
PREAMBLE = "# Privacy Policy\n\nIntroduction.\n"

OLD_1 = "# 1. Collection\n\nWe track you.\n\n" + "".join(f"{c}. Old {c}.\n\n" for c in "abcdefg")
OLD_2 = "# 2. Use\n\na. Old a.\n\nb. Old b.\n\nc. Old c.\n"
HIDING_1 = (
    "# 1. Collection\n\n"
    'We do <span class="tabbed-block">not </span>track you.\n\n'
    'a. We do <span class="tabbed-block">not </span>sell your data.\n\n'
    "b. We keep it for a year. <!-- counsel: retention > 1 year is risky -->\n\n"
    'c. We share it <span aria-hidden="true">only </span>with processors.\n\n'
    "d. We delete it on request.\n{: .tabbed-block }\n\n"
    "e. <details><summary>Logs</summary>We keep logs for a week.</details>\n\n"
    "f. We collect names. <!--\n"
    "g. We sell your data to brokers.\n"
    "-->\n\n"
    "g. We collect e-mail. <!--> shown <!---> too <!-- counsel: x --!> also\n"
)
HIDING_2 = (
    "# 2. Use\n\n"
    'a. We use <span class="tabbed-block">no </span>cookies.\n\n'
    "### Details\n\n"
    "None at all. <!-- counsel: > is risky -->\n\n"
    'b. We <span role="img" aria-label="never">always</span> ask first.\n\n'
    "<!--\n"
    "c. We sell your data to brokers.\n"
    "-->\n\n"
    "c. We tell you.\n"
)
#: Each clause and the words the page must show (as policy.json and the rest say).
SHOWN = {
    "s1": "We do not track you.",
    "s1-a": "We do not sell your data.",
    "s1-b": "We keep it for a year.",
    "s1-c": "We share it only with processors.",
    "s1-d": "We delete it on request.",
    "s1-e": "Logs We keep logs for a week.",
    "s1-f": "We collect names.",
    "s1-g": "We collect e-mail. shown too also",
    "s2-a": "We use no cookies. Details None at all.",
    "s2-b": "We always ask first.",
    "s2-c": "We tell you.",
}
#: Words that only comments hold: in no file of the site.
COMMENTED = ["counsel", "risky", "brokers"]
LANGS = {"sv": "", "en": "en/"}


def _words(text: str) -> str:
    return " ".join(text.split())


def _files(lang: str, one: str, two: str) -> dict[str, str]:
    names = {
        "sv": ("00-inledning.md", "01-insamling.md", "02-anvandning.md"),
        "en": ("00-introduction.md", "01-collection.md", "02-use.md"),
    }[lang]
    return {f"{lang}/{name}": text for name, text in zip(names, (PREAMBLE, one, two))}


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    repo = GitRepo(tmp_path_factory.mktemp("hidden") / "repo")
    repo.write_policy(
        {"policy.yml": meta("1.0", "2026-01-15"), **_files("sv", OLD_1, OLD_2), **_files("en", OLD_1, OLD_2)}
    )
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15"),
            **_files("sv", HIDING_1, HIDING_2),
            **_files("en", HIDING_1, HIDING_2),
        }
    )
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    result = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    return result


@pytest.mark.build
def test_policy_json_has_the_words_and_no_comment(hidden):
    clauses = {c["id"]: c for c in json.loads((hidden.site / "policy.json").read_text(encoding="utf-8"))["clauses"]}
    for unit_id, words in SHOWN.items():
        for lang in LANGS:
            assert _words(clauses[unit_id]["text"][lang]) == words, (unit_id, lang)
    assert "s1-h" not in clauses and "s2-d" not in clauses  # the commented labels started nothing


@pytest.mark.build
def test_the_search_index_has_the_words(hidden):
    for lang, prefix in LANGS.items():
        index = json.loads((hidden.site / prefix / "search/search_index.json").read_text(encoding="utf-8"))
        texts = {d["location"].rpartition("#")[2]: d["text"] for d in index["docs"] if "#s" in d["location"]}
        for unit_id, words in SHOWN.items():
            assert _words(BeautifulSoup(texts[unit_id], "html.parser").get_text(" ")) == words, (unit_id, lang)


@pytest.mark.build
def test_compare_json_has_the_words(hidden):
    data = json.loads((hidden.site / "compare.json").read_text(encoding="utf-8"))
    rows: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
    for version in data["versions"]:  # each version says what differs from the one before
        for lang, changed in version["langs"].items():
            rows[lang].update(changed)
    for lang in LANGS:
        for unit_id, words in SHOWN.items():
            text = data["texts"][rows[lang][unit_id]]
            if unit_id == "s1":  # a section's text comes after its title and a mark that shows as ": "
                text = text.partition(SECTION_BREAK)[2]
            assert _words(text) == words, (unit_id, lang)


@pytest.mark.build
def test_the_redlines_have_the_words(hidden):
    for lang, prefix in LANGS.items():
        page = BeautifulSoup(
            (hidden.site / prefix / "versions/1.1/changes/index.html").read_text(encoding="utf-8"), "html.parser"
        )
        for unit_id, words in SHOWN.items():
            if unit_id == "s1":
                continue  # a section's redline shows its title too
            redline = page.select_one(f'.policy-redline-unit[id$="{unit_id}"] .policy-redline')
            for deleted in redline.find_all("del"):
                deleted.decompose()
            for br in redline.find_all("br"):  # a paragraph break
                br.replace_with(" ")
            assert _words(redline.get_text()) == words, (unit_id, lang)


@pytest.mark.build
def test_no_file_of_the_site_carries_a_comment(hidden):
    for path in hidden.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert not [word for word in COMMENTED if word in text], path
    for lang, prefix in LANGS.items():
        article = BeautifulSoup((hidden.site / prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert "<!--" not in str(article.select_one("article")), lang


@pytest.mark.build
def test_no_class_or_hiding_attribute_of_the_editors_reaches_the_page(hidden):
    for lang, prefix in LANGS.items():
        for rel in ("index.html", "versions/1.1/index.html"):
            page = BeautifulSoup((hidden.site / prefix / rel).read_text(encoding="utf-8"), "html.parser")
            for generated in page.select(".policy-change, .policy-history, .policy-permalink"):  # the site's
                generated.decompose()
            for text in page.select(".policy-preamble, .policy-section"):
                classes = {c for el in text.find_all(class_=True) for c in el["class"]}
                assert {c for c in classes if not c.startswith("policy-") and c != "headerlink"} == set(), (lang, rel)
                for hiding in ("aria-hidden", "role", "aria-label"):
                    assert not text.find_all(attrs={hiding: True}), (lang, rel, hiding)
            editors = page.select(".policy-preamble details, .policy-section details")  # not a notice's own
            assert editors and all(d.has_attr("open") for d in editors), (lang, rel)


#: The words of a unit as a reader sees them (innerText: what CSS hides is not in it), without
#: what the generator adds (labels, change marks, history, the sub-units, the heading).
_SEEN = """(element) => {
  const extras = element.querySelectorAll(
      '.policy-label, .policy-change, .policy-history, .policy-clause, .policy-subclause, h2, .headerlink');
  for (const extra of extras) extra.style.display = 'none';
  const seen = element.innerText;
  for (const extra of extras) extra.style.display = '';
  return seen;
}"""


def test_the_reader_sees_the_words_of_the_record(hidden, browser):
    with serve(hidden.site) as url:
        page = browser.new_context().new_page()
        try:
            for lang, prefix in LANGS.items():
                for rel in ("", "versions/1.1/"):
                    page.goto(f"{url}/{prefix}{rel}")
                    for unit_id, words in SHOWN.items():
                        found = page.locator(f'[aria-labelledby="{unit_id}"]' if unit_id == "s1" else f"#{unit_id}")
                        assert _words(found.evaluate(_SEEN)) == words, (lang, rel, unit_id)
                    # What a screen reader is given: the words, not aria-label's or nothing.
                    assert "only with processors" in page.locator("#s1-c").aria_snapshot()
                    assert "always ask first" in page.locator("#s2-b").aria_snapshot()
        finally:
            page.context.close()


@pytest.mark.build
def test_lint_names_what_the_page_loses(hidden):
    out = hidden.output
    for lang, name in (("sv", "01-insamling.md"), ("en", "01-collection.md")):
        where = f"policy/{lang}/{name}"
        assert f"{where}:3: the class tabbed-block of <span> is removed from the page" in out
        assert f"{where}:5: the class tabbed-block of <span> is removed from the page" in out
        assert f"{where}:9: the attribute aria-hidden= of <span> is removed from the page" in out
        assert f"{where}:12: the class tabbed-block of the attribute list {{: .tabbed-block }}" in out
        assert f"{where}:14: the <details> is shown open on the page" in out
    assert "policy/en/02-use.md:9: the attribute role= of <span> is removed from the page" in out
    assert "policy/en/02-use.md:9: the attribute aria-label= of <span> is removed from the page" in out
    assert "counsel" not in out


# --- the pieces --------------------------------------------------------------------------


def _parse(text: str):
    problems = Problems()
    return parse_section(text, "policy/en/01-x.md", "1", problems).unit, problems


@pytest.mark.parametrize(
    "line, kept",
    [
        ("a <!-- x > y --> b", "a  b"),
        ("a <!--> b", "a  b"),  # a whole (empty) comment, as HTML reads it
        ("a <!---> b", "a  b"),
        ("a <!-- x --!> b", "a  b"),
        ("a <!----> b <!-- c -- d --> e", "a  b  e"),
        ("a `<!-- code -->` b", "a `<!-- code -->` b"),
        ("a ``x ` <!-- y`` b", "a ``x ` <!-- y`` b"),
        ('a <span title="<!-- t -->">b</span>', 'a <span title="<!-- t -->">b</span>'),
        ("a <!-- x -->", "a"),
        ("<!-- x -->", ""),
        ("a <!-- never closed", "a &lt;!-- never closed"),
    ],
)
def test_comments_follow_the_html_rules(line, kept):
    assert Comments([line]).strip(line, 0) == kept


def test_a_comment_spans_lines_and_labels_and_fenced_code_keeps_its_own():
    unit, problems = _parse(
        "# 1. T\n\na. x <!-- one\nb. inside\n--> after\n\nb. y\n\n```\n<!-- code -->\n```\n<!-- open\n\n```\n-->\n"
    )
    assert not problems, problems
    assert [c.id for c in unit.children] == ["s1-a", "s1-b"]
    assert unit.children[0].lines == ["x", "", " after", ""]  # the lines keep their numbers
    assert unit.children[1].lines[2:5] == ["```", "<!-- code -->", "```"]
    assert unit.children[1].lines[5:] == ["", "", "", "", ""]  # a fence in a comment is no fence


def test_an_unclosed_comment_is_text_and_lint_says_where():
    unit, problems = _parse("# 1. T\n\na. x\n\nb. y <!-- forgot to close\n\nc. z\n")
    assert [c.id for c in unit.children] == ["s1-a", "s1-b", "s1-c"]  # nothing after it is hidden
    assert plain("\n".join(unit.children[1].lines)) == "y <!-- forgot to close"
    assert [str(p) for p in problems] == [
        "policy/en/01-x.md:5: a comment opens here ('<!--') but is never closed, so the page shows it as "
        "text (end the comment with '-->', or remove the '<!--')"
    ]


def test_lint_names_every_attribute_that_hides_and_keeps_the_docs_rule_for_docs_pages():
    _, problems = _parse(
        '# 1. T\n\na. We <span hidden style="display:none" inert popover class="x">do not</span> sell.\n'
    )
    said = [p.message for p in problems]
    assert [m.split(" of ")[0] for m in said] == [
        "the attribute hidden=",
        "the attribute style=",
        "the attribute inert=",
        "the attribute popover=",
        "the class x",
    ]
    assert all(p.line == 3 and p.check.code == "raw-html" for p in problems)
    docs = Problems()
    check_page('# Docs\n\n<span class="x" aria-hidden="true">a</span> <details>b</details>\n', "docs/en/a.md", docs)
    assert docs == []  # a docs page is not the record: its classes and details stay as written


@pytest.mark.build
def test_a_link_in_a_comment_is_not_checked_but_one_after_it_is(tmp_path):
    """The relative-link check reads the file itself: it skips comments as the parser does."""
    from corpus_cases import make_case
    from hostile_sites import lint

    text = (
        "# 1. Insamling\n\na. Vi samlar in namn. <!-- förr: [villkor](gamla.md) -->\n\n"
        "b. Vi samlar in e-post. <!--\n[villkor](gamla.md)\n--> [villkor](saknas.md)\n\n"
        "c. Vi samlar in telefonnummer.\n"
    )
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
    code, lines, _ = lint(repo.path)
    links = [line for line in lines if "the link" in line]
    assert code == 1 and len(links) == 1 and links[0].startswith("policy/sv/01-insamling.md:7: the link 'saknas.md'")


def test_the_record_has_the_words_the_sanitiser_keeps():
    assert plain("We keep it. <!-- counsel: retention > 1 year is risky -->") == "We keep it."
    for hidden in ("script", "style", "template"):  # the page drops their content: the record too
        assert plain(f"We do <{hidden}>not </{hidden}>sell.") == "We do sell."
    assert plain("We do <noscript>not </noscript>sell.") == "We do not sell."
    assert plain("a\n{: .x }") == "a"  # the attribute list the plugin always enables
    assert plain('<span title="a > b">c</span> &lt;d&gt;') == "c <d>"


def test_the_sanitiser_keeps_no_class_or_hiding_attribute_of_the_texts_but_the_generators():
    html = (
        f'<section class="{trusted("policy-section")}" aria-labelledby="{trusted("s1")}">'
        '<span class="x tabbed-block" aria-hidden="true" role="img" aria-label="y">t</span>'
        '<details class="note"><summary>s</summary>u</details><details open>v</details></section>'
    )
    assert sanitise(html, record=True) == (
        '<section class="policy-section" aria-labelledby="s1"><span>t</span>'
        '<details open=""><summary>s</summary>u</details><details open="">v</details></section>'
    )
    # Docs pages are not the record: they keep their classes (all but the site's own).
    assert sanitise('<span class="x" aria-hidden="true">t</span><details>u</details>') == (
        '<span class="x" aria-hidden="true">t</span><details>u</details>'
    )


# --- what a site's Markdown extensions make ----------------------------------------------

EXTENSIONS = """
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""
EXTENDED = (
    "# 1. Collection\n\n"
    "a. We keep logs.\n\n"
    '??? note "Retention"\n'
    "    We keep them for a week.\n\n"
    "b. We choose.\n\n"
    '=== "First"\n'
    "    We do not sell your data.\n\n"
    '=== "Second"\n'
    "    We do not rent it.\n\n"
    'c. We warn.\n\n!!! headerlink "Faded"\n'
    "    We never share it.\n"
)


@pytest.mark.build
def test_what_a_sites_extensions_make_hides_no_words(tmp_path, browser):
    """Tabs (all but one hidden), a collapsed block and an admonition whose kind is a class the
    theme fades: every word is shown."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("mkdocs.yml", (repo.path / "mkdocs.yml").read_text(encoding="utf-8") + EXTENSIONS)
    two = "# 2. Use\n\na. We use it.\n"
    repo.write_policy(
        {"policy.yml": meta("1.0", "2026-01-15"), **_files("sv", EXTENDED, two), **_files("en", EXTENDED, two)}
    )
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    result = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    clauses = {c["id"]: c for c in json.loads((result.site / "policy.json").read_text(encoding="utf-8"))["clauses"]}
    shown = {
        "s1-a": ["We keep logs.", "Retention", "We keep them for a week."],
        "s1-b": ["We choose.", "First", "We do not sell your data.", "Second", "We do not rent it."],
        "s1-c": ["We warn.", "Faded", "We never share it."],
    }
    with serve(result.site) as url:
        page = browser.new_context().new_page()
        try:
            page.goto(f"{url}/en/")
            for unit_id, words in shown.items():
                seen = _words(page.locator(f"#{unit_id}").evaluate(_SEEN))
                for word in words:
                    assert word in seen, (unit_id, word, seen)
                    assert word in clauses[unit_id]["text"]["en"], (unit_id, word)
        finally:
            page.context.close()
