"""A version's changes against the version before: its redline page (/versions/V/changes/),
and the body of changes that the compare page's chain repeats for every version."""

from __future__ import annotations

from collections.abc import Callable

from policykit.pages.context import PageContext, esc
from policykit.pages.page import Page, page_at
from policykit.pages.parts import (
    WHOLE,
    anchor_list,
    editorial_line,
    href,
    last_material_line,
    link,
    links_line,
    md,
    notice,
    print_line,
    translation_note,
)
from policykit.record.history import Version
from policykit.render.redline import redline_html

NEIGHBOURS_SCRIPT = "assets/javascripts/policy-redline-nav.js"


def _redline_unit(unit_id: str, label: str, body: str, lang: str = "", note: str = "") -> str:
    """One unit on a redline page: its label (a link) and its marked text, under its own id; a
    text in another language than the page's (the binding one, where the translation has not
    followed) says so with `lang` and a note in the page's language."""
    text = (
        f'<span class="policy-redline" lang="{lang}">{body}</span>'
        if lang
        else f'<span class="policy-redline">{body}</span>'
    )
    return f'<div class="policy-redline-unit" id="{unit_id}"><p>{label} {text}</p>{note}</div>'


def redline_page(ctx: PageContext, lang: str, version: Version) -> Page:
    """`version`'s changes in `lang`, each unit's redline under its label; out of search and
    of the navigation. Written of that version and the ones before it (`PageContext.as_of`)."""
    ctx = ctx.as_of(version)
    path = f"versions/{version.label}/changes/"
    return page_at(
        ctx,
        "redline",
        lang,
        path,
        _markdown(ctx, lang, version),
        version,
        searchable=False,
    )


def _markdown(ctx: PageContext, lang: str, version: Version) -> str:
    record = ctx.record
    url = ctx.url(lang, f"versions/{version.label}/changes/")
    here = ctx.url(lang, f"versions/{version.label}/")
    previous = record.previous(version)
    out = [WHOLE + f"# {md(ctx.word(lang, 'redline_title', version=version.label))}", ""]
    dates = (
        f"{esc(ctx.word(lang, 'published'))} {esc(ctx.date(lang, version.published))} · "
        f"{esc(ctx.word(lang, 'effective'))} {esc(ctx.date(lang, version.meta.effective))}"
    )
    links = [link(url, here, ctx.word(lang, "read_version", version=version.label), cls="policy-keep-anchor")]
    if previous:
        links.append(
            link(
                url,
                ctx.url(lang, f"versions/{previous.label}/"),
                ctx.word(lang, "read_version", version=previous.label),
                cls="policy-keep-anchor",
            )
        )
        lead = ctx.word(lang, "against", previous=previous.label)
    else:
        lead = ctx.word(lang, "first_version")
    links += neighbours(ctx, lang, url, version, previous)
    out += [
        print_line(ctx, url),
        "",
        notice(
            f"<p>{esc(lead)} {dates}</p>{editorial_line(ctx, lang, version)}"
            f"{last_material_line(ctx, lang, url, version, archived=True)}{links_line(links)}",
            "policy-version-notice",
        ),
        "",
        f'<script src="{esc(href(url, NEIGHBOURS_SCRIPT))}"></script>',
        "",
    ]
    if lang != ctx.auth:
        out += [translation_note(ctx, lang, url, f"versions/{version.label}/changes/"), ""]
    out += [f'<p class="policy-summary">{ctx.summary_html(version, lang)}</p>', ""]
    if previous is None:
        return "\n".join(out) + "\n"
    out += changes_body(ctx, lang, version, url, lambda text: f"## {md(text)}")
    return "\n".join(out) + "\n"


def neighbours(ctx: PageContext, lang: str, url: str, version: Version, previous: Version | None) -> list[str]:
    """The links to the previous version's redline (known when this page is built) and to the
    next one's. An archived page must not name the next version, which did not exist when it
    was built (it would change with every version published): without script the link goes to
    the list of versions, and NEIGHBOURS_SCRIPT makes it "Next: changes in version X" from
    /policy.json, or takes it away on the last version's page."""
    out = []
    if previous is not None:
        target = href(url, ctx.url(lang, f"versions/{previous.label}/changes/"))
        words = ctx.word(lang, "redline_previous", version=previous.label)
        out.append(f'<a href="{esc(target)}" rel="prev" class="policy-previous-redline">{md(words)}</a>')
    versions = href(url, ctx.url(lang, "versions/"))
    template = ctx.word(lang, "redline_next", version="{version}")  # the script fills in the label
    out.append(
        f'<a href="{esc(versions)}" class="policy-next-redline" data-version="{esc(version.label)}"'
        f' data-json="{esc(href(url, "policy.json"))}" data-w-next="{esc(template)}">{md(ctx.word(lang, "redline_later"))}</a>'
    )
    return out


def _redline_language(
    ctx: PageContext, version: Version, lang: str, unit_id: str, previous: Version | None = None
) -> str:
    """The language of the text a redline shows for a unit on a page in `lang`: the page's, or
    the binding one where the translation lacks the unit, or (a change, `previous` given) where
    the translation did not follow the change (`PageContext.redline` then marks the binding text)."""
    if (
        previous is not None
        and lang != ctx.auth
        and ctx.unit_raw(previous, lang, unit_id) == ctx.unit_raw(version, lang, unit_id)
    ):
        return ctx.auth
    text, shown = ctx.text_of(version, lang)
    unit = text.find(unit_id)
    return unit.stand_in if unit is not None and unit.stand_in else shown


def _stand_in(ctx: PageContext, lang: str, shown: str) -> tuple[str, str]:
    """(lang attribute, note) for a redline whose text is in `shown` on a page in `lang`."""
    if shown == lang:
        return "", ""
    note = esc(ctx.word(lang, "untranslated_note", language=ctx.words.language(lang, shown)))
    return esc(shown), f'<p class="policy-untranslated">{note}</p>'


def changes_body(
    ctx: PageContext, lang: str, version: Version, url: str, heading: Callable[[str], str], prefix: str = ""
) -> list[str]:
    """The lines of `version`'s changes against the version before, in `lang`, for the page
    at `url`: a heading per kind of change (`heading(word)` writes it), then each unit's
    redline under its label. `prefix` goes before every id, for a page that shows several
    versions' changes (the compare page's chain)."""
    record = ctx.record
    here = ctx.url(lang, f"versions/{version.label}/")
    previous = record.previous(version)
    assert previous is not None  # the first version has no changes to show
    changes = record.changes[version.label]
    # The redline page and the compare page's chain show the same redlines: made once.
    bodies = ctx.recent_of("redline bodies")
    out: list[str] = []
    sections = [("changed", changes.changed), ("added", changes.added), ("removed", changes.removed)]
    for key, ids in sections:
        if not ids:
            continue
        out += [heading(ctx.word(lang, key)), ""]
        for unit_id in ids:
            target = here if key != "removed" else ctx.url(lang, f"versions/{previous.label}/")
            label = link(url, target, ctx.label(lang, unit_id, start=True), anchor=unit_id, cls="policy-label")
            body = bodies.get((lang, version.label, key, unit_id))
            if body is None:
                if key == "changed":
                    body = ctx.redline(previous, version, lang, unit_id)
                elif key == "added":
                    body = redline_html("", ctx.unit_raw(version, lang, unit_id) or "")
                else:
                    body = redline_html(ctx.unit_raw(previous, lang, unit_id) or "", "")
                bodies[(lang, version.label, key, unit_id)] = body
            shown = _redline_language(
                ctx, previous if key == "removed" else version, lang, unit_id, previous if key == "changed" else None
            )
            out += [_redline_unit(prefix + unit_id, label, body, *_stand_in(ctx, lang, shown)), ""]
    if changes.moved:
        out += [heading(ctx.word(lang, "moved")), ""]
        for old, new in changes.moved.items():
            target = link(url, here, ctx.label(lang, new), anchor=new)
            out += [
                f'<p class="policy-moved" id="{prefix}{old}">{esc(ctx.label(lang, old))}: '
                f"{ctx.phrase(lang, 'moved_to', target=target)}</p>",
                "",
            ]
    if changes.whitespace:
        out += [
            heading(ctx.word(lang, "whitespace")),
            "",
            f"<p>{anchor_list(ctx, url, here, changes.whitespace, lang)}</p>",
            "",
        ]
    for other, ids in changes.translated.items():
        if lang != other:
            continue
        out += [heading(ctx.word(lang, "translated", language=ctx.words.language(lang, other))), ""]
        for unit_id in ids:
            label = link(url, here, ctx.label(lang, unit_id, start=True), anchor=unit_id, cls="policy-label")
            body = bodies.get((lang, version.label, "translated", unit_id))
            if body is None:
                body = bodies[(lang, version.label, "translated", unit_id)] = redline_html(
                    ctx.unit_raw(previous, lang, unit_id) or "", ctx.unit_raw(version, lang, unit_id) or ""
                )
            out += [_redline_unit(prefix + unit_id, label, body), ""]
    for other in changes.new_languages:
        name = ctx.words.language(lang, other)
        out += [
            heading(ctx.word(lang, "new_language", language=name)),
            "",
            f"<p>{link(url, ctx.url(other, f'versions/{version.label}/'), name, lang=other)}</p>",
            "",
        ]
    if changes.empty or not out:  # nothing at all, or nothing in this language (another's translation)
        out += [f"<p>{esc(ctx.word(lang, 'no_changes'))}</p>", ""]
    return out
