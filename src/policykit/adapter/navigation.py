"""The navigation of pages that live outside the language folders, such as a manual in docs/manual/.

mkdocs-static-i18n builds a page outside `docs/LANG/` in every language: it counts as the
default language's, and the other languages fall back to it (its folder.py). But its on_nav
(priority -100) keeps only the children of the language sections (`Sv`, `En`) and drops every
other top-level item, so such a page is built and published yet no menu reaches it. Before
that, this moves those items into the language section, after the language's own pages, where
i18n keeps them and translates their titles (`nav_translations`, such as `Manual: Handbok`).

A section's pages follow the order of the links on its index page, the one a reader reads
first: MkDocs' own order is by file name, which is no reading order (architecture before
getting started). Pages the index does not link come after, in MkDocs' order.

A site without i18n has the same language section (the generated pages lie in docs/LANG/),
and no plugin to lift its items to the top: lift_language_section does.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

#: A Markdown link's target up to `.md` (inline links; the fragment and the title do not count).
#: Neither the target nor the fragment may hold a bracket or a parenthesis: else every `](` of a
#: line such as `](a](a](a…` would scan to the end of the file, and reading the index page would
#: take time with the square of its length.
_LINK = re.compile(r"\]\(\s*<?([^()\[\]\s<>#]+\.md)(?:#[^()\[\]\s<>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")


def keep_shared_pages(nav: Navigation, languages: list[str], current: str) -> None:
    """Put the top-level items that are not a language's section into this pass's language
    section (as i18n names it: the code capitalised), at its end, and order each moved section
    by its index page's links. Nothing happens on a site whose navigation has no language
    section (an explicit `nav:` without one)."""
    titles = {lang.capitalize(): lang for lang in languages}
    home = next((item for item in nav.items if _language_of(item, titles) == current), None)
    if home is None:
        return
    shared = [item for item in nav.items if _language_of(item, titles) is None]
    if not shared:
        return
    for item in shared:
        if isinstance(item, Section):
            order_by_index(item)
        item.parent = home
    home.children.extend(shared)
    nav.items = [item for item in nav.items if item not in shared]


def lift_language_section(nav: Navigation, current: str) -> None:
    """On a site without i18n, put the items of the language's section at the top, as i18n
    does on a site with it: the generated pages lie in docs/LANG/ (so that every site has the
    same URLs), and MkDocs would otherwise show a section titled `En` that holds the whole site."""
    titles = {current.capitalize(): current}
    home = next((item for item in nav.items if isinstance(item, Section) and _language_of(item, titles)), None)
    if home is None:
        return
    at = nav.items.index(home)
    for child in home.children:
        child.parent = None
    nav.items[at : at + 1] = home.children


def link_in_menu_order(nav: Navigation) -> None:
    """Each page's previous and next page, and nav.pages, in the order the menu shows them.
    MkDocs links them as it first makes the navigation, before any plugin moves an item: after
    the moves above and i18n's, its order was the files' names (the footer of the guide's
    index led to Alpha, the menu to Zeta)."""
    for page in nav.pages:
        page.previous_page = page.next_page = None
    pages: list[Page] = []
    stack: list[object] = list(reversed(nav.items))
    while stack:
        item = stack.pop()
        if isinstance(item, Page):
            pages.append(item)
        if isinstance(item, Section):
            stack.extend(reversed(item.children))
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
    nav.pages = pages


def _language_of(item: object, titles: dict[str, str]) -> str | None:
    """The language whose folder (docs/LANG/) the item is the section of, if it is one: by the
    title i18n looks for, and by a page in that folder. MkDocs makes one section of the folders
    of one title, so docs/En/ joins docs/en/ where the pass has English pages; where it has
    none (the Swedish pass), the section holds only docs/En/'s pages, which i18n would drop."""
    if not isinstance(item, Section) or item.title not in titles:
        return None
    lang = titles[item.title]
    return lang if _in_folder(item, lang) else None


def _in_folder(item: object, folder: str) -> bool:
    """Whether a page of the item lies in the top folder `folder` of docs/."""
    if isinstance(item, Page):
        return item.file.src_uri.startswith(f"{folder}/")
    return isinstance(item, Section) and any(_in_folder(child, folder) for child in item.children)


def order_by_index(section: Section) -> None:
    """The section's pages in the order its index page links them (sorted is stable: pages it
    does not link keep MkDocs' order, after the linked ones)."""
    index = next((item for item in section.children if isinstance(item, Page) and item.is_index), None)
    if index is None or not index.file.abs_src_path:
        return
    try:
        text = Path(index.file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # MkDocs reports a page it cannot read
    folder = posixpath.dirname(index.file.src_uri)
    order: dict[str, int] = {}
    for target in _LINK.findall(text):
        order.setdefault(posixpath.normpath(posixpath.join(folder, target)), len(order))

    def rank(item: object) -> int:
        if item is index:
            return -1
        if isinstance(item, Page):
            return order.get(item.file.src_uri, len(order))
        return len(order)

    section.children.sort(key=rank)
