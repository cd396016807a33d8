"""The one parser of the authoring syntax: a line scanner that knows line numbers.

Site, lint, diff and policy.json all read the policy through `parse_section`, so they cannot
disagree about what is a clause. The Markdown extension does not look for labels itself: it
only renders the units found here (see `render/markdown.py` and `render/extension.py`).

Syntax (the editors' guide, docs/manual/editors.md): a file starts with `# N. Title` (N = the
file's number prefix); a line starting with a lower-case label and a dot (`a.`, inserted
`ca.`) starts a clause; a line starting with `(1)` (inserted `(1a)`) starts a sub-clause of
the clause before it; unlabelled text belongs to the unit before it. Labels inside fenced code blocks are not labels.

Here: the scanner, which walks a file's lines once and builds its units, and the order of the
labels in each list (unique, in order, no gaps but declared ones). Beside it: what the lines
look like in each numbering scheme (patterns.py), the front matter (front_matter.py), and the
lines that would be a label but for a look-alike character (confusable.py). Numbers and titles
beyond the bounds of `limits.py` are errors, checked before any work that grows with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.comments import FENCE_RE, Comments
from policykit.text.confusable import HEAD, check_confusable
from policykit.text.front_matter import read_front_matter, untranslated
from policykit.text.htmlcheck import check_line
from policykit.text.model import Kind, Unit
from policykit.text.numbering import STANDARD_NUMBERING, Level, Numbering
from policykit.text.patterns import ANY_HEADING_RE, UPPERCASE_RE, Syntax, h1, syntax


@dataclass
class SectionFile:
    """A parsed section file: its front matter and the section (or preamble) it holds."""

    path: str
    number: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    unit: Unit | None = None


def normalise_number(number: str) -> str:
    """`03a` -> `3a`: section numbers compare as numbers, whatever their zero padding (by
    their digits, never converted: a number of any length is safe to compare)."""
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return (digits.lstrip("0") or "0") + number[len(digits) :]


def parse_section(
    text: str,
    path: str,
    number: str,
    problems: Problems,
    declared: frozenset[str] = frozenset(),
    meta_path: str = "policy/policy.yml",
    numbering: Numbering = STANDARD_NUMBERING,
) -> SectionFile:
    """Parse one section file (already decoded, LF line ends) into a `SectionFile`.

    `number` is the file's normalised number (`0` for the preamble); `declared` holds the ids
    that policy.yml declares moved or removed, which may leave gaps in the labels; `meta_path`
    is that policy.yml as messages name it; `numbering` its scheme of labels.
    """
    lines = text.split("\n")
    front_matter, start = read_front_matter(lines, path, problems)
    result = SectionFile(path, number, front_matter)
    listed = result.front_matter.get("untranslated")
    if isinstance(listed, list):  # a translation's units it lacks for now leave no gap in its labels
        declared = declared | frozenset(item for item in listed if isinstance(item, str))
    if start is not None:  # None: the front matter never ends, so there is no text to scan
        _Scanner(result, problems, declared, meta_path, syntax(numbering)).scan(lines, start)
        if result.unit is not None and "untranslated" in result.front_matter:
            result.unit.untranslated = untranslated(result.front_matter["untranslated"], result.unit, path, problems)
    return result


class _Scanner:
    """Walks the lines of one file once, building units and reporting problems."""

    def __init__(
        self, result: SectionFile, problems: Problems, declared: frozenset[str], meta_path: str, syntax: Syntax
    ):
        self.result, self.problems, self.declared, self.meta_path = result, problems, declared, meta_path
        self.syntax = syntax
        self.path = result.path
        self.section: Unit | None = None
        self.current: Unit | None = None
        self.clause: Unit | None = None
        self.fence: str | None = None
        self.markup = limits.ParagraphBounds()  # brackets per paragraph (limits.MAX_SCAN)
        self.html_over = False  # the file's unclosed `<` read past limits.MAX_HTML_SCAN
        self.clause_seq = _LabelSequence(syntax.clause_level)
        self.sub_seq = _LabelSequence(syntax.sub_level)  # a new one with each clause
        self.first_text: int | None = None  # a line of text before the heading
        self.ended = False  # after a second heading: the rest is text, to avoid follow-on errors
        self.confused_heading = False  # a heading with a look-alike character: reported already

    def scan(self, lines: list[str], start: int) -> None:
        preamble = self.result.number == "0"
        if preamble:
            self.section = self.current = Unit("preamble", "s0", "0", self.path, start + 1)
        over = limits.html_scan_over("\n".join(lines[start:]))
        if over is not None:
            limits.html_scan_problem(self.path, start + over, self.problems)
            self.html_over = True
        comments = Comments(lines, start)
        for index in range(start, len(lines)):
            text = lines[index]
            if comments.open_since is not None or not (self.fence or FENCE_RE.match(text)):
                text = comments.strip(text, index)  # fenced code keeps its `<!--` as text
            self.line(text, index + 1, preamble)
        for lineno in comments.unclosed:
            self.problems.add(
                checks.UNCLOSED_COMMENT,
                self.path,
                lineno,
                "a comment opens here ('<!--') but is never closed, so the page shows it as text",
                "end the comment with '-->', or remove the '<!--'",
            )
        if self.section is None and not self.confused_heading:
            self.problems.add(
                checks.NO_HEADING,
                self.path,
                self.first_text or start + 1,
                "the file has no section heading",
                f"start it with '# {self.result.number}. Title'",
            )
        self.result.unit = self.section

    def line(self, text: str, lineno: int, preamble: bool) -> None:
        if self.markup.add(text):  # every line, fenced code too (limits.ParagraphBounds)
            self.markup.problem(self.path, lineno, self.problems)
        if self.ended:
            self.add_text(text, lineno)
            return
        if self.fence:
            if re.match(rf"^ {{0,3}}{re.escape(self.fence[0])}{{{len(self.fence)},}}[ \t]*$", text):
                self.fence = None
            self.add_text(text, lineno)
            return
        fence = FENCE_RE.match(text)
        if fence:
            self.fence = fence.group("fence")
            self.add_text(text, lineno)
            return
        if not (self.markup.over or self.html_over):  # past a bound, reading the line's HTML would take as long
            # what the sanitiser will remove; an id of the form of this numbering's anchors too
            check_line(text, lineno, self.path, self.problems, record=True, numbering=self.syntax.numbering)
        confused = not text[:HEAD].isascii() and check_confusable(text, lineno, self.path, self.problems, self.syntax)
        self.confused_heading |= confused == "heading"
        heading = h1(text)
        if heading is not None:
            self.heading(heading, lineno, preamble, bool(confused))
            return
        clause, sub = self.syntax.clause.match(text), self.syntax.sub.match(text)
        if (clause or sub) and preamble:
            self.problems.add(
                checks.PREAMBLE_LABEL,
                self.path,
                lineno,
                "the preamble has no clauses, but this line starts with a label",
                "move the clause into a numbered section file, or reword the line's start",
            )
        elif clause and self.section:
            return self.start_clause(clause, lineno, self.section)
        elif sub and self.section:
            return self.start_subclause(sub, lineno, self.section)
        if self.section and not preamble:
            self.check_foreign(text, lineno, self.section)
        for pattern, message, fix in self.syntax.misshapen:
            found = pattern.match(text)
            if found and self.section:
                label = found.group("label")
                self.problems.add(
                    checks.MISSHAPEN_LABEL, self.path, lineno, message.format(label=label), fix.format(label=label)
                )
        upper = UPPERCASE_RE.match(text) if self.syntax.uppercase else None
        if upper and self.section:
            label = upper.group("label")
            self.problems.add(
                checks.UPPERCASE_LABEL,
                self.path,
                lineno,
                f"'{label}.' looks like a clause label, but labels are lower-case",
                f"write '{label.lower()}.' to make it clause {label.lower()}, or reword the line's start",
            )
        self.add_text(text, lineno)

    def add_text(self, text: str, lineno: int) -> None:
        if self.current is not None:
            self.current.lines.append(text)
        elif text.strip() and self.first_text is None:
            self.first_text = lineno

    def heading(self, content: str, lineno: int, preamble: bool, confused: bool = False) -> None:
        if len(content) > limits.MAX_TITLE:
            self.problems.add(
                checks.OUT_OF_RANGE,
                self.path,
                lineno,
                f"the heading is {len(content)} characters long, more than the {limits.MAX_TITLE} a title may have",
                "shorten it",
            )
            content = content[: limits.MAX_TITLE]
        if preamble:
            section = self.section
            assert section is not None  # scan() opens the preamble's unit before its first line
            if section.title is None and not any(l.strip() for l in section.lines):
                section.title = content
                return
            self.problems.add(
                checks.SECOND_HEADING,
                self.path,
                lineno,
                "the preamble has a second level-1 heading",
                "use '## ' for a heading inside the preamble",
            )
            return
        if self.section is not None:
            self.problems.add(
                checks.SECOND_HEADING,
                self.path,
                lineno,
                f"a second level-1 heading in section {self.result.number}",
                "a file holds one section: use '## ' for a sub-heading, or move the new section to a file of its own",
            )
            self.ended = True
            return
        if self.first_text is not None:
            self.problems.add(
                checks.TEXT_BEFORE_HEADING,
                self.path,
                self.first_text,
                "text stands before the section heading",
                f"start the file with '# {self.result.number}. Title' and put the text after it",
            )
        syntax, number = self.syntax, self.result.number
        expected = syntax.expected(number)
        if syntax.beyond(number):
            self.problems.add(
                checks.OUT_OF_RANGE,
                self.path,
                lineno,
                f"section {number} has no letter: sections lettered A to Z are 26 at most",
                "insert a section with a letter after the one it follows (a file 26a-….md "
                "holds '# Za.'), or number the sections: numbering: {section: \"1.\"}",
            )
            confused = True  # the heading cannot be right: said once
        match = syntax.heading.match(content)
        if match and syntax.section.counter == "number":
            right = normalise_number(match.group("number")) == expected
        else:
            right = match is not None and match.group("number") == expected
        if not right and not confused:  # a confusable heading is said already, with the character
            written = match or ANY_HEADING_RE.match(content)
            found = f"'{written.group('number')}.'" if written else "no number"
            says = (
                f"section {number}"
                if syntax.numbering.section == "1."
                else f"section {number}, which is '{expected}.' in this policy's numbering"
            )
            self.problems.add(
                checks.HEADING_NUMBER,
                self.path,
                lineno,
                f"the heading has {found} but the file name says {says}",
                f"write '# {expected}. {(written.group('title') or '') if written else content}', "
                "or rename the file to match the heading",
            )
        title = (match.group("title") or "").strip() if match else content
        section_id = syntax.section_id(number)
        if number != "0" and not syntax.beyond(number) and syntax.numbering.parts(section_id)[0] != expected:
            regular = syntax.numbering.parts(section_id)[0]
            self.problems.add(
                checks.LABEL_COLLISION,
                self.path,
                lineno,
                f"the inserted section '{expected}.' would have the anchor #{section_id}, which is "
                f"section {regular}'s: under Roman numerals an inserted label's letters must not "
                "continue the numeral",
                "insert with the letter a or b instead: a file "
                f"{number.rstrip('abcdefghijklmnopqrstuvwxyz')}a-….md holding "
                f"'# {syntax.section.write(int(number.rstrip('abcdefghijklmnopqrstuvwxyz')), 'a')}.'",
            )
        self.section = self.current = self.unit("section", section_id, expected, lineno, title=title)

    def start_clause(self, match: re.Match, lineno: int, section: Unit) -> None:
        label, rest = match.group("label"), match.group("rest") or ""
        if not self.within_bounds("clause", label, lineno) or not self.right_parent(
            match, section.label, "clause", lineno
        ):
            self.add_text(rest, lineno)
            return
        if not self.clause_seq.accept(label, lineno, self, f"{section.id}-", section.label):
            self.add_text(rest, lineno)
            return
        self.clause = self.current = self.unit("clause", f"{section.id}-{label.lower()}", label, lineno, lines=[rest])
        section.children.append(self.clause)
        self.sub_seq = _LabelSequence(self.syntax.sub_level)

    def start_subclause(self, match: re.Match, lineno: int, section: Unit) -> None:
        label, rest = match.group("label"), match.group("rest") or ""
        level = self.syntax.sub_level
        if not self.within_bounds("sub-clause", label, lineno):
            self.add_text(rest, lineno)
            return
        if self.clause is None:
            clauses = self.syntax.clause_level
            written = match.group(0).split()[0]
            lettered = "lettered " if clauses.counter == "letter" else ""
            self.problems.add(
                checks.ORPHAN_SUBCLAUSE,
                self.path,
                lineno,
                f"sub-clause {written} has no {lettered}clause before it",
                f"put it under a clause ('{clauses.shown(clauses.write(1), section.label)} ...'), "
                f"or remove the '{'(n)' if level.scheme == '(1)' else written}' label",
            )
            self.add_text(rest, lineno)
            return
        parent = self.syntax.numbering.mark(self.clause.id)
        if not self.right_parent(match, parent, "sub-clause", lineno):
            self.add_text(rest, lineno)
            return
        if not self.sub_seq.accept(label, lineno, self, f"{self.clause.id}-", parent):
            self.add_text(rest, lineno)
            return
        sub = self.unit("subclause", f"{self.clause.id}-{label.lower()}", label, lineno, lines=[rest])
        self.clause.children.append(sub)
        self.current = sub

    def unit(self, kind: Kind, unit_id: str, label: str, lineno: int, **more: Any) -> Unit:
        numbering = self.syntax.numbering
        return Unit(
            kind, unit_id, label, self.path, lineno, mark=numbering.mark(unit_id), cite=numbering.cite(unit_id), **more
        )

    def within_bounds(self, kind: str, label: str, lineno: int) -> bool:
        """Numbered labels stay below limits.MAX_NUMBER, checked before any work grows with them."""
        digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
        if not digits.isdigit() or (len(digits) <= len(str(limits.MAX_NUMBER)) and int(digits) <= limits.MAX_NUMBER):
            return True
        shown = label if len(label) <= 20 else label[:20] + "…"
        first = "(1)" if kind == "sub-clause" else "1"
        self.problems.add(
            checks.OUT_OF_RANGE,
            self.path,
            lineno,
            f"{kind} ({shown}) has a number above {limits.MAX_NUMBER}, "
            f"more than any {'clause' if kind == 'sub-clause' else 'section'} needs",
            f"number the {kind}s from {first} up; an inserted one takes a letter, e.g. "
            f"{'(1a)' if kind == 'sub-clause' else '1a'}",
        )
        return False

    def right_parent(self, match: re.Match, parent: str, kind: str, lineno: int) -> bool:
        """A decimal label starts with its parent's label: `4.2` stands in section 4 only."""
        written = match.groupdict().get("parent")
        if written is None or written == parent:
            return True
        label = f"{written}.{match.group('label')}"
        self.problems.add(
            checks.LABEL_PARENT,
            self.path,
            lineno,
            f"{kind} '{label}' stands under '{parent}', but its label starts with '{written}'",
            f"write '{parent}.{match.group('label')}', or move it to where '{written}' is",
        )
        return False

    def check_foreign(self, text: str, lineno: int, section: Unit) -> None:
        """A line that starts with a label of a scheme the policy does not declare."""
        for kind, scheme, pattern in self.syntax.foreign:
            found = pattern.match(text)
            if not found:
                continue
            numbering, label = self.syntax.numbering, found.group("label")
            level = self.syntax.clause_level if kind == "clause" else self.syntax.sub_level
            own = label.strip("().")
            written = (
                f"'{level.shown(own, section.label)}'"
                if (own.isalnum() and not level.decimal and own.isdigit() == (level.counter == "number"))
                else "a label of the policy's"
            )
            at = next(i for i, char in enumerate(label) if char in ".()")
            escaped = label[:at] + "\\" + label[at:]
            self.problems.add(
                checks.FOREIGN_LABEL,
                self.path,
                lineno,
                f"'{label}' is a label of the scheme '{scheme}', not of this policy's ('{numbering.clause}' "
                f"for clauses, '{numbering.subclause}' for sub-clauses), so it is not read as a label",
                f"write {written}, or declare the scheme in {self.meta_path}: "
                f"numbering: {{{kind}: \"{scheme}\"}}; if the line is text, write '{escaped}' "
                "(with a backslash), or join the line to the one before",
            )
            return


def _listing(items: list[str]) -> str:
    """`a, b, c`; a long list (up to 998 missing sub-clauses) shortened to its ends."""
    if len(items) <= 5:
        return ", ".join(items)
    return f"{', '.join(items[:3])} … {items[-1]}, {len(items)} labels"


class _LabelSequence:
    """The labels of one list (the clauses of a section, the sub-clauses of a clause).

    Labels must be unique, in order, and without gaps, except for gaps left by ids that
    policy.yml declares moved or removed (a removed clause keeps its letter forever).
    """

    def __init__(self, level: Level):
        self.level = level
        self.kind = "sub-clause" if level.kind == "subclause" else "clause"
        self.seen: dict[str, int] = {}
        self.last: str | None = None
        self.parent = ""

    def show(self, label: str) -> str:
        return self.level.quoted(label, self.parent)

    def accept(self, label: str, lineno: int, scanner: _Scanner, id_prefix: str, parent: str = "") -> bool:
        problems, path, kind, show = scanner.problems, scanner.path, self.kind, self.show
        self.parent = parent
        if label in self.seen:
            problems.add(
                checks.DUPLICATE_LABEL,
                path,
                lineno,
                f"{kind} {show(label)} appears twice (first at line {self.seen[label]})",
                f"give the new one an inserted label after the one it follows, e.g. {show(label + 'a')}",
            )
            return False
        if self.last is not None and self.level.key(label) < self.level.key(self.last):
            problems.add(
                checks.LABEL_ORDER,
                path,
                lineno,
                f"{kind} {show(label)} follows {show(self.last)}",
                f"put the labels in order; to insert, use an inserted label such as {show(self.last + 'a')}",
            )
        else:
            self._check_gap(label, lineno, scanner, id_prefix)
        self.seen[label] = lineno
        self.last = label
        return True

    def _check_gap(self, label: str, lineno: int, scanner: _Scanner, id_prefix: str) -> None:
        missing: list[str] = []
        candidate = self.level.predecessor(label)
        while candidate is not None and candidate not in self.seen:
            if id_prefix + candidate.lower() not in scanner.declared:
                missing.insert(0, candidate)
            candidate = self.level.predecessor(candidate)
        if not missing:
            return
        kind = self.kind
        after = f"follows {self.show(self.last)}" if self.last else "comes first"
        shown = _listing([self.show(m) for m in missing])
        ids = _listing([id_prefix + m.lower() for m in missing])
        verb = "is" if len(missing) == 1 else "are"
        scanner.problems.add(
            checks.LABEL_GAP,
            scanner.path,
            lineno,
            f"{kind} {self.show(label)} {after} ({shown} {verb} missing)",
            f"add {shown}, correct the label, or, if {ids} {'was' if len(missing) == 1 else 'were'} "
            f"published and then removed, declare {'it' if len(missing) == 1 else 'them'} "
            f"in {scanner.meta_path}: removed: [{ids}]",
        )
