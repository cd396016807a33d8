"""The version bar: on a text that is not the one in force (an archived version, the day that
`/versions/?on=DAY` leads to, the compare page), one compact line that stays in view while the
reader scrolls, under Material's fixed header. A clause reached by its link, or read after
scrolling past the notice at the top, then still says which version it belongs to.

It says the version, its period in force and its status in the page's language, and links the
same place in the text in force (`policy-keep-anchor`: policy-anchors.js adds the reader's
place). It holds only what this version and the ones before it decide, and its status: "no
longer applies" and the last day of its period change once, when the version stops being in
force; no later version is named. The compare page writes one bar per version it offers,
hidden; assets/javascripts/policy-bar.js shows the two the address names, and keeps the
units' `scroll-margin-top` below the header and the bar (policy.css)."""

from __future__ import annotations

from policykit.pages.context import PageContext, esc
from policykit.pages.parts import link
from policykit.pages.periods import period_text
from policykit.record.history import Version

SCRIPT = "assets/javascripts/policy-bar.js"

#: The status a reader is told, by `Record.status`: a preview has no archived page.
STATUS_WORDS = {"current": "bar_current", "past": "bar_past", "upcoming": "bar_upcoming", "superseded": "bar_never"}


def facts(ctx: PageContext, lang: str, version: Version) -> str:
    """ "Version 1.0 · 15 January 2026 to 14 February 2026 · No longer applies", as spans
    (the separators are the stylesheet's, heard as pauses). An upcoming version is dated by the
    day it takes effect; one that never had a period of its own is only said to be so."""
    status = ctx.record.status(version)
    period = ctx.record.period(version)
    if period is None:  # no period: "never in force" says it all (the notice says why)
        when = ""
    elif period.upcoming:
        when = ctx.word(lang, "history_effective", date=ctx.date(lang, version.meta.effective))
    else:
        when = period_text(ctx, lang, version)
    state = ctx.word(lang, STATUS_WORDS.get(status, "bar_never"))
    # A space between the parts, so that copied text does not run them together.
    return " ".join(
        [
            f'<strong class="policy-bar-version">{esc(ctx.word(lang, "archive_subtitle", version=version.label))}</strong>'
        ]
        + ([f'<span class="policy-bar-period">{esc(when)}</span>'] if when else [])
        + [f'<span class="policy-bar-status">{esc(state[:1].upper() + state[1:])}</span>']
    )


def _to_current(ctx: PageContext, lang: str, page_url: str) -> str:
    return link(page_url, ctx.url(lang), ctx.word(lang, "bar_link"), cls="policy-keep-anchor policy-bar-link")


def version_bar(ctx: PageContext, lang: str, page_url: str, version: Version) -> str:
    """The bar of an archived version's page (and of what `?on=DAY` leads to)."""
    status = ctx.record.status(version)
    return (
        f'<div class="policy-bar policy-bar--{esc(status)}" role="note" data-search-exclude>'
        f'<p><span class="policy-bar-facts">{facts(ctx, lang, version)}</span>'
        f"{_to_current(ctx, lang, page_url)}</p></div>"
    )


def compare_bar(ctx: PageContext, lang: str, page_url: str, versions: list[Version]) -> str:
    """The compare page's bar, hidden until policy-bar.js has read the pair from the address:
    every offered version's facts once (hidden), of which it shows the two compared."""
    each = "".join(
        f'<span class="policy-bar-facts" data-version="{esc(v.label)}" hidden>{facts(ctx, lang, v)}</span>'
        for v in versions
    )
    return (
        '<div class="policy-bar policy-bar--compare" role="note" hidden data-search-exclude>'
        f'<p><span class="policy-bar-pair"></span>{_to_current(ctx, lang, page_url)}</p>'
        f'<div class="policy-bar-offered" hidden>{each}</div></div>'
    )
