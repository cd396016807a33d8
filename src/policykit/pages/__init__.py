"""The Markdown of the site's pages, independent of MkDocs: one module per kind of page.

`SitePages` is every page of one build, in every language: the text in force (current.py),
archived versions and their redlines (archive.py), the changelog and the version list
(changelog.py), any two versions compared (compare.py), how to check a version's fingerprint
(verify.py) and the 404 page's words (notfound.py), on the shared parts of base.py; policy.json and
the feeds (public.py), the changelog's timeline (timeline.py).
"""

from __future__ import annotations

from policykit.pages.archive import ArchivePages
from policykit.pages.base import NO_SEARCH, WHOLE, GeneratedPage, PagesBase, esc
from policykit.pages.changelog import ChangelogPages
from policykit.pages.compare import ComparePage
from policykit.pages.current import SEARCH_BOOST, CurrentPage
from policykit.pages.notfound import NotFoundPage
from policykit.pages.verify import VerifyPage

__all__ = ["SitePages", "GeneratedPage", "SEARCH_BOOST", "NO_SEARCH", "WHOLE", "esc"]

#: The generated pages' addresses below a language's root, besides one per version.
GENERATED_URLS = ("changes/", "versions/", "verify/", "compare/")


class SitePages(CurrentPage, ArchivePages, ChangelogPages, ComparePage, VerifyPage, NotFoundPage):
    """All pages of one build, for every language."""

    def generated(self, lang: str) -> list[GeneratedPage]:
        pages = [GeneratedPage("changes/", self.changelog(lang), True),
                 GeneratedPage("versions/", self.version_list(lang), True),
                 GeneratedPage("verify/", self.verify(lang), True),
                 GeneratedPage("compare/", self.compare_page(lang), False)]
        for version in self.record.versions:
            if version.commit is None:  # no history: the working tree is not an archived version
                continue
            pages.append(GeneratedPage(f"versions/{version.label}/", self.archive(lang, version), False))
            pages.append(GeneratedPage(f"versions/{version.label}/changes/",
                                       self.redline_page(lang, version), False))
        return pages
