"""`policy versions`: the published versions as the site lists them, and which one was in force
on a day. The same reading as the build and `policy lint` (project.load_project); lines of
text, for the command line to print."""

from __future__ import annotations

import datetime as dt

from policykit.project.config import SiteConfig
from policykit.project.load import load_project
from policykit.record.history import Version
from policykit.record.versions import Record
from policykit.text import checks
from policykit.text.checks import FixableError


def read_record(site: SiteConfig) -> Record:
    """The site's record of versions; FixableError naming what keeps it from being read."""
    project = load_project(site)
    if project.history is None or not project.history.available or project.record is None:
        raise FixableError(
            "no versions to list: " + "; ".join(str(p) for p in project.problems if p.severity > checks.Severity.NOTICE)
        )
    return project.record


def version_lines(record: Record) -> list[str]:
    """One line per version (label, status, dates, period, commit, what changed), its notes
    below it, then what the history left out."""
    lines = []
    for version in record.all_versions:
        changes = record.changes[version.label]
        published = version.published.date().isoformat() if version.published else "unpublished"
        effective = version.meta.effective.isoformat() if version.meta.effective else "?"
        counts = (
            ", ".join(
                f"{len(ids)} {name}"
                for name, ids in (
                    ("changed", changes.changed),
                    ("added", changes.added),
                    ("removed", changes.removed),
                    ("moved", changes.moved),
                )
                if ids
            )
            or "no clause changed"
        )
        commit = version.commit[:7] if version.commit else "working tree"
        editorial = "editorial, " if not record.material.get(version.label, True) else ""
        lines.append(
            f"{version.label:<10} {record.status(version):<9} published {published}  "
            f"effective {effective}  {period(record, version):<35} {commit}  {editorial}{counts}"
        )
        lines += [f"           note: {note}" for note in version.notes + version.oddities]
    lines += [f"note: {note}" for note in record.history.notes]  # commits and versions the history left out
    return lines


def period(record: Record, version: Version) -> str:
    """A version's period in force, as `policy versions` lists it."""
    found = record.period(version)
    if version.preview:
        return "not published"
    if found is None:
        return "never in force"
    if found.upcoming:
        return f"in force from {found.start} (upcoming)"
    return f"in force since {found.start}" if found.until is None else f"in force {found.start} to {found.until}"


def in_force_on(record: Record, day: dt.date) -> str:
    """The answer to --on: the version in force on `day` and its period, or why there is none."""
    found = record.on(day)
    built = record.build_date.date().isoformat()
    if found is None:
        first = record.periods[0] if record.periods else None
        return (
            f"No version was in force on {day}; the first, version {first.version.label}, took effect on {first.start}."
            if first
            else f"No version was in force on {day}."
        )
    label = found.version.label + (" (editorial)" if not record.material.get(found.version.label, True) else "")
    if found.upcoming:
        return (
            f"On {day} version {label} is to be in force: it takes effect on {found.start} "
            f"(upcoming as of the build date, {built})."
        )
    if found.until is None:
        return f"On {day} version {label} is in force (since {found.start}; as of the build date, {built})."
    return f"On {day} version {label} was in force ({found.start} to {found.until})."
