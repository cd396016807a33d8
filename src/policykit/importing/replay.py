"""The steps of replaying a single-file policy's git history as the site's versions.

A policy that lived as one Markdown file in another repository already has a record: the
commits that changed it. Each first-parent commit of the source that changed the file (or each
tag on one, `by="tag"`) becomes one commit of the site. This module holds the steps between
the source's commits (gitsource.py) and the plan (planning.py): the timeline of which texts
each site commit holds, version labels and effective dates, and the splitter run once per
text (a translation's labels aligned with the authoritative text's). Matching clauses across
versions is matching.py's; writing the commits target.py's; the whole run (which commits, the
report) run.py's; the command is importing/command.py's. Independent of click and MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from policykit.importing import split as importer
from policykit.importing.gitsource import ReplayError
from policykit.importing.labels import DEFAULT_NUMBERING
from policykit.importing.source_commit import SourceCommit
from policykit.text import limits
from policykit.text.checks import located
from policykit.text.meta import KNOWN_KEYS, VERSION_RE
from policykit.text.model import LanguageText
from policykit.text.numbering import Numbering
from policykit.text.source import META_FILE, check_policy, files_in_memory

#: The trailer of each imported commit that names the commit it replays.
TRAILER = "Source-commit"


class Unreadable(ReplayError):
    """One commit's text that the splitter cannot read: `problems`, one line each, as
    PATH@COMMIT:LINE: what and why (fix). A history goes on without the commit."""

    def __init__(self, source: SourceCommit, exc: Exception):
        found = getattr(exc, "problems", None) or [exc]
        where = f"{source.path}@{source.short}"
        self.problems = [
            located(where, getattr(p, "line", None) or 1, str(getattr(p, "message", p)), getattr(p, "fix", ""))
            for p in found
        ]
        first = found[0]
        super().__init__(
            str(getattr(first, "message", first)),
            getattr(first, "fix", "") or "correct the source, or import from a later commit",
            path=where,
            line=getattr(first, "line", None) or 1,
            lines=self.problems,
        )


# The timeline: which texts each site commit holds ----------------------------------------


@dataclass
class ReplayStep:
    """One step of the replay, one commit of the site: every language's source commit at that
    moment. (A unit's history in the record has steps of its own: record.steps.Step.)"""

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
    found = [
        m.group()
        for m in sorted(
            (*limits.REFUSED_RE.finditer(commit.subject), *DIRECTION_RE.finditer(commit.subject)),
            key=lambda m: m.start(),
        )
    ]
    if found and notes is not None:
        notes.append(
            f"{commit.path}@{commit.short}: the commit's subject holds "
            f"{', '.join(dict.fromkeys(limits.describe(c) for c in found))}: left out of the summary"
        )
    return DIRECTION_RE.sub("", limits.REFUSED_RE.sub("", commit.subject)).strip()


def timeline(
    files: dict[str, list[SourceCommit]],
    authoritative: str,
    order: dict[str, int],
    tags: list[tuple[str, SourceCommit]] | None = None,
) -> list[ReplayStep]:
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
        return [ReplayStep(commit, state(order[commit.sha]), True, tag) for tag, commit in tags]
    events = sorted({c.sha for commits in files.values() for c in commits}, key=order.__getitem__)
    commit_of = {c.sha: c for commits in files.values() for c in commits}
    steps: list[ReplayStep] = []
    previous: dict[str, SourceCommit] = {}
    for sha in events:
        held = state(order[sha])
        if authoritative not in held:
            continue  # before the first version (or while the file was deleted): carried into the next
        changed = [lang for lang in held if lang not in previous or previous[lang].data != held[lang].data]
        new = not steps or previous[authoritative].data != held[authoritative].data  # a rename alone is no change
        if changed:
            steps.append(ReplayStep(commit_of[sha], held, new, changed=changed))
        previous = held
    return steps


# Labels and dates -------------------------------------------------------------------------


def tag_label(tag: str, taken: set[str]) -> str:
    """A tag's name as a version label ([0-9A-Za-z][0-9A-Za-z._-]*, at most limits.MAX_VERSION),
    made unique against `taken`."""
    label = re.sub(r"[^0-9A-Za-z._-]+", "-", tag).lstrip("._-")[: limits.MAX_VERSION].rstrip("-") or "v"
    base, n = label, 2
    while label in taken or not VERSION_RE.match(label):
        suffix = f"-{n}"
        label = base[: limits.MAX_VERSION - len(suffix)] + suffix
        n += 1
    return label


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "januar", "jan"),
            ("february", "februar", "feb"),
            ("march", "märz", "maerz", "mar"),
            ("april", "apr"),
            ("may", "mai"),
            ("june", "juni", "jun"),
            ("july", "juli", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oktober", "oct", "okt"),
            ("november", "nov"),
            ("december", "dezember", "dec", "dez"),
        ],
        1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_LINE_RE = re.compile(
    r"(?:last\s+updated|effective\s+date|effective|updated|gültig\s+ab|stand)\s*(?:on|:|ab)?\s*"
    r"(?P<date>[^\n]{6,40})",
    re.IGNORECASE,
)
DATE_FORMS = [
    (re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"), None),
    (re.compile(rf"(?P<d>[0-9]{{1,2}})\.?\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>[0-9]{{4}})", re.IGNORECASE), "name"),
    (
        re.compile(rf"(?P<m>{_MONTH})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>[0-9]{{4}})", re.IGNORECASE),
        "name",
    ),
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


def effective_dates(steps: list[ReplayStep], authoritative: str, notes: list[str]) -> list[dt.date]:
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
            notes.append(
                f"{source.path}@{source.short}: the text still says {found}, the date of the version "
                f"before; the commit's date, {committed}, is used"
            )
            date = committed
        found_before = found
        if dates and date < dates[-1]:  # the commit's date, unless it is earlier too: one date, one version
            used = f"the commit's date, {committed}," if committed > dates[-1] else dates[-1]
            notes.append(
                f"{source.path}@{source.short}: the effective date {date} is earlier than "
                f"the version before's, {dates[-1]}; {used} is used"
            )
            date = committed if committed > dates[-1] else dates[-1]
        dates.append(date)
    return dates


# Reading the texts: the splitter, once per text ----------------------------------------------


def imported_files(imported: importer.Imported, lang: str) -> dict[str, bytes]:
    """The section files `importer.write` makes of `imported`, below the policy folder (in
    memory: each commit's text is parsed as it is, with nothing written to read back)."""
    return {
        f"{lang}/{section.filename}": section.text.encode("utf-8")
        for section in sorted(imported.sections, key=lambda section: section.filename)
    }


def parse_files(
    files: dict[str, bytes], lang: str, shown: str = "policy", numbering: dict | None = None, cache: dict | None = None
) -> LanguageText | None:
    """The units of one language's written files, as the site reads them (source.check_policy,
    in the text's numbering scheme); `shown` is the site's policy folder, as messages name it.
    `cache` (source.check_policy's, kept across the commits of one import) parses a section
    file that a commit did not change once."""
    key = ("policy.yml", lang, repr(numbering))
    meta = cache.get(key) if cache is not None else None
    if meta is None:
        meta = policy_yml("0", dt.date(2000, 1, 1), lang, {lang: "-"}, {lang: "-"}, None, {}, [])
        if numbering:
            meta += yaml.safe_dump({"numbering": numbering}).encode("utf-8")
        if cache is not None:
            cache[key] = meta
    own = {rel: data for rel, data in files.items() if rel.startswith(f"{lang}/")}
    policy = check_policy(files_in_memory({META_FILE: meta, **own}, shown), [lang], cache)
    return policy.texts.get(lang)


#: "(legal/privacy.md:37)" in a guess about a translation: where the unit is in the text of the
#: moment, a line that moves as the text grows, so no part of what makes a guess new.
REFERENCE_LINE_RE = re.compile(r"\(([^()\s]+):[0-9]+\)")


class ReplaySplitter:
    """`importer.split` once per text: a translation is split against the authoritative text
    of its moment, every text with the first version's numbering scheme."""

    def __init__(self, authoritative: str, notes: list[str], heading_level: int | None = None):
        self.authoritative, self.notes, self.heading_level = authoritative, notes, heading_level
        self.numbering: dict | None = None
        self.cache: dict[tuple, importer.Imported] = {}
        #: what the notes said already, to say once: (commit, path) for its refused lines,
        #: (language, guess), (file@commit, line, change) for `translate`
        self.said: set[tuple[object, ...]] = set()
        self.levels: dict[str, int | None] = {}  # a language's level of section headings in the commit before

    def follow(
        self,
        split: Callable[..., importer.Imported],
        source: SourceCommit,
        lang: str,
        text: str | None,
        reference: importer.Imported | None,
    ) -> importer.Imported:
        """One split that keeps the labels the text writes: a level whose labels the text has
        takes the text's own scheme (an old version's `1.` clauses never turn a later `a.` into
        `1.`); a level it has none of keeps the scheme before (a version without sub-clauses
        does not reset them). A translation takes its authoritative text's numbering."""
        kwargs = dict(heading_level=self.heading_level, previous_level=self.levels.get(lang))
        body = source.text if text is None else text
        if reference is not None or lang != self.authoritative:
            given = reference.numbering if reference is not None else self.numbering
            return split(body, source.path, lang, numbering=given, reference=reference, **kwargs)
        own = split(body, source.path, lang, **kwargs)
        if self.numbering is None:
            return own
        wanted = {
            level: own.numbering[level] if level in own.labelled else self.numbering.get(level, scheme)
            for level, scheme in own.numbering.items()
        }
        return own if wanted == own.numbering else split(body, source.path, lang, numbering=wanted, **kwargs)

    def split(
        self,
        lang: str,
        source: SourceCommit,
        reference: importer.Imported | None = None,
        text: str | None = None,
        strict: bool = False,
    ) -> importer.Imported:
        """`text`: the source's text as `translate` aligned it; `strict`: a translation that does
        not fit `reference` raises the importer's ImportProblem (else it is imported as it stands)."""
        key = (lang, source.sha, source.path, id(reference), text)
        if key not in self.cache:
            try:
                imported = self.follow(importer.split, source, lang, text, reference)
            except importer.ImportProblem as exc:
                if strict and reference is not None:
                    raise
                if reference is None:
                    raise Unreadable(source, exc) from None
                # A translation that lags a change of the text's units: imported as it stands
                said = exc.message.replace(f"({reference.path}/)", f"({reference.path})")
                self.notes.append(
                    f"{source.path}@{source.short}:{exc.line or 1}: {said}; the {lang} "
                    f"text is imported as it stands, without the {self.authoritative} text's units"
                )
                try:
                    imported = importer.split(
                        source.text,
                        source.path,
                        lang,
                        numbering=reference.numbering,
                        heading_level=self.heading_level,
                        previous_level=self.levels.get(lang),
                    )
                except importer.ImportProblem as again:
                    raise Unreadable(source, again) from None
            if lang == self.authoritative and reference is None:
                if self.numbering is not None and imported.numbering != self.numbering:
                    changed = ", ".join(
                        f"{level} '{self.numbering[level]}' -> '{imported.numbering[level]}'"
                        for level in ("section", "clause", "subclause")
                        if self.numbering.get(level) != imported.numbering.get(level)
                    )
                    self.notes.append(
                        f"{source.path}@{source.short}: the text numbers its units otherwise "
                        f"from here on ({changed}): the version's numbering follows it, and "
                        "the anchors of the labels it changed are declared under moved:"
                    )
                self.numbering = imported.numbering
            self.levels[lang] = imported.heading_level
            if (source.sha, source.path) not in self.said:
                self.said.add((source.sha, source.path))
                self.notes.extend(source.refused())
            for guess in imported.guesses:  # said once per language: most recur in every commit
                once = (lang, REFERENCE_LINE_RE.sub(r"(\1)", guess.message))
                if once not in self.said:
                    self.said.add(once)
                    self.notes.append(f"{source.path}@{source.short}:{guess.line}: {guess.message}")
            self.cache[key] = imported
        return self.cache[key]


def translate(
    splitter: ReplaySplitter,
    lang: str,
    source: SourceCommit,
    auth: importer.Imported,
    now: LanguageText | None,
    mapping: dict[str, str | None],
    label: str,
) -> importer.Imported:
    """A translation's text as the authoritative text of its commit has it: a translation that
    lags a renumbering has its units relabelled as `mapping` says (its own id -> the
    authoritative id of its clause now; None: removed), the units whose clause the authoritative
    text removed left out (blank lines, so the source's line numbers stay), and the units it
    lacks marked untranslated (the importer's match). Each change is a note, SOURCE@HASH:LINE."""
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
        later = [line for other, line in starts.items() if line > start and not other.startswith(unit_id + "-")]
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
            blank(
                unit_id,
                f"the {splitter.authoritative} text {'removed its clause' if new is None else 'has no ' + new}"
                f" (translate the {splitter.authoritative} text's, or it stays untranslated)",
            )
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
            found = pattern.match(lines[n]) if 0 <= n < len(lines) else None
            if found is None:
                blank(unit_id, f"its clause is {new} now, and its label could not be rewritten")
                continue
            lines[n] = found.group(1) + new_mark + lines[n][found.end() :]
        note(
            n + 1,
            (unit_id, new),
            f"the {lang} text's {numbering.cite(unit_id)} is {numbering.cite(new)} from "
            f"version {label} on ({unit_id} -> {new}: the {splitter.authoritative} text "
            f"renumbered it); relabelled until the {lang} text is updated",
        )
    text = None if not blanked and all(mapping.get(i, i) == i for i in ids) else "\n".join(lines)
    for _ in range(len(ids) + 1):
        try:
            return splitter.split(lang, source, reference=auth, text=text, strict=True)
        except importer.ImportProblem as exc:
            at = [unit_id for unit_id, line in starts.items() if line <= (exc.line or 0) and unit_id not in blanked]
            if not at:
                raise ReplayError(
                    f"{where}:{exc.line or 1}: {exc.message}",
                    exc.fix or "correct the source, or import from a later commit",
                ) from None
            blank(max(at, key=starts.__getitem__), exc.message.replace(f"({auth.path}/)", f"({auth.path})"))
            text = "\n".join(lines)
    raise ReplayError(f"{where}: the {lang} text does not fit version {label}", "correct the source")


def policy_yml(
    label: str,
    effective: dt.date,
    authoritative: str,
    titles: dict[str, str],
    summaries: dict[str, str],
    imported: importer.Imported | None,
    moved: dict[str, str],
    removed: list[str],
    aliases: dict[str, str] | None = None,
) -> bytes:
    """policy.yml of one imported commit. `numbering` (where it is not the default scheme),
    `gaps` and `aliases` are written where they say something."""
    data: dict = {
        "version": label,
        "effective": effective,
        "authoritative": authoritative,
        "title": titles,
        "summary": summaries,
    }
    numbering = getattr(imported, "numbering", None)
    extra = {
        "numbering": numbering if numbering and numbering != DEFAULT_NUMBERING else None,
        "gaps": list(getattr(imported, "gaps", None) or []) or None,
        "aliases": dict(aliases if aliases is not None else getattr(imported, "aliases", None) or {}) or None,
    }
    data.update({key: value for key, value in extra.items() if key in KNOWN_KEYS and value})
    data.update({"moved": moved, "removed": removed})
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    first, _, rest = text.partition("\n")  # the label quoted, as editors write it: 1.10 stays text
    return (f'version: "{label}"\n' + rest).encode("utf-8")
