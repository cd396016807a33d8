"""The site an import writes into: what it has published already, and writing the commits.

`open_site` checks the site (a git repository whose policy folder the history may replace),
`published` reads what it has published so far (so that an import onto its own history keeps
every anchor), and `write_commits` makes the planned commits with git's plumbing on a private index:
the branch moves once, at the end, so a failure leaves the site as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import git
import yaml

from policykit.importing import sitemeta
from policykit.importing.files import SAMPLE_KEY
from policykit.importing.gitsource import ReplayError, shown_path
from policykit.importing.matching import Anchors
from policykit.importing.objects import write_blobs
from policykit.project.config import SiteConfig
from policykit.record.history import read_history, work_tree
from policykit.record.moves import chain_end
from policykit.text.model import LanguageText
from policykit.text.source import META_FILE

if TYPE_CHECKING:  # planning.py imports this module's names through run.py
    from policykit.importing.planning import Planned

#: Who the imported commits are by, unless the source's authors are kept: a commit of a
#: policy's record names no person who did not agree to be named on the site.
NEUTRAL = ("Imported", "import@invalid")


# The site: what it has, and writing the commits ---------------------------------------------

#: Where `policy init` writes its sample sections: policy/LANG/01-*.md.
INIT_FILE_RE = re.compile(r"^[^/]+/[0-9]+-[^/]+\.md$")


@dataclass
class TargetSite:
    """The site an import writes into: its repository, where its policy folder is, and whether
    that folder holds anything but `policy init`'s samples."""

    repo: git.Repo
    root: Path
    policy_dir: str  # relative to root
    policy_path: str  # from the repository's top, as git names it
    head: str | None
    fresh: bool  # no commits under policy/, or only those of `policy init`
    init_commits: bool  # fresh, but `policy init`'s commits are there
    languages: list[str] | None  # the i18n plugin's (SiteConfig.i18n_languages); None without it


def _git(repo: git.Repo, *args: str, env: dict | None = None, data: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=work_tree(repo),
        env={**os.environ, **(env or {})},
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8", "replace").strip()


def open_site(into: Path, force: bool) -> TargetSite:
    """The site repository at `into`, checked: a git repository, no uncommitted change under
    the policy folder, no policy history of its own unless `force` (or only `policy init`'s)."""
    root = into.resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
        top_path = work_tree(repo)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReplayError(
            f"{into}: not a git repository",
            f"make the site a repository first: git init {into}, or name it with --into",
        ) from None
    top = top_path.resolve()
    config = SiteConfig.read(root)
    policy_dir = config.policy_dir
    prefix = root.relative_to(top).as_posix()
    policy_path = policy_dir if prefix == "." else f"{prefix}/{policy_dir}"
    try:
        head = repo.head.commit.hexsha
    except ValueError:
        head = None
    commits = (
        repo.git.log("--first-parent", "--format=%H", "HEAD", "--", f":(literal){policy_path}").split() if head else []
    )
    shaped = all(_init_shaped(repo, sha, policy_path) for sha in commits)
    status = _git(repo, "status", "--porcelain", "-z", "--untracked-files=all", "--", f":(literal){policy_path}")
    changed = [entry[3:] for entry in status.split("\0") if len(entry) > 3]
    if changed and not (
        not commits
        and all(
            _sample(name, policy_path, (top_path / name).read_bytes) for name in changed if (top_path / name).is_file()
        )
    ):
        raise ReplayError(
            f"{policy_path}/ has uncommitted changes ({', '.join(changed[:3])}{', …' if len(changed) > 3 else ''})",
            "commit or remove them first: the import writes the policy folder",
        )
    if commits and not shaped and not force:
        subject = repo.commit(commits[0]).summary
        raise ReplayError(
            f"{into}: the site already has {len(commits)} commit(s) that change {policy_path}/ "
            f"(the last: {commits[0][:7]} {subject!r})",
            "import into a new site, or pass --force to add the imported versions after them",
        )
    return TargetSite(
        repo,
        root,
        policy_dir,
        policy_path,
        head,
        not commits or shaped,
        bool(commits) and shaped,
        config.i18n_languages or None,
    )


def _below(name: str, policy_path: str) -> str:
    name = name.strip('"')
    return name[len(policy_path) + 1 :] if name.startswith(policy_path + "/") else name


def _init_shaped(repo: git.Repo, sha: str, policy_path: str) -> bool:
    """Whether the policy folder of commit `sha` holds only what `policy init` writes:
    policy.yml and sample sections (front matter `sample: true`, importer.SAMPLE_KEY)."""
    tree = repo.commit(sha).tree
    names = repo.git.ls_tree("-r", "-z", "--name-only", sha, "--", f"{policy_path}/").split("\0")
    return all(_sample(name, policy_path, _blob(tree, name)) for name in names if name)


def _blob(tree: git.Tree, name: str) -> Callable[[], bytes]:
    """Reads the file `name` of `tree` when called: _sample reads only what it must."""
    return lambda: (tree / name).data_stream.read()


def _sample(name: str, policy_path: str, read: Callable[[], bytes]) -> bool:
    """policy.yml, or a section file `policy init` wrote (unchanged), or one marked as a sample
    (front matter `sample: true`): what the importer replaces without --force."""
    below = _below(name, policy_path)
    if below == META_FILE:
        return True
    if not INIT_FILE_RE.match(below):
        return False
    lang, _, filename = below.partition("/")
    data = read()
    try:
        from policykit.commands.init import section_path, section_text  # only here: init reads its templates
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


def check_languages(site: TargetSite, languages: list[str]) -> None:
    """The import's languages must be the site's: a language the site lists without text, or a
    text in a language it does not list, would stop the build."""
    if site.languages is None:
        if len(languages) > 1:
            raise ReplayError(
                f"{site.root / 'mkdocs.yml'}: the site lists no languages (the i18n plugin), "
                f"but the import has {', '.join(languages)}",
                "list them under the i18n plugin's languages in mkdocs.yml first",
            )
        folders = SiteConfig.read(site.root).folders  # a site of one language: its one folder
        if len(folders) == 1 and folders != languages:
            raise ReplayError(
                f"{site.root / 'mkdocs.yml'}: the site has one language, {folders[0]} "
                f"({site.policy_path}/{folders[0]}/, no i18n plugin), not {languages[0]}",
                f"import with --language {folders[0]}, or make a site in {languages[0]} "
                f"with policy init DIR --languages {languages[0]}",
            )
        return
    missing = [l for l in site.languages if l not in languages]
    extra = [l for l in languages if l not in site.languages]
    if extra:
        raise ReplayError(
            f"the site's languages are {', '.join(site.languages)}; {', '.join(extra)} is not one of them",
            "add it to the i18n plugin's languages in mkdocs.yml, or leave its --translation out",
        )
    if missing:
        raise ReplayError(
            f"the site has the language(s) {', '.join(missing)}, but the import has no text for them",
            f"add --translation {missing[0]}=PATH, or remove the language from mkdocs.yml",
        )


def write_commits(site: TargetSite, commits: list[Planned], keep_authors: bool, source: str) -> list[str]:
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
        made: list[str] = []
        blobs = write_blobs(work_tree(repo), (data for planned in commits for data in planned.files.values()))
        written: set[str] = set()  # after the first commit, the index's policy files are those of the commit before
        for planned in commits:
            if not made:
                _git(
                    repo,
                    "rm",
                    "-r",
                    "--cached",
                    "-f",
                    "-q",
                    "--ignore-unmatch",
                    "--",
                    f":(literal){site.policy_path}",
                    env=index,
                )
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
            env = {
                "GIT_AUTHOR_NAME": author[0],
                "GIT_AUTHOR_EMAIL": author[1],
                "GIT_AUTHOR_DATE": source_commit.author_date,
                "GIT_COMMITTER_NAME": committer[0],
                "GIT_COMMITTER_EMAIL": committer[1],
                "GIT_COMMITTER_DATE": source_commit.committer_date,
            }
            parents = ["-p", parent] if parent else []
            parent = _git(repo, "commit-tree", tree, *parents, env=env, data=planned.message.encode("utf-8"))
            made.append(parent)
        if site.init_commits and made and site.head is not None:  # the sample's commits are on HEAD
            message = (
                f"Import the policy's history from {shown_path(source)}: {len(made)} commit(s); "
                "policy init's sample is left on the second parent\n"
            )
            env = {
                "GIT_AUTHOR_NAME": NEUTRAL[0],
                "GIT_AUTHOR_EMAIL": NEUTRAL[1],
                "GIT_COMMITTER_NAME": NEUTRAL[0],
                "GIT_COMMITTER_EMAIL": NEUTRAL[1],
            }
            parent = _git(
                repo, "commit-tree", tree, "-p", made[-1], "-p", site.head, env=env, data=message.encode("utf-8")
            )
            made.append(parent)
    if parent is None:  # nothing to write (a plan has a commit at least)
        return made
    _move_head(site, parent, base_tree)
    return made


def _move_head(site: TargetSite, new_head: str, base_tree: str | None) -> None:
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
        raise ReplayError(
            f"git {exc.cmd[1]} failed{': ' + said[-1] if said else ''}; the site is as it was "
            "(HEAD, index and policy folder)",
            "fix what git says (a .git/index.lock of a git that stopped: remove it) and run the import again",
        ) from None


def _restore(site: TargetSite, index: Path, saved_index: bytes | None, folder: Path, saved: dict[Path, bytes]) -> None:
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


def _checkout(site: TargetSite, base_tree: str | None) -> None:
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
        if name and _sample(name, site.policy_path, (work_tree(repo) / name).read_bytes):
            (work_tree(repo) / name).unlink(missing_ok=True)
    _git(repo, "checkout", "HEAD", "--", pathspec)


# What the site has already ----------------------------------------------------------------


def published(site: TargetSite, language: str) -> tuple[Anchors, LanguageText | None, set[str]]:
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
            raise ReplayError(exc.message, exc.fix, path=exc.path, line=exc.line or 1) from None
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
    for unit_id in meta.moved:
        end = chain_end(unit_id, meta.moved)
        anchors.home[unit_id] = end if end in ids else None
    anchors.moved, anchors.removed, anchors.live = dict(meta.moved), list(meta.removed), list(ids)
    for unit_id, where in anchors.home.items():
        if where is None and unit_id not in anchors.moved and unit_id not in anchors.removed:
            anchors.removed.append(unit_id)
    return anchors, live, {v.label for v in history.versions} | {v.declared_label for v in history.versions}
