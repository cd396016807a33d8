"""The lines nested in a list item, indented as MkDocs' Markdown needs them to stay in the item.

A source written for GitHub or CommonMark nests a paragraph or a list under `- item` by two
spaces (the item's text column). Python-Markdown, which MkDocs renders with, nests by four
(its tab length) from the item's marker: at two, the paragraph leaves the list and a nested
list joins the outer one. The import keeps a bullet list a list, as written, so its nested
lines are moved to the indentation that keeps them nested (four more than the item's marker,
at every depth). Only the indentation changes; CommonMark reads the result alike. Fenced code
stays where it stands. A list that interrupts a paragraph (`Products:` then `* The Service;`,
as CommonMark and GitHub read it) gets a blank line before it: Python-Markdown reads it as
more of the paragraph, asterisks and all.
"""

from __future__ import annotations

import re

#: A list item's marker and the spaces after it: `- `, `* `, `+ `, `1. `, `2) `.
ITEM_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|[0-9]{1,9}[.)])(?P<gap>[ \t]+)(?=\S)")
#: Where nested lines stand under an item's marker, for Python-Markdown (its tab length).
NEST = 4


class ListIndent:
    """Line by line through a run of text: each line's new indentation. `reset` at anything
    that is not the text's (a labelled unit's line, a heading), where every list has ended."""

    def __init__(self) -> None:
        self.items: list[list] = []  # open items: [source text column, new text column, loose]
        self.after_text = False  # the line before is text, so a shallower line continues it
        self.after_html = False  # ... and it is HTML, whose block a blank line would end

    def reset(self) -> None:
        self.items, self.after_text, self.after_html = [], False, False

    def line(self, line: str, rule: bool = False) -> list[str]:
        """`line` re-indented for the items it is nested in (`rule`: a thematic break, `* * *`,
        which is no item). An item right after the nested lines of a loose one (blocks with a
        blank line between them) gets a blank line before it, or Python-Markdown nests it in
        the inner list; CommonMark reads the list as loose either way."""
        if not line.strip():
            self.after_text = False
            return [line]
        if line.startswith("\t") or "\t" in line[: len(line) - len(line.lstrip())]:
            self.reset()  # tabs: left as written
            return [line]
        indent = len(line) - len(line.lstrip(" "))
        item = None if rule else ITEM_RE.match(line)
        if item is None and self.after_text and self.items and indent < self.items[-1][0]:
            return [line]  # a lazy line of the item's paragraph: it continues where it stands
        opens = (
            item is not None
            and not self.items
            and self.after_text
            and not self.after_html
            and indent < NEST
            and (item.group("marker") in "-*+" or item.group("marker")[:-1] == "1")
        )
        loose = False
        while self.items and indent < self.items[-1][0]:
            loose = self.items.pop()[2] or loose
        new = indent
        if self.items:  # a line at its item's text column, or up to three past it, stands at the new one
            column, to, _ = self.items[-1]
            new = to if indent - column < NEST else indent + to - column
            self.items[-1][2] = self.items[-1][2] or not self.after_text
        before = [""] if loose and item is not None and self.after_text else []
        if opens:  # a list that interrupts a paragraph, as CommonMark lets it: Python-Markdown needs a blank line
            before = [""]
        if item is not None:
            self.items.append([indent + len(item.group("marker")) + len(item.group("gap")), new + NEST, False])
        self.after_text = True
        self.after_html = line.lstrip().startswith("<") and not self.items
        return before + [" " * new + line[indent:]]
