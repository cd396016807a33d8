"""One search index per language, with one entry per clause of the text in force."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from policykit.pages import Page
from policykit.render import escape


def split_search_index(site: Path, default: str, others: list[str], policy_pages: dict[str, Page]) -> None:
    """Material writes one index for every language (mkdocs-static-i18n merges them): Swedish
    results on Swedish pages, English on English, each with its own stemmer. The theme's
    policy-config.js points each page at its language's index. Every entry passes
    escape.search_entry: Material shows titles and texts as HTML."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    for lang in [default, *others]:
        prefix = "" if lang == default else f"{lang}/"
        if lang == default:
            mine = [d for d in docs if not any(d["location"].startswith(f"{o}/") for o in others)]
        else:
            mine = [{**d, "location": d["location"][len(prefix) :]} for d in docs if d["location"].startswith(prefix)]
        if prefix and (site / "sitemap.xml").is_file():  # Material looks for it beside its `base`
            (site / prefix / "sitemap.xml").write_bytes((site / "sitemap.xml").read_bytes())
        mine = [_without_code_blocks(d) for d in mine]  # the policy's own entries replace its page's
        mine = [escape.search_entry(d) for d in _clause_entries(mine, policy_pages.get(lang))]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config = {**index.get("config", {}), "lang": [lang]}
        target.write_text(
            json.dumps({"config": config, "docs": mine}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )


def _clause_entries(docs: list[dict], page: Page | None) -> list[dict]:
    """The policy page's entries (Material makes one per heading) replaced by its own, one per
    clause (`Page.search`), in the same place in the index."""
    if page is None or page.search is None:
        return docs
    entries = list(page.search)
    replaced = {entry["location"] for entry in entries}  # other headings' entries stay
    mine = [i for i, d in enumerate(docs) if d["location"] in replaced]
    if not mine:
        return docs
    rest = [d for d in docs if d["location"] not in replaced]
    return rest[: mine[0]] + entries + rest[mine[0] :]


_CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)


def _without_code_blocks(entry: dict) -> dict:
    """An entry of a page for editors or developers without its code blocks: a result that
    shows `# 3. Disclosure` or a YAML listing is raw Markdown to a reader, and a word in it
    (a label, a key) lifts the manual above the policy. Inline code stays: it names a thing."""
    text = entry.get("text")
    if not isinstance(text, str) or "<pre" not in text.lower():
        return entry
    return {**entry, "text": _CODE_BLOCK.sub(" ", text)}


#: What Material's search plugin deletes from every page it is given (its on_page_context
#: removes `\s?data-search-\w+="[^"]+"`), without the optional white space in front: a page
#: that has no match of this has no match of Material's either. Its literal start lets the
#: regular expression engine skip ahead; Material's optional `\s?` makes it try every position.
_MATERIAL_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


def skip_excluded(plugins: PluginCollection) -> None:
    """Material's search handler on_page_context, not called for a page that is excluded from
    search and has none of the attributes it deletes: it would index nothing and change
    nothing, but it scans the whole page, which was a twentieth of a build with no cache,
    where every archived page (excluded: pages/page.py) is made. Material's handler is left
    as it is when a subclass replaces it; wrapped once."""
    events = plugins.events["page_context"]
    for at, method in enumerate(events):
        func = getattr(method, "__func__", None)
        if (
            getattr(func, "__module__", "") == "material.plugins.search.plugin"
            and getattr(func, "__qualname__", "") == "SearchPlugin.on_page_context"
        ):
            events[at] = _skipping(method)
            plugins._event_origins[events[at]] = plugins._event_origins.get(method, "search")


def _skipping(handler: Callable[..., Any]) -> Callable[..., Any]:
    def on_page_context(context: Any, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> Any:
        search, content = page.meta.get("search"), page.content  # anything else is Material's to answer
        excluded = isinstance(search, dict) and search.get("exclude")
        if excluded and isinstance(content, str) and not _MATERIAL_ATTRIBUTE.search(content):
            return context  # what the handler would give: nothing indexed, nothing deleted
        return handler(context, page=page, config=config, nav=nav)

    on_page_context.mkdocs_priority = getattr(handler, "mkdocs_priority", 0)  # type: ignore[attr-defined]
    return on_page_context
