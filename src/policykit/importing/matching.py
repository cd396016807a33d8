"""Which clause of one imported version is which clause of the next (`policy import --history`).

A source that renumbered its clauses gives no ids to follow: a clause is known by what it says.
Comparing every clause of a version with every clause of the next is quadratic, and difflib's
ratio of two long texts is itself slow, so a history of hundreds of clauses and commits would
take hours. Most clauses of a commit are unchanged, or only moved: they are paired by their text
(a dict lookup), and sections by their title. Only what is left is compared with difflib, and a
long remainder only with a bounded set of candidates each (the clauses at about the same place,
and those that share the most word pairs with it), so that the work grows with the number of
clauses, not with its square.

Then `Anchors` follows every anchor the import has published to where its clause is now, and
says what each version declares in policy.yml (`moved:`, `removed:`); `references` finds the
cross-references a renumbering may have broken.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policykit.record.moves import unit_order, walk_moved
from policykit.text.model import LanguageText, collapse
from policykit.text.numbering import Numbering

#: How alike two clauses' texts must be (difflib's ratio, whitespace collapsed) to be one clause.
THRESHOLD = 0.6
#: Up to this many pairs of one kind left after the exact matches, every pair is compared (a
#: small remainder costs little, and the comparison is then exhaustive).
ALL_PAIRS = 400
#: Else each unit left is compared with this many units of the version before that share the most
#: word pairs with it, besides those at about its place (`WINDOW` either side, and its own id).
CANDIDATES = 3
WINDOW = 1
#: Among those, a pair whose common beginning and end make this much of both texts is a clause
#: edited in one place: paired before any other, without difflib.
NEARLY = 0.9
#: Texts at least this long that share no word pair are not compared (they cannot be alike).
SHORT = 100
#: Texts longer than this (characters: a section's whole text) are compared word by word.
LONG = 2000


def compared_units(text: LanguageText) -> dict[str, tuple[str, str]]:
    """id -> (kind, the text compared): a section by its title and all its text (its clauses'
    too), so that a renumbered section is found by what it says; a unit by its own text.
    Each version is matched twice (with the one before and the one after): the last texts'
    units are kept (`_UNITS`)."""
    for held, units in _UNITS:
        if held is text:
            return units
    result = {}
    for section in text.sections:
        whole = collapse(" ".join(f"{u.title or ''} {u.text}" for u in section.walk()))
        result[section.id] = ("section", whole)
        for unit in section.walk():
            if unit is not section:
                result[unit.id] = (unit.kind, text.comparable[unit.id])
    _UNITS[:] = [_UNITS[-1], (text, result)] if _UNITS else [(text, result)]
    return result


_UNITS: list[tuple[LanguageText, dict]] = []


def match(old: LanguageText, new: LanguageText, threshold: float = THRESHOLD) -> dict[str, str]:
    """old id -> new id of the same unit: pairs of one kind whose texts are alike (difflib's
    ratio at least `threshold`; sections of one title are alike), the best pair first, each
    unit in one pair. Equal ratios go to the pair that keeps its id, then to the nearest in
    document order. A unit left over on both sides under one id was rewritten in place.

    Equal texts (and sections of one title) are paired first, by lookup: no other pair can be
    better. The units left are compared pair by pair where they are few (`ALL_PAIRS`). Else each
    is compared with its `candidates` only, which keeps the work linear in the number of units:
    first a text edited in one place (`NEARLY`), then by difflib's ratio."""
    before, after = compared_units(old), compared_units(new)
    position = {unit_id: i for i, unit_id in enumerate(after)}
    old_position = {unit_id: i for i, unit_id in enumerate(before)}
    result: dict[str, str] = {}
    taken: set[str] = set()

    def pair(ratio: float, old_id: str, new_id: str) -> tuple:
        return -ratio, old_id != new_id, abs(old_position[old_id] - position[new_id]), old_id, new_id

    def assign(pairs: list[tuple]) -> None:
        for _, _, _, old_id, new_id in sorted(pairs):
            if old_id not in result and new_id not in taken:
                result[old_id] = new_id
                taken.add(new_id)

    assign(_alike(old, new, before, after, pair))
    for kind in dict.fromkeys(kind for kind, _ in after.values()):
        olds = [unit_id for unit_id, (k, _) in before.items() if k == kind and unit_id not in result]
        news = [unit_id for unit_id, (k, _) in after.items() if k == kind and unit_id not in taken]
        if not olds or not news:
            continue
        if len(olds) * len(news) <= ALL_PAIRS:
            assign(_compared(((old_id, new_id) for new_id in news for old_id in olds), before, after, threshold, pair))
            continue
        shortlist = candidates(olds, news, before, after)
        assign(
            [
                pair(score, old_id, new_id)
                for new_id in news
                for old_id, _ in shortlist[new_id]
                if (score := _affixes(before[old_id][1], after[new_id][1])) >= NEARLY
            ]
        )
        assign(
            _compared(
                (
                    (old_id, new_id)
                    for new_id in news
                    if new_id not in taken
                    for old_id, shared in shortlist[new_id]
                    if old_id not in result and (shared or min(len(before[old_id][1]), len(after[new_id][1])) < SHORT)
                ),
                before,
                after,
                threshold,
                pair,
            )
        )
    for unit_id, (kind, _) in after.items():  # rewritten where it stands: no other text took its place
        if unit_id in before and unit_id not in result and unit_id not in taken and before[unit_id][0] == kind:
            result[unit_id] = unit_id
            taken.add(unit_id)
    return result


#: A pair's sort key for a match (old id, new id) of a ratio: the best first (match's `pair`).
Pairing = Callable[[float, str, str], tuple]


def _compared(
    pairs: Iterable[tuple[str, str]], before: dict, after: dict, threshold: float, pair: Pairing
) -> list[tuple]:
    """The `pairs` (old id, new id; grouped by new id) whose texts have difflib's ratio of at
    least `threshold`, cheap upper bounds first. Texts longer than `LONG` (whole sections) are
    compared word by word: character by character, two of them take seconds."""
    found: list[tuple] = []
    matchers: dict[bool, difflib.SequenceMatcher] = {}  # word by word or not -> the new text's matcher
    current = None
    for old_id, new_id in pairs:
        old_text, text = before[old_id][1], after[new_id][1]
        words = max(len(old_text), len(text)) > LONG
        if new_id != current:
            matchers, current = {}, new_id
        if words not in matchers:
            matchers[words] = difflib.SequenceMatcher(None, autojunk=False)
            matchers[words].set_seq2(text.split(" ") if words else text)
        matcher = matchers[words]
        matcher.set_seq1(old_text.split(" ") if words else old_text)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        ratio = matcher.ratio()
        if ratio >= threshold:
            found.append(pair(ratio, old_id, new_id))
    return found


def _affixes(a: str, b: str) -> float:
    """How much of two texts their common beginning and end are (as difflib's ratio counts):
    nearly 1 for a text edited in one place, and linear to work out."""
    head = len(os.path.commonprefix([a, b]))
    tail = len(os.path.commonprefix([a[head:][::-1], b[head:][::-1]]))
    return 2 * (head + tail) / (len(a) + len(b) or 1)


def _alike(old: LanguageText, new: LanguageText, before: dict, after: dict, pair: Pairing) -> list[tuple]:
    """The pairs of ratio 1: equal texts of one kind, sections of one title, the preambles."""
    by_text: dict[tuple[str, str], list[str]] = {}
    for old_id, (kind, text) in before.items():
        by_text.setdefault((kind, text), []).append(old_id)
    by_title: dict[str, list[str]] = {}
    for section in old.sections:
        if section.title:
            by_title.setdefault(collapse(section.title).lower(), []).append(section.id)
    pairs: list[tuple] = []
    for new_id, (kind, text) in after.items():
        found = set(by_text.get((kind, text), ()))
        if kind == "section":
            unit = new.find(new_id)
            found.update(by_title.get(collapse(unit.title or "").lower(), ()) if unit and unit.title else ())
            if new_id == "s0" and "s0" in before:
                found.add("s0")
        pairs.extend(pair(1.0, old_id, new_id) for old_id in found if before[old_id][0] == kind)
    return pairs


def _shingles(text: str) -> set[str]:
    """The text's word pairs (its words, where it has one), lower-cased: what two versions of
    a clause still share after a few words changed."""
    words = re.findall(r"\w+", text.lower())
    return {f"{a} {b}" for a, b in zip(words, words[1:])} or set(words)


def candidates(olds: list[str], news: list[str], before: dict, after: dict) -> dict[str, list[tuple[str, int]]]:
    """new id -> the old ids worth comparing it with, each with the number of word pairs the
    two share: the `CANDIDATES` that share the most (by Dice's coefficient: a moved clause is
    found wherever it went), those at its rank among the units left (`WINDOW` either side),
    and its own id. Word pairs found in more than a tenth of the units (and in more than
    eight) say little and are not indexed, so no lookup walks a long list."""
    own = {unit_id: _shingles(before[unit_id][1]) for unit_id in olds}
    index: dict[str, list[str]] = {}
    for unit_id, shingles in own.items():
        for shingle in shingles:
            index.setdefault(shingle, []).append(unit_id)
    common = max(8, len(olds) // 10)
    index = {shingle: ids for shingle, ids in index.items() if len(ids) <= common}
    rank = {unit_id: i for i, unit_id in enumerate(olds)}
    found = {}
    for i, new_id in enumerate(news):
        shingles = _shingles(after[new_id][1])
        shared = Counter(old_id for shingle in shingles for old_id in index.get(shingle, ()))
        best = sorted(
            shared,
            key=lambda old_id: (
                -2 * shared[old_id] / (len(shingles) + len(own[old_id])),
                abs(rank[old_id] - i),
                old_id,
            ),
        )[:CANDIDATES]
        near = olds[max(0, i - WINDOW) : i + WINDOW + 1]
        chosen = dict.fromkeys([*best, *near, *([new_id] if new_id in rank else [])])
        found[new_id] = [(old_id, shared.get(old_id, 0)) for old_id in chosen]
    return found


@dataclass
class Renumbering:
    """What one version did to the anchors, and the declarations it leaves in policy.yml."""

    moved: dict[str, str]  # every declaration so far, old -> new
    removed: list[str]
    reused: dict[str, str | None] = field(default_factory=dict)  # live id -> the old id it now holds (None: new)
    new_moves: dict[str, str] = field(default_factory=dict)
    new_removals: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # declarations changed or dropped, in words


class Anchors:
    """Every anchor the replay has published, and where each one's clause is now.

    A live anchor names what the version's text has under it (each version keeps the labels it
    was published with). An anchor that is no longer live lands where the clause it last named
    went (moved:), or on the note of its removal (removed:)."""

    def __init__(self) -> None:
        self.home: dict[str, str | None] = {}  # every published id -> the live id of its clause (None: removed)
        self.moved: dict[str, str] = {}
        self.removed: list[str] = []
        self.live: list[str] = []
        self.pairs: dict[str, str] = {}  # the last step's matches, old id -> new id

    def step(self, old: LanguageText | None, new: LanguageText) -> Renumbering:
        ids = new.ids()
        live = set(ids)
        pairs = match(old, new) if old is not None else {}
        self.pairs = pairs
        result = Renumbering({}, [])
        if old is not None:
            held = {target: source for source, target in pairs.items()}
            for unit_id in self.live:
                if unit_id in live and held.get(unit_id) != unit_id:
                    result.reused[unit_id] = held.get(unit_id)
            for unit_id in ids:  # an anchor published before that comes back with a new clause
                if unit_id not in self.live and unit_id in self.home:
                    result.reused[unit_id] = held.get(unit_id)
            for unit_id, where in self.home.items():
                self.home[unit_id] = pairs.get(where) if where is not None else None
        for unit_id in ids:
            self.home[unit_id] = unit_id
        self._declare(live, result)
        self.live = ids
        result.moved, result.removed = dict(self.moved), list(self.removed)
        return result

    def _declare(self, live: set[str], result: Renumbering) -> None:
        for unit_id in [u for u in self.moved if u in live]:
            result.changed.append(
                f"moved: {unit_id} -> {self.moved.pop(unit_id)} dropped: {unit_id} is an "
                "anchor of the text again (a moved anchor may not be live)"
            )
        for unit_id in [u for u in self.removed if u in live]:
            self.removed.remove(unit_id)
            result.changed.append(f"removed: {unit_id} dropped: {unit_id} is an anchor of the text again")
        removed = set(self.removed)
        for unit_id in sorted(self.home, key=unit_order):
            if unit_id in live:
                continue
            where = self.home[unit_id]
            if unit_id in self.moved:
                end = walk_moved(unit_id, self.moved)  # not chain_end: that caches by the mapping, which changes here
                if end == where or (where is None and end in removed and end not in live):
                    continue
                old = self.moved.pop(unit_id)
                result.changed.append(
                    f"moved: {unit_id} -> {old} changed: its clause is now {'at ' + where if where else 'removed'}"
                )
            elif unit_id in removed:
                continue
            if where is not None:
                self.moved[unit_id] = where
                result.new_moves[unit_id] = where
            else:
                self.removed.append(unit_id)
                removed.add(unit_id)
                result.new_removals.append(unit_id)
        self.moved = dict(sorted(self.moved.items(), key=lambda item: unit_order(item[0])))
        self.removed.sort(key=unit_order)


def renumbering_note(renumbering: Renumbering, numbering: Numbering | None = None) -> str:
    """The sentence a version's summary gets when the source reused labels for other clauses,
    with the labels a reader cites ("1 c now holds what was 1 b"; the report keeps the ids)."""
    numbering = numbering or Numbering()

    def cited(unit_id: str) -> str:
        if unit_id == "s0":
            return "the preamble"
        return numbering.cite(unit_id) if "-" in unit_id else f"section {numbering.cite(unit_id)}"

    parts = [
        f"{cited(unit_id)} now holds what was {cited(was)}" if was else f"{cited(unit_id)} now holds a new text"
        for unit_id, was in sorted(renumbering.reused.items(), key=lambda item: unit_order(item[0]))
    ]
    return f"Renumbered: {'; '.join(parts)}." if parts else ""


REFERENCE_RES = [
    re.compile(r"\b(?:section|§)\s*(?P<section>[0-9]+[a-z]?)(?:\s*\(?(?P<clause>[a-z]{1,2})\)(?!\w))?", re.IGNORECASE),
    re.compile(r"\bclause\s+(?P<section>[0-9]+)\s*\(?(?P<clause>[a-z]{1,2})\)?(?!\w)", re.IGNORECASE),
    re.compile(r"\b(?:clause|paragraph|point)\s+\((?P<clause>[a-z]{1,2})\)", re.IGNORECASE),
    re.compile(r"\bsee\s+(?P<section>[0-9]+)\.(?P<number>[0-9]+)\b", re.IGNORECASE),
]


def references(text: LanguageText, known: set[str] | None = None) -> list[tuple[str, int, str, str]]:
    """(path, line, what the text says, the anchor it points at) for each cross-reference in
    the text: "section 4", "clause 3(b)", "clause (c)" (in its own section), "see 3.2" (s3-2
    where the clauses are numbered so, as `known` ids say, else the second clause, s3-b)."""
    known = set(text.ids()) if known is None else known
    found = []
    for section in text.sections:
        for unit in section.walk():
            for offset, said, groups in _hits(tuple(unit.lines)):
                target = _reference_target(groups, section.id, known)
                if target:
                    found.append((unit.path, unit.line + offset, said, target))
    return found


@functools.lru_cache(maxsize=4096)
def _hits(lines: tuple[str, ...]) -> tuple[tuple[int, str, dict], ...]:
    """(line offset, what it says, its groups) of each reference in a unit's lines: a unit
    that no commit changed is searched once in the whole import."""
    return tuple(
        (offset, hit.group(0), hit.groupdict())
        for offset, line in enumerate(lines)
        for pattern in REFERENCE_RES
        for hit in pattern.finditer(line)
    )


def _reference_target(groups: dict, section_id: str, known: set[str]) -> str | None:
    section = f"s{groups['section'].lower()}" if groups.get("section") else section_id
    if groups.get("number"):
        number = int(groups["number"])
        if f"{section}-{number}" in known:
            return f"{section}-{number}"
        return f"{section}-{chr(ord('a') + number - 1)}" if 1 <= number <= 26 else None
    if groups.get("clause"):
        return f"{section}-{groups['clause'].lower()}"
    return section


def broken_references(old: LanguageText, new: LanguageText, renumbering: Renumbering) -> list[str]:
    """The cross-references that the renumbering broke: a reference the text kept, to an
    anchor that now holds another clause or is no longer in the text."""
    known = set(old.ids()) | set(new.ids())
    kept = {(ref, target) for _, _, ref, target in references(old, known)}
    live = set(new.ids())
    problems = []
    for path, line, ref, target in references(new, known):
        if (ref, target) not in kept:
            continue
        if target in renumbering.reused:
            was = renumbering.reused[target]
            problems.append(
                f"{path}:{line}: '{ref}' points at {target}, which now holds "
                f"{'what was ' + was if was else 'a new text'} (check the reference)"
            )
        elif target not in live and target in set(renumbering.moved) | set(renumbering.removed):
            where = renumbering.moved.get(target)
            problems.append(
                f"{path}:{line}: '{ref}' points at {target}, which is "
                f"{'now ' + where if where else 'removed'} (check the reference)"
            )
    return problems
