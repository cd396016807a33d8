"""Languages side by side (pages/side_by_side.py): at /side-by-side/LANG/ the text in force in the
page's language beside LANG's, a row per unit whose id is the unit's anchor, one page per
ordered pair of the site's languages, out of search and out of the menu, linked from the language
notice of the text in force.

On the shared history (tests/fixtures/story.py: sv binding at /, en at /en/; the English 1 b lags
the Swedish since 1.1; 2 b moved to 3 a) and on a site of three languages with hostile titles, a
unit German leaves untranslated and one whose German lags (`trio` below). Chromium at 1280 and
375 px, light and dark: two columns whose rows start level on a wide screen, stacked on a phone
without a horizontal scroll, a unit's address landing on its row below the header, axe clean, no
console error."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from generated import generated as generated_history
from gitrepo import GitRepo
from site_links import target_file
from story import STORY_EPOCH, build_story

from policykit.pages import PageContext, generated
from policykit.pages.side_by_side import side_by_side_pages
from policykit.project.config import SiteConfig
from policykit.project.load import load_project
from policykit.words.catalogue import Words

pytestmark = pytest.mark.build

SHOTS = Path("/tmp/shots-sidebyside")
WORDS = Words(["sv", "en", "de"])
ROOTS = {"sv": "", "en": "en/", "de": "de/"}

# A site of three languages ---------------------------------------------------------------------

#: Titles and a clause an editor could write to break the page.
TITLES = {
    "sv": "Villkor <script>alert(1)</script>",
    "en": 'Terms "quoted" </div> & <b>co</b>',
    "de": "Bedingungen <img src=x onerror=alert(2)>",
}
TEXTS = {
    "sv": {
        "00-inledning.md": "# Villkor\n\nDessa villkor gäller tjänsten.\n",
        "01-konto.md": "# 1. Konto\n\na. Du skapar ett konto.\n\nb. Vi sparar din e-post (1 < 2 & 3 > 2).\n\n"
        "(1) endast för inloggning;\n\n(2) aldrig för reklam.\n",
    },
    "en": {
        "00-introduction.md": "# Terms\n\nThese terms apply to the service.\n",
        "01-account.md": "# 1. Account\n\na. You open an account.\n\nb. We keep your e-mail.\n\n"
        "(1) only to sign in;\n\n(2) never for advertising.\n",
    },
    "de": {
        "00-einleitung.md": "# Bedingungen\n\nDiese Bedingungen gelten für den Dienst.\n",
        # 1 b (with its sub-clauses) is not translated yet: the page shows the binding text there
        "01-konto.md": "---\nuntranslated: [s1-b]\n---\n# 1. Konto\n\na. Sie eröffnen ein Konto.\n",
    },
}

#: Sections 2 to 6, five clauses each, so that a unit's address has text below it to scroll to.
CLAUSE = {
    "sv": "Punkt {n} {c}: vi behandlar uppgifterna enligt lag och bara så länge det behövs för ändamålet.",
    "en": "Clause {n} {c}: we process the data lawfully and only for as long as the purpose needs it.",
    "de": "Punkt {n} {c}: Wir verarbeiten die Daten rechtmäßig und nur so lange, wie der Zweck es erfordert.",
}
for _lang, _texts in TEXTS.items():
    for _n in range(2, 7):
        _clauses = "".join(f"{c}. {CLAUSE[_lang].format(n=_n, c=c)}\n\n" for c in "abcde")
        _texts[f"0{_n}-del-{_n}.md"] = f"# {_n}. {_lang.upper()} {_n}\n\n{_clauses}"
#: A section title with Markdown, HTML and quotes: its words reach the row's heading as text.
TEXTS["sv"]["03-del-3.md"] = TEXTS["sv"]["03-del-3.md"].replace("# 3. SV 3", '# 3. SV 3 **fet** & "citat" <em>x</em>')
#: An element an editor leaves open (the allow-list keeps <div>): it must close in its own cell.
TEXTS["en"]["04-del-4.md"] = TEXTS["en"]["04-del-4.md"].replace("Clause 4 b:", "Clause 4 b: <div><span>open</span>")
#: The units of the text in force, in order.
TRIO_IDS = ["s0", "s1", "s1-a", "s1-b", "s1-b-1", "s1-b-2"] + [
    unit for n in range(2, 7) for unit in (f"s{n}", *(f"s{n}-{c}" for c in "abcde"))
]


def _policy_yml(version: str, effective: str) -> str:
    return yaml.safe_dump(
        {
            "version": version,
            "effective": effective,
            "timezone": "Europe/Stockholm",
            "authoritative": "sv",
            "title": TITLES,
            "summary": {"sv": f"Version {version}.", "en": f"Version {version}.", "de": f"Version {version}."},
        },
        allow_unicode=True,
    )


def trio_repo(path: Path) -> GitRepo:
    """sv (binding, at /), en and de; 1.1 changes 1 a in Swedish and English, not in German."""
    repo = GitRepo(path)
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    german = "        - locale: de\n          name: Deutsch\n          build: true\n"
    text = text.replace(
        "          name: English\n          build: true\n", "          name: English\n          build: true\n" + german
    )
    config.write_text(text, encoding="utf-8")
    repo.write("docs/de/index.md", "---\npolicy: current\n---\n")
    files = {f"{lang}/{name}": body for lang, texts in TEXTS.items() for name, body in texts.items()}
    repo.write_policy({"policy.yml": _policy_yml("1.0", "2026-01-15"), **files})
    repo.commit("Policy 1.0", "2026-01-10T10:00:00Z")
    files["sv/01-konto.md"] = files["sv/01-konto.md"].replace("ett konto.", "ett konto med ditt namn.")
    files["en/01-account.md"] = files["en/01-account.md"].replace("an account.", "an account in your name.")
    repo.write_policy({"policy.yml": _policy_yml("1.1", "2026-02-15"), **files})
    repo.commit("Policy 1.1", "2026-02-01T10:00:00Z")
    return repo


@pytest.fixture(scope="module")
def story_site(tmp_path_factory) -> Path:
    return build_story(tmp_path_factory.mktemp("side-by-side"))[1].site


@pytest.fixture(scope="module")
def trio(tmp_path_factory) -> Path:
    repo = trio_repo(tmp_path_factory.mktemp("trio") / "repo")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return result.site


# Helpers ---------------------------------------------------------------------------------------


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def pair_path(lang: str, other: str) -> str:
    return f"{ROOTS[lang]}side-by-side/{other}/"


def rows(soup: BeautifulSoup) -> list:
    return soup.select(".md-content .policy-sbs-row")


def words(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def unit_ids(site: Path, lang: str) -> list[str]:
    """The units of the text in force, in order, as the policy page of `lang` has them."""
    soup = soup_of(site, ROOTS[lang])
    found = soup.select(
        ".md-content :is(.policy-preamble, .policy-section > h2, .policy-clause, .policy-subclause)[id]"
    )
    return [element["id"] for element in found]


# The pages -------------------------------------------------------------------------------------


def test_one_page_per_ordered_pair_of_languages(story_site, trio):
    """Two languages, two pages; three, six; never a language beside itself."""
    assert sorted(p.relative_to(story_site).as_posix() for p in story_site.glob("**/side-by-side/*/index.html")) == [
        "en/side-by-side/sv/index.html",
        "side-by-side/en/index.html",
    ]
    found = sorted(p.relative_to(trio).as_posix() for p in trio.glob("**/side-by-side/*/index.html"))
    assert found == sorted(f"{pair_path(a, b)}index.html" for a in ROOTS for b in ROOTS if a != b)
    assert len(found) == 6


def test_a_site_of_one_language_has_none(story_site, monkeypatch):
    """The page values of a site whose only language is Swedish: no side-by-side page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STORY_EPOCH)
    root = story_site.parent
    project = load_project(SiteConfig.read(root))
    ctx = PageContext(project.record, ["sv"], "sv", words=Words(["sv"]))
    assert side_by_side_pages(ctx, "sv") == []
    assert not [p for p in generated(ctx, "sv") if p.kind == "side-by-side"]
    two = PageContext(project.record, ["sv", "en"], "sv", words=Words(["sv", "en"]))
    assert [p.url for p in side_by_side_pages(two, "sv")] == ["side-by-side/en/"]
    assert [p.url for p in side_by_side_pages(two, "en")] == ["en/side-by-side/sv/"]


def test_the_page_value_renders_outside_mkdocs_to_the_built_article(story_site, monkeypatch):
    """A side-by-side page is a page value: with the site's Markdown configuration, its HTML is
    what the build wrote into the article."""
    from mkdocs.config import load_config

    from policykit.adapter import site
    from policykit.adapter.caches import section_cache
    from policykit.project.load import site_words

    monkeypatch.setenv("SOURCE_DATE_EPOCH", STORY_EPOCH)
    root = story_site.parent
    intake = SiteConfig.read(root)
    project = load_project(intake)
    config = load_config(str(root / "mkdocs.yml"))
    site.set_defaults(config)
    words, _ = site_words(intake, project.languages)
    ctx = PageContext(project.record, project.languages, "sv", section_cache(config), config.site_url, words=words)
    for lang in project.languages:
        site.set_words(config, ctx.words, lang)
        (page,) = side_by_side_pages(ctx, lang)
        assert page.kind == "side-by-side" and not page.searchable and not page.in_nav
        assert page.document.startswith("---\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n")
        html = page.html(config.markdown_extensions, config.mdx_configs)
        built = (story_site / page.url / "index.html").read_text(encoding="utf-8")
        assert 'class="policy-sbs-row' in html and html in built, lang


@pytest.mark.parametrize(("lang", "other"), [("sv", "en"), ("en", "sv")])
def test_each_unit_is_a_row_aligned_by_its_anchor(story_site, lang, other):
    """Every unit of the text in force is one row, in order, whose id is its anchor: the only
    element with that id; the page's language first, the other's second and marked with its
    language; no id on the page twice."""
    soup = soup_of(story_site, pair_path(lang, other))
    found = rows(soup)
    assert [row["id"] for row in found] == unit_ids(story_site, lang)
    ids = [element["id"] for element in soup.select("[id]")]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for row in found:
        first, second = row.select(":scope > .policy-sbs-cell")
        assert first.get("lang") is None and second["lang"] == other, row["id"]
        assert not first.select("[id]") and not second.select("[id]"), row["id"]  # the anchor is the row's
    a = soup.find(id="s1-a")
    texts = {"sv": "Vi samlar in namn och adress.", "en": "We collect names and addresses."}
    assert [words(c.select_one(".policy-sbs-text")) for c in a.select(".policy-sbs-cell")] == [
        texts[lang],
        texts[other],
    ]
    assert a.select_one("a.policy-sbs-label")["href"] == "#s1-a"
    assert soup.find(id="s2-b").parent["id"] == "s3-a"  # a moved clause's old anchor lands on its row


@pytest.mark.parametrize(("lang", "other"), [("sv", "en"), ("en", "sv")])
def test_the_binding_language_and_a_lagging_translation_are_said(story_site, lang, other):
    """The Swedish column is marked binding, in the head and in each Swedish cell; the English
    1 b, which has lagged the Swedish since 1.1, says it may be out of date, linking the binding
    text; 1 a, which followed, says nothing."""
    soup = soup_of(story_site, pair_path(lang, other))
    binding = WORDS.text(lang, "side_by_side_binding")
    head = soup.select(".policy-sbs-head > p")
    assert [binding in words(p) for p in head] == [lang == "sv", other == "sv"]
    for row in rows(soup):
        cells = row.select(":scope > .policy-sbs-cell")
        swedish = cells[0 if lang == "sv" else 1]
        assert binding in words(swedish.select_one(".policy-sbs-lang")), row["id"]
    english = soup.find(id="s1-b").select(".policy-sbs-cell")[0 if lang == "en" else 1]
    note = english.select_one(".policy-outdated")
    assert note is not None and "out of date" in words(note) or "inaktuell" in words(note)
    assert note.get("lang") == (None if lang == "en" else "sv")  # the generator's words: the page's language
    target = urlsplit(urljoin(f"https://x/{pair_path(lang, other)}", note.a["href"]))
    assert (target.path, target.fragment) == ("/", "s1-b")
    assert soup.find(id="s1-a").select_one(".policy-outdated") is None
    intro = words(soup.select_one(".md-content .policy-notice"))
    assert "1.3" in intro


def test_three_languages_untranslated_and_outdated_units_say_so(trio):
    """German leaves 1 b (and its sub-clauses) untranslated and lags the binding 1 a: each page
    with German says so in the page's words, in every language; a pair of two translations
    names the binding language, whose column it is not."""
    for lang, other in (("de", "en"), ("en", "de"), ("sv", "de"), ("de", "sv")):
        soup = soup_of(trio, pair_path(lang, other))
        german = 0 if lang == "de" else 1
        expected = WORDS.text(lang, "side_by_side_untranslated", language=WORDS.language(lang, "de"))
        for unit_id in ("s1-b", "s1-b-1", "s1-b-2"):
            cells = soup.find(id=unit_id).select(".policy-sbs-cell")
            assert words(cells[german].select_one(".policy-untranslated")) == expected, (lang, other, unit_id)
            assert cells[1 - german].select_one(".policy-untranslated") is None
            marks = [words(cell.select_one(".policy-sbs-label")) for cell in cells]  # the text's own labels
            assert marks == [{"s1-b": "b.", "s1-b-1": "(1)", "s1-b-2": "(2)"}[unit_id]] * 2, marks
            assert "Vi sparar" not in words(cells[german])  # the binding text is not passed off as German
        lagging = soup.find(id="s1-a").select(".policy-sbs-cell")[german]
        assert lagging.select_one(".policy-outdated") is not None, (lang, other)
    soup = soup_of(trio, pair_path("de", "en"))
    assert not soup.select(".policy-sbs-binding")  # neither column binds
    intro = soup.select_one(".md-content .policy-notice")
    assert WORDS.language("de", "sv") in words(intro) and intro.a["hreflang"] == "sv"


def test_hostile_titles_and_text_stay_text(trio):
    """The titles of policy.yml reach every page escaped, and the text's `<`, `&` and `>` stay
    text: no script, no image; the row structure holds, also after a `<div>` an editor left
    open in 4 b."""
    for lang in ROOTS:
        for other in ROOTS:
            if lang == other:
                continue
            html = (trio / pair_path(lang, other) / "index.html").read_text(encoding="utf-8")
            assert "<script>alert" not in html and "<img src=x" not in html  # <title>, header, article
            article = html[html.index("<article") : html.index("</article>")]
            # The theme's own scripts (the missed-anchor note's) are files; nothing else runs.
            article = re.sub(r'<script src="[./]*assets/javascripts/policy-[a-z-]+\.js"></script>', "", article)
            assert (
                "<script" not in article
                and "<img" not in article
                and "onerror=" not in article.replace("onerror=alert(2)&gt;", "")
            )
            soup = BeautifulSoup(article, "html.parser")
            assert [row["id"] for row in soup.select(".policy-sbs > .policy-sbs-row")] == TRIO_IDS
            for row in soup.select(".policy-sbs-row"):  # what a unit leaves open closes in its cell
                assert len(row.select(":scope > .policy-sbs-cell")) == 2, row["id"]
                assert not row.select(".policy-sbs-row"), row["id"]
            head = [words(p.select_one("br + span")) for p in soup.select(".policy-sbs-head > p")]
            assert head == [TITLES[lang], TITLES[other]]
            assert TITLES[lang] in words(soup.h1)
            titles = [words(h) for h in soup.select("#s3 :is(h2, .policy-sbs-title)")]
            if "sv" in (lang, other):  # the Swedish title's words, as text
                assert '3. SV 3 fet & "citat" x' in titles, titles
            assert not soup.select("#s3 :is(h2, .policy-sbs-title) :is(em, strong)")


def test_out_of_search_and_out_of_the_menu(story_site, trio):
    """No search entry and no menu entry leads to a side-by-side page; the language switch of
    one leads to the same pair from the other side."""
    for site, langs in ((story_site, ("sv", "en")), (trio, tuple(ROOTS))):
        for lang in langs:
            index = json.loads((site / ROOTS[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
            assert not [d["location"] for d in index["docs"] if "side-by-side" in d["location"]], lang
            for path in (ROOTS[lang], pair_path(lang, langs[1] if lang == langs[0] else langs[0])):
                nav = soup_of(site, path).select(".md-nav a[href]")
                assert not [a["href"] for a in nav if "side-by-side" in a["href"]], path
    switch = soup_of(story_site, pair_path("en", "sv")).select(".md-select a[hreflang]")
    found = {a["hreflang"]: urlsplit(urljoin("https://x/en/side-by-side/sv/", a["href"])).path for a in switch}
    assert found.get("sv") == "/side-by-side/en/" and found.get("en") == "/en/side-by-side/sv/", found
    switch = soup_of(trio, pair_path("en", "de")).select(".md-select a[hreflang]")
    found = {a["hreflang"]: urlsplit(urljoin("https://x/en/side-by-side/de/", a["href"])).path for a in switch}
    assert found == {"sv": "/side-by-side/de/", "en": "/en/side-by-side/de/", "de": "/de/side-by-side/en/"}, found


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_language_notice_links_them(story_site, trio, lang):
    """The text in force's language notice (the translation note, or the binding text's own
    line) links each other language's side-by-side page, which exists; archived pages do not
    (the pages are of the text in force only)."""
    for site, langs in ((story_site, ("sv", "en")), (trio, tuple(ROOTS))):
        notice = soup_of(site, ROOTS[lang]).select_one(".md-content :is(.policy-translation, .policy-beside)")
        assert "policy-translation" in notice["class"] if lang != "sv" else "policy-beside" in notice["class"]
        links = notice.select("a.policy-sbs-link")
        targets = [urlsplit(urljoin(f"https://x/{ROOTS[lang]}", a["href"])).path for a in links]
        assert targets == [f"/{pair_path(lang, other)}" for other in langs if other != lang]
        assert all(target_file(site, path) is not None for path in targets)
        assert [words(a) for a in links] == [WORDS.language(lang, other) for other in langs if other != lang]
    assert not soup_of(story_site, f"{ROOTS[lang]}versions/1.3/").select("a.policy-sbs-link")


# In the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(story_site):
    with serve(story_site) as url:
        yield url


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def _laid_out(page, width: int) -> list[str]:
    """The rows' ids, each row checked: at 1280 px its two cells side by side, the page's
    language left, their tops level, over the width the sidebars gave up; at 375 px the other
    language's cell under the page's. Nothing scrolls sideways."""
    cells = page.eval_on_selector_all(
        ".policy-sbs-row",
        "rows => rows.map(r => [r.id, ...[...r.querySelectorAll(':scope > .policy-sbs-cell')].map(c => {"
        "const b = c.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })])",
    )
    for unit_id, first, second in cells:
        if width == 1280:
            assert first[2] <= second[0], unit_id  # the page's language on the left
            assert abs(first[1] - second[1]) < 1, unit_id  # the row's cells start level
            assert second[2] - first[0] > 900, unit_id  # the sidebars give way: the columns use the width
        else:
            assert second[1] >= first[3] - 1, unit_id  # stacked, the page's language first
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return [unit_id for unit_id, *_ in cells]


def _covered(page, width: int) -> float:
    """Where the screen's text starts: below Material's header, and on a wide screen below the
    columns' head, which stays in view."""
    header = page.locator(".md-header").bounding_box()
    covered = header["y"] + header["height"]
    if width == 1280:
        head = page.locator(".policy-sbs-head").bounding_box()
        covered = max(covered, head["y"] + head["height"])
    return covered


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(("lang", "other"), [("sv", "en"), ("en", "sv")])
def test_two_columns_on_a_wide_screen_stacked_on_a_phone(browser, served, lang, other, width, scheme):
    """At 1280 px each row's two cells stand side by side, the page's language left, their tops
    level; at 375 px the other language's cell comes under the page's, and nothing scrolls
    sideways. A unit's address lands on its row, below the header (and the columns' head),
    highlighted. axe finds nothing serious; the console stays clean."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{served}/{pair_path(lang, other)}#s3-a")
    assert _laid_out(page, width) == ["s0", "s1", "s1-a", "s1-b", "s2", "s2-a", "s3", "s3-a"]
    box = page.locator("#s3-a").bounding_box()
    covered = _covered(page, width)  # the last row: the page cannot scroll it further up
    assert covered <= box["y"] + 1 and box["y"] + box["height"] <= 800, (box, covered)
    assert page.evaluate("document.querySelector('#s3-a').matches(':target')")
    assert page.evaluate("getComputedStyle(document.querySelector('#s3-a')).backgroundColor") != "rgba(0, 0, 0, 0)"
    lang_of = page.evaluate("document.querySelector('#s3-a > .policy-sbs-cell + .policy-sbs-cell').lang")
    assert lang_of == other
    assert serious_violations(page, ".md-content") == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{lang}-beside-{other}-{width}-{scheme}.png"))
    page.goto(f"{served}/{pair_path(lang, other)}#s2-b")  # a moved clause's old address: its new row
    box = page.locator("#s3-a").bounding_box()
    assert covered <= box["y"] + 1 and box["y"] + box["height"] <= 800, box
    context.close()
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["en/side-by-side/sv/", "en/"])
def test_a_lagging_unit_s_link_reads_on_its_highlight_in_the_dark(browser, served, path, width):
    """English 1 b lags the binding text: reached by its address in the dark scheme, its row (and
    its clause on the text in force) is tinted, and the "read the binding text" link on that tint
    keeps its contrast (Material's dark link blue did not: axe's color-contrast, serious)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme="dark")
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{served}/{path}#s1-b")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert page.locator("#s1-b .policy-outdated a").is_visible()
    assert page.evaluate("document.querySelector('#s1-b').matches(':target')")
    assert serious_violations(page, "#s1-b") == []
    context.close()
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_the_notice_leads_to_the_pair_at_the_reader_s_place(browser, served, width):
    """From the English text in force at 3 a, the notice's link opens the English beside the
    Swedish at 3 a's row (policy-anchors.js takes the place along)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{served}/en/#s3-a")
    page.locator(".policy-translation a.policy-sbs-link").click()  # the translation note's link
    page.wait_for_url(f"{served}/en/side-by-side/sv/#s3-a")
    assert page.evaluate("document.querySelector('#s3-a').matches(':target')")
    assert page.locator("#s3-a").is_visible()
    page.screenshot(path=str(SHOTS / f"from-notice-{width}.png"))
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def served_trio(trio):
    with serve(trio) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_three_languages_in_the_browser(browser, served_trio, width, scheme):
    """/en/side-by-side/de/#s5-c (hostile titles, German 1 b untranslated): the rows laid out as
    on the story, the address's row at the top of the text, just below the header (and the
    columns' head), highlighted; axe clean, no console error."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors = _watch(page)
    for path in (pair_path("en", "de"), pair_path("de", "sv")):
        page.goto(f"{served_trio}/{path}#s5-c")
        assert _laid_out(page, width) == TRIO_IDS
        box, covered = page.locator("#s5-c").bounding_box(), _covered(page, width)
        assert covered - 1 <= box["y"] <= covered + 40, (path, box, covered)  # on its row, not under the head
        assert page.evaluate("document.querySelector('#s5-c').matches(':target')")
        assert serious_violations(page, ".md-content") == [], path
        page.screenshot(path=str(SHOTS / f"trio-{path.replace('/', '_')}-{width}-{scheme}.png"))
    # Scrolled to 5 c without it in the address, the language switch takes the place along.
    page.goto(f"{served_trio}/{pair_path('en', 'de')}")
    page.evaluate("window.scrollTo(0, document.getElementById('s5-c').getBoundingClientRect().top + scrollY - 100)")
    switch = page.locator(".md-select a[hreflang='de']")
    switch.dispatch_event("mouseover")
    assert urlsplit(switch.evaluate("a => a.href"))[2:] == ("/de/side-by-side/en/", "", "s5-c")
    context.close()
    assert errors == []


# A generated history of 60 versions ------------------------------------------------------------


@pytest.fixture(scope="module")
def sixty(tmp_path_factory) -> Path:
    """bench/generate.py's 60 weekly versions (two languages), built --strict."""
    repo = generated_history(tmp_path_factory.mktemp("sixty") / "repo", 60)
    result = mkdocs_build(repo, "--strict")
    assert result.returncode == 0, result.output
    return result.site


@pytest.mark.parametrize("width", [1280, 375])
def test_a_long_history_shows_the_text_in_force_side_by_side(browser, sixty, width):
    """On 60 versions, each language's page beside the other has a row for every clause of the
    text in force (policy.json's clauses), laid out in two columns or stacked; a clause's address
    lands on its row; axe clean, no console error."""
    index = json.loads((sixty / "policy.json").read_text(encoding="utf-8"))
    languages, default = index["languages"], index["default_language"]
    root = {lang: "" if lang == default else f"{lang}/" for lang in languages}
    clauses = [clause["id"] for clause in index["clauses"]]
    target = clauses[len(clauses) // 2]
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = _watch(page)
    with serve(sixty) as url:
        for lang in languages:
            (other,) = [o for o in languages if o != lang]
            page.goto(f"{url}/{root[lang]}side-by-side/{other}/#{target}")
            assert _laid_out(page, width) == clauses, lang
            box, covered = page.locator(f"#{target}").bounding_box(), _covered(page, width)
            assert covered - 1 <= box["y"] <= covered + 40, (lang, box, covered)
            assert serious_violations(page, ".md-content") == [], lang
            page.screenshot(path=str(SHOTS / f"sixty-{lang}-{width}.png"))
    context.close()
    assert errors == []


@pytest.mark.parametrize("lang, other", [("en", "sv"), ("sv", "en")])
def test_a_removed_units_address_says_what_became_of_it(browser, served, lang, other):
    """1 c was removed in 1.3: the language notice carries a reader's #s1-c along to the pair's
    page, which has no row for it. The page says so, as the text in force does, from
    policy.json (pages/missed.py), instead of landing at the top without a word."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{served}/{pair_path(lang, other)}#s1-c")
    note = page.locator("p.policy-missed")
    note.wait_for(state="visible")
    assert "1.3" in note.inner_text(), note.inner_text()
    box = note.bounding_box()
    assert 0 <= box["y"] < 800, box
    assert serious_violations(page, ".md-content") == []
    context.close()
    assert errors == []
