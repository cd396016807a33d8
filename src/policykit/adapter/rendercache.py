"""The generated pages in the navigation (the text in force, the changelog, the version list,
the verify page) as MkDocs converted them, with their search entries, kept across builds; and
the files that read the whole history (`whole_history_files`).

These pages show the whole history, so they go through MkDocs' page loop in every build like
any page in the navigation (archived pages do not: later.py). Yet a rebuild of the same commit,
or a daily one on which no version took effect, gives them the same Markdown: the changelog of
a long history is the largest page of the site, and Material's search parses its HTML again,
in pure Python, in every language. So a page whose Markdown, front matter, address, files and
configuration are those of a page converted before gets that page's HTML, table of contents,
anchors, title, links to anchors (MkDocs checks those again, against the pages as they are now),
the lines its conversion logged (logged again: `--strict` fails where a cold build fails) and
the search entries Material made of it.

Kept in the build cache (pagecache.py's store), and under `mkdocs serve` also in memory from
one rebuild to the next (the cache may be off): an edit changes the text in force, not the
changelog.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink, get_toc

from policykit.adapter.pagecache import Capture, PageCache, put_back, stable, valid_entry
from policykit.adapter.pageparts import extend
from policykit.pages import Later, PageContext, compare_json
from policykit.pages.public import atom_feed, policy_json
from policykit.project.store import digest

#: The mark an entry of this kind carries.
KIND = "converted"


class Converted:
    """One build's use of the kept conversions (`before`, `converted`, `searching`, `searched`,
    in the order MkDocs' events call them for a page)."""

    #: Under `mkdocs serve`: the conversions of the last rebuild, and of this one.
    kept: dict[str, tuple[dict, str]] = {}
    made_now: dict[str, tuple[dict, str]] = {}

    def __init__(self, cache: PageCache, serving: bool) -> None:
        self.cache, self.serving = cache, serving
        self.capture = Capture()
        self.pass_digest = ""
        if serving:
            Converted.kept, Converted.made_now = Converted.made_now, {}

    def new_pass(self) -> None:
        self.pass_digest = ""

    def before(self, page: MkDocsPage, markdown: str, config: MkDocsConfig, files: Files) -> str:
        """on_page_markdown, after every other plugin's: the Markdown MkDocs is to convert;
        nothing, when a conversion of this page is kept (`converted` puts it back)."""
        if not self.pass_digest:  # once per language pass: the configuration and the files are the pass's
            files_digest = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
            self.pass_digest = digest(self.cache.pass_config(config), files_digest)
        meta = stable(page.meta, Path("/"))
        key = digest(KIND, self.pass_digest, page.file.src_uri, page.file.dest_uri, markdown, meta)
        found = self._find(key)
        extend(page, policy_render=(key, found), policy_search_from=None)
        self.cache.reconverted[found is None] += 1
        if found is not None:
            return ""
        self.capture.start()  # what the conversion logs (`converted`)
        return markdown

    def _find(self, key: str) -> tuple[dict, str] | None:
        store = self.cache.converted
        found = Converted.made_now.get(key) or Converted.kept.get(key)
        if found is None:
            stored = store.get(key, tail=True)
            if stored is not None and _readable(stored[0]):
                found = stored
            elif stored is not None:
                store.refuse(key, "does not hold a converted page")
        else:
            store.keep(key)  # answered from memory: still what the next cold build needs
        if found is not None and self.serving:
            Converted.made_now[key] = found
        return found

    def converted(self, page: MkDocsPage, html: str, files: Files) -> str:
        """on_page_content, before every other plugin's: the HTML kept for the page, its table
        of contents, anchors, title and links put back, and its conversion's lines logged
        again; or the page converted now, kept once its search entries are known (`searched`)."""
        key, found = getattr(page, "policy_render", (None, None))
        if key is None:
            return html
        if found is None:
            links = page.links_to_anchors
            value = {
                "kind": KIND,
                "toc": [_token(item) for item in page.toc or ()],
                "anchors": sorted(page.present_anchor_ids or ()),
                "title": page._title_from_render,
                "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
                "log": self.capture.stop(),
                "search": None,
            }
            extend(page, policy_pending=(value, html))
            return html
        value, html = found
        page.toc = get_toc(value["toc"])
        page.present_anchor_ids = set(value["anchors"])
        page._title_from_render = value["title"]
        put_back(page, files, value["links"], value["log"])
        return html

    def searching(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        """on_page_context, before Material's search: a page whose search entries are kept is
        left out of its indexing (its front matter's `search: exclude`, for that moment)."""
        index = _search_entries(config)
        key, found = getattr(page, "policy_render", (None, None))
        if key is None or index is None:
            return
        if found is not None and found[0]["search"] is not None:
            extend(page, policy_search_from=("kept", page.meta.get("search", _ABSENT)))
            page.meta["search"] = {"exclude": True}
        else:
            extend(page, policy_search_from=("made", len(index)))

    def searched(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        """on_page_context, after Material's search: the kept entries added where Material would
        have added them, and the front matter as it was; or the page converted now kept."""
        key, found = getattr(page, "policy_render", (None, None))
        if key is None:
            return
        index, since = _search_entries(config), getattr(page, "policy_search_from", None)
        if found is not None:
            if since is not None and since[0] == "kept" and index is not None:
                if since[1] is _ABSENT:
                    page.meta.pop("search", None)
                else:
                    page.meta["search"] = since[1]
                index.extend(copy.deepcopy(found[0]["search"]))
            return
        pending = getattr(page, "policy_pending", None)
        if pending is None:
            return
        value, html = pending
        if since is not None and since[0] == "made" and index is not None:
            value["search"] = copy.deepcopy(index[since[1] :])
        extend(page, policy_pending=None)
        self.cache.converted.put(key, value, tail=html)
        if self.serving:
            Converted.made_now[key] = (value, html)

    def abandon(self) -> None:
        self.capture.stop()


_ABSENT = object()


def whole_history_files(
    cache: PageCache, config: MkDocsConfig, pages: PageContext, lang: str, default: bool, site_url: str, schema: Path
) -> list[File]:
    """`lang`'s feed; in the default language's pass, policy.json, its schema and the compare
    page's compare.json: each made only when what it reads changed (PageCache.whole)."""
    inputs = pages.inputs("feed", lang)
    feed = cache.whole(config, "feed.xml", (*inputs, site_url), lambda: atom_feed(pages, lang, site_url))
    files = [File.generated(config, pages.url(lang, "feed.xml"), content=feed)]
    if default:
        files += [
            File.generated(
                config, "policy.json", content=cache.whole(config, "policy.json", inputs, lambda: policy_json(pages))
            ),
            File.generated(config, "policy.schema.json", abs_src_path=str(schema)),
            File.generated(
                config, "compare.json", content=cache.whole(config, "compare.json", inputs, lambda: compare_json(pages))
            ),
        ]
    return files


def convertible(page: MkDocsPage) -> bool:
    """Whether `page` is one whose conversion is kept: a generated page in the navigation, or
    the text in force; not an archived page (later.py: the build cache keeps it whole)."""
    if getattr(page, "policy_now", False) or isinstance(getattr(page.file, "policy_page", None), Later):
        return False
    return bool(getattr(page.file, "policy_generated", False)) or page.meta.get("policy") == "current"


def _token(item: AnchorLink) -> dict:
    """An entry of a table of contents as the Markdown toc extension gives it to MkDocs."""
    return {"level": item.level, "id": item.id, "name": item.title, "children": [_token(c) for c in item.children]}


def _search_entries(config: MkDocsConfig) -> list | None:
    """Material's search index's entries (its plugin's), or None without that plugin."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if isinstance(entries, list) and getattr(getattr(plugin, "config", None), "enabled", True):
            return entries
    return None


def _readable(value: Any) -> bool:
    """Whether a stored value is a converted page's, of the shapes `converted` reads."""
    if not isinstance(value, dict) or value.keys() != _FIELDS or value["kind"] != KIND:
        return False
    links, search = value["links"], value["search"]
    return (
        (value["title"] is None or isinstance(value["title"], str))
        and (links is None or isinstance(links, dict))
        and valid_entry({"anchors": value["anchors"], "links": links or {}, "log": value["log"]})
        and isinstance(value["toc"], list)
        and all(_toc_token(t) for t in value["toc"])
        and (search is None or (isinstance(search, list) and all(_search_entry(e) for e in search)))
    )


_FIELDS = {"kind", "toc", "anchors", "title", "links", "log", "search"}


def _toc_token(token: Any, depth: int = 0) -> bool:
    return (
        depth < 7
        and isinstance(token, dict)
        and isinstance(token.get("level"), int)
        and isinstance(token.get("id"), str)
        and isinstance(token.get("name"), str)
        and isinstance(token.get("children"), list)
        and all(_toc_token(c, depth + 1) for c in token["children"])
    )


def _search_entry(entry: Any) -> bool:
    return isinstance(entry, dict) and all(
        isinstance(k, str) and isinstance(v, (str, int, float, list)) for k, v in entry.items()
    )
