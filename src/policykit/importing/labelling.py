"""The labels of the sections, clauses and sub-clauses, once the split has found them: the
ordinal of each, the scheme of each level (the one most labels are written in), the gaps in
the labels, and the label each unit is written with."""

from __future__ import annotations

from policykit.importing.labels import (
    CLAUSE_FALLBACK,
    CLAUSE_SCHEMES,
    MAX_GAP_RUN,
    SUBCLAUSE_FALLBACK,
    SUBCLAUSE_SCHEMES,
    is_lazy,
    kind_of,
    majority,
    own_label,
    section_scheme,
    section_value,
    written_label,
)
from policykit.importing.lines import Lines
from policykit.importing.units import Section, Unit


class Labelling(Lines):
    """The labelling part of the splitter, on the lines' state."""

    numbering_used: dict[str, str]  # the scheme of each level, set by number_sections and schemes
    all_ids: set[str]  # every unit's id, for telling an alias from a unit's own anchor

    def number_sections(self, sections: list[Section]) -> None:
        """Section ordinals from their labels; unnumbered headings numbered in order."""
        written = [s.unit.written for s in sections if s.unit.written]
        scheme = self.numbering["section"] if self.numbering else section_scheme(written)
        self.numbering_used = {"section": scheme}
        self.labelled = {"section"} if written else set()
        previous = 0
        seen: dict[int, int] = {}  # ordinal -> the line it is first at
        for section in sections:
            unit = section.unit
            value = section_value(unit.written, scheme) if unit.written else None
            if value is None:
                value = previous + 1
                if unit.written:
                    self.guess(
                        unit.line,
                        f"the heading's number '{unit.written}' is not a {scheme} number: "
                        f"numbered {own_label(scheme, value)} in order",
                    )
                else:
                    self.guess(
                        unit.line,
                        f"the heading '{section.title}' has no number: numbered {own_label(scheme, value)} in order",
                    )
                    unit.written = ""
            if value in seen:
                self.error(
                    unit.line,
                    f"two sections with the number {own_label(scheme, value)} (the first at line {seen[value]})",
                    "give each section its own number in the source",
                )
            elif value < previous:
                self.error(
                    unit.line,
                    f"section {own_label(scheme, value)} follows section {own_label(scheme, previous)}",
                    "put the sections in order in the source",
                )
            elif value - previous - 1 > MAX_GAP_RUN:
                self.error(
                    unit.line,
                    f"section {own_label(scheme, value)} follows {own_label(scheme, previous) or 'the start'}: "
                    f"{value - previous - 1} numbers would be missing ({own_label(scheme, previous + 1)} to "
                    f"{own_label(scheme, value - 1)}), more than a run of removed sections; the headings' "
                    "numbers are likely misread",
                    "correct the numbers in the source, or number the sections 1., 2., 3. in order",
                )
            for missing in range(previous + 1, value) if not self.errors else ():
                gap = "s" + own_label(scheme, missing).lower()
                self.gaps.append(gap)
                self.guess(
                    unit.line,
                    f"section {own_label(scheme, value)} follows {own_label(scheme, previous) or 'the start'} "
                    f"({own_label(scheme, missing)} is missing): kept, and declared gaps: [{gap}]",
                )
                self.gap_guesses[gap] = self.guesses[-1]
            seen[value] = unit.line
            previous = value
            unit.value, section.number = value, value
            unit.label = own_label(scheme, value)
            unit.id = "s" + unit.label.lower()

    def schemes(self, sections: list[Section]) -> None:
        clauses = [c for s in sections for c in s.unit.children]
        subs = [u for c in clauses for u in c.children]
        given = self.numbering or {}
        voters = [c.family for s in sections if not is_lazy(s.unit.children) for c in s.unit.children]
        clause_scheme = given.get("clause") or majority(voters, CLAUSE_SCHEMES, CLAUSE_FALLBACK, "a.")
        sub_scheme = given.get("subclause") or majority(
            [u.family for u in subs], SUBCLAUSE_SCHEMES, SUBCLAUSE_FALLBACK, "(1)"
        )
        if not given.get("subclause") and (
            sub_scheme == "1.1.1" and clause_scheme != "1.1" or clause_scheme == "(a)" and sub_scheme in ("(a)", "(i)")
        ):
            sub_scheme = "(1)"  # schemes the syntax could not tell apart on a line
        self.numbering_used.update(clause=clause_scheme, subclause=sub_scheme)
        self.labelled |= {level for level, found in (("clause", voters), ("subclause", subs)) if found}
        self.all_ids = {"s0"}
        for section in sections:
            self.all_ids.add(section.unit.id)
            self.label_list(section.unit, section.unit.children, clause_scheme, [section.unit.label])
            for clause in section.unit.children:
                self.label_list(
                    clause,
                    clause.children,
                    sub_scheme,
                    [section.unit.label, clause.label.split(".")[-1] if clause_scheme == "1.1" else clause.label],
                )

    def label_list(self, parent: Unit, units: list[Unit], scheme: str, parents: list[str]) -> None:
        previous = 0
        seen: dict[int, int] = {}  # ordinal -> the line it is first at
        lazy = is_lazy(units)
        if lazy:  # Markdown's "1. 1. 1." list: numbered by the renderer, in order
            self.guess(
                units[0].line,
                f"the list numbered '1.' throughout is read as {len(units)} {kind_of(units[0])}s numbered in order",
            )
        for unit in units:
            if lazy:
                unit.value = previous + 1
            if unit.value in seen:
                self.error(
                    unit.line,
                    f"{kind_of(unit)} '{unit.written}' appears twice in {parent.id} (first at line {seen[unit.value]})",
                    "give each its own label in the source",
                )
            elif unit.value < previous:
                self.error(
                    unit.line,
                    f"{kind_of(unit)} '{unit.written}' follows '{self.written_of(units, previous)}'",
                    "put the labels in order in the source",
                )
            elif unit.value - previous - 1 > MAX_GAP_RUN:
                first, last = (
                    written_label(scheme, own_label(scheme, v), parents) for v in (previous + 1, unit.value - 1)
                )
                self.error(
                    unit.line,
                    f"{kind_of(unit)} '{unit.written}' follows "
                    f"{repr(self.written_of(units, previous)) if previous else 'the start'}: "
                    f"{unit.value - previous - 1} labels would be missing ('{first}' to '{last}'), "
                    "more than a run of removed clauses; the labels are likely of a scheme "
                    "the import misread",
                    "correct the labels in the source, or write them as numbers (1., 2., 3.)",
                )
            gap_values = range(previous + 1, unit.value) if not self.errors else range(0)
            own = own_label(scheme, unit.value)
            unit.label = own
            for missing in gap_values:
                gap = f"{parent.id}-{own_label(scheme, missing).lower()}"
                self.gaps.append(gap)
                self.guess(
                    unit.line,
                    f"{kind_of(unit)} '{unit.written}' follows "
                    f"{repr(self.written_of(units, previous)) if previous else 'the start'} "
                    f"('{written_label(scheme, own_label(scheme, missing), parents)}' is missing): "
                    f"kept, and declared gaps: [{gap}]",
                )
                self.gap_guesses[gap] = self.guesses[-1]
            new = written_label(scheme, own, parents)
            if not lazy and unit.family != scheme:
                self.guess(
                    unit.line,
                    f"label '{unit.written}' rewritten to '{new}' "
                    f"(the {kind_of(unit)}s of this text are numbered '{scheme}')",
                )
            elif unit.family == scheme and scheme in ("1.1", "1.1.1") and unit.written.rstrip(".") != new:
                self.guess(unit.line, f"label '{unit.written}' rewritten to '{new}' (the number of its section)")
            unit.written_new = new
            unit.id = f"{parent.id}-{own.lower()}"
            self.all_ids.add(unit.id)
            seen[unit.value] = unit.line
            previous = unit.value

    @staticmethod
    def written_of(units: list[Unit], value: int) -> str:
        return next((u.written for u in units if u.value == value), str(value))
