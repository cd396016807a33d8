"""The domain: a policy text as sections, clauses and sub-clauses with permanent ids.

Ids derive from labels only (`s1`, `s3a`, `s1-ca`, `s6-b-1a`, the preamble `s0`), never from
words, so the same clause has the same id in every language and every version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Literal

from policykit.text.numbering import ANY_ANCHOR, STANDARD_ANCHOR, STANDARD_NUMBERING, Numbering

# collapse and paragraphs live with the reading text they shape; many modules take them from here
from policykit.text.reading import SECTION_BREAK, collapse, paragraphs, reading, words  # noqa: F401

Kind = Literal["preamble", "section", "clause", "subclause"]

#: Any id the default numbering can produce (numbering.py defines the form of every scheme's;
#: `Numbering.taken` says what a heading or raw id of a site may not take).
ID_RE = STANDARD_ANCHOR
#: Any id some numbering scheme can produce (`sd-4`, `s4-2-1`, `siv-a-ii`): ids written by
#: hand in policy.yml are checked against it, and policy.schema.json's `anchor` is it.
ANCHOR_RE = re.compile(ANY_ANCHOR)


def plain(source: str) -> str:
    """What a reader reads of a unit's Markdown: the words, without `**`, link targets or table
    rules; paragraphs (and list items, headings, table rows) apart by a blank line. policy.json
    and the page's fallback text show this; redlines compare `reading`, these words with marks
    for what else a reader gets (link targets, images, formatting: see reading.py)."""
    return words(reading(source))


def display_label(unit_id: str, numbering: Numbering = STANDARD_NUMBERING) -> str:
    """How a reader cites a unit, in the text's own labels: `s6-b-1` -> `6 b (1)`, `s1-a` ->
    `1 a`, `s3a` -> `3a`; the preamble `s0` -> `0`. Other schemes: `4.2`, `D 4`, `5 1 (a)`."""
    return "0" if unit_id == "s0" else numbering.cite(unit_id)


class _Worked:
    """What a unit's properties work out of its text (`compared`, `as_written`, ...), kept once
    per unit in slots of their own: not fields, so not what makes two units the same (nor what
    `dataclasses.asdict` or `fields` see); and not a dict per unit, which each of thousands of
    units in a long history had."""

    __slots__ = ("_compared", "_as_written", "_own_raw", "_as_compared", "_by_id")

    def __post_init__(self) -> None:
        self._compared: str | None = None
        self._as_written: str | None = None
        self._own_raw: str | None = None
        self._as_compared: str | None = None
        self._by_id: dict[str, Unit] | None = None


@dataclass(slots=True)
class Unit(_Worked):
    """A section (or the preamble), a clause or a sub-clause, with its own text.

    `lines` are the unit's own Markdown lines, its label removed, its children excluded;
    `line` is the 1-based line of the file where the unit starts.
    """

    kind: Kind
    id: str
    label: str
    path: str
    line: int
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)
    #: The label as the text writes it (`d.`, `(a)`, `4.2`, `D.`) and as a reader cites it
    #: (`6 b (1)`, `D 4`): the parser sets both from the policy's numbering.
    mark: str = ""
    cite: str = ""
    #: A section of a translation: the ids its front matter says are not translated yet.
    untranslated: tuple[str, ...] = ()
    #: A unit a translation lacks for now: the language whose text stands in (source.py).
    stand_in: str = ""

    @property
    def text(self) -> str:
        return collapse("\n".join(self.lines))

    @property
    def plain(self) -> str:
        """The unit's own text as a reader reads it (see `plain`)."""
        return plain("\n".join(self.lines))

    @property
    def compared(self) -> str:
        """What a reader gets of the unit (reading.py): what its redline shows and what decides
        whether it changed. A section's title comes first, as its heading reads, then a mark
        that shows as ": " (a retitled section shows its change, and words that move between
        the title and the text are a change)."""
        if self._compared is None:
            text = reading("\n".join(self.lines))
            if self.kind == "section" and self.title:
                title = reading(self.title)
                text = f"{title}{SECTION_BREAK}{text}" if text else title
            self._compared = text  # type: ignore[misc]
        return self._compared

    @property
    def as_written(self) -> str:
        """Title and own Markdown as written (LanguageText.written). Worked out once per unit:
        a unit that no version changed is one object in every version's text (source.py parses
        a file once), so its strings are held once, not once per version."""
        if self._as_written is None:
            self._as_written = f"{self.title or ''}\n" + "\n".join(self.lines).strip()  # type: ignore[misc]
        return self._as_written

    @property
    def own_raw(self) -> str:
        """Own Markdown as written (LanguageText.raw), once per unit (as `as_written`)."""
        if self._own_raw is None:
            self._own_raw = "\n".join(self.lines).strip()  # type: ignore[misc]
        return self._own_raw

    @property
    def as_compared(self) -> str:
        """Title and own Markdown, whitespace collapsed (LanguageText.comparable), once per unit."""
        if self._as_compared is None:
            self._as_compared = collapse(f"{self.title or ''}\n" + "\n".join(self.lines))  # type: ignore[misc]
        return self._as_compared

    @property
    def by_id(self) -> dict[str, Unit]:
        """This unit and every unit inside it, by id (LanguageText.find)."""
        if self._by_id is None:
            self._by_id = {u.id: u for u in self.walk()}  # type: ignore[misc]
        return self._by_id

    @property
    def display_label(self) -> str:
        """The label as a reader cites it: `1`, `1 a`, `6 b (1)`; the preamble has none."""
        return "" if self.kind == "preamble" else self.cite or display_label(self.id)

    def walk(self) -> Iterator[Unit]:
        """This unit and every unit inside it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class SharedUnits:
    """Equal units held once: the clauses and sub-clauses of every parse, each replaced by an
    equal one seen before. A version mostly changes a few clauses of a section: the new parse of
    that section repeats the others word for word, and without this every version would hold
    its own copy of them and of what their cached properties work out (`compared`,
    `as_written`, ...), so that memory grew with the history's length, not with its changes.
    Sharing is sound because a unit is not changed after its parse and everything cached on it
    is worked out from its own fields (no version, no date). Sections are not shared: a
    section is its file's parse (record/checked.py names it by its file), and files that do
    not change are parsed once already (source.py)."""

    def __init__(self) -> None:
        self.seen: dict[tuple, Unit] = {}

    def below(self, section: Unit) -> Unit:
        """`section`, its children replaced by the equal units held already (kept, when new)."""
        section.children = [self.one(child) for child in section.children]
        return section

    def one(self, unit: Unit) -> Unit:
        unit.children = [self.one(child) for child in unit.children]
        key = (
            *(getattr(unit, name) for name in _PLAIN_FIELDS),
            tuple(unit.lines),
            tuple(map(id, unit.children)),  # held by the units in `seen`: the ids stay theirs
        )
        return self.seen.setdefault(key, unit)


def shared_units(cache: dict) -> SharedUnits:
    """The SharedUnits of a parse cache (source.check_policy's `cache`), kept in it under a
    key no parse has, so that whatever shares the cache shares the units too."""
    found = cache.get(SHARED_KEY)
    if found is None:
        found = cache[SHARED_KEY] = SharedUnits()
    return found


SHARED_KEY = ("shared units",)
#: Every field of a unit but its two lists: with them, what makes two units the same.
_PLAIN_FIELDS = tuple(f.name for f in fields(Unit) if f.name not in ("lines", "children"))


def _under(section: Unit) -> set[str]:
    """The ids of `section`'s units that `find` looks up under the section's id."""
    return {unit_id for unit_id in section.by_id if unit_id.split("-", 1)[0] == section.id}


@dataclass
class LanguageText:
    """The whole text of one language: its section files, preamble first, in number order."""

    lang: str
    sections: list[Unit]
    #: numbers of sections whose file could not be read: their units are unknown, not absent
    unreadable: set[str] = field(default_factory=set)

    @property
    def preamble(self) -> Unit | None:
        first = self.sections[0] if self.sections else None
        return first if first and first.kind == "preamble" else None

    def units(self) -> Iterator[Unit]:
        for section in self.sections:
            yield from section.walk()

    def ids(self) -> list[str]:
        return [unit.id for unit in self.units()]

    def find(self, unit_id: str) -> Unit | None:
        """The unit of `unit_id`, looked up in its section's map (`Unit.by_id`): a section that
        no version changed is one object in every version's text, and so is its map, where a
        map of the whole text would be one more per version."""
        section = self.sections_by_id.get(unit_id.split("-", 1)[0])
        found = section.by_id.get(unit_id) if section is not None else None
        return found if found is not None else self.by_id.get(unit_id) if self.irregular else None

    @cached_property
    def sections_by_id(self) -> dict[str, Unit]:
        return {section.id: section for section in self.sections}

    @cached_property
    def irregular(self) -> bool:
        """Whether some unit's id is not under its section's (`find` then looks in `by_id`)."""
        return len(self.sections_by_id) != len(self.sections) or any(
            section.by_id.keys() != _under(section) for section in self.sections
        )

    @property
    def by_id(self) -> dict[str, Unit]:
        """Every unit by id, made when asked: kept, it would be one more map per version held
        for the whole build (`find` looks in the sections' maps, which versions share)."""
        return {u.id: u for u in self.units()}

    def forget(self) -> None:
        """Drop the maps of every unit's text (`reading`, `written`, `raw`): the record needs
        them while it compares each version with the next (record/versions.py), and no page
        reads them; held for every version, they made memory grow with the history."""
        for name in ("reading", "written", "raw"):
            self.__dict__.pop(name, None)

    @cached_property
    def comparable(self) -> dict[str, str]:
        """Each unit's title and own Markdown, whitespace collapsed: what replay matches clauses
        across imported versions by."""
        return {u.id: u.as_compared for u in self.units()}

    @cached_property
    def reading(self) -> dict[str, str]:
        """Each unit's `compared` text: what "changed" compares, so that a unit is changed
        exactly when its redline shows something. Cached: a text is compared with the
        versions before and after it."""
        return {u.id: u.compared for u in self.units()}

    @cached_property
    def written(self) -> dict[str, str]:
        """Each unit's title and own Markdown as written: an edit here that `reading` does not
        see is layout only (line breaks, spacing, `*x*` for `_x_`)."""
        return {u.id: u.as_written for u in self.units()}

    @cached_property
    def raw(self) -> dict[str, str]:
        """Each unit's own Markdown, as written (for whitespace-only edits and redlines)."""
        return {u.id: u.own_raw for u in self.units()}
