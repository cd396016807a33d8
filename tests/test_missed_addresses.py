"""Addresses that miss. A version's text reached with a #fragment it does not have says what
happened (pages/missed.py, assets/javascripts/policy-missed.js): the clause was removed in a
version (linking the last text that had it), a later version added it, it moved (the note
stands before the unit it is in this version), or no version had it. What later versions did
comes from /policy.json at run time: the archived page holds only its own version's label. The
404 page (pages/notfound.py, policy-notfound.js) shows the address typed and, for one below
versions/, that version or the news that there is none, at any depth.

On the story (tests/fixtures/story.py: 1.0 ... 1.4; 1.3 moves 2 b to 3 a and removes 1 c, 1.4
adds 1 d) and on a generated 60-version history (bench/generate.py), whose expectations are
read from the built pages themselves (which version's page has which id), in Chromium at 1280
and 375 px, light and dark, axe clean, the console quiet. Hostile fragments and paths are shown
as text and run nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import story
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from generated import generated as generated_history

from policykit.words.catalogue import Words

pytestmark = [pytest.mark.build, pytest.mark.browser]

PREFIX = {"sv": "", "en": "en/"}
WORDS = Words(["sv", "en"])
SHOTS = Path("/tmp/shots-addresses")
LABELS = [label for label, *_ in story.VERSIONS]
HOSTILE = "<img src=x onerror=window.__pwned=1>"
#: The note as shown, once the script has answered.
NOTE = "() => { const n = document.querySelector('p.policy-missed'); return n && !n.hidden ? n.textContent : null; }"


def word(lang: str, key: str, **values: str) -> str:
    return WORDS.text(lang, key, **values)


@pytest.fixture(scope="module")
def story_site(tmp_path_factory) -> Path:
    return story.build_story(tmp_path_factory.mktemp("missed"))[1].site


@pytest.fixture(scope="module")
def sixty_site(tmp_path_factory) -> Path:
    repo = generated_history(tmp_path_factory.mktemp("sixty") / "repo", 60)
    result = mkdocs_build(repo, "--strict")
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="module")
def served(story_site, sixty_site):
    with serve(story_site) as story_url, serve(sixty_site) as sixty_url:
        yield {"story": story_url, "sixty": sixty_url}


def ids(site: Path, lang: str, label: str) -> set[str]:
    html = (site / PREFIX[lang] / "versions" / label / "index.html").read_text(encoding="utf-8")
    return {str(element["id"]) for element in BeautifulSoup(html, "html.parser").select(".md-content [id]")}


# Without a browser: what the archived pages hold -------------------------------------------


@pytest.mark.parametrize("lang", PREFIX)
def test_an_archived_page_holds_its_own_version_and_the_address_of_policy_json_only(story_site, lang):
    for index, label in enumerate(LABELS):
        path = f"{PREFIX[lang]}versions/{label}/"
        soup = BeautifulSoup((story_site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        [note] = soup.select("p.policy-missed")
        assert note.has_attr("hidden") and note.get_text() == ""
        assert note["data-version"] == label and note["data-lang"] == lang
        assert urlsplit(urljoin(f"http://site/{path}", note["data-json"])).path == "/policy.json"
        assert note["data-w-missed-removed"] == word(lang, "missed_removed")
        written = " ".join(str(value) for value in note.attrs.values())
        for later in LABELS[index + 1 :]:  # no later version is named: policy.json says it at run time
            assert later not in written, (label, later)
        script = soup.find("script", src=re.compile(r"policy-missed\.js$"))
        assert script is not None
        assert urlsplit(urljoin(f"http://site/{path}", script["src"])).path == "/assets/javascripts/policy-missed.js"


# In Chromium: the story ---------------------------------------------------------------------


def story_cases(lang: str) -> list[tuple[str, str, str | None, str | None]]:
    """(address, the note's text, the id the note stands before, where its link leads)."""
    p = PREFIX[lang]
    removed = word(lang, "removed_link", version="1.2")
    return [
        (
            f"/{p}versions/1.4/#s2-b",
            word(lang, "missed_moved", label="2 b", moved="1.3", version="1.4", target="3 a"),
            "s3-a",
            f"/{p}versions/1.4/#s3-a",
        ),
        (
            f"/{p}versions/1.4/#s1-c",
            word(lang, "missed_removed", label="1 c", version="1.4", removed="1.3", link=removed),
            None,
            f"/{p}versions/1.2/#s1-c",
        ),
        (
            f"/{p}versions/1.0/#s1-d",
            word(lang, "missed_added", label="1 d", version="1.0", link=word(lang, "removed_link", version="1.4")),
            None,
            f"/{p}versions/1.4/#s1-d",
        ),
        (f"/{p}versions/1.1/#s99-z", word(lang, "missed_none", fragment="s99-z"), None, None),
        (f"/{p}#s99-z", word(lang, "missed_none", fragment="s99-z"), None, None),  # the text in force too
    ]


def open_page(browser, width: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def shown_note(page) -> str:
    page.wait_for_function(NOTE)
    return re.sub(r"\s+", " ", page.evaluate(NOTE)).strip()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", PREFIX)
def test_a_missed_anchor_says_what_happened_to_it(browser, served, story_site, lang, width, scheme):
    base = served["story"]
    context, page, errors = open_page(browser, width, scheme)
    for address, text, before, leads in story_cases(lang):
        page.goto(base + address)
        assert shown_note(page) == text, address
        note = page.locator("p.policy-missed")
        assert note.get_attribute("role") == "status"
        box = note.bounding_box()
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert box is not None and header - 1 <= box["y"] < 800 and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if before:
            assert page.evaluate("document.querySelector('p.policy-missed').nextElementSibling.id") == before
        links = note.locator("a")
        if leads:
            target = urlsplit(urljoin(page.url, links.first.get_attribute("href")))
            assert target.path + "#" + target.fragment == leads
            if target.path != urlsplit(page.url).path:  # a page of its own: it has that unit
                assert target.fragment in ids(story_site, lang, target.path.rstrip("/").split("/")[-1])
        else:
            assert links.count() == 0
        name = address.strip("/").replace("/", "-").replace("#", "_") or "root"
        page.screenshot(path=str(SHOTS / f"missed-{name}-{width}-{scheme}.png"))
        assert serious_violations(page, ".md-content") == [], address
    # A fragment that changes after load is answered again; one that names a unit hides the note.
    page.goto(f"{base}/{PREFIX[lang]}versions/1.0/#s99-z")
    shown_note(page)
    page.evaluate("location.hash = '#s1-a'")
    page.wait_for_function("() => document.querySelector('p.policy-missed').hidden")
    page.evaluate("location.hash = '#s3'")
    assert shown_note(page) == word(
        lang, "missed_added", label="3", version="1.0", link=word(lang, "removed_link", version="1.3")
    )
    context.close()
    assert errors == []


@pytest.mark.parametrize("lang", PREFIX)
def test_a_hostile_fragment_is_shown_as_text_and_runs_nothing(browser, served, lang):
    context, page, errors = open_page(browser, 1280, "light")
    for fragment, shown in [
        (HOSTILE, HOSTILE),
        ("%E0", "%E0"),  # a malformed escape: shown as typed
        ('"><svg onload=window.__pwned=1>', '"><svg onload=window.__pwned=1>'),
        ("x" * 300, "x" * 40 + "…"),
    ]:
        page.goto(f"{served['story']}/{PREFIX[lang]}versions/1.2/#{fragment}")
        assert shown_note(page) == word(lang, "missed_none", fragment=shown)
        assert page.locator("p.policy-missed *").count() == 0  # text only
        assert page.evaluate("window.__pwned") is None
    context.close()
    assert errors == []


def test_policy_json_missing_says_only_that_this_version_lacks_the_unit(browser, served):
    context, page, errors = open_page(browser, 1280, "light")
    page.route("**/policy.json", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(f"{served['story']}/en/versions/1.4/#s1-c")
    assert shown_note(page) == word("en", "missed_here", version="1.4", fragment="s1-c")
    context.close()
    assert [e for e in errors if "404" not in e] == []


# In Chromium: 60 versions -------------------------------------------------------------------


def sixty_cases(site: Path) -> list[tuple[str, str, str]]:
    """(version, fragment, the note) read from the built site: for a removed clause, the first
    version whose page lacks an id that the version before had; for a moved one, the version
    whose changes move it, whose page has the new id and not the old."""
    record = json.loads((site / "policy.json").read_text(encoding="utf-8"))
    labels = [v["version"] for v in record["versions"]]
    last = labels[-1]
    cases = []
    gone, where = next((i, v) for i, v in sorted(record["removed"].items(), key=lambda kv: labels.index(kv[1])))
    at = labels.index(where)
    assert gone in ids(site, "en", labels[at - 1]) and gone not in ids(site, "en", where)
    label = " ".join(gone[1:].split("-"))
    link = word("en", "removed_link", version=labels[at - 1])
    cases.append((last, gone, word("en", "missed_removed", label=label, version=last, removed=where, link=link)))
    for index, entry in enumerate(record["versions"]):
        moved = {a: b for a, b in entry["changes"]["moved"].items() if a.count("-") == 1}
        if moved and index > 0:
            old, new = next(iter(moved.items()))
            here = ids(site, "en", entry["version"])
            if new in here and old not in here:
                text = word(
                    "en",
                    "missed_moved",
                    label=" ".join(old[1:].split("-")),
                    moved=entry["version"],
                    version=entry["version"],
                    target=" ".join(new[1:].split("-")),
                )
                cases.append((entry["version"], old, text))
                break
    added = next(c for c in record["clauses"] if c["since"] != labels[0] and c["id"].count("-") == 1)
    assert added["id"] not in ids(site, "en", labels[0])
    link = word("en", "removed_link", version=added["since"])
    cases.append(
        (labels[0], added["id"], word("en", "missed_added", label=added["label"], version=labels[0], link=link))
    )
    cases.append((last, "s99-z", word("en", "missed_none", fragment="s99-z")))
    assert len(cases) == 4
    return cases


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_sixty_versions_missed_anchors(browser, served, sixty_site, width, scheme):
    context, page, errors = open_page(browser, width, scheme)
    for version, fragment, text in sixty_cases(sixty_site):
        page.goto(f"{served['sixty']}/en/versions/{version}/#{fragment}")
        assert shown_note(page) == text, (version, fragment)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"missed-sixty-{version}-{fragment}-{width}-{scheme}.png"))
        assert serious_violations(page, ".md-content") == []
    context.close()
    assert errors == []


# The 404 page ------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", PREFIX)
def test_the_404_page_shows_the_address_and_the_version_it_names(browser, served, story_site, lang, width, scheme):
    context, page, errors = open_page(browser, width, scheme)
    base, p = served["story"], PREFIX[lang]
    versions_link = word(lang, "compare_versions_link")
    cases = [
        (
            f"/{p}versions/9.9/a/b/c/",
            word(lang, "not_found_no_version", version="9.9", last=LABELS[-1], link=versions_link),
        ),
        (f"/{p}versions/1.2/no/such/", word(lang, "not_found_version", version="1.2", link=f"/{p}versions/1.2/")),
        (f"/{p}no/such/page/at/depth/", None),
    ]
    for address, text in cases:
        page.goto(base + address)
        # The root 404 page sends /en/… to the English one, and puts the typed address back.
        page.wait_for_function("() => !document.querySelector('p.policy-404-address').hidden")
        assert urlsplit(page.url).path == address
        assert page.evaluate("document.documentElement.lang") == lang
        shown = page.inner_text("p.policy-404-address")
        assert shown == word(lang, "not_found_address", address=address)
        if text:
            page.wait_for_function("() => !document.querySelector('p.policy-404-version').hidden")
            assert re.sub(r"\s+", " ", page.inner_text("p.policy-404-version")).strip() == text
            href = page.locator("p.policy-404-version a").get_attribute("href")
            target = urlsplit(urljoin(page.url, href)).path
            assert (story_site / target.lstrip("/") / "index.html").is_file(), target
        for href in page.eval_on_selector_all(".md-content a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(page.url, href)).path
            assert (story_site / target.lstrip("/") / "index.html").is_file(), (address, href)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"404-{lang}-{address.strip('/').replace('/', '-')}-{width}-{scheme}.png"))
        assert serious_violations(page, ".md-content") == [], address
    context.close()
    assert [e for e in errors if "404" not in e] == []  # the page itself answers 404


def test_a_hostile_address_on_the_404_page_is_text(browser, served):
    context, page, errors = open_page(browser, 1280, "light")
    page.goto(served["story"] + "/en/versions/%3Cimg%20src=x%20onerror=window.__pwned=1%3E/x")
    page.wait_for_function("() => !document.querySelector('p.policy-404-version').hidden")
    assert page.locator("p.policy-404-address img, p.policy-404-version img").count() == 0
    assert "<img src=x onerror=window.__pwned=1>" in page.inner_text("p.policy-404-version")
    assert "/en/versions/<img src=x onerror=window.__pwned=1>/x" in page.inner_text("p.policy-404-address")
    assert page.evaluate("window.__pwned") is None
    context.close()
    assert [e for e in errors if "404" not in e] == []
