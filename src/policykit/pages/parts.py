"""The HTML pieces that several kinds of page write: links, notices, the lines about a
version (editorial, last material change), each a function of the build's `PageContext`.

Links are relative (so the site works under any `site_url` path) and written as HTML, so that
MkDocs does not rewrite them.
"""

from __future__ import annotations

from policykit.pages.context import PageContext, esc
from policykit.record.history import Version
from policykit.render.markdown import GENERATED

#: Before the heading of a page the generator writes whole (see extension.py).
WHOLE = GENERATED + "\n\n"

__all__ = [
    "WHOLE",
    "esc",
    "md",
    "href",
    "link",
    "links_line",
    "anchor_list",
    "print_line",
    "notice",
    "more",
    "translation_note",
    "same_place",
    "editorial_line",
    "last_material_line",
]

#: What Markdown, or an extension a site may enable, would read as syntax in a heading, a table
#: cell or the text of an inline link, as entities: `[x](y)`, `![x](y)`, `{: attr }`, emphasis,
#: code, cell bars, a closing `#`; bare links (`https:`, `www.`, `@`: magiclink), `:emoji:`,
#: `$math$`, `==mark==`, `^^ins^^`, `++keys++`. A site's word is text, whatever it holds (and
#: one line: catalogues refuse line breaks).
_MARKDOWN = str.maketrans(
    {
        **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~#:.@$=^+/%"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
    }
)


def md(text: str) -> str:
    """`text` escaped for HTML and for Markdown: for the words of the generated pages that go
    through Markdown (those pages are the generator's own, so nothing sanitises them after)."""
    return text.translate(_MARKDOWN)  # one pass: an entity's own '#' is not read again


def href(from_url: str, to_url: str) -> str:
    """A relative link between two site-relative directory URLs, always through the site's
    root (`../../../en/versions/1.0/` from `en/versions/1.4/`): every page of one depth then
    writes the same link to the same place, so that a section rendered once with its history
    lines (sections.py) serves every archived version that shows it."""
    return "../" * from_url.count("/") + to_url or "./"


def link(from_url: str, to_url: str, text: str, anchor: str = "", cls: str = "", lang: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' hreflang="{lang}"' if lang else ""
    target = href(from_url, to_url) + (f"#{anchor}" if anchor else "")
    return f'<a href="{esc(target)}"{attrs}>{md(text)}</a>'


def links_line(links: list[str]) -> str:
    """A notice's line of links: for the screen (print hides it)."""
    return f'<p class="policy-links">{" · ".join(links)}</p>'


def anchor_list(ctx: PageContext, from_url: str, to_url: str, ids: list[str], lang: str) -> str:
    return ", ".join(link(from_url, to_url, ctx.label(lang, i), anchor=i) for i in ids)


def print_line(ctx: PageContext, page_url: str) -> str:
    """For paper: where this text lives (hidden on screen)."""
    return f'<p class="policy-print-only" data-search-exclude>{esc(ctx.site_url + page_url)}</p>'


def notice(inner: str, cls: str) -> str:
    return f'<div class="{cls}" role="note">{inner}</div>'


def more(ctx: PageContext, lang: str, version: Version, inner: str) -> str:
    """A notice's details, folded under "More about version V" (a <details>: no script
    needed), so that on a phone the text starts on the first screen; "" when there are none."""
    if not inner:
        return ""
    words = esc(ctx.word(lang, "banner_more", version=version.label))
    return f'<details class="policy-more"><summary>{words}</summary>{inner}</details>'


def not_in_language(ctx: PageContext, lang: str, shown: str) -> str:
    """The notice on a page in `lang` whose text is shown in `shown` (no text in `lang`)."""
    words = ctx.words.language
    return notice(
        esc(ctx.word(lang, "not_in_language", language=words(lang, lang), fallback=words(lang, shown))),
        "policy-notice",
    )


def translation_note(ctx: PageContext, lang: str, page_url: str, path: str = "", beside: str = "") -> str:
    """ "This is a translation; the binding text is …", linking the same page (`path`) and,
    through policy-anchors.js, the same clause in the authoritative language; then `beside`
    (HTML: the text in force's links to its side-by-side pages)."""
    to = link(
        page_url,
        ctx.url(ctx.auth, path),
        ctx.words.text(lang, "translation_link"),
        cls="policy-keep-anchor",
        lang=ctx.auth,
    )
    note = ctx.phrase(lang, "translation_note", language=esc(ctx.words.language(lang, ctx.auth)), link=to)
    return f'<p class="policy-translation">{note}{" " + beside if beside else ""}</p>'


def same_place(ctx: PageContext, lang: str, page_url: str, version: Version) -> str:
    """A link to `version`'s archived text that takes the reader's #clause along
    (policy-anchors.js adds the fragment on click): stepping through versions keeps the place."""
    return link(
        page_url,
        ctx.url(lang, f"versions/{version.label}/"),
        ctx.word(lang, "same_place_in", version=version.label),
        cls="policy-keep-anchor",
    )


def editorial_line(ctx: PageContext, lang: str, version: Version) -> str:
    """ "Editorial change: no obligation changes." for a version that is not material
    (`Record.material`: policy.yml names it editorial, or its authoritative text did not
    change); "" for one that is."""
    if ctx.record.material.get(version.label, True):
        return ""
    return f'<p class="policy-editorial">{esc(ctx.word(lang, "editorial"))}</p>'


def last_material_line(ctx: PageContext, lang: str, page_url: str, version: Version, archived: bool = False) -> str:
    """After an editorial version: which version last changed an obligation, and since when,
    linking its redline (the first version's text, which has none); "" after a material one.
    The date is when that substance came into force (`Record.substance_in_force`): the
    version's own effective date, or, for one that was never in force itself (an editorial
    version of the same day replaced it), the day the version that carried it took effect."""
    record = ctx.record
    if record.material.get(version.label, True) or record.last_material(version) is None:
        return ""
    last, period = record.substance_in_force(version)
    if period is None:
        text = ctx.word(lang, "last_material_never", version=last.label)
    else:
        key = "last_material_effective" if archived else "last_material_since"
        via = {} if period.version is last else {"via": period.version.label}
        text = ctx.word(
            lang, key + ("_via" if via else ""), version=last.label, effective=ctx.date(lang, period.start), **via
        )
    path = f"versions/{last.label}/" + ("changes/" if record.previous(last) else "")
    to = link(page_url, ctx.url(lang, path), text) if last.commit else esc(text)
    sentence = ctx.phrase(lang, "last_material_archive" if archived else "last_material", link=to)
    return f'<p class="policy-last-material">{sentence}</p>'
