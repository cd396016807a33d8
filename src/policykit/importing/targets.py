"""What a link's or an image's target names, seen from the source site: this document, a page
or file of that site, another host, or another scheme; where that site published a page; and a
value written as Markdown that shows exactly its characters.

Apart from outside.py, which decides what each target becomes, because these answers hold for
any target on their own, with no state of the text being resolved.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

from policykit.text import docsfiles, svgcheck
from policykit.text.sanitise import normalise_url

#: A URL's scheme (`https:`, `mailto:`).
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
#: The names of a folder's own page, published at the folder's address.
INDEX_PAGES = frozenset({"index.md", "readme.md", "index.markdown"})
#: What a URL may hold and stay one Markdown link target: RFC 3986's characters less ( ) [ ].
URL_SAFE = "/:@!$&'*+,;=-._~"
#: Python-Markdown's backslash escapes (markdown.core ESCAPED_CHARS) that matter inside a line.
INLINE_MARKUP_RE = re.compile(r"([\\`*_{}\[\]])")
LINE_START_MARKUP_RE = re.compile(r"^(\s*(?:[0-9]+(?=[.)]))?)([#>]|[-+*](?=\s|$)|(?<=[0-9])[.)])")


def markdown_text(value: str, line_start: bool = False) -> str:
    """A value as Markdown that shows exactly its characters: never a link, emphasis or tag."""
    text = INLINE_MARKUP_RE.sub(r"\\\1", value).replace("&", "&amp;").replace("<", "&lt;")
    return LINE_START_MARKUP_RE.sub(r"\1\\\2", text) if line_start else text


def encode_url(url: str) -> str:
    """A URL percent-encoded where it needs to be to stay one Markdown link target (spaces,
    parentheses, quotes, angle brackets, non-ASCII); escapes it holds already are kept."""
    return quote(url, safe=URL_SAFE + "?#%")


def target_kind(target: str) -> str:
    """`anchor` (this document), `outside` (a path of the source site), `remote` (another host,
    http or https), `other` (another scheme: mailto:, data:, javascript:), `absolute`."""
    url = normalise_url(target)
    if not url or url.startswith(("#", "?")):
        return "anchor"
    if url.startswith("//"):
        return "remote"
    scheme = SCHEME_RE.match(url)
    if scheme:
        return "remote" if scheme.group(1) in ("http", "https") else "other"
    return "outside"


def target_path(target: str) -> str:
    """The path a target names: without its fragment and query, percent-decoded."""
    return unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")


def source_page(path: str, directory_style: bool, suffix: str) -> str:
    """Where the source site published the file `path`: a Markdown page at its folder (`x/`
    with directory URLs, else `x.html` as the source URL has it); any other file as it is."""
    stem, ext = posixpath.splitext(path)
    if ext.lower() not in docsfiles.PAGES:
        return path
    if posixpath.basename(path).lower() in INDEX_PAGES:
        folder = posixpath.dirname(path)
        return folder + "/" if folder else ""
    return stem + "/" if directory_style else stem + suffix


def reference_label(label: str) -> str:
    """A reference link's label as Markdown matches it: spaces collapsed, case folded."""
    return " ".join(label.split()).casefold()


def publishable(data: bytes, suffix: str) -> bool:
    """Whether docs/ may publish these bytes under this suffix (docsfiles' allow-list)."""
    if suffix == ".svg":
        return svgcheck.svg_problem(data) is None
    signatures = docsfiles.SIGNATURES.get(suffix, ())
    return not signatures or any(data[at : at + len(magic)] == magic for at, magic in signatures)


def image_name(target: str) -> str:
    """The words of a link that stands for an image: its file name, as text."""
    return markdown_text(posixpath.basename(target_path(target)) or "image")


def shown_words(alt: str) -> str:
    """What becomes of an image that is not shown, for a note."""
    return f"its alternative text '{alt}' is kept" if alt.strip() else "it had no alternative text, so it is left out"


def cut(text: str) -> str:
    """A long target shortened for a note (a data: URL can be megabytes)."""
    return text if len(text) <= 60 else text[:57] + "…"
