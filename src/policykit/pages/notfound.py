"""The 404 page's words, in each language."""

from __future__ import annotations

from policykit.pages.base import PagesBase, esc


class NotFoundPage(PagesBase):
    def not_found(self, lang: str, root: str) -> str:
        """The 404 page's content in `lang`. It is served at any address, so its links are
        absolute paths from the site's `root` path ("/" or "/policy/")."""
        home = f'<a href="{esc(root + self.url(lang))}">{esc(self.word(lang, "not_found_home"))}</a>'
        versions = f'<a href="{esc(root + self.url(lang, "versions/"))}">{esc(root + self.url(lang, "versions/"))}</a>'
        return (f"<h1>404 – {esc(self.word(lang, 'not_found_title'))}</h1>"
                f"<p>{self.phrase(lang, 'not_found_text', home=home, versions=versions)}</p>")
