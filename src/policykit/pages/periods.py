"""The days on which each version was in force, as the version list and the archived pages
write them: for readers (a period in words) and for assets/javascripts/policy-versions.js,
which answers `?on=YYYY-MM-DD` from what the page writes (the periods, the words and how the
language writes a date; on the version list, the build date), never from the reader's clock.
An archived version's page carries no build date: a daily rebuild would otherwise change every
one of them."""

from __future__ import annotations

from policykit.pages.context import PageContext, esc
from policykit.pages.parts import href
from policykit.record.history import Version

SCRIPT = "assets/javascripts/policy-versions.js"


def period_text(ctx: PageContext, lang: str, version: Version) -> str:
    """ "15 January 2026 to 14 February 2026", "since 1 April 2026", "from 1 July 2026,
    upcoming", or "never in force" (a newer version took effect before it, or on its own day)."""
    period = ctx.record.period(version)
    if period is None:
        return ctx.word(lang, "period_never")
    start = ctx.date(lang, period.start)
    if period.upcoming:
        return ctx.word(lang, "period_upcoming", start=start)
    if period.until is None:
        return ctx.word(lang, "period_open", start=start)
    return ctx.word(lang, "period_range", start=start, until=ctx.date(lang, period.until))


def period_attrs(ctx: PageContext, version: Version, through: bool = True) -> str:
    """data-start and data-end (ISO days: the period's start and `through`, the last day
    it answers for, empty for the last period) and data-state; no days for a version that
    was never in force, which no day leads to. Without `through` (a version's own page), the
    end is the period's `until`: empty while the version is in force or upcoming, so that
    publishing an upcoming version leaves the page as it was (the script asks policy.json)."""
    period = ctx.record.period(version)
    state = f' data-state="{esc(ctx.record.status(version))}"'
    if period is None:
        return state
    last = period.through if through else period.until
    end = last.isoformat() if last else ""
    return f' data-start="{period.start.isoformat()}" data-end="{end}"' + state


def on_attrs(ctx: PageContext, lang: str, keys: tuple[str, ...], built: bool = True) -> str:
    """What the script needs to write an answer in `lang`: the words (`data-w-KEY`), the
    language's long date pattern and month names, and, with `built` (the version list, whose
    answer about an upcoming version says when the site was built), the build date. A
    version's page goes without: its answers need only its period (the example day of "not a
    date" is then the period's first)."""
    pattern, months = ctx.words.date_form(lang)
    words = "".join(f' data-w-{key.replace("_", "-")}="{_latin1(ctx.word(lang, key))}"' for key in keys)
    day = f' data-built="{ctx.record.build_date.date().isoformat()}"' if built else ""
    return f' data-pattern="{_latin1(pattern)}" data-months="{_latin1("|".join(months))}"{day}{words}'


def script_tag(page_url: str) -> str:
    return f'<script src="{esc(href(page_url, SCRIPT))}"></script>'


def _latin1(text: str) -> str:
    """`text` escaped for an attribute, each character beyond Latin-1 as a character reference:
    one curly quote in a word would otherwise make Python hold every archived page's whole
    HTML at two bytes a character (twice the build's memory for those pages at V=200)."""
    return "".join(c if ord(c) < 256 else f"&#{ord(c)};" for c in esc(text))
