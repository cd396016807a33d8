"""The theme's stylesheets close every block they open.

A browser forgives a block left open: it closes it at the end of the file, so every rule after
an unclosed `@media print {` applies to paper only, and the screen silently loses them (the
"since I agreed" form, the compare summary, the note of an address that misses and the search's
citation offer did so after three branches met in policy.css). No test of a page catches it:
each element is still there, only unstyled. So the file is read as a CSS parser reads it
(comments and strings skipped) and every block must close, and no `@media` may open inside
another (the theme never nests them; one that does is a print block left open).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykit.adapter.site import THEME

SHEETS = sorted(Path(THEME).rglob("*.css"))
#: What a CSS tokenizer skips before it counts braces: comments and quoted strings.
SKIPPED = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)


def blocks(css: str) -> tuple[list[str], list[tuple[int, str]]]:
    """(the at-rules still open at the end, each `@media` opened inside another: (line, rule))."""
    text = SKIPPED.sub(lambda found: re.sub(r"[^\n]", " ", found.group()), css)
    open_: list[str] = []
    nested: list[tuple[int, str]] = []
    start = 0
    for found in re.finditer(r"[{}]", text):
        if found.group() == "{":
            head = text[start : found.start()].strip()
            if head.startswith("@media") and any(rule.startswith("@media") for rule in open_):
                nested.append((text.count("\n", 0, found.start()) + 1, head))
            open_.append(head)
        else:
            assert open_, f"a '}}' closes nothing at line {text.count(chr(10), 0, found.start()) + 1}"
            open_.pop()
        start = found.end()
    return open_, nested


def test_the_theme_has_stylesheets():
    assert any(sheet.name == "policy.css" for sheet in SHEETS)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_every_block_closes(sheet):
    left_open, nested = blocks(sheet.read_text(encoding="utf-8"))
    assert left_open == [], f"{sheet.name}: blocks never closed: {left_open}"
    assert nested == [], f"{sheet.name}: @media opened inside another @media (one left open?): {nested}"


def test_the_reader_finds_a_block_left_open():
    """The check itself: a print block left open before a screen rule is found."""
    left_open, nested = blocks("@media print {\n  a { color: red; }\n/* b { } */ .b { x: '}' }\n@media print {\n}\n")
    assert left_open == ["@media print"]
    assert nested == [(4, "@media print")]
