"""HTML comments in the policy's text, found by the HTML standard's rules and taken out before
anything reads the text.

A comment is a note to other editors (`<!-- counsel: retention > 1 year is risky -->`). No
reader sees it, so no page, page source, redline, search entry, `policy.json` or
`compare.json` may carry it, and a label inside it starts no clause. The parser removes
comments line by line before it looks for labels (parser.py), so every derivation of the text
reads the same lines: what a comment covers is not text of the policy at all.

The rules are those of the HTML tokenizer, which browsers and the sanitiser's parser follow,
never a pattern that stops at the first `>`: a comment starts at `<!--` and ends at the first
`-->` or `--!>` after it, on the same line or a later one; `<!-->` and `<!--->` are whole
(empty) comments. A `<!--` in a code span, in fenced code (the parser passes those lines by)
or in a tag's quoted attribute value is text. A comment that is never closed is not removed
(HTML would hide everything after it): its `<!--` is written `&lt;!--`, so that the page and
the record show it as text, and lint says where it starts.

A line that only comments covered becomes empty, as Markdown ends a paragraph at a comment
on lines of its own; the lines keep their numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

OPEN = "<!--"
#: What the scan stops at outside a comment: a run of backticks (a code span), a comment, a tag.
_NEXT = re.compile(r"`+|<!--|<(?=/?[A-Za-z])")
#: A whole start or end tag, its attribute values quoted or not (a `<!--` inside one is text).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>")
_CLOSE = re.compile(r"--!?>")


def _close(text: str, start: int) -> int | None:
    """Where a comment whose content starts at `start` ends (just after its `-->`), or None."""
    found = _CLOSE.search(text, start)
    return found.end() if found else None


def _abrupt(text: str, opened: int) -> int | None:
    """The end of `<!-->` or `<!--->` opened at `opened`: whole comments of their own."""
    after = opened + len(OPEN)
    if text.startswith(">", after):
        return after + 1
    if text.startswith("->", after):
        return after + 2
    return None


def _code_span_end(text: str, run: re.Match) -> int:
    """Past the code span that the backticks of `run` open, or past the backticks alone if
    nothing closes it on this line (they are text then)."""
    ticks = run.group(0)
    closing = re.compile(rf"(?<!`){ticks}(?!`)").search(text, run.end())
    return closing.end() if closing else run.end()


class Comments:
    """The comments of one file, taken out of its lines in order (`strip`)."""

    def __init__(self, lines: list[str], start: int = 0):
        #: (line index, column) of the last `-->` or `--!>` of the file: a `<!--` before it is
        #: closed somewhere, one after it never is.
        self.last_close = (-1, -1)
        for index in range(len(lines) - 1, start - 1, -1):
            if "--" in lines[index]:
                found = [m.start() for m in _CLOSE.finditer(lines[index])]
                if found:
                    self.last_close = (index, found[-1])
                    break
        #: The line number where the comment still open began, None outside a comment.
        self.open_since: int | None = None
        #: Line numbers of `<!--` that nothing closes (shown as text).
        self.unclosed: list[int] = []

    def strip(self, text: str, index: int) -> str:
        """Line `index` (0-based) without its comments; "" if comments covered all it had."""
        if self.open_since is None and OPEN not in text:
            return text
        out: list[str] = []
        pos = 0
        if self.open_since is not None:
            end = _close(text, 0)
            if end is None:
                return ""
            self.open_since, pos = None, end
        ends_in_comment = False
        while True:
            opened = self._next_open(text, pos)
            if opened is None:
                out.append(text[pos:])
                ends_in_comment = not text[pos:].strip() and pos > 0
                break
            out.append(text[pos:opened])
            end = _abrupt(text, opened) or _close(text, opened + len(OPEN))
            if end is not None:
                pos = end
                continue
            if (index, opened + len(OPEN)) <= self.last_close:  # closed on a later line
                self.open_since = index + 1
                ends_in_comment = True
                break
            self.unclosed.append(index + 1)
            out.append("&lt;!--")
            pos = opened + len(OPEN)
        result = "".join(out)
        if ends_in_comment:  # no hard line break (two spaces) where the comment stood
            result = result.rstrip()
        return result if result.strip() else ""

    @staticmethod
    def _next_open(text: str, pos: int) -> int | None:
        """Where the next `<!--` outside code spans and tags starts, from `pos`."""
        while True:
            found = _NEXT.search(text, pos)
            if found is None:
                return None
            token = found.group(0)
            if token == OPEN:
                return found.start()
            if token.startswith("`"):
                pos = _code_span_end(text, found)
                continue
            tag = _TAG.match(text, found.start())
            pos = tag.end() if tag else found.start() + 1


#: A line that opens or closes fenced code.
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")


def in_code(lines: list[str]) -> list[bool]:
    """For each line, whether it is fenced code or one of the fence's own lines."""
    result, fence = [], None
    for line in lines:
        match = FENCE_RE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            result.append(True)
        else:
            fence = match.group(1) if match else None
            result.append(bool(match))
    return result


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) of each line of `text` outside fenced code, its comments taken out as the
    parser takes them out: what the checks of links and template syntax read."""
    fence = None
    lines = text.replace("\r\n", "\n").split("\n")
    comments = Comments(lines)
    for number, line in enumerate(lines, 1):
        if comments.open_since is not None or not (fence or FENCE_RE.match(line)):
            line = comments.strip(line, number - 1)  # as the parser reads it
        opened = FENCE_RE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, line
