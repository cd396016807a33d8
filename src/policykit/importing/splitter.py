"""The split itself: the source's lines into a preamble and sections, each section's body into
text, sub-headings and labelled units, then the files of the authoring syntax."""

from __future__ import annotations

import re

from policykit.importing.body import BodyState, match_translation
from policykit.importing.labelling import Labelling
from policykit.importing.labels import (
    ATTR_LINE_RE,
    HEADING_RE,
    ID_IN_ATTRS_RE,
    LIST_LINE_RE,
    NUMBER_RE,
    THEMATIC_RE,
    anchor_form,
    candidates,
    github_slug,
    heading_number,
    join_lines,
    kind_of,
    label_readers,
    readable,
    slugify,
    toc_slug,
    unescape,
)
from policykit.importing.listindent import ListIndent
from policykit.importing.units import (
    Guess,
    Imported,
    ImportedSection,
    ImportProblem,
    Section,
    Unit,
    looks_like_html,
)
from policykit.text import limits
from policykit.text.comments import FENCE_RE
from policykit.text.meta import FRAGMENT_RE, RESERVED_FRAGMENT_RE
from policykit.text.model import ID_RE

#: What stood before a unit's line, for the unit that follows: an anchor ((fragment, tag), line,
#: None) or an attribute line (its attributes, line, the line as written).
Pending = tuple[tuple[str, str] | str, int, str | None]


class Splitter(Labelling):
    """One pass over the source's lines into a preamble and sections, then the labels."""

    def split(self) -> Imported:
        html = looks_like_html(self.lines)
        if html:
            raise ImportProblem(
                "the file is HTML, not Markdown",
                f"convert it to Markdown first, e.g. pandoc -f html -t gfm {self.path} -o policy.md",
                path=self.path,
                line=html,
            )
        front_title = self.front_matter()
        self.inline_references()
        self.setext_headings()
        self.inline_anchors()
        headings = self.headings()
        level = self.section_level(headings)
        starts = self.section_starts(headings, level)
        title, title_index = None, None
        numbered = any(heading_number(self.strip_attrs(c, i + 1)[0]) is not None for i, c in starts)
        for index, lvl, content in headings:
            if index >= starts[0][0]:
                break
            if lvl < level or numbered:  # among numbered sections, the first heading, of any level
                title, title_index = self.strip_attrs(content, index + 1)[0], index
                self.guess(
                    index + 1,
                    f"the level-{lvl} heading before the first section is the "
                    "document's title and the preamble's heading",
                )
                break
        if self.front_end:
            said = ""
            if front_title and title_index is not None:
                said = f"; its title '{front_title}' is not used: the heading '{title}' (line {title_index + 1}) is the title"
            elif front_title:
                said = f"; its title '{front_title}' is the title for policy.yml, unless it has one for {self.language}"
            self.guesses.insert(
                0,
                Guess(self.path, 1, f"the front matter (lines 1 to {self.front_end}) is the old site's: dropped{said}"),
            )
        if title is None and front_title:
            title = front_title
        preamble = Unit("preamble", "", 0, 1)
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
        imported = Imported(
            self.language,
            title,
            files,
            dict(self.numbering_used),
            self.gaps,
            self.aliases,
            untranslated,
            self.guesses,
            self.path,
            heading_level=level,
            labelled=frozenset(self.labelled),
        )
        if self.reference is not None:
            match_translation(imported, self.reference, self)
        self.guesses.sort(key=lambda g: g.line)
        return imported

    # sections and their bodies

    def section(self, index: int, content: str, lines: range, level: int) -> Section:
        content, _ = self.strip_attrs(content, index + 1)
        unit = Unit("section", "", 0, index + 1)
        match = NUMBER_RE.match(unescape(content))
        title = content
        if match:
            label = match.group("any") or match.group("num") or match.group("upper")
            if label.isdigit() and int(label) > limits.MAX_NUMBER:  # read as a number, then refused by name
                raise ImportProblem(
                    f"the section heading '{content.strip()[:60]}' has "
                    f"the number {label[:12]}, above {limits.MAX_NUMBER}, more than any policy has",
                    "correct the number in the source; sections are numbered from 1 up",
                    path=self.path,
                    line=index + 1,
                )
            unit.written = label
            title = (match.group("title") or "").strip()
        section = Section(unit, title, [])
        self.slug_aliases(self.lines[index], unit, index + 1)
        self.land_anchors(index, unit)
        section.body = self.body(unit, lines, level)
        return section

    def body(self, owner: Unit, lines: range, level: int, skip: int | None = None) -> list:
        """The lines of a section (or the preamble) as text, sub-headings and labelled units."""
        headed = self.heading_labels(lines, level) if owner.kind == "section" else frozenset()
        state = BodyState(owner, headed)
        numbered = owner.kind == "section" and (bool(headed) or self.has_labels(lines))
        pending: list[Pending] = []  # anchors on lines of their own, for the unit that follows
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
            unit = self.labelled_heading(heading, index, level, state) if heading and numbered else None
            if unit is not None:
                items.append(("unit", unit))
                after = ""
            elif heading:
                items.append(self.sub_heading(heading, lineno, level, state.current))
                self.land_anchors(index, state.current)
                after = ""
            elif owner.kind == "section" and not opened:
                unit = state.label(line, lineno, self, mid=after)
                after = (
                    "label" if unit is not None else "bullet" if BULLET_RE.match(line) or after == "bullet" else "text"
                )
                if unit is None and BULLET_RE.match(line) and state.current.indent:
                    state.current.indent = 0  # a bullet list at the margin ends the clause's list item
                if unit is not None:
                    items.append(("unit", unit))
                else:
                    if blank and state.current.kind in ("clause", "subclause") and not state.current.heading:
                        self.deferred.append(
                            (
                                lineno,
                                f"text without a label is joined to {kind_of(state.current)} {{}} before it",
                                state.current,
                            )
                        )
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
        return opened_with_paragraph(items)

    def labelled_heading(self, heading: re.Match, index: int, level: int, state: BodyState) -> Unit | None:
        """The clause (or sub-clause) that a labelled sub-heading starts (`### a. Fees`, `### 5.1
        Payment`, `#### (a) Foo`, `### a\\. Fees`), its title in bold opening its text: `a. **Fees.**`;
        None for a heading that is no unit of the section."""
        content, _ = self.strip_attrs((heading.group("content") or "").strip(), index + 1)
        found = candidates(readable(content))
        if len(heading.group("hashes")) <= level or index in self.demoted or not found or found[0][0] == "-":
            return None
        unit = state.label(content, index + 1, self, heading=True)
        if unit is None:
            return None
        unit.heading = True
        title = unit.rest.strip()
        wrapped = re.fullmatch(r"(\*\*|__|\*|_)(.+)\1", title)
        title = (wrapped.group(2) if wrapped else title).replace("**", "").strip()
        unit.rest = "" if not title else f"**{title}**" if title[-1] in TITLE_ENDS else f"**{title}.**"
        self.slug_aliases(self.lines[index], unit, index + 1)
        self.land_anchors(index, unit)
        return unit

    @staticmethod
    def nested(line: str, lineno: int, unit: Unit, items: list) -> list:
        """A line nested in a list item that became a clause, de-indented by the item's
        indentation: the clause's own list (after a blank line, as Markdown wants) or its
        next paragraph, not text joined to the line before or a code block."""
        if not unit.indent or not line.startswith(" "):
            return [("text", lineno, line)]
        line = line[min(len(line) - len(line.lstrip(" ")), unit.indent) :]
        last = items[-1] if items else None
        after_text = last is not None and (
            last[0] == "unit" or last[0] == "text" and last[2].strip() and not LIST_LINE_RE.match(last[2])
        )
        if LIST_LINE_RE.match(line) and after_text:
            return [("text", lineno, ""), ("text", lineno, line)]
        return [("text", lineno, line)]

    def land(self, pending: list[Pending], unit: Unit) -> None:
        """Anchors and attribute lines that stood before `unit`'s line: their ids land on it."""
        for value, lineno, attr_line in pending:
            if isinstance(value, tuple):  # an anchor: (fragment, tag)
                self.anchor(*value, unit, lineno)
            elif attr_line is not None:  # an attribute line, and the line as written
                self.attribute_line(value, unit, lineno, attr_line)

    def land_anchors(self, index: int, unit: Unit) -> None:
        """The anchors of a heading's line land on the unit the heading starts (or stands in)."""
        for fragment, tag in self.line_anchors.get(index, []):
            self.anchor(fragment, tag, unit, index + 1)

    def has_labels(self, lines: range) -> bool:
        """Whether a section has a labelled line (else it has no clauses: its lists are its text)."""
        fence = None
        for index in lines:
            line = self.lines[index]
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            found = candidates(readable(line))
            if found and found[0][0] != "-":
                return True
        return False

    def heading_labels(self, lines: range, level: int) -> frozenset[str]:
        """The label shapes of a section's labelled sub-headings (`### a. Fees`: `a.`); with
        them, a list in the section stays a list, inside its clause."""
        found, fence = set(), None
        for index in lines:
            line = self.lines[index]
            if fence or FENCE_RE.match(line):
                fence = self.fence_after(line, fence)
                continue
            heading = HEADING_RE.match(line)
            if heading and len(heading.group("hashes")) > level and index not in self.demoted:
                content = self.strip_attrs((heading.group("content") or "").strip(), index + 1)[0]
                found |= {family for family, _ in candidates(readable(content)) if family != "-"}
        return frozenset(found)

    def sub_heading(self, heading: re.Match, lineno: int, level: int, current: Unit) -> tuple:
        depth = len(heading.group("hashes"))
        content, ids = self.strip_attrs((heading.group("content") or "").strip(), lineno)
        new = max(2, min(6, depth - level + 1))
        if lineno - 1 in self.demoted:
            self.deferred.append(
                (
                    lineno,
                    f"the heading '{content}' has no number, unlike the other sections: "
                    "kept as a sub-heading ('## ') of {}",
                    current,
                )
            )
        elif depth < level:
            where = "the preamble" if current.kind == "preamble" else "a section"
            self.guess(lineno, f"the level-{depth} heading inside {where} is made a sub-heading ('{'#' * new} ')")
        for fragment in ids:
            self.record(fragment, current, lineno)
        old = toc_slug(content)
        for slug in (github_slug(content),):
            if slug and slug != old:
                self.record(slug, current, lineno)
        return ("heading", lineno, new, content)

    def slug_aliases(self, line: str, unit: Unit, lineno: int) -> None:
        """The ids the old page's renderer gave this heading (GitHub's and MkDocs' slugs), and
        its own `{#id}`, all to land on the unit."""
        match = HEADING_RE.match(line)
        assert match is not None  # asked of the lines the split read as headings only
        content, ids = self.strip_attrs((match.group("content") or "").strip(), lineno)
        for fragment in ids:
            self.record(fragment, unit, lineno)
        for slug, sep in ((github_slug(content), "-"), (toc_slug(content), "_")):
            if not slug or (unit.kind == "preamble" and slug == toc_slug(content)):
                continue  # the page's own title keeps the id MkDocs gives it
            count = self.slug_counts.get(slug + sep, 0)
            self.slug_counts[slug + sep] = count + 1
            self.record(slug if count == 0 else f"{slug}{sep}{count}", unit, lineno)

    def attribute_line(self, attrs: str, unit: Unit, lineno: int, line: str) -> None:
        ids = ID_IN_ATTRS_RE.findall(attrs)
        for fragment in ids:
            self.record(fragment, unit, lineno, f"the attribute line '{line}'")
        if not ids:
            self.guess(lineno, f"the attribute line '{line}' is dropped")

    def anchor(self, fragment: str, tag: str, unit: Unit, lineno: int) -> None:
        self.record(fragment, unit, lineno, f"the anchor '{tag[:60]}'")

    def record(self, fragment: str, unit: Unit, lineno: int, held: str | None = None) -> None:
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
                kept = f"#{fragment} lands on {unit.id}" if why in (None, "same") else f"#{fragment} is not kept: {why}"
                self.guess(line, f"{held} is dropped; {kept}")
            elif why is not None and why != "same":
                self.guess(line, f"the old fragment '#{fragment}' is not kept as an alias: {why}")
        for lineno, message, unit in self.deferred:
            self.guess(lineno, message.replace("{}", unit.id))

    def not_an_alias(self, fragment: str, unit: Unit) -> str | None:
        """Why `fragment` cannot be an alias of `unit` ("same" when it is one already), or None."""
        if self.aliases.get(fragment) == unit.id:
            return "same"
        if fragment in self.aliases:
            return f"it lands on {self.aliases[fragment]} already"
        if fragment in self.all_ids:
            return f"it is the anchor of {fragment} in the new text, which an alias may not replace"
        if ID_RE.match(fragment) or anchor_form(fragment, self.numbering_used):
            return "it has the form of an anchor of the new text, which an alias may not have"
        if RESERVED_FRAGMENT_RE.match(fragment):
            return "it has the form of the site's own ids (policy-…, md-…)"
        if not FRAGMENT_RE.match(fragment):
            if len(fragment) > 100 and FRAGMENT_RE.match(fragment[:100]):  # a long heading's slug
                return f"it has {len(fragment)} characters, and an alias has at most 100"
            return "it has characters an alias may not have"
        return None

    def escape_label(self, line: str, lineno: int, readers: list[re.Pattern]) -> str:
        """A text line that would read as a label, with a backslash before its punctuation
        (`a\\.`, `\\(1)`): Markdown shows the same characters, the syntax sees text."""
        why = "continues the paragraph before it, so it" if lineno in self.wrapped else ""
        for reader in readers:
            if reader.match(line):
                start = len(line) - len(line.lstrip())
                at = next(i for i in range(start, len(line)) if line[i] in ".()")
                escaped = line[:at] + "\\" + line[at:]
                self.guess(
                    lineno,
                    f"the text '{line.strip()[:20]}' {why + ' ' if why else ''}is not a label"
                    f"{'' if why else ' here'}: escaped as '{escaped.strip()[:21]}', which reads the same",
                )
                return escaped
        if why:
            self.guess(lineno, f"the text '{line.strip()[:20]}' {why} is text, not a label")
        return line

    # files

    def preamble_file(self, preamble: Unit, title: str | None, body: list) -> ImportedSection:
        head = [f"# {title}", ""] if title is not None else []
        slug = slugify(title or "preamble")
        text = join_lines(head + self.render(body))
        return ImportedSection("0", f"00-{slug}.md", text, ["s0"], {"s0": 1})

    def section_file(self, section: Section) -> ImportedSection:
        unit = section.unit
        title = section.title
        head = f"# {unit.label}. {title}".rstrip()
        text = join_lines([head, ""] + self.render(section.body))
        ids = [unit.id] + [u.id for c in unit.children for u in [c] + c.children]
        lines = {unit.id: unit.line, **{u.id: u.line for c in unit.children for u in [c] + c.children}}
        name = f"{section.number:02d}-{slugify(title or unit.label)}.md"
        return ImportedSection(str(section.number), name, text, ids, lines)

    def render(self, body: list) -> list[str]:
        """The body's lines in the authoring syntax; a list's nested lines indented as MkDocs
        nests them (`listindent`)."""
        out, fence = [], None
        readers = label_readers(self.numbering_used)
        lists = ListIndent()
        for item in body:
            if item[0] == "text":
                line = item[2]
                if fence or FENCE_RE.match(line):  # code stays where it stands (a fence is one at 3 spaces at most)
                    fence = self.fence_after(line, fence)
                else:
                    out += lists.line(self.escape_label(line, item[1], readers), rule=bool(THEMATIC_RE.match(line)))
                    continue
                out.append(line)
            elif item[0] == "heading":
                lists.reset()
                out.append(f"{'#' * item[2]} {item[3]}")
            else:
                lists.reset()
                unit = item[1]
                out.append(f"{unit.written_new} {unit.rest}".rstrip())
                lists.after_text = bool(unit.rest.strip())  # its words are a paragraph that a list may interrupt
        return out


#: A bullet list's item at the margin (`- `, `* `, `+ `), not a rule.
BULLET_RE = re.compile(r"^[-*+][ \t]+(?![-*_ \t]*$)")
#: How a clause's title may end without a full stop added after it.
TITLE_ENDS = ".:;!?…"
#: A line that starts a block of its own, not a paragraph: indented code, a quote, a table, HTML,
#: a heading, a fence, an attribute line.
BLOCK_START_RE = re.compile(r"^(?: {4}|\t| {0,3}(?:[>|<#{]|```|~~~))")


def opened_with_paragraph(items: list) -> list:
    """`items` with the first paragraph after each labelled sub-heading's unit joined to its
    line (`a. **Fees.** Some of our services…`), the blank lines between them dropped; a list,
    table or code block after the heading stays a block of its own."""
    out, at = [], 0
    while at < len(items):
        item = items[at]
        out.append(item)
        at += 1
        if item[0] != "unit" or not item[1].heading:
            continue
        after = at
        while after < len(items) and items[after][0] == "text" and not items[after][2].strip():
            after += 1
        if after < len(items) and items[after][0] == "text" and is_paragraph(items[after][2]):
            item[1].rest = f"{item[1].rest} {items[after][2].strip()}".strip()
            at = after + 1
    return out


def is_paragraph(line: str) -> bool:
    """Whether `line` starts a paragraph (not a list, a table, code, a quote or a rule)."""
    return bool(line.strip()) and not (
        BLOCK_START_RE.match(line) or LIST_LINE_RE.match(line.lstrip()) or THEMATIC_RE.match(line)
    )
