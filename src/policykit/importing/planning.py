"""The plan of `policy import --history`: every commit of the site worked out before one is written.

Each step of the timeline becomes one commit: its texts split into section files, its
label, effective date and summary, and the policy.yml whose `moved:`, `removed:` and
`aliases:` keep every anchor published so far landing. Nothing is written here (site.write_commits
does that, at once), so that a failure leaves the site as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field

from policykit.importing.labels import toc_slug
from policykit.importing.matching import Anchors, Renumbering, broken_references, renumbering_note
from policykit.importing.replay import (
    TRAILER,
    ReplaySplitter,
    ReplayStep,
    clean_subject,
    effective_dates,
    imported_files,
    parse_files,
    policy_yml,
    tag_label,
    translate,
)
from policykit.importing.source_commit import SourceCommit
from policykit.text import limits
from policykit.text.model import LanguageText
from policykit.text.numbering import Numbering
from policykit.text.source import META_FILE


@dataclass
class Planned:
    """One commit of the site, ready to write."""

    step: ReplayStep
    label: str
    effective: dt.date
    files: dict[str, bytes]  # below the policy folder -> bytes (policy.yml included)
    message: str
    line: str  # the report's line for it
    renumbering: Renumbering | None = None


@dataclass
class Plan:
    commits: list[Planned]
    notes: list[str] = field(default_factory=list)  # guesses, renumberings, dates: the report


def _numbering(imported):
    """The `Numbering` of an importer's result (its scheme as policy.yml names it)."""
    return Numbering(**(getattr(imported, "numbering", None) or {}))


def _counts(text: LanguageText | None) -> str:
    units = list(text.units()) if text else []
    kinds = [sum(u.kind == kind for u in units) for kind in ("section", "clause", "subclause")]
    return f"{kinds[0]} sections, {kinds[1]} clauses, {kinds[2]} sub-clauses"


def _labels(steps: list[ReplayStep], taken: set[str]) -> list[str]:
    """Each version step's label: 1, 2, … (skipping labels the site used), or the tag's name."""
    labels, number = [], 0
    for step in steps:
        if step.tag is not None:
            label = tag_label(step.tag, taken)
        else:
            number += 1
            while str(number) in taken:
                number += 1
            label = str(number)
        taken.add(label)
        labels.append(label)
    return labels


def plan(
    steps: list[ReplayStep],
    authoritative: str,
    languages: list[str],
    anchors: Anchors | None = None,
    previous: LanguageText | None = None,
    taken: set[str] | None = None,
    heading_level: int | None = None,
    shown: str = "policy",
    *,
    splitter: ReplaySplitter | None = None,
    summaries: dict[str, dict[str, str]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """The site's commits for `steps`. `anchors`, `previous` and `taken`: what the site has
    published already (an import with force onto a site's own history). `splitter`: one that
    has read the texts already (its notes are the plan's); `summaries`: source commit -> language
    -> the summary to write instead of the commit's subject; `progress(done, total)` is called
    after each step (the slow part of a long history)."""
    result = Plan([])
    if splitter is None:
        splitter = ReplaySplitter(authoritative, result.notes, heading_level)
    else:
        result.notes = splitter.notes
    notes = result.notes
    anchors = anchors or Anchors()
    given: dict[str, str] = {}
    versions = [s for s in steps if s.new_version]
    labels = dict(zip(map(id, versions), _labels(versions, set(taken or ()))))
    dates = dict(zip(map(id, versions), effective_dates(versions, authoritative, notes)))
    titles: dict[str, str] = {}
    aliases: dict[str, str] = {}
    align: dict[str, dict[str, str | None]] = {}  # translation -> its own ids -> the authoritative ids now
    aligned: dict[str, bytes | None] = {}  # translation -> the text `align` is for
    label: str | None = None  # the version's, from its first step on
    summary: str | None = None
    effective: dt.date | None = None
    parsed: dict = {}  # source.check_policy's cache: a section file no commit changed is parsed once
    for done, step in enumerate(steps, 1):
        auth_source = step.texts[authoritative]
        auth = splitter.split(authoritative, auth_source)
        files = imported_files(auth, authoritative)
        imports = {authoritative: auth}
        renumbering = None
        text = parse_files(files, authoritative, shown, auth.numbering, parsed)
        if step.new_version:
            label, effective = labels[id(step)], dates[id(step)]
            renumbering = anchors.step(previous, text) if text else None
            subject = clean_subject(step.commit, notes) or f"Imported from {step.commit.short}"
            note = renumbering_note(renumbering, _numbering(auth)) if renumbering else ""
            joined = subject if not note else f"{subject}{'' if subject[-1:] in '.!?' else '.'} {note}"
            summary = joined[: limits.MAX_SUMMARY]
            given = {
                lang: (text if not note else f"{text}{'' if text[-1:] in '.!?' else '.'} {note}")[: limits.MAX_SUMMARY]
                for lang, text in (summaries or {}).get(step.commit.sha, {}).items()
            }
            summary = given.get(authoritative, summary)
            _note_renumbering(notes, label, auth_source, previous, text, renumbering)
            aliases = _aliases(
                aliases,
                auth.aliases,
                anchors,
                set(text.ids()) if text else set(),
                f"{auth_source.path}@{auth_source.short}",
                notes,
                _sub_headings(files),
            )
            if renumbering and renumbering.reused:
                for lang in [l for l in step.texts if l != authoritative and l not in step.changed]:
                    held = step.texts[lang]
                    notes.append(
                        f"{held.path}@{held.short}: the {lang} text was written before version {label} "
                        f"renumbered {', '.join(renumbering.reused)}: until it is updated, its units "
                        f"are relabelled as the {authoritative} text's (check them)"
                    )
            if renumbering is not None and previous is not None:  # a lagging translation follows its clauses
                align = {
                    lang: {own: anchors.pairs.get(now) if now else None for own, now in held.items()}
                    for lang, held in align.items()
                }
            previous = text
        # timeline() starts with a version: every step after it has the version's label
        assert label is not None and summary is not None and effective is not None
        for lang in languages:
            if lang != authoritative and lang in step.texts:
                if aligned.get(lang) != step.texts[lang].data:  # a new text: written against this step's
                    align[lang] = {i: i for s in splitter.split(lang, step.texts[lang]).sections for i in s.ids}
                    aligned[lang] = step.texts[lang].data
                imports[lang] = translate(splitter, lang, step.texts[lang], auth, text, align[lang], label)
                files.update(imported_files(imports[lang], lang))
        for lang, imported in imports.items():
            titles[lang] = (imported.title or titles.get(lang) or auth.title or auth_source.path)[: limits.MAX_TITLE]
        said = {
            lang: given.get(lang, summary)
            for lang in [authoritative, *[l for l in languages if l in titles and l != authoritative]]
        }
        shown_titles = {lang: titles.get(lang, titles[authoritative]) for lang in said}
        files[META_FILE] = policy_yml(
            label,
            effective,
            authoritative,
            shown_titles,
            said,
            auth,
            dict(anchors.moved),
            list(anchors.removed),
            aliases,
        )
        message = (
            f"{clean_subject(step.commit) or 'Imported from ' + step.commit.short}\n\n{TRAILER}: {step.commit.sha}\n"
        )
        if step.tag:
            message += f"Source-tag: {step.tag}\n"
        kind = "version" if step.new_version else "translation"
        sources = ", ".join(f"{lang}@{c.short}" for lang, c in step.texts.items())
        line = (
            f"{kind} {label}  effective {effective}  from {step.commit.short}  {_counts(text)}  "
            f"({', '.join(step.changed or languages)} {'changed' if not step.new_version else 'text'}; {sources})"
        )
        result.commits.append(Planned(step, label, effective, files, message, line, renumbering))
        if progress is not None:
            progress(done, len(steps))
    return result


def _sub_headings(files: dict[str, bytes]) -> set[str]:
    """The ids the page gives the version's own sub-headings (`## The Gist` in the preamble:
    `the-gist`), as MkDocs' toc makes them."""
    found = set()
    for data in files.values():
        for line in data.decode("utf-8", "replace").split("\n"):
            if (heading := SUB_HEADING_RE.match(line)) is not None:
                found.add(toc_slug(heading.group(1)))
    return found


#: A sub-heading of a section file (its first line, `# N. Title`, is the section's own).
SUB_HEADING_RE = re.compile(r"^ {0,3}#{2,6}[ \t]+(.+?)[ \t#]*$")


def _aliases(
    kept: dict[str, str],
    new: dict[str, str],
    anchors: Anchors,
    live: set[str],
    where: str,
    notes: list[str],
    headings: Set[str] = frozenset(),
) -> dict[str, str]:
    """The old page's fragments (`aliases:`) of every version so far: a link into an old page of
    any version keeps landing. One whose anchor is no longer live follows its clause, or goes
    (an alias must land on the text, and the clause is gone). One that is now the id of one of
    the text's own sub-headings goes too: the heading has it (an earlier version made "The
    Gist" section 1, a later one a heading of the preamble), and a link lands on it."""
    result = {}
    for fragment, target in kept.items():
        if fragment in headings and fragment not in new:
            notes.append(
                f"{where}: aliases: #{fragment} dropped: it is the id of a heading of the text, where it lands"
            )
            continue
        home = anchors.pairs.get(target)  # where the unit it landed on went
        if home in live:
            result[fragment] = home
            if home != target:
                notes.append(f"{where}: aliases: #{fragment} now lands on {home} (its clause was {target})")
        elif fragment not in new:
            notes.append(f"{where}: aliases: #{fragment} dropped: {target}'s clause is no longer in the text")
    result.update(new)
    return result


def _note_renumbering(
    notes: list[str],
    label: str,
    source: SourceCommit,
    old: LanguageText | None,
    new: LanguageText | None,
    renumbering: Renumbering | None,
) -> None:
    """The report's lines for what the version did to anchors."""
    if renumbering is None or old is None or new is None:
        return
    where = f"{source.path}@{source.short}"
    place = {unit_id: n for n, unit_id in enumerate(new.ids())}  # document order
    for unit_id, was in sorted(renumbering.reused.items(), key=lambda item: place.get(item[0], len(place))):
        notes.append(
            f"{where}: version {label} renumbered: {unit_id} now holds {'what was ' + was if was else 'a new text'}"
        )
    for old_id, new_id in renumbering.new_moves.items():
        notes.append(f"{where}: version {label}: moved: {{{old_id}: {new_id}}}")
    if renumbering.new_removals:
        notes.append(f"{where}: version {label}: removed: [{', '.join(renumbering.new_removals)}]")
    for change in renumbering.changed:
        notes.append(f"{where}: version {label}: {change}")
    for problem in broken_references(old, new, renumbering):
        notes.append(f"{problem} (version {label}, from {where})")
