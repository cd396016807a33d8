"""A picture of the history for the changelog: an inline SVG timeline, drawn at build time.

One marker per published version at its publication date (a circle), a connector to its
effective date (a diamond), a bar for the clauses it changed (added + changed + removed +
moved against the version before it), version labels and year/month ticks. The version in
force and upcoming versions differ in shape and in words, not in colour alone.

The axis runs from the first version's date to the last one's (publication or effective date,
whichever is later), not to the day of the build: a history that ended years ago fills the
width. No two labels overlap: version labels are thinned to a few, in lanes; tick labels to a
step whose labels fit side by side, kept inside the picture; every row of text has a line of
its own. The layout is computed for the largest font size the stylesheet uses (FONT), so
smaller text on wider screens never collides either.

The SVG is plain markup: no script, no external resource, no random ids; numbers have one
fixed format, so the same record gives the same bytes. Colours come from classes styled in
docs/assets/policy.css with Material's custom properties, so light and dark schemes both work.
For screen readers, `<title>` and `<desc>` say in words what the picture shows.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable

from policykit.record.changes import Changes
from policykit.record.history import Version
from policykit.record.versions import Record
from policykit.words.catalogue import Words

TITLE_ID = "policy-timeline-title"
DESC_ID = "policy-timeline-desc"

WIDTH = 640  # viewBox units; at 343 px of content (a 375 px phone) one unit is 0.54 px
FONT = 25  # viewBox units: 13.4 px on a 375 px phone, 11.25 px at 320; CSS makes it smaller on wide screens
CHAR = 0.6 * FONT  # estimated advance of one character, for collisions and legend layout
LINE = 31  # one row of text: Chromium's box of a line of text is about 1.17 FONT tall
LEFT, RIGHT = 44, 20  # room for the bar scale on the left, for a marker's ring on the right
MAX_LABELS = 12
LANES = 3  # rows of version labels, so that labels of versions close in time do not overlap
LANE = LINE
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)  # every Nth version labelled: round steps
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000)  # months between ticks
BARS = 64  # the height of the tallest bar
R = 6  # marker radius


def num(value: float) -> str:
    """One decimal, never `-0`, no trailing `.0`: deterministic and short."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def clause_count(changes: Changes) -> int:
    return len(changes.added) + len(changes.changed) + len(changes.removed) + len(changes.moved)


def published_versions(record: Record) -> list[Version]:
    return [v for v in record.versions if v.commit is not None]


def _day(moment: dt.date | None) -> dt.date | None:
    return None if moment is None else _date(moment)


def _date(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _published(version: Version) -> dt.date:
    assert version.published is not None  # a published version (one with a commit) has its date
    return _date(version.published)


def describe(record: Record, lang: str, versions: list[Version], words: Words) -> str:
    """Every version in words: `Version 1.1: published …, effective …, 1 clause changed.`"""
    if not versions:
        return words.text(lang, "timeline_none")
    items = []
    for version in versions:
        count = clause_count(record.changes[version.label])
        if record.previous(version) is None:
            changed = words.count(lang, "timeline_first", count)
        else:
            changed = words.count(lang, "timeline_clauses", count)
        effective = version.meta.effective
        item = words.text(
            lang,
            "timeline_item",
            version=version.label,
            published=words.date(lang, version.published),
            effective=words.date(lang, effective) if effective else "?",
            changed=changed,
        )
        status = record.status(version)
        notes = [words.text(lang, record.state_key(version))] if status in ("current", "upcoming", "superseded") else []
        if not record.material.get(version.label, True):
            notes.append(words.text(lang, "editorial_short"))
        if notes:
            item += f" ({', '.join(notes)})"
        items.append(item + ".")
    return " ".join(items)


def _width(text: str) -> float:
    return len(text) * CHAR


Tick = tuple[float, str, float, str, float]  # tick x; month label, its x; year label, its x


def _ticks(start: dt.date, end: dt.date, months: list[str], x: Callable[[dt.date], float]) -> list[Tick]:
    """The ticks of the axis: months, or every few months, or years; the smallest step whose
    labels fit side by side without touching (each kept inside the picture)."""
    ticks: list[Tick] = []
    for step in TICK_STEPS:
        ticks = _ticks_every(step, start, end, months, x)
        if _fit(ticks):
            return ticks
    # Thousands of years (an effective date in 9999): keep the labels that fit, left to right.
    kept: list[Tick] = []
    for tick in ticks:
        if _fit([*kept, tick]):
            kept.append(tick)
    return kept


def _ticks_every(
    step: int, start: dt.date, end: dt.date, months: list[str], x: Callable[[dt.date], float]
) -> list[Tick]:
    ticks = []
    year, month = start.year, start.month
    if step >= 12:  # whole years, from January after the start
        year, month = (start.year + 1 if start.month > 1 or start.day > 1 else start.year), 1
        year += (-year) % (step // 12)
    else:
        month += (-(month - 1)) % step  # months that are a multiple of the step: jan, apr, jul, oct
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    first = True
    while year <= dt.MAXYEAR:  # an effective date in December 9999 has no tick after it
        day = dt.date(year, month, 1)
        if day > end:
            break
        if day >= start:
            tx = x(day)
            if step >= 12:
                ticks.append((tx, str(year), _inside(tx, str(year)), "", tx))
            else:
                name = months[month - 1]
                label = str(year) if first or month == 1 else ""
                ticks.append((tx, name, _inside(tx, name), label, _inside(tx, label)))
            first = False
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ticks


def _inside(x: float, text: str) -> float:
    """The centre of a label for a tick at `x`, moved in so that the whole label is in the picture."""
    left, right = _span(x, text)
    return (left + right) / 2


def _fit(ticks: list[Tick]) -> bool:
    """Whether the labels of each row of ticks stand apart, half a character at least."""
    for row in ((1, 2), (3, 4)):
        spans = sorted(
            (cx - _width(text) / 2, cx + _width(text) / 2)
            for text, cx in ((t[row[0]], t[row[1]]) for t in ticks)
            if text
        )
        if any(a[1] + CHAR / 2 > b[0] for a, b in zip(spans, spans[1:])):
            return False
    return True


def _choose_labels(
    versions: list[Version], statuses: dict[str, str], xs: dict[str, float], texts: dict[str, str]
) -> dict[str, int]:
    """Which versions get a label, and in which lane: the one in force, upcoming ones, the
    first and the last, then every Nth; at most MAX_LABELS, never overlapping."""
    n = len(versions)
    priority = [v for v in versions if statuses[v.label] == "current"]
    priority += [v for v in versions if statuses[v.label] == "upcoming"]
    priority += [versions[0], versions[-1]] if versions else []
    step = next((s for s in STEPS if math.ceil(n / s) <= MAX_LABELS), math.ceil(n / MAX_LABELS))
    others = [versions[i] for i in range(0, n, step)]
    lanes: list[list[tuple[float, float]]] = [[] for _ in range(LANES)]
    chosen: dict[str, int] = {}
    for version in priority + others:
        if version.label in chosen or len(chosen) >= MAX_LABELS:
            continue
        left, right = _span(xs[version.label], texts[version.label])
        for lane, taken in enumerate(lanes):
            if all(right + CHAR / 2 < a or left - CHAR / 2 > b for a, b in taken):
                taken.append((left, right))
                chosen[version.label] = lane
                break
    return chosen


def _span(x: float, text: str) -> tuple[float, float]:
    """Where a label centred on `x` lies, moved inside the picture at its edges."""
    width = _width(text)
    left = min(max(x - width / 2, 2), WIDTH - 2 - width)
    return left, left + width


def timeline_svg(record: Record, lang: str, words: Words | None = None, label: str | None = None) -> str:
    """The timeline of the record's published versions as one line of inline SVG.

    `label` is its accessible name (the `<title>`); by default the catalogue's."""
    words = words or Words([lang])
    label = label or words.text(lang, "timeline_title")
    versions = published_versions(record)
    statuses = {v.label: record.status(v) for v in versions}
    months = words.months(lang)

    # Time: from the first date to the last (a publication or an effective date), at least a
    # month. Not to the build date: a history that ended years before the build fills the width.
    dates = [d for v in versions for d in (_day(v.published), _day(v.meta.effective)) if d]
    dates = dates or [_date(record.build_date)]
    start, end = min(dates), max(dates)
    if (end - start).days < 30:
        start, end = (
            start - dt.timedelta(days=(30 - (end - start).days) // 2),
            start + min(dt.timedelta(days=30), dt.date.max - start),
        )  # never past 9999
        end = max(end, max(dates))
    span = (end - start).days or 1
    room = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return LEFT + (day - start).days / span * room

    xs = {v.label: x(_published(v)) for v in versions}
    counts = {v.label: clause_count(record.changes[v.label]) for v in versions}
    first = {v.label for v in versions if record.previous(v) is None}
    top_count = max([counts[k] for k in counts if k not in first] or [0])

    texts = {}
    for v in versions:
        status = statuses[v.label]
        texts[v.label] = v.label + (
            f" ({words.text(lang, 'state_' + status)})" if status in ("current", "upcoming") else ""
        )
    chosen = _choose_labels(versions, statuses, xs, texts)

    # Rows, top to bottom: legend, label lanes, bars, published markers, effective markers, axis.
    shown = {
        "effective": any(v.meta.effective for v in versions),
        "bar": any(counts[k] for k in counts if k not in first),
        "current": "current" in statuses.values(),
        "upcoming": "upcoming" in statuses.values(),
    }
    legend, legend_height = _legend(lang, shown, words)
    lanes_used = max(chosen.values(), default=-1) + 1
    lanes_top = legend_height + 6
    bars_top = lanes_top + lanes_used * LANE + 8
    base = bars_top + BARS
    y_pub = base + R + 4
    y_eff = y_pub + 26
    y_axis = y_eff + R + 10
    height = y_axis + 8 + LINE * 2 + 6

    parts = [legend]
    # The bar scale: a faint line at the tallest bar, with its number.
    if top_count:
        parts.append(
            f'<g class="policy-timeline-grid"><path d="M{LEFT} {num(bars_top)}H{num(WIDTH - RIGHT / 2)}" '
            f'stroke="currentColor"/><text x="{LEFT - 6}" y="{num(bars_top + FONT * 0.95)}" '
            f'text-anchor="end">{top_count}</text></g>'
        )
    bar_width = max(2.0, min(10.0, room / max(len(versions), 1) * 0.6))
    bars = []  # one path of rectangles: small for hundreds of versions
    for v in versions:
        if v.label in first or not counts[v.label]:
            continue
        h = max(2.0, BARS * counts[v.label] / top_count)
        bars.append(f"M{num(xs[v.label] - bar_width / 2)} {num(base)}h{num(bar_width)}v-{num(h)}h-{num(bar_width)}z")
    if bars:
        parts.append(f'<path class="policy-timeline-bars" d="{"".join(bars)}"/>')

    # Label leaders and labels.
    leaders, labels = [], []
    for v in versions:
        if v.label not in chosen:
            continue
        lane = chosen[v.label]
        text = texts[v.label]
        left, right = _span(xs[v.label], text)
        y_text = lanes_top + lane * LANE + FONT * 0.95
        status = statuses[v.label]
        cls = f' class="policy-timeline-label--{status}"' if status in ("current", "upcoming") else ""
        labels.append(f'<text x="{num((left + right) / 2)}" y="{num(y_text)}"{cls}>{esc(text)}</text>')
        bar = 0 if v.label in first or not counts[v.label] else max(2.0, BARS * counts[v.label] / top_count)
        near = min(max(xs[v.label], left + CHAR / 2), right - CHAR / 2)  # a label moved in at an edge
        leaders.append(f"M{num(near)} {num(y_text + 5)}L{num(xs[v.label])} {num(base - bar - 2)}")
    if leaders:
        parts.append(f'<path class="policy-timeline-leader" d="{"".join(leaders)}" stroke="currentColor"/>')

    # The axis, its ticks and their labels.
    axis = [f'<path class="policy-timeline-axis" d="M{LEFT} {y_axis}H{num(WIDTH - RIGHT / 2)}" stroke="currentColor"/>']
    tick_paths, tick_text = [], []
    for tx, month, mx, year, yx in _ticks(start, end, months, x):
        tick_paths.append(f"M{num(tx)} {y_axis}v6")
        tick_text.append(f'<text x="{num(mx)}" y="{num(y_axis + 8 + FONT * 0.95)}">{esc(month)}</text>')
        if year:
            tick_text.append(f'<text x="{num(yx)}" y="{num(y_axis + 8 + LINE + FONT * 0.95)}">{esc(year)}</text>')
    axis.append(f'<path class="policy-timeline-axis" d="{"".join(tick_paths)}" stroke="currentColor"/>')
    axis.append(f'<g class="policy-timeline-ticks" text-anchor="middle">{"".join(tick_text)}</g>')
    parts += axis

    # Connectors (published -> effective), then markers, one of each per version.
    for status_group, dash in (("past", ""), ("upcoming", ' stroke-dasharray="4 3"')):
        d = "".join(
            f"M{num(xs[v.label])} {y_pub}L{num(x(_date(v.meta.effective)))} {y_eff}"
            for v in versions
            if v.meta.effective and (statuses[v.label] == "upcoming") == (status_group == "upcoming")
        )
        if d:
            parts.append(
                f'<path class="policy-timeline-link policy-timeline-link--{status_group}" d="{d}" '
                f'stroke="currentColor"{dash}/>'
            )
    markers = []  # per version: a circle (published) and a diamond (effective); terse, for size
    for v in versions:
        status = statuses[v.label]
        px = num(xs[v.label])
        cls = f' class="policy-timeline--{status}"' if status != "past" else ""
        extra = ""
        if status == "current":  # in force: a larger disc in a ring
            extra = f'<circle class="policy-timeline-ring" cx="{px}" cy="{y_pub}" r="{R + 4}"/>'
        markers.append(f'<g data-version="{esc(v.label)}"{cls}>{extra}<circle cx="{px}" cy="{y_pub}" r="{R}"/>')
        if v.meta.effective:
            ex = x(_date(v.meta.effective))
            markers.append(f'<path d="M{num(ex)} {y_eff - R - 1}l{R + 1} {R + 1}-{R + 1} {R + 1}-{R + 1}-{R + 1}z"/>')
        markers.append("</g>")
    parts.append(f'<g class="policy-timeline-markers">{"".join(markers)}</g>')
    parts.append(f'<g class="policy-timeline-labels" text-anchor="middle">{"".join(labels)}</g>')

    desc = describe(record, lang, versions, words)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="policy-timeline-svg" viewBox="0 0 {WIDTH} {num(height)}" '
        f'width="{WIDTH}" height="{num(height)}" role="img" aria-labelledby="{TITLE_ID} {DESC_ID}" '
        f'font-size="{FONT}" fill="currentColor" stroke-width="1.5">'
        f'<title id="{TITLE_ID}">{esc(label)}</title><desc id="{DESC_ID}">{esc(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def _legend(lang: str, shown: dict[str, bool], words: Words) -> tuple[str, float]:
    """The key: each shape as a character of the same shape (so that the words flow at any
    font size), then its words; wrapped into rows that fit at the largest font size."""
    items = [
        ("published", "\u25cf", words.text(lang, "published")),  # ●
        ("effective", "\u25c6", words.text(lang, "effective")),  # ◆
        ("bar", "\u25ae", words.text(lang, "timeline_legend_clauses")),  # ▮
        ("current", "\u25c9", words.text(lang, "state_current")),  # ◉
        ("upcoming", "\u25cb", words.text(lang, "state_upcoming")),  # ○
    ]
    rows: list[list[str]] = [[]]
    used = 0.0
    for kind, shape, name in items:
        if not shown.get(kind, True):
            continue
        name = name[:1].upper() + name[1:]
        width = FONT + _width(" " + name) + 2 * CHAR
        if rows[-1] and used + width > WIDTH - 4:
            rows.append([])
            used = 0.0
        gap = "\u2003" if rows[-1] else ""  # an em space between items
        rows[-1].append(f'{gap}<tspan class="policy-timeline-key--{kind}">{shape}</tspan>\u00a0{esc(name)}')
        used += width
    out = [f'<text x="2" y="{num(row * LINE + FONT * 0.95)}">{"".join(items)}</text>' for row, items in enumerate(rows)]
    return f'<g class="policy-timeline-legend">{"".join(out)}</g>', len(rows) * LINE


def timeline_html(record: Record, lang: str, words: Words | None = None, label: str | None = None) -> str:
    """The timeline as a raw HTML block for Python-Markdown: one line, starting with a block
    element (an `<svg>` alone is not one, so Markdown would wrap it in `<p>` and parse its text)."""
    return f'<div class="policy-timeline">{timeline_svg(record, lang, words, label)}</div>'
