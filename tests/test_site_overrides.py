"""This repository's site adds its own things through `overrides/` (mkdocs.yml's
`theme.custom_dir`), the package's theme staying in the package: `overrides/partials/copyright.html`
names the company and links the clause where the policy says how to contact it, on every page,
in the page's language. The site builds --strict with no warning, the package's template checks
accepting the override."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import ROOT

pytestmark = pytest.mark.build

LANGS = {"sv": "", "en": "en/"}
#: Pages of every kind, below a language's root; the 404 page is checked as written.
PAGES = ["", "changes/", "versions/", "versions/1.0/", "verify/", "manual/", "about/"]
#: What clause 6 a says, the place the footer's contact link leads to (the text names no address).
CONTACT = {"sv": "kontakta företaget", "en": "contact the company"}
SHOTS = Path("/tmp/shots-sidebyside")


def words(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def owner_line(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    line = soup.select_one("footer.md-footer .md-copyright p.site-owner")
    assert line is not None
    return line


def test_the_site_names_its_own_folder_for_its_own_things():
    """mkdocs.yml names overrides/ as custom_dir, and overrides/ holds no copy of the package's
    templates: only what is this site's own."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["theme"]["custom_dir"] == "overrides"
    own = sorted(p.relative_to(ROOT / "overrides").as_posix() for p in (ROOT / "overrides").rglob("*") if p.is_file())
    assert own == ["partials/copyright.html"]
    package = ROOT / "src" / "policykit" / "theme"
    assert not [name for name in own if (package / name).exists()]  # no package template copied


def test_the_strict_build_has_no_warning(built_site):
    assert built_site.returncode == 0, built_site.output
    assert "WARNING" not in built_site.output, built_site.output


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_names_the_company_and_links_its_contact_clause(built_site, lang):
    """On each kind of page and the 404 page, in the page's language: "Okrabattkod.com", and a
    link to 6 a of the text in force in that language, which says to contact the company; the
    package's row of links stays above it."""
    site = built_site.site
    policy = BeautifulSoup((site / LANGS[lang] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert CONTACT[lang] in words(policy.find(id="s6-a")).lower()
    for path in [*PAGES, "404.html"]:
        file = site / LANGS[lang] / path / ("" if path.endswith(".html") else "index.html")
        html = file.read_text(encoding="utf-8")
        line = owner_line(html)
        assert "Okrabattkod.com" in words(line), path
        served = f"/{LANGS[lang]}{path}"
        target = urlsplit(urljoin(f"https://policy.example.com{served}", line.a["href"]))
        assert (target.path, target.fragment) == (f"/{LANGS[lang]}", "s6-a"), path
        assert words(line.a) == {"sv": "Kontakt: se punkt 6 a", "en": "Contact: see clause 6 a"}[lang]
        footer = BeautifulSoup(html, "html.parser").select_one("footer.md-footer")
        assert footer.select_one("nav.policy-footer") is not None, path  # the package's row stays


@pytest.fixture(scope="module")
def served(built_site):
    with serve(built_site.site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_footer_line_in_the_browser(browser, served, width, scheme):
    """Shown inside the screen, its link landing on 6 a, axe clean in the footer, no console error."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for lang, root in LANGS.items():
        page.goto(f"{served}/{root}changes/")
        line = page.locator("footer .site-owner")
        line.scroll_into_view_if_needed()
        box = line.bounding_box()
        assert line.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert serious_violations(page, "footer.md-footer") == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"footer-{lang}-{width}-{scheme}.png"))
        line.locator("a").click()
        page.wait_for_url(f"{served}/{root}#s6-a")
        assert page.evaluate("document.querySelector('#s6-a').matches(':target')")
    context.close()
    assert errors == []
