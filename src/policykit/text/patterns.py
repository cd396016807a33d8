"""The line patterns of the authoring syntax, per numbering scheme: what a heading, a clause
and a sub-clause look like at a line's start, and the labels of other schemes that a policy
may not use.

Apart from the parser because the importer reads lines with the same patterns (a label that it
writes must be one the parser reads back), and the look-alike check asks what a line would be.
"""

from __future__ import annotations

import re
from functools import cache

from policykit.text.numbering import STANDARD_NUMBERING, Numbering

#: The default scheme's patterns, kept under their old names (tests and tools use them).
CLAUSE_RE = re.compile(r"^(?P<label>[a-z]{1,3})\.(?:[ \t]+(?P<rest>.*))?$")
SUBCLAUSE_RE = re.compile(r"^\((?P<label>[1-9][0-9]*[a-z]{0,2})\)(?:[ \t]+(?P<rest>.*))?$")
UPPERCASE_RE = re.compile(r"^(?P<label>[A-Z])\.[ \t]+\S")
NUMBERED_RE = re.compile(r"^(?P<number>[0-9]+[a-z]*)\.(?:[ \t]+(?P<title>.*))?$")
ATX_H1_RE = re.compile(r"^ {0,3}#(?=[ \t]|$)(?P<content>.*)$")
ATX_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
#: The `# N.` of a numbered heading line, for the span it takes.
HEADING_LABEL_RE = re.compile(r"^ {0,3}(?P<label>#[ \t]+[0-9A-Za-z]+\.)")

_TEXT = r"(?:[ \t]+(?P<rest>.*))?$"
#: The label of each scheme at the start of a line, and what follows it.
_LABEL = {
    "a.": r"(?P<label>[a-z]{1,3})\.",
    "(a)": r"\((?P<label>[a-z]{1,3})\)",
    "a)": r"(?P<label>[a-z]{1,3})\)",
    "1.": r"(?P<label>[1-9][0-9]*[a-z]{0,2})\.",
    "(1)": r"\((?P<label>[1-9][0-9]*[a-z]{0,2})\)",
    "(i)": r"\((?P<label>[ivxl]+[a-z]{0,2})\)",
    "1.1": r"(?P<parent>SECTION)\.(?P<label>[1-9][0-9]*[a-z]{0,2})\.?",
    "1.1.1": r"(?P<parent>SECTION\.[1-9][0-9]*[a-z]{0,2})\.(?P<label>[1-9][0-9]*[a-z]{0,2})\.?",
}
#: Labels of the schemes a policy may not use, as they are written at a line's start: a line
#: that starts with one is an error (`foreign-label`), not text that silently joins the
#: clause before it. `1.` and `1)` are Markdown's ordered lists, and never read so.
_FOREIGN = [
    ("clause", "1.1", re.compile(r"^(?P<label>[0-9]+\.[0-9]+)\.?[ \t]+\S")),
    ("subclause", "1.1.1", re.compile(r"^(?P<label>[0-9]+\.[0-9]+\.[0-9]+)\.?[ \t]+\S")),
    ("clause", "a.", re.compile(r"^(?P<label>[a-z]\.)[ \t]+\S")),
    ("subclause", "(i)", re.compile(r"^(?P<label>\((?:ii|iii|iv|vi|vii|viii|ix|xi|xii)\))[ \t]+\S")),
    ("clause", "(a)", re.compile(r"^(?P<label>\([a-z]\))[ \t]+\S")),
    ("clause", "a)", re.compile(r"^(?P<label>[a-z]\))[ \t]+\S")),
    ("subclause", "(1)", re.compile(r"^(?P<label>\([1-9][0-9]*\))[ \t]+\S")),
]
#: Headings as editors write them in any scheme, to say what a heading has when it is wrong.
ANY_HEADING_RE = re.compile(r"^(?P<number>[0-9]+[a-z]*|[A-Z][a-z]*|[A-Z]{2,4})\.(?:[ \t]+(?P<title>.*))?$")


class Syntax:
    """The line patterns of one numbering scheme (one per scheme: `syntax()` caches them)."""

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.section, self.clause_level, self.sub_level = numbering.levels
        own = self.section.own_pattern
        self.heading = re.compile(rf"^(?P<number>{own})\.(?:[ \t]+(?P<title>.*))?$")
        self.clause = re.compile("^" + _LABEL[numbering.clause].replace("SECTION", own) + _TEXT)
        self.sub = re.compile("^" + _LABEL[numbering.subclause].replace("SECTION", own) + _TEXT)
        used = {numbering.clause, numbering.subclause}
        if "(a)" in used:  # `(i)` is a letter then, and `(a)` a label of the policy
            used |= {"(a)", "(i)"}
        self.foreign = [entry for entry in _FOREIGN if entry[1] not in used]
        written = "|".join(
            _LABEL[s].replace("SECTION", own).replace("?P<label>", "").replace("?P<parent>", "")
            for s in (numbering.clause, numbering.subclause)
        )
        self.misshapen = [
            (
                re.compile(rf"^[ \t]+(?P<label>(?:{written}))[ \t]+\S"),
                "'{label}' is indented, so it is not read as a label (the line belongs to the text before it)",
                "start the line with '{label}', without spaces or tabs before it",
            )
        ]
        if numbering.clause in ("a.", "1."):
            self.misshapen.append(
                (
                    re.compile(r"^(?P<label>" + _LABEL[numbering.clause].replace("?P<label>", "") + r")(?=[A-ZÅÄÖÉÜ])"),
                    "'{label}' is followed by text without a space, so it is not read as a label",
                    "put a space after '{label}'",
                )
            )
        self.uppercase = numbering.clause == "a."

    def expected(self, number: str) -> str:
        """The heading label of the section file numbered `number` (`3a` -> `3a`, `Ca`, `IIIa`);
        past Z, where letters end, the number itself (the heading check says so)."""
        digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
        if int(digits) > (self.section.regular_max() or int(digits)):
            return number
        return self.section.write(int(digits), number[len(digits) :])

    def beyond(self, number: str) -> bool:
        """Whether the scheme has no label for the file's number (a 27th lettered section)."""
        digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
        return number != "0" and int(digits) > (self.section.regular_max() or int(digits))

    def section_id(self, number: str) -> str:
        return "s0" if number == "0" else "s" + self.expected(number).lower()


@cache
def syntax(numbering: Numbering = STANDARD_NUMBERING) -> Syntax:
    """The patterns of `numbering`, made once per scheme."""
    return Syntax(numbering)


def h1(line: str) -> str | None:
    """The text of a CommonMark ATX level-1 heading, or None if the line is not one."""
    match = ATX_H1_RE.match(line)
    if not match:
        return None
    return ATX_CLOSE_RE.sub("", match.group("content").strip()).strip()
