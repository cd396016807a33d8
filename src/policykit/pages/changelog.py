"""The changelog (every version, newest first, with its clause-level changes and the
timeline) and the version list (a table)."""

from __future__ import annotations

from policykit.pages.compare import since_form
from policykit.pages.context import PageContext, esc
from policykit.pages.page import Page, page_at
from policykit.pages.parts import WHOLE, anchor_list, editorial_line, link, links_line, md
from policykit.pages.periods import on_attrs, period_attrs, period_text, script_tag
from policykit.pages.timeline import timeline_html
from policykit.record.changes import Changes
from policykit.record.history import Version


def changelog_page(ctx: PageContext, lang: str) -> Page:
    """Every version, newest first, with its clause-level changes and the timeline; in search
    and in the navigation."""
    return page_at(
        ctx,
        "changelog",
        lang,
        "changes/",
        changelog(ctx, lang),
        in_nav=True,
    )


def version_list_page(ctx: PageContext, lang: str) -> Page:
    """The version list; in search and in the navigation."""
    return page_at(
        ctx,
        "versions",
        lang,
        "versions/",
        version_list(ctx, lang),
        in_nav=True,
    )


def changelog(ctx: PageContext, lang: str) -> str:
    record = ctx.record
    url = ctx.url(lang, "changes/")
    out = [WHOLE + f"# {md(ctx.word(lang, 'changes_title'))}", ""]
    # The history as a picture: one line of raw HTML (a block: <div><svg>), blank lines around.
    out += [timeline_html(record, lang, ctx.words), ""]
    out += [links_line([link(url, ctx.url(lang, "compare/"), ctx.word(lang, "compare_title"))]), ""]
    out += [since_form(ctx, lang, url), ""]  # "what changed since the version you accepted?"
    for version in reversed(record.all_versions):
        status = record.status(version)
        out += [f'## {md(ctx.word(lang, "version"))} {md(version.label)} {{: id="v{esc(version.label)}" }}', ""]
        state = ctx.word(lang, record.state_key(version))
        facts = [esc(state[:1].upper() + state[1:])]
        if version.published:
            facts.append(f"{esc(ctx.word(lang, 'published'))} {esc(ctx.date(lang, version.published))}")
        facts.append(f"{esc(ctx.word(lang, 'effective'))} {esc(ctx.date(lang, version.meta.effective))}")
        out += [f'<p class="policy-dates policy-dates--{status}">{" · ".join(facts)}</p>', ""]
        editorial = editorial_line(ctx, lang, version)
        if editorial:
            out += [editorial, ""]
        out += [f'<p class="policy-summary">{ctx.summary_html(version, lang)}</p>', ""]
        target = ctx.url(lang) if version is record.current else ctx.url(lang, f"versions/{version.label}/")
        changes = record.changes[version.label]
        if record.previous(version) is not None:
            items = change_items(ctx, lang, url, target, version, changes)
            if items:
                out += ["<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>", ""]
        if version.commit:
            links = [
                link(
                    url,
                    ctx.url(lang, f"versions/{version.label}/"),
                    ctx.word(lang, "read_version", version=version.label),
                ),
                link(url, ctx.url(lang, f"versions/{version.label}/changes/"), ctx.word(lang, "redline_link")),
            ]
            out += [links_line(links), ""]
    return "\n".join(out) + "\n"


def change_items(ctx: PageContext, lang: str, url: str, target: str, version: Version, changes: Changes) -> list[str]:
    items = []
    for key, ids in (("changed", changes.changed), ("added", changes.added)):
        if ids:
            items.append(f"{esc(ctx.word(lang, key))}: {anchor_list(ctx, url, target, ids, lang)}")
    if changes.moved:
        items.append(
            f"{esc(ctx.word(lang, 'moved'))}: "
            + ", ".join(
                f"{esc(ctx.label(lang, a))} → {link(url, target, ctx.label(lang, b), anchor=b)}"
                for a, b in changes.moved.items()
            )
        )
    if changes.removed:
        previous = ctx.record.previous(version)
        assert previous is not None  # a version that removed units had one before it
        items.append(
            f"{esc(ctx.word(lang, 'removed'))}: "
            + anchor_list(ctx, url, ctx.url(lang, f"versions/{previous.label}/"), changes.removed, lang)
        )
    for other, ids in changes.translated.items():
        items.append(
            f"{esc(ctx.word(lang, 'translated', language=ctx.words.language(lang, other)))}: "
            f"{anchor_list(ctx, url, target, ids, lang)}"
        )
    if changes.whitespace:
        items.append(f"{esc(ctx.word(lang, 'whitespace'))}: {anchor_list(ctx, url, target, changes.whitespace, lang)}")
    for other in changes.new_languages:
        items.append(esc(ctx.word(lang, "new_language", language=ctx.words.language(lang, other))))
    return items


def version_list(ctx: PageContext, lang: str) -> str:
    """The versions, newest first, each with its period in force; above the table, a form
    that asks which version was in force on a day (`?on=YYYY-MM-DD`): policy-versions.js
    answers it from the rows' periods, and without script the table does."""
    record = ctx.record
    url = ctx.url(lang, "versions/")
    head = [ctx.word(lang, k) for k in ("version", "published", "effective", "status", "period", "changes")]
    out = [
        WHOLE + f"# {md(ctx.word(lang, 'versions_title'))}",
        "",
        on_form(ctx, lang),
        "",
        # On a phone each row is a card, its cells named by data-label (policy.css).
        '<div class="policy-versions">',
        "<table>",
        "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    order = {id(p.version): i for i, p in enumerate(record.periods)}
    for version in reversed(record.versions):
        state = esc(ctx.word(lang, record.state_key(version)))
        if not record.material.get(version.label, True):
            state += f' <span class="policy-tag">{esc(ctx.word(lang, "editorial_short"))}</span>'
        cells = [
            link(url, ctx.url(lang, f"versions/{version.label}/"), version.label),
            esc(ctx.date(lang, version.published)),
            esc(ctx.date(lang, version.meta.effective)),
            state,
            esc(period_text(ctx, lang, version)),
            link(url, ctx.url(lang, f"versions/{version.label}/changes/"), ctx.word(lang, "redline_link")),
        ]
        data = f' data-version="{esc(version.label)}" data-href="{esc(version.label)}/"{period_attrs(ctx, version)}' + (
            f' data-order="{order[id(version)]}"' if id(version) in order else ""
        )
        out.append(
            f"<tr{data}>"
            + "".join(f'<td data-label="{esc(name)}">{cell}</td>' for name, cell in zip(head, cells))
            + "</tr>"
        )
    out += ["</tbody>", "</table>", "</div>", "", script_tag(url)]
    out += ["", links_line([link(url, ctx.url(lang, "compare/"), ctx.word(lang, "compare_title"))])]
    return "\n".join(out) + "\n"


def on_form(ctx: PageContext, lang: str) -> str:
    """The question, a GET form to this page; the sentence that says the table answers it
    without script; where the script writes its answer (a status, or an alert)."""
    keys = ("on_not_a_date", "on_before_first", "on_upcoming", "on_found", "on_open")
    return (
        f'<form class="policy-on-form" method="get" action="./">'
        f'<label for="policy-on-day">{esc(ctx.word(lang, "on_label"))}</label> '
        f'<input type="date" id="policy-on-day" name="on" required> '
        f'<button type="submit" class="md-button">{esc(ctx.word(lang, "on_button"))}</button></form>'
        f'<p class="policy-on-note">{esc(ctx.word(lang, "on_no_script"))}</p>'
        f'<div class="policy-on-answer" id="policy-on-answer" hidden{on_attrs(ctx, lang, keys)}></div>'
    )
