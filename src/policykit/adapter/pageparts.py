"""What the plugin adds to MkDocs' files and pages, and how a page enters the theme escaped."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink

from policykit.render import escape


def extend(target: File | MkDocsPage, **values: object) -> None:
    """Attributes that MkDocs' File and Page do not declare: ours (the page value, the page
    rendered in the last rebuild) and those mkdocs-static-i18n reads (locale, alternates)."""
    vars(target).update(values)


def escape_pages(files: Files, nav: Navigation | None) -> None:
    """Titles, front matter and tables of contents enter the theme escaped (escape.py)."""
    for file in files.documentation_pages():
        if file.page is not None:
            escape_page(file.page)
    stack: list = list(nav.items) if nav is not None else []
    while stack:  # sections and links of the navigation (pages are done above)
        item = stack.pop()
        if not isinstance(item, MkDocsPage) and item.title is not None:
            item.title = escape.text(item.title)
        stack += getattr(item, "children", None) or []


def escape_page(page: MkDocsPage) -> None:
    """A page's title, front matter and table of contents, escaped for the theme (escape.py)."""
    escape.tree(page.meta)
    # From mkdocs.yml's site_url, repo_url and edit_uri (theme_values.THROUGH_PAGES):
    # printed raw in <link rel="canonical"> and the edit buttons.
    for name in ("canonical_url", "edit_url"):
        value = getattr(page, name, None)
        if isinstance(value, str) and not isinstance(value, Markup):
            setattr(page, name, escape.text(value))
    title = page.meta.get("title")
    page.title = (
        escape.text(str(title))
        if title is not None and not isinstance(title, str)
        else title
        if title is not None
        else escape.html_text(page.title or "")
    )
    escape_toc(page.toc)


def escape_toc(items: Iterable[AnchorLink]) -> None:
    for item in items:
        item.title = escape.html_text(item.title, inline=True)
        escape_toc(item.children)


def refuse_taken(config: MkDocsConfig, taken: dict[str, File], addresses: list[str]) -> None:
    """A docs page at an address the generator writes stops the build, naming the page."""
    root = Path(config.config_file_path).parent.resolve()
    for address in addresses:
        file = taken.get(address)
        if file is not None:
            where = file.src_uri
            if file.abs_src_path:
                source = Path(file.abs_src_path).resolve()
                where = source.relative_to(root).as_posix() if source.is_relative_to(root) else source.as_posix()
            raise PluginError(
                f"{where}: the generator writes /{address.removesuffix('index.html')} "
                "itself; remove this page, or rename it"
            )
