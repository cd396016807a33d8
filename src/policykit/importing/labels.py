"""The labels and headings of a policy as organisations write them: their shapes (`a.`, `(a)`,
`a)`, `A.`, `1.`, `1.1`, `(1)`, `(i)`, a heading's `1.`, `§ 1`, `IV.`), what each counts to
(letters, Roman numerals), how a label is written in a scheme, and the ids an old page's
renderer gave its headings. Shared by the line pass (`splitter`) and the label state (`body`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from policykit.text.numbering import (
    CLAUSE_SCHEMES as KNOWN_CLAUSES,
)
from policykit.text.numbering import (
    DEFAULT,
    Numbering,
    from_roman,
    to_roman,
)
from policykit.text.numbering import (
    SECTION_SCHEMES as KNOWN_SECTIONS,
)
from policykit.text.numbering import (
    SUBCLAUSE_SCHEMES as KNOWN_SUBCLAUSES,
)
from policykit.text.patterns import UPPERCASE_RE, syntax

if TYPE_CHECKING:
    from policykit.importing.units import Unit


#: A run of more missing labels than this is a misread scheme (`i.` read as a letter), not gaps.
MAX_GAP_RUN = 3
#: The scheme of each level when policy.yml declares none: this project's own.
DEFAULT_NUMBERING = DEFAULT
SECTION_SCHEMES, CLAUSE_SCHEMES, SUBCLAUSE_SCHEMES = (
    tuple(KNOWN_SECTIONS),
    tuple(KNOWN_CLAUSES),
    tuple(KNOWN_SUBCLAUSES),
)
#: What a family of source labels that is no scheme of its level becomes.
CLAUSE_FALLBACK = {"A.": "a.", "(1)": "1.", "1)": "1.", "(i)": "a.", "i.": "1.", "i)": "1.", "I.": "1."}
#: Clauses written as Roman numerals (`i.`, `ii)`, `III.`): no clause scheme counts so.
ROMAN_CLAUSES = {"a.": "i.", "a)": "i)", "A.": "I."}
SUBCLAUSE_FALLBACK = {"1)": "(1)", "a)": "(a)", "a.": "(a)", "1.": "(1)", "1.1": "(1)"}

HEADING_RE = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<content>.*?))?(?:[ \t]+#+)?[ \t]*$")
#: A heading's number: `1.`, `1`, `§ 1`, `Section 1`, `A.`, `IV.` (letters need their dot).
NUMBER_RE = re.compile(
    r"^(?:(?P<word>§|Section|Article|Art\.|Chapter|Part|Clause)[ \t]*(?P<any>[0-9]+|[A-Z]|[IVXLC]{1,7})"
    r"|(?P<num>[0-9]+)|(?P<upper>[A-Z]|[IVXLC]{1,7})(?=\.))"
    r"(?P<after>\.|:|\)|[ \t]+[-–—:])?(?:[ \t]+(?P<title>.*))?$"
)
ATTR_LINE_RE = re.compile(r"^[ \t]*\{:?[ \t]*(?P<attrs>[^}]*)\}[ \t]*$")
ATTR_TAIL_RE = re.compile(r"[ \t]*\{:?[ \t]*(?P<attrs>#[^}]*)\}[ \t]*$")
#: An anchor tag: `<a name="x">`, `<a id="x" class="anchor" href="#x">`, `<span id="x">`, `<a name="x"/>`.
ANCHOR_TAG_RE = re.compile(
    r"<(?P<tag>a|span)\b(?P<attrs>[^<>]*?[ \t](?:name|id)[ \t]*=[ \t]*[\"'](?P<id>[^\"'<>]+)[\"']"
    r"[^<>]*?)(?P<closed>/)?>",
    re.IGNORECASE,
)
HREF_RE = re.compile(r"\bhref[ \t]*=[ \t]*[\"'](?P<href>[^\"'<>]*)[\"']", re.IGNORECASE)
ID_ATTR_RE = re.compile(r"[ \t]+(?:name|id)[ \t]*=[ \t]*[\"'][^\"'<>]*[\"']", re.IGNORECASE)
THEMATIC_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
SETEXT_RE = re.compile(r"^ {0,3}(?P<bar>=+|-+)[ \t]*$")
LINK_DEFINITION_RE = re.compile(
    r"^ {0,3}\[(?P<ref>[^\]]{1,100})\]:[ \t]*<?(?P<url>[^\s>]+)>?"
    r'(?:[ \t]+["\'(](?P<title>[^"\')]*)["\')])?[ \t]*$'
)
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
KINDS = {"letters": ("a.", "(a)", "a)", "A."), "numbers": ("1.", "(1)", "1)")}
#: Label shapes that are Markdown list items, whose nested lines are indented to their text.
LIST_ITEMS = ("1.", "1)")
LIST_LINE_RE = re.compile(r"^(?:[-*+]|[0-9]{1,9}[.)])[ \t]")
SUB_FAMILIES = ("(1)", "1)", "(i)", "(a)", "a)", "1.1.1")
ROMAN_RE = re.compile(r"^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


# --- labels -------------------------------------------------------------------------------


def letters(value: str) -> int:
    """`a` = 1, `z` = 26, `aa` = 27 (bijective base 26)."""
    result = 0
    for char in value.lower():
        result = result * 26 + ord(char) - 96
    return result


def to_letters(value: int) -> str:
    out = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        out = chr(97 + rest) + out
    return out


def roman_value(value: str) -> int | None:
    """A Roman numeral's value, in its one canonical form (numbering.from_roman), or None."""
    value = value.lower()
    return from_roman(value) if ROMAN_RE.match(value) else None


def own_label(scheme: str, value: int) -> str:
    """A level's own part of a label in `scheme`: 3 -> `c`, `3`, `iii`."""
    if scheme in ("a.", "(a)", "a)"):
        return to_letters(value)
    if scheme == "A.":
        return to_letters(value).upper()
    if scheme == "I.":
        return to_roman(value).upper()
    if scheme == "(i)":
        return to_roman(value)
    return str(value)


def written_label(scheme: str, own: str, parents: list[str]) -> str:
    """The label as it stands in the file: `c.`, `(c)`, `c)`, `3.`, `4.3`, `(iii)`, `4.3.1`."""
    if scheme.startswith("("):
        return f"({own})"
    if scheme.endswith(")"):
        return f"{own})"
    if scheme in ("1.1", "1.1.1"):
        return ".".join(parents + [own])
    return f"{own}."


def label_value(family: str, match: re.Match) -> int:
    own = match.group("b") if "b" in match.groupdict() else ""
    if family == "(i)":
        return roman_value(own) or 0
    if family in ("(a)", "a)", "a.", "A."):
        return letters(own)
    if family == "1.1.1":
        return int(match.group("c"))
    return int(own) if own else 0


BOLD_LABEL_RE = re.compile(
    r"^(?P<mark>\*\*|__)(?P<label>\(?[0-9A-Za-z]{1,4}(?:\.[0-9]{1,3}){0,2}[.)]?)"
    r"(?:(?P=mark)[ \t]+(?P<after>.*)|[ \t]+(?P<inside>.*))$"
)


def unbold(line: str) -> str:
    """A label written bold, moved out of the emphasis: `**a.** Text` -> `a. Text`,
    `**a. Title.** Text` -> `a. **Title.** Text` (the same words, the label first)."""
    match = BOLD_LABEL_RE.match(line)
    if not match or not any(p.match(match.group("label") + " x") for _, p in LABELS[:-1]):
        return line
    if match.group("after") is not None:
        return f"{match.group('label')} {match.group('after')}"
    return f"{match.group('label')} {match.group('mark')}{match.group('inside')}"


#: A label at a line's (or a heading's) start with Markdown's escapes in it, as pandoc and word
#: processors' exports write it so that no list starts: `1\.`, `1\)`, `\(a)`, `5\.1`, `**a\.**`,
#: `§ 4\.`.
ESCAPED_LABEL_RE = re.compile(
    r"^(?P<lead>(?:\*\*|__)?(?:(?:§|Section|Article|Art\.|Chapter|Part|Clause)[ \t]*)?)"
    r"(?P<label>\\?\(?[0-9A-Za-z]{1,7}(?:\\?\.[0-9]{1,3}){0,2}(?:\\?[.)])?)(?=[ \t*_]|$)"
)


def unescape(line: str) -> str:
    """`line` with the backslashes taken out of the label it starts with (`1\\. Who` -> `1. Who`,
    `\\(a) Fees` -> `(a) Fees`): the author's label, escaped only to keep Markdown from reading a
    list. A line without such a label is returned as it is."""
    match = ESCAPED_LABEL_RE.match(line)
    if not match or "\\" not in match.group("label"):
        return line
    return match.group("lead") + match.group("label").replace("\\", "") + line[match.end() :]


def readable(line: str) -> str:
    """A line as its label is read: unescaped (`a\\.`), and the label out of its bold (`**a.**`)."""
    return unbold(unescape(line))


def candidates(line: str) -> list[tuple[str, re.Match]]:
    """The label shapes `line` starts with (`(i)` is both a letter and a roman numeral)."""
    found: list[tuple[str, re.Match]] = []
    if THEMATIC_RE.match(line):  # `* * *`, `- - -`: a rule, not a list
        return found
    for family, pattern in LABELS:
        match = pattern.match(line)
        if (
            match
            and family in ROMAN_CLAUSES
            and len(match.group("b")) > (1 if family == "A." else 2)
            and not roman_value(match.group("b"))
        ):
            break  # `civil.`: a word, not a numeral
        if match:
            found.append((family, match))
            if family == "(a)" and roman_value(match.group("b")):
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


def label_readers(numbering: dict) -> list[re.Pattern]:
    """The line starts that the one parser reads, in this numbering, as a label, or reports as
    a label of another scheme or a miswritten one: text of the source that starts so is
    escaped, to stay text."""
    lines = syntax(Numbering(**numbering))
    return (
        [lines.clause, lines.sub]
        + [pattern for _, _, pattern in lines.foreign]
        + [pattern for pattern, _, _ in lines.misshapen]
        + ([UPPERCASE_RE] if lines.uppercase else [])
    )


def anchor_form(fragment: str, numbering: dict) -> bool:
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


def join_lines(lines: list[str]) -> str:
    """The file's text: no blank lines at either end, no run of blank lines, one final newline."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip() if not line.strip() else line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def is_lazy(units: list[Unit]) -> bool:
    """Markdown's "1. 1. 1." list: a list, numbered by the renderer, not labels of a scheme."""
    return len(units) > 1 and all(u.family == "1." and u.value == 1 for u in units)


def kind_of(unit: Unit) -> str:
    return "sub-clause" if unit.kind == "subclause" else unit.kind


def section_scheme(written: list[str]) -> str:
    """`1.` for numbers, `I.` when the letters read as roman numerals in order, else `A.`."""
    if not written:
        return "1."
    kinds = ["1." if w.isdigit() else "letter" for w in written]
    if kinds.count("1.") * 2 >= len(kinds):
        return "1."
    letters = [w for w in written if not w.isdigit()]
    roman = [n for w in letters if (n := roman_value(w))]
    all_roman = len(roman) == len(letters)
    if all_roman and roman == sorted(roman) and any(len(w) > 1 for w in letters):
        return "I."
    if all_roman and roman[:2] == [1, 2]:
        return "I."
    return "A."


def heading_number(content: str) -> str | None:
    """The number a heading's text starts with, as written (`14`, `IV`, `B`), or None."""
    match = NUMBER_RE.match(unescape(content))
    return (match.group("any") or match.group("num") or match.group("upper")) if match else None


def run_score(written: list[str]) -> int:
    """How well the numbers of one level's headings run as sections' numbers do (1, 2, 3 …, a
    few missing at most): those in the run, less those out of it (`1. 2. 1. 2.`, numbered
    sub-headings, run twice). Zero for fewer than two in a run."""
    best = 0
    for scheme in ("1.", "A.", "I."):
        previous = count = breaks = 0
        for number in written:
            value = section_value(number, scheme)
            if value is not None and previous < value <= previous + MAX_GAP_RUN + 1:
                count, previous = count + 1, value
            else:
                breaks += 1
        if count >= 2:
            best = max(best, count - breaks)
    return best


def section_value(written: str, scheme: str) -> int | None:
    if written.isdigit():
        return int(written) if scheme == "1." else None
    if scheme == "I.":
        return roman_value(written)
    if scheme == "A." and len(written) == 1:
        return letters(written)
    return None


def majority(families: list[str], schemes: tuple, fallback: dict, default: str) -> str:
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
