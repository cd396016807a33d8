"""The commits of the source's first-parent history that changed the file, read from `git log`
(across renames), and the Source they make with the repository.

What git prints is read as bytes, every field and name ended by NUL (`-z`, `%x00`), so that a
name git would quote (`villkor-ä.md`) or an author's name holding any character comes through
as it is. Dates are read raw (seconds and the offset as the commit has them) and parsed here:
a date git cannot print, or one the site could not read back, is said in words, never a
traceback. `follow` raises on the first commit that cannot be imported unless the caller asks
for them (`keep_unreadable=True`) and handles them.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import git

from policykit.importing.gitsource import (
    UNREADABLE_FIX,
    ReplayError,
    check_complete,
    git_dir,
    git_said,
    head_commit,
    open_repo,
    repo_path,
    run_git,
    split_spec,
)
from policykit.importing.source_commit import SourceCommit
from policykit.text import limits


@dataclass
class Source:
    """The source repository and the file's commits in it, oldest first."""

    repo: git.Repo
    spec: str  # REPO:PATH as given
    path: str
    commits: list[SourceCommit]
    clone: Path | None = None  # a temporary clone of a URL, removed by `close`

    def close(self) -> None:
        if self.clone is not None:
            shutil.rmtree(self.clone, ignore_errors=True)


#: The fields of a commit in `git log`, each ended by NUL: the dates raw (seconds and offset),
#: for a date git cannot print as ISO 8601 (+9959, the year 10000) is printed wrong, not refused.
FIELDS = ("%H", "%an", "%ae", "%ad", "%cn", "%ce", "%cd", "%s")
MARK = b"\x01commit"
RAW_RE = re.compile(rb"^:([0-7]{6}) ([0-7]{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) ([A-Z])([0-9]*)$")
RAW_DATE_RE = re.compile(r"^(-?[0-9]+) ([+-])([0-9]{2})([0-9]{2})$")
LINK, GITLINK, TREE = "120000", "160000", "040000"


@dataclass
class _Entry:
    mode: str
    oid: str
    status: str
    paths: list[bytes]  # one, or two for a rename or copy (from, to)


def _records(out: bytes) -> Iterator[tuple[list[str], list[_Entry]]]:
    """(fields, entries) per commit of `git log -z --raw --format=MARK%x00…`, newest first."""
    tokens = out.split(b"\0")
    i = 0
    while i < len(tokens):
        if tokens[i] != MARK:
            i += 1
            continue
        fields = tokens[i + 1 : i + 1 + len(FIELDS)]
        i += 1 + len(FIELDS)
        entries = []
        while i < len(tokens) and (found := RAW_RE.match(tokens[i].lstrip(b"\n"))):
            count = 2 if found.group(5) in (b"R", b"C") else 1
            entries.append(
                _Entry(
                    found.group(2).decode(),
                    found.group(4).decode(),
                    found.group(5).decode(),
                    tokens[i + 1 : i + 1 + count],
                )
            )
            i += 1 + count
        yield [f.decode("utf-8", "replace") for f in fields], entries


def parse_date(raw: str) -> tuple[dt.datetime | None, str]:
    """(the moment in its own offset, "") for a raw git date `SECONDS +HHMM`, or (None, why not):
    missing, an offset of a day or more, or a year outside limits.MIN_YEAR..MAX_YEAR (the site
    leaves such a commit out of its history)."""
    found = RAW_DATE_RE.match(raw.strip())
    if not found:
        return None, "is missing or cannot be read" if not raw.strip() else f"'{raw.strip()[:40]}' cannot be read"
    seconds, sign, hours, minutes = int(found.group(1)), found.group(2), int(found.group(3)), int(found.group(4))
    if hours >= 24 or minutes >= 60:
        return (
            None,
            f"has the time zone {sign}{found.group(3)}{found.group(4)}, which is no time zone "
            "(offsets run from -2359 to +2359)",
        )
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    try:
        when = dt.datetime.fromtimestamp(seconds, dt.timezone(offset))
        utc = when.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None, f"({seconds} seconds after 1970) is outside the years {limits.MIN_YEAR} to {limits.MAX_YEAR}"
    if not (limits.year_in_range(when.year) and limits.year_in_range(utc.year)):
        return None, f"({when.isoformat()}) is outside the years {limits.MIN_YEAR} to {limits.MAX_YEAR}"
    return when, ""


def follow(repo: git.Repo, path: str, spec: str, *, keep_unreadable: bool = False) -> list[SourceCommit]:
    """The first-parent commits of HEAD that changed `path`, across renames, oldest first (as
    `git log --first-parent --follow -- PATH`). Raises ReplayError when there are none, and on
    the first commit with a `problem` unless `keep_unreadable` (the caller reports them)."""
    location = spec.rpartition(":")[0] or "REPO"
    path = repo_path(location, path, spec)
    head_commit(repo, spec)
    fmt = "%x01commit%x00" + "%x00".join(FIELDS)
    try:
        out = run_git(
            git_dir(repo),
            "log",
            "-z",
            "--first-parent",
            "--follow",
            "--raw",
            "--no-abbrev",
            "--date=raw",
            f"--format={fmt}",
            "HEAD",
            "--",
            b":(literal)" + os.fsencode(path),
        )
    except subprocess.CalledProcessError as exc:
        raise ReplayError(f"{spec}: git log failed: {git_said(exc)}", "check the path inside the repository") from None
    commits: list[SourceCommit] = []
    blobs: dict[int, str] = {}  # place in `commits` -> the id of the file's blob there
    name = os.fsencode(path)  # the file's name, going back in time
    for fields, entries in _records(out):
        sha, an, ae, ad, cn, ce, cd, subject = fields
        entry = next((e for e in entries if e.paths[-1] == name), None)
        if entry is not None and entry.status in "RC" and len(entry.paths) == 2:
            here, name = name, entry.paths[0]  # older commits have the old name
        else:
            here = name
        commit = SourceCommit(sha, here.decode("utf-8", "replace"), (an, ae), "", (cn, ce), "", subject.strip(), None)
        _read_dates(commit, ad, cd)
        blob = _what_is_there(repo, commit, here, entry, location)
        if blob is not None:
            blobs[len(commits)] = blob
        commits.append(commit)
    read = _cat_blobs(repo, list(dict.fromkeys(blobs.values())))
    for place, blob in blobs.items():
        commits[place].data = read.get(blob)
    commits.reverse()
    if not any(c.data is not None or c.problem for c in commits):
        raise ReplayError(
            f"{spec}: the file never existed in the first-parent history of HEAD",
            "check the path inside the repository (git -C REPO log --all -- '*NAME*' finds it)",
        )
    if not keep_unreadable:
        for commit in commits:
            if commit.problem:
                raise ReplayError(
                    f"{commit.path}@{commit.short}: {commit.problem}", UNREADABLE_FIX.format(short=commit.short)
                )
    return commits


def _read_dates(commit: SourceCommit, author: str, committer: str) -> None:
    """The commit's dates as ISO 8601 in its own offsets. The committer's date is the version's
    publication: one that cannot be read is the commit's `problem`; an author's date that
    cannot be read gives way to it, with a note."""
    committed, why = parse_date(committer)
    if committed is None:
        commit.problem = f"the commit's date {why}"
        return
    commit.committer_date = committed.isoformat()
    authored, why = parse_date(author)
    commit.author_date = authored.isoformat() if authored else commit.committer_date
    if authored is None:
        commit.notes.append(
            f"{commit.path}@{commit.short}: the author's date {why}: "
            f"the committer's date, {commit.committer_date}, is used"
        )


def _what_is_there(
    repo: git.Repo, commit: SourceCommit, name: bytes, entry: _Entry | None, location: str
) -> str | None:
    """What stands at `name` in the commit: a file (its blob's id, returned), nothing (deleted:
    None), or something that is no file (None, and the commit's `problem` says what)."""
    if entry is None:  # no change to the name itself: a folder at the path, or a merge's own tree
        entry = _ls_tree(repo, commit.sha, name)
        if entry is None:
            return None
    if entry.status == "D" or set(entry.mode) == {"0"}:
        return None
    shown = name.decode("utf-8", "replace")
    if entry.mode == TREE:
        inside = [
            n.decode("utf-8", "replace")
            for n in run_git(git_dir(repo), "ls-tree", "-z", "--name-only", commit.sha, b"--", name + b"/").split(b"\0")
            if n
        ]
        example = next((n for n in inside if n.endswith(".md")), inside[0] if inside else f"{shown}/FILE.md")
        why = f"is a folder: name the file in it (such as --history {location}:{example})"
    elif entry.mode == GITLINK:
        why = (
            f"is a submodule (commit {entry.oid[:7]} of another repository): import from that repository, "
            f"--history ITS_FOLDER_OR_URL:FILE"
        )
    elif entry.mode == LINK:
        target = _blob_data(repo, entry.oid) or b""
        where = posixpath.normpath(posixpath.join(posixpath.dirname(shown), target.decode("utf-8", "replace")))
        outside = where == ".." or where.startswith(("../", "/"))
        fix = (
            "it points outside the repository: name that file's own repository"
            if outside
            else f"name the file it points to (--history {location}:{where})"
        )
        why = f"is a symbolic link to {target.decode('utf-8', 'replace')}: {fix}"
    else:
        return entry.oid
    if commit.problem is None:
        commit.problem = f"{shown} {why}"
    commit.path = shown
    return None


def _ls_tree(repo: git.Repo, sha: str, name: bytes) -> _Entry | None:
    out = run_git(git_dir(repo), "ls-tree", "-z", "--full-tree", sha, b"--", name)
    for line in out.split(b"\0"):
        meta, _, found = line.partition(b"\t")
        parts = meta.split()
        if found == name and len(parts) == 3:
            return _Entry(parts[0].decode().zfill(6), parts[2].decode(), "M", [name])
    return None


def _blob_data(repo: git.Repo, oid: str) -> bytes | None:
    return _cat_blobs(repo, [oid]).get(oid)


def _cat_blobs(repo: git.Repo, oids: list[str]) -> dict[str, bytes]:
    """The bytes of each blob, read by one `git cat-file --batch`."""
    if not oids:
        return {}
    out = run_git(git_dir(repo), "cat-file", "--batch", data=("\n".join(oids) + "\n").encode())
    result, at = {}, 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3:
            size = int(header[2])
            result[header[0].decode()] = out[at : at + size]
            at += size + 1
    return result


def open_source(spec: str, *, keep_unreadable: bool = False) -> Source:
    location, path = split_spec(spec)
    repo, clone = open_repo(location)
    try:
        check_complete(repo, location)
        return Source(repo, spec, path, follow(repo, path, spec, keep_unreadable=keep_unreadable), clone)
    except BaseException:
        if clone is not None:
            shutil.rmtree(clone, ignore_errors=True)
        raise


def tags_on(source: Source, notes: list[str] | None = None) -> list[tuple[str, SourceCommit]]:
    """The tags that point at the file's commits, in the commits' order (several tags on one
    commit: the first by name; the others are said in `notes`)."""
    by_sha = {c.sha: c for c in source.commits if c.data is not None}
    found: dict[str, list[str]] = {}
    out = run_git(
        git_dir(source.repo), "for-each-ref", "--format=%(refname:short)%00%(objectname)%00%(*objectname)", "refs/tags"
    )
    for line in out.decode("utf-8", "replace").splitlines():
        name, target, peeled = (line.split("\0") + ["", ""])[:3]
        sha = peeled or target
        if sha in by_sha:
            found.setdefault(sha, []).append(name)
    for sha, names in found.items():
        if len(names) > 1 and notes is not None:
            notes.append(
                f"{source.path}@{sha[:7]}: tags {', '.join(sorted(names))} point at one commit: "
                f"{sorted(names)[0]} is its version"
            )
    return [(sorted(found[c.sha])[0], c) for c in source.commits if c.sha in found]


def first_parent_order(repo: git.Repo) -> dict[str, int]:
    """Each first-parent commit of HEAD -> its place, oldest 0."""
    shas = run_git(git_dir(repo), "rev-list", "--first-parent", "HEAD").decode().split()
    return {sha: i for i, sha in enumerate(reversed(shas))}
