"""The site's pages as values, independent of MkDocs: one module per kind of page.

Each function takes the build's `PageContext` (context.py: the record, the words, the site's
values, the store of rendered blocks) and a language, and returns a `Page` (page.py): its
address, Markdown, <title>, the language of its text, its search entries, whether it is in
search and in the navigation, and the inputs its output depends on. The text in force
(current.py), an archived version (archive.py) and its redline (version_changes.py), the
changelog and the version list (changelog.py), any two versions compared (compare.py), how to
check a version's fingerprint (verify.py), the text in force in two languages side by side
(side_by_side.py); the 404 page's words (notfound.py), the footer's links
(footer.py); the HTML pieces several pages write (parts.py), each unit's history
(unit_history.py) and the periods in force (periods.py); policy.json and the feeds (public.py), the changelog's timeline (timeline.py).

A page value does not need MkDocs to become HTML: `Page.html` renders its Markdown with the
site's Markdown configuration, the same extensions the plugin gives MkDocs, to the same content
HTML. MkDocs 1.6 converts every page before it writes any and keeps each page's content, and
mkdocs-static-i18n repeats that per language, so while archived versions are MkDocs pages the
build's memory grows with the history. With pages as values, archived versions can instead be
made, rendered and written one at a time, outside MkDocs' convert-all-then-write loop, each
dropped once written: memory then stays flat however long the history, and a page whose
`inputs` are unchanged since the last build need not be made at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from policykit.pages.archive import archive_page, archive_title
from policykit.pages.changelog import changelog_page, version_list_page
from policykit.pages.compare import compare_json, compare_page
from policykit.pages.context import Inputs, PageContext
from policykit.pages.current import SEARCH_BOOST, current_page
from policykit.pages.footer import footer_links
from policykit.pages.notfound import not_found
from policykit.pages.page import Page, front_matter, mark_text_language
from policykit.pages.side_by_side import (
    side_by_side_alternates,
    side_by_side_inputs,
    side_by_side_page,
    side_by_side_pages,
    side_by_side_path,
)
from policykit.pages.verify import verify_page
from policykit.pages.version_changes import redline_page
from policykit.record.history import Version
from policykit.render.prerendered import Prerendered

__all__ = [
    "Page",
    "Later",
    "PageContext",
    "SEARCH_BOOST",
    "generated",
    "current_page",
    "archive_page",
    "redline_page",
    "compare_json",
    "not_found",
    "footer_links",
    "mark_text_language",
]

#: The generated pages' addresses below a language's root, besides one per version.
GENERATED_URLS = ("changes/", "versions/", "verify/", "compare/", "side-by-side/")


@dataclass(frozen=True)
class Later:
    """A page out of the navigation and of search, named and keyed but not made: an archived
    version's text or changes, the compare page, a side-by-side page. What MkDocs needs of it
    before it is written (its address, <title>, front matter, `inputs`, the same as its Page's),
    and `make`, which makes the Page when it is written. Such pages are made, rendered, written
    and dropped one at a time, so that the build's memory does not grow with the history, and
    not at all when the build cache holds them (`inputs` unchanged)."""

    kind: str
    lang: str
    path: str
    url: str
    inputs: Inputs
    title: str | None
    text_lang: str | None
    make_page: Callable[[], Page] = field(compare=False, repr=False)
    alternates: tuple[tuple[str, str], ...] = ()
    loads_compare: bool = False
    wide: bool = False
    in_nav = False
    searchable = False

    @property
    def document(self) -> str:
        """The page's front matter: the same as its Page's, with no text yet."""
        return f"---\n{front_matter(self.searchable, self.loads_compare, self.wide)}---\n"

    def make(self, ctx: PageContext) -> Page:
        """The page, its HTML blocks in a store of its own, dropped with it once it is written."""
        shared, ctx.blocks = ctx.blocks, Prerendered()
        try:
            page = self.make_page()
        finally:
            ctx.blocks = shared
        assert (page.inputs, page.searchable, page.in_nav, page.alternates, page.wide, page.loads_compare) == (
            self.inputs,
            False,
            False,
            self.alternates,
            self.wide,
            self.loads_compare,
        ), f"{self.url}: the page made is not the page named"
        return page


def generated(ctx: PageContext, lang: str, later: bool = False) -> list[Page | Later]:
    """Every page the generator writes in `lang`, besides the text in force; with `later`, those
    out of the navigation and of search (each archived version's, the compare page, the
    side-by-side pages) as `Later` values, made when they are written."""
    pages: list[Page | Later] = [changelog_page(ctx, lang), version_list_page(ctx, lang), verify_page(ctx, lang)]
    if later:
        pages.append(_later_compare(ctx, lang))
        pages += [_later_side_by_side(ctx, lang, other) for other in ctx.languages if other != lang]
    else:
        pages.append(compare_page(ctx, lang))
        pages += side_by_side_pages(ctx, lang)
    for version in ctx.record.versions:
        if version.commit is None:  # no history: the working tree is not an archived version
            continue
        if later:
            pages += [_later_archive(ctx, lang, version), _later_redline(ctx, lang, version)]
        else:
            pages += [archive_page(ctx, lang, version), redline_page(ctx, lang, version)]
    return pages


def _later_archive(ctx: PageContext, lang: str, version: Version) -> Later:
    path, shown = f"versions/{version.label}/", ctx.text_of(version, lang)[1]
    return Later(
        "archive",
        lang,
        path,
        ctx.url(lang, path),
        ctx.inputs("archive", lang, version),
        archive_title(ctx, lang, version),
        shown if shown != lang else None,
        lambda: archive_page(ctx, lang, version),
    )


def _later_redline(ctx: PageContext, lang: str, version: Version) -> Later:
    path = f"versions/{version.label}/changes/"
    return Later(
        "redline",
        lang,
        path,
        ctx.url(lang, path),
        ctx.inputs("redline", lang, version),
        None,
        None,
        lambda: redline_page(ctx, lang, version),
    )


def _later_compare(ctx: PageContext, lang: str) -> Later:
    return Later(
        "compare",
        lang,
        "compare/",
        ctx.url(lang, "compare/"),
        ctx.inputs("compare", lang),
        None,
        None,
        lambda: compare_page(ctx, lang),
        loads_compare=True,
    )


def _later_side_by_side(ctx: PageContext, lang: str, other: str) -> Later:
    path = side_by_side_path(other)
    return Later(
        "side-by-side",
        lang,
        path,
        ctx.url(lang, path),
        side_by_side_inputs(ctx, lang, other),
        None,
        None,
        lambda: side_by_side_page(ctx, lang, other),
        alternates=side_by_side_alternates(ctx, lang, other),
        wide=True,
    )
