"""Search finds a citation. Typing `5 c` or `§ 5 c` in Material's search offers "Go to 5 c"
above the results, and Enter goes there (assets/javascripts/policy-citation.js, from the
labels in /policy.json), as eCFR's "go to reference" does. `1a` is an inserted section 1a where
the text has one, else clause 1 a. Any numbering: the labels are the text's own (`A.1a`).
A word that is not a citation offers nothing. Pages for editors and developers show no code
blocks (raw Markdown) in results (adapter/search.py), and the policy's units come first.

On the story (tests/fixtures/story.py), a text with an inserted section, the lettered site
(tests/fixtures/lettered_site.py), a generated 60-version site (bench/generate.py) and this
project's own site, in Chromium at 1280 and 375 px, light and dark, axe clean, the console quiet."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import story
from browsing import serious_violations, serve
from building import mkdocs_build
from generated import generated as generated_history
from gitrepo import GitRepo, meta
from lettered_site import make_lettered_site

from policykit.words.catalogue import Words

pytestmark = [pytest.mark.build, pytest.mark.browser]

WORDS = Words(["sv", "en"])
SHOTS = Path("/tmp/shots-addresses")
PREFIX = {"sv": "", "en": "en/"}
#: The offer, once shown: its link's address and its text.
OFFER = """() => { const o = document.querySelector('.policy-cite-result');
  const a = o && !o.hidden && o.querySelector('a'); return a ? [a.getAttribute('href'), a.textContent] : null; }"""

INSERTED = {
    "sv": {
        "00-inledning.md": "# Integritetspolicy\n\nInledning.\n",
        "01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn.\n\nb. Vi samlar in e-post.\n",
        "01a-tillagg.md": "# 1a. Tillägg\n\na. Vi samlar in ort.\n",
        "02-anvandning.md": "# 2. Användning\n\na. Vi använder uppgifterna.\n",
    },
    "en": {
        "00-introduction.md": "# Privacy Policy\n\nIntroduction.\n",
        "01-collection.md": "# 1. Collection\n\na. We collect names.\n\nb. We collect e-mail.\n",
        "01a-addition.md": "# 1a. Addition\n\na. We collect towns.\n",
        "02-use.md": "# 2. Use\n\na. We use the data.\n",
    },
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The story, a text with an inserted section 1a, and the lettered site: built, served."""
    _, told = story.build_story(tmp_path_factory.mktemp("cite-story"))
    repo = GitRepo(tmp_path_factory.mktemp("cite-inserted") / "repo")
    files = {f"{lang}/{name}": text for lang, texts in INSERTED.items() for name, text in texts.items()}
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files})
    repo.commit("Policy 1.0", "2026-01-10T10:00:00Z")
    inserted = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": story.STORY_EPOCH})
    assert inserted.returncode == 0, inserted.output
    _, lettered = make_lettered_site(tmp_path_factory.mktemp("cite-lettered") / "repo")
    generated = generated_history(tmp_path_factory.mktemp("cite-sixty") / "repo", 60)
    sixty = mkdocs_build(generated, "--strict")
    assert sixty.returncode == 0, sixty.output
    with serve(told.site) as a, serve(inserted.site) as b, serve(lettered.site) as c, serve(sixty.site) as d:
        yield {"story": a, "inserted": b, "lettered": c, "sixty": d}


def open_page(browser, width: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def ask(page, url: str, query: str):
    """Open search on `url`, type `query`; the offer (href, text), or None once Material has answered."""
    page.goto(url)
    page.locator(".md-search__input").click() if page.viewport_size["width"] > 1000 else page.keyboard.press("s")
    page.wait_for_selector(".md-search__input:focus")
    page.keyboard.type(query)
    page.wait_for_function(
        "() => !/^Initiali/.test(document.querySelector('.md-search-result__meta').textContent)"
        " && document.querySelector('.md-search-result__meta').textContent !== ''"
    )
    try:
        page.wait_for_function(OFFER, timeout=3000)
    except Exception:  # noqa: BLE001 - no offer: the query is no citation
        return None
    return page.evaluate(OFFER)


CASES = [
    # (site, query, the fragment it goes to, the label it names)
    ("story", "1 b", "s1-b", "1 b"),
    ("story", "§ 3 a", "s3-a", "3 a"),
    ("story", "§3a", "s3-a", "3 a"),
    ("story", "1a", "s1-a", "1 a"),  # no section 1a: clause 1 a
    ("story", "2", "s2", "2"),
    ("inserted", "1a", "s1a", "1a"),  # an inserted section 1a comes first
    ("inserted", "1 a", "s1-a", "1 a"),
    ("inserted", "1a a", "s1a-a", "1a a"),
    ("lettered", "A.1a", "sa-1a", "A.1a"),
    ("lettered", "§ B", "sb", "B"),
    ("lettered", "a.1 (ii)", "sa-1-ii", "A.1 (ii)"),
    ("sixty", "1dc1", "s1-dc-1", "1 dc (1)"),  # 60 versions (bench/generate.py): inserted clauses
    ("sixty", "§ 2 ca", "s2-ca", "2 ca"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", PREFIX)
def test_a_citation_goes_to_its_unit(browser, sites, lang, width, scheme):
    context, page, errors = open_page(browser, width, scheme)
    for name, query, fragment, label in CASES:
        url = f"{sites[name]}/{PREFIX[lang]}"
        found = ask(page, url, query)
        assert found is not None, (name, query)
        href, text = found
        assert text.startswith(WORDS.text(lang, "cite_go", label=label)), (query, text)
        assert urlsplit(page.evaluate("h => new URL(h, location.href).href", href)).fragment == fragment
        if (name, query) == ("story", "1 b"):
            page.screenshot(path=str(SHOTS / f"cite-{lang}-{width}-{scheme}.png"))
            assert serious_violations(page, ".policy-cite-result") == []  # Material's own results are its own
            box = page.locator(".policy-cite-go").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        if (name, query) == ("story", "§ 3 a"):
            # the sign is no word: Material's results do not say "Missing: §" (workers/policy-search.js)
            page.wait_for_function("() => document.querySelectorAll('.md-search-result__list > li').length > 0")
            assert "§" not in page.inner_text(".md-search-result__list")
        if query.startswith("§"):
            page.locator(".policy-cite-go").click()  # a tap or a click, as Enter
        else:
            page.keyboard.press("Enter")
        page.wait_for_function("f => location.hash === '#' + f", arg=fragment)
        assert urlsplit(page.url).path == f"/{PREFIX[lang]}"
        page.wait_for_function("() => !document.getElementById('__search').checked")
        top = page.evaluate("f => document.getElementById(f).getBoundingClientRect().top", fragment)
        assert 0 <= top < 800, (query, top)  # the unit is on screen
    context.close()
    assert errors == []


@pytest.mark.parametrize("query", ["collect", "a", "d", "§ 9 z", "<img src=x onerror=window.__pwned=1>", "1 b (1)"])
def test_a_word_or_a_label_the_text_lacks_offers_nothing(browser, sites, query):
    context, page, errors = open_page(browser, 1280, "light")
    assert ask(page, f"{sites['story']}/en/", query) is None
    assert page.evaluate("window.__pwned") is None
    context.close()
    assert errors == []


# This project's site: the manual and the editors' guide after the policy, without raw Markdown.


def test_no_search_result_shows_a_code_block(built_site):
    for index in built_site.site.rglob("search/search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        shown = [d["location"] for d in docs if "<pre" in d["text"]]
        assert shown == [], index  # `# 3. Disclosure of Information` in a result is Markdown to a reader
        assert not any(re.search(r"<code>#+ \d", d["text"]) and "<pre" in d["text"] for d in docs)


@pytest.mark.parametrize("path, query", [("/", "cookies"), ("/", "personuppgifter"), ("/en/", "cookies")])
def test_the_policy_comes_before_the_pages_for_editors(browser, served_site, path, query):
    context, page, errors = open_page(browser, 1280, "light")
    ask(page, served_site + path, query)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__list > li').length > 0")
    locations = page.eval_on_selector_all(
        ".md-search-result__list > li > a", "els => els.map(a => new URL(a.href).pathname)"
    )
    policy = [i for i, where in enumerate(locations) if where == path]
    others = [i for i, where in enumerate(locations) if "/manual/" in where or "/editors/" in where]
    assert policy and (not others or max(policy) < min(others)), locations
    context.close()
    assert errors == []
