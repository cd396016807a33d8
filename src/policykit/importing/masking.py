"""A text's lines with their code and comments masked, so that what the import rewrites (links,
images, template expressions) is found in prose only: code (spans, fences) and HTML comments
are left as the source has them.

Apart from outside.py, which decides what each link and expression becomes, because this is
the one scan of where code and comments stand, and its cost must stay linear in a line's
length however its backticks and braces fall.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from policykit.text.comments import FENCE_RE

#: Stands for a character of code or a comment while the text is scanned: never part of a match.
MASK = "\ue000"
#: A code span's backticks, or an HTML comment's start.
PROTECTED_RE = re.compile(r"`+|<!--")
COMMENT_END_RE = re.compile(r"--!?>")
#: The start of `{{ expression }}`, `{% statement %}` and `{# comment #}` of Jinja and Liquid.
OPENER_RE = re.compile(r"\{[{%#]")


def scan_lines(lines: list[str]) -> tuple[list[bool | None], list[str | None]]:
    """Whether each line begins inside an HTML comment (None for a line of fenced code, which
    is left as it is), and the line with its code spans and comments masked."""
    starts: list[bool | None] = []
    masks: list[str | None] = []
    fence: str | None = None
    in_comment = False
    for line in lines:
        opened = FENCE_RE.match(line)
        if fence or (opened and not in_comment):
            if fence and opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            elif not fence and opened:
                fence = opened.group(1)
            starts.append(None)
            masks.append(None)
            continue
        starts.append(in_comment)
        masked, in_comment = mask(line, in_comment)
        masks.append(masked)
    return starts, masks


def mask(line: str, in_comment: bool) -> tuple[str, bool]:
    """`line` with code spans and HTML comments masked, and whether a comment is open at its end."""
    chars = list(line)
    at = 0
    if in_comment:
        end = COMMENT_END_RE.search(line)
        stop = end.end() if end else len(line)
        chars[:stop] = MASK * stop
        if end is None:
            return "".join(chars), True
        at = stop
    while (found := PROTECTED_RE.search(line, at)) is not None:
        if found.group() == "<!--":
            end = COMMENT_END_RE.search(line, found.end())
            stop = end.end() if end else len(line)
            chars[found.start() : stop] = MASK * (stop - found.start())
            if end is None:
                return "".join(chars), True
            at = stop
            continue
        ticks = found.group()
        closing = re.compile(rf"(?<!`){ticks}(?!`)").search(line, found.end())
        if closing is None:
            at = found.end()
            continue
        chars[found.start() : closing.end()] = MASK * (closing.end() - found.start())
        at = closing.end()
    return "".join(chars), False


def template_spans(masked: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each `{{ … }}`, `{% … %}` and `{# … #}` outside code, first closer
    first, in one pass: an opener that no closer follows ends the search for its kind, so that
    a line of unclosed braces costs no more than its length."""
    at, closed = 0, {"{{": "}}", "{%": "%}", "{#": "#}"}
    while closed and (found := OPENER_RE.search(masked, at)) is not None:
        opener = found.group()
        if opener not in closed:
            at = found.start() + 1
            continue
        end = masked.find(closed[opener], found.end())
        if end < 0:
            del closed[opener]
            at = found.start() + 1
            continue
        if MASK in masked[found.start() : end + 2]:  # code inside: no expression; nor one that opens before it
            at = masked.rfind(MASK, found.start(), end + 2) + 1
            continue
        yield found.start(), end + 2
        at = end + 2


def replace_matches(pattern: re.Pattern, line: str, replace: Callable[[re.Match, str], str | None], masked: str) -> str:
    """`line` with each match of `pattern` in `masked` that holds no masked character replaced
    by `replace(match, line)` (None: left as it is)."""
    out, at = [], 0
    for found in pattern.finditer(masked):
        if MASK in found.group():
            continue
        real = pattern.match(line, found.start(), found.end())
        new = replace(real, line) if real is not None and real.end() == found.end() else None
        if new is None:
            continue
        out.append(line[at : found.start()] + new)
        at = found.end()
    return "".join(out) + line[at:]
