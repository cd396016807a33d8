"""The record of a policy: which version is in force, what changed in each, where every
anchor that was ever published lands now.

Built from the versions of `history.py` and the working tree, at a build date
(SOURCE_DATE_EPOCH when set, else now). Independent of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from policykit.record.history import History, Version
from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.source import POLICY_DIR, Policy, PolicyFiles

#: The latest SOURCE_DATE_EPOCH (2106-02-07): MkDocs writes the build time into the gzip header
#: of sitemap.xml.gz, which holds 32 bits, and fails on a later one.
MAX_EPOCH = 2**32 - 1


class BuildDateError(checks.FixableError, ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a build date."""


def build_date() -> dt.datetime:
    """SOURCE_DATE_EPOCH (reproducible builds) when set, else now; always UTC. A value that is
    not a whole number of seconds from 1970 up to MAX_EPOCH raises BuildDateError (the build
    cannot guess what was meant)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return dt.datetime.now(dt.timezone.utc)
    epoch = raw.strip()
    shown = epoch if len(epoch) <= 30 else epoch[:30] + "…"
    fix = ("set it to the build's time in seconds since 1970, such as the last commit's "
           "(git log -1 --format=%ct), or unset it")
    if not epoch:  # MkDocs reads it too, and fails on an empty one
        raise BuildDateError("is set but empty", fix)
    if not re.fullmatch(r"[0-9]+", epoch):
        raise BuildDateError(f"'{shown}' is not a whole number of seconds", fix)
    if len(epoch.lstrip("0")) > len(str(MAX_EPOCH)) or int(epoch) > MAX_EPOCH:
        raise BuildDateError(f"'{shown}' is after 2106-02-07, the latest build time MkDocs can write", fix)
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)


def effective_moment(version: Version) -> dt.datetime | None:
    """`effective` at 00:00 in the version's time zone."""
    meta = version.meta
    if meta.effective is None:
        return None
    try:
        zone = zoneinfo.ZoneInfo(meta.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.timezone.utc
    return dt.datetime.combine(meta.effective, dt.time(0), zone)


def unit_texts(policy: Policy, lang: str) -> dict[str, str]:
    """Each unit's text in `lang` as a reader gets it (`Unit.compared`): title, words, link
    targets, images, formatting. The one text that decides "changed" and that the redline
    shows, so that a changed unit always has a redline and an unchanged one never differs."""
    text = policy.texts.get(lang)
    return text.reading if text is not None else {}


def unit_raw(policy: Policy, lang: str) -> dict[str, str]:
    text = policy.texts.get(lang)
    return text.raw if text is not None else {}


def unit_written(policy: Policy, lang: str) -> dict[str, str]:
    text = policy.texts.get(lang)
    return text.written if text is not None else {}


@dataclass
class Changes:
    """What one version changed against the version before it (by anchor, document order)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)
    translated: dict[str, list[str]] = field(default_factory=dict)  # lang -> ids, translation-only
    #: authoritative edits a reader does not get (line breaks, spacing, `*x*` for `_x_`)
    whitespace: list[str] = field(default_factory=list)
    new_languages: list[str] = field(default_factory=list)  # translations that first appear here

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.moved or self.whitespace
                    or any(self.translated.values()) or self.new_languages)


def compare(old: Policy | None, new: Policy, moved_decl: dict[str, str], languages: list[str]) -> Changes:
    """Clause-level changes from `old` to `new`; `changed` is judged in the authoritative language.

    A unit *changed* when what a reader gets of it (`unit_texts`) differs; one whose Markdown
    differs otherwise is layout only (`whitespace`). An anchor that disappears is *moved*
    when policy.yml declares where it went (its new place is then not "added"), else
    *removed*. A unit whose authoritative text is the same but whose translation changed is
    listed per language as "translation updated".
    """
    auth = new.meta.authoritative or languages[0]
    new_texts = unit_texts(new, auth)
    if old is None:
        return Changes(added=list(new_texts))
    old_texts = unit_texts(old, auth) or unit_texts(old, old.meta.authoritative)
    old_raw, new_raw = unit_written(old, auth), unit_written(new, auth)
    gone = [unit_id for unit_id in old_texts if unit_id not in new_texts]
    moved = {unit_id: chain_end(unit_id, moved_decl) for unit_id in gone
             if unit_id in moved_decl and chain_end(unit_id, moved_decl) in new_texts}
    arrived = {target: source for source, target in moved.items()}
    changes = Changes(moved=moved, removed=[unit_id for unit_id in gone if unit_id not in moved])
    for unit_id, text in new_texts.items():
        before = old_texts.get(unit_id, old_texts.get(arrived.get(unit_id, ""), None))
        if before is None:
            changes.added.append(unit_id)
        elif before != text:
            changes.changed.append(unit_id)
        elif old_raw.get(unit_id) not in (None, new_raw.get(unit_id)):
            changes.whitespace.append(unit_id)
    changes.new_languages = [lang for lang in languages if lang in new.texts and lang not in old.texts]
    for lang in languages:
        if lang == auth:
            continue
        before, after = unit_texts(old, lang), unit_texts(new, lang)
        only = [i for i, t in after.items() if i in before and before[i] != t and i not in changes.changed]
        if only:
            changes.translated[lang] = only
    return changes


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

    def __init__(self, steps: list[Step] | _Line = (), length: int | None = None):
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
            line = _Line(line.steps[:self._len])
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


@dataclass(frozen=True)
class Period:
    """Days on which one version was (or is to be) in force, from its effective date; `until`
    is the last day, None while it is open (the version in force, an upcoming one). `through`
    is the last day this period answers for when a day is asked about: the day before the next
    period starts (an upcoming one's too), None for the last period."""

    version: Version
    start: dt.date
    until: dt.date | None
    upcoming: bool = False
    through: dt.date | None = None


#: A version's state as `policy.json` names it (`Record.status` -> schema's `status`).
PUBLIC_STATUS = {"current": "in-force", "upcoming": "upcoming", "past": "past", "superseded": "never-in-force"}


def in_force_runs(versions: list[Version]) -> list[tuple[Version, dt.date]]:
    """The one rule for what is in force on a day, as (version, first day) in the order they
    take effect: on a day D the version in force is the newest one in history whose effective
    date is on or before D. So a version published later but effective earlier takes over,
    and of several versions that take effect on the same day the newest is in force from that
    day: an older one of that day is replaced on its first day, whenever either was published,
    and has no period (it was never in force). A version left out has no period at all."""
    runs: list[tuple[Version, dt.date]] = []
    newest = -1  # the index in history of the newest version effective so far
    # sorted() keeps history's order within a day: the newest of a day comes last.
    for index, version in sorted(enumerate(versions), key=lambda item: _effective_day(item[1])):
        if index <= newest:  # an older version, effective later: a newer one applies already
            continue
        newest, day = index, _effective_day(version)
        if runs and runs[-1][1] == day:  # an older version of the same day: replaced on it
            runs.pop()
        runs.append((version, day))
    return runs


def material(version: Version, changes: Changes, previous: Version | None) -> bool:
    """Whether a version changes an obligation: not when policy.yml names it `editorial` (by
    its own label), nor when it changes nothing in the authoritative text (a translation, a
    layout or an editorial line only). A move is material: the clause's address changed. The
    first version always is."""
    if previous is None:
        return True
    if version.meta.is_editorial:
        return False
    return bool(changes.added or changes.changed or changes.removed or changes.moved)


@dataclass
class Landing:
    """Where an anchor that is not a live unit of the current text lands on the current page."""

    kind: str  # "moved", "removed" or "upcoming"
    target: str | None = None  # moved: the live id it lands on
    removed_in: str | None = None  # removed, moved: the first version without it
    last_in: str | None = None  # removed: the last version that had it
    upcoming: str | None = None  # upcoming: the version that adds it


@dataclass
class Record:
    versions: list[Version]  # published, oldest first
    preview: Version | None  # the working tree, when it differs from the newest version
    current: Version  # shown on the current page
    upcoming: list[Version]
    changes: dict[str, Changes]  # version label -> changes against the previous version
    landings: dict[str, Landing]
    build_date: dt.datetime
    history: History
    since: dict[str, str] = field(default_factory=dict)
    last_changed: dict[str, str] = field(default_factory=dict)  # authoritative text
    lang_changed: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> id -> version
    in_force: Version | None = None  # the published version in force (current, unless previewing)
    #: version label -> whether it changes an obligation (`material`)
    material: dict[str, bool] = field(default_factory=dict)
    #: version label -> unit id -> the unit's history up to and including that version,
    #: oldest first; following moves (a moved unit keeps its history under its new anchor)
    histories: dict[str, dict[str, Steps]] = field(default_factory=dict)

    def last_material(self, version: Version) -> Version | None:
        """The newest version up to `version` that changed an obligation."""
        versions = self.all_versions
        for other in reversed(versions[:versions.index(version) + 1]):
            if self.material.get(other.label, True):
                return other
        return None

    @property
    def periods(self) -> list[Period]:
        """When each published version was in force, oldest first, by the one rule
        (`in_force_runs`). The record's build date decides what is upcoming, never a reader's
        clock. Every page, `policy.json`, the feeds, the version list's script and `policy
        versions` read these, and `status` is derived from them."""
        memo = self.__dict__.get("_periods")
        if memo is not None:
            return memo
        runs = in_force_runs(self.versions)
        ahead = {id(version) for version in self.upcoming}
        periods = []
        for index, (version, start) in enumerate(runs):
            upcoming = id(version) in ahead
            following = runs[index + 1] if index + 1 < len(runs) else None
            through = following[1] - dt.timedelta(days=1) if following else None
            open_ = following is None or upcoming or version is self.in_force
            periods.append(Period(version, start, None if open_ else through, upcoming, through))
        self.__dict__["_periods"] = periods
        return periods

    def period(self, version: Version) -> Period | None:
        """`version`'s period in force; None when it never was (nor is to be) in force."""
        memo = self.__dict__.get("_period_of")
        if memo is None:
            memo = self.__dict__["_period_of"] = {id(p.version): p for p in self.periods}
        return memo.get(id(version))

    def on(self, day: dt.date) -> Period | None:
        """The period that holds `day` (an upcoming one when the day falls in it), or None
        before the first version took effect."""
        found = None
        for period in self.periods:
            if period.start <= day:
                found = period
        return found

    @property
    def all_versions(self) -> list[Version]:
        return self.versions + ([self.preview] if self.preview else [])

    def previous(self, version: Version) -> Version | None:
        versions = self.all_versions
        index = versions.index(version)
        return versions[index - 1] if index > 0 else None

    def status(self, version: Version) -> str:
        """current, past, superseded (never in force), upcoming or preview: from the periods
        (`policy.json` names them with PUBLIC_STATUS). Memoised: every page asks about every
        version."""
        memo = self.__dict__.setdefault("_status", {})
        if id(version) not in memo:
            memo[id(version)] = (version, self._status_of(version))  # the version kept alive with its id
        return memo[id(version)][1]

    def _status_of(self, version: Version) -> str:
        if version.preview:
            return "preview"
        if version is self.in_force:  # not `current`: that is the preview while an editor works
            return "current"
        period = self.period(version)
        if period is None:
            return "superseded"
        return "upcoming" if period.upcoming else "past"

    def replaced_by(self, version: Version) -> Version | None:
        """For a version that was never in force: the version in force (or to be) on its
        effective day, which replaced it on or before that day (published later in history,
        effective earlier or on the same day). None for a version that has a period."""
        if version not in self.versions or self.period(version) is not None:
            return None
        found = self.on(_effective_day(version))
        return found.version if found else None

    def same_day(self, version: Version) -> bool:
        """Whether a version that was never in force was replaced by one of its own effective
        day (pages say so: it was not replaced "before it took effect" but on that day)."""
        replacing = self.replaced_by(version)
        return replacing is not None and _effective_day(replacing) == _effective_day(version)

    def state_key(self, version: Version) -> str:
        """The words' key of `version`'s state (`state_` + status; `state_same_day` for one
        replaced on its own effective day)."""
        status = self.status(version)
        return "state_same_day" if status == "superseded" and self.same_day(version) else "state_" + status

    def substance_in_force(self, version: Version) -> tuple[Version, Period | None]:
        """For `version`: the last version up to it that changed an obligation (`last_material`),
        and the period in which that substance first came into force: its own, or, when it
        was never in force itself (replaced on its effective day by an editorial version),
        the first period of a later version up to `version`, which carries the same substance.
        The period is None when none of them was (or is to be) in force."""
        last = self.last_material(version) or version
        versions = self.all_versions
        carriers = {id(v) for v in versions[versions.index(last):versions.index(version) + 1]}
        return last, next((p for p in self.periods if id(p.version) in carriers), None)

    def successor(self, version: Version) -> Version | None:
        """The version that took over from `version`: the next one in history that applied."""
        later = self.versions[self.versions.index(version) + 1:] if version in self.versions else []
        return next((v for v in later if self.status(v) in ("current", "past")), None)

    def shown_label(self, label: str) -> str:
        """A version's label for people: the preview's says it is unpublished."""
        version = self.find(label)
        return f"{version.declared_label} (unpublished)" if version and version.preview else label

    def find(self, label: str) -> Version | None:
        return next((v for v in self.all_versions if v.label == label), None)


def _effective_day(version: Version) -> dt.date:
    """A version's first day in force: its effective date (the publication day when it has none)."""
    if version.meta.effective is not None:
        return version.meta.effective
    return version.published.date() if version.published else dt.date.min


def _next_history(before: dict[str, Steps], version: Version, changes: Changes,
                  first: bool) -> dict[str, Steps]:
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


def build_record(history: History, working: Policy, files: PolicyFiles, languages: list[str],
                 when: dt.datetime, problems: Problems) -> Record:
    """The record of all versions; anchor problems of the working tree go to `problems`.

    The current page shows the version in force at `when`, or, when policy/ on disk differs
    from the newest published version (an editor's uncommitted work), that working tree as an
    unpublished preview. Without a history, the working tree is all there is.
    """
    versions = list(history.versions)
    preview = None
    if not history.available:
        versions = [Version(working.meta.version or "?", working.meta.version, None, None, None, working, files)]
    elif not versions or versions[-1].files.ids() != files.ids():
        label = working.meta.version or "?"
        if any(v.label == label for v in versions):  # edits under a published label: keep keys apart
            label = f"{label}+"
        preview = Version(label, working.meta.version, None, None, None, working, files, preview=True)
    # The version in force at `when` and the upcoming ones follow the one rule (in_force_runs):
    # of the versions that apply, in the order they take effect, the last whose effective
    # moment has come is in force, and the later ones are upcoming, nearest first. A version
    # that a newer one replaces on or before its day is neither.
    runs = [version for version, _ in in_force_runs(versions)]
    started = [v for v in runs if (effective_moment(v) or when) <= when]
    in_force_version = started[-1] if started else (runs[0] if runs else None)
    current = preview or in_force_version
    upcoming = [v for v in runs if v not in started and v is not in_force_version]
    record = Record(versions, preview, current, upcoming, {}, {}, when, history, in_force=in_force_version)
    previous = None
    shown = record.all_versions.index(current)
    histories: dict[str, Steps] = {}
    for index, version in enumerate(record.all_versions):
        changes = record.changes[version.label] = compare(previous.policy if previous else None, version.policy,
                                                          working.meta.moved, languages)
        record.material[version.label] = material(version, changes, previous)
        histories = record.histories[version.label] = _next_history(histories, version, changes, previous is None)
        if index <= shown:  # `since`, `last_changed`: of the text shown, never of an upcoming one
            _track(record, version, previous)
        previous = version
    _check_anchors(record, working, problems, files.shown)
    _landings(record, working)
    return record


def _track(record: Record, version: Version, previous: Version | None) -> None:
    """`since` (first version, following moves) and the last change of every anchor, in the
    authoritative text and in each language."""
    changes = record.changes[version.label]
    for old, new in changes.moved.items():
        record.since.setdefault(new, record.since.get(old, version.label))
    for unit_id in changes.changed + changes.added:  # an anchor that comes back has new text
        record.last_changed[unit_id] = version.label
    for unit_id in unit_texts(version.policy, version.meta.authoritative):
        record.since.setdefault(unit_id, version.label)
        record.last_changed.setdefault(unit_id, version.label)
    for lang in version.policy.texts:
        before = unit_texts(previous.policy, lang) if previous else {}
        changed = record.lang_changed.setdefault(lang, {})
        for unit_id, text in unit_texts(version.policy, lang).items():
            if before.get(unit_id) != text:
                changed[unit_id] = version.label


def outdated_units(record: Record, version: Version, lang: str) -> list[str]:
    """Units of `version` whose translation into `lang` lags the authoritative text.

    `reviewed:` is read from the newest policy.yml (what the editors know now), not from the
    version shown, so a review mark counts as soon as it is written."""
    reviewed = record.all_versions[-1].meta.reviewed.get(lang)
    return [unit_id for unit_id in version.policy.texts[lang].ids()
            if translation_outdated(record, unit_id, lang, reviewed)]


def translation_outdated(record: Record, unit_id: str, lang: str, reviewed: str | None) -> bool:
    """Whether the authoritative text of `unit_id` changed in a version later than both the
    translation's last change and the version the translation was reviewed against."""
    order = {v.label: i for i, v in enumerate(record.all_versions)}
    for i, v in enumerate(record.all_versions):  # `reviewed:` names a label as policy.yml wrote it
        order.setdefault(v.declared_label, i)
    auth = order.get(record.last_changed.get(unit_id, ""), -1)
    translated = order.get(record.lang_changed.get(lang, {}).get(unit_id, ""), -1)
    return auth > max(translated, order.get(reviewed or "", -1))


def _ids(version: Version) -> set[str]:
    return version.ids


def _history_of_ids(record: Record) -> tuple[dict[str, str], dict[str, str]]:
    """For every anchor: the last version that had it, and the version that removed it."""
    last_in: dict[str, str] = {}
    removed_in: dict[str, str] = {}
    previous: set[str] = set()
    for version in record.all_versions:
        ids = _ids(version)
        for gone in previous - ids:
            removed_in[gone] = version.label
        for unit_id in ids:
            last_in[unit_id] = version.label
            removed_in.pop(unit_id, None)
        previous = ids
    return last_in, removed_in


def _check_anchors(record: Record, working: Policy, problems: Problems, folder: str = POLICY_DIR) -> None:
    """Every anchor ever published must stay live or be declared; declarations must be sound.
    `folder` is the policy folder as messages name it."""
    meta = working.meta
    newest = _ids(record.all_versions[-1])
    path = f"{folder}/policy.yml"
    for unit_id, new in meta.moved.items():
        if unit_id in newest:
            problems.add(checks.MOVED_LIVE, path, meta.lines.get("moved"),
                         f"moved: {unit_id} is still an anchor of the text",
                         f"an anchor that moved is never reused: give the clause now at {unit_id} an "
                         "inserted label, or remove the declaration if nothing moved")
        elif (end := chain_end(new, meta.moved)) not in newest and end not in meta.removed:
            problems.add(checks.MOVED_TARGET, path, meta.lines.get("moved"),
                         f"moved: {unit_id} -> {new}, but {end} is not in the text",
                         "name the anchor the clause has now, such as s6-e")
    for fragment, target in meta.aliases.items():
        if fragment in newest or fragment in meta.declared:  # it would take a unit's address
            problems.add(checks.ID_COLLISION, path, meta.lines.get("aliases"),
                         f"aliases: {fragment} is an anchor of the policy, not an old page's fragment",
                         "remove it: a unit's own anchor always lands on it; declare an anchor that "
                         "moved under moved:")
        elif target not in newest:
            problems.add(checks.ALIAS_TARGET, path, meta.lines.get("aliases"),
                         f"aliases: #{fragment} -> {target}, but {target} is not in the text",
                         "name the anchor where the old fragment's text stands now, or remove the alias")
    for unit_id in meta.removed:
        if unit_id in newest:
            problems.add(checks.REMOVED_LIVE, path, meta.lines.get("removed"),
                         f"removed: {unit_id} is an anchor of the text again",
                         "a published anchor is never reused: give the new clause an inserted label "
                         f"(e.g. {unit_id}a), and keep {unit_id} declared removed")
    last_in, _ = _history_of_ids(record)
    declared = set(meta.moved) | set(meta.removed)
    died = sorted(set(last_in) - newest - declared, key=_order)
    _numbering_changed(record, meta, died, path, problems)
    for unit_id in died:
        problems.add(checks.ANCHOR_DIED, path, meta.lines.get("removed") or meta.lines.get("moved"),
                     f"the anchor {unit_id} (last in version {last_in[unit_id]}) is no longer in the text; "
                     "a published anchor must keep working",
                     f"add it to {path}: removed: [{unit_id}], or, if the clause moved, "
                     f"moved: {{{unit_id}: <its new anchor>}}")


def _numbering_changed(record: Record, meta, died: list[str], path: str, problems: Problems) -> None:
    """Anchors that died because `numbering:` changed: say so once, with the declarations in
    document order, rather than leave the editor to find the cause behind one error per anchor."""
    before = record.all_versions[-2] if len(record.all_versions) > 1 else None
    if not died or before is None or before.meta.numbering == meta.numbering:
        return
    old = [i for i in before.policy.authoritative.ids() if i in died] if before.policy.authoritative else []
    new = [i for i in record.all_versions[-1].policy.authoritative.ids()
           if i not in _ids(before)] if record.all_versions[-1].policy.authoritative else []
    pairs = ", ".join(f"{a}: {b}" for a, b in list(zip(old, new))[:3]) + (", …" if len(old) > 3 else "")
    problems.add(checks.NUMBERING, path, meta.lines.get("numbering"),
                 f"numbering: changed since version {before.label} ({before.meta.numbering.code} -> "
                 f"{meta.numbering.code}), so the anchors made from the old labels are gone",
                 f"declare where each unit is now, in document order: moved: {{{pairs}}}; or keep the old numbering"
                 if len(old) == len(new) and old else "declare each old anchor under moved: or removed:, or keep "
                 "the old numbering")


def _landings(record: Record, working: Policy) -> None:
    """Where each anchor that is not on the current page lands there instead.

    A moved anchor lands where its `moved:` chain ends: on a live unit, or, when the clause
    was later removed, on the note of that removal.
    """
    meta = working.meta
    live = _ids(record.current)
    last_in, removed_in = _history_of_ids(record)
    later = record.all_versions[record.all_versions.index(record.current) + 1:]
    missing = sorted((set(last_in) | set(meta.moved) | set(meta.removed)) - live, key=_order)
    for unit_id in missing:
        adding = next((v.label for v in later if unit_id in _ids(v)), None)
        if unit_id in meta.moved:
            continue
        if adding and unit_id not in removed_in:
            record.landings[unit_id] = Landing("upcoming", upcoming=adding)
        elif unit_id in last_in:
            record.landings[unit_id] = Landing("removed", removed_in=removed_in.get(unit_id),
                                               last_in=last_in[unit_id])
    for unit_id in missing:
        end = chain_end(unit_id, meta.moved) if unit_id in meta.moved else None
        if end is not None and (end in live or end in record.landings):
            record.landings[unit_id] = Landing("moved", target=end, removed_in=removed_in.get(unit_id))
        elif end is not None and unit_id in last_in:
            record.landings[unit_id] = Landing("removed", removed_in=removed_in.get(unit_id),
                                               last_in=last_in[unit_id])


def _order(unit_id: str):
    """Anchors in document order: s2 < s2-a < s10 (numbers compare as numbers)."""
    parts = []
    for part in unit_id[1:].split("-"):
        digits = part.rstrip("abcdefghijklmnopqrstuvwxyz")
        parts.append((int(digits) if digits else -1, part[len(digits):]))
    return parts


def chain_end(unit_id: str, moved: dict[str, str]) -> str:
    """Follow `moved:` declarations from `unit_id` to where the clause went last.

    Every anchor is asked about, and a chain can be thousands long: the ends of one `moved`
    mapping are worked out once, each step walked once (`_ends`)."""
    if unit_id not in moved:
        return unit_id
    found = _ENDS.get(id(moved))
    if found is None or found[0] is not moved:
        if len(_ENDS) >= 8:
            _ENDS.clear()
        found = _ENDS[id(moved)] = (moved, _ends(moved))
    return found[1].get(unit_id) or _walk(unit_id, moved)


_ENDS: dict[int, tuple[dict, dict]] = {}  # id(moved) -> (moved, its chain ends), moved kept alive


def _ends(moved: dict[str, str]) -> dict[str, str]:
    """Where each chain of `moved` ends; a chain that runs into a cycle is left to `_walk`."""
    ends: dict[str, str] = {}
    for start in moved:
        path, seen, unit_id = [], set(), start
        while unit_id in moved and unit_id not in seen and unit_id not in ends:
            seen.add(unit_id)
            path.append(unit_id)
            unit_id = moved[unit_id]
        if unit_id in seen:  # a cycle (an error of its own): each start answers for itself
            continue
        end = ends.get(unit_id, unit_id)
        for step in path:
            ends[step] = end
    return ends


def _walk(unit_id: str, moved: dict[str, str]) -> str:
    seen = set()
    while unit_id in moved and unit_id not in seen:
        seen.add(unit_id)
        unit_id = moved[unit_id]
    return unit_id


def _resolve(unit_id: str, moved: dict[str, str], live: set[str]) -> str | None:
    """Follow `moved:` from `unit_id` to a live id (None if the chain ends elsewhere)."""
    end = chain_end(unit_id, moved)
    return end if end in live else None


#: Public names for the importer, which orders the anchors it declares as the site does and walks
#: the `moved:` mapping it is still building (chain_end caches by the mapping, which changes there).
unit_order = _order
walk_moved = _walk
