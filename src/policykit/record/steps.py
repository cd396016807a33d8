"""A unit's history: the steps (added, changed, moved, translation updated) of the versions
that touched it, oldest first, following it through moves.

Apart from the record because of how the histories are held: every version's history of every
unit shares one growing list per unit (`Steps`), which is the part of the record whose memory
grows with a history's length.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from policykit.record.changes import Changes
from policykit.record.history import Version


@dataclass(frozen=True)
class Step:
    """One entry of a unit's history: a version that added, changed or moved it, or that
    updated its translation into `languages` only. A unit can have two steps of one version
    (moved and changed)."""

    version: str  # the version's label
    kind: str  # "added", "changed", "moved" or "translated"
    source: str = ""  # moved: the anchor the unit had before
    languages: tuple[str, ...] = ()  # translated: the languages whose text changed

    def shown_in(self, lang: str) -> bool:
        """Whether a page in `lang` shows this step: a translation-only one on its languages' only."""
        return self.kind != "translated" or lang in self.languages


class _Line:
    """The steps of one unit, oldest first, that several versions' histories share (`Steps`),
    and per language how many versions its pages show among the first steps (`Steps.versions`),
    counted once as the list grows."""

    __slots__ = ("steps", "counts")

    def __init__(self, steps: list[Step]):
        self.steps = steps
        self.counts: dict[str, list[int]] = {}


class Steps(Sequence):
    """A unit's history up to and including one version, oldest first: the first `len` steps
    of a list that the unit's later versions extend. Each version shares the list instead of
    holding a copy, so the histories of a record take memory in proportion to their steps,
    not to versions × steps (a history where every clause changes in every version would
    otherwise grow with the square of its versions)."""

    __slots__ = ("_line", "_len")

    def __init__(self, steps: Iterable[Step] | _Line = (), length: int | None = None):
        self._line = steps if isinstance(steps, _Line) else _Line(list(steps))
        self._len = len(self._line.steps) if length is None else length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        if not -self._len <= index < self._len:
            raise IndexError("step index out of range")
        return self._line.steps[index % self._len]

    def __iter__(self):
        return islice(self._line.steps, self._len)

    def __reversed__(self):
        steps = self._line.steps
        return (steps[i] for i in range(self._len - 1, -1, -1))

    def __repr__(self) -> str:
        return f"Steps({list(self)!r})"

    def then(self, step: Step) -> Steps:
        """This history and `step` after it. The list grows in place when no longer history
        shares it (the usual case: each version extends the last one's); else it is copied."""
        line = self._line
        if len(line.steps) != self._len:
            line = _Line(line.steps[: self._len])
        line.steps.append(step)
        return Steps(line, self._len + 1)

    def versions(self, lang: str) -> int:
        """How many versions the pages in `lang` show in this history (`Step.shown_in`): the
        count up to each step is kept with the shared list, so this is not a pass over it."""
        steps, counts = self._line.steps, self._line.counts.setdefault(lang, [])
        while len(counts) < self._len:
            i = len(counts)
            step, before = steps[i], counts[-1] if counts else 0
            j = i - 1  # a version's steps (moved, changed, translated) are next to each other
            while j >= 0 and steps[j].version == step.version and not steps[j].shown_in(lang):
                j -= 1
            new = step.shown_in(lang) and not (j >= 0 and steps[j].version == step.version)
            counts.append(before + new)
        return counts[self._len - 1] if self._len else 0


def next_history(before: dict[str, Steps], version: Version, changes: Changes, first: bool) -> dict[str, Steps]:
    """The units' histories after `version`, from those before it (a unit that did not change
    keeps the same one; one that did extends it, sharing its steps: `Steps`)."""
    label = version.label
    after = dict(before)
    if first:
        return {unit_id: Steps([Step(label, "added")]) for unit_id in changes.added}
    for old, new in changes.moved.items():
        after[new] = after.pop(old, Steps()).then(Step(label, "moved", source=old))
    for unit_id in changes.removed:
        after.pop(unit_id, None)
    for unit_id in changes.added:
        after[unit_id] = Steps([Step(label, "added")])
    for unit_id in changes.changed:
        after[unit_id] = after.get(unit_id, Steps()).then(Step(label, "changed"))
    translated: dict[str, list[str]] = {}
    for lang, ids in changes.translated.items():
        for unit_id in ids:
            translated.setdefault(unit_id, []).append(lang)
    for unit_id, langs in translated.items():
        after[unit_id] = after.get(unit_id, Steps()).then(Step(label, "translated", languages=tuple(langs)))
    return after


class Timeline:
    """Every unit's history at every version of a record, held as the versions at which it
    changed: a version's histories (`Histories`) hold no map of their own, which for a unit
    that few versions touch would be one entry per version. Grown oldest version first."""

    def __init__(self) -> None:
        #: unit id -> (the indexes of the versions that changed its history, its history from
        #: each of them on: None where it has none, removed)
        self.units: dict[str, tuple[list[int], list[Steps | None]]] = {}
        self.size = 0  # the number of versions added

    def add(self, before: Mapping[str, Steps], after: Mapping[str, Steps]) -> Histories:
        """The next version's histories, `after`, from those of the version before, `before`."""
        index = self.size
        self.size += 1
        for unit_id, steps in after.items():
            if before.get(unit_id) is not steps:
                self._set(index, unit_id, steps)
        for unit_id in before:
            if unit_id not in after:
                self._set(index, unit_id, None)
        return Histories(self, index)

    def _set(self, index: int, unit_id: str, steps: Steps | None) -> None:
        found = self.units.get(unit_id)
        if found is None:  # not setdefault: that makes two lists for every unit of every version
            self.units[unit_id] = ([index], [steps])
        else:
            found[0].append(index)
            found[1].append(steps)

    def at(self, index: int, unit_id: str) -> Steps | None:
        found = self.units.get(unit_id)
        if found is None:
            return None
        at = bisect_right(found[0], index) - 1
        return found[1][at] if at >= 0 else None


class Histories(Mapping[str, Steps]):
    """One version's histories of its units (unit id -> Steps), read from the record's
    `Timeline`."""

    __slots__ = ("_timeline", "_index")

    def __init__(self, timeline: Timeline, index: int):
        self._timeline = timeline
        self._index = index

    def __getitem__(self, unit_id: str) -> Steps:
        found = self._timeline.at(self._index, unit_id)
        if found is None:
            raise KeyError(unit_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return (unit_id for unit_id in self._timeline.units if self._timeline.at(self._index, unit_id) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
