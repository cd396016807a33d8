"""Each unit's history on the page, and the preamble's permanent link.

After a unit's own text (before its sub-units) a compact line says where the text comes from,
as the amendment notes that end a paragraph of a Swedish statute do: "Tillagd i 1.0 · ändrad i
1.1, 1.4". It is a `<details>`: its summary is that line, its body lists each version with its
effective date and a link to that version's redline at the unit (the first version's text, whose
redline lists no units; a move's old anchor, where the redline says where it went). No script
is needed, and the line is left out of search (`data-search-exclude`), of `policy.json`'s
`text` (which is the unit's own text) and of what a reader copies (policy.css).

An archived version's line is the summary alone, and names at most the last `RECENT` versions of
the unit's history: before them, "116 earlier versions", a link to the archived version that made
the newest of those, at the unit, whose own line goes on from there. Every archived page then
carries a bounded line per unit, however long the history: without the bound a site whose every
clause changes in every version grows with the square of its versions (each archived page
repeating each unit's whole history so far). The link depends only on earlier versions, as an
archived page must; the text in force lists every version of each unit.

A unit whose only entry is "added in the first version" has no line: on a long policy that
would be the same line under almost every unit. One note above the text says so instead
("Unless a part shows its history, it is unchanged since version 1.0"). A translation-only
change is shown on that language's pages only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from policykit.pages.context import PageContext, esc
from policykit.pages.parts import href
from policykit.record.history import Version
from policykit.record.steps import Step, Steps
from policykit.record.versions import Record
from policykit.text.model import LanguageText

#: How many of a unit's versions an archived version's line names; earlier ones are counted. One
#: more is named rather than counted: "1 earlier version" is no shorter than the version.
RECENT = 3


def placed(unit_id: str, steps: Sequence[Step]) -> list[tuple[Step, str]]:
    """Each step with the anchor the unit had in that version (before a move, the move's source)."""
    out, at = [], unit_id
    for step in reversed(steps):
        out.append((step, at))
        if step.kind == "moved":
            at = step.source
    return out[::-1]


def step_target(record: Record, step: Step, at: str, version: Version | None = None) -> tuple[str, str] | None:
    """Where an entry links, below a language's root: (page, anchor). The version's redline at
    the unit; for the first version, its text (its redline lists no units); for a move, the
    redline's note under the old anchor. None for a version without a page (the preview).
    `version`: the step's, when the caller has it at hand."""
    version = version or record.find(step.version)
    if version is None or version.commit is None:
        return None
    if version is record.all_versions[0]:
        return f"versions/{version.label}/", at
    return f"versions/{version.label}/changes/", step.source if step.kind == "moved" else at


def _entries(unit_id: str, steps: Sequence[Step], lang: str, first: str) -> list[tuple[Step, str]]:
    """The steps a line shows on a page in `lang` (`Step.shown_in`), each with the anchor the
    unit had then, oldest first; none for a unit only "added in" the first version (the note
    above the text says that once for all of them)."""
    shown = [(step, at) for step, at in placed(unit_id, steps) if step.shown_in(lang)]
    return [] if _first_only(shown, first) else shown


def _first_only(shown: list[tuple[Step, str]], first: str) -> bool:
    return len(shown) == 1 and shown[0][0].kind == "added" and shown[0][0].version == first


def recent(
    unit_id: str, steps: Steps, lang: str, first: str
) -> tuple[list[tuple[Step, str]], int, tuple[Step, str] | None]:
    """What an archived version's line shows on a page in `lang`: (the steps of the last
    `RECENT` versions, each with the anchor the unit had then, oldest first; how many versions
    came before them; the newest step before them, with its anchor, or None). All the steps,
    when they are of at most `RECENT` + 1 versions (none: `_entries`). Walked from the newest,
    so that a long history costs no more than a short one."""
    total = steps.versions(lang)
    keep = total if total <= RECENT + 1 else RECENT
    out: list[tuple[Step, str]] = []
    at, seen, last = unit_id, 0, None
    for step in reversed(steps):
        if step.shown_in(lang):
            if step.version != last:  # a version's steps (moved and changed) stay together
                if seen == keep:
                    return out[::-1], total - keep, (step, at)
                seen, last = seen + 1, step.version
            out.append((step, at))
        if step.kind == "moved":
            at = step.source
    out.reverse()
    return ([] if _first_only(out, first) else out), 0, None


class UnitHistory:
    """The history lines of a version's units, and the preamble's permanent link: a view of the
    build's context, whose memo keeps the lines that pages share."""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        self.record, self.words, self._versions = ctx.record, ctx.words, ctx.versions

    def history_of(
        self, version: Version, lang: str, page_url: str, text: LanguageText, compact: bool = False
    ) -> dict[str, str]:
        """unit id -> its history line, for the units of `text` (shown in `lang`) that have one.
        Lines are made once per language, page depth and history (`_lines`): an archived page
        repeats almost all of the lines of the version before."""
        if not self.record.history.available:
            return {}
        histories = self.record.histories.get(version.label, {})
        first = self.record.all_versions[0].label
        memo = self.ctx.recent_of("history lines")
        depth = page_url.count("/")
        lines = {}
        for unit in text.units():
            steps = histories.get(unit.id)
            if not steps:
                continue
            # The unit's label too: an archived version cites it as that version did (as_of).
            key = (lang, depth, unit.id, id(steps), compact, self.ctx.label(lang, unit.id), self.ctx.numbering)
            found = memo.get(key)
            if found is None or found[0] is not steps:
                make = self._compact_line if compact else self._line
                found = memo[key] = (steps, make(lang, page_url, unit.id, steps, first))
            if found[1]:
                lines[unit.id] = found[1]
        return lines

    def _line(self, lang: str, page_url: str, unit_id: str, steps: Sequence[Step], first: str) -> str:
        """The text in force's line: the summary, opening the list of its versions with their
        dates and links."""
        shown = _entries(unit_id, steps, lang, first)
        if not shown:
            return ""
        entries = "".join(f"<li>{self._entry(lang, page_url, step, at, unit_id)}</li>" for step, at in shown)
        summary = self._summary(lang, shown, lambda step, at: self._editorial(lang, step, esc(step.version)))
        return (
            f'<details class="policy-history" data-search-exclude><summary>{self._name(lang, unit_id)}{summary}'
            f"</summary><ol>{entries}</ol></details>"
        )

    def _compact_line(self, lang: str, page_url: str, unit_id: str, steps: Steps, first: str) -> str:
        """An archived version's line: the summary alone, each version in it a link to its
        redline at the unit ("Added in 1.0 · changed in 1.1, 1.4"), the last `RECENT` versions
        only ("116 earlier versions · changed in 1.117, 1.118, 1.119"). An archive repeats the
        lines of hundreds of units, hundreds of times over a long history: the list with its
        dates, which the text in force has, would be most of every archived page's bytes, and
        a whole history would make the site grow with the square of its versions. The page is
        out of search as a whole, so the line needs no mark of its own."""
        shown, count, newest = recent(unit_id, steps, lang, first)
        if not shown:
            return ""
        lead = self._earlier(lang, count, *newest) if newest else None
        summary = self._summary(lang, shown, lambda step, at: self._version_link(lang, step, at), lead)
        return f'<p class="policy-history">{self._name(lang, unit_id)}{summary}</p>'

    def _earlier(self, lang: str, count: int, step: Step, at: str) -> str:
        """ "116 earlier versions" (HTML), a link to the archived version of `step` (the newest
        of them) at the unit's anchor there: its line names the versions before, and so on
        back to the first. A page of an earlier version never changes, unlike the text in
        force, which may no longer have the unit."""
        words = esc(self.words.count(lang, "history_earlier", count))
        version = self._versions.get(step.version)
        if version is None or version.commit is None:
            return words
        # From an archived version's page to another's through their common folder (_version_link).
        return f'<a href="../{esc(version.label)}/#{esc(at)}">{words}</a>'

    def _name(self, lang: str, unit_id: str) -> str:
        """What a screen reader hears first: "History of 1 a:"."""
        name = (
            self.ctx.word(lang, "history_of_preamble")
            if unit_id == "s0"
            else self.ctx.word(lang, "history_of", label=self.ctx.label(lang, unit_id))
        )
        return f'<span class="policy-sr-only">{esc(name)} </span>'

    def _version_link(self, lang: str, step: Step, at: str) -> str:
        """A version's label in an archived version's line (on LANG/versions/V/), a link to its
        redline at the unit (editorial marked)."""
        target = step_target(self.record, step, at, self._versions.get(step.version))
        label = esc(step.version)
        if target:
            # From an archived version's page (LANG/versions/V/) to another version's, through
            # their common folder: the same link on every archived page of the language, so
            # that a section rendered once with its lines serves them all (render/sections.py).
            address = "../" + target[0].removeprefix("versions/")
            label = f'<a href="{esc(address)}#{esc(target[1])}">{label}</a>'
        return self._editorial(lang, step, label)

    def _editorial(self, lang: str, step: Step, label: str) -> str:
        """A version's label (HTML), marked editorial where it changed no obligation."""
        if step.kind != "translated" and not self.record.material.get(step.version, True):
            return self.ctx.phrase(lang, "history_editorial", version=label)
        return label

    def _summary(
        self, lang: str, shown: list[tuple[Step, str]], version: Callable[[Step, str], str], lead: str | None = None
    ) -> str:
        """ "Added in 1.0 · changed in 1.1, 1.4 · moved from 2 b in 1.3", oldest first, from the
        steps a line shows with their anchors; the versions of consecutive changes of one kind
        in one phrase, each written by `version(step, anchor it had then)` as HTML. `lead`: a
        phrase (HTML) before them, for the versions left out ("116 earlier versions")."""
        groups: list[tuple[str, list[tuple[Step, str]]]] = []
        for step, at in shown:
            if groups and groups[-1][0] == step.kind and step.kind != "moved":
                groups[-1][1].append((step, at))
            else:
                groups.append((step.kind, [(step, at)]))
        phrases = [lead] if lead else []
        for kind, group in groups:
            versions = ", ".join(version(step, at) for step, at in group)
            if kind == "moved":
                phrases.append(
                    self.ctx.phrase(
                        lang, "history_moved", label=esc(self.ctx.label(lang, group[0][0].source)), version=versions
                    )
                )
            else:
                phrases.append(self.ctx.phrase(lang, f"history_{kind}", versions=versions))
        if phrases[0][:1].isalpha():
            phrases[0] = phrases[0][:1].upper() + phrases[0][1:]
        # Each phrase a <span>: policy.css puts a middle dot between them, a pause for a screen reader.
        return "".join(f"<span>{phrase}</span>" for phrase in phrases)

    def _entry(self, lang: str, page_url: str, step: Step, at: str, unit_id: str) -> str:
        version = self._editorial(lang, step, esc(step.version))
        if step.kind == "moved":
            words = self.ctx.phrase(
                lang, "history_entry_moved", label=esc(self.ctx.label(lang, step.source)), version=version
            )
        elif step.kind == "added" and at != unit_id:
            words = self.ctx.phrase(
                lang, "history_entry_added_as", version=version, label=esc(self.ctx.label(lang, at))
            )
        else:
            words = self.ctx.phrase(lang, f"history_entry_{step.kind}", version=version)
        found = self._versions.get(step.version)
        target = step_target(self.record, step, at, found)
        # Plain HTML, not self.link's Markdown-proof text: the block never goes through Markdown.
        entry = (
            f'<a href="{esc(href(page_url, self.ctx.url(lang, target[0])))}#{esc(target[1])}">{words}</a>'
            if target
            else words
        )
        if found is not None and found.meta.effective:
            entry += ", " + self._effective(lang, found.meta.effective)
        return entry

    def _effective(self, lang: str, day: dt.date) -> str:
        """ "effective 15 February 2026", made once per language and day."""
        memo = self.ctx.memo_of("effective words")
        if (lang, day) not in memo:
            memo[(lang, day)] = esc(self.ctx.word(lang, "history_effective", date=self.ctx.date(lang, day)))
        return memo[(lang, day)]

    def history_note(self, version: Version, lang: str, text: LanguageText, lines: dict[str, str]) -> str | None:
        """The note above the text that stands for the lines a unit does not get: on a page whose
        version is not the first, where some unit has no history line."""
        record = self.record
        if not record.history.available or record.previous(version) is None:
            return None
        if all(unit.id in lines for unit in text.units()):
            return None
        words = self.ctx.word(lang, "history_note", version=record.all_versions[0].label)
        return f'<p class="policy-history-note" data-search-exclude>{esc(words)}</p>'

    def preamble_lead(self, lang: str, text: LanguageText) -> dict[str, list[str]]:
        """The preamble's permanent link (`#s0`), where a clause has its label; policy-anchors.js
        adds the copy button after it, as after every label."""
        if text.preamble is None:
            return {}
        name = esc(self.ctx.word(lang, "preamble_link"))
        return {
            "s0": [
                f'<p class="policy-permalink"><a class="policy-label" href="#s0" aria-label="{name}" '
                f'title="{name}">¶</a></p>'
            ]
        }
