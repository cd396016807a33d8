"""What no policy needs, refused before any work that grows with it: the bounds, the
characters, and the YAML that the checks accept.

- **Bounds** (`MAX_*`, years): numbers, lengths and dates beyond them are errors
  (`out-of-range`) in the working tree. They are generous: no real policy comes near them.
- **Characters**: control characters (C0 but tab and line ends, DEL, C1), the line and
  paragraph separators U+2028/U+2029 and the private-use characters U+E000 to U+E003 that
  the page's Markdown uses for its own markers are refused in every policy file
  (`forbidden-character`); the text read on is cleaned of them, so nothing after the check
  ever sees one.
- **YAML**: an alias (`*name`) or nesting deeper than `MAX_YAML_DEPTH` is refused before the
  YAML is composed, so that an alias bomb cannot hang and a deep or recursive structure
  cannot exhaust the stack.
- **Output**: `checks.printable` shows control characters as `\\n`, `\\x1b`, `\\u202e`, so that
  no input reaches a terminal raw (every problem is printed through it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import yaml

from policykit.text import checks
from policykit.text.checks import Problems

#: Section numbers (file names, headings) and sub-clause numbers: `(999)`, `999-x.md`.
MAX_NUMBER = 999
#: Letters after a section number (`03a`): as many as a clause label may have.
MAX_SECTION_LETTERS = 3
#: A section's heading title, the preamble's heading, a `title:` of policy.yml.
MAX_TITLE = 300
#: A `summary:` of policy.yml, per language.
MAX_SUMMARY = 5000
#: A `version:` label: it becomes a folder name, /versions/LABEL/.
MAX_VERSION = 64
#: `effective:` dates and commit dates.
MIN_YEAR, MAX_YEAR = 1900, 9999
#: Nesting of YAML collections (policy.yml needs 2, front matter hardly more).
MAX_YAML_DEPTH = 20
#: Lines reported per file for one kind of character problem; the rest are counted.
MAX_REPORTS = 5
#: `[` times the length of the text that Python-Markdown reads inline as one piece (a paragraph;
#: a row of a table): each link or image, and in older versions each unclosed `[`, reads that
#: text to its end once, so 600 links in a 25 000-character paragraph take seconds. A link-heavy
#: table is cheap (each row is read on its own), so it counts per row. A real paragraph of
#: legal text comes nowhere near: the largest seen, a 13 kB table of 388 links read as one
#: paragraph, is 5.2 million. The time of the worst case inside each bound: bench/bounds.py.
MAX_SCAN = 6_000_000
#: The same product summed over one file, every paragraph read whole (a table too, as Markdown
#: without the tables extension would read it): what bounds a file of many paragraphs, each
#: under MAX_SCAN.
MAX_SCAN_FILE = 12_000_000
#: The other characters of inline Markdown (`\\`, `*`, `_`, backticks, `&`) in one paragraph:
#: each match rebuilds the paragraph's text, so 100000 escapes take minutes.
MAX_INLINE = 5000
#: How deep a line may nest: Python-Markdown reads nested lists and block quotes by recursion,
#: and 400 levels end in a RecursionError. A level is 4 columns of indentation or one `>`;
#: 20 levels are more than any text needs.
MAX_INDENT = 80
#: Characters that Python's HTML parser (which Python-Markdown runs over the whole file) reads
#: past each `<` that could open a tag, a comment or a declaration, looking for its end (`>`,
#: `-->`, `]]>`), summed over the file: a `<a ` that never closes reads to the next `>`
#: however far, so 4000 of them in a file without one take seconds, 30000 minutes. Real texts
#: close every tag at once and write `a < b` with a space, which opens nothing.
MAX_HTML_SCAN = 10_000_000
_QUOTES = re.compile(r"^(?:[ \t]*>)+")
#: A table's delimiter row, as Python-Markdown's tables extension reads it (`|---|:--:|`).
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
#: What Python's HTML parser takes for the start of markup, and what ends each kind.
_HTML_OPEN = re.compile(r"<(?:!--|!\[|[A-Za-z/!?])")
_HTML_CLOSE = {"<!--": "-->", "<![": "]]>"}


class ParagraphBounds:
    """The bounds of Markdown's costly parts, per paragraph: `add` gives True for the line that
    goes past one (once per paragraph; then `problem` says which), `over` says whether the
    paragraph is past one. Every line counts, fenced code too: a fence the counter took for
    one might not be one to Markdown. A paragraph ends at a line of spaces and tabs only, as
    for Markdown (a no-break space is text). A table (a paragraph whose second line is a
    delimiter row) counts row by row, as Markdown reads it, and every paragraph, read whole,
    towards the file's total (`MAX_SCAN_FILE`); after that total, no paragraph is read."""

    def __init__(self):
        self.brackets = self.inline = self.length = 0
        self.lines = 0
        self.first = ""  # the paragraph's first line: a table's header row has a `|`
        self.table = False
        self.file_scan = 0  # brackets x length of the paragraphs before this one that are read
        self.file_over = False
        self.over = False
        self.why = ""

    def add(self, line: str) -> bool:
        if not line.strip(" \t"):
            self._end_paragraph()
            return False
        brackets = line.count("[")
        self.lines += 1
        if self.lines == 2 and _DELIMITER_ROW.match(line) and "|" in line + self.first:
            self.table = True
        if self.lines == 1:
            self.first = line
        self.brackets += brackets
        self.inline += sum(line.count(c) for c in "\\*_`&")
        self.length += len(line) + 1
        piece_brackets, piece_length = (brackets, len(line) + 1) if self.table else (self.brackets, self.length)
        why = (
            f"more than {MAX_INLINE} of \\ * _ ` &"
            if self.inline > MAX_INLINE
            else f"{piece_brackets} '[' in {piece_length} characters" + (" of one table row" if self.table else "")
            if piece_brackets * piece_length > MAX_SCAN
            else "file"
            if self.file_scan + self.brackets * self.length > MAX_SCAN_FILE
            else ""
        )
        depth = _depth(line) if not why else 0
        if depth > MAX_INDENT:
            why = f"a line nested {(depth + 3) // 4} levels deep (in lists and quotes), more than {MAX_INDENT // 4}"
        if why and not self.over:
            self.over, self.why = True, why
            self.file_over = why == "file"
            return True
        return False

    def _end_paragraph(self) -> None:
        if not self.over:  # a paragraph past its own bound is never read: it costs nothing
            self.file_scan += self.brackets * self.length
        self.brackets = self.inline = self.length = self.lines = 0
        self.table = False
        self.first = ""
        # Past the file's total, every later paragraph stays over: none of them is read.
        self.over = self.file_over = self.file_over or self.file_scan > MAX_SCAN_FILE

    def problem(self, path: str, line: int, problems: Problems) -> None:
        if self.why.startswith("a line"):
            problems.add(
                checks.OUT_OF_RANGE,
                path,
                line,
                f"the paragraph has {self.why}, more than any text needs",
                "nest lists and quotes at most 20 levels deep",
            )
            return
        if self.why == "file":
            problems.add(
                checks.OUT_OF_RANGE,
                path,
                line,
                f"the file's paragraphs up to here have more '[' times characters than {MAX_SCAN_FILE}, "
                "more than any text needs (reading them would take minutes)",
                "split the file into several sections, or write fewer links per paragraph",
            )
            return
        problems.add(
            checks.OUT_OF_RANGE,
            path,
            line,
            f"the paragraph has {self.why}, more than any text needs (reading it would take minutes)",
            "split it into several paragraphs by blank lines",
        )


def html_scan(text: str) -> Iterator[tuple[int, int]]:
    """(offset of each `<` that could open markup, what Python's HTML parser has read past the
    `<`s so far, looking for their ends). Each kind of end is looked up once per position, so
    this is linear in the text, however many `<` share one end."""
    total = 0
    found = {">": -1, "-->": -1, "]]>": -1}  # the next end of each kind, at or after the last `<`
    for match in _HTML_OPEN.finditer(text):
        close = _HTML_CLOSE.get(match.group(), ">")
        start = match.end()
        end = found[close]
        if end < start:
            end = text.find(close, start)
            end = len(text) if end < 0 else end
            found[close] = end
        total += end - start
        yield match.start(), total


def html_scan_over(text: str) -> int | None:
    """The line (from 1) of the `<` at which the HTML parser's reading goes past
    `MAX_HTML_SCAN`; None when it does not."""
    for offset, total in html_scan(text):
        if total > MAX_HTML_SCAN:
            return text.count("\n", 0, offset) + 1
    return None


def html_scan_problem(path: str, line: int, problems: Problems) -> None:
    problems.add(
        checks.OUT_OF_RANGE,
        path,
        line,
        f"the file's '<' that open no tag (such as '<a ' without '>') make Markdown read more "
        f"than {MAX_HTML_SCAN} characters, more than any text needs (reading it would take minutes)",
        "close each tag with '>', or write '&lt;' for a '<' that is text",
    )


def _depth(line: str) -> int:
    """Columns of nesting: indentation, and 4 for each `>` of a quote, however they mix."""
    quotes = _QUOTES.match(line)
    rest = line[quotes.end() :] if quotes else line
    rest = rest.expandtabs(4)
    return 4 * (quotes.group().count(">") if quotes else 0) + len(rest) - len(rest.lstrip(" "))


#: The names of the control characters (Unicode's aliases: unicodedata has no names for them).
CONTROL_NAMES = dict(
    enumerate(
        [
            "NULL",
            "START OF HEADING",
            "START OF TEXT",
            "END OF TEXT",
            "END OF TRANSMISSION",
            "ENQUIRY",
            "ACKNOWLEDGE",
            "BELL",
            "BACKSPACE",
            "CHARACTER TABULATION",
            "LINE FEED (LF)",
            "LINE TABULATION",
            "FORM FEED (FF)",
            "CARRIAGE RETURN (CR)",
            "SHIFT OUT",
            "SHIFT IN",
            "DATA LINK ESCAPE",
            "DEVICE CONTROL ONE",
            "DEVICE CONTROL TWO",
            "DEVICE CONTROL THREE",
            "DEVICE CONTROL FOUR",
            "NEGATIVE ACKNOWLEDGE",
            "SYNCHRONOUS IDLE",
            "END OF TRANSMISSION BLOCK",
            "CANCEL",
            "END OF MEDIUM",
            "SUBSTITUTE",
            "ESCAPE",
            "INFORMATION SEPARATOR FOUR",
            "INFORMATION SEPARATOR THREE",
            "INFORMATION SEPARATOR TWO",
            "INFORMATION SEPARATOR ONE",
        ]
    )
)
CONTROL_NAMES[0x7F] = "DELETE"
CONTROL_NAMES.update(
    enumerate(
        [
            "PADDING CHARACTER",
            "HIGH OCTET PRESET",
            "BREAK PERMITTED HERE",
            "NO BREAK HERE",
            "INDEX",
            "NEXT LINE (NEL)",
            "START OF SELECTED AREA",
            "END OF SELECTED AREA",
            "CHARACTER TABULATION SET",
            "CHARACTER TABULATION WITH JUSTIFICATION",
            "LINE TABULATION SET",
            "PARTIAL LINE FORWARD",
            "PARTIAL LINE BACKWARD",
            "REVERSE LINE FEED",
            "SINGLE SHIFT TWO",
            "SINGLE SHIFT THREE",
            "DEVICE CONTROL STRING",
            "PRIVATE USE ONE",
            "PRIVATE USE TWO",
            "SET TRANSMIT STATE",
            "CANCEL CHARACTER",
            "MESSAGE WAITING",
            "START OF GUARDED AREA",
            "END OF GUARDED AREA",
            "START OF STRING",
            "SINGLE GRAPHIC CHARACTER INTRODUCER",
            "SINGLE CHARACTER INTRODUCER",
            "CONTROL SEQUENCE INTRODUCER",
            "STRING TERMINATOR",
            "OPERATING SYSTEM COMMAND",
            "PRIVACY MESSAGE",
            "APPLICATION PROGRAM COMMAND",
        ],
        start=0x80,
    )
)

#: Refused in every policy file. Tab and LF stay; CR is a line end (CRLF and CR become LF).
#: Unicode's noncharacters too (U+FDD0-U+FDEF, U+FFFE and U+FFFF of every plane): XML cannot hold
#: U+FFFE and U+FFFF, so one in a title would make the feed unreadable, and none is ever text.
REFUSED_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ue000-\ue003\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def describe(char: str) -> str:
    """`U+0000 NULL`, `U+00A0 NO-BREAK SPACE`, `U+E002 (private use)`."""
    code = ord(char)
    name = CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        name = (
            "(private use)"
            if unicodedata.category(char) == "Co"
            else "(a noncharacter)"
            if (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
            else "(unnamed)"
        )
    return f"U+{code:04X} {name}"


def _why(char: str) -> tuple[str, str]:
    """What the character is, and what to do about it."""
    if "\ue000" <= char <= "\ue003":
        return "which the site uses for its own markers", "delete it"
    if char in "\u2028\u2029\x85":
        return "a line break that Markdown does not read as such", "delete it; for a new line, press Enter"
    if not unicodedata.category(char).startswith("C") or ord(char) >= 0xFDD0:
        return (
            "which is not a character of any text (a feed could not hold it)",
            "delete it; if you cannot see it, retype the line",
        )
    return "a control character, which no policy text needs", "delete it; if you cannot see it, retype the line"


def check_characters(text: str, path: str, problems: Problems) -> str:
    """Report every line of `text` (LF line ends) that holds a refused character, the first
    `MAX_REPORTS` by name and the rest counted; return `text` with each one replaced by
    U+FFFD, so that what is read on is safe whatever the report."""
    if REFUSED_RE.search(text) is None:
        return text
    lines = [(number, match) for number, line in enumerate(text.split("\n"), 1) if (match := REFUSED_RE.search(line))]
    for number, match in lines[:MAX_REPORTS]:
        what, fix = _why(match.group())
        problems.add(checks.FORBIDDEN_CHARACTER, path, number, f"the line holds {describe(match.group())}, {what}", fix)
    if len(lines) > MAX_REPORTS:
        rest = len(lines) - MAX_REPORTS
        problems.add(
            checks.FORBIDDEN_CHARACTER,
            path,
            lines[MAX_REPORTS][0],
            f"and {rest} more line{'s' if rest > 1 else ''} with such characters",
            "delete them; if you cannot see them, retype the lines",
        )
    return REFUSED_RE.sub("\ufffd", text)


def clean_value(text: str, path: str, line: int, problems: Problems) -> str:
    """A value read from YAML, where an escape (`"\\x85"`, `"\\e"`) can write what the text of
    the file does not hold: the first refused character is reported, and all are replaced by
    U+FFFD."""
    match = REFUSED_RE.search(text)
    if match is None:
        return text
    what, fix = _why(match.group())
    problems.add(
        checks.FORBIDDEN_CHARACTER,
        path,
        line,
        f"the value holds {describe(match.group())}, {what}",
        fix.split(";")[0] + "; in YAML it may be written as an escape, such as \\x85 or \\e",
    )
    return REFUSED_RE.sub("\ufffd", text)


#: The loaders yaml_guard reads with: the C one where PyYAML has it (text/meta.py's LOADER).
YamlLoader = type[yaml.SafeLoader] | type[yaml.CSafeLoader]


def yaml_guard(text: str, loader: YamlLoader) -> tuple[int, str, str] | None:
    """(line, message, fix) for the first alias or too deep nesting in the YAML `text`, read as
    events before anything is composed; None when there is none or the YAML does not parse
    (composing it then reports the syntax error). libyaml's scanner may give up on deep
    nesting before the first event comes, so then the pure-Python parser, which does not
    recurse, has the last word."""
    found = _guard_events(text, loader)
    if found is None and loader is not yaml.SafeLoader:
        found = _guard_events(text, yaml.SafeLoader)
    return found if isinstance(found, tuple) else None


def _guard_events(text: str, loader: YamlLoader) -> tuple[int, str, str] | str | None:
    """What yaml_guard found, "ok" for nothing, None when the YAML does not parse."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                return (
                    _line(event),
                    f"uses the YAML alias *{event.anchor}",
                    "write the value out where it is needed; aliases are not read",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return (
                        _line(event),
                        f"nests lists or mappings deeper than {MAX_YAML_DEPTH} levels",
                        "write the values flat, as in the editors' guide",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return "ok"


def _line(event: yaml.Event) -> int:
    """The 1-based line an event starts on; the parser always marks it, 0 only to be total."""
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR
