"""`/compare/?from=A&to=B`: any two versions compared in the reader's browser, from
`/compare.json`, on the shared issue-14 history (tests/fixtures/story.py): an editorial 1.2, 2 b moved to
3 a and 1 c removed in 1.3 (in force), an upcoming 1.4, and an English 1 b that lags behind.

The comparison is checked against a reference worked out here in Python, unit by unit, and each
unit's redline against `redline.redline_html` of the same two texts; in Chromium, in both
languages (sv at /, en at /en/), with the console watched."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from browsing import serious_violations, serve
from story import build_story

from policykit.project.load import load_project
from policykit.render.redline import redline_html

LANGS = {"sv": "/", "en": "/en/"}
CURRENT = "1.3"
LABELS = ["1.0", "1.1", "1.2", "1.3", "1.4"]


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The story built --strict, and its record (read as the build read it)."""
    repo, result = build_story(tmp_path_factory.mktemp("compare"))
    project = load_project(repo.path, ["sv", "en"])
    return result.site, project.record


@pytest.fixture(scope="module")
def site(story):
    with serve(story[0]) as url:
        yield url


class Watched:
    """A page whose script errors and console errors are collected."""

    def __init__(self, page):
        self.page, self.errors, self.console, self.requests = page, [], [], []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.console.append(message.text) if message.type == "error" else None)
        page.on("request", lambda request: self.requests.append(request.url))

    def open(self, url: str):
        """`url`, once loaded and, on the compare page, once its script has said its last word."""
        self.page.goto(url)
        settled(self.page)
        return self.page


#: The compare page's script shows its root once it has an answer (a comparison or a message),
#: after compare.json came; other pages have no such root. A condition, not a quiet network.
SETTLED = "() => { const root = document.getElementById('policy-compare'); return !root || !root.hidden; }"


def settled(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_function(SETTLED)


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


def decode(data: dict) -> list[dict]:
    """compare.json's versions, each whole: {"version", "ids", "texts": {lang: {id: text}}}."""
    out, ids, rows = [], [], {}
    for version in data["versions"]:
        if "ids" in version:
            ids = list(version["ids"])
        else:
            dropped = set(version.get("drop", []))
            ids = [i for i in ids if i not in dropped]
            for at, unit_id in version.get("add", []):
                ids.insert(at, unit_id)
        rows = {
            lang: {i: changed[i] if i in changed else rows.get(lang, {}).get(i) for i in ids}
            for lang, changed in version["langs"].items()
        }
        out.append(
            {
                "version": version["version"],
                "ids": ids,
                "texts": {
                    lang: {i: data["texts"][n] for i, n in row.items() if n is not None} for lang, row in rows.items()
                },
            }
        )
    return out


def expected(record, lang: str, a: str, b: str) -> dict[str, tuple[str, str, str, str | None]]:
    """The reference comparison: unit id -> (old text, new text, language shown, moved from)."""
    versions = [v for v in record.versions if v.commit]
    at = {v.label: n for n, v in enumerate(versions)}
    va, vb = versions[at[a]], versions[at[b]]
    auth = record.current.meta.authoritative
    shown = lang if lang in va.policy.texts and lang in vb.policy.texts else auth

    def text(version, unit_id, code):  # a unit the language lacks: the binding text's
        for language in (code, auth):
            unit = version.policy.texts[language].find(unit_id) if language in version.policy.texts else None
            if unit:
                return unit.compared
        return None

    track = {u.id: u.id for u in va.policy.texts[auth].units()}
    for version in versions[at[a] + 1 : at[b] + 1]:
        here = set(version.policy.texts[auth].ids())
        moved = record.changes[version.label].moved
        for old, now in track.items():
            if now is not None and now not in here:
                track[old] = moved[now] if moved.get(now) in here else None
    source = {now: old for old, now in track.items() if now is not None}
    out = {}
    for unit_id in vb.policy.texts[auth].ids():
        old = source.get(unit_id)
        if old is None:
            out[unit_id] = ("", text(vb, unit_id, shown) or "", shown, None)
            continue
        before, after = text(va, old, shown), text(vb, unit_id, shown)
        before_auth, after_auth = text(va, old, auth), text(vb, unit_id, auth)
        moved_from = old if old != unit_id else None
        if before == after and before_auth != after_auth:
            out[unit_id] = (before_auth, after_auth, auth, moved_from)
        elif before != after or before_auth != after_auth or moved_from:
            out[unit_id] = (before, after, shown, moved_from)
    for old, now in track.items():
        if now is None:
            out[old] = (text(va, old, shown) or "", "", shown, None)
    return out


def shown_units(page) -> dict[str, dict]:
    return {
        unit["id"]: unit
        for unit in page.eval_on_selector_all(
            ".policy-compare-result .policy-redline-unit",
            """units => units.map(u => ({id: u.id, html: u.querySelector('.policy-redline').innerHTML,
                                    lang: u.querySelector('.policy-redline').getAttribute('lang'),
                                    label: u.querySelector('a.policy-label').textContent,
                                    href: u.querySelector('a.policy-label').getAttribute('href'),
                                    moved: (u.querySelector('.policy-compare-moved') || {}).textContent || null}))""",
        )
    }


# The data ---------------------------------------------------------------------------------


def test_compare_json_holds_every_version_once_with_each_text_once(story):
    site, record = story
    data = json.loads((site / "compare.json").read_text(encoding="utf-8"))
    assert not (site / "en" / "compare.json").exists()  # one file for every language
    assert set(data) == {"authoritative", "current", "languages", "labels", "texts", "versions", "chars"}
    assert (data["authoritative"], data["current"], data["languages"]) == ("sv", CURRENT, ["sv", "en"])
    assert len(data["texts"]) == len(set(data["texts"]))  # each distinct unit text once
    assert [v["version"] for v in data["versions"]] == LABELS  # the upcoming 1.4 too; no preview
    assert [v["material"] for v in data["versions"]] == [True, True, False, True, True]
    assert [v["moved"] for v in data["versions"]][3] == {"s2-b": "s3-a"}
    assert data["versions"][0]["effective"] == "2026-01-15"
    assert data["labels"]["s3-a"] == "3 a" and "s0" not in data["labels"]
    from policykit.render.redline_tables import tables

    assert data["chars"] == json.loads(json.dumps(tables()))
    # Every version, every language: the texts the single-version redline compares, in order.
    used = set()
    for version, decoded in zip([v for v in record.versions if v.commit], decode(data)):
        assert decoded["ids"] == version.policy.texts["sv"].ids()
        for lang, text in version.policy.texts.items():
            assert decoded["texts"][lang] == {u.id: u.compared for u in text.units()}, (version.label, lang)
            used.update(decoded["texts"][lang].values())
    assert used == set(data["texts"])  # nothing stored that no version uses
    # Only what differs: the unchanged 1.2 English 1 a is not written again.
    assert "s1-a" not in data["versions"][2]["langs"]["en"]


def test_the_compare_page_is_out_of_search_and_loads_its_scripts(story):
    site, _ = story
    for prefix in ("", "en/"):
        index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert not [d for d in index["docs"] if d["location"].startswith("compare/")]
        html = (site / prefix / "compare" / "index.html").read_text(encoding="utf-8")
        assert html.count('src="../' + "../" * bool(prefix) + 'assets/javascripts/policy-compare.js"') == 1
        assert "policy-redline.js" in html
    assert "policy-compare.js" not in (site / "index.html").read_text(encoding="utf-8")


# The comparison ---------------------------------------------------------------------------


PAIRS = [(a, CURRENT) for a in LABELS[:3]] + [("1.0", "1.3"), ("1.1", "1.4"), ("1.1", "1.2"), ("1.3", "1.4")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_pair_shows_each_differing_unit_with_the_python_redline(watched, site, story, lang):
    """From every version to the one in force, and non-adjacent pairs (to the upcoming 1.4 too):
    the units shown are the reference's, each under its label, its redline Python's."""
    _, record = story
    for a, b in PAIRS:
        page = watched.open(f"{site}{LANGS[lang]}compare/?from={a}" + (f"&to={b}" if b != CURRENT else ""))
        page.wait_for_selector(".policy-compare-result h2")
        assert not page.locator(".policy-compare-chain").is_visible()
        want = expected(record, lang, a, b)
        shown = shown_units(page)
        assert set(shown) == set(want), (a, b)
        for unit_id, (old, new, text_lang, moved_from) in want.items():
            unit = shown[unit_id]
            assert unit["html"] == redline_html(old, new), (a, b, unit_id)
            assert unit["lang"] == (text_lang if text_lang != lang else None), (a, b, unit_id)
            removed = new == "" and old != ""
            assert unit["href"].endswith(f"versions/{a if removed else b}/#{unit_id}")
            assert (moved_from is not None) == (unit["moved"] is not None)
        heading = page.locator(".policy-compare-result h2").inner_text()
        assert a in heading and b in heading
    assert watched.errors == [] and watched.console == []


def test_the_story_reads_as_a_reader_expects(watched, site):
    page = watched.open(f"{site}/compare/?from=1.0")
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator(".policy-compare-result h2").inner_text() == "Ändringar från version 1.0 till version 1.3"
    notice = page.locator(".policy-compare-result .policy-version-notice").inner_text()
    assert "15 januari 2026" in notice and "1 april 2026" in notice
    assert "en ändring i sak" in notice
    hrefs = page.eval_on_selector_all(
        ".policy-compare-result .policy-links a", "l => l.map(a => a.getAttribute('href'))"
    )
    assert hrefs == ["../versions/1.0/", "../versions/1.3/"]
    units = shown_units(page)
    assert page.locator("#s1-a ins").inner_text() == " och adress"
    assert units["s3-a"]["moved"].strip() == "flyttad från 2 b"  # matched across the move
    assert page.locator("#s3-a del, #s3-a ins").count() == 0  # moved, not rewritten
    assert page.locator("#s1-c del").inner_text() == "Vi samlar in telefonnummer."  # removed, from 1.0
    assert units["s1-c"]["href"] == "../versions/1.0/#s1-c"
    headings = page.eval_on_selector_all(".policy-compare-result h3", "h => h.map(e => e.textContent)")
    assert headings == ["Ändrade", "Nya", "Borttagna", "Flyttade"]
    # The lagging English 1 b: the translation did not change, the binding Swedish did.
    page = watched.open(f"{site}/en/compare/?from=1.0&to=1.1")
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator("#s1-b .policy-redline").get_attribute("lang") == "sv"
    assert page.locator("#s1-b ins").inner_text() == " och telefonnummer till arbetet"
    assert page.locator("#s1-a ins").inner_text() == " and addresses"
    assert "The binding text is the one in Swedish" in page.locator(".policy-translation").inner_text()
    # The editorial 1.2: nothing after 1.1 up to 1.2 changes an obligation.
    page = watched.open(f"{site}/en/compare/?from=1.1&to=1.2")
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator(".policy-compare-editorial").inner_text() == (
        "No version after 1.1, up to and including 1.2, changes a right or an obligation: the changes are editorial."
    )
    assert page.locator(".policy-compare-material").count() == 0
    assert watched.errors == [] and watched.console == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_fragment_lands_on_its_unit_or_says_it_did_not_change(watched, site, lang):
    root = f"{site}{LANGS[lang]}compare/"
    page = watched.open(f"{root}?from=1.0&to=1.3#s2-b")  # moved: lands at 3 a
    page.wait_for_selector(".policy-compare-result h2")
    target = page.locator(".policy-compare-target")
    assert target.get_attribute("id") == "s3-a"
    box = target.bounding_box()
    assert 0 <= box["y"] < 900
    page = watched.open(f"{root}?from=1.2&to=1.3#s1-a")  # 1 a changed in 1.1 only
    page.wait_for_selector(".policy-compare-result h2")
    note = page.locator(".policy-compare-message [role=note]")
    assert (
        note.inner_text()
        == {
            "sv": "1 a ändrades inte mellan version 1.2 och version 1.3.",
            "en": "1 a did not change between version 1.2 and version 1.3.",
        }[lang]
    )
    assert (
        note.locator("a").get_attribute("href")
        == "../" * (lang != "sv") + "../" + ("en/" if lang != "sv" else "") + "versions/1.3/#s1-a"
    )
    assert page.locator(".policy-compare-target").count() == 0
    assert watched.errors == [] and watched.console == []


# What may go wrong ------------------------------------------------------------------------

FAILURES = [
    (
        "?from=9.9",
        "alert",
        {
            "sv": "Det finns ingen version 9.9. Se listan över versioner.",
            "en": "There is no version 9.9. See the list of versions.",
        },
    ),
    (
        "?from=1.0&to=7",
        "alert",
        {
            "sv": "Det finns ingen version 7. Se listan över versioner.",
            "en": "There is no version 7. See the list of versions.",
        },
    ),
    (
        "?from=1.3&to=1.1",
        "alert",
        {
            "sv": "Version 1.3 är senare än version 1.1: välj den tidigare versionen först.",
            "en": "Version 1.3 is later than version 1.1: choose the earlier version first.",
        },
    ),
    (
        "?from=1.3&to=1.3",
        "alert",
        {
            "sv": "Version 1.3 jämförs med sig själv: välj två olika versioner.",
            "en": "Version 1.3 is compared with itself: choose two different versions.",
        },
    ),
    (
        "",
        "note",
        {
            "sv": "Välj de två versioner som ska jämföras, den tidigare först. Utan en andra version "
            "jämförs den gällande.",
            "en": "Choose the two versions to compare, the earlier one first. Without a second one, "
            "the version in force is compared.",
        },
    ),
    ("?to=1.2", "note", None),
    (
        "?from=%3Cimg%20src%3Dx%20id%3Dpwned%3E",
        "alert",
        {
            "sv": "Det finns ingen version <img src=x id=pwned>. Se listan över versioner.",
            "en": "There is no version <img src=x id=pwned>. See the list of versions.",
        },
    ),
    (
        "?from=" + "9" * 100,
        "alert",
        {
            "sv": f"Det finns ingen version {'9' * 40}…. Se listan över versioner.",
            "en": f"There is no version {'9' * 40}…. See the list of versions.",
        },
    ),
]


@pytest.mark.parametrize("lang", LANGS)
def test_every_failure_is_a_message_with_the_chain_below(watched, site, lang):
    for query, role, text in FAILURES:
        page = watched.open(f"{site}{LANGS[lang]}compare/{query}")
        message = page.locator(f".policy-compare-message [role={role}]")
        assert message.is_visible(), query
        if text:
            assert message.inner_text() == text[lang], query
        assert page.locator(".policy-compare-chain").is_visible(), query
        assert page.locator(".policy-compare-result").inner_text() == ""
        assert page.locator("#pwned").count() == 0
        if "9.9" in query:  # the version list is linked, not listed
            with page.expect_navigation():
                message.locator("a").click()
            assert urlsplit(page.url).path == LANGS[lang] + "versions/"
    assert watched.errors == [] and watched.console == []


@pytest.mark.parametrize("lang", LANGS)
def test_since_the_version_in_force_nothing_changed(watched, site, lang):
    """The main site's "what changed since you accepted" link, for one who accepted the version
    in force: a note that nothing has changed, not an error, and no chain of old changes."""
    page = watched.open(f"{site}{LANGS[lang]}compare/?from=1.3")
    note = page.locator(".policy-compare-message [role=note]")
    assert (
        note.inner_text()
        == {
            "sv": "Version 1.3 är den gällande versionen: inget har ändrats sedan dess.",
            "en": "Version 1.3 is the version in force: nothing has changed since.",
        }[lang]
    )
    assert page.locator(".policy-compare-alert").count() == 0
    assert not page.locator(".policy-compare-chain").is_visible()
    assert watched.errors == [] and watched.console == []


@pytest.mark.parametrize("answer", ["missing", "unreadable", "not-the-data"])
def test_data_that_cannot_be_read_is_said_so(watched, site, answer):
    page = watched.page
    body = {"unreadable": "{not json", "not-the-data": '{"versions": 3}'}.get(answer)
    page.route(
        "**/compare.json",
        lambda route: (
            route.fulfill(status=404, body="nope")
            if body is None
            else route.fulfill(status=200, body=body, content_type="application/json")
        ),
    )
    watched.open(f"{site}/en/compare/?from=1.0")
    alert = page.locator(".policy-compare-message [role=alert]")
    assert alert.inner_text() == (
        "The comparison could not be loaded. Below are the changes of every version against the one before."
    )
    assert page.locator(".policy-compare-chain").is_visible()
    assert watched.errors == []
    # The browser reports the failed request itself; the script adds nothing.
    assert [m for m in watched.console if "Failed to load resource" not in m] == []


def test_no_text_of_the_policy_becomes_markup(watched, site, story):
    """Texts that look like HTML reach the page as text: the redline's markup is only <del>,
    <ins> and <br>, and the rest is escaped text, whatever the data holds."""
    data = json.loads((story[0] / "compare.json").read_text(encoding="utf-8"))
    hostile = "<img src=x id=pwned>&amp; <b>bold</b> \"quoted\" 'single'"
    index = data["texts"].index("Vi samlar in namn och adress.")
    data["texts"][index] = hostile + "\n\nEtt nytt stycke."
    page = watched.page
    page.route(
        "**/compare.json",
        lambda route: route.fulfill(status=200, body=json.dumps(data), content_type="application/json"),
    )
    watched.open(f"{site}/compare/?from=1.0")
    assert page.locator("#pwned, .policy-compare-result img, .policy-compare-result b").count() == 0
    assert hostile in page.locator("#s1-a ins").inner_text()
    assert page.locator("#s1-a .policy-redline").inner_html() == redline_html(
        "Vi samlar in namn.", data["texts"][index]
    )
    assert page.locator("#s1-a br").count() == 2  # the paragraph break, as redline.py writes it
    assert watched.errors == []


# The page around the comparison -----------------------------------------------------------


def test_the_form_chooses_another_pair_and_the_language_switch_keeps_it(watched, site):
    page = watched.open(f"{site}/compare/?from=1.0#s1-a")
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator("select[name=from]").input_value() == "1.0"
    assert page.locator("select[name=to]").input_value() == "1.3"
    page.select_option("select[name=from]", "1.1")
    page.select_option("select[name=to]", "1.4")
    with page.expect_navigation():
        page.locator(".policy-compare-form button").click()
    assert urlsplit(page.url).path == "/compare/" and urlsplit(page.url).query == "from=1.1&to=1.4"
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator(".policy-compare-result h2").inner_text() == "Ändringar från version 1.1 till version 1.4"
    page.evaluate("location.hash = 's2-a'")
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=en]').click()")
    address = urlsplit(page.url)
    assert (address.path, address.query, address.fragment) == ("/en/compare/", "from=1.1&to=1.4", "s2-a")
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator(".policy-compare-result h2").inner_text() == "Changes from version 1.1 to version 1.4"
    assert watched.errors == [] and watched.console == []


def test_archived_versions_the_version_list_and_the_changelog_link_the_compare_page(watched, site):
    page = watched.open(f"{site}/en/versions/1.1/")
    with page.expect_navigation():
        page.get_by_role("link", name="Compare with the version in force").click()
    assert urlsplit(page.url).path == "/en/compare/" and urlsplit(page.url).query == "from=1.1"
    page.wait_for_selector(".policy-compare-result h2")
    assert page.locator(".policy-compare-result h2").inner_text() == "Changes from version 1.1 to version 1.3"
    page = watched.open(f"{site}/versions/1.4/")  # upcoming: from the version in force to it
    assert (
        page.get_by_role("link", name="Jämför med den gällande versionen").get_attribute("href")
        == "../../compare/?from=1.3&to=1.4"
    )
    page = watched.open(f"{site}/versions/1.3/")  # the version in force itself: nothing to compare with
    assert page.get_by_role("link", name="Jämför med den gällande versionen").count() == 0
    for path, name in (("/versions/", "Jämför versioner"), ("/en/changes/", "Compare versions")):
        page = watched.open(f"{site}{path}")
        with page.expect_navigation():
            page.get_by_role("link", name=name, exact=True).click()
        assert urlsplit(page.url).path.endswith("/compare/")
    assert watched.errors == [] and watched.console == []


def test_without_javascript_the_page_shows_every_version_s_changes(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/compare/?from=1.0")
    chain = page.locator(".policy-compare-chain")
    assert chain.is_visible() and not page.locator("#policy-compare").is_visible()
    assert "Med JavaScript jämför sidan två valfria versioner" in chain.locator(".policy-notice").inner_text()
    assert chain.locator("h2").all_inner_texts() == [f"Ändringar i version {v}" for v in LABELS]  # oldest first
    assert page.locator("#v1\\.1-s1-a ins").inner_text() == " och adress"
    assert page.locator("#v1\\.3-s1-c del").inner_text() == "Vi samlar in telefonnummer."
    assert "flyttad till" in page.locator("#v1\\.3-s2-b").inner_text()
    assert page.locator("#v1\\.4-s1-d ins").inner_text() == "Vi samlar in din ort."
    ids = page.eval_on_selector_all("[id]", "e => e.map(x => x.id)")
    assert len(ids) == len(set(ids))  # every version's units on one page, each id once
    assert page.locator(".policy-compare-form select[name=from]").input_value() == "1.0"
    with page.expect_navigation():
        page.locator(".policy-compare-form button").click()  # a plain GET form
    assert urlsplit(page.url).query == "from=1.0&to=1.3"
    context.close()


def test_the_compare_page_requests_nothing_from_another_host(watched, site):
    for path in ("/compare/?from=1.0#s1-a", "/en/compare/?from=1.1&to=1.4", "/compare/?from=nope"):
        watched.open(f"{site}{path}")
    hosts = {urlsplit(url).netloc for url in watched.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(site).netloc}
    assert any(url.endswith("/compare.json") for url in watched.requests)


# Loading ----------------------------------------------------------------------------------


def test_the_page_asks_for_its_scripts_and_data_before_its_first_script_runs(browser, site, story):
    """Chromium's preload scanner stops at the page's Content-Security-Policy meta, so a script
    of <body> was fetched only when the parser reached it, one after another. Held at the first
    script of <head>, the page has already asked for every script it runs and for compare.json,
    each once; let go, it shows the comparison."""
    html = (story[0] / "en" / "compare" / "index.html").read_text(encoding="utf-8")
    head, body = html.split("</head>", 1)
    scripts = {urlsplit(src).path.rsplit("/", 1)[-1] for src in re.findall(r'<script src="([^"]+)"', html)}
    first = urlsplit(re.search(r'<script src="([^"]+)"(?![^>]*\bdefer\b)', head).group(1)).path.rsplit("/", 1)[-1]
    assert first == "policy-md-base.js"
    # The package's own scripts are deferred in <head>; <body> keeps Material's and its inline scripts made files.
    own = {"policy-anchors.js", "policy-citation.js", "policy-unit-menu.js", "policy-bar.js"}
    own |= {"policy-redline.js", "policy-compare.js"}
    deferred = {urlsplit(src).path.rsplit("/", 1)[-1] for src in re.findall(r'<script src="([^"]+)" defer', head)}
    assert deferred == own and not own & set(re.findall(r'<script src="[^"]*/([^/"]+)"', body))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    held, requested = [], []
    page.route(f"**/{first}", lambda route: held.append(route))
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.rsplit("/", 1)[-1]))
    try:
        page.goto(f"{site}/en/compare/?from=1.0", wait_until="commit")
        wanted = (scripts - {first}) | {"compare.json"}
        for _ in range(200):  # a limit on waiting for requests, not a measure of time
            if wanted <= set(requested):
                break
            page.wait_for_timeout(50)
        assert sorted(wanted - set(requested)) == [] and len(held) == 1
        held[0].continue_()
        settled(page)
        assert page.locator(".policy-compare-result h2").inner_text() == "Changes from version 1.0 to version 1.3"
        # Each once: the preloads are what the page used.
        assert sorted(name for name in requested if name in wanted) == sorted(wanted)
    finally:
        context.close()


def test_the_comparison_is_shown_after_the_page_is_set_up_and_the_chain_never_laid_out(browser, site):
    """With its data preloaded, the script still shows the comparison after DOMContentLoaded, once
    Material's bundle has set the page up (what the comparison adds stays the script's); with
    script, the chain for a reader without it is not laid out in the meantime."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(
        """
        window.__seen = [];
        document.addEventListener("DOMContentLoaded", () => window.__seen.push("loaded"));
        new MutationObserver(() => {
          const chain = document.querySelector(".policy-compare-chain");
          if (chain && !window.__seen.includes("chain")) {
            window.__seen.push("chain");
            window.__chainBoxes = chain.getClientRects().length;
          }
          if (document.querySelector(".policy-compare-result h2") && !window.__seen.includes("shown"))
            window.__seen.push("shown");
        }).observe(document, {childList: true, subtree: true});
        """
    )
    try:
        page.goto(f"{site}/compare/?from=1.0")
        settled(page)
        assert page.evaluate("window.__seen") == ["chain", "loaded", "shown"]
        assert page.evaluate("window.__chainBoxes") == 0
        assert not page.locator(".policy-compare-chain").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", LANGS)
def test_the_comparison_is_legible(browser, site, scheme, width, lang):
    """The form, the notices, the redlines and a failure's alert: inside the screen, and with no
    serious axe finding, in either scheme, at 1280 and 375 px."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for query in ("?from=1.0&to=1.4#s2-b", "?from=1.3&to=1.1"):
        page.goto(f"{site}{LANGS[lang]}compare/{query}")
        settled(page)
        shown = [".policy-compare-form select[name=from]", ".policy-compare-form button"]
        if "1.4" in query:
            shown += [
                ".policy-compare-result h2",
                ".policy-compare-result .policy-version-notice",
                "#s2-a ins",
                "#s2-a .policy-redline",
                "#s3-a .policy-compare-moved",
                "#s1-c del",
            ]
        else:
            shown.append(".policy-compare-message [role=alert]")
        for selector in shown:
            element = page.locator(selector).first
            element.scroll_into_view_if_needed()
            assert element.is_visible(), selector
            box = element.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (query, selector, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        serious = serious_violations(page, ".md-content")
        assert serious == [], query
    context.close()
    assert errors == []


def test_a_redline_in_the_binding_text_says_so(story):
    """Where the translation did not follow a change (the English 1 b lags 1.1), the English
    redline page, and the chain of the compare page, show the binding Swedish change marked
    with its language and a note in the page's language; a unit the translation followed has
    neither."""
    from bs4 import BeautifulSoup

    for path, prefix in (("en/versions/1.1/changes/index.html", ""), ("en/compare/index.html", "v1.1-")):
        page = BeautifulSoup((story[0] / path).read_text(encoding="utf-8"), "html.parser")
        lagging, followed = page.find(id=f"{prefix}s1-b"), page.find(id=f"{prefix}s1-a")
        assert lagging.select_one(".policy-redline")["lang"] == "sv", path
        assert (
            lagging.select_one(".policy-untranslated").get_text()
            == "Not translated yet: this part is shown in Swedish, the binding text."
        ), path
        assert followed.select_one(".policy-redline").get("lang") is None, path
        assert followed.select_one(".policy-untranslated") is None, path


def test_a_malformed_fragment_is_no_unit(watched, site):
    """`#%E0` cannot be decoded: the comparison is shown all the same, without a script error,
    and a later malformed change of the fragment raises none either."""
    page = watched.open(f"{site}/en/compare/?from=1.0&to=1.3#%E0")
    page.wait_for_selector(".policy-compare-result .policy-redline-unit")
    assert page.locator(".policy-compare-alert").count() == 0
    # The page's hashchange listener runs before this one's, which resolves after it (no pause on a clock)
    page.evaluate("""() => new Promise((done) => {
        addEventListener("hashchange", () => setTimeout(done, 0), {once: true});
        location.hash = "#%E0%A4%A";
    })""")
    assert page.locator(".policy-compare-result .policy-redline-unit").count() > 0
    assert watched.errors == [] and watched.console == []
