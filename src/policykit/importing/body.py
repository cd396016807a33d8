"""A section's labelled lines as they go by: which label shape is a clause and which a
sub-clause; and a translation's units matched against the authoritative text's.

Both are steps of the split (splitter.py) and say what they guess on the split's lines
(`Lines`: its guesses, the wrapped lines), which is all they need of it; so this module
imports the splitter's base, never the splitter.
"""

from __future__ import annotations

import re

from policykit.importing.labels import (
    KINDS,
    LIST_ITEMS,
    ROMAN_CLAUSES,
    SUB_FAMILIES,
    candidates,
    label_value,
    letters,
    readable,
    roman_value,
)
from policykit.importing.lines import Lines
from policykit.importing.units import Imported, ImportedSection, ImportProblem, Unit


class BodyState:
    """Which label shape is a clause and which a sub-clause, as a section's lines go by."""

    def __init__(self, section: Unit, headed: frozenset[str] = frozenset()):
        self.section = self.current = section
        self.headed = headed  # the label shapes of the section's labelled sub-headings: no line's labels
        self.clause_family: str | None = None
        self.clause: Unit | None = None
        self.sub_family: str | None = None
        self.clauses: list[Unit] = []
        self.roman = False  # the section's clauses are Roman numerals: `i.`, `ii.`

    def label(self, line: str, lineno: int, splitter: Lines, mid: str = "", heading: bool = False) -> Unit | None:
        """The unit `line` (or a sub-heading's text, `heading`) starts, or None. `mid` is what
        the line before is when it is not blank ("text", "label", "bullet"): a label there is a
        wrapped line (`(2) items.`, `1.5 million`) unless it is the next of the list it stands in;
        after a bullet's text only the next clause, or a Markdown list's `1.`, is a label. A
        bullet line is never a unit: a bullet list stays a list in the unit it stands in, since
        the source numbers no clause so (its made-up labels renumbered at every inserted item). A line
        labelled in the shape of the section's labelled sub-headings (`1. item` under `### 1.
        Fees`) is a list of the clause's text, not a unit."""
        line = readable(line)
        found = candidates(line)
        if not found or (not heading and any(family in self.headed for family, _ in found)):
            return None
        if found[0][0] == "-":  # a bullet list is the unit's text: the source numbers no clause so
            return None
        choice = self.choose(found)
        if choice is None:
            return None
        kind, family, match = choice
        unit = Unit(kind, family, label_value(family, match), lineno, line[match.end() :], match.group(0).strip())
        if kind == "clause" and family in ROMAN_CLAUSES and self.roman_clause(match.group("b"), family):
            unit.family, unit.value = ROMAN_CLAUSES[family], roman_value(match.group("b")) or 0
            if len(self.clauses) == 0:
                splitter.guess(
                    lineno,
                    f"the clauses from '{unit.written}' on are Roman numerals, which no clause "
                    "scheme is: read as 1, 2, 3 … and rewritten in the text's scheme",
                )
        if mid == "bullet" and not (
            self.clause is not None
            and self.next_in_list(unit, after_label=False)
            or family in LIST_ITEMS
            and unit.value == 1
            and kind == "clause"
        ):
            splitter.wrapped.add(lineno)  # `a.`, `(1)` wrapped in a bullet's text; `1.` starts a list
            return None
        if mid and not self.next_in_list(unit, after_label=mid == "label"):
            splitter.wrapped.add(lineno)
            return None
        if family in LIST_ITEMS:
            unit.indent = match.end()
        if kind == "clause":
            self.clause_family = self.clause_family or family
            unit.parent = self.section
            self.clauses.append(unit)
            self.clause, self.sub_family = unit, None
        else:
            assert self.clause is not None  # choose() makes a sub-clause only under a clause
            self.sub_family = self.sub_family or family
            unit.parent = self.clause
            self.clause.children.append(unit)
        self.current = unit
        return unit

    def next_in_list(self, unit: Unit, after_label: bool) -> bool:
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
        families = dict(found)
        if "(a)" in families and "(i)" in families:
            return self.ambiguous(families)
        family, match = found[0]
        if self.clause_family is None or family == self.clause_family:
            return "clause", family, match
        if self.continues(family, label_value(family, match)):  # `(b)` after `a.`: the next clause, miswritten
            return "clause", family, match
        if self.clause is not None and family in SUB_FAMILIES and self.sub_family in (None, family):
            return "subclause", family, match
        return None

    def continues(self, family: str, value: int) -> bool:
        """Whether a label of another shape is the clause after the last one (`(b)` after
        `a.`, `2)` after `1.`) rather than the first sub-clause of it."""
        if self.clause is None or self.sub_family is not None or value != self.clause.value + 1:
            return False
        kinds = [next((k for k, shapes in KINDS.items() if f in shapes), f) for f in (family, self.clause_family)]
        return kinds[0] == kinds[1]

    def ambiguous(self, families: dict) -> tuple[str, str, re.Match] | None:
        """`(i)`, `(v)`, `(x)`: the letter after `(h)`, or a roman numeral."""
        match = families["(a)"]
        letter, roman = letters(match.group("b")), roman_value(match.group("b"))
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


def match_translation(imported: Imported, reference: Imported, splitter: Lines) -> None:
    """Check a translation against the authoritative text: a unit it lacks is marked
    untranslated (front matter); a unit the original lacks is an error."""
    ref_ids = {i: (s, s.lines.get(i)) for s in reference.sections for i in s.ids}
    own = {i: s for s in imported.sections for i in s.ids}
    for section in imported.sections:
        for unit_id in section.ids:
            if unit_id not in ref_ids and unit_id not in reference.gaps:
                raise ImportProblem(
                    f"{unit_id} is not in the {reference.language} text ({reference.path}/)",
                    f"a translation has the units of the {reference.language} text only: "
                    "correct the label, or add the unit to that text first",
                    path=splitter.path,
                    line=section.lines.get(unit_id),
                )
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
            splitter.guess(
                at,
                f"{unit_id} ({ref_section.source or reference.path}:{ref_section.lines.get(unit_id, 1)}) is missing "
                f"from the {imported.language} text: marked untranslated in {target.filename}",
            )
        imported.untranslated[target.filename] = missing
        target.text = f"---\nuntranslated: [{', '.join(missing)}]\n---\n" + target.text
    imported.sections.sort(key=lambda s: (_leading_number(s.number), s.number))
    for gap, guess in splitter.gap_guesses.items():
        if gap not in reference.gaps:  # not a gap of the text: a unit the translation lacks, said above
            splitter.guesses.remove(guess)
    imported.gaps[:] = list(reference.gaps)


def _leading_number(number: str) -> int:
    """A section file's number as a number (`12a` -> 12), for the order of the files."""
    return int(number[: len(number) - len(number.lstrip("0123456789"))])


def _line_before(imported: Imported, reference: Imported, missing: str) -> int:
    """The source line of the translation's last unit before the missing one: where it would be."""
    order = [unit_id for section in reference.sections for unit_id in section.ids]
    lines = {unit_id: line for section in imported.sections for unit_id, line in section.lines.items()}
    for unit_id in reversed(order[: order.index(missing)]):
        if unit_id in lines:
            return lines[unit_id]
    return 1
