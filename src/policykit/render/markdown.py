"""From parsed units to the Markdown of a policy page.

The page is ordinary Markdown for the bodies, with one marker paragraph before each unit
(`MARK_OPEN + "policy clause s1-a" + MARK_CLOSE`). The extension in `extension.py` turns each
marker into the unit's element (id, label, permalink). Labels are never looked for again
after the parser: the page has exactly the units the parser found.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policykit.render.prerendered import Prerendered
from policykit.text.comments import in_code
from policykit.text.model import LanguageText, Unit

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
#: What never reaches a page from the text: the extension's own characters (markers and
#: placeholders, U+E000-U+E003) and control characters. The working tree refuses them (lint);
#: an old version that has them is shown without them.
_MARKS = re.compile("[\ue000-\ue003\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

#: The first block of a page the generator writes whole (changelog, version list, redlines):
#: everything on it from the policy is escaped where it is written, so its markup is trusted.
GENERATED = f"{MARK_OPEN}policy generated page{MARK_CLOSE}"
#: Before a piece of the policy's text that is rendered with no unit of its own (a section's
#: text before its first clause, sections.py): the extension treats it as the policy's text.
TEXT = f"{MARK_OPEN}policy text *{MARK_CLOSE}"
_ATX = re.compile(r"^( {0,3})(#{1,5})(?=[ \t]|$)")


def marker(kind: str, unit_id: str, aliases: list[str] | None = None, unit: Unit | None = None) -> str:
    """A unit's marker: its kind and id, the anchors that land on it, and for a clause or
    sub-clause its label as the text writes it, the language of its text if that is not the
    page's (a stand-in for an untranslated unit), and its label as a reader cites it (which
    has spaces, so it comes last)."""
    extra = (
        f" {','.join(aliases) if aliases else '-'} {unit.mark} {unit.stand_in or '-'} {unit.cite}"
        if unit and unit.mark
        else f" {','.join(aliases)}"
        if aliases
        else ""
    )
    return f"{MARK_OPEN}policy {kind} {unit_id}{extra}{MARK_CLOSE}"


@dataclass
class Annotations:
    """What the site adds to a text: generated HTML, never words of the policy.

    `aliases`: other anchors that land on a unit (moved clauses); `lead`: HTML blocks at a
    unit's start, before its text (the preamble's permanent link); `notes`: HTML blocks after a
    unit's own text (change marks); `history`: one HTML block per unit after its notes, before
    its sub-units (the line of versions that added, changed or moved it); `trailers`: HTML
    blocks after a unit's children (notes on removed clauses); `tail`: HTML blocks after the
    last section.

    A section whose units have only `history` is still rendered once for every page that shows
    it with the same lines (`SectionCache` keys on them): an archived version's unit has the same
    history as the version before's unless that version changed it.
    """

    aliases: dict[str, list[str]] = field(default_factory=dict)
    lead: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    history: dict[str, str] = field(default_factory=dict)
    trailers: dict[str, list[str]] = field(default_factory=dict)
    tail: list[str] = field(default_factory=list)


#: Gives a section's body as HTML rendered before, with its units' history lines, or None.
SectionBodies = Callable[[Unit, dict[str, str]], "str | None"]


def document_markdown(
    text: LanguageText,
    title: str,
    annotations: Annotations | None = None,
    header: list[str] | None = None,
    sections: SectionBodies | None = None,
    blocks: Prerendered | None = None,
) -> str:
    """The whole text of one language as one page: `title` as its level-1 heading.

    Sections become level-2 headings, so that a heading inside a section (`##` in the file)
    is demoted one level and the page keeps a single level-1 heading. `header` blocks stand
    between the title and the text. `sections(section, history)` may give a section's body
    rendered before (see `SectionCache`), with its units' history lines: the page then
    carries that HTML as it is. The generator's HTML (header, notes, those bodies) goes in
    through `blocks`, which must outlive the page's rendering (prerendered.py).
    """
    notes = annotations or Annotations()
    keep = blocks.issue if blocks is not None else _no_store
    preamble = text.preamble
    # The preamble's heading is Markdown the editor wrote; `title` (policy.yml) is plain text.
    heading = preamble.title if preamble and preamble.title else html.escape(title, quote=False)
    out = [f"# {_clean(heading)}", ""]
    for block in header or []:
        out += [keep(block), ""]
    for section in text.sections:
        body = sections(section, notes.history) if sections and not _annotated(section, notes) else None
        if body is None:
            _unit(section, out, notes, keep)
            continue
        out += [marker(section.kind, section.id, None, section if section.stand_in else None), ""]
        out += _blocks(notes.lead.get(section.id, ()), keep)
        if section.kind == "section":
            out += [f"## {section.label}. {_clean(section.title or '')}".rstrip(), ""]
        out += [keep(body), ""]
    if notes.tail:
        out += [marker("end", "*"), ""]
        for block in notes.tail:
            out += [keep(block), ""]
    return "\n".join(out) + "\n"


def _annotated(section: Unit, notes: Annotations) -> bool:
    """Whether the site adds anything inside this section (then it is rendered with the page),
    besides history lines and the lead blocks, which the section's cached body allows for."""
    marked = notes.notes.keys() | notes.aliases.keys() | notes.trailers.keys()
    return bool(marked) and any(unit.id in marked for unit in section.walk())


def intro_markdown(section: Unit) -> str:
    """A section's own text (before its first clause), as it stands on the page."""
    return "\n".join(_demote(_trim([_clean(line) for line in section.lines])))


def unit_markdown(unit: Unit, history: dict[str, str] | None = None, blocks: Prerendered | None = None) -> str:
    """One clause with its sub-clauses (and their history lines, through `blocks`), as on the
    page: what `SectionCache` renders apart."""
    out: list[str] = []
    _unit(unit, out, Annotations(history=history or {}), blocks.issue if blocks is not None else _no_store)
    return "\n".join(out)


def section_body_markdown(section: Unit) -> str:
    """A section's own text and its clauses, without its heading."""
    intro = intro_markdown(section)
    return (intro + "\n\n" if intro.strip() else "") + "\n".join(unit_markdown(c) for c in section.children) + "\n"


def _unit(unit: Unit, out: list[str], notes: Annotations, keep: Callable[[str], str]) -> None:
    shown = unit if unit.kind in ("clause", "subclause") or unit.stand_in else None  # label, language
    out += [marker(unit.kind, unit.id, notes.aliases.get(unit.id), shown), ""]
    out += _blocks(notes.lead.get(unit.id, ()), keep)
    if unit.kind == "section":
        out += [f"## {unit.label}. {_clean(unit.title or '')}".rstrip(), ""]
    # Every heading in the text is demoted: the page has one level-1 heading (the title) and
    # the sections' level-2 ones; a sub-heading sits below them wherever it stands.
    body = _demote(_trim([_clean(line) for line in unit.lines]))
    if body:
        out += body + [""]
    out += _blocks(notes.notes.get(unit.id, ()), keep)
    if notes.history.get(unit.id):
        out += _blocks([notes.history[unit.id]], keep)
    for child in unit.children:
        _unit(child, out, notes, keep)
    if notes.trailers.get(unit.id):
        out += [marker("end", unit.id), ""]
        for block in notes.trailers[unit.id]:
            out += [keep(block), ""]


def _no_store(html: str) -> str:
    raise ValueError("the generator's HTML blocks need a store that outlives the page: pass `blocks`")


def _blocks(blocks: Iterable[str], keep: Callable[[str], str]) -> list[str]:
    """Markers that put the generator's HTML blocks in a page (escaped where they were written)."""
    out: list[str] = []
    for block in blocks:
        out += [keep(block), ""]
    return out


def _clean(line: str) -> str:
    """Editors cannot forge a unit or a placeholder: the extension's characters (and control
    characters) in the source are dropped."""
    return _MARKS.sub("", line)


def _trim(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    end = next((i for i in range(len(lines), 0, -1) if lines[i - 1].strip()), 0)
    return lines[start:end]


def _demote(lines: list[str]) -> list[str]:
    """One more `#` on every ATX heading outside fenced code."""
    return [
        line if code else _ATX.sub(lambda m: m.group(1) + m.group(2) + "#", line)
        for line, code in zip(lines, in_code(lines))
    ]
