"""The language switch works wherever the site is served. With a `site_url` that has a path
(https://example.org/terms/), mkdocs-static-i18n writes each language's root as `/terms/en/`:
a site served from its own root (a local preview of site/) then sent the reader to a page that
is not there. Its links are relative now (adapter/site.py, relative_alternates), from every page
at every depth; the 404 page, served at any address, links each language's root absolutely,
from site_url's path, where it will be deployed.

On the story (tests/fixtures/story.py), built --strict with that site_url, served from its root
in Chromium at 1280 and 375 px, light and dark."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from story import STORY_EPOCH, story_repo

pytestmark = [pytest.mark.build, pytest.mark.browser]

#: (page in Swedish, the same page in English) below the site's root.
PAIRS = [
    ("", "en/"),
    ("changes/", "en/changes/"),
    ("versions/", "en/versions/"),
    ("versions/1.1/", "en/versions/1.1/"),
    ("versions/1.1/changes/", "en/versions/1.1/changes/"),
    ("verify/", "en/verify/"),
    ("compare/", "en/compare/"),
]
SHOTS = Path("/tmp/shots-addresses")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = story_repo(tmp_path_factory.mktemp("switch") / "repo")
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("site_url: https://policy.example.com/", "site_url: https://example.org/terms/", 1),
        encoding="utf-8",
    )
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    return result.site


def switch(site: Path, path: str) -> dict[str, str]:
    """The switch's links on the page at `path`: language -> href as written."""
    html = (site / path / ("" if path.endswith(".html") else "index.html")).read_text(encoding="utf-8")
    links = BeautifulSoup(html, "html.parser").select(".md-select a[hreflang]")
    return {str(a["hreflang"]): str(a["href"]) for a in links}


@pytest.mark.parametrize("sv, en", PAIRS)
def test_every_page_links_the_other_language_relatively(site, sv, en):
    for path in (sv, en):
        links = switch(site, path)
        assert set(links) == {"sv", "en"}, path
        for lang, href in links.items():
            assert not href.startswith(("/", "http")), (path, href)  # served from anywhere
            for root in ("http://localhost:8000/", "https://example.org/terms/"):
                target = urlsplit(urljoin(root + path, href)).path[len(urlsplit(root).path) :]
                assert target == (sv if lang == "sv" else en), (path, lang, href)


def test_the_404_page_links_each_language_root_from_site_urls_path(site):
    for page in ("404.html", "en/404.html"):
        assert switch(site, page) == {"sv": "/terms/", "en": "/terms/en/"}, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_switch_leads_to_the_page_in_the_other_language_when_served_from_the_root(browser, site, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site) as url:
        for sv, en in PAIRS[:4]:
            for here, there, lang in ((sv, en, "en"), (en, sv, "sv")):
                page.goto(f"{url}/{here}")
                page.locator(".md-header .md-select").hover()  # the menu opens on hover or focus
                link = page.locator(f'.md-select a[hreflang="{lang}"]')
                with page.expect_navigation():
                    link.click()
                assert urlsplit(page.url).path == f"/{there}", (here, lang)
                assert page.evaluate("document.documentElement.lang") == lang
                assert page.title() != "404"
        page.screenshot(path=str(SHOTS / f"switch-{width}-{scheme}.png"))
        assert serious_violations(page, ".md-header") == []
    context.close()
    assert errors == []
