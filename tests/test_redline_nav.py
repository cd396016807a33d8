"""A redline page (/versions/V/changes/) links to the previous version's redline and to the
next one's. The previous one is known when the page is built; the next one is not (an archived
page must stay the same when a version is published), so the page links the list of versions,
and assets/javascripts/policy-redline-nav.js turns that link into the next redline's from
/policy.json. On the story history (tests/fixtures/story.py): 1.0 ... 1.4."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import story
from browsing import serious_violations, serve
from bs4 import BeautifulSoup

LABELS = [label for label, *_ in story.VERSIONS]
PREFIX = {"sv": "", "en": "en/"}
NEXT = {"sv": "Nästa: ändringar i version {version}", "en": "Next: changes in version {version}"}
PREVIOUS = {"sv": "Föregående: ändringar i version {version}", "en": "Previous: changes in version {version}"}
LATER = {"sv": "Senare versioner", "en": "Later versions"}
SHOTS = Path("/tmp/redlinenav-shots")


@pytest.fixture(scope="module")
def story_site(tmp_path_factory) -> Path:
    return story.build_story(tmp_path_factory.mktemp("redline-nav"))[1].site


def resolve(page: str, href: str) -> str:
    """A relative link on the page at site path `page`, as a site path."""
    return urlsplit(urljoin(f"http://site/{page}", href)).path


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_without_script_a_redline_links_the_previous_redline_and_the_list_of_versions(story_site, lang):
    for index, label in enumerate(LABELS):
        path = f"{PREFIX[lang]}versions/{label}/changes/"
        html = (story_site / path / "index.html").read_text(encoding="utf-8")
        notice = BeautifulSoup(html, "html.parser").select_one(".policy-version-notice")
        previous = notice.select("a.policy-previous-redline")
        if index == 0:
            assert previous == [], "the first version has no previous redline"
        else:
            [link] = previous
            assert resolve(path, link["href"]) == f"/{PREFIX[lang]}versions/{LABELS[index - 1]}/changes/"
            assert text(link) == PREVIOUS[lang].format(version=LABELS[index - 1])
        [following] = notice.select("a.policy-next-redline")
        # A page that does not change when a version is published: the list of versions.
        assert resolve(path, following["href"]) == f"/{PREFIX[lang]}versions/"
        assert text(following) == LATER[lang]
        assert resolve(path, following["data-json"]) == "/policy.json"
        script = BeautifulSoup(html, "html.parser").find("script", src=re.compile("policy-redline-nav.js$"))
        assert script is not None and resolve(path, script["src"]) == "/assets/javascripts/policy-redline-nav.js"
        for later in LABELS[index + 1 :]:  # nothing of a later version is baked into the page
            assert f"versions/{later}/" not in html, (path, later)
    assert (story_site / "assets/javascripts/policy-redline-nav.js").is_file()


@pytest.fixture(scope="module")
def served(story_site):
    with serve(story_site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_with_script_a_redline_names_the_next_versions_redline(browser, served, scheme, width, lang):
    """Each redline's next link names the next version and leads to its redline; the last
    version's page has none; the links fit the screen, no serious axe finding, no console error."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    for index, label in enumerate(LABELS):
        page.goto(f"{served}/{PREFIX[lang]}versions/{label}/changes/")
        links = page.locator(".policy-version-notice .policy-links")
        following = links.locator("a.policy-next-redline")
        if index == len(LABELS) - 1:
            page.wait_for_function("() => !document.querySelector('a.policy-next-redline')")
            assert not links.inner_text().rstrip().endswith("·")
        else:
            wanted = NEXT[lang].format(version=LABELS[index + 1])
            page.wait_for_function(
                "w => (document.querySelector('a.policy-next-redline') || {}).textContent === w", arg=wanted
            )
            assert following.get_attribute("rel") == "next"
            box = following.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (label, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if index in (0, len(LABELS) - 2):
            page.screenshot(path=str(SHOTS / f"{lang}-{label}-{width}-{scheme}.png"))
        assert serious_violations(page, ".md-content") == [], label
    # Following the links: forward from the first to the last, then back.
    page.goto(f"{served}/{PREFIX[lang]}versions/{LABELS[0]}/changes/")
    for label in LABELS[1:]:
        page.wait_for_function("() => (document.querySelector('a.policy-next-redline') || {}).rel === 'next'")
        with page.expect_navigation():
            page.locator("a.policy-next-redline").click()
        assert urlsplit(page.url).path == f"/{PREFIX[lang]}versions/{label}/changes/"
    for label in reversed(LABELS[:-1]):
        with page.expect_navigation():
            page.locator("a.policy-previous-redline").click()
        assert urlsplit(page.url).path == f"/{PREFIX[lang]}versions/{label}/changes/"
    context.close()
    assert console == []
