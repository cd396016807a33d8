"""Print, as Chromium prints a page to PDF (page.pdf()): every sheet names the policy's title, the
version, its period in force, the language and the address printed from (its fragment too), with
"page N of M" in the page's language; printing one unit ("print section 2 c only", from the
unit's menu) prints that unit with its section's heading and its citation, and nothing else.

The PDF's text is read per sheet with pypdf. On bench/generate.py's 60-version history (an
archived version that runs to several sheets) and on the shared story (tests/fixtures/story.py),
in both languages, light and dark on screen (paper is the same)."""

from __future__ import annotations

import io
import re

import pytest
from browsing import serve
from building import mkdocs_build
from generated import generated
from story import build_story

pypdf = pytest.importorskip("pypdf")

pytestmark = [pytest.mark.build, pytest.mark.browser]

SITE = "https://policy.example.com"
PAGE_OF = {"en": r"Page (\d+) of (\d+)", "sv": r"Sida (\d+) av (\d+)"}
HEAD = {
    "en": "Privacy Policy · Version {version} · In force: {period} · English",
    "sv": "Integritetspolicy · Version {version} · I kraft: {period} · svenska",
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    _, story = build_story(tmp_path_factory.mktemp("print-story"))
    sixty = mkdocs_build(generated(tmp_path_factory.mktemp("print-sixty") / "repo", 60), "--strict")
    assert sixty.returncode == 0, sixty.output
    with serve(story.site) as story_url, serve(sixty.site) as sixty_url:
        yield {"story": story_url, "sixty": sixty_url}


def sheets(pdf: bytes) -> list[str]:
    """The text of each sheet, its runs of white space made one space."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def printed(browser, url: str, scheme: str = "light", script: bool = True) -> list[str]:
    context = browser.new_context(color_scheme=scheme, java_script_enabled=script)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    text = sheets(page.pdf(format="A4"))
    context.close()
    assert errors == []
    return text


def assert_numbered(texts: list[str], lang: str) -> None:
    """Sheet N of M says so, in the page's language."""
    numbers = [re.findall(PAGE_OF[lang], text) for text in texts]
    assert numbers == [[(str(n), str(len(texts)))] for n in range(1, len(texts) + 1)], numbers


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "lang, path, version, period",
    [
        ("en", "/en/versions/3.0/", "3.0", "1 June 2020 to 7 June 2020"),
        ("sv", "/versions/3.0/", "3.0", "1 juni 2020 till 7 juni 2020"),
    ],
)
def test_every_sheet_of_an_archived_version_names_it(sites, browser, scheme, lang, path, version, period):
    texts = printed(browser, f"{sites['sixty']}{path}#s2-c", scheme)
    assert len(texts) >= 3, "the version runs to several sheets"
    head = HEAD[lang].format(version=version, period=period)
    for number, text in enumerate(texts, 1):
        assert head in text, (number, text[:300])
        # The address printed from, with its fragment.
        assert f"{sites['sixty']}{path}#s2-c" in text, (number, text[-300:])
    assert_numbered(texts, lang)


@pytest.mark.parametrize(
    "lang, path, version, period",
    [
        ("en", "/en/", "1.3", "since 1 April 2026"),
        ("sv", "/versions/1.0/", "1.0", "15 januari 2026 till 14 februari 2026"),
    ],
)
def test_the_story_prints_its_version_on_every_sheet(sites, browser, lang, path, version, period):
    texts = printed(browser, f"{sites['story']}{path}")
    head = HEAD[lang].format(version=version, period=period)
    assert all(head in text and f"{sites['story']}{path}" in text for text in texts), texts
    assert_numbered(texts, lang)


def test_without_script_every_sheet_has_the_version_and_the_sites_address(sites, browser):
    """No script: the address is the page's under site_url, and sheets are numbered "2 / 4"."""
    texts = printed(browser, f"{sites['sixty']}/en/versions/3.0/", script=False)
    assert len(texts) >= 3
    head = HEAD["en"].format(version="3.0", period="1 June 2020 to 7 June 2020")
    assert all(head in text and f"{SITE}/en/versions/3.0/" in text for text in texts)
    numbers = [re.findall(r"(\d+) / (\d+)", text) for text in texts]
    assert numbers == [[(str(n), str(len(texts)))] for n in range(1, len(texts) + 1)], numbers


#: Before print(), what the page is: its print mode, the unit marked, and the head's unit line.
RECORD_PRINT = """window.print = () => { window.printedAs = {
  mode: document.documentElement.classList.contains('policy-printing-unit'),
  target: (document.querySelector('.policy-print-target') || {}).id || null,
  line: document.querySelector('.policy-print-unit').textContent }; };"""


@pytest.mark.parametrize(
    "site, path, pinned, anchor, wanted, unwanted",
    [
        ("sixty", "/en/versions/3.0/", "/en/versions/3.0/", "s2-c", ["2. ", "c. "], ["1. ", "a. ", "d. "]),
        (
            "story",
            "/en/",
            "/en/versions/1.3/",
            "s2-a",
            ["2. Use", "a. We use the data to deliver the service."],
            ["1. Collection", "3. Storage", "names and addresses"],
        ),
        (
            "story",
            "/",
            "/versions/1.3/",
            "s3",
            ["3. Lagring", "a. Vi sparar uppgifterna i tolv månader."],
            ["1. Insamling", "2. Användning"],
        ),
    ],
)
def test_print_this_unit_prints_it_alone_with_its_citation(
    sites, browser, site, path, pinned, anchor, wanted, unwanted
):
    """The page's print mode, set before window.print() (replaced here by a function that notes
    the page's state, then Chromium prints the page in that state), undone at afterprint."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_PRINT)
    page.goto(f"{sites[site]}{path}")
    page.locator(f'button.policy-unit-button[data-anchor="{anchor}"]').click()
    page.locator(f"#policy-unit-menu-{anchor} [role=menuitem]").nth(2).click()
    state = page.evaluate("window.printedAs")
    section = page.evaluate("a => document.getElementById(a).tagName === 'H2'", anchor)
    assert state["mode"] and state["target"] == (None if section else anchor)
    citation = state["line"]
    assert citation.endswith(f", {SITE}{pinned}#{anchor}")  # its label, version and period, pinned
    texts = sheets(page.pdf(format="A4"))
    whole = " ".join(texts)
    assert all(citation in text for text in texts)
    for part in wanted:
        assert part in whole, (part, whole[:500])
    text_only = whole.replace(citation, "")
    for part in unwanted:
        assert not re.search(r"(^|\s)" + re.escape(part), text_only), (part, whole[:800])
    if site == "sixty":  # every other clause's text of the page is gone
        others = page.evaluate(
            "a => [...document.querySelectorAll('.policy-clause')].filter(c => c.id !== a && !c.closest('#' + a))"
            ".map(c => c.querySelector('p').textContent.slice(3, 50))",
            anchor,
        )
        assert others and not any(other in whole for other in others)
    # After printing, the page is the whole text again.
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.documentElement.classList.contains('policy-printing-unit')")
    assert page.locator(".policy-print-target").count() == 0
    assert len(sheets(page.pdf(format="A4"))) > len(texts) or site == "story"
    context.close()
