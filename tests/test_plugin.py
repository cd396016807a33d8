"""The `policykit` plugin as a site uses it: small sites in real git repositories, built by
real `mkdocs build` runs. Each test changes one thing of a minimal site and checks the exit
code, the words of the message that matter (file, option, fix) and that no traceback shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from building import ROOT
from plugin_sites import DEFAULT_PLUGINS, build, built_files, html, lint, make_site, no_traceback

pytestmark = pytest.mark.build  # every test here builds a site

#: The shipped German word that a site overrides in one test.
SHIPPED_DE = yaml.safe_load((ROOT / "src/policykit/words/catalogues/de.yml").read_text(encoding="utf-8"))


# 1. The minimal site -------------------------------------------------------------------------


def test_the_minimal_site_builds_strict_clean(tmp_path):
    result = build(make_site(tmp_path), "--strict")
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output and "ERROR" not in result.output, result.output
    no_traceback(result)
    for rel in (
        "index.html",
        "de/index.html",
        "verify/index.html",
        "de/verify/index.html",
        "changes/index.html",
        "versions/index.html",
        "policy.json",
        "policy.schema.json",
    ):
        assert (result.site / rel).is_file(), rel
    page = html(result.site, "index.html")
    assert 'id="s1-a"' in page and "We collect your name." in page
    assert "Wir erheben Ihren Namen." in html(result.site, "de/index.html")


# 2. An unknown option --------------------------------------------------------------------------


def test_an_unknown_plugin_option_is_named(tmp_path):
    result = build(make_site(tmp_path, options={"nonsense": 1}), "--strict")
    assert result.returncode == 1, result.output
    assert "nonsense" in result.output and "policykit" in result.output, result.output
    no_traceback(result)


# 3-5. Words --------------------------------------------------------------------------------------


def test_a_site_catalogue_with_a_yaml_error_names_its_line(tmp_path):
    broken = 'banner_all: "Sämtliche Fassungen"\nbanner_first: [not closed\nchanges_title: Änderungen\n'
    result = build(make_site(tmp_path, files={"words/de.yml": broken}), "--strict")
    assert result.returncode == 1, result.output
    # PyYAML marks the unclosed flow sequence where it notices it: line 3.
    assert "words/de.yml:3" in result.output, result.output
    assert "not valid YAML" in result.output, result.output
    no_traceback(result)


def test_a_site_word_overrides_the_shipped_one(tmp_path):
    shipped = SHIPPED_DE["banner_all"]
    assert shipped != "Sämtliche Fassungen"
    # banner_all links the changelog from the banner of a policy with an earlier version.
    project = make_site(tmp_path, versions=2, files={"words/de.yml": 'banner_all: "Sämtliche Fassungen"\n'})
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    no_traceback(result)
    assert "All versions" in html(result.site, "index.html")  # English keeps its word
    page = html(result.site, "de/index.html")
    assert "Wir speichern ihn zwei Jahre." in page  # version 1.1 is the one in force
    article = page[page.index("<article") : page.index("</article>")]  # the footer has its own words
    assert "Sämtliche Fassungen" in article
    assert shipped not in article
    assert SHIPPED_DE["changes_title"] in page  # the other German words stay


def test_a_language_without_a_catalogue_shows_english_words_and_says_so(tmp_path):
    result = build(make_site(tmp_path, langs=("en", "de", "it")))
    assert result.returncode == 0, result.output
    no_traceback(result)
    assert "words/it.yml" in result.output, result.output
    assert "no words for Italian (it)" in result.output, result.output
    page = html(result.site, "it/index.html")
    assert "The first published version." in page  # banner_first, in English
    assert "We collect your name." in page  # the English text, for the policy/it/ copied from it


def test_a_site_catalogue_for_a_new_language_names_the_missing_keys(tmp_path):
    words = 'banner_first: "La prima versione pubblicata."\nchanges_title: "Modifiche"\n'
    result = build(make_site(tmp_path, langs=("en", "de", "it"), files={"words/it.yml": words}))
    assert result.returncode == 0, result.output
    no_traceback(result)
    assert "words/it.yml" in result.output, result.output
    assert "word(s) missing for it," in result.output, result.output
    notice = next(line for line in result.output.splitlines() if "word(s) missing for it," in line)
    assert "banner_all" in notice and "versions_title" in notice, notice
    assert "banner_first" not in notice and "changes_title" not in notice, notice  # those the site gave
    assert "no words for Italian (it)" not in result.output, result.output
    page = html(result.site, "it/index.html")
    assert "La prima versione pubblicata." in page and "The first published version." not in page


# 6. A language Babel does not know ---------------------------------------------------------------


def test_a_language_babel_does_not_know_is_named(tmp_path):
    result = build(make_site(tmp_path, langs=("en", "xx")), "--strict")
    assert result.returncode == 1, result.output
    assert "'xx'" in result.output and "Babel" in result.output, result.output
    assert "locales" in result.output, result.output  # the fix: name a locale for it
    no_traceback(result)


# 7. A site's own main.html -------------------------------------------------------------------------

EXTENDS_POLICYKIT = (
    '{% extends "policykit/main.html" %}\n'
    '{% block extrahead %}{{ super() }}<meta name="x-site" content="1">{% endblock %}\n'
)
EXTENDS_BASE = (
    '{% extends "base.html" %}\n{% block extrahead %}{{ super() }}<meta name="x-site" content="1">{% endblock %}\n'
)


def test_a_custom_dir_main_html_that_extends_policykit(tmp_path):
    project = make_site(tmp_path, theme={"custom_dir": "overrides"}, files={"overrides/main.html": EXTENDS_POLICYKIT})
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    no_traceback(result)
    for rel in ("index.html", "de/index.html", "verify/index.html", "changes/index.html"):
        page = html(result.site, rel)
        assert '<meta name="x-site" content="1">' in page, rel
        assert 'http-equiv="Content-Security-Policy"' in page, rel
        assert "policy-config.js" in page, rel


def test_a_custom_dir_main_html_that_extends_base_is_refused(tmp_path):
    project = make_site(tmp_path, theme={"custom_dir": "overrides"}, files={"overrides/main.html": EXTENDS_BASE})
    result = build(project, "--strict")
    assert result.returncode == 1, result.output
    assert "does not extend policykit's main.html" in result.output, result.output
    assert '{% extends "policykit/main.html" %}' in result.output, result.output
    no_traceback(result)


# 8. Misconfiguration ------------------------------------------------------------------------------


def test_a_language_without_its_policy_folder_is_named(tmp_path):
    result = build(make_site(tmp_path, langs=("en", "de"), policy_langs=("en",)), "--strict")
    assert result.returncode == 1, result.output
    assert "policy/de/: the site has the language 'de' but there is no folder for its text" in result.output, (
        result.output
    )
    assert "create policy/de/" in result.output, result.output
    no_traceback(result)


def test_a_theme_other_than_material_is_refused(tmp_path):
    result = build(make_site(tmp_path, theme={"name": "mkdocs"}), "--strict")
    assert result.returncode == 1, result.output
    assert "Material" in result.output and "theme: {name: material}" in result.output, result.output
    no_traceback(result)


def test_two_policy_languages_without_i18n_are_refused(tmp_path):
    result = build(make_site(tmp_path, i18n=False), "--strict")
    assert result.returncode == 1, result.output
    assert "policy/ holds the languages de, en" in result.output, result.output
    assert "i18n" in result.output and "docs_structure: folder" in result.output, result.output
    no_traceback(result)


def test_a_site_in_one_language_needs_no_i18n(tmp_path):
    result = build(make_site(tmp_path, langs=("en",), i18n=False), "--strict")
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    no_traceback(result)
    assert "We collect your name." in html(result.site, "index.html")
    assert (result.site / "verify/index.html").is_file()
    assert not (result.site / "en").exists() and not (result.site / "de").exists()
    assert "mkdocs_static_i18n" not in result.output
    assert '<html lang="en"' in html(result.site, "verify/index.html")


def test_a_site_in_one_language_has_its_pages_at_the_top_of_the_menu(tmp_path):
    """Without i18n, which lifts them on a site of several languages, the generated pages (in
    docs/en/, so that every site has the same URLs) were all in one menu section titled En."""
    files = {"docs/guide/index.md": "---\nlanguage: en_GB\n---\n# Guide\n\nColour.\n"}
    result = build(make_site(tmp_path, langs=("en",), i18n=False, files=files), "--strict")
    assert result.returncode == 0, result.output
    for page in ("index.html", "guide/index.html", "changes/index.html"):
        titles = re.findall(r'class="md-ellipsis">\s*([^<]*?)\s*<', html(result.site, page))
        assert "En" not in titles and {"Changes", "Versions", "Guide"} <= set(titles), (page, titles)
    assert '<div lang="en-GB">' in html(result.site, "guide/index.html")  # HTML's form of en_GB


# 9. A site's page at a generated address -------------------------------------------------------------


@pytest.mark.parametrize("page, address", [("docs/en/verify.md", "/verify/"), ("docs/en/changes.md", "/changes/")])
def test_a_docs_page_at_a_generated_address_is_refused(tmp_path, page, address):
    result = build(make_site(tmp_path, files={page: "# Mine\n\nMy own page.\n"}), "--strict")
    assert result.returncode == 1, result.output
    assert page in result.output, result.output
    assert f"the generator writes {address} itself" in result.output, result.output
    no_traceback(result)


# 10. Plugin order --------------------------------------------------------------------------------------


def test_the_order_of_the_plugins_does_not_matter(tmp_path):
    usual = build(make_site(tmp_path / "usual"), "--strict")
    first = build(make_site(tmp_path / "first", plugins=("policykit", "i18n", "search")), "--strict")
    assert usual.returncode == 0, usual.output
    assert first.returncode == 0, first.output
    no_traceback(first)
    assert built_files(first.site) == built_files(usual.site)
    assert "We collect your name." in html(first.site, "index.html")
    assert "Wir erheben Ihren Namen." in html(first.site, "de/index.html")


# 11. The hooks door -------------------------------------------------------------------------------------


def hooks_site(tmp_path: Path, options: dict, plugins=("search", "i18n")) -> Path:
    hooks = (ROOT / "hooks/policy.py").read_text(encoding="utf-8")
    return make_site(
        tmp_path,
        plugins=plugins,
        config={"hooks": ["hooks/policy.py"], "extra": {"policykit": options}},
        files={"hooks/policy.py": hooks},
    )


def test_the_hooks_door_builds(tmp_path):
    result = build(hooks_site(tmp_path, {"locales": {"en": "en_GB"}}), "--strict")
    assert result.returncode == 0, result.output
    no_traceback(result)
    page = html(result.site, "index.html")
    assert "We collect your name." in page
    assert "15 January 2026" in page  # en_GB, from extra.policykit.locales


@pytest.mark.parametrize("options, option", [({"nonsense": 1}, "nonsense"), ({"policy_dir": 5}, "policy_dir")])
def test_the_hooks_door_names_a_bad_option(tmp_path, options, option):
    result = build(hooks_site(tmp_path, options), "--strict")
    assert result.returncode == 1, result.output
    # The one format: mkdocs.yml and the line of the option under extra: policykit:, as policy lint says it.
    assert re.search(rf"mkdocs\.yml:\d+: '?{option}'?[ :]", result.output), result.output
    no_traceback(result)


def test_the_hooks_door_and_the_plugin_together_are_refused(tmp_path):
    result = build(hooks_site(tmp_path, {}, plugins=DEFAULT_PLUGINS), "--strict")
    assert result.returncode == 1, result.output
    assert "lists the policykit plugin and also wires it through hooks" in result.output, result.output
    assert "every event would run twice" in result.output, result.output
    no_traceback(result)


# 12. Fonts -------------------------------------------------------------------------------------------------


def test_a_google_font_is_refused(tmp_path):
    result = build(make_site(tmp_path, theme={"font": {"text": "Lato"}}), "--strict")
    assert result.returncode == 1, result.output
    assert "theme.font" in result.output and "font: false" in result.output, result.output
    no_traceback(result)


def test_no_page_loads_google_fonts(tmp_path):
    result = build(make_site(tmp_path), "--strict")
    assert result.returncode == 0, result.output
    pages = [rel for rel in built_files(result.site) if rel.endswith(".html")]
    assert "index.html" in pages and "de/verify/index.html" in pages
    for rel in pages:
        assert "fonts.googleapis.com" not in html(result.site, rel), rel


# 13. The policy folder option ----------------------------------------------------------------------------------


def test_the_policy_folder_option(tmp_path):
    result = build(make_site(tmp_path, options={"policy_dir": "legal"}, policy_dir="legal"), "--strict")
    assert result.returncode == 0, result.output
    no_traceback(result)
    assert "We collect your name." in html(result.site, "index.html")
    verify = html(result.site, "verify/index.html")
    assert "legal/en/" in verify and "policy/en/" not in verify
    assert "legal/de/" in html(result.site, "de/verify/index.html")


# --- The site's words, as the build and `policy lint` check them -----------------------------


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"words/de.yml": "changes_titel: Verlauf\n"}, "words/de.yml:1: unknown key(s), not used: changes_titel"),
        ({"words/de.yaml": "changes_title: Verlauf\n"}, "words/de.yaml: is not read: catalogues end in .yml"),
        (
            {"words/fr.yml": "changes_title: Historique\n"},
            "words/fr.yml: is not read: fr is not a language of the site",
        ),
    ],
)
def test_a_site_word_that_is_not_used_is_a_warning_in_the_build_and_in_lint(tmp_path, files, expected):
    project = make_site(tmp_path, files=files)
    result = build(project, "--strict")
    assert result.returncode != 0 and expected in result.output, result.output
    no_traceback(result)
    assert build(project).returncode == 0
    linted = lint(project)
    assert expected in linted.output and "1 warning(s)" in linted.output, linted.output


def test_a_locale_of_another_language_is_a_warning(tmp_path):
    result = build(make_site(tmp_path, options={"locales": {"de": "fr_FR"}}), "--strict")
    assert result.returncode != 0, result.output
    assert "locales: de: fr_FR is a locale of another language (French)" in result.output, result.output
    assert "such as de: de_DE" in result.output, result.output


def test_an_unknown_locale_names_the_entry(tmp_path):
    result = build(make_site(tmp_path, options={"locales": {"de": "xx_YY"}}))
    assert result.returncode != 0, result.output
    assert "policykit's locales: de: 'xx_YY' is not a locale" in result.output, result.output
    no_traceback(result)


def test_lint_reports_a_broken_catalogue_as_the_build_does(tmp_path):
    project = make_site(tmp_path, files={"words/de.yml": 'banner_all: "Alle\nchanges_title: x\n'})
    result = build(project)
    assert result.returncode != 0 and "words/de.yml:1: not valid YAML" in result.output, result.output
    linted = lint(project)
    assert linted.exit_code == 1 and "words/de.yml:1: not valid YAML" in linted.output, linted.output


def test_a_language_without_words_is_english_throughout(tmp_path):
    result = build(make_site(tmp_path, langs=("en", "de", "it")))
    assert result.returncode == 0, result.output
    page = html(result.site, "it/index.html")
    english = re.search(r"Version 1\.0, effective ([^<.]+)\.", html(result.site, "index.html")).group(1)
    assert f"Version 1.0, effective {english}." in page  # the date as on the English page
    assert "gennaio" not in page and "inglese" not in page


def test_a_template_without_the_blocks_is_named_as_the_site_names_it(tmp_path):
    project = make_site(
        tmp_path, theme={"custom_dir": "overrides"}, files={"overrides/main.html": '{% extends "base.html" %}\n'}
    )
    result = build(project)
    assert result.returncode != 0, result.output
    assert "overrides/main.html: does not extend policykit's main.html" in result.output, result.output


def test_the_missing_site_url_is_said_once(tmp_path):
    result = build(make_site(tmp_path, config={"site_url": None}))
    assert result.output.count("site_url is not set") == 1, result.output


PAYLOAD = (
    " [k](javascript:alert(1)) ![x](https://t.example/p.png) {: onclick=alert(1) style=color:red }"
    " <b onclick=alert(1)>b</b> *e* `c` | x |"
)


def test_a_sites_words_are_text_whatever_they_hold(tmp_path):
    """Every word of the site's own catalogue carries Markdown, attribute-list and HTML syntax:
    the pages show it as text; no link, image, event or style attribute comes of it."""
    from bs4 import BeautifulSoup

    english = yaml.safe_load((ROOT / "src/policykit/words/catalogues/en.yml").read_text(encoding="utf-8"))
    hostile = {
        key: ({form: text + PAYLOAD for form, text in value.items()} if isinstance(value, dict) else value + PAYLOAD)
        for key, value in english.items()
    }
    project = make_site(
        tmp_path, versions=2, files={"words/de.yml": yaml.safe_dump(hostile, allow_unicode=True, width=10000)}
    )
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    pages = sorted((result.site / "de").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(result.site)
        for element in doc.find_all(True):
            events = [a for a in element.attrs if a.lower().startswith("on")]
            assert not events, f"{where}: <{element.name} {events}>"
            assert not str(element.get("href", "")).lower().startswith("javascript:"), f"{where}: {element}"
            assert "t.example" not in str(element.get("src", "")), f"{where}: {element}"
            style = element.get("style")
            assert style is None or style.startswith("text-align:"), f"{where}: style={style!r} on <{element.name}>"
        assert "[k](javascript:alert(1))" in doc.get_text(), where  # shown as the text it is


@pytest.mark.parametrize(
    "main_html, expected",
    [
        (
            '{% extends "policykit/main.html" %}\n{% block site_meta %}<script>alert(1)</script>{{ super() }}{% endblock %}\n',
            "does not start its <head> with policykit's Content-Security-Policy",
        ),
        (
            '{% extends "policykit/main.html" %}\n{% block site_meta %}<meta charset="utf-8">{% endblock %}\n',
            "does not start its <head> with policykit's Content-Security-Policy",
        ),
        (
            '{% extends "policykit/main.html" %}\n{% block scripts %}{{ super() }}<script>alert(1)</script>{% endblock %}\n',
            "has an inline script (<script>)",
        ),
        (
            '{% extends "base.html" %}\n{# <script src="x/policy-config.js" data-policykit> #}\n',
            "does not extend policykit's main.html",
        ),
        (
            '{% extends "policykit/main.html" %}\n{% block site_meta %}<meta http-equiv="Content-Security-Policy" '
            'content="default-src *">{{ super() }}{% endblock %}\n',
            "or a weaker one",
        ),
        (
            '{% extends "policykit/main.html" %}\n{% block scripts %}{{ super() }}<script data-src="x">1</script>{% endblock %}\n',
            "has an inline script",
        ),
        (
            '{% extends "policykit/main.html" %}\n{% block announce %}<img src="x.png" onerror="alert(1)">{% endblock %}\n',
            "an event attribute (onerror= on <img>)",
        ),
        (
            '{% extends "policykit/main.html" %}\n{% block extrahead %}<meta http-equiv="refresh" content="0;url=https://e.example/">'
            "{% endblock %}\n",
            'has a <meta http-equiv="refresh">',
        ),
    ],
)
def test_a_site_template_keeps_the_content_security_policy_whole(tmp_path, main_html, expected):
    project = make_site(tmp_path, theme={"custom_dir": "overrides"}, files={"overrides/main.html": main_html})
    result = build(project)
    assert result.returncode != 0 and expected in result.output, result.output
    assert "overrides/main.html" in result.output, result.output
    no_traceback(result)


def test_a_languages_own_features_are_checked_too(tmp_path):
    project = make_site(tmp_path)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][1]["i18n"]["languages"][1]["theme"] = {"features": ["navigation.instant"]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0 and "navigation.instant" in result.output, result.output


@pytest.mark.parametrize(
    "files, options, expected",
    [
        ({"words/de.yml": "banner_all: a\x00b\n"}, None, "words/de.yml: not valid YAML"),
        ({"words/de.yml": "timeline_clauses: {}\n"}, None, "timeline_clauses: plural forms need `other:`"),
        ({"words/de.yml": "timeline_clauses: {lots: x, other: y}\n"}, None, "lots is not a CLDR plural form"),
        ({"words/de.yml": "banner_all: x\n" * 1 + "# " + "x" * 300_000 + "\n"}, None, "more than any catalogue needs"),
        ({}, {"policy_dir": "./"}, "policy_dir: './' names the project folder itself"),
    ],
)
def test_unusable_words_and_options_are_messages_not_tracebacks(tmp_path, files, options, expected):
    result = build(make_site(tmp_path, files=files, options=options))
    assert result.returncode != 0 and expected in result.output, result.output
    no_traceback(result)


def test_a_repo_url_that_is_not_a_web_address_is_refused(tmp_path):
    result = build(make_site(tmp_path, config={"repo_url": "javascript://x.example/%0aalert(1)"}))
    assert result.returncode != 0 and "repo_url" in result.output and "not a web address" in result.output, (
        result.output
    )


def test_mkdocs_yml_texts_reach_the_theme_escaped(tmp_path):
    result = build(
        make_site(
            tmp_path,
            config={
                "repo_url": 'https://x.example/" onmouseover="alert(1)',
                "site_description": '"><b onclick=1>d</b>',
            },
        ),
        "--strict",
    )
    assert result.returncode == 0, result.output
    page = html(result.site, "index.html")
    assert 'onmouseover="alert(1)"' not in page and "<b onclick" not in page


def test_a_language_material_spells_otherwise_is_named(tmp_path):
    result = build(make_site(tmp_path, langs=("en", "pt_BR")))
    assert result.returncode != 0, result.output
    assert "Material has no words for the language 'pt_BR'" in result.output and "pt-BR" in result.output, result.output
    no_traceback(result)


def test_a_word_is_one_line(tmp_path):
    result = build(make_site(tmp_path, files={"words/de.yml": 'changes_title: "Änderungen\\n\\n/// details\\n///"\n'}))
    assert result.returncode != 0 and "changes_title: holds a line break" in result.output, result.output


def test_extensions_a_site_enables_make_no_markup_of_words(tmp_path):
    """Bare links (magiclink), emoji, math: a site's word stays text on the generated pages."""
    words = {
        "changes_title": "Verlauf https://evil.example/x www.evil.example a@evil.example :smile: $x$ ==m==",
        "verify_digest_title": "__config",
    }
    project = make_site(
        tmp_path,
        versions=2,
        files={"words/de.yml": yaml.safe_dump(words, allow_unicode=True)},
        config={
            "markdown_extensions": ["pymdownx.magiclink", "pymdownx.emoji", "pymdownx.arithmatex", "pymdownx.mark"]
        },
    )
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    changes = html(result.site, "de/changes/index.html")
    assert "evil.example" in changes and 'href="https://evil.example' not in changes and "<img" not in changes
    assert "<mark>" not in changes and 'type="math/tex"' not in changes
    assert 'id="__config"' not in html(result.site, "de/verify/index.html").split('<script id="__config"')[0]


@pytest.mark.parametrize(
    "name, text",
    [
        ("docs/en/raw.html", "<script>alert(document.domain)</script>"),
        ("docs/assets/pic.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("docs/assets/pic.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("docs/assets/pic.svg", '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://e.example/">x</a></svg>'),
    ],
)
def test_a_docs_file_that_would_run_as_a_page_is_refused(tmp_path, name, text):
    project = make_site(tmp_path, files={name: text})
    result = build(project)
    assert result.returncode != 0 and f"{name}:" in result.output and "docs-file" not in result.output, result.output
    linted = lint(project)
    assert linted.exit_code == 1 and f"{name}:" in linted.output, linted.output


def test_a_plain_svg_image_is_published(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
    result = build(make_site(tmp_path, files={"docs/assets/logo.svg": svg}), "--strict")
    assert result.returncode == 0, result.output
    assert (result.site / "assets" / "logo.svg").is_file()


def test_the_verify_command_counts_files_only(tmp_path):
    """A folder named like a section file (`zz.md/`) is no file of the text: the build skips it,
    and so does the verify page's command, which gives the published fingerprint."""
    import json
    import subprocess

    from bs4 import BeautifulSoup

    project = make_site(tmp_path, files={"policy/en/zz.md/note.txt": "not a section\n"})
    result = build(project, "--strict")
    assert result.returncode == 0, result.output
    version = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))["versions"][0]
    command = BeautifulSoup(html(result.site, "verify/index.html"), "html.parser").select_one("pre code").get_text()
    done = subprocess.run(
        ["bash", "-c", command.replace("C=<commit>", f"C={version['commit']}")],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout.split()[0] == version["sha256"]["en"], (done.stdout, done.stderr)
