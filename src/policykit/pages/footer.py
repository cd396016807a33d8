"""The footer's links, on every page of a site: this language's feed, policy.json and this
language's verify page, which theme/partials/footer.html prints."""

from __future__ import annotations

from policykit.pages.context import PageContext


def footer_links(ctx: PageContext, lang: str) -> dict[str, object]:
    """The footer's label and links in `lang`: (site-relative URL, text) each. The template
    makes a URL fit the page's depth with MkDocs' `url` filter (on the 404 page, served at any
    address, an absolute path from the site's root) and escapes both."""
    return {
        "label": ctx.word(lang, "footer_label"),
        "links": [
            (ctx.url(lang, "feed.xml"), ctx.word(lang, "footer_feed")),
            ("policy.json", ctx.word(lang, "footer_json")),  # one for every language
            (ctx.url(lang, "verify/"), ctx.word(lang, "verify_title")),
        ],
    }
