"""What is in force on a day: the build's date, each version's effective day, and the one rule
that turns a history into periods in force.

Apart from the record (versions.py) because every question about time asks these and nothing
else: the record's periods and status, `policy versions`, the pages' "in force since" lines.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from dataclasses import dataclass

from policykit.record.history import Version
from policykit.text import checks

#: The latest SOURCE_DATE_EPOCH (2106-02-07): MkDocs writes the build time into the gzip header
#: of sitemap.xml.gz, which holds 32 bits, and fails on a later one.
MAX_EPOCH = 2**32 - 1


class BuildDateError(checks.FixableError):
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
    fix = (
        "set it to the build's time in seconds since 1970, such as the last commit's "
        "(git log -1 --format=%ct), or unset it"
    )
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
    zone: dt.tzinfo
    try:
        zone = zoneinfo.ZoneInfo(meta.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.timezone.utc
    return dt.datetime.combine(meta.effective, dt.time(0), zone)


def effective_day(version: Version) -> dt.date:
    """A version's first day in force: its effective date (the publication day when it has none)."""
    if version.meta.effective is not None:
        return version.meta.effective
    return version.published.date() if version.published else dt.date.min


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
    for index, version in sorted(enumerate(versions), key=lambda item: effective_day(item[1])):
        if index <= newest:  # an older version, effective later: a newer one applies already
            continue
        newest, day = index, effective_day(version)
        if runs and runs[-1][1] == day:  # an older version of the same day: replaced on it
            runs.pop()
        runs.append((version, day))
    return runs
