"""The source of `policy import --history REPO:PATH`: REPO:PATH read, the repository opened,
git run on it; and ReplayError, which every step of an import raises.

Git runs with `--git-dir`, so a bare repository (also where `safe.bareRepository=explicit`)
and a worktree or submodule (a `.git` file) are sources like any clone. Names are read
unquoted (`core.quotePath=false`). The file's commits are read from here by source_log.py.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import git

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
UNREADABLE_FIX = (
    "a commit cannot be changed in the source's history: import from a copy whose history "
    "mends it (git replace --edit {short}), or from a later commit"
)


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
    """The repository's git directory, as `run_git` takes it (GitPython types it as a path)."""
    return os.fspath(repo.git_dir)


def git_said(exc: subprocess.CalledProcessError) -> str:
    """What git said last on failing (its last line of stderr), for a message."""
    lines = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {exc.returncode}"


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
                repo, path = spec[:at], spec[at + 1 :]
                break
    if not sep or not repo or not path.strip("/"):
        raise ReplayError(
            f"{spec!r} is not REPO:PATH",
            "name the repository and the file in it, e.g. --history ../website:privacy/en-US.md",
        )
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
        raise ReplayError(
            f"{spec}: {path} is an absolute path",
            f"name the file from the repository's top folder, e.g. --history {example}",
        )
    clean = posixpath.normpath(path.rstrip("/"))
    if clean == ".." or clean.startswith("../"):
        raise ReplayError(
            f"{spec}: {path} is outside the repository {location}",
            "name a file inside it, from its top folder (e.g. --history ../website:privacy.md), "
            "or name the repository that holds the file",
        )
    if clean == ".":
        raise ReplayError(
            f"{spec}: {path} is the repository's top folder, not a file",
            "name the file, e.g. --history ../website:privacy.md",
        )
    return clean


def open_repo(location: str) -> tuple[git.Repo, Path | None]:
    """A local repository (a clone, a bare repository, a worktree), or a full clone of a URL
    into a temporary folder (returned, to remove)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", location) or re.match(r"^[^/]+@[^/]+:", location):
        clone = Path(tempfile.mkdtemp(prefix="policy-import-"))
        try:
            subprocess.run(
                ["git", "clone", "--quiet", "--no-checkout", location, str(clone / "repo")],
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
                env=_env(),
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(clone, ignore_errors=True)
            detail = (getattr(exc, "stderr", "") or "").strip().splitlines()
            raise ReplayError(
                f"{location}: cannot clone it{': ' + detail[-1] if detail else ''}",
                "check the address, or clone it yourself and name the folder",
            ) from None
        return _repo(clone / "repo", str(clone / "repo" / ".git")), clone
    folder = Path(location).expanduser()
    if not folder.exists():
        raise ReplayError(f"{location}: no such folder", "name a local git repository (or its URL)")
    if not folder.is_dir():
        raise ReplayError(
            f"{location}: is a file, not a repository's folder",
            "name the folder of a git clone, then the file in it: --history FOLDER:FILE",
        )
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
        raise ReplayError(
            f"{location}: is a folder inside the repository {top}",
            f"name the repository's top folder and the file from there: --history {top}:{inside}/FILE",
        )
    said = found.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = said[-1] if said and "not a git repository" not in said[-1] else ""
    raise ReplayError(
        f"{location}: not a git repository{' (' + detail + ')' if detail else ''}",
        "name the folder of a git clone (the one with .git in it), or a bare repository",
    )


def _repo(folder: Path, git_dir_path: str) -> git.Repo:
    """GitPython's Repo of the source, running git with --git-dir (a bare repository where
    safe.bareRepository=explicit too)."""
    try:
        repo = git.Repo(folder if (folder / ".git").exists() else git_dir_path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReplayError(
            f"{folder}: not a git repository",
            "name the folder of a git clone (the one with .git in it), or a bare repository",
        ) from None
    repo.git.set_persistent_git_options(git_dir=git_dir_path)
    return repo


def check_complete(repo: git.Repo, location: str) -> None:
    """A shallow clone lacks the older commits: its history would be replayed cut short."""
    if run_git(git_dir(repo), "rev-parse", "--is-shallow-repository").strip() == b"true":
        raise ReplayError(
            f"{location}: the repository is a shallow clone, so the file's history is incomplete",
            f"fetch the full history first: git fetch --unshallow, in {location}",
        )


def head_commit(repo: git.Repo, spec: str) -> str:
    """HEAD's commit id; a repository whose HEAD names a branch without commits is said (a bare
    repository made with `git init --bare` and pushed to under another branch's name)."""
    try:
        return run_git(git_dir(repo), "rev-parse", "--verify", "-q", "HEAD^{commit}").decode().strip()
    except subprocess.CalledProcessError:
        pass
    branches = (
        run_git(git_dir(repo), "for-each-ref", "--format=%(refname:short)", "refs/heads")
        .decode("utf-8", "replace")
        .split()
    )
    if branches:
        head = run_git(git_dir(repo), "symbolic-ref", "-q", "--short", "HEAD").decode("utf-8", "replace").strip()
        raise ReplayError(
            f"{spec}: HEAD names the branch {head or '?'}, which has no commits "
            f"(the branches are {', '.join(branches[:5])})",
            f"point HEAD at the branch with the history: git --git-dir=REPO symbolic-ref HEAD refs/heads/{branches[0]}",
        )
    raise ReplayError(f"{spec}: the repository has no commits", "name a repository with the file's history")
