"""The public record for machines: `policy.json` (schema 1) and an Atom feed per language.

Both are built from the same record as the pages, and contain nothing from git but commit ids
and dates: no author or committer names or e-mail addresses. Output is deterministic (fixed
key order, no build timestamps beyond the versions' own dates) so that builds reproduce.
"""

from __future__ import annotations

import datetime as dt
import json
from xml.sax.saxutils import escape, quoteattr

from policykit.pages.context import PageContext
from policykit.pages.unit_history import placed, step_target
from policykit.record.history import Version
from policykit.record.moves import chain_end
from policykit.record.steps import Step
from policykit.record.versions import PUBLIC_STATUS, translation_outdated

SCHEMA = 1


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _published(version: Version) -> dt.datetime:
    assert version.published is not None  # a published version (one with a commit) has its date
    return version.published


def policy_json(pages: PageContext) -> str:
    record, languages, default = pages.record, pages.languages, pages.default
    in_force = record.in_force
    meta = (in_force or record.current).meta
    upcoming = record.upcoming[0].label if record.upcoming else None
    data = {
        "schema": SCHEMA,
        "authoritative": meta.authoritative,
        "languages": languages,
        "default_language": default,
        "current": in_force.label if in_force and in_force.commit else None,
        "upcoming": upcoming,
        "versions": [_version(pages, v) for v in record.versions if v.commit],
        "clauses": _clauses(pages, in_force or record.current),
        "moved": {old: chain_end(old, record.current.meta.moved) for old in record.current.meta.moved},
        "removed": {
            unit_id: landing.removed_in
            for unit_id, landing in record.landings.items()
            if landing.kind == "removed" and unit_id in record.current.meta.removed
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _version(pages: PageContext, version: Version) -> dict:
    changes = pages.record.changes[version.label]
    langs = [lang for lang in pages.languages if lang in version.policy.texts]
    return {
        "version": version.label,
        "effective": version.meta.effective.isoformat() if version.meta.effective else None,
        "until": _until(pages, version),
        "status": PUBLIC_STATUS[pages.record.status(version)],
        "published": iso_utc(_published(version)),
        "commit": version.commit,
        "summary": {lang: version.meta.summary[lang] for lang in langs if lang in version.meta.summary},
        "sha256": {lang: version.sha256[lang] for lang in langs},
        "url": {lang: "/" + pages.url(lang, f"versions/{version.label}/") for lang in langs},
        "changes": {
            "added": changes.added,
            "changed": changes.changed,
            "removed": changes.removed,
            "moved": changes.moved,
        },
        "material": pages.record.material.get(version.label, True),
    }


def _until(pages: PageContext, version: Version) -> str | None:
    """The last day `version` was in force (`Record.period`); None while it is (or is to be),
    or if it never was (replaced on or before its effective day)."""
    period = pages.record.period(version)
    return period.until.isoformat() if period and period.until else None


def _clauses(pages: PageContext, version: Version) -> list[dict]:
    record = pages.record
    auth = version.meta.authoritative
    texts = version.policy.texts
    histories = record.histories.get(version.label, {})
    result = []
    for unit in texts[auth].units():
        entry: dict[str, object] = {
            "id": unit.id,
            "label": "0" if unit.kind == "preamble" else unit.display_label,  # as the schema says
            "section": unit.id.split("-")[0],
            "url": {lang: "/" + pages.url(lang) + "#" + unit.id for lang in pages.languages if lang in texts},
            "text": {
                lang: found.plain
                for lang in pages.languages
                if lang in texts and (found := texts[lang].find(unit.id)) and not found.stand_in
            },
            "since": record.since.get(unit.id),
            "last_changed": record.last_changed.get(unit.id),
            "translation_outdated": {
                lang: translation_outdated(record, unit.id, lang, version.meta.reviewed.get(lang))
                for lang in pages.languages
                if lang != auth and lang in texts
            },
        }
        if unit.kind in ("section", "preamble") and unit.title:
            entry["title"] = {
                lang: found.title for lang in pages.languages if lang in texts and (found := texts[lang].find(unit.id))
            }
        entry["history"] = [_step(pages, step, at) for step, at in placed(unit.id, histories.get(unit.id, ()))]
        result.append(entry)
    return result


def _step(pages: PageContext, step: Step, at: str) -> dict:
    """One entry of a unit's history, linking where the site shows it (pages/unit_history.py)."""
    version = pages.record.find(step.version)
    target = step_target(pages.record, step, at)
    langs = step.languages if step.kind == "translated" else pages.languages
    entry: dict[str, object] = {
        "version": step.version,
        "kind": step.kind,
        "effective": version.meta.effective.isoformat() if version and version.meta.effective else None,
    }
    if step.kind == "moved":
        entry["from"] = step.source
    if step.kind == "translated":
        entry["languages"] = list(step.languages)
    entry["url"] = (
        {lang: "/" + pages.url(lang, target[0]) + "#" + target[1] for lang in pages.languages if lang in langs}
        if target
        else {}
    )
    return entry


def atom_feed(pages: PageContext, lang: str, site_url: str) -> str:
    """An Atom 1.0 feed of `lang`: one entry per published version, newest first."""
    record = pages.record
    versions = [v for v in record.versions if v.commit]
    base = site_url if site_url.endswith("/") else site_url + "/"
    feed_url = base + pages.url(lang, "feed.xml")
    title = pages.title(record.current, lang)
    updated = max((_published(v) for v in versions), default=record.build_date)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
        f"  <title>{escape(title)} – {escape(pages.words.text(lang, 'changes_title'))}</title>",
        f"  <id>{escape(feed_url)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + pages.url(lang, "changes/"))}/>',
        f"  <updated>{iso_utc(updated)}</updated>",
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for version in reversed(versions):
        out += _entry(pages, lang, base, version)
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _lang_attr(written: str, lang: str) -> str:
    """xml:lang on an element whose text stands in from another language than the feed's."""
    return "" if written == lang else f" xml:lang={quoteattr(written)}"


def _category(pages: PageContext, lang: str, material: bool) -> str:
    """Whether the version changes an obligation, for a feed reader to filter on: the term is
    "material" or "editorial" in every language (as policy.json's `material`), the label in the feed's."""
    term, key = ("material", "material_short") if material else ("editorial", "editorial_short")
    return f"    <category term={quoteattr(term)} label={quoteattr(pages.word(lang, key))}/>"


def _entry(pages: PageContext, lang: str, base: str, version: Version) -> list[str]:
    url = base + pages.url(lang, f"versions/{version.label}/")
    redline = base + pages.url(lang, f"versions/{version.label}/changes/")
    changes = pages.record.changes[version.label]
    effective = pages.date(lang, version.meta.effective)
    material = pages.record.material.get(version.label, True)
    parts = [f"<p>{escape(pages.word(lang, 'effective'))} {escape(effective)}.</p>"]
    if pages.record.status(version) == "superseded":  # an effective date it never had a day in force from
        state = pages.word(lang, pages.record.state_key(version))
        parts.append(f"<p>{escape(state[:1].upper() + state[1:])}: {escape(pages.word(lang, 'period_never'))}.</p>")
    parts.append(f"<p>{pages.summary_html(version, lang)}</p>")
    if not material:
        parts.append(f"<p>{escape(pages.word(lang, 'editorial'))}</p>")
    target = base + pages.url(lang, f"versions/{version.label}/")
    for key, ids in (("changed", changes.changed), ("added", changes.added), ("removed", changes.removed)):
        previous = pages.record.previous(version)
        if ids and previous is not None:
            page = target if key != "removed" else base + pages.url(lang, f"versions/{previous.label}/")
            links = ", ".join(f'<a href="{page}#{i}">{escape(pages.label(lang, i))}</a>' for i in ids)
            parts.append(f"<p>{escape(pages.word(lang, key))}: {links}</p>")
    parts.append(f'<p><a href="{redline}">{escape(pages.word(lang, "redline_link"))}</a></p>')
    return [
        "  <entry>",
        f"    <id>{escape(url)}</id>",
        f"    <title>{escape(pages.word(lang, 'version'))} {escape(version.label)}</title>",
        _category(pages, lang, material),
        f'    <link rel="alternate" type="text/html" href={quoteattr(redline)}/>',
        f"    <published>{iso_utc(_published(version))}</published>",
        f"    <updated>{iso_utc(_published(version))}</updated>",
        f"    <summary{_lang_attr(pages.summary_lang(version, lang), lang)}>"
        f"{escape(pages.summary(version, lang))}</summary>",
        f'    <content type="html">{escape("".join(parts))}</content>',
        "  </entry>",
    ]
