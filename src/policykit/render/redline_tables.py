"""Python's character classes as data, for the redline that the browser computes.

The compare page redlines any two versions in the reader's browser (theme/assets/javascripts/
policy-redline.js), and that redline must agree with `redline.py` character for character:
the same tokens, the same sentence ends, the same cut at a word boundary. JavaScript's classes
are not Python's: its `\\s` includes U+FEFF and leaves out U+001C-U+001F, and Python's `\\w` is
`str.isalnum()` or `_` (combining marks are not word characters), which is neither `\\w` nor
`[\\p{L}\\p{N}]` in JavaScript. So the classes are not written down twice: they are read here
from the running Python, each from the very test that redline.py and model.py apply (re's `\\w`
and `\\s`, `str.isalnum`, `str.isspace` for `str.strip()`), and handed to the script with the
page's data. Whatever Unicode version a user's Python has, its site's browser redline agrees
with its own Python redline; tests/test_redline_js.py runs both on the same pairs.

Each class is a list of numbers, two per range of code points: the distance from the end of
the previous range (0 at first) to this one's start, and the range's length minus one. This
keeps the JSON small (about 7.5 kB for the four classes) and is fast to compute: one regex pass
over the code points, a block at a time, no Python loop per character.
"""

from __future__ import annotations

import array
import functools
import re
import sys
import unicodedata
from collections.abc import Callable

from policykit.render.redline import ALIGN_LIMIT, EXACT_LIMIT
from policykit.text import reading

#: Which test each class is, as redline.py and model.py use it: re's `\w` (TOKEN_RE, _trivial),
#: str.isalnum (_common_prefix), re's `\s` (collapse, paragraphs, SENTENCE_END, TOKEN_RE,
#: _BREAK) and str.isspace (the `str.strip()` of collapse).
CLASSES = ("word", "alnum", "space", "strip")


#: How many code points `_computed` reads at a time: a string of every code point is 4.5 MB, and
#: with the copies the checks make of it, 20 MB at once, which was the build's peak memory
#: until the history grew past a hundred versions. A block of the Basic Multilingual Plane's
#: size takes a fraction of that, and classes run across blocks whole (`_joined`).
BLOCK = 0x10000


def _code_points(first: int, end: int) -> str:
    """The code points from `first` to `end` (excluded), lone surrogates included."""
    codes = array.array("I", range(first, end))
    if codes.itemsize == 4:  # one C pass; lone surrogates are code points of a str too
        return codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be", "surrogatepass")
    return "".join(map(chr, range(first, end)))


def _runs(pattern: str, text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(first, last) of each run of code points that `pattern` (one class, `+`) matches."""
    return [(offset + m.start(), offset + m.end() - 1) for m in re.finditer(pattern, text)]


def _joined(runs: list[tuple[int, int]], more: list[tuple[int, int]]) -> None:
    """`more` added to `runs`, a run that goes on where the last one ended made one."""
    if runs and more and more[0][0] == runs[-1][1] + 1:
        runs[-1] = (runs[-1][0], more[0][1])
        more = more[1:]
    runs += more


def _runs_of(predicate: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The slow way, one code point at a time: only if a shortcut below does not hold."""
    runs: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if predicate(char):
            if runs and runs[-1][1] == code - 1:
                runs[-1] = (runs[-1][0], code)
            else:
                runs.append((code, code))
    return runs


def _without(runs: list[tuple[int, int]], code: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for first, last in runs:
        if first <= code <= last:
            out += [r for r in ((first, code - 1), (code + 1, last)) if r[0] <= r[1]]
        else:
            out.append((first, last))
    return out


def encode_ranges(runs: list[tuple[int, int]]) -> list[int]:
    """One class of `tables()` from its ranges, (first, last) code points, sorted."""
    flat, end = [], 0
    for first, last in runs:
        flat += [first - end, last - first]
        end = last
    return flat


def decode_ranges(flat: list[int]) -> list[tuple[int, int]]:
    """The ranges of one class of `tables()`, (first, last) code points."""
    runs, end = [], 0
    for index in range(0, len(flat), 2):
        first = end + flat[index]
        end = first + flat[index + 1]
        runs.append((first, end))
    return runs


@functools.cache
def _computed() -> dict:
    word: list[tuple[int, int]] = []
    space: list[tuple[int, int]] = []
    # CPython's \w is isalnum() or "_", and its \s is isspace(): check it, in C, on every code
    # point; a Python where it does not hold gets the classes the slow way.
    # Python documents \w as str.isalnum() or "_", and \s as str.isspace(): alnum and strip
    # follow from them. What can be checked in C is checked (every \w but "_" is alnum; \s and
    # isspace() hold the same number of code points and \s is isspace()); a Python where that
    # fails gets those classes the slow way. tests/test_redline_js.py checks every code point.
    alnum_holds = same_space = True
    for first in range(0, sys.maxunicode + 1, BLOCK):
        text = _code_points(first, min(first + BLOCK, sys.maxunicode + 1))
        words, spaces = _runs(r"\w+", text, first), _runs(r"\s+", text, first)
        word_chars = "".join(text[a - first : b - first + 1] for a, b in words).replace("_", "")
        space_chars = "".join(text[a - first : b - first + 1] for a, b in spaces)
        alnum_holds = alnum_holds and (not word_chars or word_chars.isalnum())
        same_space = (
            same_space
            and (not space_chars or space_chars.isspace())
            and len(text) - len("".join(text.split())) == len(space_chars)
        )
        _joined(word, words)
        _joined(space, spaces)
    alnum = _without(word, ord("_")) if alnum_holds else _runs_of(str.isalnum)
    strip = space if same_space else _runs_of(str.isspace)
    classes = {"word": word, "alnum": alnum, "space": space, "strip": strip}
    return {
        "unicode": unicodedata.unidata_version,
        "exact_limit": EXACT_LIMIT,
        "align_limit": ALIGN_LIMIT,
        **{name: encode_ranges(classes[name]) for name in CLASSES},
        "marks": marks(),
    }


def marks() -> dict:
    """How reading.py writes what a reader gets besides the words, and how a redline shows it:
    the four characters of a mark, the formats in the order their tags nest, the class of
    each other kind, and the kind shown as ": " (between a section's title and its text)."""
    return {
        "open": reading.OPEN,
        "close": reading.CLOSE,
        "sep": reading.SEP,
        "space": reading.SPACE,
        "formats": [[kind, tag] for kind, tag in reading.FORMATS.items()],
        "chips": dict(reading.CHIPS),
        "head": reading.HEAD,
    }


def tables() -> dict:
    """The character classes of the running Python and redline.py's limits, JSON-able, for
    `PolicyRedline.create`: {"unicode": "15.0.0", "exact_limit": 4000, "align_limit": 4000000,
    "word": [...], "alnum": [...], "space": [...], "strip": [...], "marks": marks()}. A fresh
    copy of a cached result (the caller may add it to its own data)."""
    computed = _computed()
    return {
        key: list(value) if isinstance(value, list) else marks() if key == "marks" else value
        for key, value in computed.items()
    }
