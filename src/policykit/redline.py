"""Word-level redlines: what changed in a clause, as a reader of legal text wants to see it.

Text is split into words (Unicode letters and digits, so a Swedish compound word is one
token: "plattformswebbplats" is replaced whole, never cut in the middle), runs of whitespace,
and single punctuation marks (so "tjänster." -> "tjänster;" changes only the mark).
`difflib.SequenceMatcher` aligns the tokens; short equal runs of spaces or punctuation
between two changes are then folded into them, so that a rewritten phrase reads as one
deletion and one insertion instead of a comb of fragments. bench/redline_compare.py shows
the alternatives measured against this choice.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from .model import collapse

TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert", "delete" or "replace"
    old: str
    new: str


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def diff(old: str, new: str) -> list[Segment]:
    """Segments that turn `old` into `new`, both compared with whitespace collapsed."""
    a, b = tokens(collapse(old)), tokens(collapse(new))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments = [Segment(op, "".join(a[i1:i2]), "".join(b[j1:j2]))
                for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    return _fold(segments)


def _trivial(text: str) -> bool:
    """An equal run too small to read as 'unchanged' between two changes."""
    return not re.search(r"\w", text) or (len(text.strip()) <= 2 and " " not in text.strip())


def _fold(segments: list[Segment]) -> list[Segment]:
    result: list[Segment] = []
    for index, seg in enumerate(segments):
        between = 0 < index < len(segments) - 1
        if seg.op == "equal" and between and _trivial(seg.old) and result and result[-1].op != "equal":
            result[-1] = Segment("replace", result[-1].old + seg.old, result[-1].new + seg.new)
            continue
        if seg.op != "equal" and result and result[-1].op != "equal":
            result[-1] = Segment("replace", result[-1].old + seg.old, result[-1].new + seg.new)
            continue
        result.append(seg)
    return [Segment("delete" if not s.new else "insert" if not s.old else s.op, s.old, s.new)
            if s.op == "replace" else s for s in result]


def whitespace_only(old: str, new: str) -> bool:
    return old.strip() != new.strip() and collapse(old) == collapse(new)


def _shorten(text: str, context: int, first: bool, last: bool) -> str:
    """An unchanged run cut to `context` words next to each change, with an ellipsis."""
    words = text.split(" ")
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(words) <= keep_head + keep_tail + 2:
        return text
    head = " ".join(words[:keep_head]) + " " if keep_head else ""
    tail = " " + " ".join(words[-keep_tail:]) if keep_tail else ""
    return f"{head}…{tail}"


def to_html(segments: list[Segment], context: int | None = None) -> str:
    """`<del>`/`<ins>` markup; the text is escaped, so a redline never carries live HTML.

    With `context`, unchanged runs keep only that many words next to each change (for a
    compact mark in the running text; the redline page shows clauses whole).
    """
    out = []
    for index, seg in enumerate(segments):
        if seg.op == "equal":
            text = seg.old
            if context is not None:
                text = _shorten(text, context, index == 0, index == len(segments) - 1)
            out.append(html.escape(text, quote=False))
            continue
        if seg.old:
            out.append(f"<del>{html.escape(seg.old, quote=False)}</del>")
        if seg.new:
            out.append(f"<ins>{html.escape(seg.new, quote=False)}</ins>")
    return "".join(out)


def redline_html(old: str, new: str, context: int | None = None) -> str:
    return to_html(diff(old, new), context)
