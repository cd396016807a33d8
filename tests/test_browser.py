"""What a reader sees and does, in headless Chromium: anchors, switching, search, notices,
print, requests, 404, accessibility and the Content-Security-Policy; on this project's site and
on a built history that has every notice (a changed clause, a translation left behind, an
upcoming version)."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import pytest
from browsing import serious_violations, serve
from building import mkdocs_build
from gitrepo import GitRepo, meta


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_an_anchor_scrolls_to_its_clause_and_highlights_it(page, served_site):
    page.goto(f"{served_site}/#s5-c")
    clause = page.locator("#s5-c")
    box = clause.bounding_box()
    assert 0 <= box["y"] < 900  # in view
    background = clause.evaluate("e => getComputedStyle(e).backgroundColor")
    other = page.locator("#s5-b").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != other  # the addressed clause is marked, its neighbour is not


def test_switching_language_keeps_the_anchor(page, served_site):
    page.goto(f"{served_site}/#s6-b-1")
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').click()")
    assert urlsplit(page.url).path == "/en/" and urlsplit(page.url).fragment == "s6-b-1"
    assert page.locator("#s6-b-1").is_visible()


@pytest.mark.parametrize("path", ["/", "/versions/1.0/"])
def test_switching_language_keeps_the_clause_scrolled_to(page, served_site, path):
    """No #fragment in the address: the clause the reader scrolled to is the place kept."""
    page.goto(f"{served_site}{path}")
    page.evaluate(
        "window.scrollTo(0, document.getElementById('s6-b').getBoundingClientRect().top + window.scrollY - 70)"
    )
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').click()")
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (f"/en{path}", "s6-b")


@pytest.fixture(scope="module")
def lettered_site(lettered):
    """The site numbered `A.`, `1.1`, `(i)` (fixtures/lettered_site.py), served."""
    assert lettered.returncode == 0, lettered.output
    with serve(lettered.site) as url:
        yield url


@pytest.mark.parametrize(
    "path, unit",
    [("/", "sa-1-ii"), ("/", "sa-1a"), ("/versions/1.0/", "sa-1-ii"), ("/versions/1.1/changes/", "sa-1a")],
)
def test_switching_language_keeps_the_clause_scrolled_to_under_another_numbering(page, lettered_site, path, unit):
    """The unit scrolled to is found by what the page marks as a unit, in any numbering's anchors."""
    page.goto(f"{lettered_site}{path}")
    page.evaluate(
        f"window.scrollTo(0, document.getElementById('{unit}').getBoundingClientRect().top + window.scrollY - 70)"
    )
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').click()")
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (f"/en{path}", unit)


def test_going_from_an_archived_version_to_the_text_in_force_keeps_the_anchor(page, served_site):
    page.goto(f"{served_site}/versions/1.0/#s1-a")
    with page.expect_navigation():
        page.locator("a.policy-keep-anchor").first.click()
    assert urlsplit(page.url).path == "/" and urlsplit(page.url).fragment == "s1-a"


def test_a_changed_clause_opens_its_redline_in_place(page, served_site):
    page.goto(f"{served_site}/")
    mark = page.locator("#s0 details.policy-change")
    assert not mark.locator(".policy-redline").is_visible()
    mark.locator("summary").click()
    assert mark.locator("ins").inner_text() == "com"


def test_no_request_leaves_the_site(page, served_site):
    requested, failed = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(response.url) if response.status >= 400 and "/nope/" not in response.url else None
        ),
    )  # the 404 pages' own 404
    for path in (
        "/",
        "/en/",
        "/changes/",
        "/versions/",
        "/versions/1.1/changes/",
        "/en/versions/1.0/",
        "/nope/",
        "/en/nope/",
    ):
        page.goto(f"{served_site}{path}")
        page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(served_site).netloc}, hosts
    assert failed == []  # nor does anything ask for what is not there (a sitemap.xml per page, say)


# Every wait_for_function below is given a function ("() => ..."), not an expression: Playwright
# evaluates an expression with eval() on every poll, which the site's CSP (no 'unsafe-eval') blocks.
@pytest.mark.parametrize(
    "path, lang, words, home",
    [("/nope/", "sv", "Sidan finns inte", "/"), ("/en/nope/", "en", "Page not found", "/en/")],
)
def test_a_missing_page_answers_in_the_readers_language(page, served_site, path, lang, words, home):
    page.goto(f"{served_site}{path}")
    page.wait_for_load_state("load")
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")
    assert words in page.locator("article h1").inner_text()
    with page.expect_navigation():
        page.locator("article p a").first.click()
    assert urlsplit(page.url).path == home


@pytest.mark.parametrize("path", ["/", "/en/", "/changes/", "/versions/1.1/changes/", "/versions/1.0/"])
def test_pages_fit_a_375_px_screen(browser, served_site, path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{served_site}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_every_unit_has_one_menu_button_reached_by_keyboard(browser, served_site):
    """One button per unit (policy-unit-menu.js), its only tab stop; its menu's first entry
    copies the unit's link."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{served_site}/en/")
    buttons = page.locator("button.policy-unit-button")
    units = page.locator("a.policy-label").count() + page.locator(".policy-section > h2").count()
    assert buttons.count() == units > 30
    button = page.locator('button.policy-unit-button[data-anchor="s5-c"]')
    assert button.get_attribute("aria-label") == "Copy or print section 5 c"
    sub = page.locator('button.policy-unit-button[data-anchor="s6-b-1"]')
    assert sub.get_attribute("aria-label") == "Copy or print section 6 b (1)"
    size = sub.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24  # WCAG 2.5.8 target size
    assert page.locator('a.policy-label[href="#s5-c"]').get_attribute("tabindex") == "-1"
    page.locator('button.policy-unit-button[data-anchor="s5-b"]').focus()
    page.keyboard.press("Tab")  # the next unit's button is the next stop
    assert page.evaluate("document.activeElement.dataset.anchor") == "s5-c"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.policy-unit-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == f"{served_site}/en/#s5-c"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path, label", [("/", "Version 1.1"), ("/versions/1.0/", "Version 1.0")])
def test_printing_gives_the_text_without_navigation(browser, served_site, tmp_path, path, label, scheme):
    page = browser.new_context(color_scheme=scheme).new_page()
    page.goto(f"{served_site}{path}")
    page.emulate_media(media="print")
    # Material's colour transitions to the print colours, each at its end (a condition, not a time)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")

    def rgba(locator, prop: str) -> list[float]:  # "rgb(0, 0, 0)" or "rgba(0, 0, 0, 1)"
        value = locator.evaluate(f"e => getComputedStyle(e).{prop}")
        numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
        return numbers + [1.0] * (4 - len(numbers))

    # Black on white paper, whichever scheme the screen uses.
    # Clauses' labels (the preamble's ¶ is a link for the screen, as the headings' are).
    assert rgba(page.locator(".policy-clause a.policy-label").first, "color") == [0, 0, 0, 1]
    assert rgba(page.locator(".policy-version-notice a, .policy-banner a").first, "color") == [0, 0, 0, 1]
    assert rgba(page.locator("body"), "backgroundColor") == [255, 255, 255, 1]
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".policy-links").first.is_visible()  # links are for the screen
    # The address printed from (policy-unit-menu.js; without script, the page's under site_url).
    assert page.locator(".policy-print-address").inner_text() == f"{served_site}{path}"
    assert label in page.locator("article").inner_text()
    assert page.locator(".policy-clause a.policy-label").first.is_visible()
    assert not page.locator("#s0 a.policy-label").is_visible()
    pdf = page.pdf(path=str(tmp_path / "policy.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    page.context.close()


AXE_PAGES = [
    prefix + path
    for prefix in ("", "/en")
    for path in (
        "/",
        "/changes/",
        "/versions/",
        "/versions/1.0/",
        "/versions/1.1/changes/",
        "/about/",
        "/editors/",
        "/verify/",
        "/performance/",
        "/manual/",
        "/manual/checks/",
        "/manual/getting-started/",
        "/nope/",
    )
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(browser, served_site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    for path in AXE_PAGES:
        page.goto(f"{served_site}{path}")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append((path, violation["id"], [node["target"] for node in violation["nodes"]][:3]))
    context.close()
    assert found == []


#: Watches Material's search worker from the page: the queries posted to it and the results it
#: answered with (Material's SearchMessageType: QUERY 2, RESULT 3), in order.
WATCH_SEARCH = """
(() => {
  if (window.__search) return;
  const Native = window.Worker;
  const watch = window.__search = {queries: [], results: []};
  window.Worker = function (url, options) {
    const worker = new Native(url, options);
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message, ...rest) => {
      if (message && message.type === 2) watch.queries.push(message.data);
      return post(message, ...rest);
    };
    worker.addEventListener("message", (event) => {
      if (event.data && event.data.type === 3) watch.results.push(event.data.data.items.length);
    });
    return worker;
  };
  window.Worker.prototype = Native.prototype;
})();
"""
#: True once the worker has answered every query, the last of them the whole query typed, and
#: the page shows that answer: its count of results in the meta line, or none.
SEARCH_SETTLED = """(query) => {
  const watch = window.__search, meta = document.querySelector('.md-search-result__meta');
  if (!watch || !meta || !watch.queries.length || watch.queries[watch.queries.length - 1] !== query) return false;
  if (watch.results.length !== watch.queries.length) return false;
  const count = watch.results[watch.results.length - 1];
  const shown = (meta.textContent.match(/\\d+/) || [null])[0];
  return count ? shown === String(count) : shown === null && !/^Initiali/.test(meta.textContent);
}"""


def search(page, served_site, path: str, query: str) -> list[str]:
    """Material's search on `path`: the result links, once the answer to the whole query is
    shown (the worker's messages watched: not a pause for results to stop changing)."""
    page.add_init_script(WATCH_SEARCH)
    page.goto(f"{served_site}{path}")
    page.keyboard.press("s")  # Material's shortcut to the search field
    meta = "document.querySelector('.md-search-result__meta').textContent"
    page.wait_for_function(f"() => !/^Initiali/.test({meta})")  # the index is loaded
    page.type(".md-search__input", query)  # typed, as a reader does (Material listens to keys)
    page.wait_for_function(SEARCH_SETTLED, arg=page.locator(".md-search__input").input_value())
    return [
        urlsplit(href).path
        for href in page.eval_on_selector_all(".md-search-result__item a", "links => links.map(link => link.href)")
    ]


def test_search_on_swedish_pages_finds_swedish_only(page, served_site):
    found = search(page, served_site, "/", "personuppgifter")
    assert found and not any(path.startswith("/en/") for path in found)
    assert not any("/versions/" in path for path in found)  # archived versions are not searched


def test_search_on_english_pages_finds_english_only(page, served_site):
    found = search(page, served_site, "/en/", "cookie")
    assert found and all(path.startswith("/en/") for path in found)
    assert search(page, served_site, "/en/", "personuppgifter") == []


@pytest.mark.parametrize(
    "path, inflected, base",
    [
        ("/", "personuppgifterna", "personuppgifter"),  # the text says "personuppgifter" only
        ("/", "tjänsterna", "tjänster"),
        ("/", "säkerhetsåtgärden", "säkerhetsåtgärder"),
        ("/en/", "policies", "policy"),  # Porter: policy, policies -> polici
        ("/en/", "disclosing", "disclose"),
        ("/", "tjänster*", "tjänst"),  # the reader's own wildcard, after a stemmed word
        ("/en/", "cookies*", "cookie"),
    ],
)
def test_search_finds_ordinary_inflections(page, served_site, path, inflected, base):
    """A form the text does not use finds the pages with the form it does use: the index holds
    stems, and policy-search.js stems the reader's words the same way despite Material's
    trailing wildcard."""
    found = search(page, served_site, path, inflected)
    assert found and found == search(page, served_site, path, base)
    assert path == "/" or all(p.startswith("/en/") for p in found)


@pytest.mark.parametrize("path, query, clause", [("/", "IP-adress", "/#s1-b"), ("/en/", "password", "/en/#s7-a")])
def test_search_lands_on_the_clause_first(page, served_site, path, query, clause):
    """Results point at clauses, not at the sections around them, and the policy comes before
    the pages about it (the editors' guide has "adress" in its headings)."""
    found = search(page, served_site, path, query)
    assert found[0] == path and found[1] == clause.split("#")[0]
    anchors = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(link => link.hash)")
    assert anchors[1] == "#" + clause.split("#")[1]


@pytest.mark.parametrize("path, number", [("/", "2026"), ("/", "1.1"), ("/en/", "2026")])
def test_search_finds_numbers(page, served_site, path, number):
    """Dates and version numbers are words too (Swedish's lunr trimmer would drop them)."""
    assert search(page, served_site, path, number)


def test_a_translation_says_which_text_binds_and_keeps_the_place(page, served_site):
    page.goto(f"{served_site}/en/#s3-c")
    note = page.locator(".policy-translation")
    assert "binding text is the one in Swedish" in note.inner_text()
    with page.expect_navigation():
        note.locator("a[hreflang]").click()  # the binding text's link (the note also links side-by-side pages)
    assert urlsplit(page.url).path == "/" and urlsplit(page.url).fragment == "s3-c"


@pytest.mark.parametrize("path", ["/en/versions/1.0/", "/en/versions/1.1/changes/"])
def test_translated_archives_and_redlines_say_which_text_binds(page, served_site, path):
    page.goto(f"{served_site}{path}#s0")
    note = page.locator(".policy-translation")
    assert "binding text is the one in Swedish" in note.inner_text()
    with page.expect_navigation():
        note.locator("a").click()
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (path[3:], "s0")


def test_redlines_are_announced(page, served_site):
    page.goto(f"{served_site}/versions/1.1/changes/")
    before = page.locator("#s0 ins").evaluate("e => getComputedStyle(e, '::before').content")
    assert before == '" [tillagt: "'
    page.goto(f"{served_site}/en/versions/1.1/changes/")
    assert page.locator("#s0 del").evaluate("e => getComputedStyle(e, '::before').content") == '" [deleted: "'


# A history with every notice a reader can meet: 1.1 (in force) changed clause 1 a in both
# languages and 1 b only in Swedish (the English 1 b lags); 1.2 (upcoming) changes 2 a and
# removes 1 c. Long words and a long address test narrow screens.
LONG = "personuppgiftsbiträdesavtalsförhandlingarna https://example.org/" + "a" * 60
STORY_SV = {
    "00-inledning.md": "# Integritetspolicy\n\nDen här policyn beskriver hur vi hanterar personuppgifter.\n",
    "01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn.\n\nb. Vi samlar in e-postadresser.\n\n"
    "c. Vi samlar in telefonnummer.\n",
    "02-anvandning.md": f"# 2. Användning\n\na. Vi använder uppgifterna enligt {LONG}.\n",
}
STORY_EN = {
    "00-introduction.md": "# Privacy Policy\n\nThis policy describes how we handle personal data.\n",
    "01-collection.md": "# 1. Collection\n\na. We collect names.\n\nb. We collect e-mail addresses.\n\n"
    "c. We collect telephone numbers.\n",
    "02-use.md": f"# 2. Use\n\na. We use the data under {LONG}.\n",
}
STORY_EPOCH = "1780272000"  # 2026-06-01: 1.1 is in force, 1.2 upcoming


def story_files(sv: dict[str, str], en: dict[str, str]) -> dict[str, str]:
    return {**{f"sv/{k}": v for k, v in sv.items()}, **{f"en/{k}": v for k, v in en.items()}}


@pytest.fixture(scope="module")
def story_site(browser, tmp_path_factory):
    repo = GitRepo(tmp_path_factory.mktemp("story") / "repo")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **story_files(STORY_SV, STORY_EN)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    sv, en = dict(STORY_SV), dict(STORY_EN)
    sv["01-insamling.md"] = (
        sv["01-insamling.md"]
        .replace("namn.", "namn och adress.")
        .replace("e-postadresser.", "e-postadresser och telefonnummer till arbetet.")
    )
    en["01-collection.md"] = en["01-collection.md"].replace("names.", "names and addresses.")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15", "Addresses."), **story_files(sv, en)})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    sv["01-insamling.md"] = sv["01-insamling.md"].split("\nc.")[0].rstrip() + "\n"
    en["01-collection.md"] = en["01-collection.md"].split("\nc.")[0].rstrip() + "\n"
    sv["02-anvandning.md"] = sv["02-anvandning.md"].replace("använder", "använder och sparar")
    en["02-use.md"] = en["02-use.md"].replace("use the", "use and keep the")
    repo.write_policy(
        {"policy.yml": meta("1.2", "2026-07-01", "No telephone numbers.", removed="[s1-c]"), **story_files(sv, en)}
    )
    repo.commit("1.2", "2026-05-01T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


NOTICES = [
    ".policy-banner",
    "#s1-a details.policy-change",
    ".policy-banner--upcoming",
    "#s1-c .policy-upcoming-change",
    "#s2-a .policy-upcoming-change",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_notice_is_legible(browser, story_site, scheme, width, lang):
    """The what-changed banner, the changed-clause mark with its redline opened, the upcoming
    notices and (in English) the lagging-translation mark: shown, inside the screen, and with
    no contrast or other serious axe finding, in either scheme, at 1280 and 375 px."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{story_site}{'/' if lang == 'sv' else '/en/'}")
    page.locator("#s1-a details.policy-change summary").click()
    notices = NOTICES + ["#s1-a .policy-redline ins", "#s1-a .policy-redline"]
    if lang == "en":
        notices.append("#s1-b .policy-outdated")
    for selector in notices:
        notice = page.locator(selector).first
        assert notice.is_visible(), selector
        box = notice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    serious = serious_violations(page, ".md-content")
    context.close()
    assert serious == []


def test_a_lagging_translation_is_marked_and_links_the_binding_text(page, story_site):
    page.goto(f"{story_site}/en/#s1-b")
    mark = page.locator("#s1-b .policy-outdated")
    assert "may be out of date" in mark.inner_text()
    assert page.locator("#s1-a .policy-outdated").count() == 0  # translated along with the original
    with page.expect_navigation():
        mark.locator("a").click()
    assert urlsplit(page.url).path == "/" and urlsplit(page.url).fragment == "s1-b"


@pytest.mark.parametrize("path", ["/versions/1.0/", "/versions/1.1/changes/", "/versions/1.2/"])
def test_switching_language_on_archive_and_redline_pages_keeps_the_place(page, story_site, path):
    page.goto(f"{story_site}{path}#s1-a")
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').click()")
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (f"/en{path}", "s1-a")
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=sv]').click()")
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (path, "s1-a")


def test_the_upcoming_change_of_a_clause_is_one_click_away_at_the_clause(page, story_site):
    page.goto(f"{story_site}/#s2-a")
    with page.expect_navigation():
        page.locator("#s2-a .policy-upcoming-change a").click()
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == ("/versions/1.2/changes/", "s2-a")
    assert page.locator("#s2-a ins").first.inner_text().strip() == "och sparar"


def test_stepping_through_versions_keeps_the_clause(page, story_site):
    """From the text in force to the previous version, back, to the upcoming one and back:
    every step lands on the same clause."""
    page.goto(f"{story_site}/#s1-a")
    steps = [
        (".policy-banner:not(.policy-banner--upcoming) a.policy-keep-anchor", "/versions/1.0/"),
        (".policy-version-notice a.policy-keep-anchor", "/"),
        (".policy-banner--upcoming a.policy-keep-anchor", "/versions/1.2/"),
        (".policy-version-notice a.policy-keep-anchor", "/"),
    ]
    for link, path in steps:
        with page.expect_navigation():
            page.locator(link).first.click()
        assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == (path, "s1-a")
        assert page.locator("#s1-a").is_visible()


# The Content-Security-Policy (tests/test_csp.py checks that every built page has it): nothing the
# site does is blocked, and what it blocks is reported. An init script records every
# securitypolicyviolation event of a document in window.__violations, before any script of it runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push({directive: event.violatedDirective, blocked: event.blockedURI,
                            source: event.sourceFile, line: event.lineNumber});
}, true);
"""


class Watched:
    """A page whose CSP violations are collected: the events and Chromium's console messages."""

    def __init__(self, context):
        context.add_init_script(RECORD_VIOLATIONS)
        self.page = context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def violations(self) -> tuple[list, list]:
        """This document's violation events, and every console message about the CSP so far."""
        return (
            self.page.evaluate("window.__violations"),
            [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m],
        )


@pytest.fixture
def watched(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    yield Watched(context)
    context.close()


CSP_PAGES = [
    prefix + path
    for prefix in ("", "/en")
    for path in (
        "/",
        "/changes/",
        "/versions/",
        "/versions/1.0/",
        "/versions/1.1/changes/",
        "/versions/1.0/changes/",
        "/about/",
        "/editors/",
        "/verify/",
        "/performance/",
        "/manual/",
        "/manual/checks/",
        "/manual/getting-started/",
        "/nope/",
    )
]


def test_no_page_violates_the_csp(watched, served_site):
    """Every page type, with search opened (its index fetched, its worker started): no violation,
    and Material's scripts, from files, ran (the scope of its stored settings is the site's root)."""
    page = watched.page
    for path in CSP_PAGES:
        page.goto(f"{served_site}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null")
        assert page.evaluate("__md_scope.href") == f"{served_site}/", path
        page.keyboard.press("s")
        page.wait_for_function("() => !/^Initiali/.test(document.querySelector('.md-search-result__meta').textContent)")
        assert watched.violations() == ([], []), path
    # The root 404 page's redirect ran (the page is in English) and put the typed address back.
    assert page.evaluate("document.documentElement.lang") == "en" and urlsplit(page.url).path == "/en/nope/"


def test_the_sites_features_work_under_the_csp(watched, served_site):
    """Search, the units' menus, the language switch, the version switches, a redline and the
    palette toggle: each works, and nothing is blocked."""
    page = watched.page
    assert search(page, served_site, "/en/", "cookie")
    assert watched.violations() == ([], [])
    page.goto(f"{served_site}/en/")
    page.locator('button.policy-unit-button[data-anchor="s5-c"]').click()
    page.locator('#policy-unit-menu-s5-c [role="menuitem"]').first.click()
    page.wait_for_function("() => document.querySelector('.policy-unit-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == f"{served_site}/en/#s5-c"
    assert watched.violations() == ([], [])
    page.goto(f"{served_site}/#s1-a")
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').click()")
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == ("/en/", "s1-a")
    assert watched.violations() == ([], [])
    page.goto(f"{served_site}/versions/1.0/#s1-a")
    with page.expect_navigation():
        page.locator("a.policy-keep-anchor").first.click()
    assert (urlsplit(page.url).path, urlsplit(page.url).fragment) == ("/", "s1-a")
    assert watched.violations() == ([], [])
    page.goto(f"{served_site}/versions/1.1/changes/")
    assert page.locator("#s0 ins").first.is_visible()
    assert watched.violations() == ([], [])
    page.goto(f"{served_site}/")
    mark = page.locator("#s0 details.policy-change")
    mark.locator("summary").click()
    assert mark.locator(".policy-redline").is_visible()
    assert watched.violations() == ([], [])


def test_the_palette_toggle_works_under_the_csp(watched, served_site):
    """Material's palette scripts, from files: the toggle switches the scheme and stores it under
    the site's root (the scope read from data-scope, three levels down), and every page shows
    the stored scheme, in either language."""
    page = watched.page
    page.goto(f"{served_site}/en/versions/1.0/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.locator("[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    assert "slate" in page.evaluate("localStorage.getItem('/.__palette')")
    for path in ("/", "/versions/1.1/changes/", "/en/nope/"):
        page.goto(f"{served_site}{path}")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", path
        assert watched.violations() == ([], []), path
    page.locator("[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    page.reload()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert watched.violations() == ([], [])


def test_an_injected_inline_script_does_not_run(watched, built_site, tmp_path):
    """A <script> and an onerror attribute written into a built page: neither runs, and both
    are reported; the site's own scripts still do."""
    site = shutil.copytree(built_site.site, tmp_path / "site")
    index = site / "en" / "index.html"
    injected = (
        '<script>window.__injected = "script";</script>'
        '<img src="data:," alt="" onerror="window.__injectedHandler = \'onerror\'">'
    )
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", injected + "</body>", 1), encoding="utf-8")
    page = watched.page
    with serve(site) as url:
        page.goto(f"{url}/en/")
        page.wait_for_load_state("load")
        page.wait_for_function("() => window.__violations.length >= 2")
        assert page.evaluate("typeof window.__injected") == "undefined"
        assert page.evaluate("typeof window.__injectedHandler") == "undefined"
        events, messages = watched.violations()
        directives = sorted(event["directive"] for event in events)
        assert len(events) == 2 and all(event["blocked"] == "inline" for event in events), events
        assert directives[0] in ("script-src", "script-src-attr") and directives[1] in ("script-src", "script-src-elem")
        assert len(messages) == 2  # Chromium says so in the console too
        assert page.locator("button.policy-unit-button").count() > 30  # the theme's own scripts ran
