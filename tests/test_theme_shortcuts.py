"""What the plugin spares MkDocs and Material in every pass gives them what they would have made:
Material's search handler, not called for a page excluded from search that has nothing it
deletes (adapter/search.py), and the theme's files listed without the hidden ones, which MkDocs
drops (adapter/themeenv.py). Each is compared with Material's and MkDocs' own, on a real theme
and a real search plugin."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from policykit.adapter import search, themeenv


class Recording(SearchIndex):
    """Material's index, remembering which pages it was given."""

    def __init__(self, **config):
        super().__init__(**config)
        self.given: list[str] = []

    def add_entry_from_context(self, page):
        self.given.append(page.url)
        super().add_entry_from_context(page)


PAGES = [
    # (url, excluded, content)
    ("archived/", True, '<div class="policy-bar" data-search-exclude>Past version</div><h2 id="s1">1. A</h2>'),
    ("marked/", True, '<p data-search-exclude="yes">x</p><p data-search-foo="1">y</p>'),
    ("near/", True, '<p data-search-exclude="">x</p> data-search-="z" data-search-a=b'),
    (
        "open/",
        False,
        '<h2 id="s1">1. A</h2><p>Text</p><p data-search-exclude>hidden</p><h2 id="s2">2. B</h2><p>More</p>',
    ),
    ("open-marked/", False, '<h2 id="s1">1. A</h2>\n<p data-search-exclude="1">x</p>'),
]


def _site(tmp_path: Path):
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme:\n  name: material\nplugins:\n  - search\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_config(config)
    plugin = config.plugins["material/search"]
    plugin.search_index = Recording(**plugin.search_index.config)
    return config, plugin


def _pages(config) -> list[Page]:
    pages = []
    for url, excluded, content in PAGES:
        file = File(f"{url}index.md", config.docs_dir, config.site_dir, True)
        page = Page(None, file, config)
        page.meta = {"search": {"exclude": True}} if excluded else {}
        page.content, page.toc = content, get_toc([])
        pages.append(page)
    return pages


def _run(config, plugin) -> tuple[list[str], list[str], list[dict], list[str]]:
    pages = _pages(config)
    for page in pages:
        config.plugins.on_page_context({}, page=page, config=config, nav=None)
    index = plugin.search_index
    return [p.content for p in pages], index.given, copy.deepcopy(index.entries), [p.url for p in pages]


def test_search_is_given_only_what_changes_something_and_makes_the_same_index(tmp_path):
    config, plugin = _site(tmp_path / "a")
    contents, given, entries, urls = _run(config, plugin)
    assert given == urls  # Material's own handler sees every page

    config, plugin = _site(tmp_path / "b")
    search.skip_excluded(config.plugins)
    search.skip_excluded(config.plugins)  # once is what counts
    skipped_contents, skipped_given, skipped_entries, _ = _run(config, plugin)

    assert skipped_contents == contents
    assert skipped_entries == entries and entries  # the open pages are indexed as before
    # The excluded pages with nothing Material deletes (valueless or empty attributes, near
    # misses) are not given to it; the one with an attribute it deletes is, and it deletes it.
    assert skipped_given == ["marked/", "open/", "open-marked/"]
    assert "data-search-foo" not in skipped_contents[1]


def test_search_front_matter_that_is_not_a_mapping_is_material_s_to_answer(tmp_path):
    outcomes = []
    for wrapped in (False, True):
        config, _ = _site(tmp_path / str(wrapped))
        if wrapped:
            search.skip_excluded(config.plugins)
        page = _pages(config)[0]
        page.meta = {"search": "exclude"}
        with pytest.raises(AttributeError) as raised:  # Material's own handler: `search.get`
            config.plugins.on_page_context({}, page=page, config=config, nav=None)
        outcomes.append(str(raised.value))
    assert outcomes[0] == outcomes[1]


def test_a_search_plugin_of_another_kind_is_left_as_it_is(tmp_path):
    config, plugin = _site(tmp_path)
    before = list(config.plugins.events["page_context"])

    class Own(type(plugin)):  # a site's subclass with a handler of its own
        def on_page_context(self, context, *, page, config, nav):
            return context

    own = Own()
    config.plugins.events["page_context"] = [own.on_page_context]
    search.skip_excluded(config.plugins)
    assert config.plugins.events["page_context"] == [own.on_page_context]
    config.plugins.events["page_context"] = before


@pytest.mark.parametrize("custom", [False, True])
def test_the_theme_lists_the_files_mkdocs_copies_as_before(tmp_path, custom):
    (tmp_path / "docs").mkdir()
    extra = ""
    if custom:  # a site's own folder, with hidden files and folders at every depth
        own = tmp_path / "overrides"
        for name in [".hidden.css", "assets/.x/y.css", "assets/ok.css", "a/.b/c/d.svg", "a/b.js", "main.html"]:
            (own / name).parent.mkdir(parents=True, exist_ok=True)
            (own / name).write_text("x")
        extra = "  custom_dir: overrides\n"
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\ntheme:\n  name: material\n{extra}")
    config = load_config(str(tmp_path / "mkdocs.yml"))

    def listed() -> list[str]:
        files = Files([])
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        return sorted(f.src_uri for f in files)

    before = listed()
    themeenv.list_visible(config.theme)
    themeenv.list_visible(config.theme)
    after = listed()
    assert after == before and len(before) > 40
    assert type(config.theme.get_env().loader) is not type(
        load_config(str(tmp_path / "mkdocs.yml")).theme.get_env().loader
    )
    assert ("a/b.js" in after) == custom and not any("/." in f or f.startswith(".") for f in after)
