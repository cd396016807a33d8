"""The one parser of the authoring syntax: a line scanner that knows line numbers.

Site, lint, diff and policy.json all read the policy through `parse_section`, so they cannot
disagree about what is a clause. The Markdown extension does not look for labels itself: it
only renders the units found here (see `render.py`).

Syntax (the editors' guide, docs/en/editors.md): a file starts with `# N. Title` (N = the
file's number prefix); a line starting with a lower-case label and a dot (`a.`, inserted
`ca.`) starts a clause; a line starting with `(1)` (inserted `(1a)`) starts a sub-clause of
the clause before it; unlabelled text belongs to the unit before it. Labels inside fenced code blocks are not labels.

A line that would be a label or a heading but for a look-alike or invisible character at its
start (a no-break space after `d.`, a zero-width space before it, a Cyrillic `е`) is an
error (`confusable-label`): otherwise the clause would silently merge into the one before.
Numbers and titles beyond the bounds of `limits.py` are errors, checked before any work that
grows with them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import yaml

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.comments import Comments
from policykit.text.htmlcheck import check_line
from policykit.text.model import ANCHOR_RE, Unit
from policykit.text.numbering import Level, Numbering

#: The default scheme's patterns, kept under their old names (tests and tools use them).
CLAUSE_RE = re.compile(r"^(?P<label>[a-z]{1,3})\.(?:[ \t]+(?P<rest>.*))?$")
SUBCLAUSE_RE = re.compile(r"^\((?P<label>[1-9][0-9]*[a-z]{0,2})\)(?:[ \t]+(?P<rest>.*))?$")
UPPERCASE_RE = re.compile(r"^(?P<label>[A-Z])\.[ \t]+\S")
NUMBERED_RE = re.compile(r"^(?P<number>[0-9]+[a-z]*)\.(?:[ \t]+(?P<title>.*))?$")
ATX_H1_RE = re.compile(r"^ {0,3}#(?=[ \t]|$)(?P<content>.*)$")
ATX_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
#: The `# N.` of a numbered heading line, for the span it takes.
HEADING_LABEL_RE = re.compile(r"^ {0,3}(?P<label>#[ \t]+[0-9A-Za-z]+\.)")
#: Letters of other scripts that look like the Latin letters of labels. NFKC maps fullwidth and
#: mathematical forms (`ａ`, `（`, `．`) itself; upper-case look-alikes make no label anyway.
LOOKALIKES = str.maketrans({
    # Cyrillic
    "\u0430": "a", "\u0441": "c", "\u0501": "d", "\u0435": "e", "\u04bb": "h", "\u0456": "i",
    "\u0458": "j", "\u043e": "o", "\u0440": "p", "\u051b": "q", "\u0455": "s", "\u051d": "w",
    "\u0445": "x", "\u0443": "y",
    # Greek
    "\u03b1": "a", "\u03f2": "c", "\u03b9": "i", "\u03f3": "j", "\u03ba": "k", "\u03bf": "o",
    "\u03c1": "p", "\u03c5": "u", "\u03bd": "v", "\u03c7": "x", "\u03b3": "y",
    # Latin letters that look like others, and Armenian
    "\u0131": "i", "\u0261": "g", "\u0578": "n", "\u0585": "o", "\u057d": "u",
})
#: How far into a line a label (with invisible characters before it) can reach.
HEAD = 24

_TEXT = r"(?:[ \t]+(?P<rest>.*))?$"
#: The label of each scheme at the start of a line, and what follows it.
_LABEL = {
    "a.": r"(?P<label>[a-z]{1,3})\.", "(a)": r"\((?P<label>[a-z]{1,3})\)", "a)": r"(?P<label>[a-z]{1,3})\)",
    "1.": r"(?P<label>[1-9][0-9]*[a-z]{0,2})\.", "(1)": r"\((?P<label>[1-9][0-9]*[a-z]{0,2})\)",
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
_ANY_HEADING_RE = re.compile(r"^(?P<number>[0-9]+[a-z]*|[A-Z][a-z]*|[A-Z]{2,4})\.(?:[ \t]+(?P<title>.*))?$")


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
        written = "|".join(_LABEL[s].replace("SECTION", own).replace("?P<label>", "").replace("?P<parent>", "")
                           for s in (numbering.clause, numbering.subclause))
        self.misshapen = [
            (re.compile(rf"^[ \t]+(?P<label>(?:{written}))[ \t]+\S"),
             "'{label}' is indented, so it is not read as a label (the line belongs to the text before it)",
             "start the line with '{label}', without spaces or tabs before it")]
        if numbering.clause in ("a.", "1."):
            self.misshapen.append(
                (re.compile(r"^(?P<label>%s)(?=[A-ZÅÄÖÉÜ])" % _LABEL[numbering.clause].replace("?P<label>", "")),
                 "'{label}' is followed by text without a space, so it is not read as a label",
                 "put a space after '{label}'"))
        self.uppercase = numbering.clause == "a."

    def expected(self, number: str) -> str:
        """The heading label of the section file numbered `number` (`3a` -> `3a`, `Ca`, `IIIa`);
        past Z, where letters end, the number itself (the heading check says so)."""
        digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
        if int(digits) > (self.section.regular_max() or int(digits)):
            return number
        return self.section.write(int(digits), number[len(digits):])

    def beyond(self, number: str) -> bool:
        """Whether the scheme has no label for the file's number (a 27th lettered section)."""
        digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
        return number != "0" and int(digits) > (self.section.regular_max() or int(digits))

    def section_id(self, number: str) -> str:
        return "s0" if number == "0" else "s" + self.expected(number).lower()


@cache
def syntax(numbering: Numbering = Numbering()) -> Syntax:
    return Syntax(numbering)


@dataclass
class SectionFile:
    """A parsed section file: its front matter and the section (or preamble) it holds."""

    path: str
    number: str
    front_matter: dict = field(default_factory=dict)
    unit: Unit | None = None


def normalise_number(number: str) -> str:
    """`03a` -> `3a`: section numbers compare as numbers, whatever their zero padding (by
    their digits, never converted: a number of any length is safe to compare)."""
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return (digits.lstrip("0") or "0") + number[len(digits):]


def parse_section(
    text: str, path: str, number: str, problems: Problems, declared: frozenset[str] = frozenset(),
    meta_path: str = "policy/policy.yml", numbering: Numbering = Numbering(),
) -> SectionFile:
    """Parse one section file (already decoded, LF line ends) into a `SectionFile`.

    `number` is the file's normalised number (`0` for the preamble); `declared` holds the ids
    that policy.yml declares moved or removed, which may leave gaps in the labels; `meta_path`
    is that policy.yml as messages name it; `numbering` its scheme of labels.
    """
    lines = text.split("\n")
    result = SectionFile(path, number)
    start = _front_matter(lines, result, problems)
    listed = result.front_matter.get("untranslated")
    if isinstance(listed, list):  # a translation's units it lacks for now leave no gap in its labels
        declared = declared | frozenset(item for item in listed if isinstance(item, str))
    if start is not None:  # None: the front matter never ends, so there is no text to scan
        _Scanner(result, problems, declared, meta_path, syntax(numbering)).scan(lines, start)
        if result.unit is not None and "untranslated" in result.front_matter:
            result.unit.untranslated = _untranslated(result, problems)
    return result


def _untranslated(result: SectionFile, problems: Problems) -> tuple[str, ...]:
    """`untranslated: [s3-b]`: units of this section that a translation lacks for now (the
    section's own anchor: its title and text, and every clause the file does not have)."""
    value, section = result.front_matter["untranslated"], result.unit.id
    example = result.unit.children[-1].id if result.unit.children else f"{section}-…"
    fix = f"list anchors of this section, such as untranslated: [{example}], or [{section}] for all of it"
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(checks.FRONT_MATTER, result.path, 2, "untranslated: must be a list of anchors", fix)
        return ()
    for item in value:
        if not ANCHOR_RE.match(item) or not (item == section or item.startswith(section + "-")):
            problems.add(checks.FRONT_MATTER, result.path, 2,
                         f"untranslated: '{item[:30]}' is not an anchor of section {result.unit.cite}", fix)
    return tuple(i for i in value if ANCHOR_RE.match(i) and (i == section or i.startswith(section + "-")))


def _front_matter(lines: list[str], result: SectionFile, problems: Problems) -> int | None:
    """Read optional `---` front matter; return the index of the first body line."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.add(checks.FRONT_MATTER, result.path, 1, "front matter opened by '---' is never closed",
                     "end it with a line '---'")
        return None
    text = "\n".join(lines[1:end])
    refused = limits.yaml_guard(text, yaml.SafeLoader)
    if refused:
        line, message, fix = refused
        problems.add(checks.FRONT_MATTER, result.path, line + 1, f"the front matter {message}", fix)
        return end + 1
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problems.add(checks.FRONT_MATTER, result.path, line, "front matter is not valid YAML",
                     "write 'key: value' lines between the two '---' lines")
        return end + 1
    if data is not None and not isinstance(data, dict):
        problems.add(checks.FRONT_MATTER, result.path, 2, "front matter is not a mapping",
                     "write 'key: value' lines between the two '---' lines")
    else:
        result.front_matter = data or {}
    return end + 1


def _h1(line: str) -> str | None:
    """The text of a CommonMark ATX level-1 heading, or None if the line is not one."""
    match = ATX_H1_RE.match(line)
    if not match:
        return None
    return ATX_CLOSE_RE.sub("", match.group("content").strip()).strip()


class _Scanner:
    """Walks the lines of one file once, building units and reporting problems."""

    def __init__(self, result: SectionFile, problems: Problems, declared: frozenset[str],
                 meta_path: str, syntax: Syntax):
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
        self.sub_seq: _LabelSequence | None = None
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
            self.problems.add(checks.UNCLOSED_COMMENT, self.path, lineno,
                              "a comment opens here ('<!--') but is never closed, so the page shows it as text",
                              "end the comment with '-->', or remove the '<!--'")
        if self.section is None and not self.confused_heading:
            self.problems.add(checks.NO_HEADING, self.path, self.first_text or start + 1,
                              "the file has no section heading",
                              f"start it with '# {self.result.number}. Title'")
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
            check_line(text, lineno, self.path, self.problems, record=True)  # what the sanitiser will remove
        confused = not text[:HEAD].isascii() and _check_confusable(text, lineno, self.path, self.problems,
                                                                   self.syntax)
        self.confused_heading |= confused == "heading"
        heading = _h1(text)
        if heading is not None:
            self.heading(heading, lineno, preamble, bool(confused))
            return
        clause, sub = self.syntax.clause.match(text), self.syntax.sub.match(text)
        if (clause or sub) and preamble:
            self.problems.add(checks.PREAMBLE_LABEL, self.path, lineno,
                              "the preamble has no clauses, but this line starts with a label",
                              "move the clause into a numbered section file, or reword the line's start")
        elif clause and self.section:
            return self.start_clause(clause, lineno)
        elif sub and self.section:
            return self.start_subclause(sub, lineno)
        if self.section and not preamble:
            self.check_foreign(text, lineno)
        for pattern, message, fix in self.syntax.misshapen:
            found = pattern.match(text)
            if found and self.section:
                label = found.group("label")
                self.problems.add(checks.MISSHAPEN_LABEL, self.path, lineno, message.format(label=label),
                                  fix.format(label=label))
        upper = UPPERCASE_RE.match(text) if self.syntax.uppercase else None
        if upper and self.section:
            label = upper.group("label")
            self.problems.add(checks.UPPERCASE_LABEL, self.path, lineno,
                              f"'{label}.' looks like a clause label, but labels are lower-case",
                              f"write '{label.lower()}.' to make it clause {label.lower()}, "
                              "or reword the line's start")
        self.add_text(text, lineno)

    def add_text(self, text: str, lineno: int) -> None:
        if self.current is not None:
            self.current.lines.append(text)
        elif text.strip() and self.first_text is None:
            self.first_text = lineno

    def heading(self, content: str, lineno: int, preamble: bool, confused: bool = False) -> None:
        if len(content) > limits.MAX_TITLE:
            self.problems.add(checks.OUT_OF_RANGE, self.path, lineno,
                              f"the heading is {len(content)} characters long, more than the "
                              f"{limits.MAX_TITLE} a title may have", "shorten it")
            content = content[:limits.MAX_TITLE]
        if preamble:
            if self.section.title is None and not any(l.strip() for l in self.section.lines):
                self.section.title = content
                return
            self.problems.add(checks.SECOND_HEADING, self.path, lineno,
                              "the preamble has a second level-1 heading",
                              "use '## ' for a heading inside the preamble")
            return
        if self.section is not None:
            self.problems.add(checks.SECOND_HEADING, self.path, lineno,
                              f"a second level-1 heading in section {self.result.number}",
                              "a file holds one section: use '## ' for a sub-heading, "
                              "or move the new section to a file of its own")
            self.ended = True
            return
        if self.first_text is not None:
            self.problems.add(checks.TEXT_BEFORE_HEADING, self.path, self.first_text,
                              "text stands before the section heading",
                              f"start the file with '# {self.result.number}. Title' and put the text after it")
        syntax, number = self.syntax, self.result.number
        expected = syntax.expected(number)
        if syntax.beyond(number):
            self.problems.add(checks.OUT_OF_RANGE, self.path, lineno,
                              f"section {number} has no letter: sections lettered A to Z are 26 at most",
                              "insert a section with a letter after the one it follows (a file 26a-….md "
                              "holds '# Za.'), or number the sections: numbering: {section: \"1.\"}")
            confused = True  # the heading cannot be right: said once
        match = syntax.heading.match(content)
        if match and syntax.section.counter == "number":
            right = normalise_number(match.group("number")) == expected
        else:
            right = bool(match) and match.group("number") == expected
        if not right and not confused:  # a confusable heading is said already, with the character
            written = match or _ANY_HEADING_RE.match(content)
            found = f"'{written.group('number')}.'" if written else "no number"
            says = (f"section {number}" if syntax.numbering.section == "1." else
                    f"section {number}, which is '{expected}.' in this policy's numbering")
            self.problems.add(checks.HEADING_NUMBER, self.path, lineno,
                              f"the heading has {found} but the file name says {says}",
                              f"write '# {expected}. {(written.group('title') or '') if written else content}', "
                              "or rename the file to match the heading")
        title = (match.group("title") or "").strip() if match else content
        section_id = syntax.section_id(number)
        if number != "0" and not syntax.beyond(number) and syntax.numbering.parts(section_id)[0] != expected:
            regular = syntax.numbering.parts(section_id)[0]
            self.problems.add(checks.LABEL_COLLISION, self.path, lineno,
                              f"the inserted section '{expected}.' would have the anchor #{section_id}, which is "
                              f"section {regular}'s: under Roman numerals an inserted label's letters must not "
                              "continue the numeral",
                              "insert with the letter a or b instead: a file "
                              f"{number.rstrip('abcdefghijklmnopqrstuvwxyz')}a-….md holding "
                              f"'# {syntax.section.write(int(number.rstrip('abcdefghijklmnopqrstuvwxyz')), 'a')}.'")
        self.section = self.current = self.unit("section", section_id, expected, lineno, title=title)

    def start_clause(self, match: re.Match, lineno: int) -> None:
        label, rest = match.group("label"), match.group("rest") or ""
        if not self.within_bounds("clause", label, lineno) or not self.right_parent(
                match, self.section.label, "clause", lineno):
            self.add_text(rest, lineno)
            return
        if not self.clause_seq.accept(label, lineno, self, f"{self.section.id}-", self.section.label):
            self.add_text(rest, lineno)
            return
        self.clause = self.current = self.unit("clause", f"{self.section.id}-{label.lower()}", label, lineno,
                                               lines=[rest])
        self.section.children.append(self.clause)
        self.sub_seq = _LabelSequence(self.syntax.sub_level)

    def start_subclause(self, match: re.Match, lineno: int) -> None:
        label, rest = match.group("label"), match.group("rest") or ""
        level = self.syntax.sub_level
        if not self.within_bounds("sub-clause", label, lineno):
            self.add_text(rest, lineno)
            return
        if self.clause is None:
            clauses = self.syntax.clause_level
            written = match.group(0).split()[0]
            lettered = "lettered " if clauses.counter == "letter" else ""
            self.problems.add(checks.ORPHAN_SUBCLAUSE, self.path, lineno,
                              f"sub-clause {written} has no {lettered}clause before it",
                              f"put it under a clause ('{clauses.shown(clauses.write(1), self.section.label)} ...'), "
                              f"or remove the '{'(n)' if level.scheme == '(1)' else written}' label")
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

    def unit(self, kind: str, unit_id: str, label: str, lineno: int, **more) -> Unit:
        numbering = self.syntax.numbering
        return Unit(kind, unit_id, label, self.path, lineno, mark=numbering.mark(unit_id),
                    cite=numbering.cite(unit_id), **more)

    def within_bounds(self, kind: str, label: str, lineno: int) -> bool:
        """Numbered labels stay below limits.MAX_NUMBER, checked before any work grows with them."""
        digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
        if not digits.isdigit() or (len(digits) <= len(str(limits.MAX_NUMBER)) and int(digits) <= limits.MAX_NUMBER):
            return True
        shown = label if len(label) <= 20 else label[:20] + "…"
        first = "(1)" if kind == "sub-clause" else "1"
        self.problems.add(checks.OUT_OF_RANGE, self.path, lineno,
                          f"{kind} ({shown}) has a number above {limits.MAX_NUMBER}, "
                          f"more than any {'clause' if kind == 'sub-clause' else 'section'} needs",
                          f"number the {kind}s from {first} up; an inserted one takes a letter, e.g. "
                          f"{'(1a)' if kind == 'sub-clause' else '1a'}")
        return False

    def right_parent(self, match: re.Match, parent: str, kind: str, lineno: int) -> bool:
        """A decimal label starts with its parent's label: `4.2` stands in section 4 only."""
        written = match.groupdict().get("parent")
        if written is None or written == parent:
            return True
        label = f"{written}.{match.group('label')}"
        self.problems.add(checks.LABEL_PARENT, self.path, lineno,
                          f"{kind} '{label}' stands under '{parent}', but its label starts with '{written}'",
                          f"write '{parent}.{match.group('label')}', or move it to where '{written}' is")
        return False

    def check_foreign(self, text: str, lineno: int) -> None:
        """A line that starts with a label of a scheme the policy does not declare."""
        for kind, scheme, pattern in self.syntax.foreign:
            found = pattern.match(text)
            if not found:
                continue
            numbering, label = self.syntax.numbering, found.group("label")
            level = self.syntax.clause_level if kind == "clause" else self.syntax.sub_level
            own = label.strip("().")
            written = f"'{level.shown(own, self.section.label)}'" if (
                own.isalnum() and not level.decimal and own.isdigit() == (level.counter == "number")
            ) else "a label of the policy's"
            at = next(i for i, char in enumerate(label) if char in ".()")
            escaped = label[:at] + "\\" + label[at:]
            self.problems.add(
                checks.FOREIGN_LABEL, self.path, lineno,
                f"'{label}' is a label of the scheme '{scheme}', not of this policy's ('{numbering.clause}' "
                f"for clauses, '{numbering.subclause}' for sub-clauses), so it is not read as a label",
                f"write {written}, or declare the scheme in {self.meta_path}: "
                f"numbering: {{{kind}: \"{scheme}\"}}; if the line is text, write '{escaped}' "
                "(with a backslash), or join the line to the one before")
            return


def _reading(line: str, syntax: Syntax) -> tuple[str, str | None] | None:
    """What the parser reads `line` as: ("heading", its number or None), ("clause", label),
    ("subclause", label), or None (text)."""
    content = _h1(line)
    if content is not None:
        match = syntax.heading.match(content)
        return "heading", match.group("number") if match else None
    for kind, pattern in (("clause", syntax.clause), ("subclause", syntax.sub)):
        match = pattern.match(line)
        if match:
            return kind, match.group("label")
    return None


def _skeleton(head: str) -> tuple[str, list[str], list[int]]:
    """`head` as it looks: format (invisible) characters dropped, NFKC, look-alike letters
    made Latin, other spaces made ' ' (dropped before the first visible character). Also what
    each character became, and where in the skeleton it went."""
    out, became, where = "", [], []
    for char in head:
        category = unicodedata.category(char)
        if category == "Cf":
            mapped = ""
        elif category == "Zs" and char != " ":
            mapped = " " if out.strip() else ""
        elif char.isascii():
            mapped = char
        else:
            mapped = unicodedata.normalize("NFKC", char).translate(LOOKALIKES)
        where.append(len(out))
        became.append(mapped)
        out += mapped
    return out, became, where


def _check_confusable(line: str, lineno: int, path: str, problems: Problems, syntax: Syntax) -> str | None:
    """Report a line that reads as a label or heading once its look-alike and invisible
    characters are made plain, but not as it is written; what it would be, if reported
    ("heading", "clause", "subclause")."""
    head, tail = line[:HEAD], line[HEAD:]
    plain, became, where = _skeleton(head)
    looks = _reading(plain + tail, syntax)
    if looks is None or (looks[0] == "heading" and looks[1] is None and _reading(line, syntax) is not None):
        return None
    if _reading(line, syntax) == looks:
        return None
    if looks[0] == "heading":
        match = HEADING_LABEL_RE.match(plain)
        span = match.span("label") if match else (plain.index("#"), plain.index("#") + 1)
    else:
        match = (syntax.clause if looks[0] == "clause" else syntax.sub).match(plain + tail)
        span = (match.start("parent") if match.groupdict().get("parent") else
                match.start("label") - (plain[match.start("label") - 1:match.start("label")] == "("),
                match.end("label") + (plain[match.end("label"):match.end("label") + 1] in ".)"))
    label = plain[span[0]:span[1]]
    index = next(i for i, char in enumerate(head) if became[i] != char)
    char, mapped, at = head[index], became[index], where[index]
    word = "heading" if looks[0] == "heading" else "label"
    desc = limits.describe(char)
    invisible = unicodedata.category(char) in ("Cf", "Zs")
    if at < span[0] or (at == span[0] and not mapped):
        message = f"the line starts with {desc} before '{label}', so it is not read as a {word}"
        fix = f"delete it: '{label}' stands at the very start of the line"
    elif at >= span[1]:
        message = f"the {word} '{label}' is followed by {desc}, so it is not read as a {word}"
        fix = "type an ordinary space" if mapped == " " else f"delete it, and type an ordinary space after '{label}'"
    elif invisible:
        message = f"'{label}' has {desc} in it, so it is not read as a {word}"
        fix = "type an ordinary space" if mapped == " " else "delete it"
    else:
        written = "".join(head[i] for i in range(len(head)) if span[0] <= where[i] < span[1] and became[i])
        message = (f"'{written}' is written with {desc}, which looks like '{mapped}', "
                   f"so it is not read as a {word}")
        fix = f"type '{label}' with the Latin letter '{mapped}'" if char.isalpha() else f"type '{label}'"
    problems.add(checks.CONFUSABLE_LABEL, path, lineno, message, fix)
    return looks[0]


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
            problems.add(checks.DUPLICATE_LABEL, path, lineno,
                         f"{kind} {show(label)} appears twice (first at line {self.seen[label]})",
                         "give the new one an inserted label after the one it follows, "
                         f"e.g. {show(label + 'a')}")
            return False
        if self.last is not None and self.level.key(label) < self.level.key(self.last):
            problems.add(checks.LABEL_ORDER, path, lineno,
                         f"{kind} {show(label)} follows {show(self.last)}",
                         "put the labels in order; to insert, use an inserted label "
                         f"such as {show(self.last + 'a')}")
        else:
            self._check_gap(label, lineno, scanner, id_prefix)
        self.seen[label] = lineno
        self.last = label
        return True

    def _check_gap(self, label: str, lineno: int, scanner: _Scanner, id_prefix: str) -> None:
        missing, candidate = [], self.level.predecessor(label)
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
            checks.LABEL_GAP, scanner.path, lineno,
            f"{kind} {self.show(label)} {after} ({shown} {verb} missing)",
            f"add {shown}, correct the label, or, if {ids} {'was' if len(missing) == 1 else 'were'} "
            f"published and then removed, declare {'it' if len(missing) == 1 else 'them'} "
            f"in {scanner.meta_path}: removed: [{ids}]")
