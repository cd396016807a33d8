"""Which folder a build may replace: `site_dir` must be empty or a site that a build wrote.

A build replaces what `site_dir` holds. Pointed at the policy folder, the repository's `.git` or
a folder of someone's files, that destroys them; so the build checks `site_dir` before it
writes anything, and again before it puts the new site in place:

- It is not the repository, its git folder, the folder of mkdocs.yml, the policy, words or
  docs folder, nor a folder that holds one of them, nor a folder inside the git, policy, words
  or docs folder.
- It does not exist, or holds only files whose names start with a dot (a gh-pages worktree's
  `.git`, a `.env`: they are kept, as MkDocs keeps them), or holds the marker, `MARKER`, which
  every build writes into its site, or is a site built before the marker (`_built_before`).

Anything else stops the build, naming mkdocs.yml's `site_dir` and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import git
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

#: The file that says a folder is a site that a build wrote. It is published with the site (a
#: deployment copies the folder whole, and a gh-pages branch commits it), so its bytes never
#: change: not with the build, the date or the version of the package.
MARKER = ".policykit-site"
MARKER_TEXT = (
    b"mkdocs-policykit built this site. Its next build replaces what this folder holds, "
    b"except the files whose names start with a dot.\n"
)
#: What every site of this package holds, as files: a folder with all of them, and without a
#: git folder or a mkdocs.yml, is taken for a site built before the marker (once: it gets it).
BUILT = ("policy.json", "policy.schema.json", "404.html", "sitemap.xml", "search/search_index.json")
FIX = "set site_dir to a folder of its own, such as site (the default)"


def check(config: MkDocsConfig, target: Path, folders: dict[str, Path]) -> None:
    """PluginError unless a build may replace `target` (site_dir, resolved). `folders`: the
    site's own folders by what they are (the policy folder, the words folder)."""
    problem = _placement(config, target, folders)
    if problem:
        raise PluginError(f"{_where(config, target)} names {_shown(config, target)}, {problem}")
    check_contents(config, target)


def check_contents(config: MkDocsConfig, target: Path) -> None:
    """PluginError unless `target` is missing, empty but for dot-files, or a site a build wrote."""
    if not target.exists():
        return
    where = f"{_where(config, target)} names {_shown(config, target)}"
    if not target.is_dir():
        raise PluginError(f"{where}, which is a file: a build would replace it with the site; {FIX}")
    names = sorted(p.name for p in target.iterdir())
    if MARKER in names and (target / MARKER).is_file() and not (target / MARKER).is_symlink():
        return
    own = [name for name in names if not name.startswith(".")]
    if not own or _built_before(target, names):
        return
    shown = ", ".join(own[:5]) + (f" and {len(own) - 5} more" if len(own) > 5 else "")
    raise PluginError(
        f"{where}, which holds {shown} and is not a site that a build wrote (it has no {MARKER}): "
        "a build replaces what site_dir holds, and they would be lost; set site_dir to a new or "
        "empty folder (files whose names start with a dot are kept), or move those files away"
    )


def _placement(config: MkDocsConfig, target: Path, folders: dict[str, Path]) -> str | None:
    """What is wrong with where `target` is: a folder of the repository's own, or one that holds
    or is inside one."""
    root = Path(config.config_file_path).parent.resolve()
    inside = {**folders, "the docs folder": Path(config.docs_dir)}
    whole = {}
    try:
        repo = git.Repo(root, search_parent_directories=True)
        inside["the repository's git folder"] = Path(repo.git_dir)
        inside["the repository's common git folder"] = Path(repo.common_dir)  # a worktree's main .git
        if repo.working_tree_dir:
            whole["the repository"] = Path(repo.working_tree_dir)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        pass
    whole["the folder of mkdocs.yml"] = root
    home = Path.home().resolve()
    if target == home:  # its dot-files make it look empty, and the next build would take its other files
        return f"your home folder: a build replaces what site_dir holds, and it would be lost; {FIX}"
    for what, folder in {**whole, **inside}.items():
        folder = folder.resolve()
        if target == folder:
            return f"{what}: a build replaces what site_dir holds, and it would be lost; {FIX}"
        if target in folder.parents:
            return (
                f"which holds {what} ({_shown(config, folder)}): a build replaces what site_dir holds, "
                f"and it would be lost; {FIX}"
            )
        if folder in target.parents and what in inside:
            return f"inside {what}: a build would write the site among its files; {FIX}"
    return None


def _built_before(target: Path, names: list[str]) -> bool:
    """A site of this package built before the marker existed: every file of BUILT, and no
    git folder or mkdocs.yml, which no build writes."""
    if (target / ".git").is_dir() or {"mkdocs.yml", "mkdocs.yaml"} & set(names):
        return False
    return all((target / path).is_file() and not (target / path).is_symlink() for path in BUILT)


def _where(config: MkDocsConfig, target: Path) -> str:
    """mkdocs.yml's `site_dir` line when it names `target`; else what gave it."""
    path = Path(config.config_file_path)
    root = path.parent.resolve()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for number, line in enumerate(lines, start=1):
        if re.match(r"site_dir\s*:", line):
            try:
                value = yaml.safe_load(line)["site_dir"]
            except (yaml.YAMLError, TypeError, KeyError):
                value = None
            if isinstance(value, str) and (root / value).resolve() == target:
                return f"{path.name}:{number}: site_dir"
            return f"{path.name}: site_dir (given as --site-dir)"
    if target == (root / "site").resolve():
        return f"{path.name}: site_dir (not set, so site)"
    return f"{path.name}: site_dir (given as --site-dir)"


def _shown(config: MkDocsConfig, folder: Path) -> str:
    """`folder` as the editor knows it: from the folder of mkdocs.yml, if it is in it."""
    root = Path(config.config_file_path).parent.resolve()
    if folder == root:
        return "./"
    return f"{folder.relative_to(root).as_posix()}/" if folder.is_relative_to(root) else str(folder)
