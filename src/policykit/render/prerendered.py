"""HTML already rendered, carried through a page's Markdown by a token and put back after.

The generator's own blocks (banners, notes, history lines) and sections rendered once
(sections.SectionCache) are finished HTML, escaped or sanitised where they were made. A page's
Markdown names each by a marker paragraph (`Prerendered.issue`); the extension turns the marker
into a placeholder that no text can forge (`placeholder`: a nonce of this process), and puts
the HTML back where it stood once the page's own HTML is sanitised (`substitute`): the
generator's markup is never judged as an editor's, and a large block (a long history's compare
chain) never goes through Markdown's HTML parser.

A store holds the blocks of one build, by content key (a block issued twice is kept once). It
lives as long as the pages that name its blocks; `substitute` finds a key in any store alive,
and nothing outlives them (`mkdocs serve` makes a store per rebuild). Only this module knows
the marker's and the placeholder's format.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import weakref

#: The marker paragraph: the characters the policy's text may never hold (markdown._MARKS drops them).
_MARKER = re.compile("\ue000policy html ([0-9a-f]+)\ue001")
_TOKEN_OPEN, _TOKEN_CLOSE = "\ue002", "\ue003"
#: In every placeholder: no text can write one that is taken for the generator's (entities included).
_NONCE = secrets.token_hex(8)
_TOKEN = re.compile(f"<p>{_TOKEN_OPEN}{_NONCE}([0-9a-f]+){_TOKEN_CLOSE}</p>")

_LIVE: weakref.WeakSet[Prerendered] = weakref.WeakSet()


class Prerendered:
    """The finished HTML blocks that one build's pages name, by content key."""

    def __init__(self) -> None:
        self.blocks: dict[str, str] = {}
        _LIVE.add(self)

    def issue(self, html: str) -> str:
        """Keep `html`; the marker paragraph that puts it in a page."""
        key = hashlib.sha1(html.encode()).hexdigest()
        self.blocks.setdefault(key, html)
        return f"\ue000policy html {key}\ue001"

    def expand(self, markdown: str) -> str:
        """`markdown` with each marker replaced by its HTML, as raw HTML: a page for a reader
        that does not run the extension (another generator)."""
        return _MARKER.sub(lambda m: self.blocks[m.group(1)], markdown)


def key_of(text: str) -> str | None:
    """The key a marker paragraph's text names, or None for any other text."""
    found = _MARKER.fullmatch(text)
    return found.group(1) if found else None


def placeholder(key: str) -> str:
    """The text of the paragraph that stands for a block until `substitute`."""
    return f"{_TOKEN_OPEN}{_NONCE}{key}{_TOKEN_CLOSE}"


def has_placeholders(text: str) -> bool:
    return _TOKEN_OPEN in text


def substitute(text: str, issued: set[str]) -> str:
    """Each placeholder paragraph in `text` replaced by its block; only the keys the page's own
    markers named (`issued`), others by nothing."""
    return _TOKEN.sub(lambda m: _find(m.group(1)) if m.group(1) in issued else "", text)


def _find(key: str) -> str:
    for store in _LIVE:  # content keys: any store that has the key has the same HTML
        found = store.blocks.get(key)
        if found is not None:
            return found
    return ""
