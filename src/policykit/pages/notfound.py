"""The 404 page's content, in each language: an HTML fragment that theme/404.html prints."""

from __future__ import annotations

from policykit.pages.context import PageContext, esc


def not_found(ctx: PageContext, lang: str, root: str) -> str:
    """The 404 page's content in `lang`. It is served at any address, so its links are
    absolute paths from the site's `root` path ("/" or "/policy/")."""
    home = f'<a href="{esc(root + ctx.url(lang))}">{esc(ctx.word(lang, "not_found_home"))}</a>'
    versions = f'<a href="{esc(root + ctx.url(lang, "versions/"))}">{esc(root + ctx.url(lang, "versions/"))}</a>'
    return (
        f"<h1>404 – {esc(ctx.word(lang, 'not_found_title'))}</h1>"
        f"<p>{ctx.phrase(lang, 'not_found_text', home=home, versions=versions)}</p>"
    )
