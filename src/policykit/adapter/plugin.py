"""The `policykit` MkDocs plugin: every event handler of a policy site.

mkdocs-static-i18n builds the default language, then re-runs the whole build for every other
language from its on_post_build. The policy and its git history are read and checked once,
in the first pass; the later passes reuse them. The history reader caches on HEAD, not on
import: `mkdocs serve` keeps the plugin loaded across rebuilds.

What reaches a reader is made safe where MkDocs hands it over: values enter the theme escaped
(`on_config`, `on_env`; render/escape.py), search entries are plain text, docs pages are
checked against the allow-list the extension applies, every page gets the
Content-Security-Policy, and the build writes into a staging folder that replaces `site_dir`
only when it succeeded (staging.py), and only when `site_dir` is a site (sitedir.py).

Priorities say when a handler runs relative to the other plugins, whatever their order in
mkdocs.yml: before search's on_config (0), after i18n's on_config and on_files (-100), after
i18n's on_post_build (-100), which builds the other languages.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from policykit.adapter import later, release, search, site, themeenv
from policykit.adapter.caches import TemplateCache, section_cache
from policykit.adapter.csp import content_security_policy
from policykit.adapter.errorpages import drop_hreflang, keep_language_404, write_root_404
from policykit.adapter.navigation import keep_shared_pages, lift_language_section, link_in_menu_order
from policykit.adapter.options import PolicyConfig, site_config
from policykit.adapter.pagecache import TEMPLATE, PageCache
from policykit.adapter.pageparts import escape_pages, extend, refuse_taken
from policykit.adapter.release import Alternate
from policykit.adapter.rendercache import Converted, convertible, whole_history_files
from policykit.adapter.reporting import log, report, said_to_mkdocs
from policykit.adapter.staging import Staging
from policykit.adapter.templatecheck import (
    check_output,
    check_theme_keys,
    find_template,
    template_file,
    template_of,
    written_language,
)
from policykit.pages import (
    Later,
    Page,
    PageContext,
    current_page,
    footer_links,
    generated,
    mark_text_language,
    not_found,
)
from policykit.project import theme_values
from policykit.project.config import SiteConfig
from policykit.project.load import load_project, site_words
from policykit.render import escape
from policykit.text import checks
from policykit.text.links import site_url_problem
from policykit.words.catalogue import Words

SCHEMA = Path(__file__).resolve().parent.parent / "policy.schema.json"
#: An id in the HTML that Python-Markdown and the generator write (one space before every
#: attribute): a literal start the regex engine finds fast, where `\bid=` tried every position
#: of an archived page (4 ms each at V=200, against 0.2).
_ID = re.compile(r' id="([^"]+)"')
#: What MkDocs reads of the page with the text in force that the generator adds.
_CURRENT = "---\npolicy: current\n---\n"


class PolicyPlugin(BasePlugin[PolicyConfig]):
    """The policy, its versions and its words, as pages of a Material site."""

    def __init__(self) -> None:
        self.serving = self.dirty = False  # `mkdocs serve` (--dirty): generated pages kept across rebuilds
        self.staging = Staging()
        self.pages: PageContext | None = None
        self.words: Words | None = None
        self.run: site.Pass | None = None
        self.site: SiteConfig | None = None  # the site's configuration, checked (project/config.py)
        self.not_found = ""  # the default language's 404 page
        self.policy_pages: dict[str, Page] = {}  # language -> its page with the text in force
        self.nav: Navigation | None = None  # this pass's navigation, whose titles on_env escapes
        self.checked: set = set()  # docs pages whose front matter was checked in this build
        self.config_problems: set[str] = set()  # mkdocs.yml's problems reported in this build
        self.cache: PageCache | None = None  # archived pages kept across builds (pagecache.py)
        self.converted: Converted | None = None  # conversions kept across builds (rendercache.py)
        self.files: Files | None = None  # this pass's files, for the archived pages made as they are written
        self.env: jinja2.Environment | None = None  # this pass's templates (on_env)
        self.unwritten: list[File] = []  # this pass's files made of the whole history, until written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty = command == "serve", dirty

    # Configuration ------------------------------------------------------------------------

    @event_priority(10)  # before search's on_config, which fills in its own defaults
    @said_to_mkdocs
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        problem = site_url_problem(config.site_url or "")
        if problem:  # the problem says its fix, in parentheses
            raise site.config_error(
                config, ("site_url",), f"site_url {checks.printable(config.site_url or '')[:80]!r} {problem}"
            )
        site.check_theme(config)
        site.set_search(config)
        search.skip_excluded(config.plugins)  # archived pages are excluded: a twentieth of a cold build
        return config

    @event_priority(-110)  # after i18n's on_config (-100), which sets the language of this pass
    @said_to_mkdocs
    def _configure_pass(self, config: MkDocsConfig) -> MkDocsConfig:
        if site.first_pass(config) or self.site is None:  # read once per build, before anything is written
            self.site = site_config(config)
        intake = self.site
        root = intake.root
        run = self.run = site.this_pass(config, intake)
        theme_values.restore(config)  # what MkDocs reads as it makes this pass's pages, as mkdocs.yml wrote it
        if run.first or self.pages is None:  # the first pass of a build
            self.config_problems = set()
        self._check_config(config, run)
        if run.first or self.pages is None:
            folders = {"the policy folder": root / intake.policy_dir, "the words folder": root / intake.words_dir}
            self.staging.start(config, folders, self.serving, self.dirty)  # before anything is written
            site.set_defaults(config)
            site.watch(config, [root / intake.policy_dir, root / intake.words_dir])
            self.cache = PageCache(root, intake.cache_dir)
            self.words = self._words(config, intake, run.languages)
            self.pages = self._load(config, intake, run)
            self.policy_pages, self.checked = {}, set()
            self.converted = Converted(self.cache, self.serving)
        words = self.words
        assert words is not None  # read with self.pages, in this build's first pass (above)
        site.put_theme(config)
        themeenv.list_visible(config.theme)  # MkDocs lists its hidden files to drop them
        site.check_theme(config)  # again: i18n may give a language features of its own
        site.check_theme_language(config)
        lang, pages = run.current, self.pages
        if run.i18n is None:  # one language: Material's own words in it (i18n sets them per pass)
            site.set_theme_language(config, lang)
        # Values enter the theme escaped (escape.py, theme_values.py): Material prints them raw.
        config.site_name = escape.text(pages.title(pages.record.current, lang) or config.site_name)
        # For the <link rel="alternate"> to this language's feed, this language's own search
        # index, the scripts' words, and the 404 page's words (theme/main.html, 404.html).
        config.extra.update(policy_feed=pages.url(lang, "feed.xml"), policy_lang_root=pages.url(lang))
        config.extra["policy_bundle"] = site.material_bundle(config)  # preloaded from <head>
        config.extra["policy_words"] = words.for_script(lang)
        config.extra["policy_footer"] = footer_links(pages, lang)  # theme/partials/footer.html
        root_path = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        config.extra["policy_not_found"] = Markup(not_found(pages, lang, root_path))  # HTML, escaped inside
        theme_values.enter(config, rendered=False)
        site.set_words(config, words, lang)
        return config

    on_config = CombinedEvent(_configure, _configure_pass)

    def _check_config(self, config: MkDocsConfig, run: site.Pass) -> None:
        """mkdocs.yml's values that the theme prints (theme_values.py), in every language's pass
        (i18n lets a language set its own), each problem said once; in the first pass, before
        anything is written. i18n's extra.alternate is there already (its on_config runs first)."""
        problems = theme_values.check(
            config,
            [Path(d) for d in config.theme.dirs],
            Path(config.config_file_path),
            run.current if run.i18n is not None else None,
        )
        new = checks.Problems(p for p in problems if str(p) not in self.config_problems)
        self.config_problems.update(str(p) for p in new)
        report(new, bool(config.strict))

    def _words(self, config: MkDocsConfig, intake: SiteConfig, languages: list[str]) -> Words:
        """The site's words, read and checked as `policy lint` reads them (project.site_words)."""
        words, problems = site_words(intake, languages)
        report(problems, bool(config.strict))
        assert words is not None  # none only with an error, on which report() stopped the build
        return words

    def _load(self, config: MkDocsConfig, intake: SiteConfig, run: site.Pass) -> PageContext:
        """Read, check and record the policy: once per build, before anything is written."""
        assert self.cache is not None  # made before the project is read (on_config)
        project = load_project(intake, run.languages, self.cache.history)
        report(project.problems, bool(config.strict))
        # None only when the text or its history could not be read: an error, on which report() stopped the build.
        assert project.record is not None
        site.set_numbering(config, [v.meta.numbering for v in project.record.all_versions])
        return PageContext(
            project.record,
            project.languages,
            run.default,
            section_cache(config),
            config.site_url or "",
            words=self.words,
            policy_dir=intake.policy_dir,
            repo_url=config.repo_url or "",
        )

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The Content-Security-Policy for theme/main.html, in every language's pass; none under
        `mkdocs serve`, whose live reload is an inline script."""
        config.extra["policy_csp"] = "" if self.serving else content_security_policy()

    # Files and pages ----------------------------------------------------------------------

    @event_priority(-110)  # after i18n's on_files (-100), which drops files that are not in docs_dir
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add this language's generated pages: the policy page (unless the site wrote its
        own), changelog, version list, archives, redlines, verify and compare pages, feed, and (once,
        in the default language's pass) policy.json and the compare page's compare.json."""
        run, pages = self._build()
        lang = run.current
        if self.converted is not None:
            self.converted.new_pass()
        values = generated(pages, lang, later=True)
        taken = {file.dest_uri: file for file in files}
        refuse_taken(
            config,
            taken,
            [value.url + "index.html" for value in values]
            + [pages.url(lang, "feed.xml")]
            + (["policy.json", "policy.schema.json", "compare.json"] if lang == run.default else []),
        )
        home = pages.url(lang) + "index.html"
        # The page with the text in force, for a site without docs/LANG/index.md: made in
        # on_page_markdown, where its address is known (current_page).
        made: list[tuple[str, str, bool, Page | Later | None]] = [] if home in taken else [("", _CURRENT, True, None)]
        made += [(value.path, value.document, value.in_nav, value) for value in values]
        for path, document, in_nav, value in made:
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            file = self._generated_file(config, lang, path, document, inclusion)
            # The same page in each language; a side-by-side page's is the pair seen from there.
            paths = dict(value.alternates) if value is not None else {}
            alternates = {
                other: Alternate(self._generated_file(config, other, paths.get(other, path), "", inclusion).url)
                for other in run.languages
            }
            extend(file, policy_page=value, alternates=alternates)
            files.append(file)
            run.register(file)
        site_url = config.site_url or ""
        if not site_url and lang == run.default:  # once, not in every language's pass
            log.warning(
                "mkdocs.yml: site_url is not set, so the Atom feeds cannot name their entries; "
                "set site_url to where the site is published"
            )
        assert self.cache is not None  # on_config made it
        whole = self.unwritten = whole_history_files(
            self.cache, config, pages, lang, lang == run.default, site_url, SCHEMA
        )
        for file in whole:  # what they hold is let go once they are written (`_render_later`)
            files.append(file)
        return files

    def _generated_file(
        self, config: MkDocsConfig, lang: str, url: str, content: str, inclusion: InclusionLevel
    ) -> File:
        """A page as i18n would have made it from docs/LANG/: URL, locale, alternates. Its source
        name is flat (`versions-1.0-changes.md`), so that MkDocs' automatic navigation shows the
        changelog and the version list as pages, not as sections of archived pages."""
        name = (url.strip("/").replace("/", "-") or "index") + ".md"
        file = File.generated(config, f"{lang}/{name}", content=content, inclusion=inclusion)
        file.dest_uri = self._build()[1].url(lang, url) + "index.html"
        extend(file, locale=lang, localization=lang, locale_alternate_of=lang, norm_src_uri=name, policy_generated=True)
        return file

    def _arrange_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Before i18n's on_nav (-100), which would drop the pages outside the language folders."""
        self.nav = nav
        run = self._build()[0]
        keep_shared_pages(nav, run.languages, run.current)
        if run.i18n is None:
            lift_language_section(nav, run.current)
        return nav

    @event_priority(-110)  # after i18n's on_nav (-100), which flattens the menu and sorts it
    def _link_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The previous and next page (Material's footer) in the menu's final order."""
        link_in_menu_order(nav)
        return nav

    on_nav = CombinedEvent(_arrange_nav, _link_nav)

    def _page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """A page whose front matter says `policy: current` shows the current policy."""
        generated = getattr(page.file, "policy_generated", False)
        if not generated and page.meta.get("policy") != "current":
            self._check_docs_page(page, config)
        value = getattr(page.file, "policy_page", None)
        if value is not None and value.title is not None:  # an archived version's <title>, from its own policy.yml
            page.meta["policy_title"] = value.title
        if isinstance(value, Later) and not getattr(page, "policy_now", False):
            return later.stand_in(page)  # made when it is written (_render_later), or from the cache
        if page.meta.get("policy") == "current":
            run, pages = self._build()
            value = self.policy_pages[run.current] = current_page(pages, run.current, page.url)
            extend(page, policy_page=value)
            return value.markdown
        return markdown

    @event_priority(-1000)  # after every other plugin's: what MkDocs converts next
    def _to_convert(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.converted is not None and convertible(page):  # nothing, when it was converted before
            return self.converted.before(page, markdown, config, files)
        return markdown

    on_page_markdown = CombinedEvent(_page_markdown, _to_convert)

    @event_priority(1000)  # before every other plugin's: the HTML as MkDocs converted it
    def _converted(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        return self.converted.converted(page, html, files) if self.converted is not None else html

    def _page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Sections rendered once (render/sections.py) reach the page as finished HTML, after MkDocs has
        collected the page's anchors: add their ids, so that MkDocs checks links to them; text in
        another language than the page's is marked (`_mark_language`)."""
        if isinstance(getattr(page.file, "policy_page", None), Later) and not getattr(page, "policy_now", False):
            return html
        if page.present_anchor_ids is not None and "policy-body" in html:
            page.present_anchor_ids.update(_ID.findall(html))
        return self._mark_language(html, page, self._build()[0].current)

    on_page_content = CombinedEvent(_converted, _page_content)

    def _mark_language(self, html: str, page: MkDocsPage, lang: str) -> str:
        """Text shown in another language than the page's says so (`lang`), so that a screen
        reader reads it with the right voice: a version's text that does not exist in this
        language (shown in the authoritative one), and hand-written pages that i18n falls back
        to from the default language, or whose front matter names their language (`language: en`:
        a manual outside the language folders, which i18n builds in every language)."""
        value = getattr(page, "policy_page", None) or getattr(page.file, "policy_page", None)
        if value is not None and value.text_lang:
            return mark_text_language(html, value.text_lang)
        locale = written_language(page.meta) or getattr(page.file, "locale", None)
        if locale and locale != lang and page.meta.get("policy") != "current":
            return f'<div lang="{locale.replace("_", "-")}">{html}</div>'  # HTML's form: en-GB, not en_GB
        return html

    def _check_docs_page(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        """Front matter that the theme acts on, once per file (a page that i18n falls back to is
        built in every language). The page's text was checked with the policy (project/load.py)."""
        path = Path(page.file.abs_src_path or "")
        if not page.file.abs_src_path or path in self.checked:
            return
        self.checked.add(path)
        try:
            source = path.read_text(encoding="utf-8-sig")
            shown = path.resolve().relative_to(Path(config.config_file_path).parent.resolve()).as_posix()
        except (OSError, UnicodeDecodeError, ValueError):
            return  # MkDocs reports a page it cannot read
        problems = checks.Problems()
        check_theme_keys(page, config, source, shown, problems)
        report(problems, False)  # an error stops the build here, before rendering

    # Templates ----------------------------------------------------------------------------

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """After every page is rendered, before any template: the package's templates also as
        `policykit/NAME` (a site's own main.html extends "policykit/main.html"), and what
        enters the theme escaped."""
        package = jinja2.PrefixLoader({"policykit": jinja2.FileSystemLoader(str(site.THEME))})
        env.loader = jinja2.ChoiceLoader([*filter(None, [env.loader]), package, jinja2.DictLoader({TEMPLATE: ""})])
        env.bytecode_cache = TemplateCache()
        self.env = env
        env.filters["striptags"] = escape.safe_striptags
        theme_values.enter(config)
        escape_pages(files, self.nav)
        self.files = files
        assert self.cache is not None  # on_config made it
        later.look_up(self.cache, config, files, self.nav)
        return env

    @event_priority(100)  # before every other plugin's: they see the archived page made (later.py)
    def _render_later(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        release.written_files(self.unwritten)  # MkDocs writes them before any page
        if isinstance(getattr(page.file, "policy_page", None), Later):
            assert self.cache is not None and self.files is not None and self.pages is not None  # on_env set them
            later.begin(self.cache, self.pages, self.files, page, config)
        elif self.converted is not None:  # Material's search (0) indexes it next, or not (rendercache.py)
            self.converted.searching(page, config)
        return context

    @event_priority(-1000)  # after every other plugin's: the page's context is complete
    def _render_unpicked(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if getattr(page, "policy_unpicked", False):
            assert self.env is not None  # on_env set it
            later.render_unpicked(self.env, context, page, config)
        return context

    @event_priority(-1000)  # after every other plugin's: what is kept is what is written
    def _written(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        output, data = later.written(self.cache, output, page) if self.cache is not None else (output, None)
        if getattr(page, "policy_page", None) is not None or getattr(page.file, "policy_page", None) is not None:
            release.written_page(page)
        return "" if self.staging.same_as_before(output, page.file.abs_dest_path, page.file.src_uri, data) else output

    @event_priority(-50)  # after i18n's on_page_context (50), which sets extra.alternate for the page
    def _page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """mkdocs.yml's values enter the theme once more (a plugin may have set one since
        on_config); the language switch's links relative. Not for a page from the cache (later.py)."""
        if getattr(page, "policy_entry", None) is not None:
            return context
        if self.converted is not None:
            self.converted.searched(page, config)
        site.relative_alternates(config)
        theme_values.enter(config)
        return context

    on_page_context = CombinedEvent(_render_later, _page_context, _render_unpicked)

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == "404.html":  # served at any depth: each language's root, absolute
            pages, root = self._build()[1], site.root_path(config)
            site.not_found_alternates(config, {lang: root + pages.url(lang) for lang in pages.languages})
        theme_values.enter(config)  # the 404 page, and a site's extra_templates
        return context

    def _post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if getattr(page, "policy_entry", None) is not None:
            return output  # from the cache (checked when it was made): `_written` puts it back
        check_output(output, page.file.src_uri, lambda: template_of(page, config), page.content or "", self.serving)
        return drop_hreflang(output)

    on_post_page = CombinedEvent(_post_page, _written)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Keep the default language's 404 page: a later language pass overwrites site/404.html.
        Its <head> loses the hreflang links too, as every page's does (on_post_page)."""
        if template_name.endswith(".html"):  # the 404 page, and a site's extra_templates
            own = find_template(config, template_name) == site.THEME / template_name
            # The package's own 404 page extends main.html, which may be the site's.
            template = template_file(config, "main.html" if own else template_name)
            check_output(output, template_name, lambda: template, serving=self.serving)
        if template_name == "404.html":
            output = drop_hreflang(output)
            run = self._build()[0]
            if run.current == run.default:
                self.not_found = output
        return output

    # The end of a build -------------------------------------------------------------------

    @event_priority(-90)  # before i18n's on_post_build (-100), which builds the next language
    def _end_pass(self, *, config: MkDocsConfig) -> None:
        release.end_of_pass(self.files)

    @event_priority(-200)  # after i18n's on_post_build (-100), which builds the other languages
    @said_to_mkdocs
    def _end_build(self, *, config: MkDocsConfig) -> None:
        # Asked again: in the default language's pass, i18n has just run the other passes.
        assert self.site is not None  # on_config read it
        run = self.run = site.this_pass(config, self.site)
        site_dir = Path(config.site_dir)
        if not run.first:
            keep_language_404(site_dir, run.current)
            return
        write_root_404(site_dir, self.not_found, run.others, urlsplit(config.site_url or "/").path.rstrip("/") + "/")
        search.split_search_index(site_dir, run.default, run.others, self.policy_pages)
        self.staging.finish(config)  # last: every language is written
        if self.cache is not None:  # the build succeeded: entries no build used go
            self.cache.finish()

    on_post_build = CombinedEvent(_end_pass, _end_build)

    def on_build_error(self, *, error: Exception) -> None:
        self.staging.abandon()
        if self.cache is not None:
            self.cache.capture.stop()
        if self.converted is not None:
            self.converted.abandon()

    def _build(self) -> tuple[site.Pass, PageContext]:
        """This language's pass and the build's pages, which on_config sets before any event
        that reads them."""
        if self.run is None or self.pages is None:
            raise PluginError("policykit: a build event came before on_config")
        return self.run, self.pages
