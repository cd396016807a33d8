"""The footer's row of links on every page (theme/partials/footer.html, pages/footer.py): this
language's Atom feed, policy.json and this language's verify page, in the page's language, on
the shared history (tests/fixtures/story.py; sv at /, en at /en/) with Material's
`navigation.footer` and a copyright line, which stay. Each link must land on a file of the
built site from every kind of page, at every depth: the 404 page is served at any address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from site_links import target_file
from story import STORY_EPOCH, story_repo

from policykit.words.catalogue import Words

pytestmark = pytest.mark.build

LANGS = {"sv": "/", "en": "/en/"}
#: The pages checked, below a language's root: the policy page, an archived version, its
#: redline, the changelog, and the 404 page (as served at a deep address that does not exist).
PAGES = {"policy": "", "archive": "versions/1.1/", "redline": "versions/1.1/changes/", "changelog": "changes/"}
MISSING = "no/such/page/at/depth/"
SHOTS = Path("/tmp/footer-shots")
WORDS = Words(list(LANGS))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The story built --strict, with Material's previous/next links and a copyright line."""
    repo = story_repo(tmp_path_factory.mktemp("footer") / "repo")
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    - navigation.top\n", "    - navigation.top\n    - navigation.footer\n", 1)
    config.write_text(text + "copyright: Example &amp; Co <b>AB</b>\n", encoding="utf-8")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    return result.site


def expected(lang: str) -> list[tuple[str, str]]:
    """(URL path, text) of the three links in `lang`, from the package's catalogues."""
    words, root = WORDS, LANGS[lang]
    return [
        (f"{root}feed.xml", words.text(lang, "footer_feed")),
        ("/policy.json", words.text(lang, "footer_json")),
        (f"{root}verify/", words.text(lang, "verify_title")),
    ]


def footer_links(html: str, served_at: str) -> tuple[str, list[tuple[str, str]]]:
    """The row's label and its links as (URL path, text), resolved from the page's address."""
    soup = BeautifulSoup(html, "html.parser")
    row = soup.select_one("footer.md-footer nav.policy-footer")
    assert row is not None, f"no footer links on {served_at}"
    return str(row["aria-label"]), [
        (urlsplit(urljoin(f"https://policy.example.com{served_at}", str(a["href"]))).path, a.get_text(strip=True))
        for a in row.find_all("a")
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [*PAGES, "404"])
def test_each_page_links_the_feed_policy_json_and_verify_page_of_its_language(site, kind, lang):
    """In the built files: the three links, in the page's language, each landing on a file of
    the site; on the 404 page from any depth, where the page is served (the root one, and the
    language's own, which the root one sends a reader under /en/ to)."""
    if kind == "404":
        file = site / LANGS[lang].lstrip("/") / "404.html"
        served = [f"{LANGS[lang]}404.html", f"{LANGS[lang]}{MISSING}", "/" + MISSING]
        served = served if lang == "sv" else served[:2]
    else:
        file = site / LANGS[lang].lstrip("/") / PAGES[kind] / "index.html"
        served = [f"{LANGS[lang]}{PAGES[kind]}"]
    html = file.read_text(encoding="utf-8")
    for at in served:
        label, links = footer_links(html, at)
        assert label == WORDS.text(lang, "footer_label")
        assert links == expected(lang), at
        for path, _ in links:
            assert target_file(site, path) is not None, (at, path)
    soup = BeautifulSoup(html, "html.parser")
    assert "Example &amp; Co" in str(soup.select_one(".md-copyright"))  # Material's copyright line stays


def test_material_s_previous_and_next_links_stay(site):
    """navigation.footer still gives a page its previous and next page, above the row."""
    soup = BeautifulSoup((site / "changes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    footer = soup.select_one("footer.md-footer")
    assert footer.select("nav.md-footer__inner a.md-footer__link"), "no previous/next links"
    for link in footer.select("a.md-footer__link"):
        assert target_file(site, urlsplit(urljoin("https://policy.example.com/changes/", link["href"])).path)


@pytest.fixture(scope="module")
def served(site):
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_links_work_in_the_browser(browser, served, site, scheme, width, lang):
    """In Chromium, at 1280 and 375 px, light and dark: on each page, and on the 404 page at a
    deep address, the three links are shown inside the screen, each one's address is a file of
    the site, axe finds nothing serious in the footer, and the console stays clean."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not (m.text.startswith("Failed to load resource") and "404" in m.text)
            else None
        ),
    )
    SHOTS.mkdir(exist_ok=True)
    for kind, path in [*PAGES.items(), ("404", MISSING)]:
        page.goto(f"{served}{LANGS[lang]}{path}")
        if kind == "404" and lang != "sv":  # the root 404 page sends the reader to /en/404.html,
            page.wait_for_function("() => document.documentElement.lang === 'en'")  # keeping the address typed
            assert page.url == f"{served}{LANGS[lang]}{path}"
        row = page.locator("footer.md-footer nav.policy-footer")
        row.scroll_into_view_if_needed()
        links = row.locator("a")
        assert links.count() == 3, kind
        hrefs = [links.nth(i).evaluate("a => a.href") for i in range(3)]
        assert [urlsplit(h).path for h in hrefs] == [p for p, _ in expected(lang)], kind
        for i, href in enumerate(hrefs):
            assert target_file(site, urlsplit(href).path) is not None, (kind, href)
            box = links.nth(i).bounding_box()
            assert links.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width, (kind, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, kind
        assert serious_violations(page, "footer.md-footer") == [], kind
        page.screenshot(path=str(SHOTS / f"{lang}-{kind}-{width}-{scheme}.png"), full_page=False)
    context.close()
    assert errors == []


def test_a_site_s_own_footer_wins_and_may_keep_the_row(tmp_path):
    """A site's custom_dir comes first on the theme path: its partials/footer.html replaces the
    package's, and may include the row (partials/policy-footer.html)."""
    repo = story_repo(tmp_path / "repo")
    own = repo.path / "overrides" / "partials" / "footer.html"
    own.parent.mkdir(parents=True)
    own.write_text(
        '<footer class="md-footer"><p class="own-footer">Ours</p>{% include "partials/policy-footer.html" %}</footer>\n',
        encoding="utf-8",
    )
    config = repo.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    soup = BeautifulSoup((result.site / "en" / "changes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("footer.md-footer p.own-footer") is not None
    assert soup.select_one("footer.md-footer .md-footer-meta") is None  # the package's footer is not used
    assert footer_links(str(soup), "/en/changes/")[1] == expected("en")


def test_the_package_s_footer_is_material_s_with_the_row():
    """The package's partials/footer.html is a copy of Material's with one line added: when a
    new Material changes its footer, this says to copy it again."""
    import material

    from policykit.adapter.site import THEME

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "footer.html").read_text(encoding="utf-8")
    ours = (THEME / "partials" / "footer.html").read_text(encoding="utf-8")
    strip = lambda text: text[text.index("-#}") + 3 :].lstrip("\n")  # the leading comment
    row = '      {% include "partials/policy-footer.html" %}\n'
    assert row in ours
    assert strip(ours).replace(row, "", 1) == strip(theirs), "copy Material's partials/footer.html again, with the row"
