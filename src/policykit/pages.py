"""The Markdown of the site's generated pages, independent of MkDocs.

URLs follow PRODUCT.md: the default language at the site root, every other under /LANG/.
"""

from __future__ import annotations

from . import strings
from .render import document_markdown
from .source import Policy


def language_prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def current_page(policy: Policy, lang: str, default: str, page_url: str) -> str:
    """The current policy in `lang`, for the page at `page_url` (site-relative, e.g. `en/`)."""
    meta = policy.meta
    title = meta.title.get(lang) or meta.title.get(meta.authoritative) or ""
    lines = document_markdown(policy.texts[lang], title).split("\n")
    header = []
    if meta.version and meta.effective:
        effective = strings.long_date(lang, meta.effective)
        line = strings.text(lang, "version_line").format(version=meta.version, effective=effective)
        header.append(f"{line}\n{{: .policy-version }}")
    if lang != meta.authoritative:
        to_root = "../" * page_url.count("/")
        href = to_root + language_prefix(meta.authoritative, default)
        note = strings.text(lang, "translation_note").format(
            language=strings.language_name(lang, meta.authoritative),
            # Raw HTML: MkDocs would rewrite a Markdown link that points outside the docs.
            link=f'<a href="{href or "./"}" hreflang="{meta.authoritative}">{strings.text(lang, "translation_link")}</a>')
        header.append(f"{note}\n{{: .policy-translation }}")
    # After the level-1 heading (line 0) and its blank line.
    return "\n".join(lines[:2] + [block + "\n" for block in header] + lines[2:])
