"""The policy's history: versions read from git along the first-parent chain of HEAD.

A version is a run of commits that carry one `version:` label in policy/policy.yml: its
publication date is the run's first commit, its text the run's last. A merged pull request
counts once (first parent only); commits that do not touch policy/ are not looked at. A label
that comes back after another one (a revert) is published again as its own version, `1.1-r2`.

The history is read in one pass and cached on HEAD: the i18n language passes and `mkdocs
serve` rebuilds reuse it until HEAD moves. Sections are parsed once per blob id. Given the
build cache (text/persisted.py), what never changes is kept across builds as well: the files
each commit holds under policy/ (a commit id names its tree) and each version's check (its
files' blob ids name their bytes: checked.py); a rebuild reads from git only the log and the
commits that are new, and parses only the files that are new.

A past commit cannot be fixed, so what the working tree's checks refuse outright is left out
of the record here and said at INFO (`History.notes`, reported as `old-version`): a commit
dated outside the years limits.MIN_YEAR to MAX_YEAR, a version whose text goes beyond a
bound, a policy.yml with an alias or a label too long to be a folder name (its commits have
no readable label). A refused character in an old text is read as U+FFFD (source.decode_policy_file), so
that version stays, with a notice. Symbolic links are never read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import git
import yaml

from policykit.record.checked import CheckedVersions
from policykit.text import checks, limits
from policykit.text.meta import LOADER, VERSION_RE, Meta
from policykit.text.persisted import Persisted, Unreadable
from policykit.text.source import META_FILE, POLICY_DIR, Policy, PolicyFiles, check_policy

#: Problems that leave a past version out of the archive: its numbers or lengths are beyond
#: what the site is built for (a refused character is replaced on reading: that version stays).
LEAVE_OUT = (checks.OUT_OF_RANGE,)


class HistoryError(checks.FixableError):
    """The history cannot be read in a way that would give a true record (a shallow clone)."""


@dataclass
class Snapshot:
    commit: str
    committed: dt.datetime
    label: str | None
    files: PolicyFiles


@dataclass(eq=False)  # each version is itself: `in` and `index` compare identity, not whole texts
class Version:
    """One published version (or the unpublished preview of the working tree)."""

    label: str  # unique: "1.1", or "1.1-r2" when a label comes back
    declared_label: str  # what policy.yml says
    commit: str | None  # the run's last commit; None for the preview
    first_commit: str | None
    published: dt.datetime | None  # in the commit's own offset; None for the preview
    policy: Policy
    files: PolicyFiles
    commits: int = 1
    preview: bool = False  # the working tree, not (yet) published
    notes: list[str] = field(default_factory=list)  # oddities, reported at INFO
    #: Per language, the link targets that the version's pages show as words (archived.py).
    unlinked: dict[str, frozenset[str]] = field(default_factory=dict)
    #: What archived.py found odd in the text, from this version on, as `FILE:LINE: what`.
    oddities: list[str] = field(default_factory=list)

    @property
    def meta(self) -> Meta:
        return self.policy.meta

    @cached_property
    def sha256(self) -> dict[str, str]:
        """Per language: SHA-256 over the bytes of its `*.md` files, in byte order of their
        names (the generated verify page, pages/verify.py), so that anyone can recompute it with git and sha256sum."""
        return {lang: self.files.sha256(lang) for lang in self.policy.texts}

    @property
    def ids(self) -> set[str]:
        """Every anchor of this version, in any language; not kept (it would grow with the
        history), made from the sections' maps, which versions that kept a section share."""
        return {u for text in self.policy.texts.values() for section in text.sections for u in section.by_id}


@dataclass
class History:
    versions: list[Version]  # oldest first
    head: str | None
    available: bool = True
    reason: str = ""  # why history is unavailable
    notes: list[str] = field(default_factory=list)  # commits and versions left out, reported at INFO
    policy_path: str = ""  # the policy folder from the repository's root, as git names it

    def forget_bytes(self) -> None:
        """Let go of the files' bytes read from git once the versions are parsed and checked
        (held, they made memory grow with the history); each version's SHA-256 first."""
        for version in self.versions:
            version.sha256  # noqa: B018 (a cached property: worked out now)
        for read in {id(v.files.read): v.files.read for v in self.versions}.values():
            if isinstance(read, BlobReader):
                read.cache.clear()


class BlobReader:
    """A blob's bytes by id, each read once. Reading blobs one at a time costs a round trip to
    git each; the blobs `want` names are read together, in one `git cat-file --batch`, the
    first time one of them is asked for (and never, in a rebuild that finds what it needs of
    them in the build cache)."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.cache: dict[str, bytes] = {}
        self.wanted: set[str] = set()

    def want(self, shas: Iterable[str]) -> None:
        self.wanted.update(sha for sha in shas if sha not in self.cache)

    def __call__(self, sha: str) -> bytes:
        if sha not in self.cache and sha in self.wanted:
            self._read_wanted()
        if sha not in self.cache:
            self.cache[sha] = self.repo.odb.stream(bytes.fromhex(sha)).read()
        return self.cache[sha]

    def _read_wanted(self) -> None:
        """Every wanted blob in one pass; what git cannot give is left to the reading one by one
        (which raises as it always did)."""
        wanted = sorted(self.wanted - self.cache.keys())
        self.wanted = set()
        try:
            done = subprocess.run(
                [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch"],
                cwd=self.repo.git_dir,
                input="".join(f"{sha}\n" for sha in wanted).encode("ascii"),
                capture_output=True,
                check=False,
            )
        except OSError:
            return
        out, at = done.stdout if done.returncode == 0 else b"", 0
        while (end := out.find(b"\n", at)) != -1:
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3 or not header[2].isdigit():  # `<id> missing`
                continue
            size = int(header[2])
            data = out[at : at + size]
            if header[1] == b"blob" and len(data) == size:
                self.cache[header[0].decode("ascii")] = data
            at += size + 1


def version_label(data: bytes) -> str | None:
    """The raw `version:` text of a policy.yml, or None when there is no valid one to read.

    A label becomes part of a URL (/versions/LABEL/), so one that the checks would refuse
    today (`../1.0`, a label longer than limits.MAX_VERSION) is never published, even from an
    old commit; a policy.yml with an alias or deep nesting is not composed at all. Never raises.
    """
    try:
        text = data.decode("utf-8-sig")
        if limits.yaml_guard(text, LOADER):
            return None
        root = yaml.compose(text, Loader=LOADER)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "version" and isinstance(value, yaml.ScalarNode):
            label = str(value.value).strip()
            return label if VERSION_RE.match(label) else None
    return None


def work_tree(repo: git.Repo) -> Path:
    """The repository's working tree. A bare repository has none, so it holds no site: it is
    refused as no repository is, with the error callers already turn into a message."""
    if repo.working_tree_dir is None:
        raise git.InvalidGitRepositoryError(f"{repo.git_dir} is a bare repository, without a working tree")
    return Path(repo.working_tree_dir)


class Reader:
    """Reads the history of one repository; keeps its parses between builds."""

    def __init__(self, root: Path, policy_dir: str = POLICY_DIR):
        self.root = root.resolve()
        self.policy_dir = policy_dir  # below root, as messages name it
        self.repo = git.Repo(self.root, search_parent_directories=True)
        top = work_tree(self.repo).resolve()
        prefix = self.root.relative_to(top).as_posix()
        self.policy_path = policy_dir if prefix == "." else f"{prefix}/{policy_dir}"
        self.read = BlobReader(self.repo)
        self.parse_cache: dict = {}
        self.labels: dict[str, str | None] = {}  # policy.yml blob id -> its version label
        self.cached: tuple[str, list[Snapshot], list[str]] | None = None
        self.cached_versions: tuple[tuple, list[Version], list[str]] | None = None
        #: The keys of the build cache that this reader read or wrote (see Persisted.keep).
        self.kept: set[str] = set()

    def head(self) -> str | None:
        try:
            return self.repo.head.commit.hexsha
        except ValueError:  # a repository without commits
            return None

    def shallow(self) -> bool:
        return os.path.exists(os.path.join(self.repo.common_dir, "shallow"))

    def snapshots(self, persisted: Persisted | None = None) -> list[Snapshot]:
        """Every first-parent commit of HEAD that touched policy/, oldest first (cached on HEAD,
        and in `persisted` across builds)."""
        head = self.head()
        if head is None:
            return []
        if not (self.cached and self.cached[0] == head):
            notes: list[str] = []
            self.cached = (head, self.walk(head, notes, persisted), notes)
        return self.cached[1]

    def snapshot_notes(self) -> list[str]:
        """What `snapshots` left out, in words (for `History.notes`)."""
        return list(self.cached[2]) if self.cached else []

    def walk(self, rev: str, notes: list[str] | None = None, persisted: Persisted | None = None) -> list[Snapshot]:
        """Every first-parent commit of `rev` that touched policy/, oldest first. A commit
        dated outside the years limits.MIN_YEAR to MAX_YEAR is left out (said in `notes`).

        What a commit holds under policy/ and its label never change (a commit id names its
        tree), so `persisted` keeps them across builds (see `_listings`): reading the trees
        costs more than the log."""
        log = self.repo.git.log(
            "--first-parent", "--date=raw", "--format=%H %cd", rev, "--", f":(literal){self.policy_path}"
        )
        lines = log.splitlines()
        known, stored = self._listings(persisted, [line.partition(" ")[0] for line in lines])
        found: list[tuple[str, dt.datetime, PolicyFiles | None]] = []
        notes = [] if notes is None else notes
        for line in reversed(lines):
            sha, _, stamp = line.partition(" ")  # git prints no time for a date it cannot read
            when = commit_time(stamp.strip())
            if when is None:
                notes.append(
                    f"commit {sha[:7]} is dated outside the years {limits.MIN_YEAR} to "
                    f"{limits.MAX_YEAR} and is left out of the archive"
                )
                continue
            if sha not in known:
                found.append((sha, when, self.files_at(sha)))
            else:
                listing = known[sha]
                found.append((sha, when, None if listing is None else self._files_of(listing)))
        # The labels of the new commits: their policy.yml files read together (BlobReader).
        self.read.want(files.meta for sha, _, files in found if files and files.meta and sha not in known)
        listings: dict[str, list | None] = {}
        snapshots = []
        for sha, when, files in found:
            if files is None:
                listings[sha] = None
                continue
            kept = known.get(sha)
            label = kept[3] if kept is not None else self.label_of(files)
            listings[sha] = [files.meta, files.folders, files.links, label]
            snapshots.append(Snapshot(sha, when, label, files))
        if persisted is not None and lines and stored is None:
            persisted.save(persisted.key("commits", self.policy_path, lines[0].partition(" ")[0]), listings)
        return snapshots

    def label_of(self, files: PolicyFiles) -> str | None:
        if files.meta and files.meta not in self.labels:
            self.labels[files.meta] = version_label(self.read(files.meta))
        return self.labels.get(files.meta) if files.meta else None

    def _listings(self, persisted: Persisted | None, shas: list[str]) -> tuple[dict[str, list | None], str | None]:
        """What a build before kept of these commits (newest first, as git logs them): the
        entry of the newest one that has one. Its log is the tail of this one (first parents
        only), so a history that grew by a version reads the trees of the new commits alone.
        Also the key of the entry when it is the newest commit's (nothing new to keep)."""
        if persisted is None:
            return {}, None
        for sha in shas[:MAX_LOOKBACK]:
            key = persisted.key("commits", self.policy_path, sha)
            found = persisted.load(key, _listings_from_json)
            if found is not None:
                return found, key if sha == shas[0] else None
        return {}, None

    def _files_of(self, listing: list) -> PolicyFiles:
        meta, folders, links, _ = listing
        return PolicyFiles(meta, folders, self.read, links, self.policy_dir)

    def files_at(self, sha: str) -> PolicyFiles | None:
        """policy/ in commit `sha`; symbolic links (mode 120000) are listed in `links`, not read."""
        try:
            tree = self.repo.commit(sha).tree / self.policy_path
        except KeyError:  # the commit deleted policy/
            return None
        if not isinstance(tree, git.Tree):  # policy/ itself is a link (or a file)
            return PolicyFiles(None, {}, self.read, [""], self.policy_dir)
        links = [b.name for b in tree.blobs if _is_link(b)]
        meta = next((b.hexsha for b in tree.blobs if b.name == META_FILE and not _is_link(b)), None)
        folders = {}
        for folder in tree.trees:
            if folder.name.startswith("."):
                continue
            links += [f"{folder.name}/{b.name}" for b in folder.blobs if _is_link(b)]
            folders[folder.name] = {
                b.name: b.hexsha for b in folder.blobs if b.name.endswith(".md") and not _is_link(b)
            }
        return PolicyFiles(meta, _interned(folders), self.read, sorted(links), self.policy_dir)


#: A git object id: SHA-1, or SHA-256 in a repository of that format.
OBJECT_ID_RE = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
#: How many of the newest commits may name the build cache's entry of the commits before.
MAX_LOOKBACK = 64


def _listings_from_json(value: object) -> dict[str, list | None]:
    """A kept entry of `Reader.walk`: commit id -> [policy.yml's blob id, {folder: {name: blob
    id}}, links, label], or None for a commit without policy/. Every type is checked."""
    if not isinstance(value, dict):
        raise Unreadable("not a list of commits")
    found: dict[str, list | None] = {}
    for sha, listing in value.items():
        if listing is None:
            found[sha] = None
            continue
        meta, folders, links, label = listing
        blobs = [meta] if meta is not None else []
        blobs += [blob for files in folders.values() for blob in files.values()]
        names = [name for files in folders.values() for name in files] + list(folders) + list(links)
        if (
            not isinstance(links, list)
            or not all(isinstance(blob, str) and OBJECT_ID_RE.match(blob) for blob in blobs)
            or not all(isinstance(name, str) for name in names)
            or not (label is None or isinstance(label, str))
        ):
            raise Unreadable("not a commit's files")
        found[sha] = [meta, _interned(folders), list(links), label]
    return found


def _interned(folders: dict) -> dict[str, dict[str, str]]:
    """Names and blob ids held once: most files are the same in the next commit (all are kept)."""
    return {sys.intern(f): {sys.intern(n): sys.intern(b) for n, b in files.items()} for f, files in folders.items()}


def _is_link(blob: git.Blob) -> bool:
    return blob.mode == 0o120000


def commit_time(stamp: str) -> dt.datetime | None:
    """A commit's time in its own offset, from git's raw date (`SECONDS +HHMM`), or None when
    it cannot be read or is outside the years of limits.py. The offset is kept so that the
    day of the commit is the day where it was made (17:02 -0700 on 10 April is 10 April, as
    the importer dates it too); policy.json writes the moment in UTC (public.iso_utc)."""
    found = re.fullmatch(r"(-?[0-9]+)(?: ([+-])([0-9]{2})([0-9]{2}))?", stamp)
    if not found:
        return None
    seconds, sign, hours, minutes = found.groups()
    offset = dt.timezone.utc  # an offset of a day or more is no time zone: the moment, in UTC
    if sign and int(hours) < 24 and int(minutes) < 60:
        offset = dt.timezone((-1 if sign == "-" else 1) * dt.timedelta(hours=int(hours), minutes=int(minutes)))
    try:
        when = dt.datetime.fromtimestamp(int(seconds), offset)
        utc = when.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return when if limits.year_in_range(when.year) and limits.year_in_range(utc.year) else None


def _text_ids(files: PolicyFiles) -> dict[str, str]:
    """The section files only: a change to policy.yml alone (a `reviewed:` mark) is no new text."""
    return {path: blob for path, blob in files.ids().items() if path != META_FILE}


def versions_from(
    snapshots: list[Snapshot],
    languages: list[str],
    cache: dict,
    notes: list[str] | None = None,
    persisted: Persisted | None = None,
) -> list[Version]:
    """Group snapshots into runs of one label; parse each run's last snapshot (each one's
    check kept in `persisted` across builds: checked.py). A version whose text has a problem of
    LEAVE_OUT is left out, with a line in `notes`."""
    runs: list[tuple[str, list[Snapshot]]] = []  # (declared label, its snapshots)
    skipped: list[str] = []
    for snap in snapshots:
        if snap.label is None:
            skipped.append(snap.commit[:7])
            continue
        if runs and runs[-1][0] == snap.label:
            runs[-1][1].append(snap)
        else:
            runs.append((snap.label, [snap]))
    declared = {run_label for run_label, _ in runs}
    for _, run in runs:  # the files that are read, read together (BlobReader)
        if isinstance(run[-1].files.read, BlobReader):
            run[-1].files.read.want(run[-1].files.ids().values())
    checked = CheckedVersions(persisted, cache) if persisted is not None else None
    seen: set[str] = set()
    taken: set[str] = set()
    versions = []
    for declared_label, run in runs:
        first, last = run[0], run[-1]
        label = declared_label
        if label in seen or label in taken:  # a label that comes back gets a free `-rN`
            n = 2
            while f"{declared_label}-r{n}" in taken or f"{declared_label}-r{n}" in declared:
                n += 1
            label = f"{declared_label}-r{n}"
        seen.add(declared_label)
        taken.add(label)
        present = [l for l in languages if l in last.files.folders]
        policy = checked.check(last.files, present) if checked else check_policy(last.files, present, cache)
        refused = next((p for p in policy.problems if p.check in LEAVE_OUT), None)
        if refused is not None:
            if notes is not None:
                notes.append(
                    f"version {label} (commits {first.commit[:7]}..{last.commit[:7]}) is left out of "
                    f"the archive: {refused.message} ({refused.path}"
                    f"{':' + str(refused.line) if refused.line else ''})"
                )
            continue
        version = Version(
            label, declared_label, last.commit, first.commit, first.committed, policy, last.files, commits=len(run)
        )
        if checked is not None and checked.sha256 is not None:  # kept with the version's check
            version.__dict__["sha256"] = checked.sha256
        if label != declared_label:
            version.notes.append(f"the label {declared_label} comes back after another version; published as {label}")
        if _text_ids(first.files) != _text_ids(last.files):
            version.notes.append(
                f"the text changed after it was first published on "
                f"{first.committed:%Y-%m-%d} (commits {first.commit[:7]}..{last.commit[:7]})"
            )
        versions.append(version)
    if skipped:
        versions_note = f"commits without a readable version label in policy.yml were skipped: {', '.join(skipped)}"
        if versions:
            versions[0].notes.append(versions_note)
    return versions


_READERS: dict[tuple[Path, str], Reader] = {}


def read_history(
    root: Path, languages: list[str], policy_dir: str = POLICY_DIR, persisted: Persisted | None = None
) -> History:
    """The published versions of the policy in `root`/`policy_dir`, or why there are none.
    `persisted`: the build cache, where each commit's files and each version's check are kept
    across builds; the result is the same without it."""
    try:
        reader = _READERS.get((root.resolve(), policy_dir)) or Reader(root, policy_dir)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History([], None, available=False, reason=f"{root} is not in a git repository")
    except git.GitCommandNotFound:
        return History([], None, available=False, reason="the git command is not installed")
    _READERS[(reader.root, policy_dir)] = reader
    if reader.shallow():
        raise HistoryError(
            "the repository is a shallow clone, so the policy's history is incomplete",
            "fetch the full history: git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0",
        )
    key = (reader.head(), tuple(languages))
    before = set(persisted.touched) if persisted is not None else set()
    if reader.cached_versions is None or reader.cached_versions[0] != key:
        snapshots = reader.snapshots(persisted)
        notes = reader.snapshot_notes()
        versions = versions_from(snapshots, languages, reader.parse_cache, notes, persisted)
        reader.cached_versions = (key, versions, notes)
    if persisted is not None:  # what memory answered for is still used: eviction must keep it
        reader.kept |= persisted.touched - before
        persisted.keep(reader.kept)
    return History(
        reader.cached_versions[1], reader.head(), notes=list(reader.cached_versions[2]), policy_path=reader.policy_path
    )


def working_tree_differs(history: History, files: PolicyFiles) -> bool:
    """Whether policy/ on disk differs from the newest published version."""
    if not history.versions:
        return True
    return history.versions[-1].files.ids() != files.ids()
