"""Reading the source of `policy import --history REPO:PATH`: the repository, and the commits
of its first-parent history that changed the file.

What git prints is read as bytes, every field and name ended by NUL (`-z`, `%x00`) and names
unquoted (`core.quotePath=false`), so that a name git would quote (`villkor-ä.md`) or an
author's name holding any character comes through as it is. Dates are read raw (seconds and
the offset as the commit has them) and parsed here: a date git cannot print, or one the site
could not read back, is said in words, never a traceback.

Git runs with `--git-dir`, so a bare repository (also where `safe.bareRepository=explicit`)
and a worktree or submodule (a `.git` file) are sources like any clone.

A commit that cannot be imported keeps its place in the list with its `problem` in words (a
date out of range, a symbolic link, a folder or a submodule at the path), so that the replay
can report it and go on. `follow` raises on the first such commit unless the caller asks for
them (`keep_unreadable=True`) and handles them.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import git

from policykit.text import limits
from policykit.text.checks import FixableError, printable


def shown_path(path: str) -> str:
    """A source path as words that any file, terminal or commit message takes: a name that is
    not UTF-8 in git (read with surrogate escapes) shows its bytes as `\\xe9`, and controls
    (a newline in a name) as escapes, so that writing it never fails after the import began."""
    try:
        readable = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        readable = path
    return printable(readable)


class ReplayError(FixableError):
    """The history cannot be replayed as asked; nothing was written (a message with its fix).
    Defined with the source's reading, its first step; every step of an import raises it."""


#: The fix of a commit that cannot be read: a history cannot be corrected where it stands.
UNREADABLE_FIX = ("a commit cannot be changed in the source's history: import from a copy whose history "
                  "mends it (git replace --edit {short}), or from a later commit")


# Running git ----------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    """The environment without the variables that would point git at another repository."""
    return {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")}


def run_git(git_dir: str | Path, *args: str | bytes, data: bytes | None = None) -> bytes:
    """git's output (bytes) for `args`, run on the repository `git_dir` (no work tree needed),
    names unquoted. Raises subprocess.CalledProcessError."""
    command = ["git", f"--git-dir={os.fspath(git_dir)}", "-c", "core.quotePath=false", *args]
    return subprocess.run(command, input=data, capture_output=True, check=True, env=_env()).stdout


def git_dir(repo: git.Repo) -> str:
    return repo.git_dir


def _said(exc: subprocess.CalledProcessError) -> str:
    lines = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {exc.returncode}"


# The commits ----------------------------------------------------------------------------------


@dataclass
class SourceCommit:
    """One commit of the source, as it touched one file."""

    sha: str
    path: str  # the file's name in this commit (it may have been renamed since)
    author: tuple[str, str]
    author_date: str  # ISO 8601 with the commit's own time zone ("" where `problem` says why)
    committer: tuple[str, str]
    committer_date: str
    subject: str
    data: bytes | None  # the file's bytes in this commit; None where it deleted it (or `problem`)
    #: Why this commit cannot be imported (its date, or what stands at the path), in words
    #: after "PATH@SHORT: "; None for a readable commit. The replay reports it and skips the
    #: commit (or stops, where the commit is the newest).
    problem: str | None = None
    #: What was read otherwise than the commit has it (an author's date that cannot be read),
    #: in words, each "PATH@SHORT: ...": the report's notes.
    notes: list[str] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def committed(self) -> dt.datetime:
        """The committer's date, in the commit's own offset (the contract's `published`)."""
        return dt.datetime.fromisoformat(self.committer_date)

    @property
    def day(self) -> dt.date:
        """The day of the commit where it was made: 17:02 -0700 on 10 April is 10 April, as
        the text written that day says, though it was 11 April in UTC."""
        return self.committed.date()

    @property
    def raw(self) -> str:
        """The file as text: UTF-8 (a BOM dropped), LF line ends; a line that is not UTF-8 is
        read as Windows-1252 (what an editor of the time saved), so that one such commit
        neither stops a history of years nor loses its words (`refused` names each line)."""
        data = self.data or b""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
            text = "\n".join(_line_text(line) for line in lines)
            for number, line in enumerate(lines, 1):  # said once, before the text replaces `data`
                bad = _not_utf8_at(line)
                note = (f"{self.path}@{self.short}:{number}: byte 0x{bad:02x} is not UTF-8: the line is read "
                        "as Windows-1252 (check the line in the source)") if bad is not None else None
                if note and note not in self.notes:
                    self.notes.append(note)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    @property
    def text(self) -> str:
        """`raw` without the characters no policy file may hold (limits.REFUSED_RE: control
        characters and the like), which would stop the site's build; `refused` names them.
        Worked out once per `data` (a text is read several times a commit, and the pattern
        costs milliseconds on a long one); `data` may be replaced, so the cache names it."""
        held = self.__dict__.get("_text")
        if held is None or held[0] is not self.data:
            held = self.__dict__["_text"] = (self.data, limits.REFUSED_RE.sub("", self.raw))
        return held[1]

    def refused(self) -> list[str]:
        """The commit's `notes`, and a note per line of the file that holds a refused
        character: PATH@HASH:LINE."""
        return [*self.notes, *(
            f"{self.path}@{self.short}:{number}: the line holds {limits.describe(found.group())}: "
            f"left out of the imported text (check the line in the source)"
            for number, line in enumerate(self.raw.split("\n"), 1)
            if (found := limits.REFUSED_RE.search(line)))]


def _not_utf8_at(line: bytes) -> int | None:
    """The first byte of `line` that is not UTF-8; None where it all is."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return line[exc.start]
    return None


def _line_text(line: bytes) -> str:
    """One line of a file that is not all UTF-8: UTF-8 where it is, else Windows-1252, else
    Latin-1 (which reads every byte)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return line.decode(encoding)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


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


# REPO:PATH --------------------------------------------------------------------------------------


def split_spec(spec: str) -> tuple[str, str]:
    """`REPO:PATH` -> (REPO, PATH), split at the last colon (a URL has one of its own), or at an
    earlier one where only that leaves a local folder before it (`../site:legal/a:b.md`, a file
    name with a colon). PATH is from the repository's top folder: one that leaves it (`../x.md`)
    or is absolute is refused, with the name to give where it can be worked out."""
    repo, sep, path = spec.rpartition(":")
    if sep and not Path(repo).expanduser().is_dir():
        for at in reversed([n for n, char in enumerate(repo) if char == ":"]):
            if Path(spec[:at]).expanduser().is_dir():
                repo, path = spec[:at], spec[at + 1:]
                break
    if not sep or not repo or not path.strip("/"):
        raise ReplayError(f"{spec!r} is not REPO:PATH", "name the repository and the file in it, "
                          "e.g. --history ../website:privacy/en-US.md")
    return repo, repo_path(repo, path, spec)


def repo_path(location: str, path: str, spec: str) -> str:
    """`path` as git names it from the top of the repository at `location`: one that leaves
    the repository or is absolute is refused, with the name to give where it can be found."""
    if path.startswith("/"):
        top = Path(location).expanduser()
        try:
            inside = Path(path).relative_to(top.resolve()).as_posix() if top.is_dir() else None
        except ValueError:
            inside = None
        example = f"{location}:{inside}" if inside and inside != "." else f"{location}:privacy.md"
        raise ReplayError(f"{spec}: {path} is an absolute path",
                          f"name the file from the repository's top folder, e.g. --history {example}")
    clean = posixpath.normpath(path.rstrip("/"))
    if clean == ".." or clean.startswith("../"):
        raise ReplayError(f"{spec}: {path} is outside the repository {location}",
                          "name a file inside it, from its top folder (e.g. --history ../website:privacy.md), "
                          "or name the repository that holds the file")
    if clean == ".":
        raise ReplayError(f"{spec}: {path} is the repository's top folder, not a file",
                          "name the file, e.g. --history ../website:privacy.md")
    return clean


def open_repo(location: str) -> tuple[git.Repo, Path | None]:
    """A local repository (a clone, a bare repository, a worktree), or a full clone of a URL
    into a temporary folder (returned, to remove)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", location) or re.match(r"^[^/]+@[^/]+:", location):
        clone = Path(tempfile.mkdtemp(prefix="policy-import-"))
        try:
            subprocess.run(["git", "clone", "--quiet", "--no-checkout", location, str(clone / "repo")],
                           check=True, capture_output=True, text=True, timeout=600, env=_env())
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(clone, ignore_errors=True)
            detail = (getattr(exc, "stderr", "") or "").strip().splitlines()
            raise ReplayError(f"{location}: cannot clone it{': ' + detail[-1] if detail else ''}",
                              "check the address, or clone it yourself and name the folder") from None
        return _repo(clone / "repo", str(clone / "repo" / ".git")), clone
    folder = Path(location).expanduser()
    if not folder.exists():
        raise ReplayError(f"{location}: no such folder", "name a local git repository (or its URL)")
    if not folder.is_dir():
        raise ReplayError(f"{location}: is a file, not a repository's folder",
                          "name the folder of a git clone, then the file in it: --history FOLDER:FILE")
    return _repo(folder, _find_git_dir(folder, location)), None


def _find_git_dir(folder: Path, location: str) -> str:
    """The git directory of `folder`: itself (a bare repository, or a .git folder named), or its
    `.git` (a folder, or a file that points at one). A folder inside a repository's work tree
    is named with the repository's top."""
    try:  # a bare repository: named with --git-dir, which safe.bareRepository=explicit allows
        return run_git(folder, "rev-parse", "--absolute-git-dir").decode("utf-8", "surrogateescape").strip()
    except subprocess.CalledProcessError:
        pass
    command = ["git", "-C", str(folder), "rev-parse", "--absolute-git-dir", "--show-toplevel"]
    found = subprocess.run(command, capture_output=True, env=_env())
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if found.returncode == 0 and len(lines) == 2:
        if (folder / ".git").exists():
            return lines[0]
        top = Path(lines[1])
        inside = folder.resolve().relative_to(top.resolve()).as_posix()
        raise ReplayError(f"{location}: is a folder inside the repository {top}",
                          f"name the repository's top folder and the file from there: --history {top}:{inside}/FILE")
    said = found.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = said[-1] if said and "not a git repository" not in said[-1] else ""
    raise ReplayError(f"{location}: not a git repository{' (' + detail + ')' if detail else ''}",
                      "name the folder of a git clone (the one with .git in it), or a bare repository")


def _repo(folder: Path, git_dir_path: str) -> git.Repo:
    """GitPython's Repo of the source, running git with --git-dir (a bare repository where
    safe.bareRepository=explicit too)."""
    try:
        repo = git.Repo(folder if (folder / ".git").exists() else git_dir_path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReplayError(f"{folder}: not a git repository",
                          "name the folder of a git clone (the one with .git in it), or a bare repository") from None
    repo.git.set_persistent_git_options(git_dir=git_dir_path)
    return repo


def check_complete(repo: git.Repo, location: str) -> None:
    """A shallow clone lacks the older commits: its history would be replayed cut short."""
    if run_git(git_dir(repo), "rev-parse", "--is-shallow-repository").strip() == b"true":
        raise ReplayError(f"{location}: the repository is a shallow clone, so the file's history is incomplete",
                          f"fetch the full history first: git fetch --unshallow, in {location}")


def _head(repo: git.Repo, spec: str) -> str:
    """HEAD's commit id; a repository whose HEAD names a branch without commits is said (a bare
    repository made with `git init --bare` and pushed to under another branch's name)."""
    try:
        return run_git(git_dir(repo), "rev-parse", "--verify", "-q", "HEAD^{commit}").decode().strip()
    except subprocess.CalledProcessError:
        pass
    branches = run_git(git_dir(repo), "for-each-ref", "--format=%(refname:short)", "refs/heads").decode(
        "utf-8", "replace").split()
    if branches:
        head = run_git(git_dir(repo), "symbolic-ref", "-q", "--short", "HEAD").decode("utf-8", "replace").strip()
        raise ReplayError(f"{spec}: HEAD names the branch {head or '?'}, which has no commits "
                          f"(the branches are {', '.join(branches[:5])})",
                          f"point HEAD at the branch with the history: git --git-dir=REPO symbolic-ref HEAD "
                          f"refs/heads/{branches[0]}")
    raise ReplayError(f"{spec}: the repository has no commits", "name a repository with the file's history")


# Reading the log ------------------------------------------------------------------------------

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


def _records(out: bytes):
    """(fields, entries) per commit of `git log -z --raw --format=MARK%x00…`, newest first."""
    tokens = out.split(b"\0")
    i = 0
    while i < len(tokens):
        if tokens[i] != MARK:
            i += 1
            continue
        fields = tokens[i + 1:i + 1 + len(FIELDS)]
        i += 1 + len(FIELDS)
        entries = []
        while i < len(tokens) and (found := RAW_RE.match(tokens[i].lstrip(b"\n"))):
            count = 2 if found.group(5) in (b"R", b"C") else 1
            entries.append(_Entry(found.group(2).decode(), found.group(4).decode(), found.group(5).decode(),
                                  tokens[i + 1:i + 1 + count]))
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
        return None, f"has the time zone {sign}{found.group(3)}{found.group(4)}, which is no time zone " \
                     "(offsets run from -2359 to +2359)"
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
    _head(repo, spec)
    fmt = "%x01commit%x00" + "%x00".join(FIELDS)
    try:
        out = run_git(git_dir(repo), "log", "-z", "--first-parent", "--follow", "--raw", "--no-abbrev",
                      "--date=raw", f"--format={fmt}", "HEAD", "--", b":(literal)" + os.fsencode(path))
    except subprocess.CalledProcessError as exc:
        raise ReplayError(f"{spec}: git log failed: {_said(exc)}", "check the path inside the repository") from None
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
        raise ReplayError(f"{spec}: the file never existed in the first-parent history of HEAD",
                          "check the path inside the repository (git -C REPO log --all -- '*NAME*' finds it)")
    if not keep_unreadable:
        for commit in commits:
            if commit.problem:
                raise ReplayError(f"{commit.path}@{commit.short}: {commit.problem}",
                                  UNREADABLE_FIX.format(short=commit.short))
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
        commit.notes.append(f"{commit.path}@{commit.short}: the author's date {why}: "
                            f"the committer's date, {commit.committer_date}, is used")


def _what_is_there(repo: git.Repo, commit: SourceCommit, name: bytes, entry: _Entry | None,
                   location: str) -> str | None:
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
        inside = [n.decode("utf-8", "replace") for n in run_git(
            git_dir(repo), "ls-tree", "-z", "--name-only", commit.sha, b"--", name + b"/").split(b"\0") if n]
        example = next((n for n in inside if n.endswith(".md")), inside[0] if inside else f"{shown}/FILE.md")
        why = f"is a folder: name the file in it (such as --history {location}:{example})"
    elif entry.mode == GITLINK:
        why = (f"is a submodule (commit {entry.oid[:7]} of another repository): import from that repository, "
               f"--history ITS_FOLDER_OR_URL:FILE")
    elif entry.mode == LINK:
        target = _blob_data(repo, entry.oid) or b""
        where = posixpath.normpath(posixpath.join(posixpath.dirname(shown), target.decode("utf-8", "replace")))
        outside = where == ".." or where.startswith(("../", "/"))
        fix = ("it points outside the repository: name that file's own repository" if outside
               else f"name the file it points to (--history {location}:{where})")
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
            result[header[0].decode()] = out[at:at + size]
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
    out = run_git(git_dir(source.repo), "for-each-ref", "--format=%(refname:short)%00%(objectname)%00%(*objectname)",
                  "refs/tags")
    for line in out.decode("utf-8", "replace").splitlines():
        name, target, peeled = (line.split("\0") + ["", ""])[:3]
        sha = peeled or target
        if sha in by_sha:
            found.setdefault(sha, []).append(name)
    for sha, names in found.items():
        if len(names) > 1 and notes is not None:
            notes.append(f"{source.path}@{sha[:7]}: tags {', '.join(sorted(names))} point at one commit: "
                         f"{sorted(names)[0]} is its version")
    return [(sorted(found[c.sha])[0], c) for c in source.commits if c.sha in found]


def first_parent_order(repo: git.Repo) -> dict[str, int]:
    """Each first-parent commit of HEAD -> its place, oldest 0."""
    shas = run_git(git_dir(repo), "rev-list", "--first-parent", "HEAD").decode().split()
    return {sha: i for i, sha in enumerate(reversed(shas))}
