"""A policy project on disk: its root, its languages (from mkdocs.yml), and everything the
build knows about it, for the commands that run outside MkDocs (`policy lint`, `diff`,
`versions`). The build and the commands share this code, so they report the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from policykit.project import siteconfig
from policykit.record.archived import check_versions
from policykit.record.history import History, HistoryError, read_history
from policykit.record.in_force import BuildDateError, build_date
from policykit.record.versions import Record, build_record, outdated_units
from policykit.text import checks, docsfiles
from policykit.text.checks import Problems
from policykit.text.links import check_anchors, check_relative_links, page_anchors
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


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold `!!python/name:` or `!ENV` tags that only MkDocs knows."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


class PolicyDirError(ValueError):
    """mkdocs.yml names a policy folder that cannot be read (one line, with the fix)."""


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` with a mkdocs.yml and its policy folder
    (policy_folder). Raises PolicyDirError when that mkdocs.yml names a folder it may not."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / policy_folder(folder)).is_dir():
            return folder
    return start


def _config(root: Path) -> dict:
    """mkdocs.yml as far as it can be read without MkDocs; {} when it cannot."""
    if (root / "mkdocs.yml").is_file():
        try:
            config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader)
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
            return {}
        return config if isinstance(config, dict) else {}
    return {}


def site_config(root: Path) -> Problems:
    """mkdocs.yml's values that the theme prints, checked as the build checks them (siteconfig.py):
    icons are looked up in the site's custom_dir and in Material's."""
    import material

    config = _config(root)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    dirs = ([root / custom] if isinstance(custom, str) else []) + [Path(material.__file__).parent / "templates"]
    problems = siteconfig.check(config, dirs, root / "mkdocs.yml")
    for language in _i18n_languages(config):  # a language's own values (mkdocs-static-i18n)
        own = {key: value for key, value in language.items() if key != "locale"}
        if own and isinstance(language.get("locale"), str):
            problems += [p for p in siteconfig.check(own, dirs, root / "mkdocs.yml", language["locale"])
                         if str(p) not in {str(q) for q in problems}]
    return problems


def _i18n_languages(config: dict) -> list[dict]:
    """The i18n plugin's `languages:` entries in mkdocs.yml (plugins as a list or a mapping)."""
    plugins = config.get("plugins")
    entries = [{name: options} for name, options in plugins.items()] if isinstance(plugins, dict) else plugins or []
    for entry in entries:
        options = entry.get("i18n") if isinstance(entry, dict) else None
        if isinstance(options, dict) and isinstance(options.get("languages"), list):
            return [language for language in options["languages"] if isinstance(language, dict)]
    return []


def plugin_options(root: Path) -> dict:
    """The policykit plugin's options as mkdocs.yml gives them (`plugins: [{policykit: {...}}]`),
    else those a hooks site gives under `extra: {policykit: {...}}`; {} when neither."""
    config = _config(root)
    plugins = config.get("plugins")
    entries = [{name: options} for name, options in plugins.items()] if isinstance(plugins, dict) else plugins
    found = [entry.get("policykit") for entry in entries or [] if isinstance(entry, dict)]
    extra = config.get("extra")
    found.append(extra.get("policykit") if isinstance(extra, dict) else None)
    return next((o for o in found if isinstance(o, dict)), {})


def policy_folder(root: Path) -> str:
    """The policy folder that mkdocs.yml names, relative to `root`: the policykit plugin's
    option `policy_dir` (`plugins: [{policykit: {policy_dir: legal}}]`), else
    `extra: {policykit: {policy_dir: ...}}` (a site that wires the package through hooks);
    default policy. Raises PolicyDirError when it is not a folder inside the project."""
    value = plugin_options(root).get("policy_dir")
    return POLICY_DIR if value is None else check_policy_dir(root, value)


def site_words(root: Path, languages: list[str], locales: dict | None = None,
               words_dir: str | None = None) -> tuple[Words | None, Problems]:
    """The site's words and their problems, as the build finds them: the options of
    mkdocs.yml unless given (the plugin gives its own)."""
    options = plugin_options(root)
    locales = dict(options.get("locales") or {}) if locales is None else locales
    words_dir = str(options.get("words_dir") or "words") if words_dir is None else words_dir
    problems = Problems()
    folder = root / words_dir
    if folder.exists() and not folder.resolve().is_relative_to(root.resolve()):  # a link on the way out
        problems.add(checks.WORDS_INVALID, f"{words_dir.strip('/')}/", None,
                     "is outside the project (a symbolic link on its path), and is not read",
                     "keep the site's words in a folder of the repository")
        return None, problems
    try:
        words = Words(languages, {str(k): str(v) for k, v in locales.items()},
                      folder if folder.is_dir() or folder.is_symlink() else None, words_dir.strip("/"), problems)
    except WordsError as exc:
        problems.add(checks.WORDS_INVALID, exc.path, exc.line, exc.message, exc.fix)
        return None, problems
    return words, problems


def check_policy_dir(root: Path, value) -> str:
    """`value` as a policy folder below `root`, normalised (`legal/` -> `legal`); else
    PolicyDirError. The folder itself may be a link: read_tree reports it, never follows it."""
    path = PurePosixPath(value) if isinstance(value, str) else None
    if path is None:
        reason = "is not a folder name"
    elif not value.strip():
        reason = "is empty"
    elif path.is_absolute():
        reason = "is an absolute path"
    elif ".." in path.parts:
        reason = "goes up out of the project ('..')"
    elif path.as_posix() == ".":
        reason = "names the project folder itself"
    else:
        try:
            (root / path).parent.resolve().relative_to(root.resolve())
        except ValueError:
            reason = "leads out of the project (through a symbolic link)"
        else:
            return path.as_posix()
    raise PolicyDirError(f"mkdocs.yml: policy_dir: {value!r} {reason}; name a folder inside the project, "
                         "relative to mkdocs.yml, such as policy_dir: policy")


def site_languages(root: Path, policy_dir: str = POLICY_DIR) -> list[str]:
    """The i18n plugin's languages in mkdocs.yml, the default first; else the folders."""
    config = _config(root)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            entries = [l for l in plugin["i18n"].get("languages") or [] if isinstance(l, dict) and l.get("locale")]
            default = [l["locale"] for l in entries if l.get("default")]
            rest = [l["locale"] for l in entries if not l.get("default") and l["locale"] != "null"]
            if entries:
                return default + rest
    policy = root / policy_dir
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
    policy_dir: str = POLICY_DIR  # relative to root


def docs_folder(root: Path) -> Path | None:
    """MkDocs' docs_dir of mkdocs.yml (default docs/), if it exists."""
    name = _config(root).get("docs_dir")
    folder = root / (name if isinstance(name, str) and name else "docs")
    return folder if folder.is_dir() else None


def load_project(root: Path, languages: list[str] | None = None, docs_dir: Path | None = None,
                 policy_dir: str = POLICY_DIR, listed: docsfiles.Listed | None = None) -> Project:
    """Check the working tree and, if it parses, its history: every check of the build, in
    the build's order. The site build and `policy lint` both start here.

    `policy_dir` is the policy folder relative to `root` (policy_folder reads it from
    mkdocs.yml); one that leads out of `root` raises PolicyDirError.

    `docs_dir` is MkDocs' docs_dir (default: docs_folder), which MkDocs reads following
    symbolic links: a link in it is an error, as under policy/. `listed` is the site's
    stylesheets and scripts (default: mkdocs.yml's extra_css and extra_javascript), the only
    ones that docs/ publishes. A SOURCE_DATE_EPOCH that is no build date is an error
    (`build-date`) before any version is placed in time."""
    policy_dir = check_policy_dir(root, policy_dir)
    languages = languages or site_languages(root, policy_dir)
    files = read_tree(root / policy_dir, policy_dir)
    working = check_policy(files, languages)
    project = Project(root, languages, files, working, working.problems, not working.problems.errors,
                      policy_dir=policy_dir)
    problems = project.problems
    docs = docs_dir if docs_dir is not None else docs_folder(root)
    config = _config(root)
    if listed is None:  # lint: the stylesheets and scripts that mkdocs.yml lists
        listed = docsfiles.Listed.of(config.get("extra_css"), config.get("extra_javascript"))
    if docs is not None:
        _check_docs(root, Path(docs), languages, listed, problems)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom:
        docsfiles.check_theme_folder(root / custom, custom.strip("/") + "/", listed, problems)
    docs_path = Path(docs) if docs is not None else None
    check_relative_links(files, languages, docs_path, problems)
    check_template_syntax(files, languages, problems)
    if project.text_ok:
        meta = working.meta
        declared = set(meta.aliases) | set(meta.moved) | set(meta.removed)
        check_anchors(files, working.texts, {lang: page_anchors(text, meta.title.get(lang) or "", declared)
                                             for lang, text in working.texts.items()}, problems)
    try:
        when = build_date()
    except BuildDateError as exc:
        problems.add(checks.BUILD_DATE, "SOURCE_DATE_EPOCH", None, exc.message, exc.fix)
        return project
    if not project.text_ok:  # the history cannot help a text that does not parse
        return project
    try:
        project.history = read_history(root, languages, policy_dir)
    except HistoryError as exc:
        problems.add(checks.SHALLOW_CLONE, f"{policy_dir}/", None, exc.message, exc.fix)
        return project
    if not project.history.available:
        problems.add(checks.HISTORY_UNAVAILABLE, f"{policy_dir}/", None,
                     f"the version history is unavailable ({project.history.reason}); the site "
                     "shows the current text only", "build from a git clone with its full history")
    project.record = build_record(project.history, working, files, languages, when, problems)
    _effective_order(project.record, problems, policy_dir)
    _old_version_notices(project.record, problems, policy_dir)
    check_versions(project.record, files, languages, docs_path, problems)
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
        problems.add(checks.EFFECTIVE_BACKWARDS, f"{shown}/policy.yml", new.lines.get("effective"),
                     f"effective {new.effective} is earlier than {old.effective}, the day version {old.version} "
                     "took effect, which would then never have been in force",
                     f"set effective to {old.effective} or later")


def _check_docs(root: Path, docs: Path, languages: list[str], listed: docsfiles.Listed, problems: Problems) -> None:
    """MkDocs' docs_dir: no symbolic link (MkDocs would follow it out of the repository), and
    nothing that docs/ does not publish."""
    place = docs.parent.resolve() / docs.name  # the folder itself is not resolved: it may be a link
    try:
        shown = place.relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        shown = f"{place}/"
    report_links([""] if docs.is_symlink() else symlinks(docs), shown, problems)
    if docs.is_symlink() or not docs.is_dir():
        return
    # Every page passes the policy's allow-list and bounds in the build (extension.py): lint
    # says what a page loses, and refuses what would hang the build, as for the policy. Every
    # other file passes the allow-list of what docs/ publishes (docsfiles.py).
    docsfiles.check_folder(docs, shown, languages, listed, problems)


def _old_version_notices(record: Record, problems: Problems, shown: str = POLICY_DIR) -> None:
    """What is odd about published versions: information only, they are shown as they were.
    What the history left out (a commit dated out of range, a version the checks refuse)
    is said under policy/."""
    for note in record.history.notes:
        problems.add(checks.OLD_VERSION, f"{shown}/", None, note,
                     "a past commit cannot be changed; the rest of the history is published")
    seen = set()
    for version in record.versions:
        if version.commit is None:  # no history: the working tree's problems are reported already
            continue
        found = list(version.notes)
        found += [f"{p.message} ({p.path}{':' + str(p.line) if p.line else ''})"
                  for p in version.policy.problems if p.severity > checks.Severity.NOTICE]
        for message in found:
            key = message.split(f" ({shown}/")[0]
            if key not in seen:  # a problem that lasts many versions is reported once
                seen.add(key)
                problems.add(checks.OLD_VERSION, f"{shown}/ version {version.label}", None, message,
                             "published versions are shown as they were; nothing to do")


def _translation_notices(record: Record, languages: list[str], problems: Problems,
                         shown: str = POLICY_DIR) -> None:
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
                         f"{{{lang}: \"{newest}\"}} in {shown}/policy.yml")
