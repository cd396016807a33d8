"""Lines that would be a label or a heading but for a look-alike or invisible character at
their start: a no-break space after `d.`, a zero-width space before it, a Cyrillic `е`.

Each is an error (`confusable-label`), because otherwise the clause would silently merge into
the one before. Apart from the scanner: it is asked only of lines whose start is not ASCII, and
says which character it is and what to type instead.
"""

from __future__ import annotations

import unicodedata

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.patterns import HEADING_LABEL_RE, Syntax, h1

#: Letters of other scripts that look like the Latin letters of labels. NFKC maps fullwidth and
#: mathematical forms (`ａ`, `（`, `．`) itself; upper-case look-alikes make no label anyway.
LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "\u0430": "a",
        "\u0441": "c",
        "\u0501": "d",
        "\u0435": "e",
        "\u04bb": "h",
        "\u0456": "i",
        "\u0458": "j",
        "\u043e": "o",
        "\u0440": "p",
        "\u051b": "q",
        "\u0455": "s",
        "\u051d": "w",
        "\u0445": "x",
        "\u0443": "y",
        # Greek
        "\u03b1": "a",
        "\u03f2": "c",
        "\u03b9": "i",
        "\u03f3": "j",
        "\u03ba": "k",
        "\u03bf": "o",
        "\u03c1": "p",
        "\u03c5": "u",
        "\u03bd": "v",
        "\u03c7": "x",
        "\u03b3": "y",
        # Latin letters that look like others, and Armenian
        "\u0131": "i",
        "\u0261": "g",
        "\u0578": "n",
        "\u0585": "o",
        "\u057d": "u",
    }
)
#: How far into a line a label (with invisible characters before it) can reach.
HEAD = 24


def _reading(line: str, syntax: Syntax) -> tuple[str, str | None] | None:
    """What the parser reads `line` as: ("heading", its number or None), ("clause", label),
    ("subclause", label), or None (text)."""
    content = h1(line)
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


def check_confusable(line: str, lineno: int, path: str, problems: Problems, syntax: Syntax) -> str | None:
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
        assert match is not None  # `looks` is what this pattern read in this very line
        span = (
            match.start("parent")
            if match.groupdict().get("parent")
            else match.start("label") - (plain[match.start("label") - 1 : match.start("label")] == "("),
            match.end("label") + (plain[match.end("label") : match.end("label") + 1] in ".)"),
        )
    label = plain[span[0] : span[1]]
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
        message = f"'{written}' is written with {desc}, which looks like '{mapped}', so it is not read as a {word}"
        fix = f"type '{label}' with the Latin letter '{mapped}'" if char.isalpha() else f"type '{label}'"
    problems.add(checks.CONFUSABLE_LABEL, path, lineno, message, fix)
    return looks[0]
