"""The manual (docs/manual/): built in every language, in the menu after the readers' pages, in the
order of its contents page, marked as English on the Swedish site, every link resolving; and the
links to it that `policy init` writes into a new site.

docs/manual/ lies outside the language folders: mkdocs-static-i18n builds such a page in every
language (the default language's own, the others by its fallback), but would leave it out of
every menu (adapter/navigation.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from building import ROOT, cpu_time
from click.testing import CliRunner
from corpus_cases import make_case
from hostile_sites import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page as MkDocsPage
from site_links import target_file

from policykit.adapter.navigation import order_by_index
from policykit.adapter.templatecheck import written_language
from policykit.cli import main

MANUAL = ROOT / "docs" / "manual"
PAGES = sorted(path.stem for path in MANUAL.glob("*.md"))
LANG_PREFIXES = {"sv": "", "en": "en/"}


class Page:
    """What a built page holds: its ids, its links (href, src), its menu's titles and whether its
    text is marked as being in another language."""

    def __init__(self, text: str) -> None:
        soup = BeautifulSoup(text, "html.parser")
        self.ids = {tag["id"] for tag in soup.find_all(id=True) if tag["id"]}
        self.ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True}) if tag["name"]}
        self.links = [
            tag[key] for tag in soup.find_all(["a", "img", "script", "link"]) for key in ("href", "src") if tag.get(key)
        ]
        self.langs = [div["lang"] for div in soup.find_all("div", lang=True) if div["lang"]]
        primary = soup.select_one("nav.md-nav--primary")
        # Material nests the current page's table of contents in the menu (its headings, and a
        # label "for=__toc" that repeats the page's own title): not menu items.
        titles = [] if primary is None else primary.select("span.md-ellipsis")
        self.menu = [
            span.get_text(strip=True)
            for span in titles
            if span.get_text(strip=True)
            and not span.find_parent("nav", class_="md-nav--secondary")
            and not span.find_parent("label", attrs={"for": "__toc"})
        ]


def parsed(site: Path, path: str) -> Page:
    return Page((site / path / "index.html").read_text(encoding="utf-8"))


def contents_order() -> list[str]:
    """The manual's pages in the order its contents page (index.md) first links them."""
    text = (MANUAL / "index.md").read_text(encoding="utf-8")
    order: list[str] = []
    for target in re.findall(r"\]\(([A-Za-z0-9_-]+)\.md(?:#[^)]*)?\)", text):
        if target not in order:
            order.append(target)
    return order


def title_of(name: str) -> str:
    text = (MANUAL / f"{name}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()


# The manual of this repository's site -----------------------------------------------------------


def test_the_manual_is_built_in_both_languages_and_marked_as_english(built_site):
    assert built_site.returncode == 0, built_site.output
    assert "WARNING" not in built_site.output, built_site.output
    for name in PAGES:
        where = "" if name == "index" else f"{name}/"
        for lang, prefix in LANG_PREFIXES.items():
            page = parsed(built_site.site, f"{prefix}manual/{where}")
            # On the Swedish site the English text says so, for a screen reader's voice.
            assert page.langs == (["en"] if lang == "sv" else []), (name, lang, page.langs)


def test_the_manual_is_in_the_menu_after_the_readers_pages_in_its_contents_order(built_site):
    order = contents_order()
    assert set(order) <= set(PAGES), f"docs/manual/index.md links pages that do not exist: {set(order) - set(PAGES)}"
    titles = [title_of("index")] + [title_of(name) for name in order]
    titles += [title_of(name) for name in PAGES if name not in order and name != "index"]
    for lang, prefix, section in (("sv", "", "Handbok (på engelska)"), ("en", "en/", "Manual")):
        menu = parsed(built_site.site, f"{prefix}manual/").menu
        assert section in menu, (lang, menu)
        readers = menu[: menu.index(section)]
        assert readers and not set(readers) & set(titles), (lang, readers)  # the policy's pages first
        assert menu[menu.index(section) + 1 :][: len(titles)] == titles, (lang, menu)
        # The policy's own page lists the manual too, in the same place.
        assert section in parsed(built_site.site, prefix).menu


def test_every_link_of_the_manual_resolves(built_site):
    """Every relative link and image of every manual page, in both languages, names a file of
    the site, and every fragment an id on the page it names."""
    site = built_site.site
    cache: dict[Path, Page] = {}
    broken = []
    for name in PAGES:
        where = "" if name == "index" else f"{name}/"
        for prefix in LANG_PREFIXES.values():
            base = f"/{prefix}manual/{where}"
            page = parsed(site, base.strip("/"))
            for link in page.links:
                parts = urlsplit(link)
                if parts.scheme or parts.netloc:
                    continue  # another site: not ours to check here
                path = urlsplit(urljoin(base, link)).path
                target = target_file(site, path)
                if target is None:
                    broken.append(f"{base}: {link} (no file)")
                    continue
                if parts.fragment and target.suffix == ".html":
                    if target not in cache:
                        cache[target] = Page(target.read_text(encoding="utf-8"))
                    if unquote(parts.fragment) not in cache[target].ids:
                        broken.append(f"{base}: {link} (no id {parts.fragment!r} on {path})")
    assert not broken, "\n".join(broken)


def test_the_old_addresses_of_the_moved_guides_still_lead_to_them(built_site):
    for path, target in (
        ("en/editors/", "../manual/editors/"),
        ("en/integrate/", "../manual/integrate/"),
        ("en/performance/", "../manual/performance/"),
        ("performance/", "../manual/performance/"),
    ):
        page = parsed(built_site.site, path)
        assert target in page.links, (path, page.links)
        assert "Manual" not in page.menu[:1]


# Any site: pages outside the language folders ---------------------------------------------------


GUIDE = {
    "docs/guide/index.md": "---\nlanguage: en\n---\n# Guide\n\nFirst [Zeta](zeta.md), then [Alpha](alpha.md#two).\n",
    "docs/guide/alpha.md": "---\nlanguage: en\n---\n# Alpha\n\n## Two\n\nText.\n",
    "docs/guide/zeta.md": "---\nlanguage: en\n---\n# Zeta\n\nText.\n",
    "docs/guide/extra.md": "# Extra\n\nNot linked from the guide's index.\n",
}


@pytest.mark.build
def test_pages_outside_the_language_folders_keep_their_section_in_every_language(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    for path, text in GUIDE.items():
        repo.write(path, text)
    result = build(repo.path, "1780272000", "--strict")
    assert result.returncode == 0, result.output
    for prefix, marked in (("", ["en"]), ("en/", [])):
        menu = parsed(result.site, f"{prefix}guide/").menu
        assert menu[-5:] == ["Guide", "Guide", "Zeta", "Alpha", "Extra"], menu
        assert parsed(result.site, f"{prefix}guide/zeta/").langs == marked
    # A page without `language:` is the default language's (sv), as i18n's fallback says.
    assert parsed(result.site, "en/guide/extra/").langs == ["sv"]
    assert parsed(result.site, "guide/extra/").langs == []


@pytest.mark.build
def test_the_footers_previous_and_next_follow_the_menu(tmp_path):
    """MkDocs links each page to the one before and after it as it makes the navigation, in the
    files' order; the footer (Material's navigation.footer) must follow the menu as moved."""
    repo = make_case(tmp_path / "repo", {})
    for path, text in GUIDE.items():
        repo.write(path, text)
    config = (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    - navigation.top\n" in config
    repo.write(
        "mkdocs.yml", config.replace("    - navigation.top\n", "    - navigation.top\n    - navigation.footer\n")
    )
    result = build(repo.path, "1780272000", "--strict")
    assert result.returncode == 0, result.output
    for path, links in (
        ("en/guide/zeta/", ["Previous: Guide", "Next: Alpha"]),
        ("en/guide/alpha/", ["Previous: Zeta", "Next: Extra"]),
        ("guide/", ["Föregående: Versioner", "Nästa: Zeta"]),
    ):
        footer = (result.site / path / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'class="md-footer__link[^"]*"[^>]*aria-label="([^"]*)"', footer) == links, path


@pytest.mark.build
def test_a_folder_with_the_title_of_a_language_section_is_in_every_menu(tmp_path):
    """MkDocs makes one section of docs/En/ and docs/en/ (the title En); on the Swedish pass it
    holds docs/En/'s pages alone, which i18n drops with the English section unless they are
    moved into the Swedish one like any other folder's."""
    repo = make_case(tmp_path / "repo", {})
    repo.write("docs/En/page.md", "# Page En\n")
    repo.write("docs/guide/index.md", "# Guide\n")
    result = build(repo.path, "1780272000", "--strict")
    assert result.returncode == 0, result.output
    for path in ("guide/", "en/guide/", "En/page/", "en/En/page/"):
        menu = parsed(result.site, path).menu
        assert "Page En" in menu and "Guide" in menu, (path, menu)


@pytest.mark.build
def test_a_language_that_is_no_code_is_refused(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write("docs/guide/index.md", '---\nlanguage: "en\\"><script>"\n---\n# Guide\n')
    result = build(repo.path)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert (
        "ERROR   -  docs/guide/index.md:2: language: 'en\"><script>' is not a language code "
        "(write the code of the language the page is written in, such as en or pt-BR, or remove the line)"
    ) in result.output


def _section(docs: Path, index: str) -> Section:
    """A section guide/ of three pages, in MkDocs' order (by name), whose index.md is `index`."""
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "index.md").write_text(index, encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(docs)})
    config.validate()
    pages = []
    for name in ("alpha", "index", "zeta"):
        if name != "index":
            (docs / "guide" / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
        pages.append(MkDocsPage(None, File(f"guide/{name}.md", str(docs), str(docs.parent / "site"), True), config))
    return Section("Guide", pages)


def test_the_index_orders_its_section_in_time_that_grows_with_its_length(tmp_path):
    """Every `](` of an index page starts a link's target; one that may run over brackets reads
    to the end of the file from each, and a page of `](a](a…` (60 kB) took half a minute."""
    section = _section(tmp_path / "docs", "# Guide\n\n" + "](a" * 20_000 + "\n\n[Zeta](zeta.md) [Alpha](alpha.md)\n")
    with cpu_time() as spent:
        order_by_index(section)
    assert spent.seconds < 2
    assert [page.file.src_uri for page in section.children] == ["guide/index.md", "guide/zeta.md", "guide/alpha.md"]


def test_a_link_target_ends_at_a_bracket(tmp_path):
    section = _section(tmp_path / "docs", '# Guide\n\n[x](a](zeta.md) then [Alpha](alpha.md "title")\n')
    order_by_index(section)
    assert [page.file.src_uri for page in section.children] == ["guide/index.md", "guide/zeta.md", "guide/alpha.md"]


@pytest.mark.parametrize(
    "value, taken", [("en", "en"), ("pt-BR", "pt-BR"), ("en_GB", "en_GB"), ("en\n", None), (3, None)]
)
def test_a_written_language_is_a_whole_code(value, taken):
    """What `language:` says goes into the page as `lang="…"`: a code and nothing after it."""
    assert written_language({"language": value}) == taken


# What `policy init` writes --------------------------------------------------------------------


def test_a_new_site_links_to_pages_of_the_manual_that_exist(tmp_path):
    target = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(target),
            "--languages",
            "en,de",
            "--title",
            "en=Terms",
            "--title",
            "de=Bedingungen",
            "--site-url",
            "https://example.org/terms/",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    named = set()
    for path in target.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            named |= set(re.findall(r"/docs/manual/([A-Za-z0-9_.-]+\.md)", path.read_text(encoding="utf-8")))
    assert {"index.md", "editors.md", "policy-yml.md", "checks.md", "integrate.md"} <= named
    assert not [name for name in named if not (MANUAL / name).is_file()]
