"""Import: one Markdown policy file, as an organisation has it, split into section files.

`split` reads the shapes policies come in (numbered or unnumbered headings of any level,
clauses `a.`, `(a)`, `a)`, `A.`, `1.`, `1.1`, bullet lists, sub-clauses `(1)`, `1)`, `(i)`,
`(a)`, `1.1.1`) and returns the files of the authoring syntax (docs/en/editors.md), the
numbering scheme the source uses, the gaps in its labels and the fragments its old page had.
Every decision it takes that the source does not state is a `Guess`, reported as
`FILE:LINE: what was done`, so that an editor can check each one against the source.

Nothing here knows click or MkDocs: the `policy import` command and the history importer call
`split` (once per file, or once per commit) and `write`. Words are never dropped or reordered;
only labels and heading markers move into the syntax; attribute lines and anchor tags, whose
ids become `aliases:`, and an old site's front matter go; reference links are written inline
(each unit is rendered alone); a line of text that the one parser would read as a label gets a
backslash before its punctuation, which Markdown does not show (so does a label on a line that
continues a paragraph: a wrapped `(2) items.` is no sub-clause); the lines nested in a list item
that became a clause are de-indented, to stay its list and paragraphs.

What looks like a misread scheme stops the import instead of being guessed at: a run of more than
`MAX_GAP_RUN` missing labels (Roman clauses `i.`, `ii.` are read as numbers first); every such
problem of a source is named, with its line, before it stops. `write` is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..meta import FRAGMENT_RE, RESERVED_FRAGMENT_RE
from ..model import ID_RE
from .. import limits
from . import sitemeta
from ..checks import Problems
from ..numbering import CLAUSE_SCHEMES as KNOWN_CLAUSES, SECTION_SCHEMES as KNOWN_SECTIONS, \
    SUBCLAUSE_SCHEMES as KNOWN_SUBCLAUSES, DEFAULT, Numbering, from_roman, to_roman
from ..parser import UPPERCASE_RE, normalise_number, parse_section, syntax

#: A run of more missing labels than this is a misread scheme (`i.` read as a letter), not gaps.
MAX_GAP_RUN = 3
#: The scheme of each level when policy.yml declares none: this project's own.
DEFAULT_NUMBERING = DEFAULT
SECTION_SCHEMES, CLAUSE_SCHEMES, SUBCLAUSE_SCHEMES = tuple(KNOWN_SECTIONS), tuple(KNOWN_CLAUSES), tuple(KNOWN_SUBCLAUSES)
#: What a family of source labels that is no scheme of its level becomes.
CLAUSE_FALLBACK = {"A.": "a.", "(1)": "1.", "1)": "1.", "(i)": "a.", "i.": "1.", "i)": "1.", "I.": "1.", "-": None}
#: Clauses written as Roman numerals (`i.`, `ii)`, `III.`): no clause scheme counts so.
ROMAN_CLAUSES = {"a.": "i.", "a)": "i)", "A.": "I."}
SUBCLAUSE_FALLBACK = {"1)": "(1)", "a)": "(a)", "a.": "(a)", "1.": "(1)", "1.1": "(1)"}
#: Front matter that marks a sample file (as `policy init` writes): a folder of only such
#: files is replaced without --force.
SAMPLE_KEY = "sample"
#: A language folder's name: a code such as en, pt-BR, zh_Hant (never a path).
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}$")

HEADING_RE = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<content>.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
#: A heading's number: `1.`, `1`, `§ 1`, `Section 1`, `A.`, `IV.` (letters need their dot).
NUMBER_RE = re.compile(
    r"^(?:(?P<word>§|Section|Article|Art\.|Chapter|Part|Clause)[ \t]*(?P<any>[0-9]+|[A-Z]|[IVXLC]{1,7})"
    r"|(?P<num>[0-9]+)|(?P<upper>[A-Z]|[IVXLC]{1,7})(?=\.))"
    r"(?P<after>\.|:|\)|[ \t]+[-–—:])?(?:[ \t]+(?P<title>.*))?$")
ATTR_LINE_RE = re.compile(r"^[ \t]*\{:?[ \t]*(?P<attrs>[^}]*)\}[ \t]*$")
ATTR_TAIL_RE = re.compile(r"[ \t]*\{:?[ \t]*(?P<attrs>#[^}]*)\}[ \t]*$")
#: An anchor tag: `<a name="x">`, `<a id="x" class="anchor" href="#x">`, `<span id="x">`, `<a name="x"/>`.
ANCHOR_TAG_RE = re.compile(r"<(?P<tag>a|span)\b(?P<attrs>[^<>]*?[ \t](?:name|id)[ \t]*=[ \t]*[\"'](?P<id>[^\"'<>]+)[\"']"
                           r"[^<>]*?)(?P<closed>/)?>", re.IGNORECASE)
HREF_RE = re.compile(r"\bhref[ \t]*=[ \t]*[\"'](?P<href>[^\"'<>]*)[\"']", re.IGNORECASE)
ID_ATTR_RE = re.compile(r"[ \t]+(?:name|id)[ \t]*=[ \t]*[\"'][^\"'<>]*[\"']", re.IGNORECASE)
THEMATIC_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
SETEXT_RE = re.compile(r"^ {0,3}(?P<bar>=+|-+)[ \t]*$")
LINK_DEFINITION_RE = re.compile(r'^ {0,3}\[(?P<ref>[^\]]{1,100})\]:[ \t]*<?(?P<url>[^\s>]+)>?'
                                r'(?:[ \t]+["\'(](?P<title>[^"\')]*)["\')])?[ \t]*$')
#: `[text][ref]`, `[text][]`, and `[ref]` alone (not a link `[x](…)`, a definition or an image's).
REFERENCE_LINK_RE = re.compile(r"(?<![\]!\\])\[(?P<text>[^\[\]]+)\](?:\[(?P<ref>[^\[\]]*)\]|(?![(:\[]))")
ID_IN_ATTRS_RE = re.compile(r"#(?P<id>[A-Za-z][\w:.-]*)")

#: Label shapes at the start of a line: (family, pattern). `(i)` is tried as roman too.
LABELS = [
    ("1.1.1", re.compile(r"^(?P<a>[0-9]{1,3})\.(?P<b>[0-9]{1,3})\.(?P<c>[0-9]{1,3})\.?(?:[ \t]+|$)")),
    ("1.1", re.compile(r"^(?P<a>[0-9]{1,3})\.(?P<b>[0-9]{1,3})\.?(?:[ \t]+|$)")),
    ("1.", re.compile(r"^(?P<b>[0-9]{1,3})\.(?:[ \t]+|$)")),
    ("(1)", re.compile(r"^\((?P<b>[0-9]{1,3})\)(?:[ \t]+|$)")),
    ("1)", re.compile(r"^(?P<b>[0-9]{1,3})\)(?:[ \t]+|$)")),
    ("(a)", re.compile(r"^\((?P<b>[a-z]{1,4})\)(?:[ \t]+|$)")),
    ("a)", re.compile(r"^(?P<b>[a-z]{1,2}|[ivxlc]{3,7})\)(?:[ \t]+|$)")),
    ("a.", re.compile(r"^(?P<b>[a-z]{1,2}|[ivxlc]{3,7})\.(?:[ \t]+|$)")),
    ("A.", re.compile(r"^(?P<b>[A-Z]|[IVXLC]{2,7})\.[ \t]+")),
    ("-", re.compile(r"^[-*+][ \t]+")),
]
#: Label shapes that count the same way: a clause miswritten in another shape of its kind.
_KINDS = {"letters": ("a.", "(a)", "a)", "A."), "numbers": ("1.", "(1)", "1)")}
#: Label shapes that are Markdown list items, whose nested lines are indented to their text.
LIST_ITEMS = ("-", "1.", "1)")
LIST_LINE_RE = re.compile(r"^(?:[-*+]|[0-9]{1,9}[.)])[ \t]")
SUB_FAMILIES = ("(1)", "1)", "(i)", "(a)", "a)", "1.1.1")
ROMAN_RE = re.compile(r"^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


class ImportProblem(Exception):
    """A source that cannot be imported: where (`path`, `line`, 1-based, or None), what, and
    how to fix it. The CLI shows it as its error; nothing has been written."""

    def __init__(self, path: str, line: int | None, message: str, fix: str = ""):
        self.path, self.line, self.message, self.fix = path, line, message, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" + (f" ({self.fix})" if self.fix else "")


class ImportProblems(ImportProblem):
    """Several problems of one source, each with its line, so that one run names them all."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        first = problems[0]
        super().__init__(first.path, first.line, first.message, first.fix)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


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


# --- reading the source -------------------------------------------------------------------

def decode(data: bytes, path: str) -> str:
    """The source as text; a file that is not UTF-8 names the line and how to convert it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(path, 1, "the file is UTF-16, not UTF-8",
                            f"convert it: iconv -f utf-16 -t utf-8 {path} > converted.md")
    binary = _binary_at(data)
    if binary is not None:
        raise ImportProblem(path, data.count(b"\n", 0, binary) + 1,
                            f"the file is not text (byte 0x{data[binary]:02x}, a control character, and "
                            f"{_controls(data)} more like it)",
                            "import the policy's Markdown file; convert a word processor's file first, "
                            f"e.g. pandoc {path} -t gfm -o policy.md")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        cp1252 = any(0x80 <= b <= 0x9f for b in data)
        encoding, iconv = ("Windows-1252", "cp1252") if cp1252 else ("Latin-1", "latin1")
        raise ImportProblem(path, line, f"byte 0x{byte:02x} is not UTF-8; the file looks like {encoding}",
                            f"convert it with iconv -f {iconv} -t utf-8 {path} > converted.md") from None
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


def _looks_like_html(lines: list[str]) -> int | None:
    """The line where an HTML document shows itself (a doctype, `<html>`, `<body>`), or None."""
    for number, line in enumerate(lines[:40], 1):
        if re.match(r"^\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", line, re.IGNORECASE):
            return number
    return None


@dataclass
class _Unit:
    kind: str  # "preamble", "section", "clause", "subclause"
    family: str  # the source's label shape ("a.", "(1)", "-", ...), "" for sections
    value: int  # the label's ordinal (a = 1, iv = 4)
    line: int
    rest: str = ""  # the first line's text after the label
    written: str = ""  # the label as the source wrote it
    parent: "_Unit | None" = None
    children: list["_Unit"] = field(default_factory=list)
    label: str = ""  # the label as written to the file, in the scheme
    id: str = ""
    indent: int = 0  # a Markdown list item's: the column its text starts at, which its nested lines have


@dataclass
class _Section:
    unit: _Unit
    title: str
    body: list  # ("text", line, str) | ("unit", _Unit) | ("heading", line, level, str)
    number: int = 0  # the ordinal: the file name's number


# --- labels -------------------------------------------------------------------------------

def _letters(value: str) -> int:
    """`a` = 1, `z` = 26, `aa` = 27 (bijective base 26)."""
    result = 0
    for char in value.lower():
        result = result * 26 + ord(char) - 96
    return result


def _to_letters(value: int) -> str:
    out = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        out = chr(97 + rest) + out
    return out


def _roman(value: str) -> int | None:
    """A Roman numeral's value, in its one canonical form (numbering.from_roman), or None."""
    value = value.lower()
    return from_roman(value) if ROMAN_RE.match(value) else None


def _own(scheme: str, value: int) -> str:
    """A level's own part of a label in `scheme`: 3 -> `c`, `3`, `iii`."""
    if scheme in ("a.", "(a)", "a)"):
        return _to_letters(value)
    if scheme == "A.":
        return _to_letters(value).upper()
    if scheme == "I.":
        return to_roman(value).upper()
    if scheme == "(i)":
        return to_roman(value)
    return str(value)


def _written(scheme: str, own: str, parents: list[str]) -> str:
    """The label as it stands in the file: `c.`, `(c)`, `c)`, `3.`, `4.3`, `(iii)`, `4.3.1`."""
    if scheme.startswith("("):
        return f"({own})"
    if scheme.endswith(")"):
        return f"{own})"
    if scheme in ("1.1", "1.1.1"):
        return ".".join(parents + [own])
    return f"{own}."


def _value(family: str, match: re.Match) -> int:
    own = match.group("b") if "b" in match.groupdict() else ""
    if family == "(i)":
        return _roman(own) or 0
    if family in ("(a)", "a)", "a.", "A."):
        return _letters(own)
    if family == "1.1.1":
        return int(match.group("c"))
    return int(own) if own else 0


BOLD_LABEL_RE = re.compile(r"^(?P<mark>\*\*|__)(?P<label>\(?[0-9A-Za-z]{1,4}(?:\.[0-9]{1,3}){0,2}[.)]?)"
                           r"(?:(?P=mark)[ \t]+(?P<after>.*)|[ \t]+(?P<inside>.*))$")


def _unbold(line: str) -> str:
    """A label written bold, moved out of the emphasis: `**a.** Text` -> `a. Text`,
    `**a. Title.** Text` -> `a. **Title.** Text` (the same words, the label first)."""
    match = BOLD_LABEL_RE.match(line)
    if not match or not any(p.match(match.group("label") + " x") for _, p in LABELS[:-1]):
        return line
    if match.group("after") is not None:
        return f"{match.group('label')} {match.group('after')}"
    return f"{match.group('label')} {match.group('mark')}{match.group('inside')}"


def _candidates(line: str) -> list[tuple[str, re.Match]]:
    """The label shapes `line` starts with (`(i)` is both a letter and a roman numeral)."""
    found = []
    if THEMATIC_RE.match(line):  # `* * *`, `- - -`: a rule, not a list
        return found
    for family, pattern in LABELS:
        match = pattern.match(line)
        if match and family in ROMAN_CLAUSES and len(match.group("b")) > (1 if family == "A." else 2) \
                and not _roman(match.group("b")):
            break  # `civil.`: a word, not a numeral
        if match:
            found.append((family, match))
            if family == "(a)" and _roman(match.group("b")):
                found.append(("(i)", match))
            break
    return found


# --- slugs of the old page ----------------------------------------------------------------

def _heading_text(content: str) -> str:
    """A heading's text as a renderer slugs it: emphasis, code marks and link targets removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", content)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_`~]", "", text).strip()


def github_slug(content: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces made hyphens."""
    text = _heading_text(content).lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def toc_slug(content: str) -> str:
    """The id Python-Markdown's toc extension (MkDocs) gives a heading."""
    text = unicodedata.normalize("NFKD", _heading_text(content)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def slugify(text: str) -> str:
    """A file name's title part: `Data we collect` -> `data-we-collect` (ASCII, short)."""
    slug = toc_slug(text)[:40].strip("-")
    return slug or "section"


# --- the split ----------------------------------------------------------------------------

class _Splitter:
    """One pass over the source's lines into a preamble and sections, then the labels."""

    def __init__(self, text: str, path: str, language: str, heading_level: int | None,
                 numbering: dict | None, reference: Imported | None):
        self.path, self.language = path, language
        self.lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.heading_level, self.numbering, self.reference = heading_level, numbering, reference
        self.guesses: list[Guess] = []
        self.gaps: list[str] = []
        self.aliases: dict[str, str] = {}
        self.alias_targets: list[tuple[str, _Unit, int, str | None]] = []  # fragment, unit, line, what held it
        self.line_anchors: dict[int, list[tuple[str, str]]] = {}  # line index -> (id, tag) of its anchors
        self.anchor_only: set[int] = set()  # indexes of lines that held nothing but anchors
        self.slug_counts: dict[str, int] = {}
        self.gap_guesses: dict[str, Guess] = {}  # a gap's id -> its guess
        self.demoted: set[int] = set()  # indexes of section-level headings kept as sub-headings
        self.deferred: list[tuple[int, str, _Unit]] = []  # guesses that name a unit's id, "{}"
        self.errors: list[ImportProblem] = []  # problems of the labels, all named before stopping
        self.front_end = 0  # the last line of an old site's front matter, if there is one
        self.wrapped: set[int] = set()  # lines with a label that continue the paragraph before them

    def error(self, line: int, message: str, fix: str) -> None:
        self.errors.append(ImportProblem(self.path, line, message, fix))

    def stop_on_errors(self) -> None:
        """Raise every problem found so far, in the order of the source's lines."""
        if self.errors:
            problems = sorted(self.errors, key=lambda p: p.line or 0)
            raise problems[0] if len(problems) == 1 else ImportProblems(problems)

    def guess(self, line: int, message: str) -> None:
        self.guesses.append(Guess(self.path, line, message))

    # what the split prepares

    def front_matter(self) -> str | None:
        """Drop a Jekyll-style front matter (`---` ... `---`), which is the old site's, not the
        policy's; its `title`, if any, for policy.yml."""
        if not self.lines or self.lines[0].rstrip() != "---":
            return None
        end = next((i for i in range(1, len(self.lines)) if self.lines[i].rstrip() in ("---", "...")), None)
        if end is None:  # the rest of the file would be front matter, as the parser reads it
            raise ImportProblem(self.path, 1, "the file starts with '---', a front matter, which no line '---' closes",
                                "end the front matter with a line '---', or delete the first line")
        try:
            data = yaml.safe_load("\n".join(self.lines[1:end]))
        except yaml.YAMLError:
            data = None
        title = data.get("title") if isinstance(data, dict) and isinstance(data.get("title"), str) else None
        for index in range(end + 1):
            self.lines[index] = ""  # the line numbers of the rest stay the source's
        self.front_end = end + 1
        return title

    def inline_references(self) -> None:
        """Write reference-style links (`[text][1]` with `[1]: https://...` elsewhere) inline:
        each unit is rendered alone, so a definition in another unit would not reach it."""
        definitions, fence = {}, None
        for index, line in enumerate(self.lines):
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            match = LINK_DEFINITION_RE.match(line)
            if match:
                definitions[match.group("ref").lower()] = (match.group("url"), match.group("title"), index)
        if not definitions:
            return
        def inline(match: re.Match) -> str:
            ref = (match.group("ref") or match.group("text")).lower()
            if ref not in definitions:
                return match.group(0)
            url, title, _ = definitions[ref]
            titled = f' "{title}"' if title else ""
            return f"[{match.group('text')}]({url}{titled})"
        fence = None
        for index, line in enumerate(self.lines):
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            if LINK_DEFINITION_RE.match(line):
                ref = LINK_DEFINITION_RE.match(line).group("ref")
                if ref.lower() in definitions and definitions[ref.lower()][2] == index:
                    self.lines[index] = ""
                    self.guess(index + 1, f"the link definition [{ref}] is written into the links that use it")
                continue
            self.lines[index] = REFERENCE_LINK_RE.sub(inline, line)

    def inline_anchors(self) -> None:
        """Take anchor tags (`<a name>`, `<a id … href="#id">`, `<span id>`) out of every line,
        headings too, keeping the text inside them: their ids become aliases of the unit they
        stand in (the page's addresses are made from the labels alone)."""
        fence = None
        for index, line in enumerate(self.lines):
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            found, out, at = [], [], 0
            while (match := ANCHOR_TAG_RE.search(line, at)) is not None:
                out.append(line[at:match.start()])
                at = match.end()
                found.append((match.group("id"), match.group(0)))
                href = HREF_RE.search(match.group("attrs"))
                if href and href.group("href") != "#" + match.group("id"):  # a link: it stays, without its id
                    out.append(ID_ATTR_RE.sub("", match.group(0)))
                    continue
                if not match.group("closed"):
                    close = re.compile(rf"</{match.group('tag')}[ \t]*>", re.IGNORECASE).search(line, at)
                    if close:  # the text inside stays where it was
                        line = line[:close.start()] + line[close.end():]
            if not found:
                continue
            new = "".join(out) + line[at:]
            self.line_anchors[index] = found
            if not new.strip():
                self.anchor_only.add(index)
            self.lines[index] = re.sub(r"[ \t]+$", "", new) if HEADING_RE.match(new) else new

    def setext_headings(self) -> None:
        """Underlined headings (`Title` over `=====` or `-----`) written as `#` / `##` ones,
        so that the rest reads one kind of heading."""
        fence = None
        for index, line in enumerate(self.lines):
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            underline = SETEXT_RE.match(line)
            if not underline or index == 0:
                continue
            text = self.lines[index - 1]
            if (not text.strip() or text.startswith((" " * 4, "\t")) or HEADING_RE.match(text)
                    or re.match(r"^ {0,3}(?:[-*+>|]|[0-9]+[.)]|```|~~~)", text)
                    or (index > 1 and self.lines[index - 2].strip())):
                continue
            level = 1 if underline.group("bar")[0] == "=" else 2
            self.lines[index - 1], self.lines[index] = f"{'#' * level} {text.strip()}", ""
            self.guess(index, f"the underlined heading '{text.strip()}' is read as a level-{level} heading")

    @staticmethod
    def fence_after(line: str, fence: str | None) -> str | None:
        """The open fence after `line` (None: outside fenced code)."""
        if fence:
            closed = re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line)
            return None if closed else fence
        opened = FENCE_RE.match(line)
        return opened.group("fence") if opened else None

    # headings

    def headings(self) -> list[tuple[int, int, str]]:
        """(line index, level, content) of every ATX heading outside fenced code."""
        found, fence = [], None
        for index, line in enumerate(self.lines):
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            match = HEADING_RE.match(line)
            if match:
                found.append((index, len(match.group("hashes")), (match.group("content") or "").strip()))
        return found

    def section_level(self, headings: list[tuple[int, int, str]]) -> int:
        if self.heading_level is not None:
            if not any(level == self.heading_level for _, level, _ in headings):
                raise self.no_sections(f"no level-{self.heading_level} heading ('{'#' * self.heading_level} ')")
            return self.heading_level
        counts: dict[int, int] = {}
        for _, level, _ in headings:
            counts[level] = counts.get(level, 0) + 1
        levels = sorted(level for level, count in counts.items() if count > 1 and level <= 4)
        if not levels:
            raise self.no_sections("no heading level from '# ' to '#### ' occurs more than once")
        level = levels[0]
        first = next(index for index, lvl, _ in headings if lvl == level)
        self.guess(first + 1, f"sections are the level-{level} headings ('{'#' * level} '), "
                              "the shallowest level that occurs more than once")
        return level

    def section_starts(self, headings: list[tuple[int, int, str]], level: int) -> list[tuple[int, str]]:
        """The headings that start sections: all of the level, or, where some have a number,
        only those (an unnumbered "Introduction" among numbered sections is a sub-heading)."""
        starts = [(index, content) for index, lvl, content in headings if lvl == level]
        numbered = [(index, content) for index, content in starts
                    if NUMBER_RE.match(self.strip_attrs(content, index + 1)[0])]
        if not numbered or len(numbered) == len(starts):
            return starts
        self.demoted = {index for index, _ in starts} - {index for index, _ in numbered}
        return numbered

    def no_sections(self, why: str) -> ImportProblem:
        shown = [line for line in self.lines if line.strip()][:5]
        looked = "; ".join(repr(line[:60]) for line in shown) or "nothing but blank lines"
        return ImportProblem(self.path, None, f"no recognisable sections: {why}; the first lines are {looked}",
                             "make each section a Markdown heading ('## 1. Title'), or name the level of "
                             "the section headings with --heading-level N")

    # the whole document

    def split(self) -> Imported:
        html = _looks_like_html(self.lines)
        if html:
            raise ImportProblem(self.path, html, "the file is HTML, not Markdown",
                                f"convert it to Markdown first, e.g. pandoc -f html -t gfm {self.path} -o policy.md")
        front_title = self.front_matter()
        self.inline_references()
        self.setext_headings()
        self.inline_anchors()
        headings = self.headings()
        level = self.section_level(headings)
        starts = self.section_starts(headings, level)
        title, title_index = None, None
        for index, lvl, content in headings:
            if index >= starts[0][0]:
                break
            if lvl < level:
                title, title_index = self.strip_attrs(content, index + 1)[0], index
                self.guess(index + 1, f"the level-{lvl} heading before the first section is the "
                                      "document's title and the preamble's heading")
                break
        if self.front_end:
            said = ""
            if front_title and title is not None:
                said = f"; its title '{front_title}' is not used: the heading '{title}' (line {title_index + 1}) is the title"
            elif front_title:
                said = f"; its title '{front_title}' is the title for policy.yml, unless it has one for {self.language}"
            self.guesses.insert(0, Guess(self.path, 1, f"the front matter (lines 1 to {self.front_end}) is the "
                                                      f"old site's: dropped{said}"))
        if title is None and front_title:
            title = front_title
        preamble = _Unit("preamble", "", 0, 1)
        preamble.id, preamble.label = "s0", "0"
        self.title = title
        if title_index is not None:
            self.slug_aliases(self.lines[title_index], preamble, title_index + 1)
            self.land_anchors(title_index, preamble)
        pre_body = self.body(preamble, range(0, starts[0][0]), level, skip=title_index)
        sections = []
        for n, (index, content) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(self.lines)
            sections.append(self.section(index, content, range(index + 1, end), level))
        self.number_sections(sections)
        self.schemes(sections)
        self.stop_on_errors()
        self.resolve_aliases()
        files = []
        heading_title = title if title_index is not None else None
        has_preamble = heading_title is not None or any(item[0] != "text" or item[2].strip() for item in pre_body)
        if has_preamble:
            files.append(self.preamble_file(preamble, heading_title, pre_body))
        untranslated: dict[str, list[str]] = {}
        files += [self.section_file(section) for section in sections]
        imported = Imported(self.language, title, files, dict(self.numbering_used), self.gaps,
                            self.aliases, untranslated, self.guesses, self.path)
        if self.reference is not None:
            _match(imported, self.reference, self)
        self.guesses.sort(key=lambda g: g.line)
        return imported

    # sections and their bodies

    def section(self, index: int, content: str, lines: range, level: int) -> _Section:
        content, _ = self.strip_attrs(content, index + 1)
        unit = _Unit("section", "", 0, index + 1)
        match = NUMBER_RE.match(content)
        title = content
        if match:
            label = match.group("any") or match.group("num") or match.group("upper")
            if label.isdigit() and int(label) > limits.MAX_NUMBER:  # read as a number, then refused by name
                raise ImportProblem(self.path, index + 1, f"the section heading '{content.strip()[:60]}' has "
                                    f"the number {label[:12]}, above {limits.MAX_NUMBER}, more than any policy has",
                                    "correct the number in the source; sections are numbered from 1 up")
            unit.written = label
            title = (match.group("title") or "").strip()
        section = _Section(unit, title, [])
        self.slug_aliases(self.lines[index], unit, index + 1)
        self.land_anchors(index, unit)
        section.body = self.body(unit, lines, level)
        return section

    def strip_attrs(self, content: str, line: int) -> tuple[str, list[str]]:
        """A heading's text without a trailing `{: #id}` / `{#id}`, and those ids."""
        match = ATTR_TAIL_RE.search(content)
        if not match:
            return content, []
        return content[:match.start()], ID_IN_ATTRS_RE.findall(match.group("attrs"))

    def body(self, owner: _Unit, lines: range, level: int, skip: int | None = None) -> list:
        """The lines of a section (or the preamble) as text, sub-headings and labelled units."""
        state = _BodyState(owner)
        numbered = owner.kind == "section" and self.has_labels(lines)
        pending: list[tuple[str, int]] = []  # anchors on lines of their own, for the unit that follows
        fence = None
        items: list = []
        blank = owner.kind == "preamble"  # a section's body follows its heading
        after = ""  # what the line before is, if it is not blank: "text" or "label"
        for index in lines:
            if index == skip:
                blank = False
                continue
            line, lineno = self.lines[index], index + 1
            if fence:
                fence = self.fence_after(line, fence)
                items.append(("text", lineno, line))
                continue
            attr = ATTR_LINE_RE.match(line)
            if attr:  # after a block it is that block's; after a blank line, the next one's
                if blank:
                    pending.append((attr.group("attrs"), lineno, line.strip()))
                else:
                    self.attribute_line(attr.group("attrs"), state.current, lineno, line.strip())
                continue
            if index in self.line_anchors and not HEADING_RE.match(line):
                pending += [(tag, lineno, None) for tag in self.line_anchors[index]]
                if index in self.anchor_only:
                    continue
            if not line.strip():
                blank, after = True, ""
                items.append(("text", lineno, line))
                continue
            opened = FENCE_RE.match(line)
            heading = None if opened else HEADING_RE.match(line)
            if opened:
                fence = opened.group("fence")
            if heading:
                items.append(self.sub_heading(heading, lineno, level, state.current))
                self.land_anchors(index, state.current)
                after = ""
            elif owner.kind == "section" and not opened:
                unit = state.label(line, lineno, numbered, self, mid=after)
                after = "text" if unit is None else "label"
                if unit is not None:
                    items.append(("unit", unit))
                else:
                    if blank and state.current.kind in ("clause", "subclause"):
                        self.deferred.append((lineno, f"text without a label is joined to {_kind(state.current)} "
                                                      "{} before it", state.current))
                    items += self.nested(line, lineno, state.current, items)
            else:
                items.append(("text", lineno, line))
                after = "" if opened else "text"
            self.land(pending, state.current)
            pending = []
            blank = False
        self.land(pending, state.current)
        if owner.kind == "section":
            owner.children = state.clauses
            if state.bullets:
                first = state.clauses[0]
                self.guess(first.line, f"the list under the heading is read as the section's clauses "
                                       f"({len(state.clauses)} items)")
        return items

    @staticmethod
    def nested(line: str, lineno: int, unit: _Unit, items: list) -> list:
        """A line nested in a list item that became a clause, de-indented by the item's
        indentation: the clause's own list (after a blank line, as Markdown wants) or its
        next paragraph, not text joined to the line before or a code block."""
        if not unit.indent or not line.startswith(" "):
            return [("text", lineno, line)]
        line = line[min(len(line) - len(line.lstrip(" ")), unit.indent):]
        last = items[-1] if items else None
        after_text = last is not None and (last[0] == "unit" or last[0] == "text" and last[2].strip()
                                           and not LIST_LINE_RE.match(last[2]))
        if LIST_LINE_RE.match(line) and after_text:
            return [("text", lineno, ""), ("text", lineno, line)]
        return [("text", lineno, line)]

    def land(self, pending: list[tuple], unit: _Unit) -> None:
        """Anchors and attribute lines that stood before `unit`'s line: their ids land on it."""
        for value, lineno, attr_line in pending:
            if attr_line is None:
                self.anchor(*value, unit, lineno)
            else:
                self.attribute_line(value, unit, lineno, attr_line)

    def land_anchors(self, index: int, unit: _Unit) -> None:
        """The anchors of a heading's line land on the unit the heading starts (or stands in)."""
        for fragment, tag in self.line_anchors.get(index, []):
            self.anchor(fragment, tag, unit, index + 1)

    def has_labels(self, lines: range) -> bool:
        """Whether a section has a labelled line (else its top-level list makes its clauses)."""
        fence = None
        for index in lines:
            line = self.lines[index]
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            found = _candidates(_unbold(line))
            if found and found[0][0] != "-":
                return True
        return False

    def sub_heading(self, heading: re.Match, lineno: int, level: int, current: _Unit) -> tuple:
        depth = len(heading.group("hashes"))
        content, ids = self.strip_attrs((heading.group("content") or "").strip(), lineno)
        new = max(2, min(6, depth - level + 1))
        if lineno - 1 in self.demoted:
            self.deferred.append((lineno, f"the heading '{content}' has no number, unlike the other sections: "
                                          "kept as a sub-heading ('## ') of {}", current))
        elif depth < level:
            self.guess(lineno, f"the level-{depth} heading inside a section is made a sub-heading ('{'#' * new} ')")
        for fragment in ids:
            self.record(fragment, current, lineno)
        old = toc_slug(content)
        for slug in (github_slug(content),):
            if slug and slug != old:
                self.record(slug, current, lineno)
        return ("heading", lineno, new, content)

    def slug_aliases(self, line: str, unit: _Unit, lineno: int) -> None:
        """The ids the old page's renderer gave this heading (GitHub's and MkDocs' slugs), and
        its own `{#id}`, all to land on the unit."""
        match = HEADING_RE.match(line)
        content, ids = self.strip_attrs((match.group("content") or "").strip(), lineno)
        for fragment in ids:
            self.record(fragment, unit, lineno)
        for slug, sep in ((github_slug(content), "-"), (toc_slug(content), "_")):
            if not slug or (unit.kind == "preamble" and slug == toc_slug(content)):
                continue  # the page's own title keeps the id MkDocs gives it
            count = self.slug_counts.get(slug + sep, 0)
            self.slug_counts[slug + sep] = count + 1
            self.record(slug if count == 0 else f"{slug}{sep}{count}", unit, lineno)

    def attribute_line(self, attrs: str, unit: _Unit, lineno: int, line: str) -> None:
        ids = ID_IN_ATTRS_RE.findall(attrs)
        for fragment in ids:
            self.record(fragment, unit, lineno, f"the attribute line '{line}'")
        if not ids:
            self.guess(lineno, f"the attribute line '{line}' is dropped")

    def anchor(self, fragment: str, tag: str, unit: _Unit, lineno: int) -> None:
        self.record(fragment, unit, lineno, f"the anchor '{tag[:60]}'")

    def record(self, fragment: str, unit: _Unit, lineno: int, held: str | None = None) -> None:
        """An old fragment that should reach `unit`; `held` names the tag or line that gave it,
        which the import drops (a heading's slug has none)."""
        self.alias_targets.append((fragment, unit, lineno, held))

    def resolve_aliases(self) -> None:
        """Write the aliases that can be written, and say for each dropped tag or line what
        became of its id: an alias (then it is in aliases:) or nothing, and why."""
        for fragment, unit, line, held in self.alias_targets:
            why = self.not_an_alias(fragment, unit)
            if why is None:
                self.aliases[fragment] = unit.id
            if held is not None:
                kept = f"#{fragment} lands on {unit.id}" if why in (None, "same") else \
                    f"#{fragment} is not kept: {why}"
                self.guess(line, f"{held} is dropped; {kept}")
            elif why is not None and why != "same":
                self.guess(line, f"the old fragment '#{fragment}' is not kept as an alias: {why}")
        for lineno, message, unit in self.deferred:
            self.guess(lineno, message.replace("{}", unit.id))

    def not_an_alias(self, fragment: str, unit: _Unit) -> str | None:
        """Why `fragment` cannot be an alias of `unit` ("same" when it is one already), or None."""
        if self.aliases.get(fragment) == unit.id:
            return "same"
        if fragment in self.aliases:
            return f"it lands on {self.aliases[fragment]} already"
        if fragment in self.all_ids:
            return f"it is the anchor of {fragment} in the new text, which an alias may not replace"
        if ID_RE.match(fragment) or _anchor_form(fragment, self.numbering_used):
            return "it has the form of an anchor of the new text, which an alias may not have"
        if RESERVED_FRAGMENT_RE.match(fragment):
            return "it has the form of the site's own ids (policy-…, md-…)"
        if not FRAGMENT_RE.match(fragment):
            return "it has characters an alias may not have"
        return None

    # numbers and schemes

    def number_sections(self, sections: list[_Section]) -> None:
        """Section ordinals from their labels; unnumbered headings numbered in order."""
        written = [s.unit.written for s in sections if s.unit.written]
        scheme = self.numbering["section"] if self.numbering else _section_scheme(written)
        self.numbering_used = {"section": scheme}
        previous, seen = 0, {}
        for section in sections:
            unit = section.unit
            value = _section_value(unit.written, scheme) if unit.written else None
            if value is None:
                value = previous + 1
                if unit.written:
                    self.guess(unit.line, f"the heading's number '{unit.written}' is not a {scheme} number: "
                                          f"numbered {_own(scheme, value)} in order")
                else:
                    self.guess(unit.line, f"the heading '{section.title}' has no number: numbered "
                                          f"{_own(scheme, value)} in order")
                    unit.written = ""
            if value in seen:
                self.error(unit.line, f"two sections with the number {_own(scheme, value)} (the first at line {seen[value]})",
                           "give each section its own number in the source")
            elif value < previous:
                self.error(unit.line, f"section {_own(scheme, value)} follows section {_own(scheme, previous)}",
                           "put the sections in order in the source")
            elif value - previous - 1 > MAX_GAP_RUN:
                self.error(unit.line, f"section {_own(scheme, value)} follows {_own(scheme, previous) or 'the start'}: "
                                      f"{value - previous - 1} numbers would be missing ({_own(scheme, previous + 1)} to "
                                      f"{_own(scheme, value - 1)}), more than a run of removed sections; the headings' "
                                      "numbers are likely misread",
                           "correct the numbers in the source, or number the sections 1., 2., 3. in order")
            for missing in range(previous + 1, value) if not self.errors else ():
                gap = "s" + _own(scheme, missing).lower()
                self.gaps.append(gap)
                self.guess(unit.line, f"section {_own(scheme, value)} follows {_own(scheme, previous) or 'the start'} "
                                      f"({_own(scheme, missing)} is missing): kept, and declared gaps: [{gap}]")
                self.gap_guesses[gap] = self.guesses[-1]
            seen[value] = unit.line
            previous = value
            unit.value, section.number = value, value
            unit.label = _own(scheme, value)
            unit.id = "s" + unit.label.lower()

    def schemes(self, sections: list[_Section]) -> None:
        clauses = [c for s in sections for c in s.unit.children]
        subs = [u for c in clauses for u in c.children]
        given = self.numbering or {}
        voters = [c.family for s in sections if not _lazy(s.unit.children) for c in s.unit.children]
        clause_scheme = given.get("clause") or _majority(voters, CLAUSE_SCHEMES, CLAUSE_FALLBACK, "a.")
        sub_scheme = given.get("subclause") or _majority([u.family for u in subs], SUBCLAUSE_SCHEMES,
                                                          SUBCLAUSE_FALLBACK, "(1)")
        if not given.get("subclause") and (sub_scheme == "1.1.1" and clause_scheme != "1.1" or
                                           clause_scheme == "(a)" and sub_scheme in ("(a)", "(i)")):
            sub_scheme = "(1)"  # schemes the syntax could not tell apart on a line
        self.numbering_used.update(clause=clause_scheme, subclause=sub_scheme)
        self.all_ids = {"s0"}
        for section in sections:
            self.all_ids.add(section.unit.id)
            self.label_list(section.unit, section.unit.children, clause_scheme, [section.unit.label])
            for clause in section.unit.children:
                self.label_list(clause, clause.children, sub_scheme,
                                [section.unit.label, clause.label.split(".")[-1] if clause_scheme == "1.1" else clause.label])

    def label_list(self, parent: _Unit, units: list[_Unit], scheme: str, parents: list[str]) -> None:
        previous, seen = 0, {}
        lazy = _lazy(units)
        if lazy:  # Markdown's "1. 1. 1." list: numbered by the renderer, in order
            self.guess(units[0].line, f"the list numbered '1.' throughout is read as {len(units)} "
                                      f"{_kind(units[0])}s numbered in order")
        for unit in units:
            if unit.family == "-" or lazy:
                unit.value = previous + 1
            if unit.value in seen:
                self.error(unit.line, f"{_kind(unit)} '{unit.written}' appears twice in {parent.id} (first at line {seen[unit.value]})",
                           "give each its own label in the source")
            elif unit.value < previous:
                self.error(unit.line, f"{_kind(unit)} '{unit.written}' follows '{self.written_of(units, previous)}'",
                           "put the labels in order in the source")
            elif unit.value - previous - 1 > MAX_GAP_RUN:
                first, last = (_written(scheme, _own(scheme, v), parents) for v in (previous + 1, unit.value - 1))
                self.error(unit.line, f"{_kind(unit)} '{unit.written}' follows "
                                      f"{repr(self.written_of(units, previous)) if previous else 'the start'}: "
                                      f"{unit.value - previous - 1} labels would be missing ('{first}' to '{last}'), "
                                      "more than a run of removed clauses; the labels are likely of a scheme "
                                      "the import misread",
                           "correct the labels in the source, or write them as numbers (1., 2., 3.)")
            missing = range(previous + 1, unit.value) if not self.errors else ()
            own = _own(scheme, unit.value)
            unit.label = own
            for missing in missing:
                gap = f"{parent.id}-{_own(scheme, missing).lower()}"
                self.gaps.append(gap)
                self.guess(unit.line, f"{_kind(unit)} '{unit.written}' follows "
                                      f"{repr(self.written_of(units, previous)) if previous else 'the start'} "
                                      f"('{_written(scheme, _own(scheme, missing), parents)}' is missing): "
                                      f"kept, and declared gaps: [{gap}]")
                self.gap_guesses[gap] = self.guesses[-1]
            new = _written(scheme, own, parents)
            if unit.family != "-" and not lazy and unit.family != scheme:
                self.guess(unit.line, f"label '{unit.written}' rewritten to '{new}' "
                                      f"(the {_kind(unit)}s of this text are numbered '{scheme}')")
            elif unit.family == scheme and scheme in ("1.1", "1.1.1") and unit.written.rstrip(".") != new:
                self.guess(unit.line, f"label '{unit.written}' rewritten to '{new}' (the number of its section)")
            unit.written_new = new
            unit.id = f"{parent.id}-{own.lower()}"
            self.all_ids.add(unit.id)
            seen[unit.value] = unit.line
            previous = unit.value

    @staticmethod
    def written_of(units: list[_Unit], value: int) -> str:
        return next((u.written for u in units if u.value == value), str(value))

    def escape_label(self, line: str, lineno: int, readers: list[re.Pattern]) -> str:
        """A text line that would read as a label, with a backslash before its punctuation
        (`a\\.`, `\\(1)`): Markdown shows the same characters, the syntax sees text."""
        why = "continues the paragraph before it, so it" if lineno in self.wrapped else ""
        for reader in readers:
            if reader.match(line):
                start = len(line) - len(line.lstrip())
                at = next(i for i in range(start, len(line)) if line[i] in ".()")
                escaped = line[:at] + "\\" + line[at:]
                self.guess(lineno, f"the text '{line.strip()[:20]}' {why + ' ' if why else ''}is not a label"
                                   f"{'' if why else ' here'}: escaped as '{escaped.strip()[:21]}', which reads the same")
                return escaped
        if why:
            self.guess(lineno, f"the text '{line.strip()[:20]}' {why} is text, not a label")
        return line

    # files

    def preamble_file(self, preamble: _Unit, title: str | None, body: list) -> ImportedSection:
        head = [f"# {title}", ""] if title is not None else []
        slug = slugify(title or "preamble")
        text = _join(head + self.render(body))
        return ImportedSection("0", f"00-{slug}.md", text, ["s0"], {"s0": 1})

    def section_file(self, section: _Section) -> ImportedSection:
        unit = section.unit
        title = section.title
        head = f"# {unit.label}. {title}".rstrip()
        text = _join([head, ""] + self.render(section.body))
        ids = [unit.id] + [u.id for c in unit.children for u in [c] + c.children]
        lines = {unit.id: unit.line, **{u.id: u.line for c in unit.children for u in [c] + c.children}}
        name = f"{section.number:02d}-{slugify(title or unit.label)}.md"
        return ImportedSection(str(section.number), name, text, ids, lines)

    def render(self, body: list) -> list[str]:
        out, fence = [], None
        readers = _label_readers(self.numbering_used)
        for item in body:
            if item[0] == "text":
                line = item[2]
                if fence or FENCE_RE.match(line):
                    fence = self.fence_after(line, fence)
                else:
                    line = self.escape_label(line, item[1], readers)
                out.append(line)
            elif item[0] == "heading":
                out.append(f"{'#' * item[2]} {item[3]}")
            else:
                unit = item[1]
                out.append(f"{unit.written_new} {unit.rest}".rstrip())
        return out


def _label_readers(numbering: dict) -> list[re.Pattern]:
    """The line starts that the one parser reads, in this numbering, as a label, or reports as
    a label of another scheme or a miswritten one: text of the source that starts so is
    escaped, to stay text."""
    lines = syntax(Numbering(**numbering))
    return ([lines.clause, lines.sub] + [pattern for _, _, pattern in lines.foreign]
            + [pattern for pattern, _, _ in lines.misshapen] + ([UPPERCASE_RE] if lines.uppercase else []))


def _anchor_form(fragment: str, numbering: dict) -> bool:
    """Whether `fragment` is of the form of an anchor under `numbering` (`sd` under sections
    `A.`, `s1-2` under clauses `1.1`): an alias so named could hide a unit, now or later."""
    if not re.match(r"^s[0-9a-z]", fragment):
        return False
    parts = fragment[1:].split("-")
    if len(parts) > 3:
        return False
    for level, part in zip(Numbering(**numbering).levels, parts):
        own = level.from_id(part)
        found = level.value(own) if re.fullmatch(level.own_pattern, own) else None
        if not found or not found[0]:
            return False
    return True


def _join(lines: list[str]) -> str:
    """The file's text: no blank lines at either end, no run of blank lines, one final newline."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip() if not line.strip() else line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def _lazy(units: list[_Unit]) -> bool:
    """Markdown's "1. 1. 1." list: a list, numbered by the renderer, not labels of a scheme."""
    return len(units) > 1 and all(u.family == "1." and u.value == 1 for u in units)


def _kind(unit: _Unit) -> str:
    return "sub-clause" if unit.kind == "subclause" else unit.kind


def _section_scheme(written: list[str]) -> str:
    """`1.` for numbers, `I.` when the letters read as roman numerals in order, else `A.`."""
    if not written:
        return "1."
    kinds = ["1." if w.isdigit() else "letter" for w in written]
    if kinds.count("1.") * 2 >= len(kinds):
        return "1."
    letters = [w for w in written if not w.isdigit()]
    roman = [_roman(w) for w in letters]
    if all(roman) and roman == sorted(roman) and any(len(w) > 1 for w in letters):
        return "I."
    if all(roman) and roman[:2] == [1, 2]:
        return "I."
    return "A."


def _section_value(written: str, scheme: str) -> int | None:
    if written.isdigit():
        return int(written) if scheme == "1." else None
    if scheme == "I.":
        return _roman(written)
    if scheme == "A." and len(written) == 1:
        return _letters(written)
    return None


def _majority(families: list[str], schemes: tuple, fallback: dict, default: str) -> str:
    """The scheme most units of a level are written in (a shape that is no scheme of the
    level counts as the scheme it becomes)."""
    counts: dict[str, int] = {}
    for family in families:
        scheme = family if family in schemes else fallback.get(family)
        if scheme:
            counts[scheme] = counts.get(scheme, 0) + 1
    if not counts:
        return default
    return max(counts, key=lambda s: (counts[s], s == default))


class _BodyState:
    """Which label shape is a clause and which a sub-clause, as a section's lines go by."""

    def __init__(self, section: _Unit):
        self.section = self.current = section
        self.clause_family: str | None = None
        self.clause: _Unit | None = None
        self.sub_family: str | None = None
        self.clauses: list[_Unit] = []
        self.bullets = False
        self.roman = False  # the section's clauses are Roman numerals: `i.`, `ii.`

    def label(self, line: str, lineno: int, numbered: bool, splitter: _Splitter, mid: str = "") -> _Unit | None:
        """The unit `line` starts, or None. `mid` is what the line before is when it is not
        blank ("text", "label"): a label there is a wrapped line (`(2) items.`, `1.5 million`)
        unless it is the next of the list it stands in."""
        line = _unbold(line)
        found = _candidates(line)
        if not found:
            return None
        if found[0][0] == "-":
            if numbered or self.clause_family not in (None, "-"):
                return None
            self.bullets = True
        choice = self.choose(found)
        if choice is None:
            return None
        kind, family, match = choice
        unit = _Unit(kind, family, _value(family, match), lineno, line[match.end():], match.group(0).strip())
        if kind == "clause" and family in ROMAN_CLAUSES and self.roman_clause(match.group("b"), family):
            unit.family, unit.value = ROMAN_CLAUSES[family], _roman(match.group("b")) or 0
            if len(self.clauses) == 0:
                splitter.guess(lineno, f"the clauses from '{unit.written}' on are Roman numerals, which no clause "
                                       "scheme is: read as 1, 2, 3 … and rewritten in the text's scheme")
        if mid and family != "-" and not self.next_in_list(unit, after_label=mid == "label"):
            splitter.wrapped.add(lineno)
            return None
        if family == "-":
            unit.written = "-"
        if family in LIST_ITEMS:
            unit.indent = match.end()
        if kind == "clause":
            self.clause_family = self.clause_family or family
            unit.parent = self.section
            self.clauses.append(unit)
            self.clause, self.sub_family = unit, None
        else:
            self.sub_family = self.sub_family or family
            unit.parent = self.clause
            self.clause.children.append(unit)
        self.current = unit
        return unit

    def next_in_list(self, unit: _Unit, after_label: bool) -> bool:
        """Whether a label right after a line that is not blank continues a compact list: the
        clause after the current clause (or the first of the section), the sub-clause after
        the current sub-clause, or the first one right after its clause's label line."""
        if unit.kind == "clause":
            if self.clause is None:
                return unit.value == 1
            lazy = unit.family == self.clause.family == "1." and unit.value == self.clause.value == 1  # 1. 1. 1.
            return unit.value == self.clause.value + 1 or lazy
        last = self.clause.children[-1] if self.clause and self.clause.children else None
        if last is None:
            return after_label and self.current is self.clause and unit.value == 1
        return self.current is last and last.family == unit.family and unit.value == last.value + 1

    def roman_clause(self, own: str, family: str) -> bool:
        """Whether a lettered clause label is a Roman numeral: the section's first clause is
        `i.` (a list of letters starts at `a.`), and so are the ones after it."""
        if self.clause_family is not None and family != self.clause_family:
            return False
        if not self.clauses:
            self.roman = own.lower() == "i"
        return self.roman

    def choose(self, found: list) -> tuple[str, str, re.Match] | None:
        families = {family: match for family, match in found}
        if "(a)" in families and "(i)" in families:
            return self.ambiguous(families)
        family, match = found[0]
        if self.clause_family is None or family == self.clause_family:
            return "clause", family, match
        if self.continues(family, _value(family, match)):  # `(b)` after `a.`: the next clause, miswritten
            return "clause", family, match
        if self.clause is not None and family in SUB_FAMILIES and self.sub_family in (None, family):
            return "subclause", family, match
        return None

    def continues(self, family: str, value: int) -> bool:
        """Whether a label of another shape is the clause after the last one (`(b)` after
        `a.`, `2)` after `1.`) rather than the first sub-clause of it."""
        if self.clause is None or self.sub_family is not None or value != self.clause.value + 1:
            return False
        kinds = [next((k for k, shapes in _KINDS.items() if f in shapes), f) for f in (family, self.clause_family)]
        return kinds[0] == kinds[1]

    def ambiguous(self, families: dict) -> tuple[str, str, re.Match] | None:
        """`(i)`, `(v)`, `(x)`: the letter after `(h)`, or a roman numeral."""
        match = families["(a)"]
        letter, roman = _letters(match.group("b")), _roman(match.group("b"))
        last_sub = self.clause.children[-1].value if self.clause and self.clause.children else 0
        if self.clause is not None and self.sub_family == "(i)" and roman == last_sub + 1:
            return "subclause", "(i)", match
        if self.clause_family == "(a)" and self.clause is not None and letter == self.clause.value + 1:
            return "clause", "(a)", match
        if self.clause is not None and self.sub_family == "(a)" and letter == last_sub + 1:
            return "subclause", "(a)", match
        if self.clause is not None and self.clause_family != "(i)" and self.sub_family in (None, "(i)"):
            return "subclause", "(i)", match
        if self.clause_family is None:
            return "clause", "(a)", match
        return None


def _match(imported: Imported, reference: Imported, splitter: _Splitter) -> None:
    """Check a translation against the authoritative text: a unit it lacks is marked
    untranslated (front matter); a unit the original lacks is an error."""
    ref_ids = {i: (s, s.lines.get(i)) for s in reference.sections for i in s.ids}
    own = {i: s for s in imported.sections for i in s.ids}
    for section in imported.sections:
        for unit_id in section.ids:
            if unit_id not in ref_ids and unit_id not in reference.gaps:
                raise ImportProblem(splitter.path, section.lines.get(unit_id),
                                    f"{unit_id} is not in the {reference.language} text ({reference.path}/)",
                                    f"a translation has the units of the {reference.language} text only: "
                                    "correct the label, or add the unit to that text first")
    files = {s.number: s for s in imported.sections}
    for ref_section in reference.sections:
        missing = [i for i in ref_section.ids if i not in own]
        if not missing:
            continue
        target = files.get(ref_section.number)
        if target is None:  # the whole section: a file with its heading stands for it, untranslated
            heading = next((line for line in ref_section.text.split("\n") if line.startswith("# ")), "")
            target = ImportedSection(ref_section.number, ref_section.filename, heading + "\n", [], {})
            imported.sections.append(target)
            files[target.number] = target
            missing = [ref_section.ids[0]]  # the section's own anchor: all of it stands in
        at = _line_before(imported, reference, missing[0])
        for unit_id in missing:
            splitter.guess(at, f"{unit_id} ({ref_section.source or reference.path}:{ref_section.lines.get(unit_id, 1)}) is missing "
                               f"from the {imported.language} text: marked untranslated in {target.filename}")
        imported.untranslated[target.filename] = missing
        target.text = f"---\nuntranslated: [{', '.join(missing)}]\n---\n" + target.text
    imported.sections.sort(key=lambda s: (int(re.match(r"[0-9]+", s.number).group()), s.number))
    for gap, guess in splitter.gap_guesses.items():
        if gap not in reference.gaps:  # not a gap of the text: a unit the translation lacks, said above
            splitter.guesses.remove(guess)
    imported.gaps[:] = list(reference.gaps)


def _line_before(imported: Imported, reference: Imported, missing: str) -> int:
    """The source line of the translation's last unit before the missing one: where it would be."""
    order = [unit_id for section in reference.sections for unit_id in section.ids]
    lines = {unit_id: line for section in imported.sections for unit_id, line in section.lines.items()}
    for unit_id in reversed(order[:order.index(missing)]):
        if unit_id in lines:
            return lines[unit_id]
    return 1


def split(text: str, path: str, language: str, *, heading_level: int | None = None,
          numbering: dict | None = None, reference: Imported | None = None) -> Imported:
    """Split one Markdown policy into section files; see the module's docstring.

    `numbering` keeps a scheme (a later commit of a history keeps the first one's);
    `reference` is the authoritative language's `Imported`, for matching a translation.
    Raises `ImportProblem` for a source that cannot be imported.
    """
    if reference is not None and numbering is None:
        numbering = reference.numbering
    return _Splitter(text, path, language, heading_level, numbering, reference).split()


# --- writing ------------------------------------------------------------------------------

def _is_samples(folder: Path) -> bool:
    """Whether every file in a language folder is a sample, to be replaced without --force:
    its front matter says `sample: true`, as the sections `policy init` writes do."""
    return all(file.is_file() and file.suffix == ".md" and _marked_sample(file) for file in folder.iterdir())


def _marked_sample(file: Path) -> bool:
    text = file.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    try:
        front = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        return False
    return isinstance(front, dict) and front.get(SAMPLE_KEY) is True


def check_target(imported: Imported, policy_dir: Path, force: bool = False) -> None:
    """Refuse a language folder that exists already (unless `force`, or it holds samples only)."""
    if not LANGUAGE_RE.match(imported.language):
        raise ImportProblem(imported.path or "--language", None,
                            f"'{imported.language[:40]}' is not a language code",
                            "name the language as mkdocs.yml does, such as en, de or pt-BR")
    folder = policy_dir / imported.language
    if folder.exists() and not force and not (folder.is_dir() and _is_samples(folder)):
        raise ImportProblem(str(folder), None, f"the folder for {imported.language} exists already",
                            "pass --force to replace it, or import into another folder with --into")


def merged_meta(imported: Imported, existing: str | None, today: dt.date | None = None,
                shown: str = "policy/policy.yml") -> str:
    """policy.yml's text with the import's keys added. An existing file keeps its keys, its
    order and its comments: the keys are edited in place (a language's title and summary
    added, gaps and aliases merged, the numbering set); its values are read as text, so that
    a label like 1.10 stays 1.10."""
    data = _load_meta(existing, shown)
    wanted = _wanted(imported, data or {})
    if data is None:
        fresh = {"version": "1.0", "effective": (today or dt.date.today()).isoformat(),
                 "authoritative": imported.language}
        return _dump({**fresh, **wanted})
    text = existing
    for key, value in wanted.items():
        if value != data.get(key):
            text = _edit(text, key, value)
    if _load_meta(text, shown) != {**data, **wanted}:  # a layout the edits do not know: write it anew
        return _dump({**data, **wanted})
    return text


def _kept_title(imported: Imported, existing: str | None) -> tuple[int, str] | None:
    """(line, title) of policy.yml's title for the language when it is there and is not the
    source's: the import keeps it, and says so."""
    data = _load_meta(existing, "policy.yml") or {}
    titles = data.get("title") if isinstance(data.get("title"), dict) else {}
    old = titles.get(imported.language)
    if old is None or imported.title is None or old == imported.title:
        return None
    line = next((n for n, text in enumerate(existing.split("\n"), 1) if text.startswith("title:")), 1)
    return line, old


def _load_meta(text: str | None, shown: str) -> dict | None:
    """The site's policy.yml under the YAML guard, its declarations checked (sitemeta.load)."""
    try:
        return sitemeta.load(text, shown) if text else None
    except sitemeta.SiteMetaError as exc:
        raise ImportProblem(exc.path, exc.line, exc.problem, exc.fix) from None


def _wanted(imported: Imported, data: dict) -> dict:
    """The keys the import sets, with their whole new values (existing entries first)."""
    lang, wanted = imported.language, {}
    title = imported.title or Path(imported.path or "policy").stem.replace("-", " ").replace("_", " ").capitalize()
    summary = f"Imported from {Path(imported.path).name or 'a single file'}."
    for key, value in (("title", title), ("summary", summary)):
        entries = data.get(key) if isinstance(data.get(key), dict) else {}
        wanted[key] = {**entries, lang: entries.get(lang, value)}
    if imported.numbering and imported.numbering != DEFAULT_NUMBERING:
        wanted["numbering"] = dict(imported.numbering)
    if imported.gaps:
        gaps = list(data.get("gaps") or []) if isinstance(data.get("gaps"), list) else []
        wanted["gaps"] = gaps + [g for g in imported.gaps if g not in gaps]
    if imported.aliases:
        aliases = dict(data.get("aliases") or {}) if isinstance(data.get("aliases"), dict) else {}
        wanted["aliases"] = {**aliases, **{k: v for k, v in imported.aliases.items() if k not in aliases}}
    return wanted


def _flow(value) -> str:
    """A value as YAML writes it in flow style, on one line: `Privacy Policy`, `[s2-c]`."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, sort_keys=False,
                          width=10**6).strip()[1:-1]


def _edit(text: str, key: str, value) -> str:
    """`text` with top-level `key` set to `value`: new entries of a block mapping or list
    added below its last one (comments stay), another value replaced where it stands, a key
    that is missing added at the end."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next((v for k, v in root.value if k.value == key), None)
    if node is None:
        return text.rstrip("\n") + "\n" + _dump({key: value})
    block = not node.flow_style and node.value and isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
    if block and isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        have = {k.value for k, _ in node.value}
        indent = " " * node.value[0][0].start_mark.column
        lines = [f"{indent}{_flow(k)}: {_flow(v)}" for k, v in value.items() if k not in have]
        return _insert_after(text, node.value[-1][1].end_mark.index, lines)
    if block and isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        have = {item.value for item in node.value}
        indent = " " * max(node.value[0].start_mark.column - 2, 0)
        return _insert_after(text, node.value[-1].end_mark.index,
                             [f"{indent}- {_flow(v)}" for v in value if v not in have])
    start, end = node.start_mark.index, node.end_mark.index
    if node.flow_style and text[end - 1:end] in ("}", "]"):  # `{en: X}`: new entries before the bracket
        if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
            have = {k.value for k, _ in node.value}
            new = [f"{_flow(k)}: {_flow(v)}" for k, v in value.items() if k not in have]
        elif isinstance(node, yaml.SequenceNode) and isinstance(value, list):
            have = {item.value for item in node.value}
            new = [_flow(v) for v in value if v not in have]
        else:
            new = None
        if new is not None:
            joined = (", " if node.value else "") + ", ".join(new)
            return text[:end - 1] + joined + text[end - 1:]
    return text[:start] + ("" if start < end or text[start - 1:start] == " " else " ") + _flow(value) + text[end:]


def _insert_after(text: str, index: int, lines: list[str]) -> str:
    """`lines` inserted after the line on which `index` stands."""
    end = text.find("\n", index)
    end = len(text) if end == -1 else end
    return text[:end] + "".join("\n" + line for line in lines) + text[end:]


def _dump(data: dict) -> str:
    """policy.yml as editors write it: the version quoted (a label is text, "1.10" not 1.1),
    the date and the other values plain."""
    lines = []
    for key, value in data.items():
        if key == "effective" and isinstance(value, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
            lines.append(f"effective: {value}")
        elif key == "version":
            lines.append(f"version: {_quote(str(value))}")
        elif key == "numbering" and isinstance(value, dict):
            inner = ", ".join(f"{k}: {_quote(str(v))}" for k, v in value.items())
            lines.append(f"numbering: {{{inner}}}")
        else:
            lines.append(yaml.dump({key: value}, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False,
                                   default_flow_style=False, width=100).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(imported: Imported, policy_dir: Path, *, force: bool = False) -> list[Path]:
    """Write `policy_dir/LANG/` and merge the keys into `policy_dir/policy.yml`; return the
    paths written. All or nothing: everything is written beside its place first, then
    policy.yml and the folder are moved into place; if a step fails, what was there is put
    back, and the problem names the path that could not be written."""
    check_target(imported, policy_dir, force)
    meta_path = policy_dir / "policy.yml"
    try:
        existing = meta_path.read_text(encoding="utf-8") if meta_path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(str(meta_path), None, f"cannot read the file ({getattr(exc, 'strerror', None) or exc})",
                            "make it a readable UTF-8 file, or move it away to start a new one") from None
    meta_text = merged_meta(imported, existing, shown=str(meta_path))
    kept = _kept_title(imported, existing)
    if kept:
        imported.guesses.append(Guess(str(meta_path), kept[0], f"title: {imported.language} stays '{kept[1]}'; the "
                                                               f"source's title '{imported.title}' is not written"))
    folder = policy_dir / imported.language
    staging = meta_tmp = None
    target = policy_dir
    try:
        policy_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{imported.language}.import-", dir=policy_dir))
        for section in imported.sections:
            target = folder / section.filename
            (staging / section.filename).write_text(section.text, encoding="utf-8")
        target = meta_path
        meta_tmp = policy_dir / f".policy.yml.import-{os.getpid()}"
        meta_tmp.write_text(meta_text, encoding="utf-8")
        _move_into_place(meta_tmp, meta_path, existing, staging, folder)
    except _Failed as failed:
        raise ImportProblem(str(failed.path), None, f"cannot write there ({failed.reason}); the policy is as it was",
                            "check the permissions of the file and its folder, and import again") from None
    except OSError as exc:
        raise ImportProblem(str(target), None, f"cannot write there ({exc.strerror or exc}); the policy is as it was",
                            "check the permissions of the file and its folder, and import again") from None
    finally:
        for leftover in (staging, meta_tmp):
            if leftover is not None and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover is not None and leftover.exists():
                leftover.unlink()
    return [folder / s.filename for s in imported.sections] + [meta_path]


class _Failed(Exception):
    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason


def _move_into_place(meta_tmp: Path, meta_path: Path, existing: str | None, staging: Path, folder: Path) -> None:
    """policy.yml first, then the folder; a failure of either puts both back as they were."""
    try:
        os.replace(meta_tmp, meta_path)
    except OSError as exc:
        raise _Failed(meta_path, exc.strerror or str(exc)) from None
    old = folder.parent / f".{folder.name}.replaced-{os.getpid()}"
    try:
        if folder.exists():
            folder.rename(old)
        try:
            staging.rename(folder)
        except OSError:
            if old.exists():
                old.rename(folder)  # the folder as it was
            raise
    except OSError as exc:
        if existing is None:
            meta_path.unlink()
        else:
            meta_path.write_text(existing, encoding="utf-8")
        raise _Failed(folder, exc.strerror or str(exc)) from None
    shutil.rmtree(old, ignore_errors=True)


# --- the authoritative text, for a translation --------------------------------------------

def read_meta(policy_dir: Path, display: str = "policy") -> dict:
    """policy.yml's keys as text ({} when it is missing or not readable as text); an alias,
    a file that is not YAML or a malformed declaration raises ImportProblem (sitemeta.load)."""
    path = policy_dir / "policy.yml"
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return _load_meta(text, f"{display}/policy.yml") or {}


def reference_for(policy_dir: Path, language: str, display: str = "policy") -> Imported | None:
    """The authoritative text already in `policy_dir`, when `language` is a translation of
    it: the sections and unit ids of its files, read by the one parser, for `split`."""
    meta = read_meta(policy_dir, display)
    authoritative = meta.get("authoritative")
    folder = policy_dir / str(authoritative or "")
    if not authoritative or authoritative == language or not folder.is_dir():
        return None
    declared = frozenset(meta.get("gaps") or []) | frozenset(meta.get("removed") or []) \
        | frozenset((meta.get("moved") or {}).keys())
    numbering = dict(DEFAULT_NUMBERING)
    given = meta.get("numbering")
    for level, known in (("section", KNOWN_SECTIONS), ("clause", KNOWN_CLAUSES), ("subclause", KNOWN_SUBCLAUSES)):
        if isinstance(given, dict) and isinstance(given.get(level), str) and given[level] in known:
            numbering[level] = given[level]
    scheme = Numbering(**numbering)
    sections = []
    for file in sorted(folder.glob("*.md")):
        found = re.match(r"^([0-9]+[a-z]*)-", file.name)
        if not found:
            continue
        number = normalise_number(found.group(1))
        shown = f"{display}/{authoritative}/{file.name}"
        text = file.read_text(encoding="utf-8")
        parsed = parse_section(text, shown, number, Problems(), declared, numbering=scheme)
        ids, lines = [], {}
        if parsed.unit is not None:
            for unit in parsed.unit.walk() if hasattr(parsed.unit, "walk") else _walk(parsed.unit):
                ids.append(unit.id)
                lines[unit.id] = unit.line
        sections.append(ImportedSection(number, file.name, text, ids, lines, shown))
    return Imported(str(authoritative), None, sections, numbering, list(meta.get("gaps") or []),
                    {}, {}, [], f"{display}/{authoritative}")


def _walk(unit):
    yield unit
    for child in unit.children:
        yield from _walk(child)
