"""The allow-list for HTML that editors write: the policy's text and the hand-written docs pages.

Editors may write raw HTML (a table, an abbreviation); scripts, styles, event attributes,
`javascript:` links and images from other hosts never reach the output. The list is that of
ordinary legal text plus the elements and attributes this project renders.

What the text may not do either: give an element an id (it would clobber the page: Material's
`__config`, or a clause's `s6-b-1`), a `policy-*` or `md-*` class (or `mermaid`), any `data-*`
attribute (Material acts on `data-md-*`, and on `data-clipboard-text`, which would put the
editor's words on a reader's clipboard), or `hreflang`: the theme and the generator steer the
page by them.
Only the generator's own markup keeps them. It carries `TRUST` (a random token of this process
that no text can know) in front of the value; `sanitise` keeps such values and takes the token
out, and drops every other one. So the sanitiser needs no list of "our" elements, and raw HTML
is judged by the same HTML parser that browsers use (html5ever, in nh3), never by a regex.

The policy's text (`record=True`) is what policy.json, the redlines, compare.json and the search
index carry, so its page may hide none of its words: it keeps no class but the generator's (a
theme gives classes meanings: Material hides `.tabbed-block` and fades `.headerlink`, and a
site's own stylesheet may hide anything), none of the attributes that hide words or change what
a screen reader says (`HIDING`), and every `<details>` is open. Docs pages are not the record:
they keep their classes, all but the reserved ones.

URLs follow one rule (`url_problem`), applied to what a browser would read: entities decoded,
control characters and whitespace dropped, backslashes made slashes, case folded. Links may go
anywhere on the web (http, https, mailto, tel, or relative); embedded resources (images) only
to files of the site itself, by a relative path, since each is a request a reader's browser makes.
"""

from __future__ import annotations

import html as _html
import re
import secrets
from collections.abc import Iterable

import nh3

from policykit.text.numbering import STANDARD_ANCHOR, Numbering

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
_COMMON = {
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
}
ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href", "hreflang", "data-policy-cite"},
    "img": _COMMON | {"src", "alt", "width", "height"},
    "ol": _COMMON | {"start", "type", "reversed"},
    "td": _COMMON | {"colspan", "rowspan", "align"},
    "th": _COMMON | {"colspan", "rowspan", "align", "scope"},
    "time": _COMMON | {"datetime"},
    "q": _COMMON | {"cite"},
    "blockquote": _COMMON | {"cite"},
    "del": _COMMON | {"datetime", "cite"},
    "ins": _COMMON | {"datetime", "cite"},
    "details": _COMMON | {"open"},
}
#: Struck-through words: in the policy's text the page would show them struck while every record
#: (policy.json, search, redlines) reads them as text; so the policy's text keeps their words
#: without the strike (the generator's own redlines write <del> outside the sanitiser).
STRUCK = {"del", "s", "strike"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
#: Attributes that name a resource the browser fetches as the page loads.
EMBEDDED = {("img", "src")}
URL_ATTRIBUTES = {"href", "src", "cite"}

#: In front of an attribute value of the generator's own markup: kept by `sanitise`, then removed.
TRUST = "pk" + secrets.token_hex(12) + "-"

#: Classes that steer the theme or the generator (`mermaid`: Material fetches a script from
#: another host for it).
RESERVED_CLASS = re.compile(r"^(?:(?:policy|md)-|mermaid$)", re.I)


def heading_id(slug: str, schemes: Iterable[Numbering] = ()) -> str:
    """The id of a heading whose `toc` slug is `slug`: `h-` goes before a slug that could take
    an id of the site's (Material's start with `__`, which is stripped; `policy-…`, `md-…`) or
    the form of the policy's anchors in the default scheme or one of `schemes` (a sub-heading
    "s3-g" must not take a clause's anchor, nor "SD" section D's `sd` under sections `A.`, now
    or when a later version adds the unit). The page (render/extension.py) and lint's list of
    a page's anchors (links.page_anchors) make ids by this one rule."""
    slug = slug.lstrip("_")
    taken = not slug or RESERVED_CLASS.match(slug) or STANDARD_ANCHOR.match(slug)
    return f"h-{slug}" if taken or any(n.taken(slug) for n in schemes) else slug


#: Attributes that steer the theme or the generator; `id` and `class` are judged on their own.
RESERVED_ATTRIBUTE = re.compile(r"^(?:hreflang|data-md-.*|data-policy-.*)$", re.I)
#: Attributes that hide an element's words from sight or from a screen reader, or replace them
#: for a screen reader (`role="img"` makes the words inside an image's, `aria-label` speaks
#: other words): the policy's text keeps none of them but the generator's. Those outside the
#: allow-list go anyway; lint names them all.
HIDING = {
    "hidden",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "role",
    "inert",
    "popover",
    "style",
}

_DROPPED = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalise_url(value: str) -> str:
    """A URL as a browser reads it, for judging: entities decoded, whitespace and control
    characters dropped (browsers ignore tabs and newlines inside a URL, and strip spaces
    around it), backslashes made slashes (`/\\host` is `//host` to a browser), case folded."""
    return _DROPPED.sub("", _html.unescape(value)).replace("\\", "/").lower()


def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why a URL may not stand in `tag`'s `attribute`, or None. The one rule of lint and output."""
    url = normalise_url(value)
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", url)
    if (tag, attribute) in EMBEDDED:
        if scheme or url.startswith("/"):
            return "remote"  # another host, a data: URL, or a path outside the site's folder
        return None
    if scheme and scheme.group(1) not in LINK_SCHEMES:
        return "scheme"
    return None


def trusted(value: str) -> str:
    """An attribute value of the generator's own markup (an id, a class), kept by `sanitise`."""
    return TRUST + value


def _judge_record(tag: str, attribute: str, value: str) -> str | None:
    """The policy's text: no class and no hiding attribute but the generator's."""
    if attribute == "class":
        kept = [t for t in value.split() if t.startswith(TRUST)]
        return " ".join(kept) if kept else None
    if attribute in HIDING:
        return value if value.startswith(TRUST) else None
    return _judge(tag, attribute, value)


def _judge(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        tokens = value.split()
        kept = [t for t in tokens if t.startswith(TRUST) or not RESERVED_CLASS.match(t)]
        return " ".join(kept) if kept else None
    if attribute == "id" or RESERVED_ATTRIBUTE.match(attribute):
        return value if value.startswith(TRUST) else None
    if attribute in URL_ATTRIBUTES and url_problem(tag, attribute, value):
        return None
    return value


def sanitise(html: str, record: bool = False) -> str:
    """`html` through the allow-list; the generator's trusted values lose their token. What it
    drops, lint says beforehand (htmlcheck.py). `record`: the policy's text, which hides no
    words (no class or hiding attribute but the generator's, every `<details>` open)."""
    clean = nh3.clean(
        html,
        tags=TAGS - STRUCK if record else TAGS,
        attributes=ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_judge_record if record else _judge,
        set_tag_attribute_values={"details": {"open": ""}} if record else None,
    )
    return clean.replace(TRUST, "")


#: A tag of nh3's output, whose text and attribute values have `<` and `>` escaped.
_SANITISED_TAG = re.compile(r"<(/?)([a-z0-9]+)[^<>]*>")
#: Ends of what a reader sees as a block of its own (a paragraph apart), and of what a reader
#: sees as words apart (a table's cell, a line break).
BLOCK = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "div",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "summary",
    "caption",
    "figcaption",
}
_APART = {"td", "th", "br"}


def visible_text(html: str) -> str:
    """The words that `html` shows a reader, as the sanitiser leaves them: no comment, no
    script or style content, no markup; a blank line after each block, a space between cells.
    Entities stay escaped (`&lt;`): the caller decodes them once. (The allow-list of elements
    decides which words stay; attributes carry none, so none is kept.)"""

    def end(match: re.Match) -> str:
        closing, name = match.group(1), match.group(2)
        if name in _APART and (closing or name == "br"):
            return " "
        return "\n\n" if closing and name in BLOCK else ""

    clean = nh3.clean(html, tags=TAGS, attributes={}, link_rel=None, strip_comments=True)
    return _SANITISED_TAG.sub(end, clean)
