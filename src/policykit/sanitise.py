"""The allow-list for HTML on policy pages.

Editors may write raw HTML in the policy (a table, an abbreviation); scripts, styles, event
attributes, `javascript:` links and images from other hosts never reach the output. The
list is that of ordinary legal text plus the elements and attributes this project renders.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul",
}
_COMMON = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-labelledby",
           "aria-describedby", "aria-hidden"}
ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href", "hreflang"},
    "img": _COMMON | {"src", "alt", "width", "height"},
    "ol": _COMMON | {"start", "type", "reversed"},
    "td": _COMMON | {"colspan", "rowspan", "align"},
    "th": _COMMON | {"colspan", "rowspan", "align", "scope"},
    "time": _COMMON | {"datetime"},
    "q": _COMMON | {"cite"},
    "blockquote": _COMMON | {"cite"},
    "del": _COMMON | {"datetime"},
    "ins": _COMMON | {"datetime"},
    "details": _COMMON | {"open"},
}


def _local_only(tag: str, attribute: str, value: str) -> str | None:
    """An image is a request: only images served by the site itself are kept."""
    if tag == "img" and attribute == "src" and ("//" in value or ":" in value.split("/")[0]):
        return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-"},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_local_only,
    )
