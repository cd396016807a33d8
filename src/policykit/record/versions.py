"""The record of a policy: every version, which is in force, what changed in each, each unit's
history, where every anchor that was ever published lands now.

Built once per build (`build_record`) from the versions of history.py and the working tree, at
a build date (in_force.build_date), and read by every page, policy.json, the feeds and `policy
versions`. The pieces it is made of live beside it, each asked for on its own: what changed
(changes.py), a unit's history (steps.py), what is in force on a day (in_force.py), where an
anchor lands (anchors.py, moves.py). Independent of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from policykit.record.anchors import Landing, check_anchors, landings
from policykit.record.changes import Changes, compare, differing, material
from policykit.record.history import History, Version
from policykit.record.in_force import Period, effective_day, effective_moment, in_force_runs
from policykit.record.steps import Steps, Timeline, next_history
from policykit.text.checks import Problems
from policykit.text.source import Policy, PolicyFiles

#: A version's state as `policy.json` names it (`Record.status` -> schema's `status`).
PUBLIC_STATUS = {"current": "in-force", "upcoming": "upcoming", "past": "past", "superseded": "never-in-force"}


@dataclass
class Record:
    """The record at one build date: what every page, policy.json, the feeds and `policy
    versions` read, and nothing else of the history."""

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
    histories: dict[str, Mapping[str, Steps]] = field(default_factory=dict)

    def last_material(self, version: Version) -> Version | None:
        """The newest version up to `version` that changed an obligation."""
        versions = self.all_versions
        for other in reversed(versions[: versions.index(version) + 1]):
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
        found = self.on(effective_day(version))
        return found.version if found else None

    def same_day(self, version: Version) -> bool:
        """Whether a version that was never in force was replaced by one of its own effective
        day (pages say so: it was not replaced "before it took effect" but on that day)."""
        replacing = self.replaced_by(version)
        return replacing is not None and effective_day(replacing) == effective_day(version)

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
        carriers = {id(v) for v in versions[versions.index(last) : versions.index(version) + 1]}
        return last, next((p for p in self.periods if id(p.version) in carriers), None)

    def successor(self, version: Version) -> Version | None:
        """The version that took over from `version`: the next one in history that applied."""
        later = self.versions[self.versions.index(version) + 1 :] if version in self.versions else []
        return next((v for v in later if self.status(v) in ("current", "past")), None)

    def shown_label(self, label: str) -> str:
        """A version's label for people: the preview's says it is unpublished."""
        version = self.find(label)
        return f"{version.declared_label} (unpublished)" if version and version.preview else label

    def find(self, label: str) -> Version | None:
        return next((v for v in self.all_versions if v.label == label), None)


def build_record(
    history: History, working: Policy, files: PolicyFiles, languages: list[str], when: dt.datetime, problems: Problems
) -> Record:
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
    # Never None: without a published version, the working tree is the preview (or, with no
    # history at all, the one version above).
    assert current is not None
    upcoming = [v for v in runs if v not in started and v is not in_force_version]
    record = Record(versions, preview, current, upcoming, {}, {}, when, history, in_force=in_force_version)
    previous = None
    shown = record.all_versions.index(current)
    histories: dict[str, Steps] = {}
    timeline = Timeline()
    for index, version in enumerate(record.all_versions):
        # Each version's own declarations (they only grow): what it changed is decided by it,
        # never by a later policy.yml, whose moves on from there would turn this version's
        # move into a removal (an archived page must not change when a version is published).
        changes = record.changes[version.label] = compare(
            previous.policy if previous else None, version.policy, version.meta.moved, languages
        )
        record.material[version.label] = material(version, changes, previous)
        after = next_history(histories, version, changes, previous is None)
        record.histories[version.label] = timeline.add(histories, after)
        histories = after
        if index <= shown:  # `since`, `last_changed`: of the text shown, never of an upcoming one
            _track(record, version, previous)
        if previous is not None:  # compared with the versions on both sides: its maps are done
            for text in previous.policy.texts.values():
                text.forget()
        previous = version
    check_anchors(record.all_versions, working, problems, files.shown)
    record.landings = landings(record.all_versions, current, working)
    return record


def _track(record: Record, version: Version, previous: Version | None) -> None:
    """`since` (first version, following moves) and the last change of every anchor, in the
    authoritative text and in each language."""
    changes = record.changes[version.label]
    for old, new in changes.moved.items():
        record.since.setdefault(new, record.since.get(old, version.label))
    for unit_id in changes.changed + changes.added:  # an anchor that comes back has new text
        record.last_changed[unit_id] = version.label
    auth = version.meta.authoritative
    text = version.policy.texts.get(auth or "")
    # The sections `previous` had too (one object in both) were gone through when it was.
    seen: set[int] = set()
    if previous is not None and previous.meta.authoritative == auth and auth in previous.policy.texts:
        seen = {id(section) for section in previous.policy.texts[auth].sections}
    for section in text.sections if text is not None else ():
        if id(section) not in seen:
            for unit_id in section.by_id:
                record.since.setdefault(unit_id, version.label)
                record.last_changed.setdefault(unit_id, version.label)
    for lang in version.policy.texts:
        before, now = differing(previous.policy.texts.get(lang) if previous else None, version.policy.texts[lang])
        changed = record.lang_changed.setdefault(lang, {})
        for unit_id, unit_text in now.items():
            if before.get(unit_id) != unit_text:
                changed[unit_id] = version.label


def outdated_units(record: Record, version: Version, lang: str) -> list[str]:
    """Units of `version` whose translation into `lang` lags the authoritative text.

    `reviewed:` is read from the newest policy.yml (what the editors know now), not from the
    version shown, so a review mark counts as soon as it is written."""
    reviewed = record.all_versions[-1].meta.reviewed.get(lang)
    return [
        unit_id for unit_id in version.policy.texts[lang].ids() if translation_outdated(record, unit_id, lang, reviewed)
    ]


def translation_outdated(record: Record, unit_id: str, lang: str, reviewed: str | None) -> bool:
    """Whether the authoritative text of `unit_id` changed in a version later than both the
    translation's last change and the version the translation was reviewed against."""
    order = {v.label: i for i, v in enumerate(record.all_versions)}
    for i, v in enumerate(record.all_versions):  # `reviewed:` names a label as policy.yml wrote it
        order.setdefault(v.declared_label, i)
    auth = order.get(record.last_changed.get(unit_id, ""), -1)
    translated = order.get(record.lang_changed.get(lang, {}).get(unit_id, ""), -1)
    return auth > max(translated, order.get(reviewed or "", -1))
