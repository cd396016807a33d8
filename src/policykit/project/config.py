"""The site's configuration as the package reads it: one SiteConfig, whichever way in.

`policy lint`, `diff`, `versions` and `import` read mkdocs.yml (`SiteConfig.read`); the
plugin and the hooks file take MkDocs' loaded configuration (adapter/options.py gathers the
same inputs, `Given`). Both go through `SiteConfig.make`: one check of every option of the
plugin (`policy_dir`, `locales`, `words_dir`, wherever mkdocs.yml writes them) and one rule
for the site's languages (`site_languages`). A problem is a FixableError that names
mkdocs.yml, the line of the option and the fix, so that the build, the hooks file and the
command line say the same line.

The values that the theme prints are checked by theme_values.py, per language's pass in the
build and from `values` here for `policy lint`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from policykit.project import theme_values
from policykit.text.checks import FixableError, Problems
from policykit.text.docsfiles import Listed
from policykit.text.source import POLICY_DIR

CONFIG_FILE = "mkdocs.yml"
#: The plugin's options, with what each is when mkdocs.yml leaves it out.
OPTIONS = {
    "policy_dir": POLICY_DIR,
    "locales": {},
    "words_dir": "words",
    "cache": True,
    "cache_dir": ".cache/policykit",
}
#: Where the build cache lives, relative to mkdocs.yml (it may lie outside docs_dir and the site).
CACHE_DIR = ".cache/policykit"
WORDS_DIR = "words"


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold `!!python/name:` or `!ENV` tags that only MkDocs knows."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_values(root: Path, config_file: Path | None = None) -> dict:
    """mkdocs.yml (or the `config_file` that MkDocs was given, `mkdocs build -f site.yml`) as
    far as it can be read without MkDocs; {} when there is none or it cannot be read (MkDocs
    says why when it builds)."""
    path = config_file or root / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        values = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError, OSError):
        return {}
    return values if isinstance(values, dict) else {}


@dataclass(frozen=True)
class Given:
    """What the package reads of a site's configuration, as written (nothing checked yet):
    from mkdocs.yml (`given`), or from MkDocs' loaded configuration (adapter/options.py)."""

    root: Path  # the folder of mkdocs.yml
    options: object = None  # the policykit plugin's options (plugins: or extra:), None if none
    i18n: list[tuple[str, bool]] | None = None  # (locale, default) per i18n language; None: no i18n
    theme_language: object = None
    docs_dir: object = None  # as mkdocs.yml writes it (relative to root), or MkDocs' absolute path
    extra_css: object = None
    extra_javascript: object = None
    custom_dir: object = None  # the theme's custom_dir, likewise
    values: Mapping = field(default_factory=dict)  # mkdocs.yml as read (for the theme's values)
    config_file: Path | None = None  # the file read, where MkDocs was given another (`-f`); else root/mkdocs.yml


def given(root: Path, values: Mapping | None = None) -> Given:
    """What mkdocs.yml in `root` gives (read_values)."""
    values = read_values(root) if values is None else values
    theme = values.get("theme")
    theme = theme if isinstance(theme, dict) else {}
    return Given(
        root,
        _options(values),
        _i18n(values),
        theme.get("language"),
        values.get("docs_dir"),
        values.get("extra_css"),
        values.get("extra_javascript"),
        theme.get("custom_dir"),
        values,
    )


def options_at(values: Mapping) -> tuple:
    """Where mkdocs.yml writes the plugin's options: under its entry in `plugins:` (a list or a
    mapping) when it lists the plugin, else under `extra: policykit:` (a site that wires the
    package through a hooks file). The same rule as the plugin's (adapter/options.py)."""
    plugins = values.get("plugins")
    if isinstance(plugins, dict) and "policykit" in plugins:
        return ("plugins", "policykit")
    for index, entry in enumerate(plugins if isinstance(plugins, list) else []):
        if entry == "policykit" or (isinstance(entry, dict) and "policykit" in entry):
            return ("plugins", index, "policykit")
    return ("extra", "policykit")


def _options(values: Mapping) -> object:
    found: object = values
    for part in options_at(values):
        if isinstance(found, dict):
            found = found.get(part)
        elif isinstance(found, list) and isinstance(part, int):
            found = found[part]
        else:  # `- policykit` with no options
            return None
    return found


def _i18n(values: Mapping) -> list[tuple[str, bool]] | None:
    """(locale, default) of the i18n plugin's languages in mkdocs.yml; None without the plugin."""
    plugins = values.get("plugins")
    entries = (
        [{name: options} for name, options in plugins.items()]
        if isinstance(plugins, dict)
        else plugins
        if isinstance(plugins, list)
        else []
    )
    for entry in entries:
        if entry == "i18n" or (isinstance(entry, dict) and "i18n" in entry):
            options = entry.get("i18n") if isinstance(entry, dict) else None
            languages = options.get("languages") if isinstance(options, dict) else None
            return (
                [
                    (str(item["locale"]), item.get("default") is True)
                    for item in languages
                    if isinstance(item, dict) and item.get("locale")
                ]
                if isinstance(languages, list)
                else []
            )
    return None


def site_languages(i18n: list[tuple[str, bool]] | None, folders: list[str], theme_language: object) -> list[str]:
    """The site's languages, the default first: the i18n plugin's (its default, then the others
    in their order, without its `null` entry of the language switch); without i18n, the
    folders of the policy; without either, the theme's language (Material's default, en)."""
    entries = [locale for locale, _ in i18n or [] if locale != "null"]
    if entries:
        default = next((locale for locale, is_default in i18n or [] if is_default and locale != "null"), entries[0])
        return [default] + [locale for locale in entries if locale != default]
    if folders:
        return folders
    return [theme_language if isinstance(theme_language, str) and theme_language else "en"]


def language_folders(policy: Path) -> list[str]:
    """The folders of a policy folder, each a language's text."""
    return (
        sorted(p.name for p in policy.iterdir() if p.is_dir() and not p.name.startswith(".")) if policy.is_dir() else []
    )


@dataclass(frozen=True)
class SiteConfig:
    """A site's configuration, checked: where its policy and its words are, the locale of a
    language whose code alone is not the one wanted, its languages (the default first), and
    what of mkdocs.yml the checks of docs/ and the theme read."""

    root: Path
    policy_dir: str = POLICY_DIR  # relative to root
    words_dir: str = WORDS_DIR
    locales: dict[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    i18n: bool = False  # the site has mkdocs-static-i18n
    folders: list[str] = field(default_factory=list)  # the policy folder's language folders
    docs_dir: Path | None = None  # MkDocs' docs_dir
    listed: Listed = Listed()  # the stylesheets and scripts that docs/ publishes (extra_css, extra_javascript)
    custom_dir: str | None = None  # the theme's custom_dir, relative to root
    values: Mapping = field(default_factory=dict, compare=False, repr=False)  # mkdocs.yml as read
    config_file: Path | None = None  # the file read: root/mkdocs.yml, or another (`mkdocs build -f`)
    #: The build cache's folder, relative to root; None: no cache (`cache: false`).
    cache_dir: str | None = CACHE_DIR

    @classmethod
    def read(cls, root: Path) -> SiteConfig:
        """From mkdocs.yml in `root` (defaults where there is none)."""
        return cls.make(given(root))

    @classmethod
    def make(cls, intake: Given) -> SiteConfig:
        """The one check of what a site gives: FixableError naming mkdocs.yml, the line and the fix."""
        root = intake.root
        place = _Place(root, intake.config_file)
        written = {} if intake.options is None else intake.options
        if not isinstance(written, Mapping):
            raise place.error(
                (),
                f"{place.name} is not a mapping of policykit's options",
                "write the options under it, one a line, such as policy_dir: policy",
            )
        options = {key: value for key, value in written.items() if value is not None}
        unknown = sorted(str(key) for key in options if key not in OPTIONS)
        if unknown:
            raise place.error(
                (unknown[0],),
                f"{unknown[0][:40]!r} is not an option of policykit",
                "the options are " + ", ".join(OPTIONS) + "; correct or remove it",
            )
        policy_dir = place.folder("policy_dir", options.get("policy_dir", POLICY_DIR))
        words_dir = place.folder("words_dir", options.get("words_dir", WORDS_DIR))
        folders = language_folders(root / policy_dir)
        languages = site_languages(intake.i18n, folders, intake.theme_language)
        locales = place.locales(options.get("locales", {}), languages)
        cache = options.get("cache", True)
        if not isinstance(cache, bool):
            raise place.error(
                ("cache",), f"cache: {str(cache)[:40]!r} is not true or false", "write cache: false, or leave it out"
            )
        cache_dir = place.folder("cache_dir", options.get("cache_dir", CACHE_DIR)) if cache else None
        if cache_dir is not None:
            _check_cache_dir(place, root, cache_dir, _below(root, intake.docs_dir, "docs"), policy_dir, words_dir)
        return cls(
            root,
            policy_dir,
            words_dir,
            locales,
            languages,
            intake.i18n is not None,
            folders,
            _below(root, intake.docs_dir, "docs"),
            Listed.of(intake.extra_css, intake.extra_javascript),
            _relative(root, intake.custom_dir),
            intake.values,
            intake.config_file or root / CONFIG_FILE,
            cache_dir,
        )

    @property
    def docs(self) -> Path | None:
        """MkDocs' docs_dir, if it exists."""
        return self.docs_dir if self.docs_dir is not None and self.docs_dir.is_dir() else None

    @property
    def i18n_languages(self) -> list[str]:
        """The languages the i18n plugin gives the site (the default first); none without the
        plugin. The one rule for "the site lists these languages", so that an import warns about
        a language only where mkdocs.yml's i18n plugin is there to add it to."""
        return self.languages if self.i18n else []

    def check_languages(self) -> None:
        """A site in several languages needs mkdocs-static-i18n, which builds one pass per
        language: without it, the build and `policy lint` refuse it (FixableError)."""
        if not self.i18n and len(self.folders) > 1:
            raise _Place(self.root, self.config_file).error(
                ("plugins",),
                f"the site has no i18n plugin, but {self.policy_dir}/ holds the languages "
                f"{', '.join(self.folders)}: a site in several languages needs mkdocs-static-i18n",
                "add `- i18n:` under plugins, with `docs_structure: folder` and one entry per language",
                whole=False,
            )

    def theme_problems(self, theme_dirs: list[Path]) -> Problems:
        """mkdocs.yml's values that the theme prints, checked as the build checks them
        (theme_values.py): icons are looked up in the site's custom_dir and in `theme_dirs`,
        the theme's template folders (the caller finds them: the core does not know the theme).
        A language's own values (mkdocs-static-i18n) too, each problem said once."""
        dirs = ([self.root / self.custom_dir] if self.custom_dir else []) + theme_dirs
        config_file = self.config_file or self.root / CONFIG_FILE
        problems = theme_values.check(self.values, dirs, config_file)
        for language in _i18n_entries(self.values):
            own = {key: value for key, value in language.items() if key != "locale"}
            if own and isinstance(language.get("locale"), str):
                problems += [
                    p
                    for p in theme_values.check(own, dirs, config_file, language["locale"])
                    if str(p) not in {str(q) for q in problems}
                ]
        return problems


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a mkdocs.yml and its policy folder; else
    `start`. A mkdocs.yml whose options are wrong stops the search (FixableError)."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file() and (folder / SiteConfig.read(folder).policy_dir).is_dir():
            return folder
    return start


def docs_folder(root: Path) -> Path | None:
    """MkDocs' docs_dir of mkdocs.yml (default docs/), if it exists; the options unchecked."""
    found = _below(root, read_values(root).get("docs_dir"), "docs")
    return found if found is not None and found.is_dir() else None


def _check_cache_dir(place: _Place, root: Path, cache_dir: str, docs: Path, policy_dir: str, words_dir: str) -> None:
    """The build cache may not lie where MkDocs publishes or watches, or where the site's own
    files are: inside docs_dir it would be published (and `mkdocs serve` would rebuild on
    each write), inside the policy or words folder it would be read as the site's text."""
    try:
        folder = (root / cache_dir).resolve()
    except (
        OSError,
        RuntimeError,
    ):  # a link to itself: no folder, so it overlaps nothing (the store says it is unusable)
        return
    for name, place_of in (
        ("docs_dir", docs),
        ("policy_dir", root / policy_dir),
        ("words_dir", root / words_dir),
        (".git", root / ".git"),
    ):
        inside = place_of.resolve()
        if folder == inside or folder.is_relative_to(inside) or inside.is_relative_to(folder):
            raise place.error(
                ("cache_dir",),
                f"cache_dir: {cache_dir!r} overlaps {name} ({inside.relative_to(root.resolve()).as_posix() if inside.is_relative_to(root.resolve()) else inside})",
                f"name a folder of its own, such as cache_dir: {CACHE_DIR}",
            )


def _below(root: Path, value: object, default: str) -> Path:
    """A folder that mkdocs.yml names relative to itself (MkDocs gives it absolute)."""
    return root / (value if isinstance(value, (str, Path)) and str(value) else default)


def _relative(root: Path, value: object) -> str | None:
    """A folder that mkdocs.yml names, relative to root (where it is below root)."""
    if not isinstance(value, (str, Path)) or not str(value):
        return None
    path = Path(value)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def _i18n_entries(values: Mapping) -> list[dict]:
    """The i18n plugin's `languages:` entries in mkdocs.yml, as written."""
    plugins = values.get("plugins")
    entries = [{name: options} for name, options in plugins.items()] if isinstance(plugins, dict) else plugins or []
    for entry in entries if isinstance(entries, list) else []:
        options = entry.get("i18n") if isinstance(entry, dict) else None
        if isinstance(options, dict) and isinstance(options.get("languages"), list):
            return [language for language in options["languages"] if isinstance(language, dict)]
    return []


class _Place:
    """Where in mkdocs.yml the plugin's options are, to name the line of a problem; read only
    when there is one. Also the checks of the options, each with its one message."""

    def __init__(self, root: Path, config_file: Path | None = None):
        self.root, self.config_file = root, config_file or root / CONFIG_FILE

    @property
    def shown(self) -> str:
        """The configuration file as a message names it: relative to root where it is below it."""
        try:
            return self.config_file.relative_to(self.root).as_posix()
        except ValueError:
            return str(self.config_file)

    @property
    def at(self) -> tuple:
        return options_at(read_values(self.root, self.config_file))

    @property
    def name(self) -> str:
        """How a message names the options' place: `extra.policykit` for a hooks site."""
        return "extra.policykit" if self.at[0] == "extra" else "policykit"

    def error(self, key: tuple, message: str, fix: str, whole: bool = True) -> FixableError:
        """A problem of mkdocs.yml at the option `key` (below the options' place, or, not
        `whole`, a key of mkdocs.yml itself)."""
        path = (*self.at, *key) if whole else key
        return FixableError(message, fix, path=self.shown, line=theme_values.ConfigLines(self.config_file).of(path))

    def folder(self, key: str, value: object) -> str:
        """`value` as a folder below root, normalised (`legal/` -> `legal`). The folder itself
        may be a link: read_tree reports it, never follows it."""
        path = PurePosixPath(value) if isinstance(value, str) else None
        if path is None or not isinstance(value, str):
            reason = "is not a folder name"
        elif not value.strip():
            reason = "is empty"
        elif path.is_absolute():
            reason = "is an absolute path"
        elif ".." in path.parts:
            reason = "goes up out of the project ('..')"
        elif path.as_posix() == ".":
            reason = "names the project folder itself"
        elif not (self.root / path).parent.resolve().is_relative_to(self.root.resolve()):
            reason = "leads out of the project (through a symbolic link)"
        else:
            return path.as_posix()
        raise self.error(
            (key,),
            f"{key}: {value!r} {reason}",
            f"name a folder inside the project, relative to mkdocs.yml, such as {key}: {OPTIONS[key]}",
        )

    def locales(self, value: object, languages: list[str]) -> dict[str, str]:
        """`locales: {en: en_GB}`: a locale (a text) for languages of the site."""
        if not isinstance(value, Mapping):
            raise self.error(
                ("locales",),
                f"locales: {str(value)[:40]!r} is not a mapping of languages to locales",
                "write it as locales: {en: en_GB}",
            )
        for lang, locale in value.items():
            if not isinstance(locale, str):
                raise self.error(
                    ("locales", lang),
                    f"locales: {lang}: {str(locale)[:40]!r} is not a locale",
                    "write a locale that Babel (CLDR) knows, such as en_GB",
                )
        unknown = sorted(str(lang) for lang in value if str(lang) not in languages)
        if unknown:
            raise self.error(
                ("locales", unknown[0]),
                f"locales: {', '.join(unknown)} is not a language of the site ({', '.join(languages)})",
                "remove it, or add the language",
            )
        return {str(lang): locale for lang, locale in value.items()}
