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

from policykit.pages.archive import archive_page
from policykit.pages.changelog import changelog_page, version_list_page
from policykit.pages.compare import compare_json, compare_page
from policykit.pages.context import PageContext
from policykit.pages.current import SEARCH_BOOST, current_page
from policykit.pages.footer import footer_links
from policykit.pages.notfound import not_found
from policykit.pages.page import Page, mark_text_language
from policykit.pages.side_by_side import side_by_side_pages
from policykit.pages.verify import verify_page
from policykit.pages.version_changes import redline_page

__all__ = [
    "Page",
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


def generated(ctx: PageContext, lang: str) -> list[Page]:
    """Every page the generator writes in `lang`, besides the text in force."""
    pages = [changelog_page(ctx, lang), version_list_page(ctx, lang), verify_page(ctx, lang), compare_page(ctx, lang)]
    pages += side_by_side_pages(ctx, lang)
    for version in ctx.record.versions:
        if version.commit is None:  # no history: the working tree is not an archived version
            continue
        pages.append(archive_page(ctx, lang, version))
        pages.append(redline_page(ctx, lang, version))
    return pages
