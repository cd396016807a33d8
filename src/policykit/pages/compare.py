"""Any two versions compared: the page `/compare/?from=A&to=B` and its data, `/compare.json`.

There is one compare page per language, not one per pair (V² pages): the reader's browser
compares the two versions the address names (theme/assets/javascripts/policy-compare.js), with
the redline of policy-redline.js, which agrees with redline.py. Its data is one file for every
language, written once per build at the site's root (`compare_json`): every distinct unit text
once, and per version which text each unit has in each language.

Without JavaScript (and until the script has run) the page shows the chain of single-version
redlines, oldest first, as /versions/V/changes/ shows each (`changes_body`), under a note that
says the script compares any two; the script hides the chain when it shows its result. The
chain holds the last `CHAIN_EMBEDDED` versions' redlines, and links the redline pages of the
ones before: embedded whole, it grew with the history (2.17 MB of HTML at 106 versions). Its
words reach the script in data-* attributes of the page: never written in the script.

The text in force and the changelog offer "what changed since the version you accepted"
(`since_form`): a plain GET form to this page, `?from=A&to=<in force>`.
"""

from __future__ import annotations

import json

from policykit.pages.bar import compare_bar
from policykit.pages.context import PageContext, esc
from policykit.pages.page import Page, page_at
from policykit.pages.parts import WHOLE, href, link, links_line, md, notice, print_line, translation_note
from policykit.pages.version_changes import changes_body
from policykit.record.history import Version
from policykit.text.model import Unit

#: How many versions' redlines the page embeds for a reader without script, the newest: five
#: covers a reader who accepted any of the last five versions (for a policy that changes a few
#: times a year, the last year or more) on the page itself, and the story's whole history; the
#: page then weighs about five redline pages however long the history is (a version that
#: rewords every clause is ~100 kB of redline), and each earlier version is one link to its
#: own redline page.
CHAIN_EMBEDDED = 5

#: The catalogue words the script shows, as data-* attributes (`data-compare-heading`, ...).
SCRIPT_WORDS = (
    "compare_heading",
    "compare_dates",
    "compare_material",
    "compare_editorial",
    "compare_moved_from",
    "compare_unchanged",
    "compare_not_in_language",
    "compare_unknown",
    "compare_versions_link",
    "compare_order",
    "compare_equal",
    "compare_current",
    "compare_failed",
    "compare_choose",
    "read_version",
    "changed",
    "added",
    "removed",
    "moved",
    "translated",
    "no_changes",
    "preamble",
    "untranslated_note",
    "compare_summary",
    "compare_between",
    "redline_title",
)


def compared_versions(ctx: PageContext) -> list[Version]:
    """The versions a reader may compare: every published one, upcoming ones too (not the preview)."""
    return [v for v in ctx.record.versions if v.commit]


def compare_page(ctx: PageContext, lang: str) -> Page:
    """The compare page: it loads its scripts (theme/main.html) and stays out of search and of
    the navigation."""
    return page_at(
        ctx,
        "compare",
        lang,
        "compare/",
        _markdown(ctx, lang),
        searchable=False,
        loads_compare=True,
    )


def _markdown(ctx: PageContext, lang: str) -> str:
    url = ctx.url(lang, "compare/")
    versions = compared_versions(ctx)
    in_force = ctx.record.in_force
    attributes = {
        "json": href(url, "compare.json"),
        "versions": href(url, ctx.url(lang, "versions/")),
        "lang": lang,
        "auth": ctx.auth,
        "lang-name": ctx.words.language(lang, lang),
        "auth-name": ctx.words.language(lang, ctx.auth),
        "current": in_force.label if in_force is not None and any(v is in_force for v in versions) else "",
        **{key.replace("_", "-"): ctx.word(lang, key) for key in SCRIPT_WORDS},
    }
    data = (
        '<div class="policy-compare" id="policy-compare" hidden '
        + " ".join(f'data-{name}="{esc(value)}"' for name, value in attributes.items())
        + '><div class="policy-compare-message"></div><div class="policy-compare-result"></div></div>'
    )
    bar = ctx.blocks.issue(compare_bar(ctx, lang, url, versions))
    out = [WHOLE + f"# {md(ctx.word(lang, 'compare_title'))}", "", bar, "", print_line(ctx, url), ""]
    if lang != ctx.auth:
        out += [translation_note(ctx, lang, url, "compare/"), ""]
    out += [compare_form(ctx, lang, versions), "", data, ""]
    chain = ['<div class="policy-compare-chain">'] + chain_steps(ctx, lang, url, versions) + ["</div>"]
    # The chain is HTML the generator wrote whole (escaped where written): it goes in as one
    # block after conversion (render/prerendered.py), not through Markdown's HTML parser, which
    # took seconds over the hundreds of kilobytes of a long history's chain.
    out += [ctx.blocks.issue("\n".join(line for line in chain if line)), ""]
    return "\n".join(out) + "\n"


def compare_form(ctx: PageContext, lang: str, versions: list[Version]) -> str:
    """The two lists of versions, sent to the page itself (GET): it works without script,
    which then shows the chain, and the script reads the pair from the address."""
    in_force = ctx.record.in_force
    first = versions[0] if versions else None

    def options(selected: Version | None) -> str:
        out = []
        for version in reversed(versions):
            effective = ctx.date(lang, version.meta.effective)
            status = ctx.record.status(version)
            state = f" · {ctx.word(lang, 'state_' + status)}" if status in ("current", "upcoming") else ""
            chosen = " selected" if version is selected else ""
            out.append(
                f'<option value="{esc(version.label)}" data-effective="{esc(effective)}"{chosen}>'
                f"{esc(version.label)} · {esc(effective)}{esc(state)}</option>"
            )
        return "".join(out)

    fields = []
    for name, selected in (("from", first), ("to", in_force)):
        fields.append(
            f'<p><label for="policy-compare-{name}">{esc(ctx.word(lang, "compare_" + name))}</label> '
            f'<select id="policy-compare-{name}" name="{name}">{options(selected)}</select></p>'
        )
    button = f'<button type="submit" class="policy-compare-submit">{esc(ctx.word(lang, "compare_submit"))}</button>'
    return f'<form class="policy-compare-form" method="get" action="./">{"".join(fields)}<p>{button}</p></form>'


def chain_steps(ctx: PageContext, lang: str, url: str, versions: list[Version]) -> list[str]:
    """The chain for a reader without script: the last `CHAIN_EMBEDDED` versions' redlines,
    after a list of links to the redline pages of the versions before them."""
    older, embedded = versions[:-CHAIN_EMBEDDED], versions[-CHAIN_EMBEDDED:]
    if not older:
        out = [notice(f"<p>{esc(ctx.word(lang, 'compare_chain_note'))}</p>", "policy-notice")]
    else:
        # Each earlier version a label and its date, a short line of them (200 versions take a
        # screen, not 200 lines), before the redlines of the last ones.
        items = "".join(
            "<li>"
            + link(url, ctx.url(lang, f"versions/{v.label}/changes/"), v.label)
            + f' <span class="policy-compare-older-date">({esc(ctx.date(lang, v.meta.effective))})</span></li>'
            for v in older
        )
        out = [
            notice(f"<p>{esc(ctx.word(lang, 'compare_chain_recent', count=len(embedded)))}</p>", "policy-notice"),
            f'<h2 id="policy-compare-earlier">{esc(ctx.word(lang, "compare_chain_earlier"))}</h2>',
            f'<ol class="policy-compare-older">{items}</ol>',
        ]
    for version in embedded:
        out += chain_step(ctx, lang, url, version)
    return out


def since_form(ctx: PageContext, lang: str, page_url: str, place: str = "") -> str:
    """The question "what changed since the version you accepted?": the versions before the one
    in force, newest first, in a GET form to the compare page (`?from=A&to=<in force>`), which works
    without script (the page then shows its chain). Empty when nothing came before.

    `place` names one of two copies on a notice that folds its details: "wide" is shown from
    45em, "narrow" (inside the fold) below it, so that on a phone the policy's text still starts
    on the first screen. CSS hides the other copy entirely (display: none), so a reader, a screen
    reader and the Tab key meet one form."""
    in_force = ctx.record.in_force
    versions = compared_versions(ctx)
    at = next((n for n, v in enumerate(versions) if v is in_force), 0)
    if in_force is None or not at:
        return ""
    options = "".join(
        f'<option value="{esc(v.label)}">{esc(v.label)} · {esc(ctx.date(lang, v.meta.effective))}</option>'
        for v in reversed(versions[:at])
    )
    select = f"policy-since-from-{place}" if place else "policy-since-from"
    return (
        f'<form class="policy-since{f" policy-since--{place}" if place else ""}" method="get"'
        f' action="{esc(href(page_url, ctx.url(lang, "compare/")))}">'
        f'<label for="{select}">{esc(ctx.word(lang, "since_label"))}</label> '
        f'<select id="{select}" name="from">{options}</select>'
        f'<input type="hidden" name="to" value="{esc(in_force.label)}"> '
        f'<button type="submit" class="policy-compare-submit">{esc(ctx.word(lang, "since_submit"))}</button></form>'
    )


def chain_step(ctx: PageContext, lang: str, url: str, version: Version) -> list[str]:
    """One version's changes against the one before, as on /versions/V/changes/ (its ids
    prefixed with `vLABEL-`: the chain shows every version on one page)."""
    label = version.label
    prefix = f"v{label}-"
    previous = ctx.record.previous(version)
    dates = (
        f"{esc(ctx.word(lang, 'published'))} {esc(ctx.date(lang, version.published))} · "
        f"{esc(ctx.word(lang, 'effective'))} {esc(ctx.date(lang, version.meta.effective))}"
    )
    links = [
        link(url, ctx.url(lang, f"versions/{label}/changes/"), ctx.word(lang, "redline_link")),
        link(url, ctx.url(lang, f"versions/{label}/"), ctx.word(lang, "read_version", version=label)),
    ]
    lead = ctx.word(lang, "against", previous=previous.label) if previous else ctx.word(lang, "first_version")
    out = [
        f'<h2 id="v{esc(label)}">{esc(ctx.word(lang, "redline_title", version=label))}</h2>',
        "",
        f'<p class="policy-dates">{esc(lead)} {dates}</p>',
        "",
        links_line(links),
        "",
        f'<p class="policy-summary">{ctx.summary_html(version, lang)}</p>',
        "",
    ]
    if previous is not None:
        out += changes_body(ctx, lang, version, url, lambda text: f"<h3>{esc(text)}</h3>", prefix)
    return out


def compare_json(ctx: PageContext) -> str:
    """The compare page's data, for every language (one file at the site's root):

        {"authoritative": "sv", "current": "1.3", "languages": ["sv", "en"],
         "labels": {unit id: "1 a"}, "texts": [every distinct unit text, once],
         "versions": [{"version", "effective", "material", "moved": {old: new},
                       "summary": {lang: what the version says it changed},
                       "ids": [...] | "drop": [...], "add": [[position, id], ...],
                       "langs": {lang: {unit id: text index | null}}}],
         "chars": the redline's character classes (redline_tables.tables())}

    Each version says only what differs from the version before it, so that a long history
    stays small: its unit ids in document order as a whole list ("ids": the first version,
    or when the order changed otherwise) or as the ids dropped and those added at their
    position in the new list; and, per language it has, the units whose text index differs
    (every unit, for a language the version before lacked). A language a version lacks is
    not in its `langs`; a unit the language lacks has null. A unit's text is what the
    single-version redline compares (`unit_raw`: `unit.compared`); the preamble's label is
    the page's word, not in `labels`."""
    from policykit.render.redline_tables import tables

    record = ctx.record
    texts: list[str] = []
    index: dict[str, int] = {}
    # Versions share the units of unchanged sections, and most units keep their Markdown:
    # each unit, and each distinct Markdown, is made a reader's text once.
    by_unit: dict[int, int] = {}  # id(unit) -> text index
    by_source: dict[tuple, int] = {}  # (kind, title, own Markdown) -> text index
    by_section: dict[int, dict[str, int]] = {}  # id(section) -> its units' text indices

    def text_index(unit: Unit) -> int:
        found = by_unit.get(id(unit))
        if found is None:
            source = (unit.kind, unit.title, "\n".join(unit.lines))
            found = by_source.get(source)
            if found is None:
                text = unit.compared
                found = index.get(text)
                if found is None:
                    found = index[text] = len(texts)
                    texts.append(text)
                by_source[source] = found
            by_unit[id(unit)] = found
        return found

    versions, seen = [], {}
    before_ids: list[str] = []
    before_rows: dict[str, dict[str, int | None]] = {}
    for version in compared_versions(ctx):
        present = version.policy.texts
        auth = version.meta.authoritative if version.meta.authoritative in present else ctx.auth
        ids = list(present[auth].by_id) if auth in present else []
        seen.update(dict.fromkeys(ids))
        entry: dict[str, object] = {
            "version": version.label,
            "effective": version.meta.effective.isoformat() if version.meta.effective else None,
            "material": record.material.get(version.label, True),
            "moved": record.changes[version.label].moved,
            "summary": {lang: text for lang, text in version.meta.summary.items() if lang in ctx.languages and text},
        }
        entry.update(_ids_delta(before_ids, ids))
        langs, rows = {}, {}
        for lang in ctx.languages:
            if lang not in present:
                continue
            found: dict[str, int] = {}
            for section in present[lang].sections:
                indices = by_section.get(id(section))
                if indices is None:
                    indices = by_section[id(section)] = {u.id: text_index(u) for u in section.walk()}
                found.update(indices)
            row = rows[lang] = {unit_id: found.get(unit_id) for unit_id in ids}
            old = before_rows.get(lang)
            langs[lang] = row if old is None else {k: v for k, v in row.items() if k not in old or old[k] != v}
        entry["langs"] = langs
        versions.append(entry)
        before_ids, before_rows = ids, rows
    labels = {unit_id: ctx.label(ctx.default, unit_id) for unit_id in seen if unit_id != "s0"}
    in_force = record.in_force
    data = {
        "authoritative": ctx.auth,
        "current": in_force.label if in_force and in_force.commit else None,
        "languages": ctx.languages,
        "labels": labels,
        "texts": texts,
        "versions": versions,
        "chars": tables(),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _ids_delta(before: list[str], after: list[str]) -> dict:
    """`after` as the ids dropped from `before` and those added (at their position in `after`),
    or whole when that does not make it (the first version; an order that changed otherwise)."""
    if not before:
        return {"ids": after}
    old, new = set(before), set(after)
    kept = [i for i in before if i in new]
    if kept != [i for i in after if i in old]:
        return {"ids": after}
    delta: dict[str, list] = {}
    drop = [i for i in before if i not in new]
    add = [[at, i] for at, i in enumerate(after) if i not in old]
    if drop:
        delta["drop"] = drop
    if add:
        delta["add"] = add
    return delta
