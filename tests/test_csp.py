"""The Content-Security-Policy: on every built page, first in <head>; no inline script on any
page; Material's inline scripts moved to files that stay the same as Material's; none under
`mkdocs serve`. (In Chromium: tests/test_browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from pathlib import Path

import markdown
import material
import pytest
from bs4 import BeautifulSoup, Tag
from building import ROOT
from mkdocs_serve import wait_for

from policykit.adapter import csp

MATERIAL = Path(material.__file__).parent / "templates"
THEME = ROOT / "src" / "policykit" / "theme"
PARTIALS = THEME / "partials" / "javascripts"
SCRIPTS = THEME / "assets" / "javascripts"


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Python-Markdown's tables write these on the cells of an aligned column (docs/manual/performance.md).
ALIGNMENTS = ["text-align: left;", "text-align: center;", "text-align: right;"]
CSP = (
    "default-src 'none'; script-src 'self'; "
    "style-src 'self' 'unsafe-hashes' 'sha256-RVUzT5WQgKUiRfwfZ5/d8nxqNBcGWoYqAQp72N/cCqE=' "
    "'sha256-+17AcPK/e5AtiK52Z2vnx3uG3BMzyzRr4Qv5UQsEbDU=' 'sha256-N90MKmRow2DpYEVeqcc3uc8pOUsS4Rg4sNmkau1k0xQ='; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)


def hooks():
    """This site's hooks file: the door to the plugin's handlers."""
    spec = importlib.util.spec_from_file_location("policy_hooks_for_csp_test", ROOT / "hooks" / "policy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    return pages


def test_the_policy_allows_the_table_alignments_by_their_hashes():
    assert CSP.count("'sha256-") == len(ALIGNMENTS)
    assert all(sha256(style) in CSP for style in ALIGNMENTS)


def test_every_page_has_the_csp_first_in_its_head(built_site):
    assert built_site.returncode == 0, built_site.output
    for path in html_pages(built_site.site):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        first = next(child for child in soup.head.children if isinstance(child, Tag))
        where = path.relative_to(built_site.site)
        assert first.name == "meta" and first.get("http-equiv") == "Content-Security-Policy", where
        assert first["content"] == CSP, where
        assert len(soup.find_all("meta", attrs={"http-equiv": re.compile("(?i)content-security-policy")})) == 1
        assert text.index('http-equiv="Content-Security-Policy"') < text.index("<script"), where


def test_no_page_has_an_inline_script(built_site):
    """Only files run (script-src 'self'): no <script> without src but JSON data blocks, and no
    event handler attribute; and no style attribute but the allowed table alignments."""
    for path in html_pages(built_site.site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(built_site.site)
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not (script.string or "").strip(), (where, script)
                assert script["src"].split("?")[0].endswith(".js") and "//" not in script["src"], (where, script)
            else:
                assert script.get("type") == "application/json", (where, str(script)[:200])
                json.loads(script.string)
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, (where, element.name, handlers)
            assert element.get("style") in (None, *ALIGNMENTS), (where, element.name, element.get("style"))
            for name in ("href", "src", "action", "formaction"):
                assert not str(element.get(name, "")).strip().lower().startswith("javascript:"), (where, element)


def test_the_root_404_page_loads_its_redirect_from_a_file(built_site):
    root = BeautifulSoup((built_site.site / "404.html").read_text(encoding="utf-8"), "html.parser")
    [script] = root.select('script[src$="policy-404.js"]')
    assert (script["src"], script["data-root"], script["data-langs"]) == (
        "/assets/javascripts/policy-404.js",
        "/",
        "en",
    )
    assert (built_site.site / "assets/javascripts/policy-404.js").is_file()
    lost = BeautifulSoup((built_site.site / "en/404.html").read_text(encoding="utf-8"), "html.parser")
    assert not lost.select('script[src$="policy-404.js"]')  # the English one is where it sends


def test_the_configuration_patch_is_given_the_language_root(built_site):
    def patch(page: str) -> Tag:
        soup = BeautifulSoup((built_site.site / page).read_text(encoding="utf-8"), "html.parser")
        [script] = soup.select('script[src$="policy-config.js"]')
        assert script.find_previous("script") is soup.find(id="__config")  # after the data, before the bundle
        assert "bundle" in script.find_next("script")["src"]
        return script

    assert not patch("index.html").has_attr("data-lang-root")
    assert patch("en/versions/1.0/index.html")["data-lang-root"] == "en/"
    assert patch("versions/1.0/index.html")["src"] == "../../assets/javascripts/policy-config.js"


# --- Material's inline scripts, moved to files -------------------------------------------------

# theme/partials/javascripts/NAME loads the files named, in the order of Material's scripts
# in its partial of that name. Each file is Material's code with the changes listed, nothing else.
MOVED = {
    "base.html": [
        ("policy-md-base.js", [('"{{ config.extra.scope | d(base_url) }}"', "document.currentScript.dataset.scope")])
    ],
    "palette.html": [("policy-md-palette.js", [])],
    "content.html": [("policy-md-tabs.js", []), ("policy-md-content.js", [])],
}
# Material's templates with an inline script that this site does not use; on a page they would
# fail test_no_page_has_an_inline_script, and would need to be moved as the others are.
NOT_USED = {
    "partials/javascripts/announce.html": "no announce block, nor feature announce.dismiss",
    "partials/javascripts/outdated.html": "no extra.version (mike)",
    "partials/javascripts/consent.html": "no extra.consent",
    "partials/integrations/analytics.html": "no extra.analytics",
    "redirect.html": "no redirects plugin",
}
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)
_LOADED = re.compile(r"""<script src="\{\{ 'assets/javascripts/([\w.-]+)' \| url \}\}"[^>]*></script>""")


def _skeleton(template: str, scripts: re.Pattern) -> str:
    """The template without comments and whitespace, each script in it as SCRIPT."""
    return re.sub(r"\s+", "", scripts.sub("SCRIPT", _COMMENT.sub("", template)))


def test_every_inline_script_of_material_is_moved_or_not_used():
    found = {
        str(path.relative_to(MATERIAL))
        for path in MATERIAL.rglob("*.html")
        if _INLINE.search(path.read_text(encoding="utf-8"))
    }
    assert found == {f"partials/javascripts/{name}" for name in MOVED} | set(NOT_USED)


@pytest.mark.parametrize("name", sorted(MOVED))
def test_a_moved_script_is_the_same_as_materials(name):
    """An upgrade of Material that changes one of these partials fails here, instead of
    silently running the old code: compare, and bring the files up to date."""
    installed = (MATERIAL / "partials" / "javascripts" / name).read_text(encoding="utf-8")
    ours = (PARTIALS / name).read_text(encoding="utf-8")
    # The same template around the scripts (conditions, order), and the files named in order.
    assert _skeleton(ours, _LOADED) == _skeleton(installed, _INLINE)
    assert _LOADED.findall(ours) == [file for file, _ in MOVED[name]]
    for code, (file, changes) in zip(_INLINE.findall(_COMMENT.sub("", installed)), MOVED[name], strict=True):
        for old, new in changes:
            assert code.count(old) == 1, f"Material's {name} no longer has {old}"
            code = code.replace(old, new)
        text = (SCRIPTS / file).read_text(encoding="utf-8")
        assert text.startswith("/*") and "*/\n" in text
        assert text.split("*/\n", 1)[1].strip() == code.strip(), f"{file} differs from Material's {name}"


def test_the_scope_is_the_value_material_embeds():
    """policy-md-base.js reads from data-scope what Material writes into its code."""
    ours = (PARTIALS / "base.html").read_text(encoding="utf-8")
    assert 'data-scope="{{ config.extra.scope | d(base_url) | e }}"' in ours


def test_markdown_tables_write_only_the_alignments_allowed():
    table = "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n"
    styles = set(re.findall(r'style="([^"]*)"', markdown.markdown(table, extensions=["tables"])))
    assert styles == set(ALIGNMENTS) == set(csp.TABLE_ALIGNMENTS)


# --- mkdocs serve ------------------------------------------------------------------------------


def test_the_hook_writes_no_csp_when_serving():
    module = hooks()

    class Config:
        extra: dict = {}

    module.on_startup(command="serve", dirty=False)
    module.on_pre_build(config=Config)
    assert Config.extra["policy_csp"] == ""
    module.on_startup(command="build", dirty=False)
    module.on_pre_build(config=Config)
    assert Config.extra["policy_csp"] == CSP


def test_mkdocs_serve_pages_have_no_csp(mkdocs_served):
    """Its live reload is an inline script, which the policy would block."""
    project, base = mkdocs_served
    body = wait_for(base, 'id="s4"')
    assert "livereload" in body
    assert 'http-equiv="Content-Security-Policy"' not in body
