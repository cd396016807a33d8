"""A policy project on disk: its root, its languages (from mkdocs.yml), and everything the
build knows about it, for the commands that run outside MkDocs (`policy lint`, `diff`,
`versions`). The build and the commands share this code, so they report the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import checks
from .checks import Problems
from .history import History, HistoryError, read_history
from .source import POLICY_DIR, Policy, PolicyFiles, check_policy, read_tree
from .versions import Record, build_date, build_record, outdated_units


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold `!!python/name:` or `!ENV` tags that only MkDocs knows."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` with a mkdocs.yml and a policy/ folder."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / POLICY_DIR).is_dir():
            return folder
    return start


def site_languages(root: Path) -> list[str]:
    """The i18n plugin's languages in mkdocs.yml, the default first; else the folders."""
    config = {}
    if (root / "mkdocs.yml").is_file():
        try:
            config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
        except yaml.YAMLError:
            config = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            entries = [l for l in plugin["i18n"].get("languages") or [] if isinstance(l, dict) and l.get("locale")]
            default = [l["locale"] for l in entries if l.get("default")]
            rest = [l["locale"] for l in entries if not l.get("default") and l["locale"] != "null"]
            if entries:
                return default + rest
    policy = root / POLICY_DIR
    return sorted(p.name for p in policy.iterdir() if p.is_dir() and not p.name.startswith(".")) if policy.is_dir() else []


@dataclass
class Project:
    root: Path
    languages: list[str]
    files: PolicyFiles
    working: Policy
    problems: Problems
    text_ok: bool = True  # the working tree parses: history and base checks can run
    history: History | None = None
    record: Record | None = None


def load_project(root: Path, languages: list[str] | None = None) -> Project:
    """Check the working tree and, if it parses, its history: every check of the build, in
    the build's order. The site build and `policy lint` both start here."""
    languages = languages or site_languages(root)
    files = read_tree(root / POLICY_DIR)
    working = check_policy(files, languages)
    project = Project(root, languages, files, working, working.problems, not working.problems.errors)
    if not project.text_ok:  # the history cannot help a text that does not parse
        return project
    problems = project.problems
    try:
        project.history = read_history(root, languages)
    except HistoryError as exc:
        problems.add(checks.SHALLOW_CLONE, f"{POLICY_DIR}/", None, exc.message, exc.fix)
        return project
    if not project.history.available:
        problems.add(checks.HISTORY_UNAVAILABLE, f"{POLICY_DIR}/", None,
                     f"the version history is unavailable ({project.history.reason}); the site "
                     "shows the current text only", "build from a git clone with its full history")
    project.record = build_record(project.history, working, files, languages, build_date(), problems)
    _old_version_notices(project.record, problems)
    _translation_notices(project.record, languages, problems)
    return project


def _old_version_notices(record: Record, problems: Problems) -> None:
    """What is odd about published versions: information only, they are shown as they were."""
    seen = set()
    for version in record.versions:
        if version.commit is None:  # no history: the working tree's problems are reported already
            continue
        found = list(version.notes)
        found += [f"{p.message} ({p.path}{':' + str(p.line) if p.line else ''})"
                  for p in version.policy.problems if p.severity > checks.Severity.NOTICE]
        for message in found:
            key = message.split(" (policy/")[0]
            if key not in seen:  # a problem that lasts many versions is reported once
                seen.add(key)
                problems.add(checks.OLD_VERSION, f"{POLICY_DIR}/ version {version.label}", None, message,
                             "published versions are shown as they were; nothing to do")


def _translation_notices(record: Record, languages: list[str], problems: Problems) -> None:
    """Translated units that lag their authoritative text: shown to readers, never fatal."""
    version = record.current
    auth = version.meta.authoritative
    newest = record.all_versions[-1].meta.version  # what `reviewed:` should name
    for lang in languages:
        if lang == auth or lang not in version.policy.texts:
            continue
        for unit_id in outdated_units(record, version, lang):
            unit = version.policy.texts[lang].find(unit_id)
            problems.add(checks.TRANSLATION_OUTDATED, unit.path, unit.line,
                         f"the {lang} text of {unit_id} may be out of date: the {auth} text changed "
                         f"in version {record.shown_label(record.last_changed.get(unit_id, '?'))}",
                         f"update the translation, or, if it is still right, set reviewed: "
                         f"{{{lang}: \"{newest}\"}} in policy/policy.yml")
