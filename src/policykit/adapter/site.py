"""The site as MkDocs configures it: its languages, this pass's language, Material's theme and
the defaults a policy site needs, set here so that a site's mkdocs.yml need not copy them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import material
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from policykit.project import theme_values
from policykit.project.config import SiteConfig
from policykit.render import escape
from policykit.text.checks import FixableError
from policykit.text.numbering import Numbering
from policykit.words.catalogue import Words

THEME = Path(__file__).resolve().parent.parent / "theme"
MATERIAL = Path(material.__file__).resolve().parent / "templates"
EXTENSION = "policykit.render.extension"
STYLESHEET = "assets/policy.css"
#: The search settings the theme's search worker (policy-search.js) is written for: a stemmed
#: index, and no trimmer, which would drop numbers in some languages ("2026", "1.0"); the
#: separator splits words at punctuation instead, in every language.
SEARCH = {
    "pipeline": ["stopWordFilter", "stemmer"],
    "separator": r"""[\s\-–—,:;!?=\[\]()"'“”‘’„«»/…]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;""",
}


@dataclass
class Pass:
    """One language's pass of a build. mkdocs-static-i18n builds the default language, then
    the others from its on_post_build; a site with one language has no i18n and one pass."""

    languages: list[str]  # the default first
    current: str
    first: bool  # the default language's pass, in which the policy is read
    i18n: Any  # mkdocs-static-i18n's plugin, which has no types; None without it

    @property
    def default(self) -> str:
        return self.languages[0]

    @property
    def others(self) -> list[str]:
        return self.languages[1:]

    def register(self, file: File) -> None:
        """i18n's sitemap lists the files registered per language."""
        if self.i18n is not None:
            self.i18n.i18n_files_per_language.setdefault(self.current, []).append(file)


def first_pass(config: MkDocsConfig) -> bool:
    """Whether this is the default language's pass, the first of a build (mkdocs-static-i18n
    builds the others from it)."""
    i18n = config.plugins.get("i18n")
    return i18n is None or not i18n.building


def this_pass(config: MkDocsConfig, site: SiteConfig) -> Pass:
    """This pass of the build, in the site's languages (project/config.site_languages: one rule
    for the build and `policy lint`). A site in several languages without i18n is refused
    (SiteConfig.check_languages), as `policy lint` refuses it."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        return Pass(site.languages, i18n.current_language, not i18n.building, i18n)
    site.check_languages()
    return Pass(site.languages, site.languages[0], True, None)


def config_error(config: MkDocsConfig, key: tuple, message: str, fix: str = "") -> FixableError:
    """A problem of the configuration file MkDocs read (mkdocs.yml, or the file of `-f`), at
    the line of `key` there (where it is written), in the one format."""
    config_file = Path(config.config_file_path)
    return FixableError(message, fix, path=config_file.name, line=theme_values.ConfigLines(config_file).of(key))


def check_theme(config: MkDocsConfig) -> None:
    if config.theme.name != "material":
        raise config_error(
            config,
            ("theme", "name"),
            f"theme {config.theme.name!r}: policykit's pages are written for Material for MkDocs",
            "set `theme: {name: material}`",
        )
    if "navigation.instant" in (config.theme.get("features") or []):
        raise config_error(
            config,
            ("theme", "features"),
            "theme.features: navigation.instant keeps the language switch and the clause tools of the first page loaded",
            "remove it",
        )


def check_theme_language(config: MkDocsConfig) -> None:
    """Material's own words come from partials/languages/LANG.html: a language it has under
    another spelling (`pt_BR` for `pt-BR`) would stop the build with a template error."""
    lang = str(config.theme.get("language") or "en")
    if any((Path(d) / "partials" / "languages" / f"{lang}.html").is_file() for d in config.theme.dirs):
        return
    known = sorted(p.stem for p in (MATERIAL / "partials" / "languages").glob("*.html"))
    near = [k for k in known if k.lower().replace("-", "_") == lang.lower().replace("-", "_")] or [
        k for k in known if k.split("-")[0] == lang.replace("_", "-").split("-")[0].lower()
    ]
    hint = f"write it as Material does: {near[0]}" if near else "Material has: " + ", ".join(known)
    raise config_error(
        config,
        ("theme", "language"),
        f"Material has no words for the language {lang[:40]!r} (theme.language, or the i18n locale)",
        hint,
    )


def put_theme(config: MkDocsConfig) -> None:
    """The package's templates and assets just above Material's, below a site's custom_dir:
    found by path, since mkdocs-static-i18n inserts a folder at index 0 on every pass."""
    dirs = config.theme.dirs
    if any(Path(d).resolve() == THEME for d in dirs):
        return
    at = next((i for i, d in enumerate(dirs) if Path(d).resolve() == MATERIAL), len(dirs))
    dirs.insert(at, str(THEME))


#: Material's bundle as its base.html loads it (the name has a hash that changes with Material).
_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")


def material_bundle(config: MkDocsConfig) -> str | None:
    """The path of the bundle that the theme's base.html loads at the end of <body>, for the
    preload that theme/main.html writes in <head> (Chromium's preload scanner stops at the
    page's Content-Security-Policy); None if the base.html in force names none."""
    for folder in config.theme.dirs:
        base = Path(folder) / "base.html"
        if base.is_file():
            found = _BUNDLE.search(base.read_text(encoding="utf-8"))
            return found.group() if found else None
    return None


def set_theme_language(config: MkDocsConfig, lang: str) -> None:
    """Material's words (search, navigation) in the policy's language, where the site left
    Material's default (English) and Material has the language."""
    if (
        config.theme.get("language") in (None, "en")
        and (MATERIAL / "partials" / "languages" / f"{lang}.html").is_file()
    ):
        config.theme["language"] = lang


def set_numbering(config: MkDocsConfig, schemes: list[Numbering]) -> None:
    """Tells the Markdown extension the numbering schemes of the site's text and history, whose
    anchors' forms no heading may take (`_SafeSlug`); nothing for a site numbered by default, which
    the extension always guards."""
    codes = list(dict.fromkeys(n.code for n in schemes if not n.default))
    if codes:
        config.mdx_configs.setdefault(EXTENSION, {})["numbering"] = codes


def set_defaults(config: MkDocsConfig) -> None:
    """What every policy site needs, once per build (each pass sees the same config)."""
    config.theme["font"] = False  # Google Fonts; a font set in mkdocs.yml is refused (theme_values.py)
    if config.extra.get("generator") is None:
        config.extra["generator"] = False  # "Made with Material for MkDocs", in English, on every page
    for name in ("attr_list", EXTENSION):  # the changelog's headings carry ids; the policy's syntax
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    toc = config.mdx_configs.setdefault("toc", {})
    if isinstance(toc, dict):
        toc.setdefault("permalink", True)
    if STYLESHEET not in [str(s) for s in config.extra_css]:
        config.extra_css.append(STYLESHEET)


def watch(config: MkDocsConfig, folders: list[Path]) -> None:
    """`mkdocs serve` rebuilds on an edit of the policy or the site's words, as of docs/."""
    watched = {Path(p).resolve() for p in config.watch}
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in watched:
            config.watch.append(str(folder))


def set_search(config: MkDocsConfig) -> None:
    """Material's search, configured for the theme's worker, where the site left it unset.
    Before search's own on_config, which fills in its English defaults."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin.config, "pipeline"):
            if plugin.config.pipeline is None:
                plugin.config.pipeline = list(SEARCH["pipeline"])
            if not plugin.config.separator:
                plugin.config.separator = SEARCH["separator"]


def set_words(config: MkDocsConfig, words: Words, lang: str) -> None:
    """Words that MkDocs and Material take from mkdocs.yml, in this pass's language: the
    headings' permalink title and the colour-scheme toggles' names (a toggle names the scheme
    it switches to: the next palette's)."""
    toc = config.mdx_configs.setdefault("toc", {})
    if isinstance(toc, dict):
        toc["permalink_title"] = words.text(lang, "permalink")
    palette = config.theme.get("palette")
    entries = palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    entries = [e for e in entries if isinstance(e, dict)]
    for at, entry in enumerate(entries):
        toggle = entry.get("toggle")
        if isinstance(toggle, dict):
            following = entries[(at + 1) % len(entries)]
            toggle["name"] = escape.text(
                words.text(lang, "scheme_light" if following.get("scheme") != "slate" else "scheme_dark")
            )  # Material prints it raw


def root_path(config: MkDocsConfig) -> str:
    """The path of `site_url` ("/" or "/terms/"): where the site will be deployed."""
    return urlsplit(config.site_url or "/").path.rstrip("/") + "/"


def relative_alternates(config: MkDocsConfig) -> None:
    """The language switch's links made site-relative, so that Material's `url` filter writes
    them relative to the page: mkdocs-static-i18n writes a language's root as an absolute path
    below `site_url` (`/terms/de/`), which breaks a site served from anywhere else (a local
    preview of site/). Before each page, after i18n has set the page's alternates."""
    root = root_path(config)
    for alternate in _alternates(config):
        link = alternate.get("link")
        if isinstance(link, str) and link.startswith(root) and not link.startswith("//"):
            alternate["link"] = link[len(root) :] or "./"


def not_found_alternates(config: MkDocsConfig, roots: dict[str, str]) -> None:
    """The 404 page's language switch: each language's root (`roots`: language -> absolute
    path). The page is served at any address, so no relative link can hold; the site's root is
    where `site_url` puts it. Without this it would keep the links of the last page built."""
    for alternate in _alternates(config):
        if alternate.get("lang") in roots:
            alternate["link"] = roots[alternate["lang"]]


def _alternates(config: MkDocsConfig) -> list[dict]:
    """The switch's entries, which i18n sets as an attribute of `extra` for each page (Jinja
    reads the attribute before the key), or mkdocs.yml as a key."""
    extra = config.extra
    found = getattr(extra, "alternate", None)
    if found is None and isinstance(extra, dict):
        found = extra.get("alternate")
    return [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []
