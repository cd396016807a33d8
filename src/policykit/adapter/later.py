"""The archived versions' pages as MkDocs writes them: made then, one at a time, or written as
the build cache held them (pagecache.py).

MkDocs converts every page before it writes any, and keeps each page's HTML to the end of the
build: with hundreds of archived pages, the build's memory would grow with the history. So an
archived page reaches MkDocs as a `Later` value with no text (pages/__init__.py). When MkDocs
writes it, `begin` either puts back what the cache held for its key (`look_up` found it, and
gave it a template that prints nothing: `written` returns the page as it was written), or makes
the page and converts it, with every plugin's page events, as MkDocs converts a page; `written`
then keeps it in the cache, with what was logged meanwhile, and drops it.
"""

from __future__ import annotations

import jinja2
from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from policykit.adapter.pagecache import TEMPLATE, Anchors, PageCache
from policykit.adapter.pageparts import escape_page, extend
from policykit.pages import Later, PageContext


def look_up(cache: PageCache, config: MkDocsConfig, files: Files, nav: Navigation | None) -> None:
    """Each archived page's key, in on_env, when the navigation's titles are final; a page the
    cache holds gets the template that prints nothing (MkDocs picks a page's template before
    any plugin sees it)."""
    pass_digest = ""
    for file in files.documentation_pages():
        value, page = getattr(file, "policy_page", None), file.page
        if not isinstance(value, Later) or page is None:
            continue
        pass_digest = pass_digest or cache.start_pass(config, files, nav)
        key = cache.key(pass_digest, value.inputs, file.dest_uri)
        held = cache.has(key)  # read when the page is written: the build holds one at a time
        if held:
            page.meta["template"] = TEMPLATE
        extend(page, policy_key=key, policy_held=held)


def stand_in(page: MkDocsPage) -> str:
    """An archived page's empty stand-in (its Markdown: nothing), which MkDocs converts with
    every page before it writes any: converted to nothing, without Markdown. MkDocs makes a
    Markdown instance, with every extension, for each page it converts: hundreds of archived
    pages paid it twice (the stand-in, then the page made in `begin`), and a build whose
    archived pages all come from the cache paid nothing else for them."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content, page.toc, page._title_from_render = "", get_toc([]), None
        page.present_anchor_ids, page.links_to_anchors = set(), {}

    vars(page)["render"] = render  # this page's, not the class's: `begin` takes it away
    return ""


def begin(cache: PageCache, ctx: PageContext, files: Files, page: MkDocsPage, config: MkDocsConfig) -> None:
    """An archived page, as MkDocs starts to write it: from the cache (its anchors, links and
    logged lines put back), or made now. An entry that went since `look_up` (another build
    evicted it, or it is unreadable) is made now and rendered by `render_unpicked`."""
    value = page.file.policy_page  # type: ignore[attr-defined]
    if getattr(page, "policy_held", False):
        entry = cache.get(page.policy_key)  # type: ignore[attr-defined]
        if entry is not None:
            cache.restore(entry, page, files)
            cache.served += 1
            extend(page, policy_entry=entry)
            return
        extend(page, policy_unpicked=True)
    cache.capture.start()
    cache.made += 1
    made = value.make(ctx)
    page.file.content_string = made.document
    extend(page.file, policy_page=made, policy_later=value)
    extend(page, policy_now=True)
    # The title on_env gave the empty stand-in (its file's name, escaped) goes: the page's own
    # heading gives it, as MkDocs gives any page's.
    vars(page).pop("title", None)
    vars(page).pop("render", None)  # the stand-in's (`stand_in`): the page made is converted
    current = config._current_page
    try:
        _populate_page(page, config, files)
    finally:
        config._current_page = current
    page.meta.pop("template", None)
    escape_page(page)


def render_unpicked(env: jinja2.Environment, context: TemplateContext, page: MkDocsPage, config: MkDocsConfig) -> None:
    """A page whose entry went after `look_up`: rendered, once its context is complete, with the
    template MkDocs did not pick for it, and put through every plugin's on_post_page (`written`,
    which keeps it, among them)."""
    template = env.get_template(page.meta.get("template", "main.html"))
    output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    extend(page, policy_entry={"output": output}, policy_unpicked=False)


def written(cache: PageCache, output: str, page: MkDocsPage) -> tuple[str, bytes | None]:
    """After every plugin's on_post_page: the page from the cache as it was written, with its
    bytes as the cache held them when they are what MkDocs would write (staging.same_as_before
    compares them); a page made in this build kept in the cache, with what was logged while it
    was made, then dropped, so that memory does not grow with the history."""
    entry, key = getattr(page, "policy_entry", None), getattr(page, "policy_key", None)
    if entry is not None:
        extend(page, policy_entry=None)
        return entry["output"], entry.get("bytes")
    if key is None:
        return output, None
    cache.put(key, page, output, cache.capture.stop())
    page.content, page.markdown = "", ""
    page.file.content_string = ""
    # The Page made, its Markdown and its store of HTML blocks go with it (prerendered.py looks
    # a block up in every store alive: one kept per written page made that quadratic).
    extend(page.file, policy_page=getattr(page.file, "policy_later", None))
    page.toc = get_toc([])
    page.present_anchor_ids = Anchors(page.present_anchor_ids or ())  # type: ignore[assignment]
    return output, None
