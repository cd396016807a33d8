"""Render each section once: archived versions share almost all of their sections.

Every version's archive page holds the whole text, but a version changes a few clauses; a
section file that did not change is the same parsed `Unit` in every version (parses are
cached by blob id), so its HTML is rendered once and reused by every page that shows it.
The Markdown instance is configured like the site's. Not cached: sections whose Markdown
links to other pages (MkDocs rewrites such links per page) and sections with sub-headings
(the page's table of contents must see them).
"""

from __future__ import annotations

import hashlib
import re

import markdown

from .extension import PRERENDERED
from .model import Unit
from .render import section_body_markdown

_PAGE_LINK = re.compile(r"\]\([^)]*\.md\b|\]:\s*\S*\.md\b")
_HEADING = re.compile(r"^ {0,3}#", re.M)


class SectionCache:
    def __init__(self, extensions: list, configs: dict):
        if "policykit.extension" not in extensions:  # the markers must become units
            extensions = [*extensions, "policykit.extension"]
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self.html: dict[int, tuple[Unit, str | None]] = {}  # id(unit) -> (unit kept alive, html)

    def __call__(self, section: Unit) -> str | None:
        """The key under which the section's body HTML is in `PRERENDERED`, or None."""
        found = self.html.get(id(section))
        if found is not None and found[0] is section:
            return found[1]
        source = section_body_markdown(section)
        key = None
        if not _PAGE_LINK.search(source) and not _HEADING.search(source):
            html = f'<div class="policy-body">{self.md.reset().convert(source)}</div>'
            key = hashlib.sha1(html.encode()).hexdigest()
            PRERENDERED[key] = html
        self.html[id(section)] = (section, key)
        return key
