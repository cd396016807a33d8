"""The 404 page's content, in each language: an HTML fragment that theme/404.html prints."""

from __future__ import annotations

from policykit.pages.context import PageContext, esc

SCRIPT = "assets/javascripts/policy-notfound.js"

#: What assets/javascripts/policy-notfound.js may say: the address typed, and the version it names.
WORDS = ("not_found_address", "not_found_version", "not_found_no_version", "compare_versions_link")


def not_found(ctx: PageContext, lang: str, root: str) -> str:
    """The 404 page's content in `lang`. It is served at any address, so its links are
    absolute paths from the site's `root` path ("/" or "/policy/": where `site_url` deploys
    it). Its script shows the address the reader typed (the page cannot know it when built)
    and, for one below versions/, whether that version exists, from policy.json."""
    home = f'<a href="{esc(root + ctx.url(lang))}">{esc(ctx.word(lang, "not_found_home"))}</a>'
    versions = f'<a href="{esc(root + ctx.url(lang, "versions/"))}">{esc(root + ctx.url(lang, "versions/"))}</a>'
    words = "".join(f' data-w-{key.replace("_", "-")}="{esc(ctx.word(lang, key))}"' for key in WORDS)
    others = " ".join(other for other in ctx.languages if other != ctx.default)
    return (
        f"<h1>404 – {esc(ctx.word(lang, 'not_found_title'))}</h1>"
        f'<p class="policy-404-address" hidden></p>'
        f'<p class="policy-404-version" hidden data-root="{esc(root)}" data-json="{esc(root)}policy.json"'
        f' data-lang="{esc(lang)}" data-langs="{esc(others)}"'
        f' data-versions="{esc(root + ctx.url(lang, "versions/"))}"{words}></p>'
        f"<p>{ctx.phrase(lang, 'not_found_text', home=home, versions=versions)}</p>"
        f'<script src="{esc(root + SCRIPT)}"></script>'
    )
