"""The page with the text in force: its banners (what changed since the version before, what
is coming), the marks on changed clauses, the landings of anchors that moved or went, and its
search entries, one per clause."""

from __future__ import annotations

import html

from policykit.pages.citation import print_head
from policykit.pages.compare import since_form
from policykit.pages.context import PageContext, esc
from policykit.pages.missed import missed_note
from policykit.pages.page import Page
from policykit.pages.parts import (
    anchor_list,
    editorial_line,
    last_material_line,
    link,
    links_line,
    more,
    not_in_language,
    notice,
    same_place,
    translation_note,
)
from policykit.pages.side_by_side import side_by_side_links
from policykit.pages.unit_history import UnitHistory
from policykit.record.changes import Changes
from policykit.record.history import Version
from policykit.record.versions import outdated_units
from policykit.render.markdown import Annotations, document_markdown

#: The weight of the policy's search entries: Material weighs a title 1000 times the text.
SEARCH_BOOST = 1000


def current_page(ctx: PageContext, lang: str, page_url: str) -> Page:
    """The text in force in `lang`, for the page at `page_url` (from the site's root: where
    MkDocs put docs/LANG/index.md, or the generator's own page there). Its search entries stand
    for it in the index when it is below the language's root."""
    prefix = ctx.url(lang)
    path = page_url[len(prefix) :] if page_url.startswith(prefix) else None
    text, shown = ctx.text_of(ctx.record.current, lang)
    return Page(
        "current",
        lang,
        page_url if path is None else path,
        page_url,
        _markdown(ctx, lang, page_url),
        ctx.inputs("current", lang, ctx.record.current) + (("url", page_url),),
        ctx.blocks,
        text_lang=shown if shown != lang else None,
        in_nav=True,
        search=None if path is None else tuple(search_entries(ctx, lang, path)),
    )


def _markdown(ctx: PageContext, lang: str, page_url: str) -> str:
    version = ctx.record.current
    text, shown = ctx.text_of(version, lang)
    header = [print_head(ctx, lang, version, page_url)] + banners(ctx, lang, page_url)
    beside = side_by_side_links(ctx, lang, page_url)  # the language notice leads to them
    header.append(missed_note(ctx, lang, page_url, version))  # a #fragment no version had (pages/missed.py)
    if lang != ctx.auth and shown == lang:  # a text shown in the binding language is no translation
        header.append(translation_note(ctx, lang, page_url, beside=beside))
    elif beside:  # the binding text is no translation: its notice names only the languages beside it
        header.append(f'<p class="policy-beside">{beside}</p>')
    if shown != lang:
        header.append(not_in_language(ctx, lang, shown))
    notes = unit_notes(ctx, lang, page_url)
    note = UnitHistory(ctx).history_note(version, lang, text, notes.history)
    return document_markdown(
        text,
        ctx.title(version, lang),
        notes,
        header + ([note] if note else []),
        sections=ctx.sections,
        blocks=ctx.blocks,
    )


def search_entries(ctx: PageContext, lang: str, location: str) -> list[dict]:
    """Search entries for the text in force on the page at `location`, one per clause
    and sub-clause (found at `#s5-c`, titled "5 c"), each section with its own text only,
    the page itself with the preamble: a search lands on the clause, not on the section
    around it. Titles are the bare labels, so that a word of a section's title does not
    lift every clause of the section (titles weigh most in Material's index). The policy
    is what readers search for: its entries weigh as much as another page's title, so a
    clause with the word comes before a heading of the editors' guide that has it. Titles
    and texts are plain text, escaped: Material shows them as HTML."""
    text, _ = ctx.text_of(ctx.record.current, lang)
    entries = []
    for unit in text.units():
        body = "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in unit.plain.split("\n\n") if part)
        if unit.kind == "preamble":
            entries.append({"location": location, "title": esc(ctx.title(ctx.record.current, lang)), "text": body})
        elif unit.kind == "section":
            heading = f"{unit.display_label}. {unit.title}" if unit.title else unit.display_label
            entries.append({"location": f"{location}#{unit.id}", "title": esc(heading), "text": body})
        else:
            entries.append({"location": f"{location}#{unit.id}", "title": esc(unit.display_label), "text": body})
    if not entries or entries[0]["location"] != location:  # the page's own entry comes first
        entries.insert(0, {"location": location, "title": esc(ctx.title(ctx.record.current, lang)), "text": ""})
    return [{**entry, "boost": SEARCH_BOOST} for entry in entries]


def banners(ctx: PageContext, lang: str, page_url: str) -> list[str]:
    record, version = ctx.record, ctx.record.current
    previous = record.previous(version)
    changes = record.changes[version.label]
    parts = []
    if not record.history.available:
        parts.append(f"<p>{esc(ctx.word(lang, 'banner_no_history'))}</p>")
    if version.preview:
        parts.append(f"<p><strong>{esc(ctx.word(lang, 'banner_preview', version=version.label))}</strong></p>")
    elif version.meta.effective:
        line = ctx.word(lang, "banner_version", version=version.label, effective=ctx.date(lang, version.meta.effective))
        parts.append(f"<p><strong>{esc(line)}</strong></p>")
    lead = ctx.word(lang, "banner_since", previous=previous.label) if previous else ctx.word(lang, "banner_first")
    parts.append(f"<p>{esc(lead)} {ctx.summary_html(version, lang)}</p>")
    # Compact on a phone: the version, what changed in a sentence, the links; the rest folds away.
    folded = [editorial_line(ctx, lang, version), last_material_line(ctx, lang, page_url, version)]
    if previous:
        folded += change_lines(ctx, lang, page_url, ctx.url(lang), changes)
        links = []
        if version.commit:  # an archive (and its redline) exists only for published versions
            links.append(
                link(page_url, ctx.url(lang, f"versions/{version.label}/changes/"), ctx.word(lang, "banner_redline"))
            )
        if previous.commit:
            links.append(same_place(ctx, lang, page_url, previous))
        links.append(link(page_url, ctx.url(lang, "changes/"), ctx.word(lang, "banner_all")))
        parts.append(links_line(links))
    # "What changed since the version you accepted?": in view, or on a phone inside the fold.
    parts.append(since_form(ctx, lang, page_url, "wide"))
    parts.append(more(ctx, lang, version, since_form(ctx, lang, page_url, "narrow") + "".join(folded)))
    kind = " policy-banner--preview" if version.preview else ""
    blocks = [notice("".join(parts), "policy-banner" + kind)]
    if record.upcoming and not version.preview:
        blocks.append(upcoming_banner(ctx, lang, page_url, record.upcoming[0]))
    return blocks


def change_lines(
    ctx: PageContext, lang: str, page_url: str, current_url: str, changes: Changes, removed_url: str | None = None
) -> list[str]:
    """The banner's lists; removed clauses link `removed_url` (where they still stand)."""
    lines = []
    for key, ids in (("banner_changed", changes.changed), ("banner_added", changes.added)):
        if ids:
            lines.append(f"<p>{esc(ctx.word(lang, key))} {anchor_list(ctx, page_url, current_url, ids, lang)}</p>")
    if changes.moved:
        moved = ", ".join(
            f"{esc(ctx.label(lang, a))} → " + link(page_url, current_url, ctx.label(lang, b), b)
            for a, b in changes.moved.items()
        )
        lines.append(f"<p>{esc(ctx.word(lang, 'banner_moved'))} {moved}</p>")
    if changes.removed:
        lines.append(
            f"<p>{esc(ctx.word(lang, 'banner_removed'))} "
            f"{anchor_list(ctx, page_url, removed_url or current_url, changes.removed, lang)}</p>"
        )
    return lines


def upcoming_banner(ctx: PageContext, lang: str, page_url: str, version: Version) -> str:
    lead = ctx.word(lang, "banner_upcoming", version=version.label, effective=ctx.date(lang, version.meta.effective))
    links = [
        link(
            page_url,
            ctx.url(lang, f"versions/{version.label}/"),
            ctx.word(lang, "banner_upcoming_text"),
            cls="policy-keep-anchor",
        ),
        link(page_url, ctx.url(lang, f"versions/{version.label}/changes/"), ctx.word(lang, "banner_redline")),
    ]
    changes = ctx.record.changes[version.label]
    target = ctx.url(lang, f"versions/{version.label}/")
    inner = (
        f"<p><strong>{esc(lead)}</strong> {ctx.summary_html(version, lang)}</p>"
        + links_line(links)
        + more(
            ctx,
            lang,
            version,
            editorial_line(ctx, lang, version)
            + "".join(change_lines(ctx, lang, page_url, target, changes, removed_url=ctx.url(lang))),
        )
    )
    return notice(inner, "policy-banner policy-banner--upcoming")


def unit_notes(ctx: PageContext, lang: str, page_url: str) -> Annotations:
    """Change marks with in-place redlines, the landings of anchors no longer live, every
    unit's history line and the preamble's permanent link."""
    record, version = ctx.record, ctx.record.current
    previous = record.previous(version)
    shown = ctx.text_of(version, lang)[0]
    notes = Annotations(
        history=UnitHistory(ctx).history_of(version, lang, page_url, shown),
        lead=UnitHistory(ctx).preamble_lead(lang, shown),
    )
    changes = record.changes[version.label]
    if previous:
        for unit_id in changes.changed:
            mark = esc(ctx.word(lang, "mark_changed", version=version.label))
            notes.notes.setdefault(unit_id, []).append(
                f'<details class="policy-change"><summary>{mark}</summary>'
                f'<p class="policy-redline">{ctx.redline(previous, version, lang, unit_id, context=12)}</p></details>'
            )
        for unit_id in changes.added:
            mark = esc(ctx.word(lang, "mark_added", version=version.label))
            notes.notes.setdefault(unit_id, []).append(f'<p class="policy-change policy-change--added">{mark}</p>')
    if record.upcoming and not version.preview:  # what will change, where it stands today
        coming = record.upcoming[0]
        changes = record.changes[coming.label]
        live = set(ctx.text_of(version, lang)[0].ids())
        when = ctx.date(lang, coming.meta.effective)
        for key, ids in (
            ("upcoming_change", changes.changed),
            ("upcoming_removal", changes.removed),
            ("upcoming_move", list(changes.moved)),
        ):
            for unit_id in (i for i in ids if i in live):
                target = changes.moved.get(unit_id, unit_id)
                to = link(
                    page_url,
                    ctx.url(lang, f"versions/{coming.label}/changes/"),
                    ctx.word(lang, "upcoming_change_link"),
                    anchor=target if key != "upcoming_move" else unit_id,
                )
                words = ctx.phrase(
                    lang,
                    key,
                    effective=esc(when),
                    version=esc(coming.label),
                    link=to,
                    target=esc(ctx.label(lang, target)),
                )
                notes.notes.setdefault(unit_id, []).append(f'<p class="policy-upcoming-change">{words}</p>')
    if lang != ctx.auth and lang in version.policy.texts:
        for unit_id in outdated_units(ctx.record, version, lang):
            to = link(page_url, ctx.url(ctx.auth), ctx.word(lang, "outdated_link"), anchor=unit_id, lang=ctx.auth)
            notes.notes.setdefault(unit_id, []).append(
                f'<p class="policy-outdated">{ctx.phrase(lang, "outdated", link=to)}</p>'
            )
    whole = {section.id for section in shown.sections if section.stand_in}  # one note says it
    for unit in shown.units():
        if unit.stand_in and unit.stand_in != lang and (unit.id in whole or unit.id.split("-")[0] not in whole):
            note = esc(ctx.word(lang, "untranslated_note", language=ctx.words.language(lang, unit.stand_in)))
            # the note is in the page's language, inside the stand-in's element
            notes.notes.setdefault(unit.id, []).append(f'<p class="policy-untranslated" lang="{esc(lang)}">{note}</p>')
    live_sections = {s.id for s in shown.sections}
    live = set(shown.ids())
    for fragment, target in version.meta.aliases.items():  # an imported page's old anchors
        if target in live and fragment not in record.landings and fragment not in live:
            notes.aliases.setdefault(target, []).append(fragment)
    moved_here: dict[str, list[str]] = {}
    for unit_id, landing in record.landings.items():
        if landing.kind == "moved" and landing.target is not None:
            moved_here.setdefault(landing.target, []).append(unit_id)
    for unit_id, landing in record.landings.items():
        label = ctx.label(lang, unit_id)
        if landing.kind == "moved":
            assert landing.target is not None  # a move names where it lands
            if landing.target in record.landings:  # moved, then removed: its note carries the id
                continue
            notes.aliases.setdefault(landing.target, []).append(unit_id)
            # the version whose changes name the move; else the first without the anchor (its
            # clause was later renumbered again, so the declaration now names a later place)
            moved_in = next((v for v, c in record.changes.items() if unit_id in c.moved), landing.removed_in)
            if moved_in:  # an anchor no version had (an old page's) lands without a note
                notes.notes.setdefault(landing.target, []).append(
                    f'<p class="policy-former">{esc(ctx.word(lang, "alias_note", version=moved_in, label=label))}</p>'
                )
            continue
        if landing.kind == "removed":
            to = link(
                page_url,
                ctx.url(lang, f"versions/{landing.last_in}/"),
                ctx.word(lang, "removed_link", version=landing.last_in),
                anchor=unit_id,
            )
            inner = ctx.phrase(lang, "removed_note", label=esc(label), version=esc(landing.removed_in or "?"), link=to)
            cls = "policy-removed"
        else:
            assert landing.upcoming is not None  # an upcoming anchor names its version
            upcoming = record.find(landing.upcoming)
            to = link(
                page_url,
                ctx.url(lang, f"versions/{landing.upcoming}/"),
                ctx.word(lang, "upcoming_link"),
                anchor=unit_id,
            )
            inner = ctx.phrase(
                lang,
                "upcoming_note",
                label=esc(label),
                version=esc(landing.upcoming),
                effective=esc(ctx.date(lang, upcoming.meta.effective if upcoming else None)),
                link=to,
            )
            cls = "policy-upcoming-unit"
        aliases = "".join(f'<span class="policy-alias" id="{a}"></span>' for a in moved_here.get(unit_id, []))
        block = f'<p class="{cls}" id="{unit_id}">{aliases}{inner}</p>'
        section = unit_id.split("-")[0]
        if section in live_sections and section != unit_id:
            notes.trailers.setdefault(section, []).append(block)
        else:
            notes.tail.append(block)
    return notes
