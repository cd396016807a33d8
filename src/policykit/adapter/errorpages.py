"""The 404 pages: one per language, and the default language's at the root, which GitHub Pages
serves for every address (each language pass writes site/404.html over the last)."""

from __future__ import annotations

import html
import re
from pathlib import Path

_HREFLANG_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


def drop_hreflang(output: str) -> str:
    """Without the <link rel="alternate" hreflang> tags Material writes into <head>: its script
    fetches a sitemap.xml beside each of them (two 404s on every page below a language's root)
    to steer the language switch, which policy-anchors.js does instead. Search engines get the
    same alternates from sitemap.xml, where mkdocs-static-i18n lists them."""
    end = output.find("</head>")  # only the head is searched: pages are long
    return _HREFLANG_LINK.sub("", output[:end]) + output[end:] if end > 0 else output


def keep_language_404(site: Path, lang: str) -> None:
    """A later language's pass wrote its 404 page over the root one: move it under /LANG/."""
    page = site / "404.html"
    if page.is_file():
        (site / lang).mkdir(exist_ok=True)
        page.replace(site / lang / "404.html")


def write_root_404(site: Path, page: str, others: list[str], root: str) -> None:
    """The default language's 404 page at the root, sending a reader who is lost under /en/ to
    the English one: assets/javascripts/policy-404.js, told the site's root and the other
    languages in data- attributes (a file, not an inline script: the Content-Security-Policy
    runs none)."""
    if not page:
        return
    script = (
        f'<script src="{html.escape(root)}assets/javascripts/policy-404.js" data-root="{html.escape(root)}" '
        f'data-langs="{html.escape(" ".join(others))}"></script>'
    )
    (site / "404.html").write_text(page.replace("</head>", script + "</head>", 1), encoding="utf-8")
