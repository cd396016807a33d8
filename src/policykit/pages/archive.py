"""An archived version's page: its whole text, saying whether it applies, with each unit's
history up to it."""

from __future__ import annotations

from urllib.parse import quote

from policykit.pages.bar import version_bar
from policykit.pages.citation import print_head
from policykit.pages.context import PageContext, esc
from policykit.pages.missed import missed_note
from policykit.pages.page import Page, page_at
from policykit.pages.parts import (
    editorial_line,
    href,
    last_material_line,
    link,
    links_line,
    md,
    more,
    not_in_language,
    notice,
    same_place,
    translation_note,
)
from policykit.pages.periods import on_attrs, period_attrs, script_tag
from policykit.pages.unit_history import UnitHistory
from policykit.record.archived import unlink_text
from policykit.record.history import Version
from policykit.render.markdown import Annotations, document_markdown


def status_line(ctx: PageContext, lang: str, version: Version) -> str:
    record = ctx.record
    status = record.status(version)
    effective = ctx.date(lang, version.meta.effective)
    if status == "current":
        return ctx.word(lang, "status_current", effective=effective)
    if status == "upcoming":
        return ctx.word(
            lang,
            "status_upcoming",
            version=version.label,
            effective=effective,
            current=record.in_force.label if record.in_force else "?",
        )
    if status == "preview":
        return ctx.word(lang, "status_preview", version=version.label)
    if status == "superseded":
        replacing = record.replaced_by(version)
        assert replacing is not None  # a superseded version was replaced
        key = "status_superseded"
        if record.same_day(version):  # "took effect" or, while it is upcoming, "takes effect"
            key = "status_same_day_upcoming" if record.status(replacing) == "upcoming" else "status_same_day"
        return ctx.word(lang, key, version=version.label, next=replacing.label, effective=effective)
    following = record.successor(version)
    if following is None:
        return ctx.word(lang, "status_past_unknown", version=version.label)
    return ctx.word(
        lang,
        "status_past",
        version=version.label,
        effective=effective,
        next=following.label,
        next_effective=ctx.date(lang, following.meta.effective),
    )


def on_day(ctx: PageContext, lang: str, version: Version, url: str) -> str:
    """Where policy-versions.js says, for `?on=DAY` (the version list sends readers here),
    that this is the text in force on that day, after checking it against this version's
    period; or that it was not, with a link back to the list's answer. A period still open
    here (the version in force, an upcoming one) has no end on the page: whether a later
    version takes over by the day is read from /policy.json."""
    keys = ("on_was", "on_is", "on_will", "on_not_this", "on_which", "on_not_a_date")
    return (
        f'<p class="policy-on-day" hidden{period_attrs(ctx, version, through=False)}'
        f' data-json="{esc(href(url, "policy.json"))}"{on_attrs(ctx, lang, keys, built=False)}></p>'
    )


def archive_page(ctx: PageContext, lang: str, version: Version) -> Page:
    """`version`'s text in `lang` (or the binding language's, which says so), out of search
    and of the navigation; its <title> names the version. Written of that version and the ones
    before it (`PageContext.as_of`), and of its status and period."""
    ctx = ctx.as_of(version)
    path = f"versions/{version.label}/"
    shown = ctx.text_of(version, lang)[1]
    return page_at(
        ctx,
        "archive",
        lang,
        path,
        _markdown(ctx, lang, version),
        version,
        title=archive_title(ctx, lang, version),
        text_lang=shown if shown != lang else None,
        searchable=False,
    )


def archive_title(ctx: PageContext, lang: str, version: Version) -> str:
    """The browser tab and bookmarks name the version: "Integritetspolicy, version 1.0"
    (theme/main.html uses `policy_title` as the whole <title>). The catalogue writes the
    whole title: lower-casing the heading's word would make German's noun look English."""
    return ctx.word(lang, "archive_title", title=ctx.title(version, lang), version=version.label)


def _markdown(ctx: PageContext, lang: str, version: Version) -> str:
    url = ctx.url(lang, f"versions/{version.label}/")
    text, shown = ctx.text_of(version, lang)
    text = unlink_text(text, version.unlinked.get(shown))  # what MkDocs would warn about (archived.py)
    status = ctx.record.status(version)
    links = [link(url, ctx.url(lang), ctx.word(lang, "read_current"), cls="policy-keep-anchor")]
    links.append(
        link(
            url,
            ctx.url(lang, f"versions/{version.label}/changes/"),
            ctx.word(lang, "redline_link"),
            cls="policy-keep-anchor",
        )
    )
    links += [same_place(ctx, lang, url, other) for other in neighbours(ctx, version)]
    compare = compare_with_current(ctx, lang, url, version)
    if compare:
        links.append(compare)
    digest = version.sha256.get(shown)
    check = (
        f'<p class="policy-sha256">{esc(ctx.word(lang, "sha256", language=ctx.words.language(lang, shown)))} '
        f"<code>{digest}</code> ({link(url, ctx.url(lang, 'verify/'), ctx.word(lang, 'verify_link'))})</p>"
        if digest
        else ""
    )
    # Compact on a phone: the bar above says the version, its period and status; the notice
    # answers `?on=` and links, and folds the whole story of the version away.
    applies = (
        f"<p><strong>{esc(ctx.word(lang, 'archive_subtitle', version=version.label))}.</strong> "
        f"{esc(status_line(ctx, lang, version))}</p>"
    )
    inner = (
        on_day(ctx, lang, version, url)
        + links_line(links)
        + more(
            ctx,
            lang,
            version,
            applies
            + editorial_line(ctx, lang, version)
            + last_material_line(ctx, lang, url, version, archived=True)
            + check,
        )
    )
    header = [
        version_bar(ctx, lang, url, version),
        print_head(ctx, lang, version, url),
        notice(inner, f"policy-version-notice policy-version-notice--{status}"),
        script_tag(url),
        missed_note(ctx, lang, url, version),  # a #fragment this version lacks (pages/missed.py)
    ]
    if lang != ctx.auth and shown == lang:
        header.append(translation_note(ctx, lang, url, f"versions/{version.label}/"))
    if shown != lang:
        header.append(not_in_language(ctx, lang, shown))
    # Each unit's history up to this version (a later change is not part of this text's record).
    notes = Annotations(
        history=UnitHistory(ctx).history_of(version, lang, url, text, compact=True),
        lead=UnitHistory(ctx).preamble_lead(lang, text),
    )
    note = UnitHistory(ctx).history_note(version, lang, text, notes.history)
    return document_markdown(
        text,
        ctx.title(version, lang),
        notes,
        header + ([note] if note else []),
        sections=ctx.sections,
        blocks=ctx.blocks,
    )


def neighbours(ctx: PageContext, version: Version) -> list[Version]:
    """The versions next to `version` in history whose pages the notice links, the same place
    in each: the one before, always; the one after once `version` is past or was never in
    force (by then the next version is published and can never change). A version in force,
    or still to be, names no later one: its page would change when one is published and
    again when it takes effect."""
    published = ctx.record.versions
    if version not in published:
        return []
    at = published.index(version)
    later = published[at + 1 : at + 2] if ctx.record.status(version) in ("past", "superseded") else []
    return [other for other in published[max(at - 1, 0) : at] + later if other.commit]


def compare_with_current(ctx: PageContext, lang: str, url: str, version: Version) -> str:
    """ "Compare with the version in force": from this version to it (from it, if upcoming)."""
    in_force = ctx.record.in_force
    if in_force is None or version is in_force or not version.commit or version not in ctx.record.versions:
        return ""
    pair = (version, in_force) if ctx.record.status(version) != "upcoming" else (in_force, version)
    query = (
        "?from="
        + quote(pair[0].label, safe="")
        + ("" if pair[1] is in_force else "&to=" + quote(pair[1].label, safe=""))
    )
    return (
        f'<a href="{esc(href(url, ctx.url(lang, "compare/")) + query)}">'
        f"{md(ctx.word(lang, 'compare_with_current'))}</a>"
    )
