"""What the sanitiser (sanitise.py) will remove from a line an editor wrote, said before it happens.

Lint reads each line of the policy (and the build each line of a docs page) for raw HTML,
attribute lists (`{: #s5-c }`) and Markdown links and images, and reports what the page will
not have: an element or attribute outside the allow-list, an id, a class or attribute that
steers the theme or the generator, a link with a scheme that runs code, an image from another
host. Tags are read by Python's HTML tokenizer, not by a pattern, so a quoted `<` or `>` in
an attribute (`<img alt="<" onerror=...>`) does not hide a tag. URLs are judged by the one rule
the sanitiser applies (`sanitise.url_problem`).

The policy's text (`record`) keeps stricter rules, the sanitiser's `record`: every class goes,
every attribute that hides words (`sanitise.HIDING`), and a `<details>` is shown open.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.comments import in_code
from policykit.text.numbering import STANDARD_NUMBERING, Numbering
from policykit.text.sanitise import (
    ATTRIBUTES,
    HIDING,
    RESERVED_ATTRIBUTE,
    RESERVED_CLASS,
    STRUCK,
    TAGS,
    url_problem,
)

CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: Markdown autolinks (`<https://...>`, `<name@example.org>`) are links, not tags.
AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
#: Python-Markdown's attribute list: `{: #id .class key=value }` (the colon is optional).
ATTR_LIST_RE = re.compile(
    r"\{:?[ \t]*((?:[#.][^\s}]+|[A-Za-z_][\w:.\-]*=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
    r"(?:[ \t]+(?:[#.][^\s}]+|[A-Za-z_][\w:.\-]*=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*)[ \t]*\}"
)
ATTR_LIST_ITEM_RE = re.compile(r"([#.])([^\s}]+)|([A-Za-z_][\w:.\-]*)=(\"[^\"]*\"|'[^']*'|[^\s}]+)")
#: `[text](url)` and `![alt](url)`; the URL may stand in `<...>`.
MD_LINK_RE = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^\s)>]+)")
#: A reference definition: `[label]: url`.
MD_REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def check_line(
    text: str,
    lineno: int,
    path: str,
    problems: Problems,
    record: bool = False,
    numbering: Numbering = STANDARD_NUMBERING,
) -> None:
    """Report what the page will not show of this line's HTML, attribute lists and URLs;
    `record`: a line of the policy's text (sanitise.py's `record` rules); `numbering`: the
    policy's, whose anchors' form an id must not have (`id-collision`)."""
    if not any(c in text for c in "<{]"):
        return
    text = CODE_SPAN_RE.sub("", text)
    if "<" in text:
        parser = _Tags()
        parser.feed(AUTOLINK_RE.sub("", text))
        parser.close()
        for tag, attrs in parser.found:
            _tag(tag, attrs, lineno, path, problems, record, numbering)
    for match in ATTR_LIST_RE.finditer(text):
        attrs = []
        for item in ATTR_LIST_ITEM_RE.finditer(match.group(1)):
            if item.group(1):
                attrs.append(("id" if item.group(1) == "#" else "class", item.group(2)))
            else:
                attrs.append((item.group(3).lower(), item.group(4).strip("\"'")))
        _attributes(
            "the attribute list {" + match.group(0)[1:],
            attrs,
            lineno,
            path,
            problems,
            listed=True,
            record=record,
            numbering=numbering,
        )
    reference = MD_REFERENCE_RE.match(text)
    if reference:
        _url("a", "href", reference.group(1), "the link", lineno, path, problems)
    for match in MD_LINK_RE.finditer(text):
        image = bool(match.group(1))
        _url(
            "img" if image else "a",
            "src" if image else "href",
            match.group(2),
            "the image" if image else "the link",
            lineno,
            path,
            problems,
        )


def check_page(source: str, path: str, problems: Problems, numbering: Numbering = STANDARD_NUMBERING) -> None:
    """A docs page as written: its front matter is not its text (lines keep their numbers)."""
    lines = source.replace("\r\n", "\n").split("\n")
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
        lines[: end + 1] = [""] * (end + 1)
    check_markdown("\n".join(lines), path, problems, numbering)


def check_markdown(text: str, path: str, problems: Problems, numbering: Numbering = STANDARD_NUMBERING) -> None:
    """Every line of a Markdown page outside fenced code (a docs page), and the bound of
    the bounds of what Markdown reads slowly (limits.ParagraphBounds, limits.html_scan_over) that the policy's text has too."""
    markup = limits.ParagraphBounds()
    over = limits.html_scan_over(text)
    if over is not None:
        limits.html_scan_problem(path, over, problems)
        return  # reading the lines' HTML would take as long
    lines = text.split("\n")
    for lineno, (line, code) in enumerate(zip(lines, in_code(lines)), 1):
        if markup.add(line):  # every line, fenced code too (limits.ParagraphBounds)
            markup.problem(path, lineno, problems)
        if not (code or markup.over):
            check_line(line, lineno, path, problems, numbering=numbering)


def _tag(
    tag: str,
    attrs: list,
    lineno: int,
    path: str,
    problems: Problems,
    record: bool = False,
    numbering: Numbering = STANDARD_NUMBERING,
) -> None:
    if tag not in TAGS:
        problems.add(
            checks.RAW_HTML,
            path,
            lineno,
            f"the HTML element <{tag}> is removed from the page",
            "remove it; write the text in Markdown",
        )
        return
    if record and tag in STRUCK:
        problems.add(
            checks.RAW_HTML,
            path,
            lineno,
            f"the HTML element <{tag}> is removed from the page, its words "
            "kept: struck through, they would say the opposite of the record, which reads them",
            "delete the words, or write them plainly (a version's redline shows what it removed)",
        )
        return
    if record and tag == "details" and not any(name == "open" for name, _ in attrs):
        problems.add(
            checks.RAW_HTML,
            path,
            lineno,
            "the <details> is shown open on the page: no words of the policy wait for a click",
            "write <details open>, or write the text without <details>",
        )
    _attributes(
        f"<{tag}>",
        [(name, value or "") for name, value in attrs],
        lineno,
        path,
        problems,
        tag=tag,
        record=record,
        numbering=numbering,
    )


def _attributes(
    where: str,
    attrs: list,
    lineno: int,
    path: str,
    problems: Problems,
    tag: str = "",
    listed: bool = False,
    record: bool = False,
    numbering: Numbering = STANDARD_NUMBERING,
) -> None:
    # An attribute list sets attributes on whatever element it follows.
    allowed = set().union(*ATTRIBUTES.values()) if listed else ATTRIBUTES.get(tag, ATTRIBUTES["*"])
    for name, value in attrs:
        if name == "id":
            _id(where, value, lineno, path, problems, numbering)
        elif name == "class" and record:
            for written in value.split():
                problems.add(
                    checks.RAW_HTML,
                    path,
                    lineno,
                    f"the class {written} of {where} is removed from "
                    "the page: the policy's text has no classes, so that none can hide its words",
                    "remove it; for emphasis write **bold** or *italic*",
                )
        elif name == "class":
            for reserved in [c for c in value.split() if RESERVED_CLASS.match(c)]:
                problems.add(
                    checks.RAW_HTML,
                    path,
                    lineno,
                    f"the class {reserved} of {where} is removed from "
                    "the page: policy-* and md-* classes belong to the site",
                    "remove it, or use a class of your own",
                )
        elif record and name in HIDING:
            problems.add(
                checks.RAW_HTML,
                path,
                lineno,
                f"the attribute {name}= of {where} is removed from the "
                "page: it could hide words of the policy from readers or from screen readers",
                "remove the attribute: every word of the policy is shown, and read out, as written",
            )
        elif RESERVED_ATTRIBUTE.match(name):
            problems.add(
                checks.RAW_HTML,
                path,
                lineno,
                f"the attribute {name}= of {where} is removed from the page: it belongs to the site",
                "remove the attribute",
            )
        elif name not in allowed:
            problems.add(
                checks.RAW_HTML,
                path,
                lineno,
                f"the attribute {name}= of {where} is removed from the page",
                "remove the attribute" + ("; scripts never run on the policy pages" if name.startswith("on") else ""),
            )
        elif name in ("href", "src", "cite"):
            _url(
                tag or "a",
                name,
                value,
                f"the {'image' if name == 'src' else 'link'} in {where}",
                lineno,
                path,
                problems,
            )


def _id(where: str, value: str, lineno: int, path: str, problems: Problems, numbering: Numbering) -> None:
    if numbering.taken(value.strip()):
        problems.add(
            checks.ID_COLLISION,
            path,
            lineno,
            f"{where} sets the id {value.strip()}, the form of the policy's anchors: it would take "
            "the address of a clause",
            f"remove the id; to point at the clause, link to #{value.strip()}",
        )
    else:
        problems.add(
            checks.RAW_HTML,
            path,
            lineno,
            f"the id {value} of {where} is removed from the page: ids belong to the site (anchors, the theme)",
            "remove the id",
        )


def _url(tag: str, attribute: str, value: str, what: str, lineno: int, path: str, problems: Problems) -> None:
    problem = url_problem(tag, attribute, value)
    shown = value.strip()
    what = what.replace("the image", f"the image '{_cut(shown)}'", 1).replace(
        "the link", f"the link '{_cut(shown)}'", 1
    )
    if problem == "scheme":
        scheme = value.split(":")[0].strip()
        problems.add(
            checks.RAW_HTML,
            path,
            lineno,
            f"{what} uses {_shown(scheme)}:, and is removed",
            "link to a web address (https://...) instead",
        )
    elif problem == "remote":
        problems.add(
            checks.RAW_HTML,
            path,
            lineno,
            f"{what} is not a file of the site, and is removed from the page",
            "put the image in docs/ and link it by a relative path: no reader's visit may reach another host",
        )


def _shown(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= 20 else text[:20] + "…"


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"
