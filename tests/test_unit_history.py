"""Every unit's history (issue 14, part 1) and the preamble's permanent link (part 6), on the
issue-14 story (tests/fixtures/story.py): 1 a changed in 1.1; 2 a changed in the editorial 1.2 (and in
the upcoming 1.4); 2 b moved to 3 a and 1 c removed in 1.3; the English 1 b lagging; 1.3 in
force, 1.4 upcoming. Built once per module, --strict; read as HTML, as policy.json, as the
search index and in Chromium (both languages, 1280 and 375 px, light and dark, axe)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from story import build_story

#: What the pages in force (1.3) show, unit by unit: the summary line, then each entry as
#: (words, link below the language's root, date). Units not named have no line.
SV_1_3 = {
    "s1-a": (
        "Tillagd i 1.0 · ändrad i 1.1",
        [
            ("Tillagd i version 1.0", "versions/1.0/#s1-a", "i kraft från 15 januari 2026"),
            ("Ändrad i version 1.1", "versions/1.1/changes/#s1-a", "i kraft från 15 februari 2026"),
        ],
    ),
    "s1-b": (
        "Tillagd i 1.0 · ändrad i 1.1",
        [
            ("Tillagd i version 1.0", "versions/1.0/#s1-b", "i kraft från 15 januari 2026"),
            ("Ändrad i version 1.1", "versions/1.1/changes/#s1-b", "i kraft från 15 februari 2026"),
        ],
    ),
    "s2-a": (
        "Tillagd i 1.0 · ändrad i 1.2 (redaktionell)",
        [
            ("Tillagd i version 1.0", "versions/1.0/#s2-a", "i kraft från 15 januari 2026"),
            ("Ändrad i version 1.2 (redaktionell)", "versions/1.2/changes/#s2-a", "i kraft från 1 mars 2026"),
        ],
    ),
    "s3": ("Tillagd i 1.3", [("Tillagd i version 1.3", "versions/1.3/changes/#s3", "i kraft från 1 april 2026")]),
    "s3-a": (
        "Tillagd i 1.0 · flyttad från 2 b i 1.3",
        [
            ("Tillagd i version 1.0 som 2 b", "versions/1.0/#s2-b", "i kraft från 15 januari 2026"),
            ("Flyttad från 2 b i version 1.3", "versions/1.3/changes/#s2-b", "i kraft från 1 april 2026"),
        ],
    ),
}
EN_1_3 = {
    "s1-a": (
        "Added in 1.0 · changed in 1.1",
        [
            ("Added in version 1.0", "versions/1.0/#s1-a", "effective 15 January 2026"),
            ("Changed in version 1.1", "versions/1.1/changes/#s1-a", "effective 15 February 2026"),
        ],
    ),
    # The English 1 b lags: its binding text changed in 1.1, and that is its history.
    "s1-b": (
        "Added in 1.0 · changed in 1.1",
        [
            ("Added in version 1.0", "versions/1.0/#s1-b", "effective 15 January 2026"),
            ("Changed in version 1.1", "versions/1.1/changes/#s1-b", "effective 15 February 2026"),
        ],
    ),
    "s2-a": (
        "Added in 1.0 · changed in 1.2 (editorial)",
        [
            ("Added in version 1.0", "versions/1.0/#s2-a", "effective 15 January 2026"),
            ("Changed in version 1.2 (editorial)", "versions/1.2/changes/#s2-a", "effective 1 March 2026"),
        ],
    ),
    "s3": ("Added in 1.3", [("Added in version 1.3", "versions/1.3/changes/#s3", "effective 1 April 2026")]),
    "s3-a": (
        "Added in 1.0 · moved from 2 b in 1.3",
        [
            ("Added in version 1.0 as 2 b", "versions/1.0/#s2-b", "effective 15 January 2026"),
            ("Moved from 2 b in version 1.3", "versions/1.3/changes/#s2-b", "effective 1 April 2026"),
        ],
    ),
}
#: Archived versions: the history up to each (summary lines only; units not named have none).
ARCHIVES = {
    "versions/1.0/": {},
    "versions/1.1/": {"s1-a": "Tillagd i 1.0 · ändrad i 1.1", "s1-b": "Tillagd i 1.0 · ändrad i 1.1"},
    "versions/1.2/": {
        "s1-a": "Tillagd i 1.0 · ändrad i 1.1",
        "s1-b": "Tillagd i 1.0 · ändrad i 1.1",
        "s2-a": "Tillagd i 1.0 · ändrad i 1.2 (redaktionell)",
    },
    "versions/1.4/": {
        "s1-a": "Tillagd i 1.0 · ändrad i 1.1",
        "s1-b": "Tillagd i 1.0 · ändrad i 1.1",
        "s1-d": "Tillagd i 1.4",
        "s2-a": "Tillagd i 1.0 · ändrad i 1.2 (redaktionell), 1.4",
        "s3": "Tillagd i 1.3",
        "s3-a": "Tillagd i 1.0 · flyttad från 2 b i 1.3",
    },
    "en/versions/1.4/": {
        "s1-a": "Added in 1.0 · changed in 1.1",
        "s1-b": "Added in 1.0 · changed in 1.1",
        "s1-d": "Added in 1.4",
        "s2-a": "Added in 1.0 · changed in 1.2 (editorial), 1.4",
        "s3": "Added in 1.3",
        "s3-a": "Added in 1.0 · moved from 2 b in 1.3",
    },
}
NOTE = {
    "sv": "Om en del av texten inte visar sin historik är den oförändrad sedan version 1.0.",
    "en": "Unless a part of the text shows its history, it is unchanged since version 1.0.",
}
#: Words of the history lines that must never reach search or a copied text.
HISTORY_WORDS = [
    "Tillagd i",
    "ändrad i",
    "Historik för",
    "i kraft från",
    "Added in",
    "changed in",
    "History of",
    "effective 15",
]


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    _, result = build_story(tmp_path_factory.mktemp("unit-history"))
    return result.site


@pytest.fixture(scope="module")
def served(story):
    with serve(story) as url:
        yield url


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def summary_text(details) -> str:
    """What the summary line shows: its phrases, with the middle dots policy.css puts between
    them (the words for a screen reader only left out)."""
    holder = details.find("summary") or details  # an archive's line is a <p>, without one
    phrases = [
        span.get_text()
        for span in holder.find_all("span", recursive=False)
        if "policy-sr-only" not in (span.get("class") or [])
    ]
    return " · ".join(phrases)


def lines(page: BeautifulSoup) -> dict[str, object]:
    """unit id -> its history line (the unit's own: not a sub-unit's): a <details> on the page of
    the text in force, a <p> on an archived version's."""
    found = {}
    for details in page.select("details.policy-history, p.policy-history"):
        unit = details.find_parent(attrs={"id": re.compile(r"^s\d")}) or details.find_parent("section")
        unit_id = unit.get("id") or unit.find("h2")["id"]
        assert unit_id not in found, f"{unit_id} has two history lines"
        found[unit_id] = details
    return found


# The lines, element by element -----------------------------------------------------------------


@pytest.mark.parametrize("lang, expected", [("sv", SV_1_3), ("en", EN_1_3)])
def test_each_unit_in_force_shows_its_history_line(story, lang, expected):
    root = "" if lang == "sv" else "en/"
    page = soup(story, root)
    found = lines(page)
    assert sorted(found) == sorted(expected)  # the preamble, 1, 2 and the rest: only "added in 1.0"
    for unit_id, (summary, entries) in expected.items():
        details = found[unit_id]
        assert details.get("open") is None and details.has_attr("data-search-exclude")
        assert summary_text(details) == summary, unit_id
        items = details.select("details.policy-history > ol > li")
        shown = [(li.a.get_text(), li.a["href"], li.get_text().split(", ", 1)[1]) for li in items]
        prefix = "" if lang == "sv" else "../en/"
        assert shown == [(words, prefix + link, date) for words, link, date in entries], unit_id
    # The line follows the unit's own text and notes and comes before its sub-units.
    clause = page.select_one("#s3-a")
    assert [c.name for c in clause.find_all(recursive=False)][-1] == "details"
    section = page.find("h2", id="s3").parent
    after_heading = [c for c in section.find_all(recursive=False) if c.name in ("details", "div")]
    assert after_heading[0].name == "details" and after_heading[1]["id"] == "s3-a"
    note = page.select_one(".policy-history-note")
    assert note.get_text() == NOTE[lang] and note.find_next(class_="policy-preamble") is not None


@pytest.mark.parametrize("page_url, expected", ARCHIVES.items())
def test_an_archived_version_shows_the_history_up_to_it(story, page_url, expected):
    page = soup(story, page_url)
    assert {unit_id: summary_text(d) for unit_id, d in lines(page).items()} == expected
    # The compact line: every version in it a link to its redline at the unit (the first
    # version's text), and nothing else a link; the page is out of search as a whole.
    for unit_id, line in lines(page).items():
        assert line.name == "p" and not line.has_attr("data-search-exclude")
        hrefs = [a["href"] for a in line.select("a")]
        assert [a.get_text() for a in line.select("a")] == re.findall(r"\d\.\d", summary_text(line)), unit_id
        assert hrefs and all(re.fullmatch(r"\.\./1\.\d/(changes/)?#s[0-9a-z-]+", h) for h in hrefs), unit_id
    if page_url == "en/versions/1.4/":
        assert [a["href"] for a in lines(page)["s3-a"].select("a")] == ["../1.0/#s2-b", "../1.3/changes/#s2-b"]
    # The first version's page has no line and no note: every part is new there.
    assert (page.select_one(".policy-history-note") is None) == (page_url == "versions/1.0/")
    if page_url in ("versions/1.0/", "versions/1.2/"):
        assert page.select_one("#s1-c") is not None and "s1-c" not in lines(page)


def test_every_history_link_lands_on_an_element_with_its_id(story):
    checked = 0
    for path in story.rglob("index.html"):
        page_url = path.parent.relative_to(story).as_posix() + "/"
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in page.select(".policy-history a[href]"):
            target = urlsplit(urljoin("http://x/" + page_url.lstrip("./"), link["href"]))
            html = story / target.path.lstrip("/") / "index.html"
            assert html.is_file(), (page_url, link["href"])
            assert BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find(id=target.fragment), (
                page_url,
                link["href"],
            )
            checked += 1
    assert checked > 60


def test_a_translation_only_change_is_shown_on_its_languages_pages_only(story):
    from policykit.pages.unit_history import UnitHistory
    from policykit.record.steps import Step

    class Record:  # the two versions the line needs, nothing else
        material = {}
        history = type("H", (), {"available": True})()

        def __init__(self):
            version = lambda label, day: type(
                "V",
                (),
                {
                    "label": label,
                    "commit": "c",
                    "meta": type("M", (), {"effective": __import__("datetime").date(2026, 1, day)})(),
                },
            )()
            self.all_versions = [version("1.0", 1), version("1.1", 2)]

        def find(self, label):
            return next(v for v in self.all_versions if v.label == label)

        def previous(self, version):
            return None if version is self.all_versions[0] else self.all_versions[0]

    from policykit.pages.context import PageContext
    from policykit.words.catalogue import Words

    ctx = PageContext(Record(), ["sv", "en"], "sv", words=Words(["sv", "en"]))
    ctx.numbering, ctx.citations = None, {"s1-b": "1 b"}
    pages = UnitHistory(ctx)
    steps = (Step("1.0", "added"), Step("1.1", "translated", languages=("en",)))
    english = BeautifulSoup(pages._line("en", "en/", "s1-b", steps, "1.0"), "html.parser")
    assert summary_text(english) == "Added in 1.0 · translation updated in 1.1"
    assert [a["href"] for a in english.select("a")] == ["../en/versions/1.0/#s1-b", "../en/versions/1.1/changes/#s1-b"]
    assert pages._line("sv", "", "s1-b", steps, "1.0") == ""  # unchanged in Swedish: no line


# policy.json, search, the text ------------------------------------------------------------------


def test_policy_json_clauses_carry_their_history(story):
    data = json.loads((story / "policy.json").read_text(encoding="utf-8"))
    clauses = {c["id"]: c for c in data["clauses"]}
    urls = lambda path: {"sv": f"/{path}", "en": f"/en/{path}"}
    assert clauses["s1-a"]["history"] == [
        {"version": "1.0", "kind": "added", "effective": "2026-01-15", "url": urls("versions/1.0/#s1-a")},
        {"version": "1.1", "kind": "changed", "effective": "2026-02-15", "url": urls("versions/1.1/changes/#s1-a")},
    ]
    assert clauses["s3-a"]["history"] == [
        {"version": "1.0", "kind": "added", "effective": "2026-01-15", "url": urls("versions/1.0/#s2-b")},
        {
            "version": "1.3",
            "kind": "moved",
            "effective": "2026-04-01",
            "from": "s2-b",
            "url": urls("versions/1.3/changes/#s2-b"),
        },
    ]
    # The version in force's history: 1.4's change of 2 a is upcoming, not history yet.
    assert [step["version"] for step in clauses["s2-a"]["history"]] == ["1.0", "1.2"]
    assert clauses["s0"]["history"] == [
        {"version": "1.0", "kind": "added", "effective": "2026-01-15", "url": urls("versions/1.0/#s0")}
    ]
    for clause in clauses.values():
        for step in clause["history"]:
            for url in step["url"].values():
                path, fragment = url.split("#")
                page = BeautifulSoup(
                    (story / path.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser"
                )
                assert page.find(id=fragment), url
        assert not any(word in text for text in clause["text"].values() for word in HISTORY_WORDS + ["¶"])
    # The preamble's text is its text: neither its permanent link nor a history line.
    assert clauses["s0"]["text"] == {
        "sv": "Den här policyn beskriver hur vi hanterar personuppgifter.",
        "en": "This policy describes how we handle personal data.",
    }


def test_search_entries_carry_no_history(story):
    """The policy page's entries (the page and each unit: the changelog has words of its own)."""
    for index in (story / "search/search_index.json", story / "en/search/search_index.json"):
        docs = [
            d
            for d in json.loads(index.read_text(encoding="utf-8"))["docs"]
            if d["location"] == "" or d["location"].startswith("#")
        ]
        assert len(docs) == 8  # the page (with the preamble), 1, 1 a, 1 b, 2, 2 a, 3, 3 a
        for doc in docs:
            assert not any(word in doc["text"] or word in doc["title"] for word in HISTORY_WORDS + ["¶"]), doc
    sv = json.loads((story / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    page = next(d for d in sv if d["location"] == "")
    assert page["text"] == "<p>Den här policyn beskriver hur vi hanterar personuppgifter.</p>"
    assert next(d for d in sv if d["location"] == "#s1-a")["text"] == "<p>Vi samlar in namn och adress.</p>"


# In Chromium ------------------------------------------------------------------------------------


@pytest.fixture
def context(browser):
    made = []

    def make(**options):
        made.append(browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options}))
        page = made[-1].new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for one in made:
        one.close()


def accessible_name(page, selector: str) -> str:
    """The name Chromium's accessibility tree gives the element."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    return " ".join(tree["nodes"][0]["name"]["value"].split())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_history_line_opens_from_the_keyboard_and_names_its_unit(context, served, lang):
    page = context()
    page.goto(f"{served}{'/' if lang == 'sv' else '/en/'}")
    summary = page.locator("#s3-a > details.policy-history > summary")
    expected = {
        "sv": "Historik för 3 a: Tillagd i 1.0; flyttad från 2 b i 1.3",
        "en": "History of 3 a: Added in 1.0; moved from 2 b in 1.3",
    }[lang]
    assert accessible_name(page, "#s3-a > details.policy-history > summary") == expected
    assert not page.locator("#s3-a details.policy-history > ol").is_visible()
    # The clause's one tab stop is its menu button; the menu's last entry opens the history line.
    assert page.locator("#s3-a > details.policy-history > summary").get_attribute("tabindex") == "-1"
    page.locator('button.policy-unit-button[data-anchor="s3-a"]').focus()
    page.keyboard.press("ArrowUp")  # opens the menu on its last entry
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('[id]').id") == "s3-a"
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.locator("#s3-a > details.policy-history").get_attribute("open") is not None
    links = page.locator("#s3-a details.policy-history > ol a")
    assert links.count() == 2 and links.first.is_visible()
    links.last.click()
    page.wait_for_url(re.compile(r"/versions/1\.3/changes/#s2-b$"))
    moved = page.locator("#s2-b")
    assert moved.is_visible() and "3 a" in moved.inner_text()
    assert summary is not None and page.errors == []


def test_selecting_a_clause_copies_its_text_without_its_history(context, served):
    page = context()
    page.goto(f"{served}/")
    page.locator("#s2-a > details.policy-history > summary").click()  # open: its list is shown
    select = """selector => { const range = document.createRange();
        range.selectNodeContents(document.querySelector(selector));
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        return selection.toString(); }"""
    copied = page.evaluate(select, "#s2-a")
    assert "Vi använder uppgifterna för att leverera tjänsten." in copied
    assert not any(word in copied for word in HISTORY_WORDS), copied
    whole = page.evaluate(select, "article")
    assert "Vi sparar uppgifterna i tolv månader." in whole and "Den här policyn" in whole
    assert not any(word in whole for word in HISTORY_WORDS), whole
    # The preamble's permanent link (a pilcrow, as the headings' own) is not part of its text.
    assert page.evaluate(select, "#s0").strip() == "Den här policyn beskriver hur vi hanterar personuppgifter."
    assert page.errors == []


@pytest.mark.parametrize("page_url", ["/", "/en/versions/1.4/"])
def test_print_shows_each_summary_line_without_its_list(context, served, page_url):
    page = context()
    page.goto(f"{served}{page_url}")
    if page_url == "/":
        page.locator("#s2-a > details.policy-history > summary").click()
    page.emulate_media(media="print")
    if page_url == "/":
        line = page.locator("#s2-a > details.policy-history")
        assert line.locator("summary").is_visible()
        assert not line.locator("ol").is_visible()  # the links are for the screen
    else:
        assert page.locator("#s2-a > p.policy-history").is_visible()
    assert page.locator(".policy-history-note").is_visible()
    assert not page.locator("#s0 .policy-permalink").is_visible()
    printed = page.locator("article").inner_text()
    assert ("ändrad i 1.2 (redaktionell)" in printed) or ("changed in 1.2 (editorial), 1.4" in printed)
    assert page.errors == []


@pytest.mark.parametrize(
    "page_url, name, link",
    [
        ("/", "Kopiera eller skriv ut inledningen", "Permanent länk till inledningen"),
        ("/en/", "Copy or print the preamble", "Permanent link to the preamble"),
        ("/versions/1.2/", "Kopiera eller skriv ut inledningen", "Permanent länk till inledningen"),
    ],
)
def test_the_preamble_has_a_permanent_link_and_a_menu_button(context, served, page_url, name, link):
    page = context(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{served}{page_url}")
    permalink = page.locator('#s0 a.policy-label[href="#s0"]')
    assert permalink.count() == 1 and accessible_name(page, "#s0 a.policy-label") == link
    button = page.locator('button.policy-unit-button[data-anchor="s0"]')
    assert button.get_attribute("aria-label") == name and accessible_name(page, 'button[data-anchor="s0"]') == name
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    # On the first line of the preamble's text, as a clause's label and button are.
    text = page.locator("#s0 .policy-body p").first.bounding_box()
    assert abs(box["y"] + box["height"] / 2 - (text["y"] + 12)) < 14 and box["x"] < text["x"] + 60
    permalink.focus()  # not a tab stop (the menu is), but focusable
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.anchor") == "s0"
    page.keyboard.press("Enter")  # opens the menu on "copy the link"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.policy-unit-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == f"{served}{page_url}#s0"
    permalink.click()
    assert page.evaluate("location.hash") == "#s0"
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("page_url", ["/", "/en/", "/versions/1.4/", "/en/versions/1.2/"])
def test_history_lines_are_legible(context, served, scheme, width, page_url):
    page = context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(f"{served}{page_url}")
    for summary in page.locator("details.policy-history > summary").all():
        summary.click()
    for selector in (
        "details.policy-history > summary",
        "details.policy-history > ol a",
        "p.policy-history a",
        ".policy-history-note",
        "#s0 .policy-permalink",
        'button.policy-unit-button[data-anchor="s0"]',
    ):
        for element in page.locator(selector).all():
            assert element.is_visible(), selector
            box = element.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    serious = serious_violations(page, ".md-content")
    assert serious == []
    assert page.errors == []


# Rendering once -------------------------------------------------------------------------------


def test_a_section_is_rendered_once_for_every_page_with_the_same_history_lines():
    """Archived versions share a section's HTML while its units' history lines are the same, and
    a page rendered from the cache has the lines where a page rendered whole has them."""
    import markdown

    from policykit.render.extension import PolicyExtension
    from policykit.render.markdown import Annotations, document_markdown
    from policykit.render.prerendered import Prerendered
    from policykit.render.sections import SectionCache
    from policykit.text.checks import Problems
    from policykit.text.model import LanguageText
    from policykit.text.parser import parse_section

    source = "# 1. Insamling\n\nVi samlar in:\n\na. namn;\n\nb. adresser:\n\n(1) hem,\n\n(2) arbete.\n"
    unit = parse_section(source, "p.md", "1", Problems()).unit
    text = LanguageText("sv", [unit])
    cache = SectionCache(["toc", "attr_list"], {"toc": {"permalink": True}})
    calls = []
    convert = cache._convert
    cache._convert = lambda markdown_source: calls.append(markdown_source) or convert(markdown_source)
    line = lambda words: f'<details class="policy-history"><summary>{words}</summary></details>'
    history = {"s1": line("S1"), "s1-b-1": line("B1")}
    first = cache(unit, history)
    assert cache(unit, dict(history)) == first  # an equal history: the same HTML, no conversion
    converted = len(calls)
    assert converted == 3  # the introduction, a, b with its sub-clauses
    other = cache(unit, {**history, "s1-a": line("A")})
    assert other != first and len(calls) == converted + 1  # only 1 a again: b's lines are the same
    md = lambda: markdown.Markdown(extensions=["toc", "attr_list", PolicyExtension()])
    notes = Annotations(history=history)
    blocks = Prerendered()  # the generator's HTML, while the pages are rendered
    whole = md().convert(document_markdown(text, "T", notes, blocks=blocks))
    cached = md().convert(document_markdown(text, "T", notes, sections=cache, blocks=blocks))
    order = lambda html: re.findall(r'id="(s1[^"]*)"|<summary>(\w+)</summary>', html)
    assert (
        order(cached)
        == order(whole)
        == [("s1", ""), ("", "S1"), ("s1-a", ""), ("s1-b", ""), ("s1-b-1", ""), ("", "B1"), ("s1-b-2", "")]
    )
