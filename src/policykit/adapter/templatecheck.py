"""What a site's templates must keep on every page written: a site's templates win over the
package's, so each page is read for the package's blocks, the Content-Security-Policy first
in <head>, and no inline script, event attribute or refresh that a template wrote. Before
that, the front matter of a docs page that the theme reads (a `title:` that is no text, a
`template:` or `icon:` that is no file of the theme): it would stop the build with a
traceback from Jinja, so it is said first, with its line."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from policykit.adapter.csp import content_security_policy
from policykit.commands.newsite import LOCALE_RE
from policykit.text import checks

#: What the theme's main.html writes on every page; a page without it was built from a
#: template that does not extend the package's (the policy's CSP, scripts and words are missing).
_BLOCKS = re.compile(r'<script src="[^"]*policy-config\.js" data-policykit')
#: Whitespace as the HTML standard's tokenizer knows it.
_WS = r"\t\n\f\r "
#: An attribute as the standard's tokenizer reads it (13.2.5.32-38): a name of anything but
#: whitespace, `/`, `>` (and `=` after its first character), then, if `=` follows, a value,
#: quoted or not (none only before `>`). Each part takes all it can (the lookaheads), so that a
#: tag that never closes costs one pass, not a search of every way to split it.
_ATTRIBUTE_SRC = (
    f"[^{_WS}/>][^{_WS}/=>]*(?![^{_WS}/=>])"  # the name
    f"(?:[{_WS}]*=[{_WS}]*"  # `=`, then a value: quoted, unquoted, or none before `>`
    f"(?:\"[^\"]*\"|'[^']*'|[^{_WS}>\"'][^{_WS}>]*(?![^{_WS}>])|(?=>))"
    f"|(?![{_WS}]*=))"
)  # or no `=` at all
#: A start tag as a browser reads it (13.2.5.6-42): `<`, a letter, the name, then attributes
#: apart by whitespace or `/` (`<meta/http-equiv=refresh>` is a meta element with an
#: http-equiv), up to the `>` outside quotes. Read anywhere, in comments and scripts too,
#: where a browser reads text: that finds more tags than a browser does, never fewer.
_START_TAG = re.compile(f"<([A-Za-z][^{_WS}/>]*)((?:[{_WS}/]*{_ATTRIBUTE_SRC})*)[{_WS}/]*>")
#: One attribute of a start tag that _START_TAG found: its name, `=` if it has a value, the value.
_ATTRIBUTE = re.compile(f"([^{_WS}/>][^{_WS}/=>]*)(?:[{_WS}]*(=)[{_WS}]*(\"[^\"]*\"|'[^']*'|[^{_WS}>\"'][^{_WS}>]*)?)?")
#: Where an attribute named on... may start in a tag's attributes: after whitespace, `/` or a
#: quote (a name may follow a quoted value directly).
_MAYBE_EVENT = re.compile(f"[{_WS}/\"']on", re.IGNORECASE)
_FIRST_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def check_output(
    output: str, page: str, template_of: Callable[[], str], content: str = "", serving: bool = False
) -> None:
    """A site's templates win over the package's: what they must keep is checked on every
    page written. The package's blocks (the config script that names it), and, in a build,
    the Content-Security-Policy first in <head> with no inline script anywhere (the
    policy does not cover what comes before it, and one run inline would break it)."""
    fix = (
        'start it with {% extends "policykit/main.html" %} and call {{ super() }} in the blocks it '
        "overrides, without inline scripts"
    )
    template = Later(template_of)  # named only in a message: finding it costs a lookup per page
    if not _BLOCKS.search(output):
        raise PluginError(
            f"{template}: does not extend policykit's main.html, so the page {page} lacks the "
            f"policy's Content-Security-Policy, scripts and words; {fix}"
        )
    if serving:  # no policy under `mkdocs serve`: its live reload is an inline script
        return
    head = output.find("<head>")
    first = _FIRST_META.match(output, head + 6) if head >= 0 else None
    if first is None or html.unescape(first.group(1)) != content_security_policy():
        raise PluginError(
            f"{template}: the page {page} does not start its <head> with policykit's "
            f"Content-Security-Policy, so what comes before it, or a weaker one, is what holds; {fix}"
        )
    # Every tag that the templates wrote: the page's content is the sanitiser's (and the
    # generator's) and was checked as it was made; reading it again would cost a sixth of
    # the build at a long history.
    at = output.find(content) if content else -1
    around = output[:at] + output[at + len(content) :] if at >= 0 else output
    for name, attributes, text in start_tags(around, only_suspect=True):
        problem = tag_problem(name, attributes, text)
        if problem is None:
            continue
        raise PluginError(
            f"{template}: the page {page} has {problem}; put a script in a file under the "
            "site's assets, loaded with <script src=...>"
        )


def start_tags(text: str, only_suspect: bool = False) -> list[tuple[str, list[tuple[str, str | None]], str]]:
    """(name, attributes, the tag as written) of every start tag in `text`, as the HTML standard
    tokenizes it; names in lower case, values with their character references decoded.
    `only_suspect`: only the tags that tag_problem may find something in (a script, a meta, an
    attribute whose name starts with `on`), which are most of the cost of reading attributes.

    Not html.parser, which reads tags the same way but costs 20 ms for a page's 350 tags (the
    build reads every page); tests/test_integrity_theme.py holds the two, and Chromium, to
    finding the same tags."""
    found = []
    # No tag ends after the last `>`: a `<` there is not tried up to the end of the text.
    for tag in _START_TAG.finditer(text, 0, text.rfind(">") + 1):
        name = tag.group(1).lower()
        if only_suspect and name not in ("script", "meta") and not _MAYBE_EVENT.search(tag.group(2)):
            continue
        attributes = [
            (attribute.lower(), html.unescape(value[1:-1] if value[:1] in ("'", '"') else value) if equals else None)
            for attribute, equals, value in _ATTRIBUTE.findall(tag.group(2))
        ]
        found.append((name, attributes, tag.group()))
    return found


def tag_problem(name: str, attributes: list[tuple[str, str | None]], text: str) -> str | None:
    """What a start tag that a template wrote may not be: an inline script, an event attribute,
    a refresh; None if it is none of them. Of an attribute written twice, the first counts."""
    values: dict[str, str] = {}
    for attribute, value in attributes:
        values.setdefault(attribute, value or "")
    if name == "script" and "src" not in values and values.get("type") != "application/json":
        return f"an inline script ({text[:60]}), which the Content-Security-Policy blocks"
    if events := sorted(n for n in values if n.startswith("on")):
        return f"an event attribute ({events[0]}= on <{name}>), which the Content-Security-Policy blocks"
    if name == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
        return f'a <meta http-equiv="refresh"> ({text[:60]}), which would send readers elsewhere'
    return None


class Later:
    """A text found only when a message prints it."""

    def __init__(self, make):
        self.make = make

    def __str__(self) -> str:
        return self.make()

    __format__ = lambda self, spec: format(str(self), spec)


def template_of(page: Page, config: MkDocsConfig) -> str:
    """The template file a page was built from, as the site names it (overrides/main.html)."""
    return template_file(config, str(page.meta.get("template") or "main.html"))


def find_template(config: MkDocsConfig, name: str) -> Path | None:
    return next((path for folder in config.theme.dirs if (path := Path(folder, name).resolve()).is_file()), None)


def template_file(config: MkDocsConfig, name: str) -> str:
    """Where the theme path finds template `name`: relative to mkdocs.yml if it is the site's."""
    root, path = Path(config.config_file_path).parent.resolve(), find_template(config, name)
    if path is None:
        return name
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def written_language(meta: Mapping[str, object]) -> str | None:
    """The language a hand-written page says it is written in (front matter `language: en`), if
    it is a code of the form i18n takes; the page's text is marked with it where the pass is of
    another language."""
    value = meta.get("language")
    return value if isinstance(value, str) and LOCALE_RE.fullmatch(value) else None  # `$` would let "en\n" by


def check_theme_keys(page: Page, config: MkDocsConfig, source: str, shown: str, problems: checks.Problems) -> None:
    """Front matter that names a theme file (`template:`, Material's `icon:`): one that does
    not exist would stop the build with a traceback from Jinja."""
    dirs = [Path(d) for d in config.theme.dirs]
    line_of = lambda key: next((n for n, text in enumerate(source.split("\n"), 1) if text.startswith(f"{key}:")), None)
    for key in ("title", "description", "author", "subtitle"):  # printed as text by Material
        value = page.meta.get(key)
        if value is not None and not isinstance(value, str):
            problems.add(
                checks.FRONT_MATTER,
                shown,
                line_of(key),
                f"{key}: must be a text, not {type(value).__name__}",
                f'write {key}: "..." (in quotes)',
            )
    language = page.meta.get("language")
    if language is not None and written_language(page.meta) is None:
        problems.add(
            checks.FRONT_MATTER,
            shown,
            line_of("language"),
            f"language: {str(language)[:40]!r} is not a language code",
            "write the code of the language the page is written in, such as en or pt-BR, or remove the line",
        )
    for key, folder, suffix in (("template", "", ""), ("icon", ".icons", ".svg")):
        value = page.meta.get(key)
        if value is None:
            continue
        name = f"{folder}/{value}{suffix}" if folder else str(value)
        if isinstance(value, str) and ".." not in Path(name).parts and any((d / name).is_file() for d in dirs):
            continue
        problems.add(
            checks.FRONT_MATTER,
            shown,
            line_of(key),
            f"{key}: {str(value)[:60]!r} is not a file of the theme",
            f"remove the {key}, or name one that the theme has",
        )
