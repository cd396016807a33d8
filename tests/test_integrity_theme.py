"""mkdocs.yml's values reach the theme escaped, checked or refused (policykit/project/theme_values.py),
and the build reads the tags its templates write as a browser reads them.

- The installed Material's templates and the package's are read with Jinja's parser
  (templateflow.py): every `config.…` value they print is in theme_values.VALUES, with a
  treatment that fits where it is printed. An upgrade of Material that prints a new value fails
  here.
- A site whose mkdocs.yml holds markup in every value that is escaped builds, and no page has an
  element it did not mean to have; one whose values cannot be made safe is refused, naming
  mkdocs.yml, the line, the key and the fix, by the build and by `policy lint` alike.
- The output check's tag reader finds every tag that Chromium (and Python's html.parser) finds.
"""

from __future__ import annotations

import random
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import material
import pytest
import templateflow
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from html_checks import check_html_document
from markupsafe import Markup
from mkdocs.config.base import LegacyConfig
from plugin_sites import build, make_site, no_traceback

from policykit.adapter.site import THEME
from policykit.adapter.templatecheck import start_tags as _start_tags
from policykit.adapter.templatecheck import tag_problem as _tag_problem
from policykit.cli import main
from policykit.project import theme_values
from policykit.render import escape

MATERIAL = Path(material.__file__).resolve().parent / "templates"
#: What may stand where a value is printed: in an href or src only a value whose form is
#: checked (a link, a web address, a file of the site); as a template's name only an icon or a
#: name; inside a <script> or <style> only a checked name. Anywhere else, escaped text too.
FITS = {
    "url": {
        theme_values.LINK,
        theme_values.WEB,
        theme_values.ADDRESS,
        theme_values.FILE,
        theme_values.REFUSED,
        theme_values.GENERATED,
    },
    "template": {theme_values.ICON, theme_values.NAME, theme_values.REFUSED},
    "code": {theme_values.NAME, theme_values.ICON, theme_values.REFUSED, theme_values.GENERATED},
    "html": set(theme_values.Kind),
}


@pytest.fixture(scope="module")
def flow() -> templateflow.Flow:
    """The templates a site is built from: Material's, with the package's in their place."""
    return templateflow.analyse(templateflow.templates(MATERIAL, THEME))


def _dotted(path: tuple) -> str:
    return ".".join(map(str, path))


def _uncovered(flow: templateflow.Flow, values: dict) -> list[str]:
    """Every use of a config value, printed raw somewhere, that no entry of `values` holds."""
    return sorted(
        f"{_dotted(path)} ({use.sink}, {use.template}:{use.line})"
        for path, uses in flow.uses.items()
        for use in uses
        if use.sink != "escaped" and not any(theme_values.covers(key, path) for key in values)
    )


# 1. Every value the theme prints is in the list --------------------------------------------------------


def test_every_config_value_the_theme_prints_is_escaped_or_checked(flow):
    assert ("theme", "favicon") in flow.uses and ("extra", "social", "*", "link") in flow.uses  # it reads them
    missing = _uncovered(flow, theme_values.VALUES)
    assert not missing, (
        "Material (or the package's theme) prints values of mkdocs.yml that "
        "policykit/project/theme_values.py does not list; add each with its treatment:\n" + "\n".join(missing)
    )


def test_each_value_is_treated_as_where_it_is_printed_needs(flow):
    wrong = []
    for path, uses in flow.uses.items():
        kinds = {kind for key, kind in theme_values.VALUES.items() if theme_values.covers(key, path)}
        for use in uses:
            if use.sink != "escaped" and kinds and not kinds & FITS[use.sink]:
                wrong.append(
                    f"{_dotted(path)}: {sorted(k.name for k in kinds)} printed as {use.sink} "
                    f"({use.template}:{use.line})"
                )
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.parametrize("key", [k for k in theme_values.VALUES if k not in theme_values.THROUGH_PAGES])
def test_without_its_entry_a_value_is_found_unlisted(flow, key):
    """Each entry is there because a template prints its value: taking it out fails the test above."""
    values = {k: v for k, v in theme_values.VALUES.items() if k != key}
    assert _uncovered(flow, values), f"{key} is listed, but no template prints it raw"


def test_the_values_that_reach_the_theme_through_a_page_are_printed():
    """site_url, repo_url and edit_uri reach the theme as page.canonical_url and page.edit_url."""
    seeds = {**templateflow.SEEDS, "page": {("page",)}}
    uses = templateflow.analyse(templateflow.templates(MATERIAL, THEME), seeds).uses
    for through in set(theme_values.THROUGH_PAGES.values()):
        assert any(u.sink != "escaped" for u in uses[tuple(through.split("."))]), through


def test_the_template_reader_follows_names_loops_macros_and_includes():
    flow = templateflow.analyse(
        {
            "a.html": '{% set home = config.extra.home %}<a href="{{ home | url }}">{{ config.site_name }}</a>'
            '{% for s in config.extra.social %}<a title="{{ s.name | e }}">{{ show(s.link) }}</a>{% endfor %}'
            '{% if config.extra.flag %}x{% endif %}{% include ".icons/" ~ config.theme.icon.menu ~ ".svg" %}'
            "{% set _ = namespace(style='') %}{% set _.style = config.theme.x | first %}{{ _.style }}"
            "<style>a{color:{{ config.theme.colour }}}</style>",
            "b.html": "{% macro show(v) %}<b>{{ v }}</b>{% endmacro %}{{ config.a | tojson }}{{ config.b | d(config.c) }}",
        }
    )
    sinks = {_dotted(p): sorted({u.sink for u in uses}) for p, uses in flow.uses.items()}
    assert sinks == {
        "extra.home": ["url"],
        "site_name": ["html"],
        "extra.social.*.name": ["escaped"],
        "extra.social.*.link": ["html"],
        "theme.icon.menu": ["template"],
        "theme.x.*": ["html"],
        "theme.colour": ["code"],
        "a": ["escaped"],
        "b": ["html"],
        "c": ["html"],
    }


# 2. What the checks say -----------------------------------------------------------------------------------

ICONS = [MATERIAL]
ATTACK = 'x"><meta/http-equiv="refresh"/content="0;url=https://evil.example/"><link/href="'


@pytest.mark.parametrize(
    "config, found",
    [
        (
            {"theme": {"favicon": ATTACK}},
            'theme.favicon: \'x"><meta/http-equiv="refresh"/content="0;url=https://evil.ex…\' is not a file of the site '
            "(name a file under docs/",
        ),
        ({"theme": {"favicon": "assets/favicon.png", "logo": "images/logo.svg?v=2"}}, None),
        (
            {"theme": {"logo": "https://cdn.example/logo.png"}},
            "theme.logo: 'https://cdn.example/logo.png' is not a file",
        ),
        ({"theme": {"logo": "/logo.png"}}, "is not a file of the site"),
        ({"theme": {"logo": "../../logo.png"}}, "is not a file of the site"),
        (
            {"extra_css": ["assets/site.css", "//fonts.example/x.css"]},
            "extra_css[1]: '//fonts.example/x.css' is not a file of the site (name a file under docs/ by its path from there, "
            "such as assets/site.css",
        ),
        ({"extra_javascript": [{"path": "https://evil.example/x.js", "type": "module"}]}, "extra_javascript[0].path:"),
        ({"theme": {"icon": {"logo": "material/library", "admonition": {"note": "octicons/note-16"}}}}, None),
        (
            {"theme": {"icon": {"logo": "material/no-such-icon"}}},
            "theme.icon.logo: 'material/no-such-icon' is not an icon",
        ),
        (
            {"theme": {"icon": {"admonition": {"x}body{display:none": "material/pencil"}}}},
            "theme.icon.admonition.x}body{display:none: 'x}body{display:none' is not a name",
        ),
        (
            {"theme": {"palette": [{"primary": "deep purple", "accent": 'red" onclick="x'}]}},
            "theme.palette[0].accent: 'red\" onclick=\"x' is not a name",
        ),
        ({"theme": {"direction": "rtl"}}, None),
        (
            {"extra": {"homepage": "java\tscript:alert(1)"}},
            "extra.homepage: 'java\\tscript:alert(1)' uses javascript:, which runs code (link to a web address",
        ),
        ({"extra": {"social": [{"link": "mailto:dpo@example.org", "icon": "material/email"}]}}, None),
        ({"extra": {"tags": {"HTML5": "html", "JS": 'js" x="'}}}, "extra.tags.JS: 'js\" x=\"' is not a name"),
        (
            {"repo_url": "javascript://x.example/%0aalert(1)"},
            "repo_url: 'javascript://x.example/%0aalert(1)' is not a web",
        ),
        (
            {"site_url": 'https://example.org/"><x>'},
            "site_url: 'https://example.org/\"><x>' holds '\"', which an address "
            "does not need (write the address plainly",
        ),
        ({"site_url": "https://example.org/policy/"}, None),
        ({"edit_uri": "javascript:alert(1)//"}, "edit_uri: 'javascript:alert(1)//' uses javascript:"),
        ({"theme": {"font": {"text": "Lato"}}}, "theme.font makes every reader's browser fetch fonts from Google"),
        ({"theme": {"font": {"text": "Roboto", "code": "Roboto Mono"}}}, None),  # Material's default: turned off
        ({"theme": {"font": False}}, None),
        (
            {"extra": {"analytics": {"provider": "google", "property": "G-X"}}},
            "extra.analytics makes every reader's browser",
        ),
        ({"extra": {"consent": {"title": "Cookies"}}}, "extra.consent is Material's cookie consent"),
        ({"copyright": "&copy; 2026 <a href='https://example.org/'>Example</a>"}, None),
        (
            {"copyright": "<script>x</script>"},
            "copyright: the HTML element <script> is removed from the page (remove it)",
        ),
    ],
)
def test_a_value_the_treatment_cannot_make_safe_is_named(config, found):
    problems = [str(p) for p in theme_values.check(config, ICONS)]
    if found is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith("mkdocs.yml: ") and found in problems[0], problems


def test_a_problem_names_the_line_of_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  favicon: https://evil.example/f.ico\n"
        "extra:\n  social:\n    - icon: material/email\n      link: !ENV X\n    - link: 'javascript:x'\n",
        encoding="utf-8",
    )
    config = {
        "theme": {"favicon": "https://evil.example/f.ico"},
        "extra": {"social": [{"link": None}, {"link": "javascript:x"}]},
    }
    problems = theme_values.check(config, ICONS, tmp_path / "mkdocs.yml")
    assert [(p.path, p.line, p.check.code) for p in problems] == [
        ("mkdocs.yml", 4, "site-config"),
        ("mkdocs.yml", 9, "site-config"),
    ]


def test_escaping_into_the_theme_is_idempotent_and_survives_striptags():
    extra = LegacyConfig(())
    extra.load_dict({"status": {"new": '<b a="1">'}, "social": [{"link": "https://x.example/?a=1&b=2", "name": "<i>"}]})
    config = {
        "site_name": 'A & "B"',
        "copyright": "&copy; <a href='https://x.example/' onclick='y'>X</a>",
        "mdx_configs": {"toc": {"title": "Q&A"}},
        "repo_url": "https://x.example/<r>",
        "extra": extra,
    }
    extra.alternate = [{"name": "<b>", "link": "/en/", "lang": "en"}]  # as mkdocs-static-i18n sets it, for each page
    theme_values.enter(config, rendered=False)
    assert config["mdx_configs"]["toc"]["title"] == "Q&A" and config["repo_url"] == "https://x.example/<r>"
    theme_values.enter(config)
    theme_values.enter(config)  # a second pass, a second page: nothing is escaped twice
    assert config["site_name"] == Markup("A &amp; &#34;B&#34;")
    assert str(escape.safe_striptags(config["site_name"])) == "A &amp; &#34;B&#34;"
    assert config["copyright"] == Markup('© <a href="https://x.example/">X</a>')
    assert extra["status"]["new"] == Markup("&lt;b a=&#34;1&#34;&gt;")
    assert extra["social"][0] == {"link": Markup("https://x.example/?a=1&amp;b=2"), "name": Markup("&lt;i&gt;")}
    assert extra.alternate[0]["name"] == Markup("&lt;b&gt;")
    assert config["mdx_configs"]["toc"]["title"] == Markup("Q&amp;A")
    theme_values.restore(config)  # the next language's pass: Python-Markdown and MkDocs read them as written
    assert config["mdx_configs"]["toc"]["title"] == "Q&A" and config["repo_url"] == "https://x.example/<r>"
    assert not isinstance(config["repo_url"], Markup)


def test_escape_tree_treats_mkdocs_config_as_a_mapping():
    """config.extra is a Config (a UserDict), not a dict: its values were left raw, and it got
    keys 0, 1, ... holding its keys."""
    extra = LegacyConfig(())
    extra.load_dict({"a": "<x>", "b": {"c": "<y>"}})
    escape.tree(extra)
    assert dict(extra) == {"a": Markup("&lt;x&gt;"), "b": {"c": Markup("&lt;y&gt;")}}


# 3. The output check reads tags as a browser does ----------------------------------------------------

TAGS = [  # a refresh waits, so that Chromium stays on the page it reads
    ATTACK.replace("x", '<link rel="icon" href="x', 1).replace("0;url", "9;url"),
    '<meta http-equiv=refresh content="9;url=https://evil.example/">',
    '<meta\thttp-equiv="refresh"\ncontent=5>',
    '<META HTTP-EQUIV="Refresh" CONTENT="5">',
    '<meta/"x"/http-equiv=refresh content=5>',
    '<meta foo="a"http-equiv=refresh content=5>',
    "<meta http-equiv='&#114;efresh' content=5>",
    "<meta http-equiv=refresh http-equiv=x content=5>",
    '<meta http-equiv="x" http-equiv="refresh" content=5>',
    "<meta http-equiv=refresh/ content=5>",
    "<meta =x http-equiv = refresh content=5>",
    '<div title="a>b" onclick=x>t</div>',
    "<img/src=x/onerror=alert(1)>",
    "<img src=x/ onerror=alert(1)>",
    '<img src="x"onerror=alert(1)>',
    "<svg><script>alert(1)</script></svg>",
    '<script type="application/json">{}</script><script src="a.js"></script><script>x</script>',
    "<script>/* </script ><img onerror=x> */</script>",
    "<!-- a --!><meta http-equiv=refresh content=5>",
    "<!--><meta http-equiv=refresh content=5>",
    "<textarea><meta http-equiv=refresh content=5></textarea>",
    '<a href="x" title=\'>\' onmouseover="y">z</a>',
]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs, self.get_starttag_text()))


def _problems(tags) -> list[str]:
    return sorted(p.split(" (")[0] for p in (_tag_problem(*tag) for tag in tags) if p)


def _html_parser(text: str) -> list:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.found


@pytest.mark.parametrize("text", TAGS)
def test_the_tag_reader_finds_what_html_parser_finds(text):
    assert set(_problems(_html_parser(text))) <= set(_problems(_start_tags(text, only_suspect=True)))


def test_the_tag_reader_finds_what_html_parser_finds_in_random_markup():
    """Outside comments (which it reads as text: a tag more, never one fewer), the two read the
    same tags with the same attributes."""
    alphabet = [
        "<",
        ">",
        "/",
        "=",
        '"',
        "'",
        " ",
        "\n",
        "a",
        "meta",
        "script",
        "on",
        "onload",
        "http-equiv",
        "refresh",
        "src",
        "x",
        "type",
        "application/json",
        "&#114;",
        "<!--",
        "-->",
    ]
    rng = random.Random(20)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        ours, theirs = _start_tags(text), _html_parser(text)
        assert set(_problems(theirs)) <= set(_problems(ours)), text
        assert _problems(_start_tags(text, only_suspect=True)) == _problems(ours), text  # what the build reads
        if "<!" not in text:
            assert [t[:2] for t in ours] == [t[:2] for t in theirs], text


def test_a_tag_that_never_closes_is_read_in_linear_time():
    for text in [
        "<a " + "x=y " * 20000 + ">",
        "<a " + "x = " * 20000 + ">",
        "<a" + "/x" * 20000 + ">",
        "<a " + "= " * 20000 + ">",
        '<a x="' * 5000 + ">",
        "<" + "a<" * 20000,
    ]:
        _start_tags(text)  # each under a second; a search of every split would not end


def test_the_tag_reader_finds_what_chromium_finds(browser):
    """What Chromium makes of each snippet: the elements that would refresh, run an event, or
    run inline script; the reader finds each of them."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for text in TAGS:
            page.set_content(f"<!doctype html><html><head></head><body>{text}</body></html>")
            elements = page.evaluate("""() => [...document.querySelectorAll('*')].map(e =>
                [e.localName, [...e.attributes].map(a => [a.name, a.value]), e.outerHTML.slice(0, 60)])""")
            seen = _problems([(name, [tuple(a) for a in attributes], html) for name, attributes, html in elements])
            assert set(seen) <= set(_problems(_start_tags(text, only_suspect=True))), text
            if text == TAGS[0]:
                assert seen == ['a <meta http-equiv="refresh">']
    finally:
        context.close()


@pytest.mark.build
def test_a_template_that_writes_a_refresh_is_refused(tmp_path):
    """A site's own main.html, with a tag the old reader did not see: `/` between attributes."""
    project = make_site(
        tmp_path,
        theme={"custom_dir": "overrides"},
        files={
            "overrides/main.html": (
                '{% extends "policykit/main.html" %}\n{% block extrahead %}{{ super() }}'
                '<meta/http-equiv="refresh"/content="0;url=https://evil.example/">{% endblock %}\n'
            )
        },
    )
    result = build(project)
    assert result.returncode == 1, result.output
    assert "overrides/main.html: the page" in result.output and 'has a <meta http-equiv="refresh">' in result.output
    no_traceback(result)


# 4. Hostile sites, built ------------------------------------------------------------------------------------

#: Markup that would navigate away, and an element to find, in every value that is escaped.
PAYLOAD = 'P"><meta/http-equiv="refresh"/content="0;url=https://evil.example/"><i class="pwn">x</i>'


def _configure(project: Path, change) -> Path:
    """mkdocs.yml changed by `change(config)`, committed."""
    path = project / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    subprocess.run(
        ["git", "commit", "-qam", "Site", "--date", "2026-01-10T12:00:00+00:00"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    return project


def _escaped_values(config: dict) -> None:
    config.update(
        {
            "site_description": PAYLOAD,
            "site_author": PAYLOAD,
            "repo_url": "https://example.org/r" + PAYLOAD,
            "repo_name": PAYLOAD,
            "edit_uri": "edit/main/docs/" + PAYLOAD + "/",
            "copyright": (
                'Copyright &copy; 2026 <a href="https://example.org/">Example</a>'
                "<script>window.pwned=1</script><img src=x onerror=window.pwned=1>"
                '<meta/http-equiv="refresh"/content="0;url=https://evil.example/">'
            ),
            "markdown_extensions": [{"toc": {"title": PAYLOAD}}],
            "extra": {
                "homepage": "https://example.org/?a=1&b=" + PAYLOAD,
                "status": {"new": PAYLOAD},
                "scope": "/" + PAYLOAD,
                "social": [
                    {"icon": "fontawesome/brands/github", "link": "https://example.org/" + PAYLOAD, "name": PAYLOAD}
                ],
            },
        }
    )
    config["theme"].update(
        {
            "favicon": "assets/favicon.png",
            "logo": "assets/logo.png",
            "features": ["content.action.edit", "content.action.view", "navigation.footer"],
            "icon": {"logo": "material/library", "admonition": {"note": "octicons/note-16"}},
            "palette": [
                {
                    "media": "(prefers-color-scheme: light)" + PAYLOAD,
                    "scheme": "default",
                    "primary": "deep purple",
                    "toggle": {"icon": "material/weather-night"},
                },
                {
                    "media": "(prefers-color-scheme: dark)",
                    "scheme": "slate",
                    "toggle": {"icon": "material/weather-sunny"},
                },
            ],
        }
    )
    [i18n] = [entry["i18n"] for entry in config["plugins"] if isinstance(entry, dict) and "i18n" in entry]
    i18n["languages"][1]["name"] = PAYLOAD  # the language switch's name (i18n sets extra.alternate per page)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    png = b"\x89PNG\r\n\x1a\n" + bytes(24)
    files = {
        "docs/assets/favicon.png": png,
        "docs/assets/logo.png": png,
        "docs/en/notes.md": "---\nstatus: new\n---\n# Notes\n\n[TOC]\n\n## One\n\nText.\n",
        "docs/de/notes.md": "---\nstatus: new\n---\n# Notizen\n\n[TOC]\n\n## Eins\n\nText.\n",
    }
    project = _configure(make_site(tmp_path_factory.mktemp("hostile"), files=files), _escaped_values)
    return build(project)


@pytest.mark.build
def test_a_site_with_markup_in_its_values_builds_and_warns_of_the_copyright(hostile):
    assert hostile.returncode == 0, hostile.output
    no_traceback(hostile)
    assert re.search(
        r"WARNING +- +mkdocs\.yml:\d+: copyright: the HTML element <script> is removed from the page "
        r"\(remove it\)",
        hostile.output,
    ), hostile.output
    assert "copyright: the attribute onerror= of <img> is removed" in hostile.output


@pytest.mark.build
def test_no_page_of_the_hostile_site_has_an_element_its_values_would_add(hostile):
    problems: list[str] = []
    pages = sorted(hostile.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        check_html_document(path, text, problems)
        soup = BeautifulSoup(text, "html.parser")
        if soup.select(".pwn"):
            problems.append(f"{path}: an element from a value")
        refresh = [m for m in soup.find_all("meta") if m.get("http-equiv", "").strip().lower() == "refresh"]
        if refresh:
            problems.append(f"{path}: {refresh[0]}")
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_the_hostile_values_are_shown_as_the_text_they_are(hostile):
    for rel in ("notes/index.html", "de/notes/index.html"):  # both languages' passes
        soup = BeautifulSoup((hostile.site / rel).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", attrs={"name": "description"})["content"] == PAYLOAD
        assert soup.find("meta", attrs={"name": "author"})["content"] == PAYLOAD
        assert soup.select_one("a.md-logo")["href"] == "https://example.org/?a=1&b=" + PAYLOAD
        assert soup.select_one(".md-source")["href"] == "https://example.org/r" + PAYLOAD
        assert soup.select_one(".md-source__repository").get_text().strip() == PAYLOAD
        assert [a.get_text().strip() for a in soup.select(".md-select__link")] == ["EN", PAYLOAD]
        assert soup.select_one(".md-status")["title"] == PAYLOAD
        assert soup.select_one(".md-nav--secondary label.md-nav__title").get_text().strip() == PAYLOAD
        assert soup.select_one("article .toctitle").get_text() == PAYLOAD  # Python-Markdown's [TOC], escaped once
        assert soup.select_one(".md-social__link")["title"] == PAYLOAD
        assert soup.select_one(".md-social__link")["href"] == "https://example.org/" + PAYLOAD
        source = "de/notes.md" if rel.startswith("de/") else "en/notes.md"  # as MkDocs joins them:
        assert soup.select_one('a.md-content__button[rel="edit"]')["href"] == urljoin(
            "https://example.org/r" + PAYLOAD + "/", "edit/main/docs/" + PAYLOAD + "/" + source
        )
        assert soup.select_one("input.md-option")["data-md-color-media"] == "(prefers-color-scheme: light)" + PAYLOAD
        assert soup.select_one('link[rel="icon"]')["href"].endswith("assets/favicon.png")
        assert soup.select_one(".md-logo img")["src"].endswith("assets/logo.png")
        copyright = soup.select_one(".md-copyright__highlight")
        assert copyright.get_text(" ", strip=True) == "Copyright © 2026 Example"
        assert [(a["href"], a.get_text()) for a in copyright.find_all("a")] == [("https://example.org/", "Example")]


def _refused_values(config: dict) -> None:
    config.update(
        {
            "repo_url": "javascript://x.example/%0aalert(1)",
            "edit_uri": "javascript:alert(1)//",
            "extra_css": ["https://evil.example/x.css"],
            "extra_javascript": ["//evil.example/x.js"],
            "extra": {
                "homepage": "javascript:alert(1)",
                "polyfills": ["https://evil.example/p.js"],
                "social": [{"icon": "../main", "link": "java\tscript:alert(2)"}],
                "tags": {"a": 'b" c="'},
                "analytics": {"provider": "google", "property": "G-X"},
                "consent": {"title": "Cookies"},
            },
        }
    )
    config["theme"].update(
        {
            "favicon": ATTACK,
            "logo": "https://evil.example/logo.png",
            "direction": 'rtl" x="',
            "font": {"text": "Lato"},
            "icon": {"logo": "material/no-such-icon", "admonition": {"x}body{display:none": "material/pencil"}},
            "palette": [{"primary": 'indigo" onclick="x', "toggle": {"icon": "x/../../main"}}],
        }
    )


REFUSED = [
    "repo_url: 'javascript://x.example/%0aalert(1)' is not a web address",
    "edit_uri: 'javascript:alert(1)//' uses javascript:, which runs code",
    "extra_css[0]: 'https://evil.example/x.css' is not a file of the site",
    "extra_javascript[0]: '//evil.example/x.js' is not a file of the site",
    'theme.favicon: \'x"><meta/http-equiv="refresh"',
    "theme.logo: 'https://evil.example/logo.png' is not a file of the site",
    "theme.icon.logo: 'material/no-such-icon' is not an icon of the theme",
    "theme.icon.admonition.x}body{display:none: 'x}body{display:none' is not a name",
    "theme.direction: 'rtl\" x=\"' is not a name",
    "theme.font makes every reader's browser fetch fonts from Google",
    "theme.palette[0].primary: 'indigo\" onclick=\"x' is not a name",
    "theme.palette[0].toggle.icon: 'x/../../main' is not an icon of the theme",
    "extra.homepage: 'javascript:alert(1)' uses javascript:",
    "extra.social[0].link: 'java\\tscript:alert(2)' uses javascript:",
    "extra.social[0].icon: '../main' is not an icon of the theme",
    "extra.tags.a: 'b\" c=\"' is not a name",
    "extra.polyfills[0]: 'https://evil.example/p.js' is not a file of the site",
    "extra.analytics makes every reader's browser load an analytics script from another host",
    "extra.consent is Material's cookie consent",
]


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    return _configure(make_site(tmp_path_factory.mktemp("refused")), _refused_values)


@pytest.mark.build
def test_values_that_cannot_be_made_safe_stop_the_build_with_file_line_key_and_fix(refused):
    result = build(refused)
    assert result.returncode == 1, result.output
    no_traceback(result)
    lines = (refused / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    for expected in REFUSED:
        line = r"^(?:ERROR +- +)?mkdocs\.yml:\d+: " + re.escape(expected) + r".* \(.+\)$"
        assert re.search(line, result.output, re.M), f"{expected}\n{result.output}"
    for key, line in (
        ("theme.favicon", "  favicon: "),
        ("extra_css[0]", "- https://evil.example/x.css"),
        ("extra.analytics", "  analytics:"),
    ):
        number = int(re.search(r"mkdocs\.yml:(\d+): " + re.escape(key), result.output).group(1))
        assert lines[number - 1].startswith(line) or lines[number - 1].strip().startswith(line.strip()), (key, line)
    assert not result.site.exists()


def test_policy_lint_names_the_same_values(refused):
    result = CliRunner().invoke(main, ["lint", "--root", str(refused)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    for expected in REFUSED:
        assert re.search(r"^mkdocs\.yml:\d+: " + re.escape(expected), result.output, re.M), expected


@pytest.mark.build
def test_a_languages_own_values_are_checked_in_its_pass_and_by_lint(tmp_path):
    """mkdocs-static-i18n lets a language set its own extra, theme and copyright."""

    def german(config):
        [i18n] = [entry["i18n"] for entry in config["plugins"] if isinstance(entry, dict) and "i18n" in entry]
        i18n["languages"][1].update({"extra": {"homepage": "javascript:alert(3)"}, "copyright": "<script>x</script>"})

    project = _configure(make_site(tmp_path), german)
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    homepage = next(n for n, line in enumerate(lines, 1) if "javascript:alert(3)" in line)
    expected = f"mkdocs.yml:{homepage}: extra.homepage: 'javascript:alert(3)' uses javascript:, which runs code"
    result = build(project)
    assert result.returncode == 1 and expected in result.output, result.output
    assert re.search(r"mkdocs\.yml:\d+: copyright: the HTML element <script> is removed", result.output), result.output
    no_traceback(result)
    linted = CliRunner().invoke(main, ["lint", "--root", str(project)], catch_exceptions=False)
    assert linted.exit_code == 1 and expected in linted.output, linted.output
