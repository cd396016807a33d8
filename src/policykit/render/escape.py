"""Strings on their way into the theme, into search and into feeds: escaped where they enter.

MkDocs' Jinja environment has no autoescape, and Material prints most values raw
(`{{ config.site_name }}`, `{{ page.title }}`, `{{ page.meta.title }}`, `{{ nav_item.title }}`),
some through `| e`, some through `| striptags`. Switching autoescape on would escape the page's
HTML too (`page.content` is printed raw), so the values are escaped instead, as they enter:
each becomes a `markupsafe.Markup`, which prints as escaped text, which `| e` leaves alone
(no double escaping) and which escaping again leaves alone (the language passes of a build
may see a value twice). `| striptags` would turn such a value back into raw text; the
environment gets a `striptags` that escapes its result (`safe_striptags`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import jinja2.filters
import nh3
from markupsafe import Markup, escape

#: Tags that search results may show (Material renders an entry's text as HTML).
_SEARCH_TAGS = {
    "p",
    "code",
    "pre",
    "li",
    "ul",
    "ol",
    "em",
    "strong",
    "b",
    "i",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "kbd",
    "mark",
    "sub",
    "sup",
}


_INLINE = {"code", "em", "strong", "b", "i", "sub", "sup"}


def text(value: object) -> Markup:
    """Plain text (a title from policy.yml or front matter) as it enters a template."""
    return escape(value)


def html_text(value: object, inline: bool = False) -> Markup:
    """Text that is already HTML (MkDocs' title from a rendered heading, a table of contents
    entry): its tags dropped (`inline`: all but code and emphasis, without attributes), its
    entities kept, so that it is never escaped twice."""
    if isinstance(value, Markup):
        return value
    return Markup(nh3.clean(str(value), tags=_INLINE if inline else set(), attributes={}, link_rel=None))


def tree(value):
    """Every string in a structure of mappings and lists (config.extra, page.meta), escaped;
    Markup values (the generator's own HTML) pass as they are. Changed in place, returned.
    A mapping is any mutable mapping: MkDocs' config.extra is a Config, not a dict.

    Each container is visited once, without recursion: front matter is YAML, whose aliases
    can make a structure that shares one list a billion times over, or holds itself."""
    if isinstance(value, str):
        return escape(value)
    seen: set[int] = set()
    stack = [value]
    while stack:
        container = stack.pop()
        if id(container) in seen or not isinstance(container, (MutableMapping, list)):
            continue
        seen.add(id(container))
        if isinstance(container, Mapping):  # keys too: a template may print a mapping whole
            for key in [k for k in container if isinstance(k, str) and not isinstance(k, Markup)]:
                container[escape(key)] = container.pop(key)
        items = container.items() if isinstance(container, Mapping) else enumerate(container)
        for key, item in list(items):
            if isinstance(item, str):
                container[key] = escape(item)
            elif isinstance(item, (Mapping, list)):
                stack.append(item)
    return value


def safe_striptags(value: str) -> Markup:
    """Jinja's `striptags`, whose result prints as the text it shows: the original unescapes
    what it returns, so an escaped `<script>` would come back as a tag."""
    return escape(jinja2.filters.do_striptags(value))


def search_entry(entry: dict) -> dict:
    """A search index entry whose title is plain text and whose text passes a small allow-list
    without attributes: Material shows both as HTML."""
    entry = dict(entry)
    if isinstance(entry.get("title"), str):
        entry["title"] = nh3.clean(entry["title"], tags=set())
    if isinstance(entry.get("text"), str):
        entry["text"] = nh3.clean(entry["text"], tags=_SEARCH_TAGS, attributes={}, link_rel=None)
    return entry
