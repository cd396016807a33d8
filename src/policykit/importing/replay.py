"""Replaying the git history of a single-file policy as the site's versions (`policy import --history`).

A policy that lived as one Markdown file in another repository already has a record: the
commits that changed it. Replaying them keeps that record. Each first-parent commit of the
source that changed the file (or each tag on one, `by="tag"`) becomes one commit of the site
repository, with its dates and subject, the text split into section files by `importer.split`
and a policy.yml whose `moved:` and `removed:` keep every anchor the replay publishes working,
although the source renumbered its clauses (the site's own rule, never reletter, is one the
source did not follow).

Everything is read and worked out before anything is written: a failure leaves the site as it
was. The commits are made with git's plumbing on a private index, and the branch moves once,
at the end. Independent of click and MkDocs; the command is in cli.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import git
import yaml

from .. import limits
from ..checks import Problems
from ..meta import KNOWN_KEYS, VERSION_RE
from ..model import LanguageText, collapse
from ..project import policy_folder, site_languages
from ..source import META_FILE, check_policy, read_tree
from ..versions import _order, _walk, chain_end
from . import sitemeta
from .gitsource import ReplayError, SourceCommit, first_parent_order, follow, open_source, split_spec, tags_on
from . import standalone

#: Who the imported commits are by, unless the source's authors are kept: a commit of a
#: policy's record names no person who did not agree to be named on the site.
NEUTRAL = ("Imported", "import@invalid")
#: How alike two clauses' texts must be (difflib's ratio, whitespace collapsed) to be one clause.
THRESHOLD = 0.6
#: The trailer of each imported commit that names the commit it replays.
TRAILER = "Source-commit"


# The timeline: which texts each site commit holds ----------------------------------------


@dataclass
class Step:
    """One commit of the site: every language's source commit at that moment."""

    commit: SourceCommit  # the source commit this step replays
    texts: dict[str, SourceCommit]  # language -> the commit whose text it holds
    new_version: bool  # the authoritative text changed (else a translation joins the version before)
    tag: str | None = None
    changed: list[str] = field(default_factory=list)  # the languages whose text changed here


#: The direction controls (embeddings, overrides, isolates): in a one-line summary they reorder
#: the text around them, and a commit's subject has no need of them.
DIRECTION_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_subject(commit: SourceCommit, notes: list[str] | None = None) -> str:
    """The commit's subject without control characters and direction controls (policy.yml
    refuses the one, a summary has no use for the other); what was dropped is said in `notes`."""
    found = [m.group() for m in sorted((*limits.REFUSED_RE.finditer(commit.subject),
                                         *DIRECTION_RE.finditer(commit.subject)), key=lambda m: m.start())]
    if found and notes is not None:
        notes.append(f"{commit.path}@{commit.short}: the commit's subject holds "
                     f"{', '.join(dict.fromkeys(limits.describe(c) for c in found))}: left out of the summary")
    return DIRECTION_RE.sub("", limits.REFUSED_RE.sub("", commit.subject)).strip()


def timeline(files: dict[str, list[SourceCommit]], authoritative: str, order: dict[str, int],
             tags: list[tuple[str, SourceCommit]] | None = None) -> list[Step]:
    """The site's commits, in the source's first-parent order.

    By commit: every commit that changed the authoritative file makes a version; one that
    changed only a translation joins the version before it (a translation written before the
    first version comes in with it). By tag: one version per tag, each file as it was at the
    tagged commit."""
    def state(at: int) -> dict[str, SourceCommit]:
        held = {}
        for lang, commits in files.items():
            before = [c for c in commits if order[c.sha] <= at]
            if before and before[-1].data is not None:
                held[lang] = before[-1]
        return held

    if tags is not None:
        return [Step(commit, state(order[commit.sha]), True, tag) for tag, commit in tags]
    events = sorted({c.sha for commits in files.values() for c in commits}, key=order.__getitem__)
    commit_of = {c.sha: c for commits in files.values() for c in commits}
    steps: list[Step] = []
    previous: dict[str, SourceCommit] = {}
    for sha in events:
        held = state(order[sha])
        if authoritative not in held:
            continue  # before the first version (or while the file was deleted): carried into the next
        changed = [lang for lang in held if lang not in previous or previous[lang].data != held[lang].data]
        new = not steps or previous[authoritative].data != held[authoritative].data  # a rename alone is no change
        if changed:
            steps.append(Step(commit_of[sha], held, new, changed=changed))
        previous = held
    return steps


# Labels and dates -------------------------------------------------------------------------


def tag_label(tag: str, taken: set[str]) -> str:
    """A tag's name as a version label ([0-9A-Za-z][0-9A-Za-z._-]*, at most limits.MAX_VERSION),
    made unique against `taken`."""
    label = re.sub(r"[^0-9A-Za-z._-]+", "-", tag).lstrip("._-")[:limits.MAX_VERSION].rstrip("-") or "v"
    base, n = label, 2
    while label in taken or not VERSION_RE.match(label):
        suffix = f"-{n}"
        label = base[:limits.MAX_VERSION - len(suffix)] + suffix
        n += 1
    return label


MONTHS = {name: number for number, names in enumerate([
    ("january", "januar", "jan"), ("february", "februar", "feb"), ("march", "märz", "maerz", "mar"),
    ("april", "apr"), ("may", "mai"), ("june", "juni", "jun"), ("july", "juli", "jul"),
    ("august", "aug"), ("september", "sept", "sep"), ("october", "oktober", "oct", "okt"),
    ("november", "nov"), ("december", "dezember", "dec", "dez")], 1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_LINE_RE = re.compile(r"(?:last\s+updated|effective\s+date|effective|updated|gültig\s+ab|stand)\s*(?:on|:|ab)?\s*"
                          r"(?P<date>[^\n]{6,40})", re.IGNORECASE)
DATE_FORMS = [
    (re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"), None),
    (re.compile(rf"(?P<d>[0-9]{{1,2}})\.?\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>[0-9]{{4}})", re.IGNORECASE), "name"),
    (re.compile(rf"(?P<m>{_MONTH})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>[0-9]{{4}})", re.IGNORECASE),
     "name"),
]


def date_in_text(text: str) -> dt.date | None:
    """The date after "Last updated:", "Effective date:", "Effective:" or "Gültig ab" in the
    text (the first one found), written 2024-03-01, 1 March 2024 or March 1, 2024; else None."""
    plain = re.sub(r"[*_`]", "", text)
    for found in DATE_LINE_RE.finditer(plain):
        for pattern, kind in DATE_FORMS:
            match = pattern.match(found.group("date").strip())
            if not match:
                continue
            month = MONTHS[match.group("m").lower()] if kind else int(match.group("m"))
            try:
                date = dt.date(int(match.group("y")), month, int(match.group("d")))
            except ValueError:
                continue
            if limits.year_in_range(date.year):
                return date
    return None


def effective_dates(steps: list[Step], authoritative: str, notes: list[str]) -> list[dt.date]:
    """Per version step: the date in its text, else its commit's day (where it was made, in its
    own offset: a commit of 17:02 -0700 is of that day, not the next in UTC), never earlier than
    the version before's (said in `notes`). A text date that is not updated, or goes back, gives
    way to the commit's date: a date the version before has already would put it never in force."""
    dates: list[dt.date] = []
    found_before = None
    for step in steps:
        source = step.texts[authoritative]
        found = date_in_text(source.text)
        committed = step.commit.day
        date = found or committed
        if found is not None and found == found_before and dates:  # the text's date was not updated
            notes.append(f"{source.path}@{source.short}: the text still says {found}, the date of the version "
                         f"before; the commit's date, {committed}, is used")
            date = committed
        found_before = found
        if dates and date < dates[-1]:  # the commit's date, unless it is earlier too: one date, one version
            used = f"the commit's date, {committed}," if committed > dates[-1] else dates[-1]
            notes.append(f"{source.path}@{source.short}: the effective date {date} is earlier than "
                         f"the version before's, {dates[-1]}; {used} is used")
            date = committed if committed > dates[-1] else dates[-1]
        dates.append(date)
    return dates


# Matching clauses across versions ---------------------------------------------------------


def _units(text: LanguageText) -> dict[str, tuple[str, str]]:
    """id -> (kind, the text compared): a section by its title and all its text (its clauses'
    too), so that a renumbered section is found by what it says; a unit by its own text."""
    result = {}
    for section in text.sections:
        whole = collapse(" ".join(f"{u.title or ''} {u.text}" for u in section.walk()))
        result[section.id] = ("section", whole)
        for unit in section.walk():
            if unit is not section:
                result[unit.id] = (unit.kind, text.comparable[unit.id])
    return result


def _same_title(old: LanguageText, new: LanguageText, old_id: str, new_id: str, kind: str) -> bool:
    """Two sections with one title (or the two preambles) are one section, whatever their clauses say."""
    if kind != "section":
        return False
    if old_id == new_id == "s0":
        return True
    before, after = old.find(old_id), new.find(new_id)
    return bool(before and after and before.title and collapse(before.title).lower() == collapse(after.title or "").lower())


def match(old: LanguageText, new: LanguageText, threshold: float = THRESHOLD) -> dict[str, str]:
    """old id -> new id of the same unit: pairs of one kind whose texts are alike (difflib's
    ratio at least `threshold`; sections of one title are alike), the best pair first, each
    unit in one pair. Equal ratios go to the pair that keeps its id, then to the nearest in
    document order. A unit left over on both sides under one id was rewritten in place."""
    before, after = _units(old), _units(new)
    position = {unit_id: i for i, unit_id in enumerate(after)}
    old_position = {unit_id: i for i, unit_id in enumerate(before)}
    pairs = []
    for new_id, (kind, text) in after.items():
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text)
        for old_id, (old_kind, old_text) in before.items():
            if old_kind != kind:
                continue
            if old_text == text or _same_title(old, new, old_id, new_id, kind):
                ratio = 1.0
            else:
                matcher.set_seq1(old_text)
                if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                    continue
                ratio = matcher.ratio()
            if ratio >= threshold:
                pairs.append((-ratio, old_id != new_id, abs(old_position[old_id] - position[new_id]), old_id, new_id))
    pairs.sort()
    result: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, _, old_id, new_id in pairs:
        if old_id not in result and new_id not in taken:
            result[old_id] = new_id
            taken.add(new_id)
    for unit_id, (kind, _) in after.items():  # rewritten where it stands: no other text took its place
        if unit_id in before and unit_id not in result and unit_id not in taken and before[unit_id][0] == kind:
            result[unit_id] = unit_id
            taken.add(unit_id)
    return result


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
            result.changed.append(f"moved: {unit_id} -> {self.moved.pop(unit_id)} dropped: {unit_id} is an "
                                  "anchor of the text again (a moved anchor may not be live)")
        for unit_id in [u for u in self.removed if u in live]:
            self.removed.remove(unit_id)
            result.changed.append(f"removed: {unit_id} dropped: {unit_id} is an anchor of the text again")
        removed = set(self.removed)
        for unit_id in sorted(self.home, key=_order):
            if unit_id in live:
                continue
            where = self.home[unit_id]
            if unit_id in self.moved:
                end = _walk(unit_id, self.moved)  # not chain_end: that caches by the mapping, which changes here
                if end == where or (where is None and end in removed and end not in live):
                    continue
                old = self.moved.pop(unit_id)
                result.changed.append(f"moved: {unit_id} -> {old} changed: its clause is now "
                                      f"{'at ' + where if where else 'removed'}")
            elif unit_id in removed:
                continue
            if where is not None:
                self.moved[unit_id] = where
                result.new_moves[unit_id] = where
            else:
                self.removed.append(unit_id)
                removed.add(unit_id)
                result.new_removals.append(unit_id)
        self.moved = dict(sorted(self.moved.items(), key=lambda item: _order(item[0])))
        self.removed.sort(key=_order)


def renumbering_note(renumbering: Renumbering, numbering=None) -> str:
    """The sentence a version's summary gets when the source reused labels for other clauses,
    with the labels a reader cites ("1 c now holds what was 1 b"; the report keeps the ids)."""
    from ..numbering import Numbering

    numbering = numbering or Numbering()

    def cited(unit_id: str) -> str:
        if unit_id == "s0":
            return "the preamble"
        return numbering.cite(unit_id) if "-" in unit_id else f"section {numbering.cite(unit_id)}"

    parts = [f"{cited(unit_id)} now holds what was {cited(was)}" if was else f"{cited(unit_id)} now holds a new text"
             for unit_id, was in sorted(renumbering.reused.items(), key=lambda item: _order(item[0]))]
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
            for offset, line in enumerate(unit.lines):
                for pattern in REFERENCE_RES:
                    for hit in pattern.finditer(line):
                        target = _reference_target(hit, section.id, known)
                        if target:
                            found.append((unit.path, unit.line + offset, hit.group(0), target))
    return found


def _reference_target(hit: re.Match, section_id: str, known: set[str]) -> str | None:
    groups = hit.groupdict()
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
            problems.append(f"{path}:{line}: '{ref}' points at {target}, which now holds "
                            f"{'what was ' + was if was else 'a new text'} (check the reference)")
        elif target not in live and target in set(renumbering.moved) | set(renumbering.removed):
            where = renumbering.moved.get(target)
            problems.append(f"{path}:{line}: '{ref}' points at {target}, which is "
                            f"{'now ' + where if where else 'removed'} (check the reference)")
    return problems


# The plan: every site commit worked out before one is written ------------------------------


@dataclass
class Planned:
    """One commit of the site, ready to write."""

    step: Step
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


def _imported_files(imported, lang: str) -> dict[str, bytes]:
    """The section files `importer.write` makes of `imported`, below the policy folder."""
    from . import split as importer

    with tempfile.TemporaryDirectory(prefix="policy-import-") as folder:
        policy = Path(folder) / "policy"
        importer.write(imported, policy, force=True)
        return {f"{lang}/{p.name}": p.read_bytes() for p in sorted((policy / lang).glob("*.md"))}


def _parse(files: dict[str, bytes], lang: str, shown: str = "policy", numbering: dict | None = None) -> LanguageText | None:
    """The units of one language's written files, as the site reads them (source.check_policy,
    in the text's numbering scheme); `shown` is the site's policy folder, as messages name it."""
    with tempfile.TemporaryDirectory(prefix="policy-import-") as folder:
        meta = policy_yml("0", dt.date(2000, 1, 1), lang, {lang: "-"}, {lang: "-"}, None, {}, [])
        if numbering:
            meta += yaml.safe_dump({"numbering": numbering}).encode("utf-8")
        (Path(folder) / META_FILE).write_bytes(meta)
        for rel, data in files.items():
            if rel.startswith(f"{lang}/"):
                (Path(folder) / rel).parent.mkdir(parents=True, exist_ok=True)
                (Path(folder) / rel).write_bytes(data)
        policy = check_policy(read_tree(Path(folder), shown), [lang])
    return policy.texts.get(lang)


#: "(legal/privacy.md:37)" in a guess about a translation: where the unit is in the text of the
#: moment, a line that moves as the text grows, so no part of what makes a guess new.
REFERENCE_LINE_RE = re.compile(r"\(([^()\s]+):[0-9]+\)")


class Splitter:
    """`importer.split` once per text: a translation is split against the authoritative text
    of its moment, every text with the first version's numbering scheme."""

    def __init__(self, authoritative: str, notes: list[str], heading_level: int | None = None):
        self.authoritative, self.notes, self.heading_level = authoritative, notes, heading_level
        self.numbering: dict | None = None
        self.cache: dict[tuple, object] = {}
        self.said: set[tuple[str, str]] = set()
        self.levels: dict[str, int] = {}  # a language's level of section headings in the commit before

    def split(self, lang: str, source: SourceCommit, reference=None, text: str | None = None, strict: bool = False):
        """`text`: the source's text as `translate` aligned it; `strict`: a translation that does
        not fit `reference` raises the importer's ImportProblem (else it is imported as it stands)."""
        from . import split as importer

        key = (lang, source.sha, source.path, id(reference), text)
        if key not in self.cache:
            try:
                imported = importer.split(source.text if text is None else text, source.path, lang,
                                          numbering=self.numbering, reference=reference,
                                          heading_level=self.heading_level, previous_level=self.levels.get(lang))
            except importer.ImportProblem as exc:
                if strict and reference is not None:
                    raise
                if reference is None:
                    raise ReplayError(f"{source.path}@{source.short}:{exc.line or 1}: {exc.message}",
                                      exc.fix or "correct the source, or import from a later commit") from None
                # A translation that lags a change of the text's units: imported as it stands
                said = exc.message.replace(f"({reference.path}/)", f"({reference.path})")
                self.notes.append(f"{source.path}@{source.short}:{exc.line or 1}: {said}; the {lang} "
                                  f"text is imported as it stands, without the {self.authoritative} text's units")
                try:
                    imported = importer.split(source.text, source.path, lang, numbering=self.numbering,
                                              heading_level=self.heading_level, previous_level=self.levels.get(lang))
                except importer.ImportProblem as again:
                    raise ReplayError(f"{source.path}@{source.short}:{again.line or 1}: {again.message}",
                                      again.fix or "correct the source, or import from a later commit") from None
            if self.numbering is None and lang == self.authoritative:
                self.numbering = imported.numbering
            self.levels[lang] = imported.heading_level
            if (source.sha, source.path) not in self.said:
                self.said.add((source.sha, source.path))
                self.notes.extend(source.refused())
            for guess in imported.guesses:  # said once per language: most recur in every commit
                said = (lang, REFERENCE_LINE_RE.sub(r"(\1)", guess.message))
                if said not in self.said:
                    self.said.add(said)
                    self.notes.append(f"{source.path}@{source.short}:{guess.line}: {guess.message}")
            self.cache[key] = imported
        return self.cache[key]


def translate(splitter: Splitter, lang: str, source: SourceCommit, auth, now: LanguageText | None,
              mapping: dict[str, str | None], label: str):
    """A translation's text as the authoritative text of its commit has it: a translation that
    lags a renumbering has its units relabelled as `mapping` says (its own id -> the
    authoritative id of its clause now; None: removed), the units whose clause the authoritative
    text removed left out (blank lines, so the source's line numbers stay), and the units it
    lacks marked untranslated (the importer's match). Each change is a note, SOURCE@HASH:LINE."""
    from . import split as importer
    from ..numbering import Numbering

    own = splitter.split(lang, source)
    ids = [unit_id for section in own.sections for unit_id in section.ids]
    starts = {unit_id: line for section in own.sections for unit_id, line in section.lines.items()}
    lines = source.text.split("\n")
    live = set(now.ids()) if now else set()
    numbering = Numbering(**(splitter.numbering or {}))
    where = f"{source.path}@{source.short}"
    blanked: set[str] = set()

    def note(line: int, key: tuple, text: str) -> None:  # once per file@commit:line and change
        if (where, line, key) not in splitter.said:
            splitter.said.add((where, line, key))
            splitter.notes.append(f"{where}:{line}: {text}")

    def blank(unit_id: str, why: str) -> None:
        blanked.add(unit_id)
        start = starts.get(unit_id)
        if start is None:
            return
        later = [line for other, line in starts.items()
                 if line > start and not other.startswith(unit_id + "-")]
        for n in range(start - 1, min(later, default=len(lines) + 1) - 1):
            lines[n] = ""
        new = mapping.get(unit_id, unit_id)
        named = unit_id if new in (None, unit_id) else f"{unit_id} ({new} from version {label})"
        note(start, (unit_id, None), f"{named} is left out of the {lang} text from version {label} on: {why}")

    for unit_id in ids:
        if any(unit_id.startswith(gone + "-") for gone in blanked):
            continue
        new = mapping.get(unit_id, unit_id)
        if new is None or new not in live:
            blank(unit_id, f"the {splitter.authoritative} text {'removed its clause' if new is None else 'has no ' + new}"
                           f" (translate the {splitter.authoritative} text's, or it stays untranslated)")
            continue
        if new == unit_id:
            continue
        parent = unit_id.rpartition("-")[0]
        if parent and new.rpartition("-")[0] != mapping.get(parent, parent):
            blank(unit_id, f"its clause is {new} now, in another section")
            continue
        old_mark, new_mark = numbering.mark(unit_id), numbering.mark(new)
        n = starts.get(unit_id, 0) - 1
        pattern = re.compile(r"^(\s*(?:#{1,6}\s+)?(?:[*_]{1,2})?)" + re.escape(old_mark) + r"(?=[\s*_)]|$)")
        if old_mark != new_mark:
            if not 0 <= n < len(lines) or not pattern.match(lines[n]):
                blank(unit_id, f"its clause is {new} now, and its label could not be rewritten")
                continue
            lines[n] = pattern.sub(lambda m: m.group(1) + new_mark, lines[n], count=1)
        note(n + 1, (unit_id, new), f"the {lang} text's {numbering.cite(unit_id)} is {numbering.cite(new)} from "
                                    f"version {label} on ({unit_id} -> {new}: the {splitter.authoritative} text "
                                    f"renumbered it); relabelled until the {lang} text is updated")
    text = None if not blanked and all(mapping.get(i, i) == i for i in ids) else "\n".join(lines)
    for _ in range(len(ids) + 1):
        try:
            return splitter.split(lang, source, reference=auth, text=text, strict=True)
        except importer.ImportProblem as exc:
            at = [unit_id for unit_id, line in starts.items() if line <= (exc.line or 0) and unit_id not in blanked]
            if not at:
                raise ReplayError(f"{where}:{exc.line or 1}: {exc.message}",
                                  exc.fix or "correct the source, or import from a later commit") from None
            blank(max(at, key=starts.__getitem__), exc.message.replace(f"({auth.path}/)", f"({auth.path})"))
            text = "\n".join(lines)
    raise ReplayError(f"{where}: the {lang} text does not fit version {label}", "correct the source")


def policy_yml(label: str, effective: dt.date, authoritative: str, titles: dict[str, str],
               summaries: dict[str, str], imported, moved: dict[str, str], removed: list[str],
               aliases: dict[str, str] | None = None) -> bytes:
    """policy.yml of one imported commit. `numbering` (where it is not the default scheme),
    `gaps` and `aliases` are written where they say something."""
    data: dict = {"version": label, "effective": effective, "authoritative": authoritative,
                  "title": titles, "summary": summaries}
    from .split import DEFAULT_NUMBERING

    numbering = getattr(imported, "numbering", None)
    extra = {"numbering": numbering if numbering and numbering != DEFAULT_NUMBERING else None,
             "gaps": list(getattr(imported, "gaps", None) or []) or None,
             "aliases": dict(aliases if aliases is not None else getattr(imported, "aliases", None) or {}) or None}
    data.update({key: value for key, value in extra.items() if key in KNOWN_KEYS and value})
    data.update({"moved": moved, "removed": removed})
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    first, _, rest = text.partition("\n")  # the label quoted, as editors write it: 1.10 stays text
    return (f'version: "{label}"\n' + rest).encode("utf-8")


def _numbering(imported):
    """The `Numbering` of an importer's result (its scheme as policy.yml names it)."""
    from ..numbering import Numbering

    return Numbering(**(getattr(imported, "numbering", None) or {}))


def _counts(text: LanguageText | None) -> str:
    units = list(text.units()) if text else []
    kinds = [sum(u.kind == kind for u in units) for kind in ("section", "clause", "subclause")]
    return f"{kinds[0]} sections, {kinds[1]} clauses, {kinds[2]} sub-clauses"


def _labels(steps: list[Step], taken: set[str]) -> list[str]:
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


def plan(steps: list[Step], authoritative: str, languages: list[str], anchors: Anchors | None = None,
         previous: LanguageText | None = None, taken: set[str] | None = None,
         heading_level: int | None = None, shown: str = "policy") -> Plan:
    """The site's commits for `steps`. `anchors`, `previous` and `taken`: what the site has
    published already (an import with force onto a site's own history)."""
    result = Plan([])
    notes = result.notes
    anchors = anchors or Anchors()
    splitter = Splitter(authoritative, notes, heading_level)
    versions = [s for s in steps if s.new_version]
    labels = dict(zip(map(id, versions), _labels(versions, set(taken or ()))))
    dates = dict(zip(map(id, versions), effective_dates(versions, authoritative, notes)))
    titles: dict[str, str] = {}
    aliases: dict[str, str] = {}
    align: dict[str, dict[str, str | None]] = {}  # translation -> its own ids -> the authoritative ids now
    aligned: dict[str, bytes | None] = {}  # translation -> the text `align` is for
    label = summary = None
    effective = None
    for step in steps:
        auth_source = step.texts[authoritative]
        auth = splitter.split(authoritative, auth_source)
        files = _imported_files(auth, authoritative)
        imports = {authoritative: auth}
        renumbering = None
        text = _parse(files, authoritative, shown, auth.numbering)
        if step.new_version:
            label, effective = labels[id(step)], dates[id(step)]
            renumbering = anchors.step(previous, text) if text else None
            subject = clean_subject(step.commit, notes) or f"Imported from {step.commit.short}"
            note = renumbering_note(renumbering, _numbering(auth)) if renumbering else ""
            joined = subject if not note else f"{subject}{'' if subject[-1:] in '.!?' else '.'} {note}"
            summary = joined[:limits.MAX_SUMMARY]
            _note_renumbering(notes, label, auth_source, previous, text, renumbering)
            aliases = _aliases(aliases, auth.aliases, anchors, set(text.ids()) if text else set(),
                               f"{auth_source.path}@{auth_source.short}", notes)
            if renumbering and renumbering.reused:
                for lang in [l for l in step.texts if l != authoritative and l not in step.changed]:
                    held = step.texts[lang]
                    notes.append(f"{held.path}@{held.short}: the {lang} text was written before version {label} "
                                 f"renumbered {', '.join(renumbering.reused)}: until it is updated, its units "
                                 f"are relabelled as the {authoritative} text's (check them)")
            if renumbering is not None and previous is not None:  # a lagging translation follows its clauses
                align = {lang: {own: anchors.pairs.get(now) if now else None for own, now in held.items()}
                         for lang, held in align.items()}
            previous = text
        for lang in languages:
            if lang != authoritative and lang in step.texts:
                if aligned.get(lang) != step.texts[lang].data:  # a new text: written against this step's
                    align[lang] = {i: i for s in splitter.split(lang, step.texts[lang]).sections for i in s.ids}
                    aligned[lang] = step.texts[lang].data
                imports[lang] = translate(splitter, lang, step.texts[lang], auth, text, align[lang], label)
                files.update(_imported_files(imports[lang], lang))
        for lang, imported in imports.items():
            titles[lang] = (imported.title or titles.get(lang) or auth.title or auth_source.path)[:limits.MAX_TITLE]
        summaries = {lang: summary for lang in [authoritative, *[l for l in languages if l in titles and l != authoritative]]}
        shown_titles = {lang: titles.get(lang, titles[authoritative]) for lang in summaries}
        files[META_FILE] = policy_yml(label, effective, authoritative, shown_titles, summaries, auth,
                                      dict(anchors.moved), list(anchors.removed), aliases)
        message = f"{clean_subject(step.commit) or 'Imported from ' + step.commit.short}\n\n{TRAILER}: {step.commit.sha}\n"
        if step.tag:
            message += f"Source-tag: {step.tag}\n"
        kind = "version" if step.new_version else "translation"
        held = ", ".join(f"{lang}@{c.short}" for lang, c in step.texts.items())
        line = (f"{kind} {label}  effective {effective}  from {step.commit.short}  {_counts(text)}  "
                f"({', '.join(step.changed or languages)} {'changed' if not step.new_version else 'text'}; {held})")
        result.commits.append(Planned(step, label, effective, files, message, line, renumbering))
    return result


def _aliases(kept: dict[str, str], new: dict[str, str], anchors: Anchors, live: set[str], where: str,
             notes: list[str]) -> dict[str, str]:
    """The old page's fragments (`aliases:`) of every version so far: a link into an old page of
    any version keeps landing. One whose anchor is no longer live follows its clause, or goes
    (an alias must land on the text, and the clause is gone)."""
    result = {}
    for fragment, target in kept.items():
        home = anchors.pairs.get(target)  # where the unit it landed on went
        if home in live:
            result[fragment] = home
            if home != target:
                notes.append(f"{where}: aliases: #{fragment} now lands on {home} (its clause was {target})")
        elif fragment not in new:
            notes.append(f"{where}: aliases: #{fragment} dropped: {target}'s clause is no longer in the text")
    result.update(new)
    return result


def _note_renumbering(notes: list[str], label: str, source: SourceCommit, old: LanguageText | None,
                      new: LanguageText | None, renumbering: Renumbering | None) -> None:
    """The report's lines for what the version did to anchors."""
    if renumbering is None or old is None or new is None:
        return
    where = f"{source.path}@{source.short}"
    for unit_id, was in sorted(renumbering.reused.items(), key=lambda item: _order(item[0])):
        notes.append(f"{where}: version {label} renumbered: {unit_id} now holds "
                     f"{'what was ' + was if was else 'a new text'}")
    for old_id, new_id in renumbering.new_moves.items():
        notes.append(f"{where}: version {label}: moved: {{{old_id}: {new_id}}}")
    if renumbering.new_removals:
        notes.append(f"{where}: version {label}: removed: [{', '.join(renumbering.new_removals)}]")
    for change in renumbering.changed:
        notes.append(f"{where}: version {label}: {change}")
    for problem in broken_references(old, new, renumbering):
        notes.append(f"{problem} (version {label}, from {where})")


# The site: what it has, and writing the commits ---------------------------------------------

#: Where `policy init` writes its sample sections: policy/LANG/01-*.md.
INIT_FILE_RE = re.compile(r"^[^/]+/[0-9]+-[^/]+\.md$")


@dataclass
class Site:
    repo: git.Repo
    root: Path
    policy_dir: str  # relative to root
    policy_path: str  # from the repository's top, as git names it
    head: str | None
    fresh: bool  # no commits under policy/, or only those of `policy init`
    init_commits: bool  # fresh, but `policy init`'s commits are there
    languages: list[str] | None  # what mkdocs.yml lists; None when it lists none


def _git(repo: git.Repo, *args: str, env: dict | None = None, data: bytes | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=repo.working_tree_dir, env={**os.environ, **(env or {})},
                            input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8", "replace").strip()


def open_site(into: Path, force: bool) -> Site:
    """The site repository at `into`, checked: a git repository, no uncommitted change under
    the policy folder, no policy history of its own unless `force` (or only `policy init`'s)."""
    root = into.resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReplayError(f"{into}: not a git repository", f"make the site a repository first: git init {into}, "
                          "or name it with --into") from None
    top = Path(repo.working_tree_dir).resolve()
    policy_dir = policy_folder(root)
    prefix = root.relative_to(top).as_posix()
    policy_path = policy_dir if prefix == "." else f"{prefix}/{policy_dir}"
    try:
        head = repo.head.commit.hexsha
    except ValueError:
        head = None
    commits = repo.git.log("--first-parent", "--format=%H", "HEAD", "--", f":(literal){policy_path}").split() if head else []
    shaped = all(_init_shaped(repo, sha, policy_path) for sha in commits)
    status = _git(repo, "status", "--porcelain", "-z", "--untracked-files=all", "--", f":(literal){policy_path}")
    changed = [entry[3:] for entry in status.split("\0") if len(entry) > 3]
    top_path = Path(repo.working_tree_dir)
    if changed and not (not commits and all(_sample(name, policy_path, (top_path / name).read_bytes)
                                            for name in changed if (top_path / name).is_file())):
        raise ReplayError(f"{policy_path}/ has uncommitted changes ({', '.join(changed[:3])}"
                          f"{', …' if len(changed) > 3 else ''})",
                          "commit or remove them first: the import writes the policy folder")
    if commits and not shaped and not force:
        subject = repo.commit(commits[0]).summary
        raise ReplayError(f"{into}: the site already has {len(commits)} commit(s) that change {policy_path}/ "
                          f"(the last: {commits[0][:7]} {subject!r})",
                          "import into a new site, or pass --force to add the imported versions after them")
    listed = site_languages(root, policy_dir) if (root / "mkdocs.yml").is_file() else []
    has_i18n = (root / "mkdocs.yml").is_file() and "i18n" in (root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace")
    return Site(repo, root, policy_dir, policy_path, head, not commits or shaped, bool(commits) and shaped,
                listed if has_i18n and listed else None)


def _below(name: str, policy_path: str) -> str:
    name = name.strip('"')
    return name[len(policy_path) + 1:] if name.startswith(policy_path + "/") else name


def _init_shaped(repo: git.Repo, sha: str, policy_path: str) -> bool:
    """Whether the policy folder of commit `sha` holds only what `policy init` writes:
    policy.yml and sample sections (front matter `sample: true`, importer.SAMPLE_KEY)."""
    tree = repo.commit(sha).tree
    names = repo.git.ls_tree("-r", "-z", "--name-only", sha, "--", f"{policy_path}/").split("\0")
    return all(_sample(name, policy_path, lambda: (tree / name).data_stream.read()) for name in names if name)


def _sample(name: str, policy_path: str, read) -> bool:
    """policy.yml, or a section file `policy init` wrote (unchanged), or one marked as a sample
    (front matter `sample: true`): what the importer replaces without --force."""
    below = _below(name, policy_path)
    if below == META_FILE:
        return True
    if not INIT_FILE_RE.match(below):
        return False
    from .split import SAMPLE_KEY

    lang, _, filename = below.partition("/")
    data = read()
    try:
        from ..init import section_path, section_text
    except ImportError:  # a package without `policy init`
        pass
    else:
        if filename == Path(section_path(lang)).name and data == section_text(lang).encode("utf-8"):
            return True
    match = re.match(r"^---\n(.*?)\n---\n", data.decode("utf-8", "replace"), re.DOTALL)
    try:
        front = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        return False
    return isinstance(front, dict) and front.get(SAMPLE_KEY) is True


def check_languages(site: Site, languages: list[str]) -> None:
    """The import's languages must be the site's: a language the site lists without text, or a
    text in a language it does not list, would stop the build."""
    if site.languages is None:
        if len(languages) > 1:
            raise ReplayError(f"{site.root / 'mkdocs.yml'}: the site lists no languages (the i18n plugin), "
                              f"but the import has {', '.join(languages)}",
                              "list them under the i18n plugin's languages in mkdocs.yml first")
        folders = site_languages(site.root, site.policy_dir)  # a site of one language: its one folder
        if len(folders) == 1 and folders != languages:
            raise ReplayError(f"{site.root / 'mkdocs.yml'}: the site has one language, {folders[0]} "
                              f"({site.policy_path}/{folders[0]}/, no i18n plugin), not {languages[0]}",
                              f"import with --language {folders[0]}, or make a site in {languages[0]} "
                              f"with policy init DIR --languages {languages[0]}")
        return
    missing = [l for l in site.languages if l not in languages]
    extra = [l for l in languages if l not in site.languages]
    if extra:
        raise ReplayError(f"the site's languages are {', '.join(site.languages)}; {', '.join(extra)} is not one of them",
                          "add it to the i18n plugin's languages in mkdocs.yml, or leave its --translation out")
    if missing:
        raise ReplayError(f"the site has the language(s) {', '.join(missing)}, but the import has no text for them",
                          f"add --translation {missing[0]}=PATH, or remove the language from mkdocs.yml")


def write(site: Site, commits: list[Planned], keep_authors: bool, source: str) -> list[str]:
    """Make the planned commits (git plumbing, a private index) and move the branch once, at
    the end; then bring the policy folder of the working tree to the new HEAD. Returns the
    new commits' ids.

    Onto a site whose only policy commits are `policy init`'s sample, the imported commits form
    a line of their own, merged with the site's HEAD as the second parent: the sample is then
    no version of the site (the history follows first parents), and nothing is rewritten."""
    repo = site.repo
    base_tree = repo.commit(site.head).tree.hexsha if site.head else None
    with tempfile.TemporaryDirectory(prefix="policy-import-") as folder:
        index = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        if base_tree:
            _git(repo, "read-tree", base_tree, env=index)
        parent = None if site.init_commits else site.head
        made = []
        for planned in commits:
            _git(repo, "rm", "-r", "--cached", "-f", "-q", "--ignore-unmatch", "--", f":(literal){site.policy_path}",
                 env=index)
            lines = []
            for rel, data in sorted(planned.files.items()):
                blob = _git(repo, "hash-object", "-w", "--stdin", data=data)
                lines.append(f"100644 {blob}\t{site.policy_path}/{rel}")
            _git(repo, "update-index", "--index-info", env=index, data=("\n".join(lines) + "\n").encode("utf-8"))
            tree = _git(repo, "write-tree", env=index)
            source_commit = planned.step.commit
            author = source_commit.author if keep_authors else NEUTRAL
            committer = source_commit.committer if keep_authors else NEUTRAL
            env = {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
                   "GIT_AUTHOR_DATE": source_commit.author_date,
                   "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1],
                   "GIT_COMMITTER_DATE": source_commit.committer_date}
            parents = ["-p", parent] if parent else []
            parent = _git(repo, "commit-tree", tree, *parents, env=env, data=planned.message.encode("utf-8"))
            made.append(parent)
        if site.init_commits and made:
            message = (f"Import the policy's history from {source}: {len(made)} commit(s); "
                       "policy init's sample is left on the second parent\n")
            env = {"GIT_AUTHOR_NAME": NEUTRAL[0], "GIT_AUTHOR_EMAIL": NEUTRAL[1],
                   "GIT_COMMITTER_NAME": NEUTRAL[0], "GIT_COMMITTER_EMAIL": NEUTRAL[1]}
            parent = _git(repo, "commit-tree", tree, "-p", parent, "-p", site.head, env=env,
                          data=message.encode("utf-8"))
            made.append(parent)
    _move_head(site, parent, base_tree)
    return made


def _move_head(site: Site, new_head: str, base_tree: str | None) -> None:
    """Move the branch to the imported commits and bring the policy folder to them; a git
    failure on the way puts HEAD, the index and the policy folder back as they were."""
    repo = site.repo
    index = Path(_git(repo, "rev-parse", "--path-format=absolute", "--git-path", "index"))
    saved_index = index.read_bytes() if index.is_file() else None
    folder = site.root / site.policy_dir
    saved = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else {}
    _git(repo, "update-ref", "-m", "policy import --history", "HEAD", new_head, *([site.head] if site.head else []))
    try:
        _checkout(site, base_tree)
    except subprocess.CalledProcessError as exc:
        _restore(site, index, saved_index, folder, saved)
        said = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise ReplayError(f"git {exc.cmd[1]} failed{': ' + said[-1] if said else ''}; the site is as it was "
                          "(HEAD, index and policy folder)",
                          "fix what git says (a .git/index.lock of a git that stopped: remove it) and run the "
                          "import again") from None


def _restore(site: Site, index: Path, saved_index: bytes | None, folder: Path, saved: dict[Path, bytes]) -> None:
    repo = site.repo
    if site.head:
        _git(repo, "update-ref", "HEAD", site.head)
    else:
        _git(repo, "update-ref", "-d", "HEAD")
    if saved_index is None:
        index.unlink(missing_ok=True)
    elif not index.is_file() or index.read_bytes() != saved_index:
        index.write_bytes(saved_index)
    for path in [p for p in folder.rglob("*") if p.is_file() and p not in saved] if folder.is_dir() else []:
        path.unlink()
    for path, data in saved.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)


def _checkout(site: Site, base_tree: str | None) -> None:
    """The working tree and index of the policy folder as the new HEAD has them; the rest as it
    was. Where the site's HEAD has no policy folder, `policy init`'s uncommitted sample files
    (checked to be no more than that), staged or not, make way first."""
    repo = site.repo
    pathspec = f":(literal){site.policy_path}"
    if base_tree is not None and _git(repo, "ls-tree", "--name-only", base_tree, "--", site.policy_path):
        _git(repo, "read-tree", "-m", "-u", base_tree, "HEAD")
        return
    _git(repo, "rm", "-r", "--cached", "-q", "--ignore-unmatch", "--", pathspec)
    for name in _git(repo, "ls-files", "--others", "-z", "--", pathspec).split("\0"):
        if name and _sample(name, site.policy_path, (Path(repo.working_tree_dir) / name).read_bytes):
            (Path(repo.working_tree_dir) / name).unlink(missing_ok=True)
    _git(repo, "checkout", "HEAD", "--", pathspec)


# The whole import -----------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str]  # one per commit written
    notes: list[str]  # guesses, renumberings, dates
    commits: list[str]  # the site's new commits, oldest first


def parse_translations(values: list[str]) -> dict[str, str]:
    """`LANG=PATH` options -> {LANG: PATH}."""
    result = {}
    for value in values:
        lang, sep, path = value.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", lang) or not path.strip():
            raise ReplayError(f"--translation {value!r} is not LANG=PATH",
                              "name the language and the file in the same repository, e.g. --translation de=de/privacy.md")
        if lang in result:
            raise ReplayError(f"--translation {lang} is given twice", "give each language once")
        result[lang] = path.strip().strip("/")
    return result


def replay(spec: str, language: str, translations: dict[str, str] | None = None, *, by: str = "commit",
           into: Path = Path("."), force: bool = False, keep_authors: bool = False,
           heading_level: int | None = None, alone: standalone.Options | None = None) -> Report:
    """Import the history of the policy file `spec` (REPO:PATH) into the site at `into`.

    Everything is checked, read and worked out first (the site, the source, every split), so
    that a ReplayError leaves the site as it was; then the commits are written at once."""
    translations = dict(translations or {})
    split_spec(spec)
    if language in translations:
        raise ReplayError(f"--translation {language}: {language} is the authoritative language (--language)",
                          "give the translations' languages only")
    site = open_site(into, force)
    languages = [language, *translations]
    check_languages(site, languages)
    source = open_source(spec)
    try:
        files = {language: source.commits}
        for lang, path in translations.items():
            files[lang] = follow(source.repo, path, f"{split_spec(spec)[0]}:{path} (--translation {lang})")
        tags, tag_notes = None, []
        if by == "tag":
            tags = tags_on(source, tag_notes)
            if not tags:
                raise ReplayError(f"{spec}: no tag points at a commit that changed the file",
                                  "tag the releases (git tag v1 COMMIT), or import --by commit")
        steps = timeline(files, language, first_parent_order(source.repo), tags)
        alone_notes, images = standalone.resolve_steps(steps, source.repo, alone, source.path)  # links, images, templates
        anchors, previous, taken = _published(site, language)
        planned = plan(steps, language, languages, anchors, previous, taken, heading_level, site.policy_dir)
    finally:
        source.close()
    standalone.place_images(site.root, images)  # checked before anything is written
    try:
        made = write(site, planned.commits, keep_authors, spec)
    except subprocess.CalledProcessError as exc:  # before the branch moved: only unreferenced objects
        said = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise ReplayError(f"git {exc.cmd[1]} failed{': ' + said[-1] if said else ''}; nothing was written",
                          "fix what git says and run the import again") from None
    alone_notes += standalone.images_note(site.root, standalone.place_images(site.root, images, write=True))
    return Report([p.line for p in planned.commits], list(dict.fromkeys(tag_notes + alone_notes + planned.notes)), made)


def _published(site: Site, language: str) -> tuple[Anchors, LanguageText | None, set[str]]:
    """What the site has published already (with force, onto its own history): every anchor
    and where it lands, the text in force, the labels used. Nothing for a new site."""
    anchors = Anchors()
    if site.fresh:
        return anchors, None, set()
    meta_file = site.root / site.policy_dir / META_FILE  # as HEAD has it: open_site checked
    if meta_file.is_file():  # what the site declared is kept: a policy.yml it cannot read stops the import
        try:
            sitemeta.load(meta_file.read_text(encoding="utf-8", errors="replace"), f"{site.policy_dir}/{META_FILE}")
        except sitemeta.SiteMetaError as exc:
            raise ReplayError(exc.message, exc.fix) from None
    from ..history import read_history

    history = read_history(site.root, [language, *(site.languages or [])], site.policy_dir)
    if not history.versions:
        return anchors, None, set()
    last = history.versions[-1]
    meta = last.meta
    live = last.policy.texts.get(language)
    ids = set(live.ids()) if live else set()
    for version in history.versions:
        for unit_id in version.ids:
            anchors.home[unit_id] = unit_id if unit_id in ids else None
    for unit_id, target in meta.moved.items():
        end = chain_end(unit_id, meta.moved)
        anchors.home[unit_id] = end if end in ids else None
    anchors.moved, anchors.removed, anchors.live = dict(meta.moved), list(meta.removed), list(ids)
    for unit_id, where in anchors.home.items():
        if where is None and unit_id not in anchors.moved and unit_id not in anchors.removed:
            anchors.removed.append(unit_id)
    return anchors, live, {v.label for v in history.versions} | {v.declared_label for v in history.versions}
