"""A policy project on disk: its root, its languages (from mkdocs.yml), and everything the
build knows about it, for the commands that run outside MkDocs (`policy lint`, `diff`,
`versions`). The build and the commands share this code, so they report the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policykit.project.config import SiteConfig
from policykit.project.store import Store, package_digest
from policykit.record.archived import check_versions
from policykit.record.history import History, HistoryError, read_history
from policykit.record.in_force import BuildDateError, build_date
from policykit.record.versions import Record, build_record, outdated_units
from policykit.text import checks, docsfiles
from policykit.text.checks import Problems
from policykit.text.links import check_page_anchors, check_relative_links, page_anchors
from policykit.text.numbering import Numbering
from policykit.text.persisted import Persisted
from policykit.text.source import (
    POLICY_DIR,
    Policy,
    PolicyFiles,
    check_policy,
    read_tree,
    report_links,
    symlinks,
)
from policykit.text.templating import check_template_syntax
from policykit.words.catalogue import Words, WordsError


def site_words(site: SiteConfig, languages: list[str] | None = None) -> tuple[Words | None, Problems]:
    """The site's words and their problems, as the build and `policy lint` find them, in the
    site's languages unless given."""
    root, words_dir, locales = site.root, site.words_dir, site.locales
    languages = languages or site.languages
    problems = Problems()
    folder = root / words_dir
    if folder.exists() and not folder.resolve().is_relative_to(root.resolve()):  # a link on the way out
        problems.add(
            checks.WORDS_INVALID,
            f"{words_dir.strip('/')}/",
            None,
            "is outside the project (a symbolic link on its path), and is not read",
            "keep the site's words in a folder of the repository",
        )
        return None, problems
    try:
        words = Words(
            languages,
            {str(k): str(v) for k, v in locales.items()},
            folder if folder.is_dir() or folder.is_symlink() else None,
            words_dir.strip("/"),
            problems,
        )
    except WordsError as exc:
        problems.append(exc.problem(checks.WORDS_INVALID))
        return None, problems
    return words, problems


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
    policy_dir: str = POLICY_DIR  # relative to root
    site: SiteConfig | None = None


def load_project(site: SiteConfig | Path, languages: list[str] | None = None, cache: Store | None = None) -> Project:
    """Check the working tree and, if it parses, its history: every check of the build, in
    the build's order. The site build and `policy lint` both start here, with the site's
    configuration (SiteConfig; a folder is read as SiteConfig.read reads it, which raises
    FixableError for a wrong option). `languages`: the site's unless given. `cache`: where
    the history's reading is kept across builds (each commit's files, each version's check);
    the result is the same without it, only slower.

    MkDocs reads docs_dir following symbolic links: a link in it is an error, as under
    policy/. The site's stylesheets and scripts (extra_css, extra_javascript) are the only ones
    that docs/ publishes. A SOURCE_DATE_EPOCH that is no build date is an error
    (`build-date`) before any version is placed in time."""
    site = site if isinstance(site, SiteConfig) else SiteConfig.read(site)
    root, policy_dir, listed = site.root, site.policy_dir, site.listed
    languages = languages or site.languages
    files = read_tree(root / policy_dir, policy_dir)
    working = check_policy(files, languages)
    project = Project(
        root, languages, files, working, working.problems, not working.problems.errors, policy_dir=policy_dir, site=site
    )
    problems = project.problems
    docs_path = site.docs
    if docs_path is not None:
        _check_docs(root, docs_path, languages, listed, problems, working.meta.numbering)
        if site.i18n and docs_path.is_dir() and not docs_path.is_symlink():
            docsfiles.check_language_folders(docs_path, _shown(root, docs_path), languages, problems)
    if site.custom_dir:
        docsfiles.check_theme_folder(root / site.custom_dir, site.custom_dir.strip("/") + "/", listed, problems)
    check_relative_links(files, languages, docs_path, problems)
    check_template_syntax(files, languages, problems)
    if project.text_ok:
        meta = working.meta
        declared = set(meta.aliases) | set(meta.moved) | set(meta.removed)
        check_page_anchors(
            files,
            working.texts,
            {
                lang: page_anchors(text, meta.title.get(lang) or "", declared, meta.numbering)
                for lang, text in working.texts.items()
            },
            problems,
        )
    try:
        when = build_date()
    except BuildDateError as exc:
        problems.append(exc.problem(checks.BUILD_DATE, "SOURCE_DATE_EPOCH"))
        return project
    if not project.text_ok:  # the history cannot help a text that does not parse
        return project
    persisted = Persisted(cache, package_digest()) if cache is not None and cache.enabled else None
    try:
        project.history = read_history(root, languages, policy_dir, persisted)
    except HistoryError as exc:
        problems.append(exc.problem(checks.SHALLOW_CLONE, f"{policy_dir}/"))
        return project
    if not project.history.available:
        problems.add(
            checks.HISTORY_UNAVAILABLE,
            f"{policy_dir}/",
            None,
            f"the version history is unavailable ({project.history.reason}); the site shows the current text only",
            "build from a git clone with its full history",
        )
    project.record = build_record(project.history, working, files, languages, when, problems)
    _effective_order(project.record, problems, policy_dir)
    _old_version_notices(project.record, problems, policy_dir)
    check_versions(project.record, files, languages, docs_path, problems, persisted)
    project.history.forget_bytes()
    _translation_notices(project.record, languages, problems, policy_dir)
    return project


def _effective_order(record: Record, problems: Problems, shown: str) -> None:
    """The newest version may not take effect before the one it follows once that one has taken
    effect: it would rewrite which version was in force on days that have passed (the one
    before would never have been), against what readers were shown. Replacing a version that is
    still upcoming with one that takes effect sooner is fine. Only the newest is judged: old
    versions are rendered as they were."""
    versions = record.all_versions
    if len(versions) < 2:
        return
    newest, before = versions[-1], versions[-2]
    new, old = newest.meta, before.meta
    published = (newest.published or record.build_date).date()
    if new.effective and old.effective and new.effective < old.effective <= published:
        problems.add(
            checks.EFFECTIVE_BACKWARDS,
            f"{shown}/policy.yml",
            new.lines.get("effective"),
            f"effective {new.effective} is earlier than {old.effective}, the day version {old.version} "
            "took effect, which would then never have been in force",
            f"set effective to {old.effective} or later",
        )


def _check_docs(
    root: Path,
    docs: Path,
    languages: list[str],
    listed: docsfiles.Listed,
    problems: Problems,
    numbering: Numbering,
) -> None:
    """MkDocs' docs_dir: no symbolic link (MkDocs would follow it out of the repository), and
    nothing that docs/ does not publish."""
    shown = _shown(root, docs)
    report_links([""] if docs.is_symlink() else symlinks(docs), shown, problems)
    if docs.is_symlink() or not docs.is_dir():
        return
    # Every page passes the policy's allow-list and bounds in the build (extension.py): lint
    # says what a page loses, and refuses what would hang the build, as for the policy. Every
    # other file passes the allow-list of what docs/ publishes (docsfiles.py).
    docsfiles.check_folder(docs, shown, languages, listed, problems, numbering)


def _shown(root: Path, docs: Path) -> str:
    """docs_dir as messages name it: from the project's folder (`docs/`), else in full."""
    place = docs.parent.resolve() / docs.name  # the folder itself is not resolved: it may be a link
    try:
        return place.relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return f"{place}/"


def _old_version_notices(record: Record, problems: Problems, shown: str = POLICY_DIR) -> None:
    """What is odd about published versions: information only, they are shown as they were.
    What the history left out (a commit dated out of range, a version the checks refuse)
    is said under policy/."""
    for note in record.history.notes:
        problems.add(
            checks.OLD_VERSION,
            f"{shown}/",
            None,
            note,
            "a past commit cannot be changed; the rest of the history is published",
        )
    seen = set()
    for version in record.versions:
        if version.commit is None:  # no history: the working tree's problems are reported already
            continue
        found = list(version.notes)
        found += [
            f"{p.message} ({p.path}{':' + str(p.line) if p.line else ''})"
            for p in version.policy.problems
            if p.severity > checks.Severity.NOTICE
        ]
        for message in found:
            key = message.split(f" ({shown}/")[0]
            if key not in seen:  # a problem that lasts many versions is reported once
                seen.add(key)
                problems.add(
                    checks.OLD_VERSION,
                    f"{shown}/ version {version.label}",
                    None,
                    message,
                    "published versions are shown as they were; nothing to do",
                )


def _translation_notices(record: Record, languages: list[str], problems: Problems, shown: str = POLICY_DIR) -> None:
    """Translated units that lag their authoritative text: shown to readers, never fatal."""
    version = record.current
    auth = version.meta.authoritative
    newest = record.all_versions[-1].meta.version  # what `reviewed:` should name
    for lang in languages:
        if lang == auth or lang not in version.policy.texts:
            continue
        for unit_id in outdated_units(record, version, lang):
            unit = version.policy.texts[lang].find(unit_id)
            if unit is None:  # outdated_units names units of this text
                continue
            problems.add(
                checks.TRANSLATION_OUTDATED,
                unit.path,
                unit.line,
                f"the {lang} text of {unit_id} may be out of date: the {auth} text changed "
                f"in version {record.shown_label(record.last_changed.get(unit_id, '?'))}",
                f"update the translation, or, if it is still right, set reviewed: "
                f'{{{lang}: "{newest}"}} in {shown}/policy.yml',
            )
