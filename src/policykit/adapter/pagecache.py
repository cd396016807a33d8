"""Archived versions' pages, rendered once and kept across builds (the build cache).

A policy's history only grows, and a deployment rebuilds it every day; an archived version's
pages depend only on that version and the ones before it (pages/context.py `inputs`), so a
build need not render them again. Each such page is a `Later` value (pages/__init__.py): MkDocs
gets its address and front matter, and the plugin makes and renders it only when MkDocs writes
it (`render`), one at a time, then drops it; or, when the cache holds a page of the same key,
writes what it held, without making, converting or templating anything.

The key is everything the written file depends on: the page's `inputs` (its version's text and
metadata, its status as of the build date, the words of its language, the site's values), this
language pass's MkDocs configuration (without the build's own temporary paths; the site's hooks
by content), its navigation
as the theme prints it, the docs pages that links may name, the package's own files, the theme
files and the installed distributions. An entry holds the written HTML, the page's anchors,
its links to other pages' anchors (MkDocs checks those again in every build, against the pages
as they are now) and what was logged while it was made: a page from
the cache logs the same lines again, so that `--strict` fails where a cold build fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import logging
import os
import sys
import sysconfig
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from policykit.adapter.reporting import log
from policykit.project.store import Store, digest, package_digest

#: The template a page from the cache is "rendered" with: nothing. on_post_page puts back the
#: whole page as it was written (`written`).
TEMPLATE = "policykit-cached.html"
#: The environment variable that turns the cache off for one build (`POLICYKIT_CACHE=off`).
SWITCH = "POLICYKIT_CACHE"
#: Keys of mkdocs.yml that name this build's own places, not its output: MkDocs' site_dir is
#: a new staging folder in every build; `watch` is what `mkdocs serve` watches.
_NOT_OUTPUT = {"site_dir", "watch", "config_file_path", "dev_addr", "strict"}
#: Set per page by mkdocs-static-i18n: the page's own alternates, which its address decides.
_PER_PAGE_EXTRA = {"alternate"}


def wanted(cache_dir: str | None) -> bool:
    return cache_dir is not None and os.environ.get(SWITCH, "").strip().lower() not in ("off", "0", "false", "no")


class PageCache:
    """One build's view of the cache: the store, the digest of what every page shares, and
    the lines each page logs while it is made."""

    def __init__(self, root: Path, cache_dir: str | None) -> None:
        folder = root / cache_dir if cache_dir is not None and wanted(cache_dir) else None
        told: list[str] = []

        def notice(message: str) -> None:
            if not told:  # one notice for both stores: a cache folder that cannot be used is one problem
                told.append(message)
                log.info(message)

        self.store = Store(folder / "pages" if folder else None, notice)
        #: The history's reading (record/checked.py): each commit's files, each version's check.
        self.history = Store(folder / "history" if folder else None, notice)
        #: Generated pages in the navigation as MkDocs converted them (rendercache.py).
        self.converted = Store(folder / "converted" if folder else None, notice)
        self._build = ""  # the package, the theme, the installed distributions: once per build
        self.capture = Capture()
        self.served = self.made = 0  # archived pages written from the cache, and made, in this build
        self.reconverted = [0, 0]  # other generated pages' HTML from the cache, and converted (rendercache.py)

    def start_pass(self, config: MkDocsConfig, files: Files, nav: Navigation | None) -> str:
        """The digest of what this language pass gives every page: its configuration, its
        navigation, the docs pages links may name, what the build shares, and whether MkDocs
        records a page's links to anchors (not at DEBUG: an entry made then has none to check
        again, and a later build would pass over the links it must check)."""
        docs = sorted(f.src_uri for f in files if not getattr(f, "policy_generated", False) and not f.generated_by)
        return digest(self.pass_config(config), _nav(nav), docs)

    def pass_config(self, config: MkDocsConfig) -> str:
        """What a language pass's configuration gives every page it makes: the build's digest,
        mkdocs.yml as this pass reads it, and whether MkDocs records links to anchors."""
        root = Path(config.config_file_path).parent.resolve()
        return digest(self.build_digest(config), config_digest(config, root), links_recorded())

    def build_digest(self, config: MkDocsConfig) -> str:
        """The package, the theme, the installed distributions: what every page of the build
        depends on, worked out once per build."""
        if not self._build:
            self._build = digest(package_digest(), _theme_digest(config.theme.dirs), _distributions(), sys.version)
        return self._build

    def whole(self, config: MkDocsConfig, name: str, inputs: tuple, make: Callable[[], str]) -> str:
        """A file that reads the whole history (policy.json, compare.json, a feed), kept by what
        it depends on (`inputs`: the page context's, pages/context.py) and the package: made
        anew whenever a version, a status or a word changes, and in no other build."""
        key = digest("whole", self.build_digest(config), name, inputs)
        found = self.converted.get(key, tail=True)
        if found is not None and found[0] == {"file": name}:
            return found[1]
        if found is not None:
            self.converted.refuse(key, "does not hold a file")
        text = make()
        self.converted.put(key, {"file": name}, tail=text)
        return text

    def key(self, pass_digest: str, inputs: tuple, dest_uri: str) -> str:
        return digest(pass_digest, inputs, dest_uri)

    def has(self, key: str) -> bool:
        return self.store.has(key)

    def get(self, key: str) -> dict | None:
        """The entry of `key`; None when there is none, or when what is there is not a page (a
        damaged or forged entry whose JSON is whole: passed over with the store's notice)."""
        found = self.store.get(key, tail_bytes=True)
        if found is None:
            return None
        entry, output, data = found
        if isinstance(entry, dict) and valid_entry(entry):
            entry["output"], entry["bytes"] = output, data  # the bytes MkDocs would write (staging.py)
            return entry
        self.store.refuse(key, "does not hold a page")
        return None

    def put(self, key: str, page: MkDocsPage, output: str, logged: list) -> None:
        self.store.put(
            key,
            {
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()},
                "log": logged,
            },
            tail=output,
        )

    def restore(self, entry: dict, page: MkDocsPage, files: Files) -> None:
        """What MkDocs reads of a page it does not render: its anchors (links to them are
        checked), its links to anchors (checked again, against the pages as they are now); and
        the lines its making logged. Not its table of contents: no template prints it, and
        such a page is out of search."""
        page.present_anchor_ids = Anchors(entry["anchors"])  # type: ignore[assignment]
        put_back(page, files, entry["links"], entry["log"])

    def finish(self) -> None:
        """After a successful build: entries no build uses go; and how much the cache spared."""
        self.store.evict()
        self.history.evict()
        self.converted.evict()
        if self.store.folder is not None and self.served + self.made:
            log.info(
                f"policykit: {self.served} of {self.served + self.made} archived pages from the build cache, "
                f"{self.reconverted[0]} of {sum(self.reconverted)} other generated pages' HTML "
                f"({self.store.folder.parent})"
            )


def links_recorded() -> bool:
    """Whether MkDocs records a page's links to anchors (Page.render: not at DEBUG)."""
    return logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG


def put_back(page: MkDocsPage, files: Files, links: dict[str, dict] | None, logged: list) -> None:
    """What a kept page (pagecache.py, rendercache.py) gives MkDocs besides its HTML: its links to
    other pages' anchors, which MkDocs checks again against the pages as they are now (None:
    none were recorded); and the lines its making logged, logged again."""
    if links is not None:
        found = {}
        for src_uri, anchors in links.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                found[target] = dict(anchors)
        page.links_to_anchors = found
    for name, level, message in logged:
        logging.getLogger(name).log(level, "%s", message)


class Anchors:
    """A written page's anchors as MkDocs' check of links to them reads them (`in`), held as one
    string: a set of hundreds of ids for each of hundreds of archived pages is what made the
    build's memory grow with the history after their HTML was gone."""

    __slots__ = ("_joined",)

    def __init__(self, ids: Iterable[str]) -> None:
        self._joined = "\n" + "\n".join(sorted(ids)) + "\n"

    def __contains__(self, anchor: object) -> bool:
        return isinstance(anchor, str) and "\n" not in anchor and f"\n{anchor}\n" in self._joined

    def __iter__(self):
        return iter(self._joined.strip("\n").split("\n") if self._joined != "\n\n" else ())


class Capture(logging.Handler):
    """The lines logged while one page is made (under `mkdocs`, the tree `--strict` counts)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[list] | None = None

    def start(self) -> None:
        self.lines = []
        logging.getLogger(mkdocs.__name__).addHandler(self)

    def stop(self) -> list[list]:
        logging.getLogger(mkdocs.__name__).removeHandler(self)
        lines, self.lines = self.lines or [], None
        return lines

    def emit(self, record: logging.LogRecord) -> None:
        if self.lines is not None:
            self.lines.append([record.name, record.levelno, record.getMessage()])


def valid_entry(entry: dict) -> bool:
    try:
        return (
            isinstance(entry["anchors"], list)
            and all(isinstance(a, str) for a in entry["anchors"])
            and isinstance(entry["links"], dict)
            and all(isinstance(v, dict) for v in entry["links"].values())
            and all(
                isinstance(line, list)
                and len(line) == 3
                and isinstance(line[0], str)  # a logger's name
                and isinstance(line[1], int)
                and isinstance(line[2], str)
                for line in entry["log"]
            )
        )
    except (KeyError, TypeError, ValueError):
        return False


def _nav(nav: Navigation | None) -> list:
    """The navigation as the theme prints it on every page: titles, addresses, nesting."""

    def item(node: Any) -> list:
        return [
            type(node).__name__,
            str(node.title),
            getattr(node, "url", None),
            [item(child) for child in getattr(node, "children", None) or ()],
        ]

    return [item(node) for node in nav.items] if nav is not None else []


def config_digest(config: MkDocsConfig, root: Path) -> str:
    values = {key: value for key, value in config.items() if key not in _NOT_OUTPUT}
    hooks = config.get("hooks")  # name -> module, whatever MkDocs' annotation says
    values["hooks"] = _hooks(hooks if isinstance(hooks, Mapping) else {})
    values["extra"] = {k: v for k, v in (config.extra or {}).items() if k not in _PER_PAGE_EXTRA}
    values["theme"] = {"name": config.theme.name, "values": dict(config.theme.items())}
    return digest(stable(values, root))


def stable(value: Any, root: Path, depth: int = 0) -> Any:
    """`value` as plain data that is the same in every build that writes the same pages: no
    object addresses, and paths inside the project relative to it."""
    if depth > 30:
        return "..."
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (str, PurePath)):
        text = str(value)
        if os.path.isabs(text):
            path = Path(text)
            return "<project>/" + path.relative_to(root).as_posix() if path.is_relative_to(root) else text
        return text
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return [[str(k), stable(v, root, depth + 1)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(stable(v, root, depth + 1)) for v in value)
    if isinstance(value, (list, tuple)):
        return [stable(v, root, depth + 1) for v in value]
    config = getattr(value, "config", None)  # a plugin: its class and its options
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    return [kind, stable(config, root, depth + 1)] if isinstance(config, Mapping) else kind


#: Each hook module's digest, as first seen: module -> its files' digests.
_HOOK_FILES: dict[Any, list] = {}


def _hooks(hooks: Mapping[str, Any]) -> list:
    """The site's hooks (`hooks:` in mkdocs.yml) by content: a hook is the site's own code, which
    may change what every page prints, or warn about it, while its name stays. With each hook,
    the Python files beside it: MkDocs puts the hook's folder on the import path, so those are
    what it imports. Read once per module MkDocs loaded: `mkdocs serve` keeps running the code
    it loaded first, whatever the files say since, so that is the code the key must name."""
    out = []
    for name, module in sorted(hooks.items()):
        if module not in _HOOK_FILES:
            _HOOK_FILES[module] = _files_of(getattr(module, "__file__", None))
        out.append([name, _HOOK_FILES[module]])
    return out


def _files_of(source: str | None) -> list:
    files: list = []
    if source:
        hook = Path(source)
        for path in sorted({hook, *hook.parent.glob("*.py")}):
            try:
                files.append([path.name, hashlib.sha256(path.read_bytes()).hexdigest()])
            except OSError:
                files.append([path.name, "?"])
    return files


def _theme_digest(dirs: list[str]) -> str:
    """The theme's files by content, but for an installed distribution's (Material's: its
    version is in `_distributions`) and the package's own (in `package_digest`): a site's
    custom_dir, a theme folder of its own."""
    installed = [Path(p).resolve() for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}]
    installed.append(Path(__file__).resolve().parent.parent)
    hasher = hashlib.sha256()
    for folder in dirs:
        base = Path(folder).resolve()
        if any(base.is_relative_to(place) for place in installed):
            continue
        hasher.update(b"\1" + folder.encode("utf-8", "surrogateescape"))
        for current, subdirs, names in os.walk(base):
            subdirs.sort()
            for name in sorted(names):
                path = Path(current) / name
                rel = path.relative_to(base).as_posix().encode("utf-8", "surrogateescape")
                try:
                    hasher.update(rel + b"\0" + hashlib.sha256(path.read_bytes()).digest())
                except OSError:
                    hasher.update(rel + b"\0?")
    return hasher.hexdigest()


def _distributions() -> list[tuple[str, str]]:
    """Every installed distribution and its version: Markdown's extensions, Jinja, Babel, the
    theme, whatever the site's plugins bring."""
    return sorted({(d.metadata["Name"] or "", d.version or "") for d in importlib.metadata.distributions()})
