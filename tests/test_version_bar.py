"""The version stays in view on a text that is not the one in force, and a phone reader gets
to the text.

- Every archived version's page (and so what `/versions/?on=DAY` leads to) has one bar that
  stays under Material's header while the reader scrolls: version, period in force, status in
  the page's language, and a link to the same place in the text in force. The compare page's
  bar names the two versions its address compares. A unit reached by its link lands below
  header and bar, at 1280 and 375 px, with and without script.
- A clause reached by its link names itself in full ("2 a · 2. Användning"), in the text's own
  labels (also under another numbering).
- On a phone the version list is a column of cards that never overflows, with the period in
  force second; the notices fold their details (a <details>: no script needed), so that the
  policy text starts on the first screen at 375 x 667.

On the story (tests/fixtures/story.py: 1.0-1.2 past, 1.3 in force, 1.4 upcoming), on a
generated history of 60 versions (bench/generate.py) and on the lettered site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import story
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from generated import generated

pytestmark = [pytest.mark.build, pytest.mark.browser]

PREFIX = {"sv": "", "en": "en/"}
LABELS = [label for label, *_ in story.VERSIONS]
#: The story's bars: (period, status) per version and language, as the reader reads them.
BARS = {
    "sv": {
        "1.0": ("15 januari 2026 till 14 februari 2026", "Gäller inte längre"),
        "1.1": ("15 februari 2026 till 28 februari 2026", "Gäller inte längre"),
        "1.2": ("1 mars 2026 till 31 mars 2026", "Gäller inte längre"),
        "1.3": ("sedan 1 april 2026", "Gäller"),
        "1.4": ("i kraft från 1 juli 2026", "Kommande"),
    },
    "en": {
        "1.0": ("15 January 2026 to 14 February 2026", "No longer applies"),
        "1.1": ("15 February 2026 to 28 February 2026", "No longer applies"),
        "1.2": ("1 March 2026 to 31 March 2026", "No longer applies"),
        "1.3": ("since 1 April 2026", "In force"),
        "1.4": ("effective 1 July 2026", "Upcoming"),
    },
}
LINK = {"sv": "Se texten som gäller", "en": "See the text in force"}
HOSTILE = "<script>alert(1)</script>\"'</div>"

#: Where things are on the page, in CSS pixels from the top of the viewport.
MEASURE = """(id) => {
  const box = (el) => el ? el.getBoundingClientRect() : null;
  const header = box(document.querySelector('.md-header'));
  const bar = box(document.querySelector('.policy-bar:not([hidden])'));
  const target = box(id ? document.getElementById(id) : null);
  return {header: header.bottom, barTop: bar && bar.top, barBottom: bar && bar.bottom,
          top: target && target.top, bottom: target && target.bottom, height: innerHeight,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def generated_sixty(path: Path) -> Path:
    """bench/generate.py's 60 weekly versions (2 languages), as the timeline's tests use."""
    return generated(path, 60)


@pytest.fixture(scope="module")
def story_site(tmp_path_factory) -> Path:
    return story.build_story(tmp_path_factory.mktemp("bar-story"))[1].site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The story with the bar's and the notices' words overridden by the site with markup."""
    repo = story.story_repo(tmp_path_factory.mktemp("bar-hostile") / "repo")
    repo.write(
        "words/en.yml",
        "".join(
            f"{key}: '{HOSTILE.replace(chr(39), chr(39) * 2)}{extra}'\n"
            for key, extra in [
                ("bar_link", ""),
                ("bar_past", ""),
                ("bar_current", ""),
                ("banner_more", " {version}"),
                ("archive_subtitle", " {version}"),
            ]
        ),
    )
    repo.commit("Hostile words", "2026-05-02T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": story.STORY_EPOCH})
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="module")
def sixty_site(tmp_path_factory) -> Path:
    result = mkdocs_build(generated_sixty(tmp_path_factory.mktemp("bar-sixty") / "repo"), "--strict")
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="module")
def served(story_site, sixty_site, lettered):
    with serve(story_site) as story_url, serve(sixty_site) as sixty_url, serve(lettered.site) as lettered_url:
        yield {"story": story_url, "sixty": sixty_url, "lettered": lettered_url}


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


# The pages as built -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_archived_version_has_one_bar_with_its_period_and_status(story_site, lang):
    for index, label in enumerate(LABELS):
        page = soup(story_site, f"{PREFIX[lang]}versions/{label}")
        [bar] = page.select(".policy-bar")
        period, status = BARS[lang][label]
        assert text(bar.select_one(".policy-bar-facts")) == f"Version {label} {period} {status}", label
        [to_current] = bar.select("a")
        assert to_current["class"] == ["policy-keep-anchor", "policy-bar-link"]
        assert urlsplit(to_current["href"]).path == "../../" + ("../" if lang == "en" else "") + PREFIX[lang]
        assert text(to_current) == LINK[lang]
        # The bar names no later version: only this one's facts, as the notice below says them.
        for later in LABELS[index + 1 :]:
            assert later not in text(bar), (label, later)
        # It comes first, right under the title: what stays in view is the first thing read.
        assert bar.find_previous_sibling().name == "h1"


def test_the_bar_and_the_folded_notices_escape_the_sites_words(hostile_site):
    for path in ("en/versions/1.0", "en/versions/1.3", "en/compare", "en"):
        html = (hostile_site / path / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
    bar = soup(hostile_site, "en/versions/1.0").select_one(".policy-bar")
    assert HOSTILE in text(bar.select_one(".policy-bar-link"))
    assert HOSTILE in text(bar.select_one(".policy-bar-status"))  # capitalised: it starts with '<'


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_notices_fold_their_details(story_site, lang):
    """The banner of the text in force: version, what changed in a sentence, links; the lists of
    changed clauses, the editorial and last-change lines in a <details>. The same on an
    archived version's notice (its fingerprint folded)."""
    page = soup(story_site, PREFIX[lang])
    [banner, upcoming] = page.select(".policy-banner")
    [more] = banner.select(":scope > details.policy-more")
    assert text(more.summary) == {"sv": "Mer om version 1.3", "en": "More about version 1.3"}[lang]
    assert more.select("a[href$='#s3']") and not banner.select(":scope > p a[href$='#s3']")
    assert banner.select(":scope > p.policy-links")
    assert upcoming.select_one(":scope > details.policy-more summary")
    archived = soup(story_site, f"{PREFIX[lang]}versions/1.2").select_one(".policy-version-notice")
    folded = archived.select_one(":scope > details.policy-more")
    assert folded.select_one(".policy-sha256") and folded.select_one(".policy-editorial")
    assert archived.select_one(":scope > .policy-on-day") and archived.select_one(":scope > p.policy-links")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_compare_page_offers_a_bar_for_each_version(story_site, lang):
    [bar] = soup(story_site, f"{PREFIX[lang]}compare").select(".policy-bar")
    assert bar.has_attr("hidden") and "policy-bar--compare" in bar["class"]
    facts = bar.select(".policy-bar-offered [data-version]")
    assert [f["data-version"] for f in facts] == LABELS
    assert [text(f) for f in facts] == [f"Version {v} {' '.join(BARS[lang][v])}" for v in LABELS]


def test_the_version_list_names_each_value(story_site):
    table = soup(story_site, "en/versions").select_one(".policy-versions table")
    heads = [text(th) for th in table.select("thead th")]
    assert heads[4] == "In force"
    for row in table.select("tbody tr"):
        assert [td["data-label"] for td in row.select("td")] == heads


# In Chromium --------------------------------------------------------------------------------


def open_page(browser, width: int, height: int = 800, scheme: str = "light", script: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, java_script_enabled=script
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def landed(page, unit: str, script: bool = True) -> dict:
    """Where the unit the address names stands once the page has loaded (and, with script, two
    frames later: the bar's height written and laid out)."""
    page.wait_for_load_state("load")
    if script:  # without script, no frame callback ever runs
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.evaluate(MEASURE, unit)


def assert_below_bar(where: dict, what: str) -> None:
    assert where["barTop"] == pytest.approx(where["header"], abs=1), (what, where)
    assert where["top"] >= where["barBottom"] - 0.5, (what, where)  # not under the bar
    assert where["top"] < where["height"] and where["bottom"] > where["top"], (what, where)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_bar_stays_in_view_and_a_linked_unit_lands_below_it(browser, served, width, scheme, lang):
    """On the 60-version site: an archived unit reached by its link stands below header and bar;
    scrolled far down, the bar is still there and still says the version; the bar is at most
    two lines, inside the screen; axe finds nothing serious; the console stays quiet."""
    context, page, errors = open_page(browser, width, scheme=scheme)
    base = f"{served['sixty']}/{PREFIX[lang]}versions"
    for label, unit in (("1.0", "s2-c-2"), ("1.0", "s3-d-3"), ("3.5", "s2"), ("6.8", "s2-ca-3")):
        page.goto(f"{base}/{label}/#{unit}")
        assert_below_bar(landed(page, unit), f"{label}#{unit}")
        bar = page.locator(".policy-bar")
        assert bar.count() == 1 and f"Version {label}" in bar.inner_text()
        box = bar.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] <= 60, box
    page.goto(f"{base}/1.0/")
    page.mouse.wheel(0, 2500)
    page.wait_for_function("() => scrollY > 1000")
    where = page.evaluate(MEASURE, None)
    assert where["barTop"] == pytest.approx(where["header"], abs=1) and where["overflow"] <= 0, where
    assert page.locator(".policy-bar").is_visible()
    assert serious_violations(page, ".md-content") == []
    if width == 375:
        Path("/tmp/shots-versionbar").mkdir(exist_ok=True)
        page.screenshot(path=f"/tmp/shots-versionbar/test-{lang}-{width}-{scheme}-scrolled.png")
    context.close()
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_without_script_a_linked_unit_still_lands_below_the_bar(browser, served, width):
    context, page, errors = open_page(browser, width, script=False)
    for unit in ("s2-c-2", "s3-d-3"):
        page.goto(f"{served['sixty']}/en/versions/1.0/#{unit}")
        assert_below_bar(landed(page, unit, script=False), unit)
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_bar_links_the_same_place_in_the_text_in_force(browser, served, lang):
    context, page, errors = open_page(browser, 375, height=667)
    page.goto(f"{served['story']}/{PREFIX[lang]}versions/1.0/#s1-a")
    with page.expect_navigation():
        page.locator(".policy-bar a").click()
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (f"/{PREFIX[lang]}", "s1-a")
    context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_compare_pages_bar_names_the_two_versions(browser, served, width, scheme):
    context, page, errors = open_page(browser, width, scheme=scheme)
    page.goto(f"{served['story']}/en/compare/?from=1.0&to=1.3#s1-a")
    page.wait_for_selector(".policy-compare-result .policy-redline-unit")
    bar = page.locator(".policy-bar")
    assert bar.is_visible()
    said = bar.inner_text()
    assert re.search(r"Version 1\.0\b.*No longer applies.*Version 1\.3\b.*In force", said, re.S), said
    assert_below_bar(landed(page, "s1-a"), "compare#s1-a")
    assert serious_violations(page, ".md-content") == []
    page.goto(f"{served['sixty']}/en/compare/?from=1.0#s1-a")
    page.wait_for_selector(".policy-compare-result .policy-redline-unit")
    assert re.search(r"Version 1\.0\b.*Version 6\.9\b", page.locator(".policy-bar").inner_text(), re.S)
    # An address that compares nothing (an unknown version, the wrong order, the same one) has no bar.
    for query in ("?from=9.9", "?from=1.3&to=1.0", "?from=1.3", ""):
        page.goto(f"{served['story']}/en/compare/{query}")
        page.wait_for_selector(".policy-compare-message .policy-notice")
        assert not page.locator(".policy-bar").is_visible(), query
    context.close()
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_a_linked_clause_names_itself_in_the_texts_own_labels(browser, served, width):
    """On the text in force (no bar there) and on an archived version: the clause, the
    sub-clause, an anchor that moved (it names the unit it lands on), a section (its heading
    says it: no name); under the numbering `A.`, `1.1`, `(i)` too."""
    context, page, errors = open_page(browser, width, height=667)
    where = "el => getComputedStyle(el, '::before').content"
    cases = [
        (f"{served['story']}/#s2-a", "s2-a", "2 a · 2. Användning"),
        (f"{served['story']}/en/#s2-b", "s3-a", "3 a · 3. Storage"),  # moved to 3 a in 1.3
        (f"{served['story']}/en/versions/1.0/#s1-c", "s1-c", "1 c · 1. Collection"),
        (f"{served['sixty']}/en/versions/1.0/#s2-c-2", "s2-c-2", "2 c (2) · "),
        (f"{served['lettered']}/en/versions/1.0/#sa-1-ii", "sa-1-ii", "A.1 (ii) · A. Collection"),
        (f"{served['lettered']}/en/#sa-1a", "sa-1a", "A.1a · A. Collection"),
    ]
    for url, unit, name in cases:
        page.goto(url)
        page.wait_for_load_state("load")
        content = page.locator(f"#{unit}").evaluate(where)
        said = content.strip('"')
        # Exactly the name: nothing that scripts add to a heading (its menu's "Copied") joins it.
        assert said.startswith(name) if name.endswith("· ") else said == name, (url, content)
        box = page.locator(f"#{unit}").bounding_box()
        assert 0 <= box["y"] < 667, (url, box)
    page.goto(f"{served['story']}/en/#s2")  # a section: its heading is its name
    assert page.locator("[data-policy-where]").count() == 0
    page.evaluate("location.hash = '#s1-b'")  # a link followed on the page
    page.wait_for_function("() => document.querySelector('#s1-b[data-policy-where]') !== null")
    assert page.locator("[data-policy-where]").count() == 1
    context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_on_a_phone_the_text_starts_on_the_first_screen(browser, served, lang, scheme):
    """At 375 x 667: the first unit starts on the first screen, on the text in force and on
    archived versions (with and without `?on=`), on both histories; the notices' details open
    without script."""
    context, page, errors = open_page(browser, 375, height=667, scheme=scheme)
    pages = [
        (served["story"], ""),
        (served["story"], "versions/1.0/"),
        (served["story"], "versions/1.4/"),
        (served["sixty"], ""),
        (served["sixty"], "versions/1.0/"),
        (served["sixty"], "versions/6.0/?on=2021-09-01"),
    ]
    first = "() => document.querySelector('.md-content .policy-preamble, .md-content .policy-section')"
    for site, path in pages:
        page.goto(f"{site}/{PREFIX[lang]}{path}")
        top = page.evaluate(f"({first})().getBoundingClientRect().top")
        assert top < 667, (path, top)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        assert serious_violations(page, ".md-content") == [], path
    context.close()
    assert errors == []
    context, page, _ = open_page(browser, 375, height=667, scheme=scheme, script=False)
    page.goto(f"{served['story']}/{PREFIX[lang]}")
    lists = page.locator(".policy-banner:not(.policy-banner--upcoming) details.policy-more a[href$='#s3']")
    assert not lists.is_visible()
    page.locator(".policy-banner:not(.policy-banner--upcoming) details.policy-more summary").click()
    assert lists.is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_version_list_fits_the_screen(browser, served, width, scheme, lang):
    """/versions/ never scrolls sideways, nor does its table inside itself; on a phone each
    version is a card whose second line is its period in force ("In force: since ...")."""
    context, page, errors = open_page(browser, width, height=667, scheme=scheme)
    for site in ("story", "sixty"):
        page.goto(f"{served[site]}/{PREFIX[lang]}versions/")
        page.wait_for_selector(".policy-versions table")
        overflow = page.evaluate(
            "() => [document.documentElement, ...document.querySelectorAll("
            "'.policy-versions, .policy-versions :is(.md-typeset__scrollwrap, .md-typeset__table, table, tbody, tbody tr)')]"
            ".map((el) => el.scrollWidth - el.clientWidth)"
        )
        assert max(overflow) <= 0 if width == 375 else overflow[0] <= 0, (site, max(overflow))
        if width == 375:
            # The cells of the first card, top to bottom as laid out, each with its name.
            cells = page.evaluate(
                "() => [...document.querySelector('.policy-versions tbody tr').cells].map((td) => ["
                "td.getBoundingClientRect().top, td.dataset.label, getComputedStyle(td, '::before').content])"
            )
            shown = [label for _, label, _ in sorted(cells, key=lambda cell: cell[0])]
            assert shown[1] == {"sv": "I kraft", "en": "In force"}[lang], shown
            assert all(content == f'"{label}: "' for _, label, content in cells[1:]), cells
        assert serious_violations(page, ".md-content") == []
    context.close()
    assert errors == []
