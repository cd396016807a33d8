"""One page of the site as a value: what the plugin needs to make it a MkDocs page, and what
makes its HTML without MkDocs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown

from policykit.pages.context import Inputs, PageContext
from policykit.record.history import Version
from policykit.render.prerendered import Prerendered

EXTENSION = "policykit.render.extension"
#: The element of a top-level unit as the extension writes it: where `text_lang` goes.
_TOP_UNIT = re.compile(r'<(section aria-labelledby="[^"]*" class="policy-section"|div class="policy-preamble")')


@dataclass(frozen=True)
class Page:
    """A generated page in one language. Its Markdown names HTML blocks kept in `blocks` (the
    build's store, render/prerendered.py), so the value renders as long as it is held."""

    kind: str  # "current", "archive", "redline", "changelog", "versions", "verify", "compare", "side-by-side"
    lang: str
    path: str  # below the language's root: "versions/1.0/"
    url: str  # from the site's root: "en/versions/1.0/"
    markdown: str  # without front matter: what MkDocs hands on_page_markdown
    inputs: Inputs  # what the output depends on (PageContext.inputs)
    blocks: Prerendered | None = field(default=None, compare=False, repr=False)
    #: The whole <title> (archived versions: "Policy, version 1.0"); None: the heading's. Never
    #: through front matter: a title is text, and YAML would read some of its characters as syntax.
    title: str | None = None
    text_lang: str | None = None  # the language of the policy's text it shows, if not the page's
    in_nav: bool = False
    searchable: bool = True  # False: out of Material's search index
    #: The entries that stand for the page in the search index (one per clause), or None: Material's.
    search: tuple[dict, ...] | None = None
    loads_compare: bool = False  # theme/main.html loads the compare page's scripts
    #: (language, path) where this page stands in another language, when not at `path` (the
    #: language switch of a side-by-side page leads to the same pair seen from the other side).
    alternates: tuple[tuple[str, str], ...] = ()
    #: Without Material's sidebars (`hide: [navigation, toc]`): two columns of text need the width.
    wide: bool = False

    @property
    def document(self) -> str:
        """The page as a Markdown file for MkDocs: front matter from the fields, then the Markdown."""
        meta = front_matter(self.searchable, self.loads_compare, self.wide)
        return f"---\n{meta}---\n\n{self.markdown}" if meta else self.markdown

    def html(self, extensions: list, configs: dict | None = None) -> str:
        """The page's content as HTML, with the site's Markdown configuration (`markdown_extensions`
        and `mdx_configs` as the plugin leaves them), as MkDocs would make it of a page whose
        text links no other page (MkDocs rewrites such links)."""
        names = [*extensions] if EXTENSION in extensions else [*extensions, EXTENSION]
        converted = markdown.Markdown(extensions=names, extension_configs=configs or {}).convert(self.markdown)
        return mark_text_language(converted, self.text_lang)


def front_matter(searchable: bool, loads_compare: bool, wide: bool) -> str:
    """What MkDocs and the theme read of a generated page before its text: out of search, the
    compare page's scripts, without Material's sidebars."""
    return (
        ("" if searchable else "search:\n  exclude: true\n")
        + ("policy_compare: true\n" if loads_compare else "")
        + ("hide:\n  - navigation\n  - toc\n" if wide else "")
    )


def page_at(
    ctx: PageContext,
    kind: str,
    lang: str,
    path: str,
    markdown: str,
    version: Version | None = None,
    *,
    title: str | None = None,
    text_lang: str | None = None,
    in_nav: bool = False,
    searchable: bool = True,
    loads_compare: bool = False,
) -> Page:
    """The page of `kind` at `path` below `lang`'s root (of `version`): its URL, its inputs and
    the build's store of rendered blocks come from `ctx`, the same way for every kind."""
    return Page(
        kind,
        lang,
        path,
        ctx.url(lang, path),
        markdown,
        ctx.inputs(kind, lang, version),
        ctx.blocks,
        title=title,
        text_lang=text_lang,
        in_nav=in_nav,
        searchable=searchable,
        loads_compare=loads_compare,
    )


def mark_text_language(html: str, text_lang: str | None) -> str:
    """Each top-level unit of a text shown in another language than the page's says so, so
    that a screen reader reads it with the right voice."""
    return _TOP_UNIT.sub(lambda m: f'<{m.group(1)} lang="{text_lang}"', html) if text_lang else html
