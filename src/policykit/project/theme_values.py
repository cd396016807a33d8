"""The values of mkdocs.yml that reach the theme, and what makes each one safe.

Material prints most of them raw (`{{ config.site_name }}`, `href="{{ config.extra.homepage |
url }}"`, `<link rel="icon" href="{{ config.theme.favicon | url }}">`), and MkDocs' Jinja
environment has no autoescape. A value that holds `"><meta http-equiv="refresh" ...>` would
send every reader elsewhere. So every value that a template prints is in VALUES, with the one
treatment that fits where it is printed:

- TEXT is escaped as it enters the theme (escape.py: idempotent, and `striptags` keeps it text);
- HTML goes through the allow-list that editors' HTML passes (sanitise.py): Material prints the
  copyright raw on purpose, so that it may hold a link or `&copy;`; what the allow-list drops is
  a warning, as in the policy's text;
- LINK and WEB are escaped, and a scheme that runs code (LINK), or anything but http and https
  (WEB), is refused;
- ADDRESS (site_url) is checked as a web address and left as it is, since MkDocs, the feeds and
  policy.json read it too; the pages print it as `page.canonical_url`, escaped (the plugin's
  on_env);
- FILE, ICON and NAME are checked to have their shape, and a value that has not is refused: a
  file of the site by a relative path (the browser fetches it, and nothing is fetched from
  another host), an icon of the theme (a template name), a name (a class, an attribute value);
- REFUSED names a feature that loads from another host or runs inline script: the site's
  Content-Security-Policy blocks both, and no reader's visit may reach a third party;
- GENERATED values are written by the generator in every pass, whatever mkdocs.yml says.

A pattern names a key by its path; `*` stands for any item of a list or any key of a mapping.
A treatment holds for every text at or below the key. tests/test_integrity_theme.py reads the
installed Material's templates and the package's, and holds every `config.…` value they print to
an entry here: an upgrade of Material that prints a new one fails that test.

`check` is what `policy lint` and the build report (a refused value is an error naming
mkdocs.yml, its line, the key and the fix), in every language's pass of the build, since
mkdocs-static-i18n lets a language set its own values. `enter` escapes the values as they enter
the theme: in on_config, but for what MkDocs and Python-Markdown read as they make the pages
(READ_RAW), which waits until the pages are made (on_env) and is given back as written by
`restore` at the start of the next language's pass; and again before each page, since a plugin
may set a value after on_config (i18n sets extra.alternate for each page, as an attribute, which
Jinja reads before the key). All of `extra` is escaped too, for a site's own templates.
"""

from __future__ import annotations

import enum
import functools
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup

from policykit.render import escape
from policykit.text import checks, htmlcheck
from policykit.text.checks import Problems
from policykit.text.links import site_url_problem
from policykit.text.sanitise import normalise_url, sanitise, url_problem


class Kind(enum.Enum):
    TEXT = "escaped"
    HTML = "sanitised"
    LINK = "a link: escaped, a scheme that runs code refused"
    WEB = "a web address: escaped, http(s) only"
    ADDRESS = "the site's address: http(s) only, of URL characters (links.site_url_problem)"
    FILE = "a file of the site: checked"
    ICON = "an icon of the theme: checked"
    NAME = "a name: checked"
    REFUSED = "refused"
    GENERATED = "written by the generator"


TEXT, HTML, LINK, WEB, ADDRESS, FILE, ICON, NAME, REFUSED, GENERATED = Kind

#: Every value of mkdocs.yml that the theme prints (Material's templates and the package's).
VALUES: dict[str, Kind] = {
    "site_name": TEXT,  # <title>, the header, the logo's title and aria-label
    "site_description": TEXT,  # <meta name="description">
    "site_author": TEXT,  # <meta name="author">
    "site_url": ADDRESS,  # <link rel="canonical">, as page.canonical_url
    "repo_url": WEB,  # the header's link to the repository
    "repo_name": TEXT,
    "edit_uri": LINK,  # the edit and view buttons (content.action.edit), as page.edit_url
    "edit_uri_template": LINK,
    "copyright": HTML,  # the footer, printed raw: a link or &copy; stay
    "extra_css": FILE,  # <link rel="stylesheet">
    "extra_javascript": FILE,  # <script src>
    "theme.favicon": FILE,  # <link rel="icon">
    "theme.logo": FILE,  # <img src> in the header
    "theme.icon": ICON,  # {% include ".icons/" ~ icon ~ ".svg" %}; admonition and tag types in <style>
    "theme.language": NAME,  # partials/languages/NAME.html (site.check_theme_language: it exists)
    "theme.direction": NAME,  # <body dir>
    "theme.font": REFUSED,  # Google Fonts
    "theme.palette.scheme": NAME,  # <body data-md-color-*>, one palette
    "theme.palette.primary": NAME,
    "theme.palette.accent": NAME,
    "theme.palette.*.scheme": NAME,  # the palette toggle's inputs, several palettes
    "theme.palette.*.primary": NAME,
    "theme.palette.*.accent": NAME,
    "theme.palette.*.media": TEXT,
    "theme.palette.*.toggle.name": TEXT,  # the package's words (site.set_words)
    "theme.palette.*.toggle.icon": ICON,
    "mdx_configs.toc.title": TEXT,  # the table of contents' heading
    "extra.homepage": LINK,  # the logo's link
    "extra.status": TEXT,  # a page status's title
    "extra.social.*.link": LINK,  # the footer's links
    "extra.social.*.name": TEXT,
    "extra.social.*.icon": ICON,
    "extra.alternate.*.link": LINK,  # the language switch (mkdocs-static-i18n writes it)
    "extra.alternate.*.name": TEXT,
    "extra.alternate.*.lang": NAME,
    "extra.tags": NAME,  # a tag's class, md-tag--NAME
    "extra.polyfills": FILE,  # <script src>
    "extra.analytics": REFUSED,  # Google Analytics, and its feedback widget
    "extra.consent": REFUSED,  # the cookie consent dialog, an inline script
    "extra.policy_bundle": GENERATED,  # theme/main.html: Material's bundle, preloaded
    "extra.policy_csp": GENERATED,  # theme/main.html (its other values are printed through `| e`)
    "extra.policy_feed": GENERATED,
    "extra.policy_footer": GENERATED,  # theme/partials/footer.html
    "extra.policy_not_found": GENERATED,  # theme/404.html
    "extra.policy_words.unit_menu.*": GENERATED,  # theme/main.html, through `| e`: policy-unit-menu.js's words
}
#: Values that reach the theme through a page rather than as `config.…`.
THROUGH_PAGES = {"site_url": "page.canonical_url", "edit_uri": "page.edit_url", "edit_uri_template": "page.edit_url"}
#: Values that MkDocs and Python-Markdown read as they make the pages (the edit links, the toc
#: extension's [TOC] title): escaped only once the pages are made (on_env), and given back as
#: mkdocs.yml wrote them at the start of the next language's pass.
READ_RAW = ("repo_url", "edit_uri", "edit_uri_template", "mdx_configs.toc.title")

#: Why a feature is refused, and the fix.
REFUSED_BECAUSE = {
    "theme.font": (
        "makes every reader's browser fetch fonts from Google, which tells Google who reads the policy",
        "set `font: false` under theme (a font of your own goes in extra_css, served by the site)",
    ),
    "extra.analytics": (
        "makes every reader's browser load an analytics script from another host, which tells it "
        "who reads the policy (and the site's Content-Security-Policy blocks it)",
        "remove extra.analytics: no reader's visit may reach a third party",
    ),
    "extra.consent": (
        "is Material's cookie consent, which runs an inline script that the site's "
        "Content-Security-Policy blocks; the site sets no cookies and loads nothing from a third party",
        "remove extra.consent",
    ),
}
#: A file that a FILE value could name, for its message.
_EXAMPLES = {
    "theme.favicon": "assets/favicon.png",
    "extra_css": "assets/site.css",
    "extra_javascript": "assets/site.js",
    "extra.polyfills": "assets/polyfill.js",
}
#: Material's own default fonts: what `font:` means when mkdocs.yml leaves it out (turned off).
MATERIAL_FONT = {"text": "Roboto", "code": "Roboto Mono"}

#: A path of URL characters that need no escaping in an attribute: no quote, no space, no `<`,
#: `>`, `&` or backslash; a query or fragment may follow.
_FILE = re.compile(r"[A-Za-z0-9._~%+=,;:@!$()*/-]+(?:[?#][A-Za-z0-9._~%+=,;:@!$()*/?#-]*)?")
_ICON = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")
_NAME = re.compile(r"[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*")


def check(
    config: Mapping, icon_dirs: list[Path], config_file: Path | None = None, language: str | None = None
) -> Problems:
    """What of `config` (the build's configuration, or mkdocs.yml as read) no treatment can
    make safe: errors naming the file, the line, the key and the fix; and the HTML that the
    copyright's allow-list drops, as warnings. `language`: the language of this pass of the
    build, which may set values of its own (mkdocs-static-i18n's `languages:`)."""
    problems = Problems()
    shown = config_file.name if config_file is not None else "mkdocs.yml"
    lines = ConfigLines(config_file, language)
    for pattern, kind in VALUES.items():
        for path, value, _ in _places(config, _split(pattern)):
            line = lines.of(path)
            if kind is REFUSED:
                if _refused(pattern, value):
                    reason, fix = REFUSED_BECAUSE[pattern]
                    problems.add(checks.SITE_CONFIG, shown, line, f"{_key(path)} {reason}", fix)
            elif kind is HTML and isinstance(value, str):
                _check_html(value, path, shown, line, problems)
            elif kind in (LINK, WEB, ADDRESS, FILE, ICON, NAME):
                for where, leaf, is_key in _leaves(value, path, keys=kind is ICON):
                    example = _EXAMPLES.get(pattern, "assets/logo.png")
                    found = _problem(NAME if is_key else kind, leaf, icon_dirs, example)
                    if found:
                        problems.add(
                            checks.SITE_CONFIG,
                            shown,
                            lines.of(where) or line,
                            f"{_key(where)}: {_shown(leaf)} {found[0]}",
                            found[1],
                        )
    if _reincludes(config.get("exclude_docs")):
        problems.add(
            checks.SITE_CONFIG,
            shown,
            lines.of(("exclude_docs",)),
            "exclude_docs re-includes files with '!' (dot-files, templates/) that MkDocs would not "
            "publish and that the check of docs/ does not read",
            "remove the '!' lines; a file that readers need goes in docs/ under a name without a dot",
        )
    return Problems(sorted(problems, key=lambda p: p.line or 0))


def _reincludes(value: object) -> bool:
    """Whether exclude_docs has a negated pattern (`!.well-known/`): as mkdocs.yml writes it, or
    as MkDocs reads it (a GitIgnoreSpec whose patterns say whether they include)."""
    if isinstance(value, str):
        return any(line.strip().startswith("!") for line in value.splitlines())
    return any(getattr(pattern, "include", None) is False for pattern in getattr(value, "patterns", None) or [])


def enter(config: Mapping, rendered: bool = True) -> None:
    """Escape (or sanitise) the listed values as they enter the theme, in place: again before
    every page, since a plugin may set one after on_config (mkdocs-static-i18n sets
    extra.alternate for each page). `rendered`: the pages are made, so the values that MkDocs
    and Python-Markdown read as they make them (READ_RAW) are escaped as well."""
    for pattern, kind in VALUES.items():
        if kind not in (TEXT, HTML, LINK, WEB) or (pattern in READ_RAW and not rendered):
            continue
        for _, value, replace in _places(config, _split(pattern)):
            if kind is HTML:
                if isinstance(value, str) and not isinstance(value, Markup):
                    replace(Markup(sanitise(value)))
            elif isinstance(value, str):
                replace(escape.text(value))
            elif isinstance(value, (Mapping, list)):
                escape.tree(value)
    extra = config.get("extra")
    if isinstance(extra, Mapping):  # the rest of extra too: a site's own template may print it
        escape.tree(extra)


def restore(config: Mapping) -> None:
    """The values that MkDocs and Python-Markdown read as they make the pages, as mkdocs.yml
    wrote them (READ_RAW): escaping undone, exactly (`Markup.unescape`)."""
    for pattern in READ_RAW:
        for _, value, replace in _places(config, _split(pattern)):
            if isinstance(value, Markup):
                replace(value.unescape())


def covers(pattern: str, path: tuple[str, ...]) -> bool:
    """Whether the entry `pattern` holds for the value at `path` (a key's path, `*` for any item)."""
    parts = _split(pattern)
    return len(parts) <= len(path) and all(p == "*" or p == q for p, q in zip(parts, path))


# Finding the values --------------------------------------------------------------------------


def _split(pattern: str) -> tuple[str, ...]:
    return tuple(pattern.split("."))


def _places(value: object, parts: tuple, path: tuple = ()) -> Iterator[tuple[tuple, object, Callable[[object], None]]]:
    """(path, value, a function that replaces it) of every value that `parts` names under
    `value`. A key is looked up as Jinja looks up `config.extra.alternate`: an attribute of the
    object first (mkdocs-static-i18n sets `config.extra.alternate` as one, for each page), then
    an item; both are found."""
    head, rest = parts[0], parts[1:]
    items: list[tuple[object, object, Callable]] = []
    if head == "*":
        pairs = (
            list(value.items())
            if isinstance(value, Mapping)
            else list(enumerate(value))
            if isinstance(value, list)
            else []
        )
        items = [(key, item, functools.partial(operator.setitem, value, key)) for key, item in pairs]
    else:
        if head in getattr(value, "__dict__", {}) and isinstance(value, Mapping):
            items.append((head, value.__dict__[head], functools.partial(setattr, value, head)))
        if isinstance(value, Mapping) and head in value:
            items.append((head, value[head], functools.partial(operator.setitem, value, head)))
    for key, item, replace in items:
        if rest:
            yield from _places(item, rest, (*path, key))
        else:
            yield (*path, key), item, replace


def _leaves(value: object, path: tuple, keys: bool) -> Iterator[tuple[tuple, str, bool]]:
    """Every text at or below `value`: (path, text, whether it is a mapping's key); a key is
    one only if `keys` (an icon mapping's types are printed as names)."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if keys and isinstance(key, str):
                yield (*path, key), key, True
            yield from _leaves(item, (*path, key), keys)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index), keys)


# Judging them ---------------------------------------------------------------------------------


def _refused(pattern: str, value: object) -> bool:
    if pattern == "theme.font" and isinstance(value, Mapping):  # Material's defaults: the plugin turns them off
        return bool(value) and dict(value) != MATERIAL_FONT
    return bool(value)


def _problem(kind: Kind, value: str, icon_dirs: list[Path], example: str = "assets/logo.png") -> tuple[str, str] | None:
    """What is wrong with one text of a checked kind, and the fix (`example`: a file it could
    name); None if nothing."""
    if kind is LINK:
        if url_problem("a", "href", value) == "scheme":
            scheme = re.sub(r"[^a-z0-9+.-]", "", normalise_url(value).split(":")[0])[:20]
            return f"uses {scheme}:, which runs code", "link to a web address (https://...) instead"
    elif kind is ADDRESS:  # the one rule for site_url (links.py), which the build applies first
        problem = site_url_problem(value)
        if problem:
            message, _, fix = problem.partition(" (")
            return message, fix.removesuffix(")")
    elif kind is WEB:
        url = urlsplit(normalise_url(value))
        if url.scheme not in ("http", "https") or not url.netloc:
            return "is not a web address", "write the https:// address, or remove it"
    elif kind is FILE:
        if url_problem("img", "src", value) or not _FILE.fullmatch(value) or ".." in value.split("/"):
            return (
                "is not a file of the site",
                f"name a file under docs/ by its path from there, such as {example}: every reader's "
                "browser fetches it, and nothing may be fetched from another host",
            )
    elif kind is ICON:
        if not _ICON.fullmatch(value) or not any((Path(d) / ".icons" / f"{value}.svg").is_file() for d in icon_dirs):
            return (
                "is not an icon of the theme",
                "name one that Material has (such as material/library), or one under .icons/ of your custom_dir",
            )
    elif kind is NAME and not _NAME.fullmatch(value):
        return (
            "is not a name",
            "write letters, digits, - and _ only, as Material's documentation shows (such as indigo, slate, ltr)",
        )
    return None


def _check_html(value: str, path: tuple, shown: str, line: int | None, problems: Problems) -> None:
    """What the allow-list drops of an HTML value, said as the policy's text says it."""
    found = Problems()
    htmlcheck.check_line(value, line or 0, shown, found)
    for problem in found:
        problems.add(
            problem.check,
            shown,
            line,
            f"{_key(path)}: {problem.message}",
            problem.fix.replace("; write the text in Markdown", ""),
        )


def _key(path: tuple) -> str:
    """`extra.social[0].link`."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:60] + "…")


class ConfigLines:
    """The line of a key in mkdocs.yml, from its YAML nodes (tags that only MkDocs knows, such
    as !ENV, are kept as they are); None where it is not there (a default, INHERIT). Under
    mkdocs-static-i18n, a language may set its own values (`languages: [{locale: de, extra:
    ...}]`): the line is that of the language's own value where it has one."""

    def __init__(self, path: Path | None, language: str | None = None):
        self.root, self.prefix = None, None
        try:
            if path is not None:
                self.root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            pass
        if language is not None:
            self.prefix = self._language(language)

    def of(self, path: tuple) -> int | None:
        if self.prefix is not None:
            own = self._find((*self.prefix, *path), whole=True)
            if own is not None:
                return own
        return self._find(path, whole=False)

    def _find(self, path: tuple, whole: bool) -> int | None:
        """The line of the deepest key of `path` that is there (`whole`: None unless all are)."""
        node, line = self.root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)]
                if not found:
                    return None if whole else line
                line, node = found[-1][0].start_mark.line + 1, found[-1][1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return None if whole else line
        return line

    def _language(self, language: str) -> tuple | None:
        """The path of the i18n plugin's entry for `language` (plugins, as a list or a mapping)."""
        plugins = self._node(self.root, "plugins")
        entries = (
            list(enumerate(plugins.value))
            if isinstance(plugins, yaml.SequenceNode)
            else [(None, plugins)]
            if isinstance(plugins, yaml.MappingNode)
            else []
        )
        for index, entry in entries:
            languages = self._node(self._node(entry, "i18n"), "languages")
            for number, item in enumerate(languages.value if isinstance(languages, yaml.SequenceNode) else []):
                locale = self._node(item, "locale")
                if isinstance(locale, yaml.ScalarNode) and locale.value == language:
                    return ("plugins",) + (() if index is None else (index,)) + ("i18n", "languages", number)
        return None

    @staticmethod
    def _node(node: yaml.Node | None, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
            return found[-1] if found else None
        return None
