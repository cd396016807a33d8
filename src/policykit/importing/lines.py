"""The source's lines made ready for the split: an old site's front matter dropped, reference
links and anchor tags written inline, underlined headings read as `#` ones; then the headings,
the level whose headings are the sections (where their numbers run, `1\\.` escaped or not), and
the headings that start sections."""

from __future__ import annotations

import re

import yaml

from policykit.importing.labels import (
    ANCHOR_TAG_RE,
    ATTR_TAIL_RE,
    HEADING_RE,
    HREF_RE,
    ID_ATTR_RE,
    ID_IN_ATTRS_RE,
    LINK_DEFINITION_RE,
    REFERENCE_LINK_RE,
    SETEXT_RE,
    THEMATIC_RE,
    heading_number,
    run_score,
    section_scheme,
    section_value,
)
from policykit.importing.units import Guess, Imported, ImportProblem, ImportProblems, Unit
from policykit.text.comments import FENCE_RE


class Lines:
    """The source's lines and what the split finds in them (the splitter's base)."""

    def __init__(
        self,
        text: str,
        path: str,
        language: str,
        heading_level: int | None,
        numbering: dict | None,
        reference: Imported | None,
        previous_level: int | None = None,
    ):
        self.path, self.language, self.previous_level = path, language, previous_level
        self.lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.heading_level, self.numbering, self.reference = heading_level, numbering, reference
        self.guesses: list[Guess] = []
        self.gaps: list[str] = []
        self.aliases: dict[str, str] = {}
        self.alias_targets: list[tuple[str, Unit, int, str | None]] = []  # fragment, unit, line, what held it
        self.line_anchors: dict[int, list[tuple[str, str]]] = {}  # line index -> (id, tag) of its anchors
        self.anchor_only: set[int] = set()  # indexes of lines that held nothing but anchors
        self.slug_counts: dict[str, int] = {}
        self.gap_guesses: dict[str, Guess] = {}  # a gap's id -> its guess
        self.demoted: set[int] = set()  # indexes of section-level headings kept as sub-headings
        self.deferred: list[tuple[int, str, Unit]] = []  # guesses that name a unit's id, "{}"
        self.errors: list[ImportProblem] = []  # problems of the labels, all named before stopping
        self.front_end = 0  # the last line of an old site's front matter, if there is one
        self.wrapped: set[int] = set()  # lines with a label that continue the paragraph before them
        self.labelled: set[str] = set()  # the levels whose scheme the text's own labels decide

    def error(self, line: int, message: str, fix: str) -> None:
        self.errors.append(ImportProblem(message, fix, path=self.path, line=line))

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
            raise ImportProblem(
                "the file starts with '---', a front matter, which no line '---' closes",
                "end the front matter with a line '---', or delete the first line",
                path=self.path,
                line=1,
            )
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
            if definition := LINK_DEFINITION_RE.match(line):
                ref = definition.group("ref")
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
                out.append(line[at : match.start()])
                at = match.end()
                found.append((match.group("id"), match.group(0)))
                href = HREF_RE.search(match.group("attrs"))
                if href and href.group("href") != "#" + match.group("id"):  # a link: it stays, without its id
                    out.append(ID_ATTR_RE.sub("", match.group(0)))
                    continue
                if not match.group("closed"):
                    close = re.compile(rf"</{match.group('tag')}[ \t]*>", re.IGNORECASE).search(line, at)
                    if close:  # the text inside stays where it was
                        line = line[: close.start()] + line[close.end() :]
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
            text, before = self.lines[index - 1], self.lines[index - 2] if index > 1 else ""
            if (
                not text.strip()
                or text.startswith((" " * 4, "\t"))
                or HEADING_RE.match(text)
                or re.match(r"^ {0,3}(?:[-*+>|]|[0-9]+[.)]|```|~~~)", text)
                or before.strip()
                and not (HEADING_RE.match(before) or THEMATIC_RE.match(before))
            ):
                continue  # no heading: a paragraph's last line over a rule (a heading or rule may stand before)
            level = 1 if underline.group("bar")[0] == "=" else 2
            # CommonMark's own heading, no guess to report (a long text would say it 100 times)
            self.lines[index - 1], self.lines[index] = f"{'#' * level} {text.strip()}", ""

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
        """The level of the section headings: the one named, else the level whose headings carry
        the run of section numbers (1, 2, 3 …), else, for a text without numbers, the shallowest
        level that occurs more than once (the level of the commit before, where it does), or the
        one heading below a title (one section). Levels with runs alike are told apart by the
        level of the commit before (`previous_level`); a level unlike that one is reported."""
        if self.heading_level is not None:
            if not any(level == self.heading_level for _, level, _ in headings):
                raise self.no_sections(f"no level-{self.heading_level} heading ('{'#' * self.heading_level} ')")
            return self.heading_level
        numbers: dict[int, list[str]] = {}
        for index, level, content in headings:
            written = heading_number(self.strip_attrs(content, index + 1)[0])
            if written is not None:
                numbers.setdefault(level, []).append(written)
        runs = {level: score for level, score in ((lvl, run_score(found)) for lvl, found in numbers.items()) if score}
        if runs:
            best = max(runs.values())
            tied = sorted(level for level, score in runs.items() if score == best)
            level = self.previous_level if self.previous_level in tied else tied[0]
            why = "the level whose headings carry the sections' numbers"
            if len(tied) > 1:
                why += f" (levels {', '.join(map(str, tied))} carry as many: " + (
                    "the level of the commit before)" if level == self.previous_level else "the shallowest)"
                )
        else:
            counts: dict[int, int] = {}
            for _, level, _ in headings:
                counts[level] = counts.get(level, 0) + 1
            levels = sorted(level for level, count in counts.items() if count > 1 and level <= 4)
            title = headings[0][1] if headings else None  # a first heading alone at its level: the title
            single = sorted(level for level in counts if level <= 4 and not (level == title and counts[level] == 1))
            if not single and len(headings) == 1 and 2 <= headings[0][1] <= 4:
                single, title = [headings[0][1]], 1  # one `## Section` and no title: one section
            if self.previous_level in levels:
                level, why = self.previous_level, "the level of the commit before"
            elif levels:
                level, why = levels[0], "the shallowest level that occurs more than once"
            elif single and title is not None and title < single[0]:  # `# Title`, then one `## Section`: one section
                level = self.previous_level if self.previous_level in single else single[0]
                why = (
                    "the one heading below the title" if len(headings) > 1 else "the text's one heading"
                ) + ": the text has one section"
            else:
                raise self.no_sections("no heading level from '# ' to '#### ' occurs more than once")
        first = next(
            index
            for index, lvl, content in headings
            if lvl == level and (not runs or heading_number(self.strip_attrs(content, index + 1)[0]) is not None)
        )
        if self.previous_level is not None and level != self.previous_level:
            self.guess(
                first + 1,
                f"sections are the level-{level} headings ('{'#' * level} '), not level "
                f"{self.previous_level} as in the commit before: {why}",
            )
        else:
            self.guess(first + 1, f"sections are the level-{level} headings ('{'#' * level} '), {why}")
        return level

    def section_starts(self, headings: list[tuple[int, int, str]], level: int) -> list[tuple[int, str]]:
        """The headings that start sections: all of the level, or, where some have a number,
        only those (an unnumbered "Introduction" among numbered sections is a sub-heading), and
        a numbered heading of another level that continues their run (`### 14.` between
        `#### 13.` and `#### 15.`)."""
        starts = [(index, content) for index, lvl, content in headings if lvl == level]
        numbered = [
            (index, content)
            for index, content in starts
            if heading_number(self.strip_attrs(content, index + 1)[0]) is not None
        ]
        if not numbered:
            return starts
        self.demoted = {index for index, _ in starts} - {index for index, _ in numbered}
        written = [w for i, c in numbered if (w := heading_number(self.strip_attrs(c, i + 1)[0])) is not None]
        scheme = self.numbering["section"] if self.numbering else section_scheme(written)
        values = {index: section_value(w, scheme) for (index, _), w in zip(numbered, written)}
        others = [
            (index, depth, content, section_value(number, scheme))
            for index, depth, content in headings
            if depth != level and (number := heading_number(self.strip_attrs(content, index + 1)[0]))
        ]
        found = True
        while found:  # `#### 1.`, `#### 2.` before `## 3.`: each one found lets the next fit
            found = False
            for index, depth, content, value in others:
                if value is None or index in values or not self.continues(values, index, depth, level, value):
                    continue
                values[index], found = value, True
                numbered.append((index, content))
                self.guess(
                    index + 1,
                    f"the level-{depth} heading '{content.strip()[:40]}' continues the "
                    "sections' numbers: read as a section",
                )
        return sorted(numbered)

    @staticmethod
    def continues(values: dict[int, int | None], index: int, depth: int, level: int, value: int) -> bool:
        """Whether a numbered heading of another level than the sections' stands in their run:
        its number lies between the sections' around it and next to one of them (`### 14.`
        between `#### 13.` and `#### 15.`). A deeper one needs a section after it, since the
        last section's numbered sub-headings would fit too."""
        before = max((i for i in values if i < index), default=None)
        after = min((i for i in values if i > index), default=None)
        prev = values[before] if before is not None else 0
        follows = values[after] if after is not None else None
        if prev is None or (follows is None and depth > level):
            return False
        return prev < value < (follows or value + 1) and (value == prev + 1 or value + 1 == follows)

    def strip_attrs(self, content: str, line: int) -> tuple[str, list[str]]:
        """A heading's text without a trailing `{: #id}` / `{#id}`, and those ids."""
        match = ATTR_TAIL_RE.search(content)
        if not match:
            return content, []
        return content[: match.start()], ID_IN_ATTRS_RE.findall(match.group("attrs"))

    def no_sections(self, why: str) -> ImportProblem:
        shown = [line for line in self.lines if line.strip()][:5]
        looked = "; ".join(repr(line[:60]) for line in shown) or "nothing but blank lines"
        return ImportProblem(
            f"no recognisable sections: {why}; the first lines are {looked}",
            "make each section a Markdown heading ('## 1. Title'), or name the level of "
            "the section headings with --heading-level N",
            path=self.path,
        )
