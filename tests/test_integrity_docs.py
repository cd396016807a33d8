"""docs/ publishes by an allow-list: pages, images (an SVG only if it passes a namespace-aware
allow-list), fonts, PDF and text files, and the stylesheets and scripts that mkdocs.yml lists, a
script in a folder without pages. Every hostile file is refused by `policy lint` and by
`mkdocs build`, which share one function (docsfiles.check_folder), naming the file and the fix;
the exports that designers' tools make are published."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from building import cpu_time
from plugin_sites import build, built_files, lint, make_site, no_traceback

from policykit.text import docsfiles
from policykit.text.svgcheck import MAX_SVG_BYTES, css_problem, svg_problem

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
FIX_SVG = "export it as a plain SVG (Inkscape: Save As, Plain SVG), or save it as PNG"

#: What Inkscape 1.x saves (Inkscape SVG): its page settings, layers, the RDF licence block,
#: a gradient and a filter by reference, an embedded PNG.
INKSCAPE = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" {SVG_NS} xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666" borderopacity="1.0"
     inkscape:pageopacity="0.0" inkscape:pagecheckerboard="0" inkscape:document-units="mm" showgrid="false"
     inkscape:zoom="0.73" inkscape:current-layer="layer1"><inkscape:page x="0" y="0" width="210" height="297"
     id="page1" /></sodipodi:namedview>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#1f6fb2;stop-opacity:1;" offset="0" id="stop1" />
      <stop style="stop-color:#1f6fb2;stop-opacity:0;" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient inkscape:collect="always" xlink:href="#linearGradient1" id="linearGradient3"
       x1="10" y1="10" x2="100" y2="100" gradientUnits="userSpaceOnUse" />
    <filter style="color-interpolation-filters:sRGB" id="filter1" x="-0.1" y="-0.1" width="1.2" height="1.2">
      <feGaussianBlur stdDeviation="1.5" id="feGaussianBlur1" /></filter>
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" /><dc:title>Logo</dc:title></cc:Work>
  </rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" transform="translate(-1.5,2) rotate(3)">
    <rect style="fill:url(#linearGradient3);stroke:#000000;stroke-width:0.264583;filter:url(#filter1)"
       id="rect1" width="90" height="90" x="10" y="10" />
    <path style="fill:none;stroke:#000000;stroke-width:0.5" d="m 20,20 c 10,0 20,10 20,20" id="path1"
       sodipodi:nodetypes="cc" inkscape:connector-curvature="0" />
    <text xml:space="preserve" style="font-size:10.58px;font-family:'DejaVu Sans';-inkscape-font-specification:'DejaVu Sans'"
       x="20" y="80" id="text1"><tspan sodipodi:role="line" id="tspan1" x="20" y="80">Policy (2026)</tspan></text>
    <image width="10" height="10" preserveAspectRatio="none" id="image1" x="50" y="50"
       xlink:href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==" />
  </g>
</svg>
"""
#: What Adobe Illustrator exports (SVG 1.1 with its DOCTYPE, classes in a <style>).
ILLUSTRATOR = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Layer_1" {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px"
\t viewBox="0 0 100 100" style="enable-background:new 0 0 100 100;" xml:space="preserve">
<style type="text/css">
\t.st0{{fill:#1F6FB2;}}
\t.st1{{fill:none;stroke:#000000;stroke-miterlimit:10;}}
\t@media (prefers-color-scheme: dark) {{ .st0{{fill:rgb(200, 220, 255);}} }}
</style>
<g><circle class="st0" cx="50" cy="50" r="40"/><polyline class="st1" points="10,10 50,90 90,10 "/></g>
</svg>
"""
#: What Figma exports: a clip path by reference, an animated icon.
FIGMA = f"""<svg width="24" height="24" viewBox="0 0 24 24" fill="none" {SVG_NS}>
<g clip-path="url(#clip0_1_2)"><path d="M12 2L2 22h20L12 2z" fill="#1F6FB2"/>
<circle cx="12" cy="16" r="2"><animate attributeName="opacity" values="1;0;1" dur="2s" repeatCount="indefinite"/>
<animateTransform attributeName="transform" type="rotate" from="0 12 12" to="360 12 12" dur="4s"/></circle></g>
<defs><clipPath id="clip0_1_2"><rect width="24" height="24" fill="white"/></clipPath></defs>
</svg>
"""

#: Each hostile SVG, and the words of the message that names what it holds.
HOSTILE_SVG = {
    "nested-style": (
        f"<svg {SVG_NS}><style><style></style>@import url(https://evil.example/b.css);</style></svg>",
        "a <style> inside a <style>",
    ),
    "prefixed-script": (
        f'<svg {SVG_NS} xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
        "the element <script>",
    ),
    "xhtml-script": (
        f'<svg {SVG_NS} xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>',
        "<{http://www.w3.org/1999/xhtml}script>, of another namespace",
    ),
    "xhtml-default": (
        f'<svg {SVG_NS}><g><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></g></svg>',
        "<{http://www.w3.org/1999/xhtml}script>",
    ),
    "odd-namespace": (
        f'<svg {SVG_NS} xmlns:s="HTTP://WWW.W3.ORG/2000/SVG"><s:script>alert(1)</s:script></svg>',
        "<{HTTP://WWW.W3.ORG/2000/SVG}script>",
    ),
    "cased-script": (f"<svg {SVG_NS}><Script>alert(1)</Script></svg>", "the element <Script>"),
    "no-namespace": ("<svg><script>alert(1)</script></svg>", "the root element <svg>"),
    "xhtml-root": ('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', "the root element"),
    "event": (f'<svg {SVG_NS} onload="alert(1)"/>', "the event attribute onload="),
    "event-namespaced": (
        f'<svg {SVG_NS} xmlns:e="urn:x"><rect e:onclick="alert(1)"/></svg>',
        "the event attribute {urn:x}onclick=",
    ),
    "event-cased": (f'<svg {SVG_NS}><rect ONCLICK="alert(1)"/></svg>', "the event attribute ONCLICK="),
    "set-href": (
        f'<svg {SVG_NS}><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
        "an animation that sets 'href'",
    ),
    "animate-xlink": (
        f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink"><a><animate '
        'attributeName="xlink:href" values="javascript:alert(1)"/></a></svg>',
        "an animation that sets 'xlink:href'",
    ),
    "animate-event": (f'<svg {SVG_NS}><set attributeName="onclick" to="alert(1)"/></svg>', "an animation that sets"),
    "foreign-object": (
        f'<svg {SVG_NS}><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>',
        "the element <foreignObject>",
    ),
    "javascript-link": (
        f'<svg {SVG_NS}><a href="javascript:alert(1)"><text>x</text></a></svg>',
        'the link href="javascript:alert(1)" on <a>',
    ),
    "external-use": (
        f'<svg {SVG_NS} xmlns:x="http://www.w3.org/1999/xlink"><use x:href="other.svg#a"/></svg>',
        'the link xlink:href="other.svg#a"',
    ),
    "external-image": (f'<svg {SVG_NS}><image href="https://tracker.example/p.png"/></svg>', "leads outside the file"),
    "svg-data-image": (
        f'<svg {SVG_NS}><image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
        "leads outside the file",
    ),
    "style-import": (
        f"<svg {SVG_NS}><style>@import url(https://evil.example/x.css);</style></svg>",
        "the CSS rule @import",
    ),
    "style-import-escaped": (
        f'<svg {SVG_NS}><style>@\\69mport "https://evil.example/x.css";</style></svg>',
        "a backslash escape in CSS",
    ),
    "style-url": (
        f"<svg {SVG_NS}><style>rect {{ fill: url(#a/*); cursor: url(https://evil.example/c) */ }}</style></svg>",
        "the CSS url(https://evil.example/c)",
    ),
    "style-image-set": (
        f"<svg {SVG_NS}><rect style=\"fill: image-set('https://evil.example/x' 1x)\"/></svg>",
        "the CSS function image-set()",
    ),
    "presentation-url": (f'<svg {SVG_NS}><rect fill="url(//evil.example/x#g)"/></svg>', "the CSS url(//evil"),
    "stylesheet-pi": (
        f'<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?><svg {SVG_NS}/>',
        "the processing instruction <?xml-stylesheet",
    ),
    "entity-bomb": (
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f"<svg {SVG_NS}><text>&c;</text></svg>",
        "a DOCTYPE that declares entities",
    ),
    "external-entity": (
        f'<!DOCTYPE svg SYSTEM "https://evil.example/x.dtd"><svg {SVG_NS}><text>&x;</text></svg>',
        "the undeclared entity &x;",
    ),
    "xml-base": (f'<svg {SVG_NS} xml:base="https://evil.example/"><rect/></svg>', "the attribute xml:base="),
    "unparsable": (f"<svg {SVG_NS}><g></svg>", "XML that does not parse"),
    "utf-16": ("\ufeff" + f"<svg {SVG_NS}/>", "UTF-16"),
}


@pytest.mark.parametrize("name", HOSTILE_SVG)
def test_a_hostile_svg_is_refused(name):
    text, words = HOSTILE_SVG[name]
    data = text.encode("utf-16") if name == "utf-16" else text.encode("utf-8")
    found = svg_problem(data)
    assert found is not None and words in found.what, (name, found)


@pytest.mark.parametrize("text", [INKSCAPE, ILLUSTRATOR, FIGMA], ids=["inkscape", "illustrator", "figma"])
def test_what_designers_tools_export_passes(text):
    assert svg_problem(text.encode("utf-8")) is None


def test_an_svg_beyond_the_bound_is_refused_before_it_is_parsed():
    found = svg_problem(b" " * (MAX_SVG_BYTES + 1))
    assert found is not None and "more than 10 MB" in found.what


def test_css_is_read_in_linear_time():
    """A name is read whole: a megabyte of letters is one token, not a million attempts."""
    with cpu_time() as spent:  # CPU time: the same on a busy machine
        assert css_problem("a" * 1_000_000 + "(") == f"the CSS function {'a' * 1_000_000}()"
        assert css_problem("rgb(1,2,3) " + "x" * 1_000_000) is None
    assert spent.seconds < 5


# The site: lint and build refuse the same files, with file and fix ---------------------------

#: docs/ files that may not be published -> the words of their message and of their fix.
REFUSED = {
    "docs/assets/drawing.xhtm": (
        "a .xhtm file, which MkDocs would publish as it is, and a browser would run",
        "write a page in Markdown",
    ),
    "docs/en/raw.html": ("a .html file, which MkDocs would publish", "write a page in Markdown"),
    "docs/assets/pic.svgz": ("a .svgz file", "save an image as PNG or plain SVG"),
    "docs/data/licence.rdf": (
        "a .rdf file, which MkDocs would publish as it is: docs/ publishes only pages (.md)",
        "keep the file outside docs/",
    ),
    "docs/data/formula.mml": ("a .mml file", "keep the file outside docs/"),
    "docs/data/service.wsdl": ("a .wsdl file", "keep the file outside docs/"),
    "docs/data/strings.xlf": ("a .xlf file", "keep the file outside docs/"),
    "docs/data/show.smil": ("a .smil file", "keep the file outside docs/"),
    "docs/data/places.kml": ("a .kml file", "keep the file outside docs/"),
    "docs/_headers": ("a file without a suffix", "keep the file outside docs/"),
    "docs/assets/page.png": ("a .png file whose bytes are not those of its type", "save it again as a .png file"),
    "docs/downloads/terms.PDF": ("a .pdf file whose bytes are not those of its type", "save it again as a .pdf file"),
    "docs/sw.js": (
        "a script that mkdocs.yml does not list: a browser would run it, as a service worker too",
        "list it in mkdocs.yml (extra_javascript: [javascripts/sw.js]) if the site uses it, after moving it "
        "to docs/javascripts/sw.js, or remove it",
    ),
    "docs/assets/js/unlisted.js": (
        "a script that mkdocs.yml does not list",
        "list it in mkdocs.yml (extra_javascript: [assets/js/unlisted.js]) if the site uses it, or remove it",
    ),
    "docs/assets/extra.css": ("a stylesheet that mkdocs.yml does not list", "extra_css: [assets/extra.css]"),
    "docs/top.js": (
        "a script at the top of the site, which holds pages: a service worker registered from it would control them",
        "move it to a folder of its own without pages, such as javascripts/top.js",
    ),
    "docs/help/worker.js": ("a script at the folder help/, which holds pages", "such as javascripts/worker.js"),
    "docs/changes/worker.js": ("a script at the folder changes/, which holds pages", "such as javascripts/"),
    "docs/assets/policy.css": (
        "a file at the address of policykit's own assets/policy.css, which every page uses",
        "rename it",
    ),
    "docs/en/assets/javascripts/policy-config.js": ("policykit's own assets/javascripts/policy-config.js", "rename it"),
    **{f"docs/assets/{name}.svg": (words, FIX_SVG) for name, (_, words) in HOSTILE_SVG.items()},
}
LISTED = {
    "extra_javascript": [
        "top.js",
        "help/worker.js",
        "changes/worker.js",
        "javascripts/extra.js",
        {"path": "javascripts/module.mjs", "type": "module"},
    ],
    # (a stylesheet of another host is refused by the site-config check, before docs/ is read)
    "extra_css": ["stylesheets/extra.css"],
}


def _hostile_files() -> dict:
    files = {}
    for rel in REFUSED:
        name = PurePosixPath(rel).stem
        if name in HOSTILE_SVG:
            text = HOSTILE_SVG[name][0]
            files[rel] = text.encode("utf-16") if name == "utf-16" else text
        else:
            files[rel] = "alert(1)\n" if rel.endswith(".js") else "<x/>\n"
    files["docs/help/index.md"] = "# Help\n\nText.\n"
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("docs-hostile"), config=LISTED, files=_hostile_files())


@pytest.mark.build
def test_the_build_refuses_every_hostile_file_naming_it_and_the_fix(hostile_site):
    result = build(hostile_site, "--strict")
    assert result.returncode != 0
    no_traceback(result)
    assert not (result.site / "index.html").exists()  # a failed build writes nothing
    _assert_reported(result.output)


def test_lint_refuses_every_hostile_file_naming_it_and_the_fix(hostile_site):
    linted = lint(hostile_site)
    assert linted.exit_code == 1
    _assert_reported(linted.output)


def _assert_reported(output: str) -> None:
    lines = output.splitlines()
    for rel, (what, fix) in REFUSED.items():
        found = [line for line in lines if f"{rel}:" in line]
        assert found, f"{rel} is not named:\n{output}"
        assert any(what in line and fix in line for line in found), f"{rel}: {found}"
    svg = next(line for line in lines if "docs/assets/prefixed-script.svg:1: " in line)
    assert "without its Content-Security-Policy" in svg, svg


#: What a site publishes from docs/: its pages, designers' images, fonts, downloads, and its
#: listed stylesheets and scripts, each in a folder without pages.
PUBLISHED = {
    "docs/assets/inkscape.svg": INKSCAPE,
    "docs/assets/illustrator.SVG": ILLUSTRATOR,
    "docs/en/icon.svg": FIGMA,
    "docs/assets/photo.png": b"\x89PNG\r\n\x1a\n",
    "docs/assets/photo.JPEG": b"\xff\xd8\xff",
    "docs/favicon.ico": b"\x00\x00\x01\x00",
    "docs/fonts/text.woff2": b"wOF2",
    "docs/fonts/text.ttf": b"\x00\x01\x00\x00",
    "docs/downloads/policy-2026.pdf": b"%PDF-1.7\n",
    "docs/robots.txt": "User-agent: *\n",
    "docs/CNAME": "policy.example.org\n",
    "docs/stylesheets/extra.css": "body { color: #222; }\n",
    "docs/javascripts/extra.js": "console.log(1);\n",
    "docs/javascripts/module.mjs": "export {};\n",
    "docs/en/about.md": "# About\n\nText.\n",
    "docs/.nojekyll": "",
    "docs/.drafts/notes.html": "<script>x</script>",  # MkDocs never publishes dot-files
}


@pytest.fixture(scope="module")
def benign_site(tmp_path_factory):
    config = {
        "extra_javascript": ["javascripts/extra.js", {"path": "javascripts/module.mjs", "type": "module"}],
        "extra_css": ["stylesheets/extra.css"],
    }
    return make_site(tmp_path_factory.mktemp("docs-benign"), config=config, files=PUBLISHED)


@pytest.mark.build
def test_what_a_site_needs_is_published(benign_site):
    result = build(benign_site, "--strict")
    assert result.returncode == 0, result.output
    for rel in PUBLISHED:
        dest = rel.removeprefix("docs/").removeprefix("en/")  # en is the default language: at the root
        if "/." not in rel and not rel.endswith(".md"):
            assert (result.site / dest).is_file(), rel
    linted = lint(benign_site)
    assert linted.exit_code == 0 and "docs-file" not in linted.output and "docs/" not in linted.output, linted.output
    # The pages the generator writes lie in GENERATED_FOLDERS: a script there could control them.
    for rel in built_files(result.site):
        parts = PurePosixPath(rel).parts
        parts = parts[1:] if parts[0] == "de" else parts
        if rel.endswith("index.html") and len(parts) > 1 and parts[0] not in ("about", "en"):
            assert parts[0] in docsfiles.GENERATED_FOLDERS, rel


def test_a_listed_script_is_matched_through_the_language_folder(tmp_path):
    """With i18n's folders, docs/en/javascripts/x.js is published at javascripts/x.js."""
    project = make_site(
        tmp_path,
        config={"extra_javascript": ["javascripts/x.js"]},
        files={"docs/en/javascripts/x.js": "console.log(1);\n", "docs/de/javascripts/y.js": "console.log(2);\n"},
    )
    linted = lint(project)
    assert linted.exit_code == 1, linted.output
    assert "docs/de/javascripts/y.js: a script that mkdocs.yml does not list" in linted.output
    assert "docs/en/javascripts/x.js" not in linted.output, linted.output


def test_listed_paths_are_read_as_mkdocs_reads_them():
    listed = docsfiles.Listed.of(
        ["/assets/a.css?v=2", "https://cdn.example/b.css", "../up.css", {"path": "c.css"}],
        [{"path": "js/x.mjs", "type": "module"}, "//cdn.example/y.js", None],
    )
    assert listed.stylesheets == {"assets/a.css", "c.css"} and listed.scripts == {"js/x.mjs"}


def test_a_folder_named_like_a_language_the_site_lacks_is_refused(tmp_path):
    """mkdocs-static-i18n takes docs/fr/, docs/js/ or docs/pt-BR/ for the folder of a language
    and, when the site has no such language, publishes none of its files, without a word: a
    page that no one can reach, a listed script that is not there."""
    project = make_site(
        tmp_path,
        config={"extra_javascript": ["js/extra.js"]},
        files={
            "docs/fr/about.md": "# À propos\n",
            "docs/js/extra.js": "console.log(1);\n",
            "docs/pt-BR/x.md": "# X\n",
            "docs/de/about.md": "# Über\n",  # de is a language of the site
            "docs/guide/index.md": "# Guide\n",  # no language code
        },
    )
    linted = lint(project)
    assert linted.exit_code == 1, linted.output
    refused = sorted(line.split(":")[0] for line in linted.output.splitlines() if "named like a language code" in line)
    assert refused == ["docs/fr/", "docs/js/", "docs/pt-BR/"], linted.output
    assert (
        "docs/js/: a folder named like a language code (js) that is no language of the site: mkdocs-static-i18n "
        "takes it for that language's folder and publishes none of its files (rename it to a name that is no "
        "language code, three letters or more, or add js to the i18n plugin's languages)"
    ) in linted.output


def test_without_i18n_a_folder_named_like_a_language_is_an_ordinary_one(tmp_path):
    project = make_site(tmp_path, langs=("en",), i18n=False, files={"docs/fr/about.md": "# À propos\n"})
    linted = lint(project)
    assert "named like a language code" not in linted.output, linted.output
