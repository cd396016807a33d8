"""`policy lint`: the build's checks, plus the checks of a change against its base.

With a base revision (the target branch of a pull request), lint also knows what the change
does: text changed without a new `version:`, a label used before, an `effective:` date that
goes back, a declaration that was deleted. Everything else comes from `project.load_project`,
which the site build runs too: what lint calls an error, the build refuses.
"""

from __future__ import annotations

from pathlib import Path

import git

from policykit.project.config import SiteConfig
from policykit.project.load import Project, load_project, site_words
from policykit.record.history import Reader
from policykit.text import checks
from policykit.text.checks import FixableError, Problems
from policykit.text.source import META_FILE, check_policy


def lint(site: SiteConfig, base: str | None = None, *, theme_dirs: list[Path]) -> Project:
    """Every problem of the site that the build would find, and, with `base`, of the change;
    `theme_dirs` are the theme's template folders (the caller finds them). A site in several languages without i18n, or a base that cannot be read, raises
    FixableError, as the build stops on the first."""
    site.check_languages()
    project = load_project(site)
    project.problems.extend(site_words(site, project.languages)[1])  # as the build reads them
    project.problems.extend(site.theme_problems(theme_dirs))  # mkdocs.yml's values that the theme prints
    if base is not None and project.text_ok:
        _against_base(project, base)
    return project


def _against_base(project: Project, base: str) -> None:
    try:
        reader = Reader(project.root, project.policy_dir)
        sha = reader.repo.commit(base).hexsha
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise FixableError("--base needs a git repository", "run policy lint in a clone of the site") from None
    except (git.BadName, ValueError):
        raise FixableError(f"--base {base}: no such revision", "fetch it first, e.g. git fetch origin main") from None
    base_files = reader.files_at(sha)
    if base_files is None:  # the base has no policy yet: everything is new
        return
    base_policy = check_policy(base_files, project.languages, reader.parse_cache)
    meta, old = project.working.meta, base_policy.meta
    problems: Problems = project.problems
    lines = meta.lines
    meta_path = f"{project.policy_dir}/{META_FILE}"
    # The text is the section files; policy.yml alone (a `reviewed:` mark) needs no new version.
    text_ids = lambda files: {k: v for k, v in files.ids().items() if k != META_FILE}
    changed = text_ids(base_files) != text_ids(project.files)
    if changed and meta.version == old.version:
        problems.add(
            checks.VERSION_NOT_BUMPED,
            meta_path,
            lines.get("version"),
            f"the text changed but version is still {meta.version}",
            f'raise version (e.g. to "{_next(old.version, _labels_up_to(reader, sha))}"), set effective '
            "and write a summary "
            "in every language",
        )
    earlier = _labels_up_to(reader, sha)  # what the base has published, not this change's own commits
    if meta.version != old.version and meta.version in earlier:
        problems.add(
            checks.VERSION_REUSED,
            meta_path,
            lines.get("version"),
            f"version {meta.version} was published before",
            f'a label is never reused: use a new one, e.g. "{_next(old.version, earlier)}"',
        )
    if (
        meta.effective
        and old.effective
        and meta.effective < old.effective
        and not any(p.check is checks.EFFECTIVE_BACKWARDS for p in problems)
    ):  # the history's check said it
        problems.add(
            checks.EFFECTIVE_BACKWARDS,
            meta_path,
            lines.get("effective"),
            f"effective {meta.effective} is earlier than {old.effective}, the effective date of version {old.version}",
            f"set effective to {old.effective} or later",
        )
    for key, value in old.moved.items():
        if meta.moved.get(key) != value:
            problems.add(
                checks.DECLARATION_DELETED,
                meta_path,
                lines.get("moved"),
                f"the declaration moved: {{{key}: {value}}} of the base is gone",
                "declarations are never deleted or changed: put it back",
            )
    for key in old.removed:
        if key not in meta.removed and key not in meta.moved:
            problems.add(
                checks.DECLARATION_DELETED,
                meta_path,
                lines.get("removed"),
                f"the declaration removed: [{key}] of the base is gone",
                "declarations are never deleted: put it back",
            )


def _labels_up_to(reader: Reader, sha: str) -> set[str]:
    """Every `version:` label along the first-parent history of `sha` (the base)."""
    return {snapshot.label for snapshot in reader.walk(sha) if snapshot.label is not None}


def _next(label: str, taken: set[str]) -> str:
    """A plausible next label that was never used: the last number raised (`1.9` -> `1.10`)."""
    while True:
        head, _, last = label.rpartition(".")
        if not last.isdigit():
            label += ".1"
        elif head:
            label = f"{head}.{int(last) + 1}"
        else:
            label = str(int(last) + 1)
        if label not in taken:
            return label
