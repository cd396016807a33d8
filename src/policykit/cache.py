"""Render each clause once: archived versions share almost all of their text.

Every version's archive page holds the whole text, but a version changes a few clauses. A
clause is rendered once per distinct content (its id, its lines and its sub-clauses) and its
HTML is reused by every page and every version that shows it; a section's body is the
concatenation of its introduction and its clauses. The Markdown instance is configured like
the site's. Not cached (rendered with their page instead): sections whose Markdown links to
other pages (MkDocs rewrites such links per page), defines reference links (they may be used
by another clause), or has sub-headings (the page's table of contents must see them).
"""

from __future__ import annotations

import re

import markdown

from .model import Unit
from .render import intro_markdown, keep, section_body_markdown, unit_markdown

_PAGE_LINK = re.compile(r"\]\([^)]*\.md\b|\]:\s*\S*\.md\b")
_HEADING = re.compile(r"^ {0,3}#", re.M)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.M)


def _content(unit: Unit) -> tuple:
    return (unit.id, unit.mark, unit.cite, unit.stand_in, tuple(unit.lines), tuple(_content(child) for child in unit.children))


class SectionCache:
    def __init__(self, extensions: list, configs: dict):
        if "policykit.extension" not in extensions:  # the markers must become units
            extensions = [*extensions, "policykit.extension"]
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self.sections: dict[int, tuple[Unit, str | None]] = {}  # id(unit) -> (unit kept alive, key)
        self.clauses: dict[tuple, str] = {}  # clause content -> HTML

    def __call__(self, section: Unit) -> str | None:
        """The key under which the section's body HTML is in `render.PRERENDERED`, or None."""
        found = self.sections.get(id(section))
        if found is not None and found[0] is section:
            return found[1]
        source = section_body_markdown(section)
        key = None
        if not (_PAGE_LINK.search(source) or _HEADING.search(source) or _REFERENCE.search(source)):
            intro = intro_markdown(section)
            parts = [self._convert(intro)] if intro.strip() else []  # sanitised by the extension
            parts += [self._clause(clause) for clause in section.children]
            key = keep(f'<div class="policy-body">{"".join(parts)}</div>')
        self.sections[id(section)] = (section, key)
        return key

    def _clause(self, clause: Unit) -> str:
        content = _content(clause)
        if content not in self.clauses:
            self.clauses[content] = self._convert(unit_markdown(clause))  # sanitised: it holds markers
        return self.clauses[content]

    def _convert(self, source: str) -> str:
        return self.md.reset().convert(source) + "\n"
