"""What MkDocs keeps of a page or file it has written, let go once nothing reads it.

MkDocs keeps every page's Markdown, HTML, table of contents and anchors to the end of the
build, and mkdocs-static-i18n builds each further language from the first pass's
on_post_build, while that pass's files and pages are still held: so whatever a pass keeps is
held through every later pass. The archived pages' part of it is let go as each is written
(later.py); here, the rest that grows with the history:

- the pages the generator makes with the whole history (the text in force, the changelog, the
  version list: hundreds of kB each at 400 versions), as each is written;
- the files made of the whole history (`policy.json`, `compare.json`, each language's feed),
  once MkDocs has written them, before its first page;
- every page's anchors and links, at the end of its pass, once MkDocs has checked the links;
- and a generated page's address in each other language is an `Alternate`, not a File.
"""

from __future__ import annotations

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc


class Alternate:
    """A page's address in another language, as mkdocs-static-i18n reads it (its language switch
    reads `url`; its sitemap, `url` and `page`): a File for every language of every page was
    the larger part of the files the generator adds, at hundreds of pages per language."""

    __slots__ = ("url",)
    page = None

    def __init__(self, url: str) -> None:
        self.url = url


def written_page(page: MkDocsPage) -> None:
    """A page of the generator's (or the site's page with the text in force), after every
    plugin's on_post_page: its Markdown, HTML and table of contents go (no template reads
    another page's; MkDocs checks links with its anchors), and a generated file's source."""
    page.markdown, page.content = "", ""
    page.toc = get_toc([])
    if page.file.abs_src_path is None:
        page.file.content_string = ""


def written_files(files: list[File]) -> None:
    """Files that MkDocs has written (it writes them before any page), their content let go;
    not a file that is read from its place (`abs_src_path`)."""
    for file in files:
        if file.abs_src_path is None:
            file.content_string = ""
    files.clear()


#: What the plugin puts on a pass's files and pages (pageparts.extend), which only that pass reads.
_OURS = ("policy_page", "policy_later", "policy_key", "policy_held", "policy_now", "policy_entry", "policy_render")


def end_of_pass(files: Files | None) -> None:
    """After MkDocs has checked this pass's links to anchors (before on_post_build), what its
    pages still hold: nothing reads them after, but the later passes run while they are held
    (mkdocs-static-i18n's sitemap, in each pass, reads every language's pages' addresses)."""
    for file in files or ():
        page = file.page
        if page is not None:
            page.markdown, page.content = None, None
            page.toc = get_toc([])
            page.present_anchor_ids, page.links_to_anchors = None, None
        for target in (file, page):
            held = vars(target) if target is not None else {}
            for name in _OURS:
                held.pop(name, None)
