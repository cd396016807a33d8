"""MkDocs hooks: the thin adapter between MkDocs (+ mkdocs-static-i18n) and policykit.

mkdocs-static-i18n builds the default language, then re-runs the whole build for every other
language from its on_post_build. The policy and its git history are read and checked once,
in the first pass; the later passes reuse them. The history reader caches on HEAD, not on
import: `mkdocs serve` keeps this module loaded across rebuilds.

What reaches a reader is made safe here where MkDocs hands it over: values enter the theme
escaped (`on_config`, `on_env`; policykit/escape.py), search entries are plain text, docs pages
are checked against the allow-list the extension applies, every page gets the
Content-Security-Policy, and the build writes into a staging folder that replaces `site_dir`
only when it succeeded (`_Staging`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
from markupsafe import Markup

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from policykit import checks, escape
from policykit.cache import SectionCache
from policykit.pages import SitePages
from policykit.project import load_project
from policykit.public import atom_feed, policy_json

# Problems start with their own `path:line:`, so they are logged without a plugin prefix;
# under `mkdocs.`, so that --strict counts their warnings.
log = logging.getLogger("mkdocs.policy")
EXTENSION = "policykit.extension"


class _Build:
    """What the language passes of one build share."""

    pages: SitePages | None = None
    not_found: str = ""  # the default language's 404 page
    serving: bool = False  # `mkdocs serve`: rendered generated pages are kept across rebuilds
    policy_pages: dict[str, str] = {}  # language -> URL of its page with the text in force
    nav = None  # this pass's navigation, whose titles on_env escapes
    checked: set = set()  # docs pages whose HTML was checked in this build


class _Staging:
    """A failed build leaves `site_dir` as it was.

    MkDocs empties `site_dir` before `on_files`, and `--strict` aborts only after every language
    pass has written its pages. So the build writes into a folder of its own beside `site_dir`
    (beside the folder a link points to), and `finish` puts it in place only when no error
    ended the build and, under `--strict`, nothing was logged at WARNING on the `mkdocs`
    logger. (`mkdocs serve` builds into a folder of its own, so it is left alone.) A build
    that was killed leaves its folder, `.site.policy-building-*`, which git ignores.
    """

    given: str = ""  # site_dir as configured
    target: Path | None = None
    staging: Path | None = None
    warnings: "_Count | None" = None

    @classmethod
    def start(cls, config: MkDocsConfig) -> None:
        cls.abandon()
        cls.given = config.site_dir
        # Where the site really is: a `site_dir` that is a link to a served folder stays one.
        cls.target = Path(config.site_dir).resolve()
        cls.target.parent.mkdir(parents=True, exist_ok=True)
        # A folder of this build's own: two builds at once must not write into one another's.
        cls.staging = Path(tempfile.mkdtemp(prefix=f".{cls.target.name}.policy-building-", dir=cls.target.parent))
        mask = os.umask(0)
        os.umask(mask)
        cls.staging.chmod(0o777 & ~mask)  # as a folder MkDocs makes (mkdtemp's is private)
        config.site_dir = str(cls.staging)
        cls.warnings = _Count(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(cls.warnings)

    @classmethod
    def finish(cls, config: MkDocsConfig) -> None:
        if cls.target is None:
            return
        target, staging, clean = cls.target, cls.staging, not (config.strict and cls.warnings.count)
        cls._stop(config)
        if not clean:  # MkDocs aborts right after this, for the warnings it counted too
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.policy-old-", dir=target.parent))
        try:
            if target.exists():
                target.replace(old / target.name)
            staging.replace(target)
        except OSError as exc:  # another build put its site there in between: it stays
            shutil.rmtree(staging, ignore_errors=True)
            raise PluginError(f"{target}: could not put the new site in place ({exc.strerror}); "
                              "another build may have written it at the same time: build again") from None
        finally:
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def abandon(cls, config: MkDocsConfig | None = None) -> None:
        staging = cls.staging
        cls._stop(config)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)

    @classmethod
    def _stop(cls, config: MkDocsConfig | None) -> None:
        if cls.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(cls.warnings)
        if config is not None and cls.target is not None:
            config.site_dir = cls.given  # `mkdocs gh-deploy` publishes what it names
        cls.target = cls.staging = cls.warnings = None


class _Count(logging.Handler):
    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Rendered:
    """Generated pages as MkDocs rendered them, kept across `mkdocs serve` rebuilds.

    An edit under policy/ changes the text in force and its preview, not the archived versions
    and their redlines; yet every rebuild converts them all again (hundreds of pages on a long
    history). Under `mkdocs serve` only, a generated page whose Markdown, address and Markdown
    configuration are unchanged gets its HTML, table of contents and anchors from the previous
    rebuild. What a rebuild does not use is dropped: the cache holds at most one build.
    (MkDocs' own check of links to anchors skips such a page; `mkdocs build` renders all.)
    """

    kept: dict[tuple, tuple] = {}  # from the previous build
    made: dict[tuple, tuple] = {}  # in this build

    @classmethod
    def new_build(cls) -> None:
        cls.kept, cls.made = cls.made, {}

    @classmethod
    def get(cls, key: tuple) -> tuple | None:
        found = cls.made.get(key) or cls.kept.get(key)
        if found is not None:
            cls.made[key] = found
        return found


def _i18n(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("mkdocs.yml: the policy site needs the i18n plugin (mkdocs-static-i18n); "
                          "add it under plugins:, with one entry per language")
    return plugin


def _languages(i18n) -> list[str]:
    """The site's languages, the default first."""
    default = i18n.default_language
    return [default] + [lang for lang in i18n.all_languages if lang not in (default, "null")]


def _report(problems: checks.Problems, strict: bool) -> None:
    """Notices go to INFO, warnings to WARNING; errors stop the build, and so do warnings
    under --strict: here, before anything is written, rather than after the whole site."""
    for problem in problems:
        if problem.severity == checks.Severity.NOTICE:
            log.info(str(problem))
        elif problem.severity == checks.Severity.WARNING:
            log.warning(str(problem))
    errors = problems.errors
    for problem in errors[:-1]:
        log.error(str(problem))
    if errors:  # one line per problem, each with file and line; the last one aborts the build
        raise PluginError(str(errors[-1]))
    warnings = problems.of(checks.Severity.WARNING)
    if strict and warnings:
        raise PluginError(f"{len(warnings)} warning(s) in the policy, and --strict is on: nothing was written")


def _load(config: MkDocsConfig, i18n) -> SitePages:
    """Read, check and record the policy: once per build, before anything is written."""
    project = load_project(Path(config.config_file_path).parent, _languages(i18n), Path(config.docs_dir))
    _report(project.problems, bool(config.strict))
    return SitePages(project.record, project.languages, i18n.default_language, _section_cache(config),
                     config.site_url or "")


_CACHES: dict[str, SectionCache] = {}


def _section_cache(config: MkDocsConfig) -> SectionCache:
    """One per Markdown configuration, kept across `mkdocs serve` rebuilds: it is keyed by
    content (parsed sections), so an edit re-renders only the section it touched."""
    extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    # Without the permalinks' title, which on_config sets per language: cached sections hold
    # no heading (cache.py), so it never shows in them.
    configs = {name: ({k: v for k, v in options.items() if k != "permalink_title"} if name == "toc" else options)
               for name, options in config.mdx_configs.items()}
    key = repr((extensions, sorted(configs.items(), key=lambda item: item[0])))
    if key not in _CACHES:
        _CACHES.clear()  # the configuration changed: nothing rendered before is valid
        _CACHES[key] = SectionCache(extensions, config.mdx_configs)
    return _CACHES[key]


def on_startup(command: str, dirty: bool) -> None:
    _Build.serving = command == "serve"


# -110: after i18n's on_config (-100), which sets the language of this pass.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = _i18n(config)
    if not i18n.building or _Build.pages is None:  # the first pass of a build
        if not _Build.serving:
            _Staging.start(config)
        _Build.pages = _load(config, i18n)
        _Build.policy_pages = {}
        _Build.checked = set()
        _Rendered.new_build()
    if EXTENSION not in config.markdown_extensions:  # guarded: each pass sees the same list
        config.markdown_extensions.append(EXTENSION)
    title = _Build.pages.title(_Build.pages.record.current, i18n.current_language)
    # Values enter the theme escaped (escape.py): Material prints them raw.
    config.site_name = escape.text(title or config.site_name)
    # For the <link rel="alternate"> to this language's feed, and for this language's own
    # search index, in overrides/main.html.
    config.extra["policy_feed"] = _Build.pages.url(i18n.current_language, "feed.xml")
    config.extra["policy_lang_root"] = _Build.pages.url(i18n.current_language)
    # The reader's language where MkDocs and Material would write English: the 404 page
    # (overrides/404.html) and the title of the headings' permalinks.
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    config.extra["policy_not_found"] = Markup(_Build.pages.not_found(i18n.current_language, root))  # HTML, escaped inside
    escape.tree(config.extra)
    toc = config.mdx_configs.setdefault("toc", {})
    if isinstance(toc, dict):
        toc["permalink_title"] = _Build.pages.word(i18n.current_language, "permalink")
    return config


# -110: after i18n's on_files (-100), which drops files that are not in docs_dir.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated pages: changelog, version list, archives, redlines."""
    i18n = _i18n(config)
    lang = i18n.current_language
    pages = _Build.pages
    registered = i18n.i18n_files_per_language.setdefault(lang, [])
    for generated in pages.generated(lang):
        inclusion = InclusionLevel.INCLUDED if generated.in_nav else InclusionLevel.NOT_IN_NAV
        file = _generated_file(config, lang, generated.url, generated.markdown, inclusion)
        file.alternates = {other: _generated_file(config, other, generated.url, "", inclusion)
                           for other in _languages(i18n)}
        files.append(file)
        registered.append(file)  # the i18n sitemap lists what is registered here
    site_url = config.site_url or ""
    if not site_url:
        log.warning("mkdocs.yml: site_url is not set, so the Atom feeds cannot name their entries; "
                    "set site_url to where the site is published")
    files.append(File.generated(config, pages.url(lang, "feed.xml"), content=atom_feed(pages, lang, site_url)))
    if lang == i18n.default_language:
        files.append(File.generated(config, "policy.json", content=policy_json(pages)))
    return files


def _generated_file(config: MkDocsConfig, lang: str, url: str, content: str, inclusion) -> File:
    """A page as i18n would have made it from docs/LANG/: URL, locale, alternates.

    Its source name is flat (`versions-1.0-changes.md`), so that MkDocs' automatic navigation
    shows the changelog and the version list as pages, not as sections of archived pages.
    """
    name = url.strip("/").replace("/", "-") + ".md"
    file = File.generated(config, f"{lang}/{name}", content=content, inclusion=inclusion)
    file.dest_uri = _Build.pages.url(lang, url) + "index.html"
    file.locale = file.localization = file.locale_alternate_of = lang
    file.norm_src_uri = name
    file.policy_generated = True
    return file


_HREFLANG_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


def on_nav(nav, config: MkDocsConfig, files: Files):
    _Build.nav = nav
    return nav


def _escape_pages(files: Files) -> None:
    """Titles, front matter and tables of contents enter the theme escaped (escape.py)."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        escape.tree(page.meta)
        title = page.meta.get("title")
        page.title = (escape.text(str(title)) if title is not None and not isinstance(title, str) else
                      title if title is not None else escape.html_text(page.title or ""))
        _escape_toc(page.toc)
    stack = list(_Build.nav.items) if _Build.nav is not None else []
    while stack:  # sections and links of the navigation (pages are done above)
        item = stack.pop()
        if not isinstance(item, Page) and item.title is not None:
            item.title = escape.text(item.title)
        stack += getattr(item, "children", None) or []


def _escape_toc(items) -> None:
    for item in items:
        item.title = escape.html_text(item.title, inline=True)
        _escape_toc(item.children)


def on_build_error(error: Exception) -> None:
    _Staging.abandon()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the <link rel="alternate" hreflang> tags Material writes into <head>: its script
    fetches a sitemap.xml beside each of them (two 404s on every page below a language's root)
    to steer the language switch, which policy-anchors.js does instead. Search engines get the
    same alternates from sitemap.xml, where mkdocs-static-i18n lists them."""
    return _drop_hreflang(output)


def _drop_hreflang(output: str) -> str:
    end = output.find("</head>")  # only the head is searched: pages are long
    return _HREFLANG_LINK.sub("", output[:end]) + output[end:] if end > 0 else output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep the default language's 404 page: a later language pass overwrites site/404.html.
    Its <head> loses the hreflang links too, as every page's does (on_post_page)."""
    i18n = _i18n(config)
    if template_name == "404.html":
        output = _drop_hreflang(output)
    if template_name == "404.html" and i18n.current_language == i18n.default_language:
        _Build.not_found = output
    return output


# -200: after i18n's on_post_build (-100), which, in the default language's pass, builds the
# other languages and then writes one search index for all of them.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = _i18n(config)
    site = Path(config.site_dir)
    lang = i18n.current_language
    if i18n.building and lang != i18n.default_language:
        page = site / "404.html"
        if page.is_file():  # this language's 404 page, written over the root one
            (site / lang).mkdir(exist_ok=True)
            page.replace(site / lang / "404.html")
        return
    others = [l for l in _languages(i18n) if l != i18n.default_language]
    _root_404(site, others, urlsplit(config.site_url or "/").path.rstrip("/") + "/")
    _split_search_index(site, i18n.default_language, others)
    _Staging.finish(config)  # last: every language is written


def _root_404(site: Path, others: list[str], root: str) -> None:
    """The default language's 404 page at the root (GitHub Pages serves only that one), sending
    a reader who is lost under /en/ to the English one: assets/javascripts/policy-404.js, told
    the site's root and the other languages in data- attributes (a file, not an inline script:
    the Content-Security-Policy runs none)."""
    if not _Build.not_found:
        return
    script = ('<script src="%sassets/javascripts/policy-404.js" data-root="%s" data-langs="%s"></script>'
              % (html.escape(root), html.escape(root), html.escape(" ".join(others))))
    (site / "404.html").write_text(_Build.not_found.replace("</head>", script + "</head>", 1), encoding="utf-8")


# The Content-Security-Policy of every built page, which overrides/main.html writes first in
# <head>. No inline script runs: Material's are files (overrides/partials/javascripts/), and so
# are this site's own (assets/javascripts/policy-config.js, policy-404.js). Styles come from the
# site's stylesheets, and the only style attributes allowed are the column alignments that
# Markdown tables write (_TABLE_ALIGNMENTS). Material's icons are data: URIs in its CSS; search
# fetches its index (connect-src) and runs in a worker. Nothing is loaded from anywhere else.
CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-hashes' {table_alignments}",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}
# What Python-Markdown's tables extension writes on a column's cells that is aligned (`|--:|`);
# tests/test_csp.py checks that it still does.
_TABLE_ALIGNMENTS = [f"text-align: {side};" for side in ("left", "center", "right")]


def _content_security_policy() -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
                      for style in _TABLE_ALIGNMENTS)
    return "; ".join(f"{directive} {sources.format(table_alignments=hashes)}" for directive, sources in CSP.items())


def on_pre_build(config: MkDocsConfig) -> None:
    """The Content-Security-Policy for overrides/main.html, in every language's pass; none under
    `mkdocs serve`, whose live reload is an inline script."""
    config.extra["policy_csp"] = "" if _Build.serving else _content_security_policy()


def _split_search_index(site: Path, default: str, others: list[str]) -> None:
    """One search index per language: Swedish results on Swedish pages, English on English,
    each with its own stemmer. overrides/main.html points each page at its language's index."""
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
            mine = [{**d, "location": d["location"][len(prefix):]} for d in docs if d["location"].startswith(prefix)]
        if prefix and (site / "sitemap.xml").is_file():  # Material looks for it beside its `base`
            (site / prefix / "sitemap.xml").write_bytes((site / "sitemap.xml").read_bytes())
        mine = [escape.search_entry(d) for d in _clause_entries(mine, lang, prefix)]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config = {**index.get("config", {}), "lang": [lang]}
        target.write_text(json.dumps({"config": config, "docs": mine}, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _clause_entries(docs: list[dict], lang: str, prefix: str) -> list[dict]:
    """The policy page's entries (Material makes one per heading) replaced by one per clause
    (SitePages.search_entries), in the same place in the index."""
    url = _Build.policy_pages.get(lang)
    if url is None or not url.startswith(prefix):
        return docs
    location = url[len(prefix):]
    entries = _Build.pages.search_entries(lang, location)
    replaced = {entry["location"] for entry in entries}  # other headings' entries stay
    mine = [i for i, d in enumerate(docs) if d["location"] in replaced]
    if not mine:
        return docs
    rest = [d for d in docs if d["location"] not in replaced]
    return rest[:mine[0]] + entries + rest[mine[0]:]


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory across `mkdocs serve` rebuilds: MkDocs makes
    a new Jinja environment per build (and i18n per language), which recompiles Material's
    templates every time."""

    store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """After every page is rendered, before any template: escape what enters the theme."""
    env.bytecode_cache = _TemplateCache()
    env.filters["striptags"] = escape.safe_striptags
    _escape_pages(files)
    return env


_ID = re.compile(r'\bid="([^"]+)"')


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Sections rendered once (cache.py) reach the page as finished HTML, after MkDocs has
    collected the page's anchors: add their ids, so that MkDocs checks links to them. Also:
    under `mkdocs serve`, a generated page unchanged since the last rebuild comes from
    `_Rendered`; and text in another language than the page's is marked (`_mark_language`)."""
    key, found = getattr(page, "policy_render", (None, None))
    if found is not None:  # rendered in the previous `mkdocs serve` rebuild
        html, page.toc, anchors, _ = found
        page.present_anchor_ids = set(anchors)
        return html
    if getattr(page, "present_anchor_ids", None) is not None and "policy-body" in html:
        page.present_anchor_ids.update(_ID.findall(html))
    html = _mark_language(html, page, _i18n(config).current_language)
    if key is not None:
        _Rendered.made[key] = (html, page.toc, frozenset(page.present_anchor_ids or ()), page.title)
    return html


_TOP_UNIT = re.compile(r'<(section aria-labelledby="[^"]*" class="policy-section"|div class="policy-preamble")')


def _mark_language(html: str, page: Page, lang: str) -> str:
    """Text shown in another language than the page's says so (`lang`), so that a screen
    reader reads it with the right voice: a version's text that does not exist in this
    language (shown in the authoritative one), and hand-written pages that i18n falls back
    to from the default language."""
    shown = _Build.pages.text_lang.get(page.url)
    if shown:
        return _TOP_UNIT.sub(lambda m: f'<{m.group(1)} lang="{shown}"', html)
    locale = getattr(page.file, "locale", None)
    if locale and locale != lang and page.meta.get("policy") != "current":
        return f'<div lang="{locale}">{html}</div>'
    return html


def _check_docs_page(page: Page, config: MkDocsConfig) -> None:
    """Front matter that the theme acts on, once per file (a page that i18n falls back to is
    built in every language). The page's text was checked with the policy (project.py)."""
    path = Path(page.file.abs_src_path or "")
    if not page.file.abs_src_path or path in _Build.checked:
        return
    _Build.checked.add(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
        shown = path.resolve().relative_to(Path(config.config_file_path).parent.resolve()).as_posix()
    except (OSError, UnicodeDecodeError, ValueError):
        return  # MkDocs reports a page it cannot read
    problems = checks.Problems()
    _check_theme_keys(page, config, source, shown, problems)
    _report(problems, False)  # an error stops the build here, before rendering


def _check_theme_keys(page: Page, config: MkDocsConfig, source: str, shown: str, problems) -> None:
    """Front matter that names a theme file (`template:`, Material's `icon:`): one that does
    not exist would stop the build with a traceback from Jinja."""
    dirs = [Path(d) for d in config.theme.dirs]
    line_of = lambda key: next((n for n, text in enumerate(source.split("\n"), 1) if text.startswith(f"{key}:")), None)
    for key in ("title", "description", "author", "subtitle"):  # printed as text by Material
        value = page.meta.get(key)
        if value is not None and not isinstance(value, str):
            line = line_of(key)
            problems.add(checks.FRONT_MATTER, shown, line, f"{key}: must be a text, not {type(value).__name__}",
                         f"write {key}: \"...\" (in quotes)")
    for key, folder, suffix in (("template", "", ""), ("icon", ".icons", ".svg")):
        value = page.meta.get(key)
        if value is None:
            continue
        name = f"{folder}/{value}{suffix}" if folder else str(value)
        if isinstance(value, str) and ".." not in Path(name).parts and any((d / name).is_file() for d in dirs):
            continue
        problems.add(checks.FRONT_MATTER, shown, line_of(key), f"{key}: {str(value)[:60]!r} is not a file of the theme",
                     f"remove the {key}, or name one that the theme has")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    """A page whose front matter says `policy: current` shows the current policy."""
    if not getattr(page.file, "policy_generated", False) and page.meta.get("policy") != "current":
        _check_docs_page(page, config)
    title = _Build.pages.page_titles.get(page.url)
    if title is not None:  # an archived version's <title>, from its own policy.yml
        page.meta["policy_title"] = title
    if page.meta.get("policy") == "current":
        lang = _i18n(config).current_language
        _Build.policy_pages[lang] = page.url
        return _Build.pages.current_page(lang, page.url)
    if _Build.serving and getattr(page.file, "policy_generated", False):
        key = (page.file.src_uri, page.file.dest_uri, markdown, repr(config.markdown_extensions),
               repr(sorted(config.mdx_configs.items(), key=lambda item: item[0])))
        found = _Rendered.get(key)
        page.policy_render = (key, found)
        if found is not None:  # nothing to convert; on_page_content puts back what it was
            page.meta["title"] = found[3]
            return ""
    return markdown
