"""What an import makes and what stops it: the problems (`ImportProblem`, with file, line and
fix), the guesses (`FILE:LINE: what was done`), the files of one source (`Imported`), and the
reading of the source's bytes as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykit.text.checks import FixableError


class ImportProblem(FixableError):
    """A source that cannot be imported: where (`path`, `line`, 1-based, or None), what, and
    how to fix it. The CLI shows it as its error; nothing has been written."""


class ImportProblems(ImportProblem):
    """Several problems of one source, each with its line, so that one run names them all."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        first = problems[0]
        FixableError.__init__(
            self,
            first.message,
            first.fix,
            path=first.path,
            line=first.line,
            lines=[problem.said for problem in problems],
        )


@dataclass
class Guess:
    """A decision the source did not state, for the editor to check."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ImportedSection:
    """One file to write: `number` is '0' (the preamble), '1', '3a'; `text` the whole file."""

    number: str
    filename: str
    text: str
    ids: list[str] = field(default_factory=list)  # the unit ids in the file, in order
    lines: dict[str, int] = field(default_factory=dict)  # id -> line in the source
    source: str = ""  # the file the ids were read from, for a reference's messages


@dataclass
class Imported:
    """What `split` made of one source file, for `write` (or a history importer)."""

    language: str
    title: str | None
    sections: list[ImportedSection]
    numbering: dict
    gaps: list[str]
    aliases: dict[str, str]
    untranslated: dict[str, list[str]]  # filename -> ids the translation lacks
    guesses: list[Guess]
    path: str = ""
    heading_level: int | None = None  # the level of the source's section headings (a history's next commit keeps it)
    #: the levels ("section", "clause", "subclause") whose scheme the text's own labels decided
    #: (the others took the given or default scheme): a history follows a text that changed its scheme
    labelled: frozenset = frozenset()


# --- reading the source -------------------------------------------------------------------


def decode_source_file(data: bytes, path: str) -> str:
    """The source as text; a file that is not UTF-8 names the line and how to convert it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(
            "the file is UTF-16, not UTF-8",
            f"convert it: iconv -f utf-16 -t utf-8 {path} > converted.md",
            path=path,
            line=1,
        )
    binary = _binary_at(data)
    if binary is not None:
        raise ImportProblem(
            f"the file is not text (byte 0x{data[binary]:02x}, a control character, and "
            f"{_controls(data)} more like it)",
            "import the policy's Markdown file; convert a word processor's file first, "
            f"e.g. pandoc {path} -t gfm -o policy.md",
            path=path,
            line=data.count(b"\n", 0, binary) + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        cp1252 = any(0x80 <= b <= 0x9F for b in data)
        encoding, iconv = ("Windows-1252", "cp1252") if cp1252 else ("Latin-1", "latin1")
        raise ImportProblem(
            f"byte 0x{byte:02x} is not UTF-8; the file looks like {encoding}",
            f"convert it with iconv -f {iconv} -t utf-8 {path} > converted.md",
            path=path,
            line=line,
        ) from None
    return text


#: Bytes that no text file has: the C0 controls but tab, newline, form feed and carriage return.
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _controls(data: bytes) -> int:
    return sum(data.count(bytes([b])) for b in CONTROL_BYTES) - 1


def _binary_at(data: bytes) -> int | None:
    """Where a file shows it is no text: a NUL byte, or control characters in more than one
    byte in a thousand (a stray one in a text file is the parser's to report)."""
    if b"\x00" in data:
        return data.index(b"\x00")
    if (_controls(data) + 1) * 1000 > max(len(data), 1):
        return next(i for i, b in enumerate(data) if b in CONTROL_BYTES)
    return None


def looks_like_html(lines: list[str]) -> int | None:
    """The line where an HTML document shows itself (a doctype, `<html>`, `<body>`), or None."""
    for number, line in enumerate(lines[:40], 1):
        if re.match(r"^\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", line, re.IGNORECASE):
            return number
    return None


@dataclass
class Unit:
    kind: str  # "preamble", "section", "clause", "subclause"
    family: str  # the source's label shape ("a.", "(1)", "-", ...), "" for sections
    value: int  # the label's ordinal (a = 1, iv = 4)
    line: int
    rest: str = ""  # the first line's text after the label
    written: str = ""  # the label as the source wrote it
    parent: Unit | None = None
    children: list[Unit] = field(default_factory=list)
    label: str = ""  # the label as written to the file, in the scheme
    id: str = ""
    heading: bool = False  # started by a labelled sub-heading (`### a. Fees`), its title in bold
    indent: int = 0  # a Markdown list item's: the column its text starts at, which its nested lines have
    written_new: str = ""  # the whole label as the authoring syntax writes it, set by the labelling


@dataclass
class Section:
    unit: Unit
    title: str
    body: list  # ("text", line, str) | ("unit", Unit) | ("heading", line, level, str)
    number: int = 0  # the ordinal: the file name's number
