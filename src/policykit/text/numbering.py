"""How labels are written: the numbering scheme of each level (`numbering:` in policy.yml).

A policy's labels are part of its legal text ("as set out in section D.4"), so the page shows
them as the text writes them, while an anchor is built from them by one rule that holds in
every scheme: `s`, then each level's own part lower-cased, joined by `-` (section `D` -> `sd`,
decimal clause `4.2` -> `s4-2`, sub-clause `(a)` of paragraph `1.` of section 5 -> `s5-1-a`).

Every label has a regular part and an optional inserted suffix of lower-case letters (`3a`,
`ca`, `Da`, `IVa`, `(1a)`, `4.2a`). A regular letter label is one letter, so that an inserted
label (`Za`) can never be read as a regular one (`AA` is no label); under Roman numerals an
inserted label whose letters would continue the numeral (`Ii` reads as `II`) is refused by
the parser, which checks that every label reads back from its anchor as it was written.
`Level.mark` and `Numbering.cite` turn an anchor back into the text's labels: the page, lint,
redlines and policy.json all print labels through them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

#: The schemes of each level, as policy.yml names them, and how each counts.
SECTION_SCHEMES = {"1.": "number", "A.": "upper", "I.": "roman"}
CLAUSE_SCHEMES = {"a.": "letter", "(a)": "letter", "a)": "letter", "1.": "number", "1.1": "number"}
SUBCLAUSE_SCHEMES = {"(1)": "number", "(a)": "letter", "(i)": "roman", "1.1.1": "number"}
DEFAULT = {"section": "1.", "clause": "a.", "subclause": "(1)"}
#: Each level's part of an anchor, by how the level counts: its label lower-cased, an inserted
#: suffix included (`3a`, `ca`, `iva`). Generous on purpose (a letter part is any run of
#: letters): what guards the anchors must not let a form through that a later label may take.
ID_PART = {"number": "[1-9][0-9]*[a-z]*", "letter": "[a-z]+", "upper": "[a-z]+", "roman": "[ivxlcdm][a-z]*"}


def anchor_pattern(section: str, clause: str, subclause: str) -> str:
    """The regular expression of the anchors whose levels' parts are these: the preamble `s0`,
    a section, a clause under it, a sub-clause under that."""
    return f"^s(?:0|{section}(?:-{clause}(?:-{subclause})?)?)$"


#: The anchors of every scheme (`s5-c`, `sd`, `s4-2-1`, `siv-a-ii`, `s5-1-a`, `s4-2a`): the
#: form that ids written by hand in policy.yml, and `/policy.schema.json`, accept.
ANY_ANCHOR = anchor_pattern(*["(?:" + ID_PART["number"] + "|" + ID_PART["letter"] + ")"] * 3)
#: At most this many letters make an inserted suffix (`ca`, `cab`).
SUFFIX = 2
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def to_roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def from_roman(text: str) -> int | None:
    """The value of a Roman numeral written in its one canonical form (lower case), else None:
    `iiii` or `ic` is not a numeral, so that every value has exactly one label."""
    if not text or not set(text) <= set("ivxlcdm"):
        return None
    value, rest = 0, text
    for number, letters in _ROMAN:
        while rest.startswith(letters):
            value, rest = value + number, rest[len(letters) :]
    return value if not rest and 0 < value < 4000 and to_roman(value) == text else None


@dataclass(frozen=True)
class Level:
    """One level's scheme: how its labels count, and how they are written on a line."""

    kind: str  # "section", "clause", "subclause"
    scheme: str
    counter: str  # "number", "letter", "upper", "roman"

    @property
    def decimal(self) -> bool:
        return self.scheme in ("1.1", "1.1.1")

    @property
    def own_pattern(self) -> str:
        """A regular expression for the level's own part as written, suffix included."""
        suffix = f"[a-z]{{0,{SUFFIX}}}" if self.kind != "section" else "[a-z]*"
        if self.counter == "number":
            return "[0-9]+" + suffix
        if self.counter == "upper":
            return "[A-Z]" + suffix
        if self.counter == "roman":
            return ("[IVXLCDM]+" if self.kind == "section" else "[ivxlcdm]+") + suffix
        return "[a-z]" + suffix

    def value(self, own: str) -> tuple[int, str] | None:
        """(regular value, inserted suffix) of an own part as written, or None if it is none:
        `ca` -> (3, "a"), `IVa` -> (4, "a"), `12` -> (12, "")."""
        if self.counter == "number":
            digits = own.rstrip("abcdefghijklmnopqrstuvwxyz")
            return (int(digits), own[len(digits) :]) if digits.isdigit() else None
        if self.counter in ("letter", "upper"):
            return (ord(own[0].lower()) - 96, own[1:]) if "a" <= own[:1].lower() <= "z" else None
        regular, suffix = split_roman(own.lower())
        number = from_roman(regular)
        return (number, suffix) if number else None

    def known(self, own: str) -> tuple[int, str]:
        """value() of a label the parser has already read as one of this level's."""
        found = self.value(own)
        if found is None:
            raise ValueError(f"{own!r} is not a {self.counter} label")
        return found

    def write(self, value: int, suffix: str = "") -> str:
        """The own part for (value, suffix), as the text writes it."""
        if self.counter == "number":
            regular = str(value)
        elif self.counter == "roman":
            regular = to_roman(value).upper() if self.kind == "section" else to_roman(value)
        else:
            regular = chr(96 + value).upper() if self.counter == "upper" else chr(96 + value)
        return regular + suffix

    def from_id(self, part: str) -> str:
        """The own part as the text writes it, from an anchor's (lower-case) part."""
        found = self.value(part)
        return self.write(*found) if found and found[0] else part

    def regular_max(self) -> int | None:
        return 26 if self.counter in ("letter", "upper") else None

    def predecessor(self, own: str) -> str | None:
        """The label that must come before `own`: `c` before `d` and `ca`, `ca` before `cb`,
        `(1)` before `(2)`; None for the first."""
        value, suffix = self.known(own)
        if suffix:
            last = suffix[-1]
            return self.write(value, suffix[:-1] + chr(ord(last) - 1) if last > "a" else suffix[:-1])
        return self.write(value - 1) if value > 1 else None

    def key(self, own: str) -> tuple[int, str]:
        return self.known(own)

    def shown(self, own: str, parent: str = "") -> str:
        """The label as it stands in the text: `d.`, `(a)`, `a)`, `4.2`, `(1)`, `4.2.1`, `D.`."""
        if self.decimal:
            return f"{parent}.{own}"
        if self.scheme.startswith("("):
            return f"({own})"
        return own + self.scheme[-1]

    def quoted(self, own: str, parent: str = "") -> str:
        """A label in a message: `'c'` (as lint always wrote it), `(1)`, `'4.2'`, `'a)'`."""
        if self.scheme.startswith("("):
            return f"({own})"
        if self.decimal:
            return f"'{parent}.{own}'"
        return f"'{own}'" if self.scheme.endswith(".") else f"'{own})'"

    def cited(self, own: str) -> str:
        """A level's part of a citation: `a` (for `a.` and `a)`), `(a)`, `(1)`."""
        return f"({own})" if self.scheme.startswith("(") else own


def split_roman(text: str) -> tuple[str, str]:
    """(numeral, suffix): the longest Roman numeral that starts `text`, and the rest."""
    for end in range(len(text), 0, -1):
        if from_roman(text[:end]):
            return text[:end], text[end:]
    return "", text


@dataclass(frozen=True)
class Numbering:
    """The scheme of each level. The default is the one this generator always had."""

    section: str = DEFAULT["section"]
    clause: str = DEFAULT["clause"]
    subclause: str = DEFAULT["subclause"]

    @cached_property  # asked for every label of every version: made once per scheme
    def levels(self) -> tuple[Level, Level, Level]:
        return (
            Level("section", self.section, SECTION_SCHEMES[self.section]),
            Level("clause", self.clause, CLAUSE_SCHEMES[self.clause]),
            Level("subclause", self.subclause, SUBCLAUSE_SCHEMES[self.subclause]),
        )

    @cached_property
    def anchor_re(self) -> re.Pattern[str]:
        """The form of every anchor this scheme can make, inserted labels included (`sd`, `sda`,
        `sd-4`): no heading or raw id may take one, now or when a later version adds the unit."""
        return re.compile(anchor_pattern(*(ID_PART[level.counter] for level in self.levels)))

    def taken(self, fragment: str) -> bool:
        """Whether `fragment` has the form of an anchor of this scheme or of the default one
        (which every site's ids have always been kept from)."""
        return bool(self.anchor_re.match(fragment) or (not self.default and STANDARD_ANCHOR.match(fragment)))

    @property
    def default(self) -> bool:
        return self == Numbering()

    @property
    def code(self) -> str:
        """The scheme in one word without spaces, for the page markers: `1.|a.|(1)`."""
        return f"{self.section}|{self.clause}|{self.subclause}"

    @classmethod
    def from_code(cls, code: str) -> Numbering:
        section, clause, subclause = code.split("|")
        return cls(section, clause, subclause)

    def parts(self, unit_id: str) -> list[str]:
        """The own parts of an anchor, as the text writes them: `sd-4` -> ["D", "4"]."""
        return [level.from_id(part) for level, part in zip(self.levels, unit_id[1:].split("-"))]

    def mark(self, unit_id: str) -> str:
        """The label of the unit as the text writes it at its start: `d.`, `(a)`, `4.2`, `D.`."""
        parts = self.parts(unit_id)
        levels = self.levels
        if len(parts) == 1:
            return parts[0] + "."
        parent = self.mark(unit_id.rsplit("-", 1)[0]).rstrip(".") if levels[len(parts) - 1].decimal else ""
        return levels[len(parts) - 1].shown(parts[-1], parent)

    def cite(self, unit_id: str) -> str:
        """How a reader cites a unit: `6 b (1)`, `1 a`, `3a` by default; `4.2`, `4.2.1`
        (decimal), `D 4`, `5 1 (a)`. The preamble `s0` is `0` (callers name it instead)."""
        parts, levels = self.parts(unit_id), self.levels
        if len(parts) > 1 and levels[len(parts) - 1].decimal:
            return self.mark(unit_id)
        if len(parts) == 3 and levels[1].decimal:
            return f"{self.mark(unit_id.rsplit('-', 1)[0])} {levels[2].cited(parts[2])}"
        return " ".join(level.cited(part) if i else part for i, (level, part) in enumerate(zip(levels, parts)))


#: The numbering of a text that declares none; frozen, so one instance serves as every default.
STANDARD_NUMBERING = Numbering()
#: The anchors of the default scheme (`s5-c`, `s6-b-1a`).
STANDARD_ANCHOR = STANDARD_NUMBERING.anchor_re


def check(numbering: dict) -> tuple[str, str] | None:
    """(problem, fix) if the schemes cannot be told apart on a line, or do not fit together."""
    clause, subclause = numbering.get("clause", DEFAULT["clause"]), numbering.get("subclause", DEFAULT["subclause"])
    if subclause == "1.1.1" and clause != "1.1":
        return (
            f"subclause '1.1.1' continues a decimal clause label, but clauses are '{clause}'",
            'write clause: "1.1", or choose another subclause scheme',
        )
    if clause == "(a)" and subclause in ("(a)", "(i)"):
        return (
            f"clauses '(a)' and sub-clauses '{subclause}' are written alike, so a line '(i)' could be either",
            'choose subclause: "(1)", or clause: "a."',
        )
    return None
