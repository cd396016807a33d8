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

The HTML kept is bounded (the most recently used, `KEEP` entries and `BUDGET` characters): the
archived pages are made one version after the other, and a version shares its text with the
versions next to it, not with one a hundred versions away; kept whole, it grew with the history
(18 MB at 400 versions). A bound on entries alone still let it grow: a later version's sections
are larger, with a history line for every unit changed since the first. What was let go is
rendered again when asked, to the same HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Generic, TypeVar

import markdown

from policykit.render.markdown import TEXT, intro_markdown, section_body_markdown, unit_markdown
from policykit.render.prerendered import Prerendered
from policykit.text.model import Unit

_PAGE_LINK = re.compile(r"\]\([^)]*\.md\b|\]:\s*\S*\.md\b")
_HEADING = re.compile(r"^ {0,3}#", re.M)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.M)
#: How many entries each of SectionCache's maps keeps: the sections of some 12 versions in two
#: languages, their clauses and their texts.
KEEP = 512
#: How many characters of HTML each of SectionCache's maps keeps at most: a version's archived
#: page is about 100-200 kB, so some ten versions' sections.
BUDGET = 2_000_000
K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A map that keeps its `size` most recently used entries, and no more than `budget` of
    what `weigh` counts of them (an entry's characters of HTML)."""

    def __init__(self, size: int = KEEP, budget: int = BUDGET, weigh: Callable[[V], int] = lambda _: 0) -> None:
        self.size, self.budget, self.weigh = size, budget, weigh
        self.entries: dict[K, V] = {}
        self.weight = 0

    def get(self, key: K) -> V | None:
        found = self.entries.pop(key, None)
        if found is not None:
            self.entries[key] = found  # the newest again
        return found

    def put(self, key: K, value: V) -> V:
        old = self.entries.pop(key, None)
        if old is not None:
            self.weight -= self.weigh(old)
        self.entries[key] = value
        self.weight += self.weigh(value)
        while len(self.entries) > self.size or (self.weight > self.budget and len(self.entries) > 1):
            self.weight -= self.weigh(self.entries.pop(next(iter(self.entries))))
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self.put(key, value)

    def __len__(self) -> int:
        return len(self.entries)


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
        self.sections: Recent[tuple, tuple[Unit, str | None]] = Recent(KEEP, weigh=lambda held: len(held[1] or ""))
        self.cacheable: Recent[int, tuple[Unit, bool]] = Recent(KEEP)  # id(unit) -> (unit kept alive, whether)
        self.clauses: Recent[tuple, str] = Recent(8 * KEEP, weigh=len)  # (clause content, history lines) -> HTML
        self.intros: Recent[str, str] = Recent(KEEP, weigh=len)  # a section's own text -> HTML (its lines change apart)

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
            parts = [self._text(intro)] if intro.strip() else []  # sanitised by the extension, as the text
            if history.get(section.id):
                parts.append(history[section.id])
            parts += [self._clause(clause, history) for clause in section.children]
            body = f'<div class="policy-body">{"".join(parts)}</div>'
        self.sections.put((id(section), lines), (section, body))
        return body

    def text(self, source: str) -> str | None:
        """A piece of the policy's text (a unit's own Markdown) rendered apart and sanitised: an
        element it leaves open is closed within it, so it cannot swallow what the page puts
        after it (the side-by-side page's rows). None where it must be rendered with its page,
        as a section is (it links another page, defines a reference link or has a heading)."""
        if _PAGE_LINK.search(source) or _HEADING.search(source) or _REFERENCE.search(source):
            return None
        return self._text(source)

    def _text(self, source: str) -> str:
        found = self.intros.get(source)
        return found if found is not None else self.intros.put(source, self._convert(f"{TEXT}\n\n{source}"))

    def _cacheable(self, section: Unit) -> bool:
        found = self.cacheable.get(id(section))
        if found is None or found[0] is not section:
            source = section_body_markdown(section)
            found = self.cacheable.put(
                id(section),
                (section, not (_PAGE_LINK.search(source) or _HEADING.search(source) or _REFERENCE.search(source))),
            )
        return found[1]

    def _clause(self, clause: Unit, history: dict[str, str]) -> str:
        content = (_content(clause), _lines(clause, history))
        found = self.clauses.get(content)
        if found is None:  # sanitised: it holds markers
            found = self.clauses.put(content, self._convert(unit_markdown(clause, history, self.blocks)))
        return found

    def _convert(self, source: str) -> str:
        return self.md.reset().convert(source) + "\n"
