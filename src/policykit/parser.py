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

import yaml

from . import checks, limits
from .checks import Problems
from .model import Unit
from .htmlcheck import check_line

CLAUSE_RE = re.compile(r"^(?P<label>[a-z]{1,3})\.(?:[ \t]+(?P<rest>.*))?$")
SUBCLAUSE_RE = re.compile(r"^\((?P<label>[1-9][0-9]*[a-z]{0,2})\)(?:[ \t]+(?P<rest>.*))?$")
UPPERCASE_RE = re.compile(r"^(?P<label>[A-Z])\.[ \t]+\S")
#: Lines an editor meant as labels but that the syntax does not read as labels.
MISSHAPEN = [
    (re.compile(r"^[ \t]+(?P<label>[a-z]{1,3}\.|\([1-9][0-9]*[a-z]{0,2}\))[ \t]+\S"),
     "'{label}' is indented, so it is not read as a label (the line belongs to the text before it)",
     "start the line with '{label}', without spaces or tabs before it"),
    (re.compile(r"^(?P<label>[a-z]{1,3})\)[ \t]+\S"),
     "'{label})' is not a label: clause labels end with a full stop",
     "write '{label}.'"),
    (re.compile(r"^(?P<label>[a-z]{1,3}\.)(?=[A-ZÅÄÖÉÜ])"),
     "'{label}' is followed by text without a space, so it is not read as a label",
     "put a space after '{label}'"),
]
NUMBERED_RE = re.compile(r"^(?P<number>[0-9]+[a-z]*)\.(?:[ \t]+(?P<title>.*))?$")
ATX_H1_RE = re.compile(r"^ {0,3}#(?=[ \t]|$)(?P<content>.*)$")
ATX_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
#: The `# N.` of a numbered heading line, for the span it takes.
HEADING_LABEL_RE = re.compile(r"^ {0,3}(?P<label>#[ \t]+[0-9]+[a-z]*\.)")
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
    meta_path: str = "policy/policy.yml",
) -> SectionFile:
    """Parse one section file (already decoded, LF line ends) into a `SectionFile`.

    `number` is the file's normalised number (`0` for the preamble); `declared` holds the ids
    that policy.yml declares moved or removed, which may leave gaps in the labels; `meta_path`
    is that policy.yml as messages name it.
    """
    lines = text.split("\n")
    result = SectionFile(path, number)
    start = _front_matter(lines, result, problems)
    if start is not None:  # None: the front matter never ends, so there is no text to scan
        _Scanner(result, problems, declared, meta_path).scan(lines, start)
    return result


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
                 meta_path: str = "policy/policy.yml"):
        self.result, self.problems, self.declared, self.meta_path = result, problems, declared, meta_path
        self.path = result.path
        self.section: Unit | None = None
        self.current: Unit | None = None
        self.clause: Unit | None = None
        self.fence: str | None = None
        self.markup = limits.ParagraphBounds()  # brackets per paragraph (limits.MAX_MARKUP)
        self.clause_seq = _LabelSequence("clause", _letter_key, _letter_predecessor)
        self.sub_seq: _LabelSequence | None = None
        self.first_text: int | None = None  # a line of text before the heading
        self.ended = False  # after a second heading: the rest is text, to avoid follow-on errors
        self.confused_heading = False  # a heading with a look-alike character: reported already

    def scan(self, lines: list[str], start: int) -> None:
        preamble = self.result.number == "0"
        if preamble:
            self.section = self.current = Unit("preamble", "s0", "0", self.path, start + 1)
        for index in range(start, len(lines)):
            self.line(lines[index], index + 1, preamble)
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
        if not self.markup.over:  # past the bound, reading the line's HTML would take as long
            check_line(text, lineno, self.path, self.problems)  # what the sanitiser will remove
        confused = not text[:HEAD].isascii() and _check_confusable(text, lineno, self.path, self.problems)
        self.confused_heading |= confused == "heading"
        heading = _h1(text)
        if heading is not None:
            self.heading(heading, lineno, preamble, bool(confused))
            return
        clause, sub = CLAUSE_RE.match(text), SUBCLAUSE_RE.match(text)
        if (clause or sub) and preamble:
            self.problems.add(checks.PREAMBLE_LABEL, self.path, lineno,
                              "the preamble has no clauses, but this line starts with a label",
                              "move the clause into a numbered section file, or reword the line's start")
        elif clause and self.section:
            return self.start_clause(clause.group("label"), clause.group("rest") or "", lineno)
        elif sub and self.section:
            return self.start_subclause(sub.group("label"), sub.group("rest") or "", lineno)
        for pattern, message, fix in MISSHAPEN:
            found = pattern.match(text)
            if found and self.section:
                label = found.group("label")
                self.problems.add(checks.MISSHAPEN_LABEL, self.path, lineno, message.format(label=label),
                                  fix.format(label=label))
        upper = UPPERCASE_RE.match(text)
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
        match = NUMBERED_RE.match(content)
        expected = self.result.number
        if confused:  # said already, with the character that is wrong
            pass
        elif not match or normalise_number(match.group("number")) != expected:
            found = f"'{match.group('number')}.'" if match else "no number"
            self.problems.add(checks.HEADING_NUMBER, self.path, lineno,
                              f"the heading has {found} but the file name says section {expected}",
                              f"write '# {expected}. {match.group('title') if match else content}', "
                              "or rename the file to match the heading")
        title = (match.group("title") or "").strip() if match else content
        self.section = self.current = Unit("section", f"s{expected}", expected, self.path, lineno, title)

    def start_clause(self, label: str, rest: str, lineno: int) -> None:
        if not self.clause_seq.accept(label, lineno, self, f"{self.section.id}-"):
            self.add_text(rest, lineno)
            return
        self.clause = self.current = Unit("clause", f"{self.section.id}-{label}", label,
                                          self.path, lineno, lines=[rest])
        self.section.children.append(self.clause)
        self.sub_seq = _LabelSequence("sub-clause", _number_key, _number_predecessor)

    def start_subclause(self, label: str, rest: str, lineno: int) -> None:
        digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
        if len(digits) > len(str(limits.MAX_NUMBER)) or int(digits) > limits.MAX_NUMBER:
            shown = label if len(label) <= 20 else label[:20] + "…"
            self.problems.add(checks.OUT_OF_RANGE, self.path, lineno,
                              f"sub-clause ({shown}) has a number above {limits.MAX_NUMBER}, "
                              "more than any clause needs",
                              "number the sub-clauses from (1) up; an inserted one takes a letter, e.g. (1a)")
            self.add_text(rest, lineno)
            return
        if self.clause is None:
            self.problems.add(checks.ORPHAN_SUBCLAUSE, self.path, lineno,
                              f"sub-clause ({label}) has no lettered clause before it",
                              "put it under a clause ('a. ...'), or remove the '(n)' label")
            self.add_text(rest, lineno)
            return
        if not self.sub_seq.accept(label, lineno, self, f"{self.clause.id}-"):
            self.add_text(rest, lineno)
            return
        sub = Unit("subclause", f"{self.clause.id}-{label}", label, self.path, lineno, lines=[rest])
        self.clause.children.append(sub)
        self.current = sub


def _reading(line: str) -> tuple[str, str | None] | None:
    """What the parser reads `line` as: ("heading", its number or None), ("clause", label),
    ("subclause", label), or None (text)."""
    content = _h1(line)
    if content is not None:
        match = NUMBERED_RE.match(content)
        return "heading", match.group("number") if match else None
    for kind, pattern in (("clause", CLAUSE_RE), ("subclause", SUBCLAUSE_RE)):
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


def _check_confusable(line: str, lineno: int, path: str, problems: Problems) -> str | None:
    """Report a line that reads as a label or heading once its look-alike and invisible
    characters are made plain, but not as it is written; what it would be, if reported
    ("heading", "clause", "subclause")."""
    head, tail = line[:HEAD], line[HEAD:]
    plain, became, where = _skeleton(head)
    looks = _reading(plain + tail)
    if looks is None or (looks[0] == "heading" and looks[1] is None and _reading(line) is not None):
        return None
    if _reading(line) == looks:
        return None
    if looks[0] == "heading":
        match = HEADING_LABEL_RE.match(plain)
        span = match.span("label") if match else (plain.index("#"), plain.index("#") + 1)
    else:
        match = (CLAUSE_RE if looks[0] == "clause" else SUBCLAUSE_RE).match(plain + tail)
        span = (match.start("label") - (looks[0] == "subclause"), match.end("label") + 1)
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


def _letter_key(label: str):
    return label


def _letter_predecessor(label: str) -> str | None:
    """The label that must come before `label`: `c` before `d`, `c` before `ca`, `ca` before `cb`."""
    if label[-1] > "a":
        return label[:-1] + chr(ord(label[-1]) - 1)
    return label[:-1] or None


def _number_key(label: str):
    digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(digits), label[len(digits):]


def _number_predecessor(label: str) -> str | None:
    """`(1)` before `(2)`, `(1)` before `(1a)`, `(1a)` before `(1b)`; `(1)` comes first."""
    digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
    suffix = label[len(digits):]
    if suffix:
        return digits + _letter_predecessor(suffix) if suffix[-1] > "a" else digits + suffix[:-1]
    return str(int(digits) - 1) if int(digits) > 1 else None


def _listing(items: list[str]) -> str:
    """`a, b, c`; a long list (up to 998 missing sub-clauses) shortened to its ends."""
    if len(items) <= 5:
        return ", ".join(items)
    return f"{', '.join(items[:3])} … {items[-1]}, {len(items)} labels"


def _show(kind: str, label: str) -> str:
    return f"({label})" if kind == "sub-clause" else f"'{label}'"


class _LabelSequence:
    """The labels of one list (the clauses of a section, the sub-clauses of a clause).

    Labels must be unique, in order, and without gaps, except for gaps left by ids that
    policy.yml declares moved or removed (a removed clause keeps its letter forever).
    """

    def __init__(self, kind: str, key, predecessor):
        self.kind, self.key, self.predecessor = kind, key, predecessor
        self.seen: dict[str, int] = {}
        self.last: str | None = None

    def accept(self, label: str, lineno: int, scanner: _Scanner, id_prefix: str) -> bool:
        problems, path, kind = scanner.problems, scanner.path, self.kind
        if label in self.seen:
            problems.add(checks.DUPLICATE_LABEL, path, lineno,
                         f"{kind} {_show(kind, label)} appears twice (first at line {self.seen[label]})",
                         "give the new one an inserted label after the one it follows, "
                         f"e.g. {_show(kind, self._inserted(label))}")
            return False
        if self.last is not None and self.key(label) < self.key(self.last):
            problems.add(checks.LABEL_ORDER, path, lineno,
                         f"{kind} {_show(kind, label)} follows {_show(kind, self.last)}",
                         "put the labels in order; to insert, use an inserted label "
                         f"such as {_show(kind, self._inserted(self.last))}")
        else:
            self._check_gap(label, lineno, scanner, id_prefix)
        self.seen[label] = lineno
        self.last = label
        return True

    def _check_gap(self, label: str, lineno: int, scanner: _Scanner, id_prefix: str) -> None:
        missing, candidate = [], self.predecessor(label)
        while candidate is not None and candidate not in self.seen:
            if id_prefix + candidate not in scanner.declared:
                missing.insert(0, candidate)
            candidate = self.predecessor(candidate)
        if not missing:
            return
        kind = self.kind
        after = f"follows {_show(kind, self.last)}" if self.last else "comes first"
        shown = _listing([_show(kind, m) for m in missing])
        ids = _listing([id_prefix + m for m in missing])
        verb = "is" if len(missing) == 1 else "are"
        scanner.problems.add(
            checks.LABEL_GAP, scanner.path, lineno,
            f"{kind} {_show(kind, label)} {after} ({shown} {verb} missing)",
            f"add {shown}, correct the label, or, if {ids} {'was' if len(missing) == 1 else 'were'} "
            f"published and then removed, declare {'it' if len(missing) == 1 else 'them'} "
            f"in {scanner.meta_path}: removed: [{ids}]")

    def _inserted(self, label: str) -> str:
        return label + "a"
