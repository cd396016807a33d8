""" "What changed since I agreed?" in one step, on the story
(tests/fixtures/story.py: 1.3 in force, 1.4 upcoming) and on a generated history of 60 weekly
versions (bench/generate.py, as tests/test_timeline_reading.py builds it).

- The text in force (in its banner) and the changelog offer every version before the one in
  force in a plain GET form to the compare page, `?from=A&to=<in force>`, worded in the page's
  language; it works without script.
- The comparison opens with a summary: per kind of change the number of units and a link down
  to each, what each version in between says it changed; Material's table of contents (the
  right-hand column, empty before) lists the changed sections. The expected counts are worked
  out here from policy.json's `changes` lists, version by version, not from compare.json.
- Without script the compare page embeds the last `CHAIN_EMBEDDED` redlines and links the
  others: at 60 versions its HTML stays far below what the whole chain weighed.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from generated import generated
from story import build_story

from policykit.pages.compare import CHAIN_EMBEDDED

pytestmark = [pytest.mark.build, pytest.mark.browser]

PREFIX = {"sv": "/", "en": "/en/"}
LABEL = {"sv": "Vad har ändrats sedan den version du godkände?", "en": "What changed since the version you accepted?"}
SUBMIT = {"sv": "Visa ändringarna", "en": "Show the changes"}
KINDS = ("changed", "added", "removed", "moved")
#: The compare page without script, at 60 versions (4 sections of 4 clauses, 2 languages): the
#: whole chain of redlines made it 149 kB; the last five redlines, the links to the others and the
#: two lists of versions make it 44 kB. Well above that, well below the whole chain.
NO_SCRIPT_BYTES = 75_000


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The story and the generated 60-version site, built --strict: {name: site folder}."""
    repo = generated(tmp_path_factory.mktemp("sixty") / "repo", 60)
    sixty = mkdocs_build(repo, "--strict")
    assert sixty.returncode == 0, sixty.output
    _, story = build_story(tmp_path_factory.mktemp("story"))
    return {"story": story.site, "sixty": sixty.site}


@pytest.fixture(scope="module")
def sites(built):
    with serve(built["story"]) as story_url, serve(built["sixty"]) as sixty_url:
        yield {"story": story_url, "sixty": sixty_url}


def policy(site: Path) -> dict:
    return json.loads((site / "policy.json").read_text(encoding="utf-8"))


def in_force(data: dict) -> tuple[str, list[str]]:
    """The version in force and the published versions before it, oldest first."""
    labels = [v["version"] for v in data["versions"]]
    current = data["current"]
    return current, labels[: labels.index(current)]


def expected_changes(data: dict, a: str, b: str) -> dict[str, set[str]]:
    """The units added, changed, removed and moved from version `a` to `b`, from policy.json's
    per-version `changes` lists alone: each unit of `a` followed through the moves, removals and
    changes of every version after it; a unit added on the way stays added (and goes, if it is
    removed again). Changed wins over moved: the redline shows a moved unit that also changed
    among the changed, "moved from"."""
    versions = [v for v in data["versions"] if v.get("commit")]
    labels = [v["version"] for v in versions]
    start = labels.index(a)
    first = versions[0]["changes"]["added"]  # the first version added every unit it had
    alive = set(first)
    for version in versions[1 : start + 1]:
        changes = version["changes"]
        alive = {changes["moved"].get(i, i) for i in alive} - set(changes["removed"]) | set(changes["added"])
    place = {unit: unit for unit in alive}  # a unit of `a` -> where it is now (None: removed)
    changed: set[str] = set()
    added: set[str] = set()
    for version in versions[start + 1 : labels.index(b) + 1]:
        changes = version["changes"]
        moved, removed = changes["moved"], set(changes["removed"])
        for unit, now in place.items():
            if now is not None:
                now = moved.get(now, now)
                place[unit] = None if now in removed else now
        added = {moved.get(i, i) for i in added} - removed | set(changes["added"])
        changed |= {unit for unit, now in place.items() if now in set(changes["changed"])}
    live = {unit: now for unit, now in place.items() if now is not None}
    return {
        "added": added,
        "changed": {live[u] for u in changed if u in live},
        "removed": {unit for unit, now in place.items() if now is None},
        "moved": {now for unit, now in live.items() if now != unit and unit not in changed},
    }


def summary_of(page) -> dict:
    """The summary as the page shows it: per kind, its count and the units it links."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.policy-compare-counts li')].map((li) => [
             li.dataset.kind,
             {count: Number(li.querySelector('.policy-compare-count').textContent),
              units: [...li.querySelectorAll('a')].slice(1).map((a) => a.getAttribute('href').slice(1))}]))"""
    )


def settled(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.getElementById('policy-compare').hidden")


class Watched:
    def __init__(self, context):
        self.context, self.page, self.errors = context, context.new_page(), []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context)
    context.close()


# The offer -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story", "sixty"])
@pytest.mark.parametrize("lang", PREFIX)
def test_the_banner_and_the_changelog_offer_every_earlier_version(built, name, lang):
    site = built[name]
    current, earlier = in_force(policy(site))
    assert earlier, "a history with something before the version in force"
    for path in (PREFIX[lang], PREFIX[lang] + "changes/"):
        html = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        forms = BeautifulSoup(html, "html.parser").select("form.policy-since")
        if path == PREFIX[lang]:  # on the banner of the text in force: in view, and in the fold for a phone
            assert [f["class"] for f in forms] == [["policy-since", f"policy-since--{p}"] for p in ("wide", "narrow")]
            assert all(form.find_parent(class_="policy-banner") is not None for form in forms)
            assert forms[1].find_parent("details", class_="policy-more") is not None
        else:
            assert [f["class"] for f in forms] == [["policy-since"]], path
        for form in forms:
            check_form(form, path, lang, current, earlier)


def check_form(form, path: str, lang: str, current: str, earlier: list[str]) -> None:
    """One copy of the form: a GET to this language's compare page, every earlier version,
    newest first, the version in force as `to`, its label and button in the page's language."""
    assert form.get("method") == "get"
    assert urlsplit(urljoin(f"http://site{path}", form["action"])).path == PREFIX[lang] + "compare/"
    options = [option["value"] for option in form.select("select[name=from] option")]
    assert options == earlier[::-1], path  # every earlier version, newest first
    [to] = form.select("input[type=hidden][name=to]")
    assert to["value"] == current
    label = form.find("label")
    assert label.get_text() == LABEL[lang] and label["for"] == form.select_one("select")["id"]
    assert form.find("button").get_text() == SUBMIT[lang]


@pytest.mark.parametrize("lang", PREFIX)
def test_without_script_the_form_asks_the_compare_page(browser, sites, built, lang):
    current, earlier = in_force(policy(built["story"]))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sites["story"] + PREFIX[lang])
    page.select_option("form.policy-since:visible select", earlier[0])
    with page.expect_navigation():
        page.locator("form.policy-since:visible button").click()
    address = urlsplit(page.url)
    assert address.path == PREFIX[lang] + "compare/"
    assert parse_qs(address.query) == {"from": [earlier[0]], "to": [current]}
    assert page.locator(".policy-compare-chain").is_visible()
    context.close()


# The summary -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story", "sixty"])
@pytest.mark.parametrize("lang", PREFIX)
def test_choosing_a_version_shows_the_summary_with_the_counts(watched, sites, built, name, lang):
    """From the banner, each earlier version of the story and three of the 60 (the first, one in
    the middle, the one before the version in force): the summary's counts and units are those
    that policy.json's changes lists give, and what each version in between says it changed."""
    data = policy(built[name])
    current, earlier = in_force(data)
    chosen = earlier if name == "story" else [earlier[0], earlier[len(earlier) // 2], earlier[-1]]
    summaries = {v["version"]: v["summary"] for v in data["versions"]}
    page = watched.page
    for accepted in chosen:
        page.goto(sites[name] + PREFIX[lang])
        page.select_option("form.policy-since:visible select", accepted)
        with page.expect_navigation():
            page.locator("form.policy-since:visible button").click()
        settled(page)
        want = expected_changes(data, accepted, current)
        found = summary_of(page)
        for kind in KINDS:
            units = found.get(kind, {"count": 0, "units": []})
            assert units["count"] == len(want[kind]), (accepted, kind, units, sorted(want[kind]))
            assert set(units["units"]) == want[kind], (accepted, kind)
            for unit in units["units"]:  # each links down to its redline
                assert page.locator(f".policy-compare-result .policy-redline-unit[id='{unit}']").count() == 1
        between = page.locator(".policy-compare-between li")
        after = [v["version"] for v in data["versions"]]
        after = after[after.index(accepted) + 1 : after.index(current) + 1]
        assert between.count() == len(after), accepted
        for n, version in enumerate(after):
            item = between.nth(n)
            text = summaries[version].get(lang) or summaries[version][data["authoritative"]]
            assert item.locator(".policy-compare-between-summary").text_content() == text
            link = item.locator("a")
            assert urlsplit(urljoin(page.url, link.get_attribute("href"))).path == (
                f"{PREFIX[lang]}versions/{version}/changes/"
            )
        assert page.locator(".policy-compare-between").evaluate("d => d.open") == (len(after) <= 5)
    # A link of the summary lands on its unit, below Material's header.
    first = page.locator(".policy-compare-counts li a").nth(1)
    unit = first.get_attribute("href")[1:]
    first.click()
    page.wait_for_function(f"() => document.getElementById('{unit}').classList.contains('policy-compare-target')")
    box = page.locator(f"[id='{unit}']").bounding_box()
    assert 0 <= box["y"] < 900
    assert watched.errors == []


@pytest.mark.parametrize("name", ["story", "sixty"])
def test_the_table_of_contents_lists_the_changed_sections(watched, sites, built, name):
    """Empty before (a 10,000 px page with nothing in the right-hand column): now each kind of
    change, and under it the sections that have such a change, each linking its first unit."""
    data = policy(built[name])
    current, earlier = in_force(data)
    page = watched.page
    page.goto(f"{sites[name]}/en/")  # the sections' headings as the text in force shows them
    headings = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.policy-section > h2[id]')].map((h) => {
             const copy = h.cloneNode(true);
             copy.querySelectorAll('.headerlink, [data-search-exclude]').forEach((e) => e.remove());
             return [h.id, copy.textContent.replace(/\\s+/g, ' ').trim()];
           }))"""
    )
    page.goto(f"{sites[name]}/en/compare/?from={earlier[0]}&to={current}")
    settled(page)
    toc = page.locator(".md-sidebar--secondary .policy-compare-toc")
    assert toc.is_visible()
    want = expected_changes(data, earlier[0], current)
    groups = page.evaluate(
        """() => [...document.querySelectorAll('.policy-compare-toc > li')].map((li) => ({
             href: li.querySelector('a').getAttribute('href'),
             sections: [...li.querySelectorAll(':scope nav a')].map((a) => [a.getAttribute('href').slice(1), a.textContent])}))"""
    )
    assert [g["href"] for g in groups] == [f"#policy-compare-{kind}" for kind in KINDS if want[kind]]
    for group in groups:
        kind = group["href"].removeprefix("#policy-compare-")
        sections = [unit.split("-")[0] for unit, _ in group["sections"]]
        assert sorted(sections) == sorted({unit.split("-")[0] for unit in want[kind]}), kind
        for unit, text in group["sections"]:
            assert unit in want[kind]
            section = unit.split("-")[0]
            assert text.startswith(section.removeprefix("s") + ". ") and len(text) > 3  # "2. Use of data"
            assert text == headings[section], (text, headings[section])  # the heading, not the section's text
    # Each entry leads to its place.
    last = page.locator(".policy-compare-toc li nav a").last
    unit = last.get_attribute("href")[1:]
    last.click()
    page.wait_for_function(f"() => document.getElementById('{unit}').classList.contains('policy-compare-target')")
    assert 0 <= page.locator(f"[id='{unit}']").bounding_box()["y"] < 900
    assert watched.errors == []


def test_no_summary_or_title_becomes_markup(watched, sites, built):
    """Summaries and section titles from compare.json reach the summary and the table of
    contents as text, whatever they hold."""
    data = json.loads((built["story"] / "compare.json").read_text(encoding="utf-8"))
    hostile = "<img src=x id=pwned> </div>\"'&amp;"
    for version in data["versions"]:
        version["summary"] = {"sv": hostile + version["version"]}
    data["texts"] = [hostile + text if text in ("Insamling", "Collection") else text for text in data["texts"]]
    page = watched.page
    page.route(
        "**/compare.json",
        lambda route: route.fulfill(status=200, body=json.dumps(data), content_type="application/json"),
    )
    page.goto(f"{sites['story']}/en/compare/?from=1.0")
    settled(page)
    assert page.locator("#pwned, .policy-compare-summary img, .md-sidebar img").count() == 0
    summary = page.locator(".policy-compare-between-summary").first
    assert summary.text_content() == hostile + "1.1" and summary.get_attribute("lang") == "sv"
    assert hostile in page.locator(".policy-compare-toc").text_content()
    assert watched.errors == []


# Legible everywhere ----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", ["story", "sixty"])
def test_the_offer_and_the_summary_are_legible(browser, sites, built, name, width, scheme):
    """The banner's form and the summary: inside the screen, nothing serious for axe (the table
    of contents too, where it is shown), no console error, in both languages."""
    current, earlier = in_force(policy(built[name]))
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for lang in PREFIX:
        for path, shown in (
            (PREFIX[lang], ["form.policy-since:visible select", "form.policy-since:visible button"]),
            (PREFIX[lang] + "changes/", ["form.policy-since:visible select", "form.policy-since:visible button"]),
            (
                f"{PREFIX[lang]}compare/?from={earlier[0]}&to={current}",
                [".policy-compare-summary", ".policy-compare-counts", ".policy-compare-between summary"],
            ),
        ):
            page.goto(sites[name] + path)
            if "compare/" in path:
                settled(page)
            if scheme == "dark":  # Material's own switch: the palette's slate scheme
                page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            if path == PREFIX[lang] and width < 720:  # a phone: the banner's form is in its fold
                assert not page.locator("form.policy-since:visible").count()
                page.locator(".policy-banner:not(.policy-banner--upcoming) details.policy-more summary").click()
            for selector in shown:
                element = page.locator(selector).first
                element.scroll_into_view_if_needed()
                box = element.bounding_box()
                assert element.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, selector)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert serious_violations(page, ".md-content") == [], (path, width, scheme)
            if "compare/" in path and width == 1280:
                assert page.locator(".policy-compare-toc").is_visible()
                assert serious_violations(page, ".md-sidebar--secondary") == [], path
    context.close()
    assert errors == []


# Without script --------------------------------------------------------------------------


def test_without_script_the_compare_page_is_bounded(browser, sites, built):
    """At 60 versions: the last CHAIN_EMBEDDED redlines embedded, every earlier version's one
    page a link away, and the HTML far below the whole chain's."""
    site = built["sixty"]
    labels = [v["version"] for v in policy(site)["versions"] if v.get("commit")]
    for lang in PREFIX:
        path = site / PREFIX[lang].lstrip("/") / "compare" / "index.html"
        assert path.stat().st_size < NO_SCRIPT_BYTES, path.stat().st_size
        chain = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(".policy-compare-chain")
        embedded = [h2["id"].removeprefix("v") for h2 in chain.select("h2[id^=v]")]
        assert embedded == labels[-CHAIN_EMBEDDED:]
        links = [
            urljoin(f"http://site{PREFIX[lang]}compare/", a["href"]) for a in chain.select(".policy-compare-older a")
        ]
        assert [urlsplit(link).path for link in links] == [
            f"{PREFIX[lang]}versions/{label}/changes/" for label in labels[:-CHAIN_EMBEDDED]
        ]
        assert all((site / urlsplit(link).path.lstrip("/") / "index.html").is_file() for link in links)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.goto(sites["sixty"] + "/en/compare/?from=1.0")
    assert page.locator(".policy-compare-chain").is_visible()
    with page.expect_navigation():
        page.locator(".policy-compare-older a").first.click()
    assert urlsplit(page.url).path == "/en/versions/1.0/changes/"
    context.close()
