"""What a printout and a citation say about the text they come from: the policy's title, the
version, its period in force, the language and an address.

One element carries it, at the top of the text in force and of every archived version. On
screen it is hidden; in print (policy.css) it is fixed in the top margin, so that Chromium
repeats it on every sheet: pages 2 to 12 of a printout still say which version they hold. Its
data-* attributes are what assets/javascripts/policy-unit-menu.js needs to write a citation in
the page's language, with no date library and no request: the period is written here, by
Babel, and the link is pinned to the version (its /versions/V/ page), never to whatever
version will be current when the citation is read.
"""

from __future__ import annotations

from policykit.pages.context import PageContext, esc
from policykit.pages.parts import href
from policykit.pages.periods import period_text
from policykit.record.history import Version

#: Where the text of `version` lives for good: its archived page (below a language's root).
ARCHIVED = "versions/{label}/"


def pinned_path(ctx: PageContext, lang: str, version: Version, page_url: str) -> str:
    """The site-relative address of the page that holds `version` for good: its archived page,
    or this page when there is none (a preview of the working tree has no commit, no page)."""
    if version.commit and version in ctx.record.versions:
        return ctx.url(lang, ARCHIVED.format(label=version.label))
    return page_url


def cited_period(ctx: PageContext, lang: str, version: Version) -> str:
    """ "in force since 1 April 2026", "in force 1 May 2025 to 31 March 2026", or, for a version
    that never applied, "never in force"."""
    period = period_text(ctx, lang, version)
    return period if ctx.record.period(version) is None else ctx.word(lang, "cite_in_force", period=period)


def print_head(ctx: PageContext, lang: str, version: Version, page_url: str) -> str:
    """The element a printout repeats on every sheet, and a citation's facts in data-*.

    The address in it is the page's; the script puts the address the reader printed from
    (with its fragment) in its place at `beforeprint`. `data-pinned` is absolute when the site
    has a `site_url`, else relative to this page (the script resolves it against the page's own
    address)."""
    title = ctx.title(version, lang)
    pinned = pinned_path(ctx, lang, version, page_url)
    pinned_url = ctx.site_url + pinned if ctx.site_url != "/" else href(page_url, pinned)
    language = ctx.words.language(lang, ctx.text_of(version, lang)[1])
    facts = " · ".join(
        [
            f"<strong>{esc(title)}</strong>",
            esc(ctx.word(lang, "archive_subtitle", version=version.label)),
            f"{esc(ctx.word(lang, 'period'))}: {esc(period_text(ctx, lang, version))}",
            esc(language),
        ]
    )
    data = {
        "title": title,
        "version": version.label,
        "period": cited_period(ctx, lang, version),
        "pinned": pinned_url,
    }
    attrs = "".join(f' data-{name}="{esc(value)}"' for name, value in data.items())
    return (
        f'<div class="policy-print-head" data-search-exclude{attrs}>'
        f'<p class="policy-print-facts">{facts}</p>'
        f'<p class="policy-print-only policy-print-address">{esc(ctx.site_url + page_url)}</p>'
        '<p class="policy-print-unit"></p></div>'
    )
