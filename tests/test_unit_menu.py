"""Each unit's one control (assets/javascripts/policy-unit-menu.js): a menu button with roving
focus holding "copy the link", "copy the citation", "print this unit only" and the unit's change
and history; the citation in the page's language, pinned to the version; the button as the
unit's only tab stop; the "go to" field that reaches a unit by the text's own label.

On the shared story (tests/fixtures/story.py: sv at /, en at /en/; 1.3 in force, 1.4 upcoming)
and on bench/generate.py's 60-version history with its default size (20 sections of 10 clauses,
the site on which the issue counted 764 tab stops), at 1280 and 375 px, light and dark, axe
clean, no console error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import serious_violations, serve
from building import mkdocs_build
from generated import generated as generated_history
from gitrepo import meta
from story import STORY_EPOCH, build_story, story_repo

pytestmark = [pytest.mark.build, pytest.mark.browser]

SHOTS = Path("/tmp/shots-unitmenu")
PREFIX = {"sv": "/", "en": "/en/"}
SITE = "https://policy.example.com"
#: The story's citations of 2 a, as a reader copies them: the page's language, the version's
#: period worded by Babel, the link pinned to the version's own page.
CITATIONS = {
    ("en", ""): f"Privacy Policy, version 1.3 (in force since 1 April 2026), section 2 a, {SITE}/en/versions/1.3/#s2-a",
    ("sv", ""): f"Integritetspolicy version 1.3 (i kraft sedan 1 april 2026), avsnitt 2 a, {SITE}/versions/1.3/#s2-a",
    ("en", "versions/1.0/"): "Privacy Policy, version 1.0 (in force 15 January 2026 to 14 February 2026), "
    f"section 2 a, {SITE}/en/versions/1.0/#s2-a",
    ("sv", "versions/1.1/"): "Integritetspolicy version 1.1 (i kraft 15 februari 2026 till 28 februari 2026), "
    f"avsnitt 2 a, {SITE}/versions/1.1/#s2-a",
}

#: Per unit of the text, the elements a Tab stops at: (unit, [what]) for every unit with more
#: than `most`, and the number of units and of stops in the article.
STOPS = """(most) => {
  const UNITS = '.policy-preamble[id], .policy-section, .policy-clause[id], .policy-subclause[id]';
  const all = [...document.querySelectorAll('.md-content a[href], .md-content button, .md-content summary, .md-content input, .md-content [tabindex]')];
  const stops = all.filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
    && !(e.closest('details:not([open])') && e.tagName !== 'SUMMARY'));
  const per = new Map();
  document.querySelectorAll('.md-content ' + UNITS.split(', ').join(', .md-content ')).forEach(u => per.set(u, []));
  stops.forEach(e => { const u = e.closest(UNITS); if (u) per.get(u).push(e.className || e.tagName); });
  const over = [...per].filter(([u, found]) => found.length > most || found.length === 0)
    .map(([u, found]) => [u.id || u.querySelector('h2').id, found]);
  return {over: over.filter(([id]) => !/^s\\d+$/.test(id) || true), units: per.size, stops: stops.length};
}"""


def generated(path: Path, versions: int) -> Path:
    """bench/generate.py's repository, at its default size (20 sections of 10 clauses)."""
    return generated_history(path, versions, sections=20, clauses=10)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The story and the generated 60-version site, built --strict, served: {name: url}."""
    _, story = build_story(tmp_path_factory.mktemp("menu-story"))
    sixty = mkdocs_build(generated(tmp_path_factory.mktemp("menu-sixty") / "repo", 60), "--strict")
    assert sixty.returncode == 0, sixty.output
    with serve(story.site) as story_url, serve(sixty.site) as sixty_url:
        yield {"story": story_url, "sixty": sixty_url}


@pytest.fixture
def open_page(browser):
    """A page in a fresh context that may use the clipboard; its console errors in page.errors."""
    contexts = []

    def make(width: int = 1280, scheme: str = "light"):
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            color_scheme=scheme,
            permissions=["clipboard-read", "clipboard-write"],
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()


def active(page) -> str:
    """What has the focus: a menu entry's text, or a button's unit."""
    return page.evaluate(
        "() => { const e = document.activeElement; return e.getAttribute('role') === 'menuitem' ? e.textContent"
        " : (e.dataset.anchor || e.id || e.tagName); }"
    )


def place(page, selector: str) -> list[float]:
    """The element's box on the page (not on the screen, which scrolls to a focused button)."""
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }",
        selector,
    )


def settle(page) -> None:
    """Material's transitions (the header's title, the scheme's colours) at their end: a
    condition, not a time."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def menu_of(page, anchor: str):
    return page.locator(f"#policy-unit-menu-{anchor}")


def test_the_menu_button_follows_the_wai_aria_pattern(sites, open_page):
    page = open_page()
    page.goto(f"{sites['story']}/en/")
    button = page.locator('button.policy-unit-button[data-anchor="s2-a"]')
    assert button.get_attribute("aria-haspopup") == "menu" and button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "policy-unit-menu-s2-a"
    button.focus()
    page.keyboard.press("Enter")  # opens, on the first entry
    assert button.get_attribute("aria-expanded") == "true" and menu_of(page, "s2-a").is_visible()
    entries = menu_of(page, "s2-a").locator("[role=menuitem]").all_inner_texts()
    assert entries == [
        "Copy the link to section 2 a",
        "Copy the citation of section 2 a",
        "Print section 2 a only",
        "Show the history of section 2 a",
    ]
    assert active(page) == entries[0]
    page.keyboard.press("ArrowDown")
    assert active(page) == entries[1]
    page.keyboard.press("End")
    assert active(page) == entries[3]
    page.keyboard.press("ArrowDown")  # round to the first
    assert active(page) == entries[0]
    page.keyboard.press("ArrowUp")  # round to the last
    assert active(page) == entries[3]
    page.keyboard.press("Home")
    assert active(page) == entries[0]
    page.keyboard.press("Escape")  # closes, the focus back on the button
    assert active(page) == "s2-a" and not menu_of(page, "s2-a").is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowUp")  # opens on the last entry
    assert active(page) == entries[3]
    page.keyboard.press("Escape")
    page.keyboard.press(" ")  # Space opens too
    assert active(page) == entries[0]
    page.keyboard.press("Tab")  # leaving the menu closes it
    assert not menu_of(page, "s2-a").is_visible() and button.get_attribute("aria-expanded") == "false"
    button.click()
    assert menu_of(page, "s2-a").is_visible()
    page.locator("article h1").click()  # a click elsewhere closes it
    assert not menu_of(page, "s2-a").is_visible()
    assert page.errors == []


@pytest.mark.parametrize("lang, path", list(CITATIONS))
def test_copy_citation_in_the_pages_language_pinned_to_the_version(sites, open_page, lang, path):
    page = open_page()
    page.goto(f"{sites['story']}{PREFIX[lang]}{path}")
    before = place(page, "#s2-a")
    page.locator('button.policy-unit-button[data-anchor="s2-a"]').focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.policy-unit-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == CITATIONS[lang, path]
    done = page.locator("#s2-a .policy-unit-done")
    assert done.is_visible() and done.inner_text() == {"en": "Copied", "sv": "Kopierat"}[lang]
    assert place(page, "#s2-a") == before  # the feedback does not move the text
    assert active(page) == "s2-a"  # the focus is back on the button
    status = page.locator(".policy-unit-status").inner_text()
    assert CITATIONS[lang, path] in status
    assert page.errors == []


def test_copy_link_copies_the_pages_own_address_of_the_unit(sites, open_page):
    page = open_page()
    page.goto(f"{sites['story']}/en/versions/1.0/")
    before = place(page, "#s1-b")
    page.locator('button.policy-unit-button[data-anchor="s1-b"]').click()
    menu_of(page, "s1-b").locator("[role=menuitem]").first.click()
    page.wait_for_function("() => document.querySelector('.policy-unit-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == f"{sites['story']}/en/versions/1.0/#s1-b"
    assert place(page, "#s1-b") == before
    assert page.errors == []


def test_a_hostile_title_is_cited_as_text(tmp_path, browser):
    """A title with markup and a {url} of its own reaches the citation as it was written."""
    repo = story_repo(tmp_path / "repo")
    hostile = """Pol</div><script>window.hit=1</script>"{url}' <b>"""
    yml = meta("1.5", "2026-05-15", "Hostile.", "{s2-b: s3-a}", "[s1-c]")
    yml = yml.replace(
        "title: {sv: Integritetspolicy, en: Privacy Policy}",
        f"title: {{sv: Integritetspolicy, en: '{hostile.replace(chr(39), chr(39) * 2)}'}}",
    )
    policy = repo.path / "policy"
    (policy / "policy.yml").write_text(yml, encoding="utf-8")
    repo.commit("Policy 1.5", "2026-05-10T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(result.site) as url:
        page.goto(f"{url}/en/")
        page.locator('button.policy-unit-button[data-anchor="s3-a"]').click()
        menu_of(page, "s3-a").locator("[role=menuitem]").nth(1).click()
        page.wait_for_function("() => document.querySelector('.policy-unit-status').textContent !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"{hostile}, version 1.5 (in force since 15 May 2026), section 3 a, ")
        assert copied.endswith(f"{SITE}/en/versions/1.5/#s3-a")
        assert page.evaluate("window.hit") is None and errors == []
        assert page.locator(".policy-print-head strong").inner_text() == hostile
    context.close()


@pytest.mark.parametrize("path", ["/en/", "/en/versions/6.8/", "/versions/1.0/"])
def test_each_unit_is_one_tab_stop_on_the_sixty_version_site(sites, open_page, path):
    """Its menu button; the label, a heading's pilcrow, the change mark and the history line
    are reached through the menu. Before: the label, a copy button and a history toggle each."""
    page = open_page()
    page.goto(f"{sites['sixty']}{path}")
    found = page.evaluate(STOPS, 1)
    # A section may hold notes of removed units (each with a link to the last text): not clauses.
    clauses = [(unit, what) for unit, what in found["over"] if "-" in unit or what == []]
    assert clauses == [], clauses[:5]
    assert found["units"] > 300 and found["stops"] < found["units"] + 40, found
    labels = page.locator("a.policy-label")
    assert labels.count() > 290 and page.locator("a.policy-label:not([tabindex='-1'])").count() == 0
    # The first stop of each unit is its button: Tab from one button goes to the next unit's.
    page.locator('button.policy-unit-button[data-anchor="s2-a"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('policy-unit-button')")
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/en/versions/1.0/"])
def test_tab_goes_from_unit_to_unit_on_the_story(sites, open_page, path):
    """From "Skip to content" the "go to" field, then each unit's button in reading order (a
    note that links elsewhere, like "read the binding text", keeps its own stop)."""
    page = open_page()
    page.goto(f"{sites['story']}{path}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "policy-goto-field"
    units = page.eval_on_selector_all("button.policy-unit-button", "els => els.map(e => e.dataset.anchor)")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        anchor = page.evaluate("document.activeElement.dataset.anchor || ''")
        if anchor:
            reached.append(anchor)
        if page.evaluate("!document.querySelector('.md-content').contains(document.activeElement)"):
            break
    assert reached == units
    assert page.errors == []


def test_the_change_mark_and_the_history_come_through_the_menu(sites, open_page):
    page = open_page()
    page.goto(f"{sites['sixty']}/en/")
    changed = page.locator(".policy-clause:has(> details.policy-change)").first
    anchor = changed.get_attribute("id")
    assert changed.locator("> details.policy-change > summary").get_attribute("tabindex") == "-1"
    changed.locator(f'button.policy-unit-button[data-anchor="{anchor}"]').focus()
    page.keyboard.press("Enter")
    entries = menu_of(page, anchor).locator("[role=menuitem]").all_inner_texts()
    label = anchor[1:].replace("-", " ")
    assert entries[3:] == [f"Show what changed in section {label}", f"Show the history of section {label}"]
    page.keyboard.press("End")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert changed.locator("> details.policy-change").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.closest('details').className") == "policy-change"
    # An archived page's history line: its links join the tab order while the focus is in it.
    page.goto(f"{sites['sixty']}/en/versions/6.8/")
    anchor = page.evaluate(
        "[...document.querySelectorAll('.policy-clause')].find(c => c.querySelectorAll(':scope > p.policy-history a').length > 1).id"
    )
    links = page.locator(f"#{anchor} > p.policy-history a")
    assert links.first.get_attribute("tabindex") == "-1"
    page.locator(f'button.policy-unit-button[data-anchor="{anchor}"]').focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('p').className") == "policy-history"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == links.nth(1).inner_text()
    page.locator(f'button.policy-unit-button[data-anchor="{anchor}"]').focus()  # out of the line again
    assert links.first.get_attribute("tabindex") == "-1" and links.last.get_attribute("tabindex") == "-1"
    assert page.errors == []


@pytest.mark.parametrize(
    "site, path, typed, anchor",
    [
        ("story", "/en/", "2 a", "s2-a"),
        ("story", "/en/", "§ 2 a", "s2-a"),
        ("story", "/en/", "2A", "s2-a"),
        ("story", "/", "3", "s3"),
        ("story", "/", "s3-a", "s3-a"),
        ("story", "/en/", "1 c", "s1-c"),  # removed in 1.3: its note says so
        ("story", "/en/", "2 b", "s2-b"),  # moved to 3 a: its old anchor lands there
        ("sixty", "/en/", "6 d (3)", "s6-d-3"),
        ("sixty", "/en/", "6d3", "s6-d-3"),
        ("sixty", "/en/", "1 ia (2)", "s1-ia-2"),
        ("sixty", "/en/", "5ha", "s5-ha"),
        ("sixty", "/en/", "18", "s18"),
    ],
)
def test_go_to_reaches_a_unit_by_its_own_label(sites, open_page, site, path, typed, anchor):
    page = open_page()
    page.goto(f"{sites[site]}{path}")
    form = page.locator("form.policy-goto")
    assert form.bounding_box()["width"] <= 1  # out of sight until it has the focus
    field = page.locator("#policy-goto-field")
    field.focus()
    assert form.bounding_box()["width"] > 100
    field.fill(typed)
    field.press("Enter")
    page.wait_for_function("a => location.hash === '#' + a", arg=anchor, timeout=10_000)
    focused = page.evaluate("document.activeElement.dataset.anchor || document.activeElement.id")
    # The unit's button; a moved unit's old anchor, the button of the unit it became.
    holder = page.evaluate("a => (document.getElementById(a).parentElement.closest('[id]') || {}).id", anchor)
    assert focused in (anchor, holder)
    assert page.locator(f"[id='{anchor}']").first.is_visible() or anchor == "s2-b"
    assert page.errors == []


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "There is no section or clause “99 z” on this page."),
        ("sv", "Det finns inget avsnitt eller ingen punkt ”99 z” på den här sidan."),
    ],
)
def test_go_to_says_when_there_is_no_such_unit(sites, open_page, lang, said):
    page = open_page()
    page.goto(f"{sites['story']}{PREFIX[lang]}")
    field = page.locator("#policy-goto-field")
    field.fill("99 z")
    field.press("Enter")
    message = page.locator(".policy-goto-message")
    assert message.inner_text() == said and message.get_attribute("role") == "status"
    assert urlsplit(page.url).fragment == ""
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("where", ["story-sv", "story-en", "sixty-en"])
def test_the_menu_and_go_to_fit_and_pass_axe(sites, open_page, where, width, scheme):
    site, lang = where.split("-")
    page = open_page(width, scheme)
    page.goto(f"{sites[site]}{PREFIX[lang]}")
    button = page.locator('button.policy-unit-button[data-anchor="s2-a"]')
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    button.click()
    menu = menu_of(page, "s2-a")
    menu_box = menu.bounding_box()
    assert menu_box["x"] >= 0 and menu_box["x"] + menu_box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(exist_ok=True)
    settle(page)
    page.screenshot(path=str(SHOTS / f"menu-{where}-{width}-{scheme}.png"))
    assert serious_violations(page, ".md-content") == []
    # A section's menu, at the end of its heading, stays on the screen too.
    page.keyboard.press("Escape")
    page.locator('button.policy-unit-button[data-anchor="s2"]').click()
    menu_box = menu_of(page, "s2").bounding_box()
    assert menu_box["x"] >= 0 and menu_box["x"] + menu_box["width"] <= width
    page.keyboard.press("Escape")
    page.mouse.move(0, 0)  # no link under the pointer, in its hover colour, when the field shows
    page.locator("#policy-goto-field").focus()
    settle(page)
    page.screenshot(path=str(SHOTS / f"goto-{where}-{width}-{scheme}.png"))
    assert serious_violations(page, ".md-content") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == []


def test_without_script_the_label_is_the_link(sites, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sites['story']}/en/")
    assert page.locator("button.policy-unit-button").count() == 0 and page.locator("form.policy-goto").count() == 0
    assert page.locator('a.policy-label[href="#s2-a"]').get_attribute("tabindex") is None
    context.close()
