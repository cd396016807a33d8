"""Render each clause once: archived versions share almost all of their text.

Every version's archive page holds the whole text, but a version changes a few clauses. A
clause is rendered once per distinct content (its id, its lines and its sub-clauses) and its
HTML is reused by every page and every version that shows it; a section's body is the
concatenation of its introduction and its clauses. The Markdown instance is configured like
the site's. Not cached (rendered with their page instead): sections whose Markdown links to
other pages (MkDocs rewrites such links per page), defines reference links (they may be used
by another clause), or has sub-headings (the page's table of contents must see them).

A unit's history line (render.Annotations.history) is part of what a clause is rendered with,
and so of its key: a clause that no version changed has the same line on every archived page
after the one that last changed it (in one language), and is rendered once for all of them.
"""

from __future__ import annotations

import re

import markdown

from policykit.render.markdown import TEXT, intro_markdown, section_body_markdown, unit_markdown
from policykit.render.prerendered import Prerendered
from policykit.text.model import Unit

_PAGE_LINK = re.compile(r"\]\([^)]*\.md\b|\]:\s*\S*\.md\b")
_HEADING = re.compile(r"^ {0,3}#", re.M)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.M)


def _content(unit: Unit) -> tuple:
    return (
        unit.id,
        unit.mark,
        unit.cite,
        unit.stand_in,
        tuple(unit.lines),
        tuple(_content(child) for child in unit.children),
    )


def _lines(unit: Unit, history: dict[str, str]) -> tuple:
    """The history lines of a unit and its sub-units, () when none has one (so that a page
    without lines and one whose lines are elsewhere share the HTML)."""
    lines = tuple(history.get(u.id, "") for u in unit.walk()) if history else ()
    return lines if any(lines) else ()


class SectionCache:
    def __init__(self, extensions: list, configs: dict):
        if "policykit.render.extension" not in extensions:  # the markers must become units
            extensions = [*extensions, "policykit.render.extension"]
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        #: The history lines of the clauses it converts: as long as the cache, which holds their HTML.
        self.blocks = Prerendered()
        #: (id(unit), its units' history lines) -> (unit kept alive, its body's HTML)
        self.sections: dict[tuple, tuple[Unit, str | None]] = {}
        self.cacheable: dict[int, tuple[Unit, bool]] = {}  # id(unit) -> (unit kept alive, whether)
        self.clauses: dict[tuple, str] = {}  # (clause content, history lines) -> HTML
        self.intros: dict[str, str] = {}  # a section's own text -> HTML (its lines change apart)

    def __call__(self, section: Unit, history: dict[str, str] | None = None) -> str | None:
        """The section's body as HTML, or None (rendered with its page). `history`: the history
        line of each unit that has one (generated HTML, escaped where it was written), put
        after the unit's own text."""
        history = history or {}
        lines = _lines(section, history)
        found = self.sections.get((id(section), lines))
        if found is not None and found[0] is section:
            return found[1]
        body = None
        if self._cacheable(section):
            intro = intro_markdown(section)
            if intro.strip() and intro not in self.intros:  # sanitised by the extension, as the text
                self.intros[intro] = self._convert(f"{TEXT}\n\n{intro}")
            parts = [self.intros[intro]] if intro.strip() else []
            if history.get(section.id):
                parts.append(history[section.id])
            parts += [self._clause(clause, history) for clause in section.children]
            body = f'<div class="policy-body">{"".join(parts)}</div>'
        self.sections[(id(section), lines)] = (section, body)
        return body

    def text(self, source: str) -> str | None:
        """A piece of the policy's text (a unit's own Markdown) rendered apart and sanitised: an
        element it leaves open is closed within it, so it cannot swallow what the page puts
        after it (the side-by-side page's rows). None where it must be rendered with its page,
        as a section is (it links another page, defines a reference link or has a heading)."""
        if _PAGE_LINK.search(source) or _HEADING.search(source) or _REFERENCE.search(source):
            return None
        if source not in self.intros:
            self.intros[source] = self._convert(f"{TEXT}\n\n{source}")
        return self.intros[source]

    def _cacheable(self, section: Unit) -> bool:
        found = self.cacheable.get(id(section))
        if found is None or found[0] is not section:
            source = section_body_markdown(section)
            found = self.cacheable[id(section)] = (
                section,
                not (_PAGE_LINK.search(source) or _HEADING.search(source) or _REFERENCE.search(source)),
            )
        return found[1]

    def _clause(self, clause: Unit, history: dict[str, str]) -> str:
        content = (_content(clause), _lines(clause, history))
        if content not in self.clauses:  # sanitised: it holds markers
            self.clauses[content] = self._convert(unit_markdown(clause, history, self.blocks))
        return self.clauses[content]

    def _convert(self, source: str) -> str:
        return self.md.reset().convert(source) + "\n"
