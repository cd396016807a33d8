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
at the end. Independent of click and MkDocs; the whole run (which commits, the report) is
history.py's, the command is in cli.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import git
import yaml

from .. import limits
from ..checks import Problems
from ..meta import KNOWN_KEYS, VERSION_RE
from ..model import LanguageText
from ..project import policy_folder, site_languages
from ..source import META_FILE, check_policy, files_in_memory
from ..versions import chain_end
from . import sitemeta
from .gitsource import ReplayError, SourceCommit, first_parent_order, follow, open_source, split_spec, tags_on
from .matching import (THRESHOLD, Anchors, Renumbering, broken_references, match, references,  # noqa: F401
                       renumbering_note)
from .objects import write_blobs

if TYPE_CHECKING:  # planning.py imports this module
    from .planning import Planned

#: Who the imported commits are by, unless the source's authors are kept: a commit of a
#: policy's record names no person who did not agree to be named on the site.
NEUTRAL = ("Imported", "import@invalid")
#: The trailer of each imported commit that names the commit it replays.
TRAILER = "Source-commit"


class Unreadable(ReplayError):
    """One commit's text that the splitter cannot read: `problems`, one line each, as
    PATH@COMMIT:LINE: what and why (fix). A history goes on without the commit."""

    def __init__(self, source: "SourceCommit", exc: Exception):
        found = getattr(exc, "problems", None) or [exc]
        self.problems = [f"{source.path}@{source.short}:{getattr(p, 'line', None) or 1}: {getattr(p, 'message', p)}"
                         + (f" ({p.fix})" if getattr(p, "fix", "") else "") for p in found]
        first = found[0]
        super().__init__(f"{source.path}@{source.short}:{getattr(first, 'line', None) or 1}: "
                         f"{getattr(first, 'message', first)}",
                         getattr(first, "fix", "") or "correct the source, or import from a later commit")


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


# Reading the texts: the splitter, once per text ----------------------------------------------


def imported_files(imported, lang: str) -> dict[str, bytes]:
    """The section files `importer.write` makes of `imported`, below the policy folder (in
    memory: each commit's text is parsed as it is, with nothing written to read back)."""
    return {f"{lang}/{section.filename}": section.text.encode("utf-8")
            for section in sorted(imported.sections, key=lambda section: section.filename)}


def parse_files(files: dict[str, bytes], lang: str, shown: str = "policy", numbering: dict | None = None,
                cache: dict | None = None) -> LanguageText | None:
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
                    raise Unreadable(source, exc) from None
                # A translation that lags a change of the text's units: imported as it stands
                said = exc.message.replace(f"({reference.path}/)", f"({reference.path})")
                self.notes.append(f"{source.path}@{source.short}:{exc.line or 1}: {said}; the {lang} "
                                  f"text is imported as it stands, without the {self.authoritative} text's units")
                try:
                    imported = importer.split(source.text, source.path, lang, numbering=self.numbering,
                                              heading_level=self.heading_level, previous_level=self.levels.get(lang))
                except importer.ImportProblem as again:
                    raise Unreadable(source, again) from None
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
        blobs = write_blobs(repo.working_tree_dir, (data for planned in commits for data in planned.files.values()))
        written: set[str] = set()  # after the first commit, the index's policy files are those of the commit before
        for planned in commits:
            if not made:
                _git(repo, "rm", "-r", "--cached", "-f", "-q", "--ignore-unmatch", "--",
                     f":(literal){site.policy_path}", env=index)
            null = "0" * len(next(iter(blobs.values()), "0" * 40))
            lines = [f"0 {null}\t{site.policy_path}/{rel}" for rel in sorted(written - set(planned.files))]
            written = set(planned.files)
            for rel, data in sorted(planned.files.items()):
                lines.append(f"100644 {blobs[data]}\t{site.policy_path}/{rel}")
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


# What the site has already ----------------------------------------------------------------


def published(site: Site, language: str) -> tuple[Anchors, LanguageText | None, set[str]]:
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
