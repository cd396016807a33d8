"""What a reader gets of a unit's Markdown, as one string: the text that redlines compare and
that decides whether a clause changed.

A reader gets more than the words. A link's target is where the words send them; an image is
its source and its alternative text (what a screen reader says, and what shows when the image
does not load); a `title` or `aria-label` is read out or shown on hover (an abbreviation's
expansion); emphasis, code style, strike-through and the like are how the words look, and a
disclaimer that loses its bold changes. A redline that left these out would call a version
"changed" and then show nothing, or worse, show nothing where a link now goes elsewhere.

So the rendered HTML is read with a real parser (comments, scripts and styles are not text)
and written out as the words, with *marks* for the rest:

    OPEN kinds SEP body CLOSE

`OPEN`, `SEP`, `CLOSE` and `SPACE` (a space inside a body) are Unicode noncharacters, which no
text carries (any the editor's text has are made U+FFFD first). A mark has no whitespace and
so is one token of the redline (redline.TOKEN_RE), never split at a sentence or paragraph end
nor cut by the common beginning of two texts. `kinds` are characters that are not word
characters, so a mark counts as "no word" where only its body says so:

- formatting, one mark per word or punctuation mark, its kinds those of FORMATS
  (`*` strong, `/` emphasis, ...): `**Note** that` is `<*>Note that`;
- `@` a link's target, after the link's words: `our processors <@→ https://example.org/p>`;
- `!` an image: `<!▣ logo.png “Our logo”>`;
- `?` a title or aria-label of another element, after it: `GDPR <?ℹ “General Data …”>`;
- `:` between a section's title and its text (`SECTION_BREAK`): a title that takes words
  from the text is a change.

`redline.to_html` shows a mark as the reader would see it (bold as bold, a target as a small
marked URL); `plain` drops the marks: the words alone, as policy.json and the page show them.
What is not a mark and not a word does not count: line breaks and spacing, list bullets and
numbers, a table's shape, and the Markdown used to write the same thing (`*x*` or `_x_`, an
inline link or a reference). Such an edit is listed as layout only.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import markdown

from policykit.text.sanitise import BLOCK, sanitise

OPEN, CLOSE, SEP, SPACE = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
#: Every character a mark uses: never in a text (made U+FFFD).
OWN = re.compile("[\ufdd0-\ufdd3]")
#: One mark: its kinds and its body.
MARK = re.compile(f"{OPEN}([^{OPEN}{SEP}{CLOSE}]*){SEP}([^{OPEN}{CLOSE}]*){CLOSE}")

#: Formatting kinds, in the order their tags nest (`<strong><em>…`), with the HTML they come from.
FORMATS = {"*": "strong", "/": "em", "+": "u", "~": "s", "=": "mark", "-": "small", "^": "sup", ".": "sub", "`": "code"}
_FORMAT_OF = {
    "strong": "*",
    "b": "*",
    "em": "/",
    "i": "/",
    "cite": "/",
    "dfn": "/",
    "var": "/",
    "u": "+",
    "ins": "+",
    "s": "~",
    "del": "~",
    "strike": "~",
    "mark": "=",
    "small": "-",
    "sup": "^",
    "sub": ".",
    "code": "`",
    "kbd": "`",
    "samp": "`",
    "tt": "`",
}
LINK, IMAGE, NOTE, HEAD = "@", "!", "?", ":"
SECTION_BREAK = f"{OPEN}{HEAD}{SEP}:{SPACE}{CLOSE}"

#: Ends of a block of its own: the sanitiser's, and the containers around them.
_BLOCKS = BLOCK | {"details", "section", "figure", "table", "ul", "ol", "dl"}
_CELLS = {"td", "th"}
_VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "param", "track"}
_NOT_TEXT = {"script", "style", "template", "noscript", "textarea", "title"}
_WS = re.compile(r"\s+")
_PIECE = re.compile(r"\w+|\S")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
#: Something Markdown renders as more than words: else (the common case) the text is taken as
#: it is. An indented line may be a code block.
_SYNTAX = re.compile(r"[*_`\[\]|#<>&\\{]|^(?: {4}|\t)", re.M)


def mark(kinds: str, body: str) -> str:
    """A mark of `kinds` whose body is `body`, whitespace collapsed (a space is SPACE)."""
    return f"{OPEN}{kinds}{SEP}{_WS.sub(' ', OWN.sub(chr(0xFFFD), body)).strip().replace(' ', SPACE)}{CLOSE}"


def _quoted(text: str) -> str:
    return f"“{text}”"


#: What an element adds when it closes: a mark, or for a link (target, notes, where its words start).
_Closing = str | tuple[str, str, int]


class _Reader(HTMLParser):
    """Rendered HTML to words and marks (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, _Closing]] = []  # the open elements: (tag, what closing it adds)
        self.formats: list[str] = []  # one entry per open element: its formatting kind or ""
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        notes = " ".join(
            f"ℹ {_quoted(values[n].strip())}" for n in ("title", "aria-label") if values.get(n, "").strip()
        )
        if tag == "img":
            shown = " ".join(
                part
                for part in (
                    "▣",
                    values.get("src", "").strip(),
                    _quoted(values["alt"].strip()) if values.get("alt", "").strip() else "",
                    notes,
                )
                if part
            )
            self.out.append(mark(IMAGE, shown))
            return
        if tag == "br":
            self.out.append(" ")
            return
        if tag in _VOID:
            return
        if tag in _NOT_TEXT:
            self.hidden += 1
        closing: _Closing = ""
        if tag == "a" and values.get("href", "").strip():
            closing = (values["href"].strip(), notes, len(self.out))  # made a mark at the end
        elif notes:
            closing = mark(NOTE, notes)
        if tag == "q":
            self.out.append("“")
        self.open.append((tag, closing))
        self.formats.append(_FORMAT_OF.get(tag, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<a href="x"/>` opens a link, as in a browser

    def handle_endtag(self, tag: str) -> None:
        if any(name == tag for name, _ in self.open):  # else no start: a browser ignores it too
            while self.open:  # what a browser closes with it (an unclosed <b> inside)
                name, closing = self.open.pop()
                self.formats.pop()
                self._closed(name, closing)
                if name == tag:
                    break
        if tag in _CELLS:
            self.out.append(" ")
        if tag in _BLOCKS:
            self.out.append("\n\n")

    def _closed(self, name: str, closing: _Closing) -> None:
        if name in _NOT_TEXT:
            self.hidden -= 1
        if name == "q":
            self.out.append("”")
        if isinstance(closing, tuple):  # a link: its target, unless its words are the target
            href, notes, start = closing
            said = collapse(words("".join(self.out[start:])))
            if notes or href not in (said, f"mailto:{said}"):
                self.out.append(mark(LINK, f"→ {href} {notes}"))
        elif closing:
            self.out.append(closing)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        data = OWN.sub("\ufffd", data)
        kinds = "".join(sorted(set("".join(self.formats)), key=list(FORMATS).index))
        if not kinds:
            self.out.append(data)
            return
        self.out.append(_PIECE.sub(lambda m: f"{OPEN}{kinds}{SEP}{m.group(0)}{CLOSE}", data))

    def close(self) -> None:
        super().close()
        while self.open:  # never closed: its mark still shows (a link's target, at the end)
            name, closing = self.open.pop()
            self.formats.pop()
            self._closed(name, closing)


def collapse(text: str) -> str:
    """Text with runs of whitespace made one space: the form in which clauses are compared."""
    return _WS.sub(" ", text).strip()


def paragraphs(text: str) -> str:
    """Text with each paragraph's whitespace made one space, paragraphs apart by one blank
    line: a redline keeps a clause's paragraphs apart, as the page shows them."""
    return "\n\n".join(part for part in (collapse(block) for block in _PARAGRAPH.split(text)) if part)


#: The Markdown of the record: what every policy page has (MkDocs' `tables` and `fenced_code`,
#: the `attr_list` that the plugin adds), one instance, reset for each text.
_MARKDOWN = markdown.Markdown(extensions=["tables", "fenced_code", "attr_list"])


@functools.lru_cache(maxsize=16384)
def reading(source: str) -> str:
    """The unit's Markdown as a reader gets it: words and marks, paragraphs apart by one blank
    line, whitespace collapsed. Cached: a unit keeps its Markdown over most versions."""
    source = OWN.sub("\ufffd", source)
    if not _SYNTAX.search(source):  # nothing to render: the common case
        return paragraphs(source)
    reader = _Reader()
    # Through the page's own sanitiser first: what the page drops (a comment, a script's or a
    # template's content, a class or an attribute that hides words) is not read here either.
    reader.feed(sanitise(_MARKDOWN.reset().convert(source), record=True))
    reader.close()
    return paragraphs("".join(reader.out))


def words(text: str) -> str:
    """A reading text without its marks: the words alone (a formatted word keeps its word)."""
    if OPEN not in text:
        return text
    return paragraphs(MARK.sub(lambda m: m.group(2) if _is_format(m.group(1)) else "", text))


def _is_format(kinds: str) -> bool:
    return bool(kinds) and all(kind in FORMATS for kind in kinds)


#: Plain-text forms of the formats (`policy diff` in a terminal), as Markdown or HTML writes them.
TEXT_FORMATS = {
    "*": ("**", "**"),
    "/": ("*", "*"),
    "`": ("`", "`"),
    "~": ("~~", "~~"),
    "+": ("<u>", "</u>"),
    "=": ("<mark>", "</mark>"),
    "-": ("<small>", "</small>"),
    "^": ("<sup>", "</sup>"),
    ".": ("<sub>", "</sub>"),
}


#: A run of marks of one kind, apart by single spaces: a bold phrase is one <strong>.
RUN = re.compile(
    f"{OPEN}([^{OPEN}{SEP}{CLOSE}]*){SEP}[^{OPEN}{CLOSE}]*{CLOSE}(?: ?{OPEN}\\1{SEP}[^{OPEN}{CLOSE}]*{CLOSE})*"
)


def _runs(text: str, chip: Callable[[str, str], str], wrap: Callable[[str, str], str]) -> str:
    """Each run of formatted words through `wrap(kinds, words)`, every other mark through `chip`."""

    def run(m: re.Match) -> str:
        kinds = m.group(1)
        if not _is_format(kinds):
            return MARK.sub(lambda one: chip(one.group(1), one.group(2)), m.group(0))
        return wrap(kinds, MARK.sub(lambda one: one.group(2), m.group(0)).replace(SPACE, " "))

    return RUN.sub(run, text) if OPEN in text else text


def _wrapped(kinds: str, body: str, tags: Callable[[str], tuple[str, str]]) -> str:
    for kind in reversed(list(FORMATS)):
        if kind in kinds:
            before, after = tags(kind)
            body = f"{before}{body}{after}"
    return body


def as_text(text: str) -> str:
    """A reading text for a terminal: formats as Markdown writes them, other marks in ⟨⟩."""
    return _runs(
        text,
        lambda kinds, body: body.replace(SPACE, " ") if kinds == HEAD else f"⟨{body.replace(SPACE, ' ')}⟩",
        lambda kinds, body: _wrapped(kinds, body, TEXT_FORMATS.__getitem__),
    )


def escape_html(text: str) -> str:
    """A reading text (or a part of one) as HTML: its words escaped, a run of formatted words in
    its tags (`<strong>`), a link's target, an image or a note as a marked span, the mark between
    a title and its text as ": "."""
    return _runs(
        html.escape(text, quote=False),
        _chip_html,
        lambda kinds, body: _wrapped(kinds, body, lambda k: (f"<{FORMATS[k]}>", f"</{FORMATS[k]}>")),
    )


#: The class of each kind of mark that is not a format (`policy-redline-link`).
CHIPS = {LINK: "link", IMAGE: "image", NOTE: "note"}


def _chip_html(kinds: str, body: str) -> str:
    """A mark as a span; its symbol and what follows are kept on one line (a no-break space)."""
    if kinds == HEAD:
        return body.replace(SPACE, " ")
    body = body.replace(SPACE, "\u00a0", 1).replace(SPACE, " ")
    return f'<span class="policy-redline-{CHIPS.get(kinds, "note")}">{body}</span>'
