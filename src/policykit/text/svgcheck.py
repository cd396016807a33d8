"""Whether an SVG image of docs/ is inert: what a browser may open on its own as a page of the site.

Opened by its address, an SVG image is a document of the site's origin with no
Content-Security-Policy (the policy is a `<meta>` of the HTML pages): a script in it runs with
the site's rights, and could, for one, register a service worker that serves every page from
then on. So an SVG is published only if it passes an allow-list, read with a real XML parser
(expat), each element and attribute judged by its namespace URI and local name, never by the
prefix it is written with (`<s:script xmlns:s="http://www.w3.org/2000/svg">` is a script):

- the root is `<svg>` of the SVG namespace, the file UTF-8, with no DOCTYPE that declares
  anything (no entities, so no entity bomb) and no processing instruction (`xml-stylesheet`);
- elements: the SVG elements that draw (shapes, text, gradients, filters, clipping, markers,
  `<use>`, `<image>`, `<style>`, SMIL animation), never `script`, `foreignObject` or an element
  of another namespace (XHTML, MathML, or an unknown one), except the editors' metadata
  namespaces (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons), which no browser acts on;
- attributes: the presentation and geometry attributes of SVG, `aria-*`, `data-*`, `xml:space`,
  `xml:lang`, `xml:id`, `xlink:title`; no event attribute (`onload=`), no `xml:base`;
- references stay inside the file: every `href` (any namespace) is a fragment (`#id`), but an
  `<image>`'s, which may also be a PNG, JPEG, GIF, WebP or AVIF `data:` image; an animation may not
  set an attribute named with `href`, or one outside the list;
- CSS (`<style>`, `style=`, presentation attributes such as `fill=`) only uses functions of
  the list: `url()` to a fragment only, no `@import` or other fetching at-rule, no backslash
  escape (which could spell a function's name otherwise).

What does not pass is refused, never rewritten: the fix is to export a plain SVG. The lists
themselves are in svgnames; this module is the reader that applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn
from xml.parsers import expat

from policykit.text.svgnames import (
    ANIMATIONS,
    ATTRIBUTES,
    CSS_AT_RULES,
    CSS_FUNCTIONS,
    ELEMENTS,
    METADATA,
    PLAIN,
    SVG,
    XLINK,
    XLINK_ATTRIBUTES,
    XML,
    XML_ATTRIBUTES,
)

#: An `<image>` may embed a raster image (as Inkscape and Figma do): never an SVG or a page.
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*\Z", re.IGNORECASE)
#: The CSS that css_problem reads, left to right as a browser does: a comment, a string (no
#: escapes: a backslash is refused first), an at-rule's name, or a function's name and `(`. A
#: name is matched only where it starts, so that no part of a long one is read again.
_CSS_TOKEN = re.compile(
    r"""/\*.*?(?:\*/|\Z)|"[^"\n]*"?|'[^'\n]*'?|@(-?[A-Za-z_][\w-]*)|(?<![\w-])(-?[A-Za-z_][\w-]*)\(""", re.DOTALL
)
#: What follows `url(`: a string, or an unquoted URL up to `)` (in which `/*` starts no comment).
_CSS_URL_ARGUMENT = re.compile(r"""\s*(?:"([^"\n]*)"?|'([^'\n]*)'?|([^\s)]*))""")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: Bytes read of one SVG image: more than any drawing of a site needs (a photo is a PNG or JPEG).
MAX_SVG_BYTES = 10_000_000


@dataclass(frozen=True)
class Finding:
    """What makes an SVG unsafe to publish: said as "an SVG image with WHAT", at a line."""

    what: str
    line: int | None


class _Refused(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def _lower(name: str) -> str:
    """ASCII lower case, as browsers compare names (a Kelvin sign is no `k`)."""
    return name.translate(_ASCII_LOWER)


def css_problem(text: str) -> str | None:
    """What in this CSS (a stylesheet, a `style=` or a presentation attribute) could fetch or
    run something; None when nothing can."""
    if "\\" in text:
        return "a backslash escape in CSS"
    if "(" not in text and "@" not in text:  # most values: a colour, a length, a name
        return None
    at = 0
    while (token := _CSS_TOKEN.search(text, at)) is not None:
        at = token.end()
        rule, function = token.group(1), token.group(2)
        if rule is not None and _lower(rule) not in CSS_AT_RULES:
            return f"the CSS rule @{rule}"
        if function is not None and _lower(function) == "url":
            argument = _CSS_URL_ARGUMENT.match(text, at)
            assert argument is not None  # every alternative may match empty
            at = argument.end()
            target = next(g for g in argument.groups() if g is not None)
            if not target.startswith("#"):
                return f"the CSS url({target[:60]}), which loads another file"
        elif function is not None and _lower(function) not in CSS_FUNCTIONS:
            return f"the CSS function {function}()"
    return None


def _split(name: str) -> tuple[str, str]:
    """expat's `URI local` (namespace processing with a space) as (URI, local); no URI: ''."""
    uri, _, local = name.rpartition(" ")
    return uri, local


_PREFIXES = {"": "", SVG: "", XLINK: "xlink:", XML: "xml:"}


def _shown(uri: str, local: str) -> str:
    """A name as written with the usual prefix of its namespace; another namespace in full."""
    return f"{_PREFIXES[uri]}{local}" if uri in _PREFIXES else f"{{{uri}}}{local}"


class _Reader:
    """One pass of expat over the file; the first thing refused ends it."""

    def __init__(self):
        self.parser = expat.ParserCreate(encoding="utf-8", namespace_separator=" ")
        p = self.parser
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.text
        p.ProcessingInstructionHandler = self.instruction
        p.StartDoctypeDeclHandler = self.doctype
        p.EntityDeclHandler = self.entity
        p.SkippedEntityHandler = lambda name, is_parameter: self.refuse(f"the undeclared entity &{name};")
        p.ExternalEntityRefHandler = lambda *args: self.refuse("an external entity")
        p.XmlDeclHandler = self.declaration
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.started = False  # the root element was read
        self.style: list[str] | None = None  # the text of the <style> being read

    def refuse(self, what: str) -> NoReturn:
        raise _Refused(what)

    def declaration(self, version, encoding, standalone):
        if encoding is not None and _lower(encoding) not in ("utf-8", "utf8", "us-ascii"):
            self.refuse(f"the encoding {encoding!r} (an SVG image of the site is UTF-8)")

    def doctype(self, name, system_id, public_id, has_internal_subset):
        if has_internal_subset:
            self.refuse("a DOCTYPE that declares entities or elements")

    def entity(self, *args):
        self.refuse("an entity declaration")

    def instruction(self, target, data):
        self.refuse(f"the processing instruction <?{target} ...?>")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        uri, local = _split(name)
        if not self.started and (uri, local) != (SVG, "svg"):
            self.refuse(f'the root element <{_shown(uri, local)}> (an SVG image starts with <svg xmlns="{SVG}">)')
        if uri == SVG:
            if local not in ELEMENTS:
                self.refuse(f"the element <{local}>, which is not one that an image may have")
        elif uri not in METADATA:
            self.refuse(f"the element <{_shown(uri, local)}>, of another namespace than SVG")
        for key, value in attributes.items():
            self.attribute(uri, local, key, value)
        self.started = True
        if (uri, local) == (SVG, "style"):
            if self.style is not None:  # a browser reads the outer <style>'s own text: never this split
                self.refuse("a <style> inside a <style>, whose text a browser reads apart from the inner one")
            self.style = []

    def attribute(self, element_uri: str, element: str, key: str, value: str) -> None:
        uri, local = _split(key)
        lower = _lower(local)
        shown = f"{_shown(uri, local)}= on <{_shown(element_uri, element)}>"
        if lower.startswith("on"):
            self.refuse(f"the event attribute {shown}")
        if uri in METADATA or uri == "" and element_uri in METADATA:
            return  # an editor's data (inkscape:label=, rdf:about=), which no browser acts on
        if "href" in lower and uri in ("", XLINK):
            target = value.strip()
            if not target.startswith("#") and not (
                element_uri == SVG and element in ("image", "feImage") and _DATA_IMAGE.match(target)
            ):
                self.refuse(
                    f'the link {_shown(uri, local)}="{target[:60]}" on <{element}>, which leads outside '
                    "the file (a reference in an SVG image names an #id of the same file)"
                )
            return
        if uri == XLINK and local in XLINK_ATTRIBUTES or uri == XML and local in XML_ATTRIBUTES:
            return
        if uri != "" or lower not in ATTRIBUTES and not lower.startswith(("aria-", "data-")):
            self.refuse(f"the attribute {shown}, which is not one that an image may have")
        if element in ANIMATIONS and lower == "attributename":
            animated = _lower(value.strip().rpartition(":")[2])
            if "href" in animated or animated.startswith("on") or animated not in ATTRIBUTES:
                self.refuse(f"an animation that sets {value.strip()[:40]!r} (<{element} attributeName=...>)")
        if lower not in PLAIN and not lower.startswith(("aria-", "data-")):
            problem = css_problem(value)
            if problem is not None:
                self.refuse(f"{problem} (in {shown})")

    def end(self, name: str) -> None:
        if self.style is not None and _split(name) == (SVG, "style"):
            problem = css_problem("".join(self.style))
            self.style = None
            if problem is not None:
                self.refuse(f"{problem} (in <style>)")

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)


def svg_problem(data: bytes) -> Finding | None:
    """What in this SVG image is not on the allow-list (the first thing found), or None."""
    if len(data) > MAX_SVG_BYTES:
        return Finding(f"more than {MAX_SVG_BYTES // 1_000_000} MB, more than a drawing needs", None)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Finding("UTF-16 text (an SVG image of the site is UTF-8)", None)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Finding(f"bytes that are not UTF-8 (at byte {exc.start})", None)
    reader = _Reader()
    try:
        reader.parser.Parse(data, True)
    except _Refused as exc:
        return Finding(exc.what, reader.parser.CurrentLineNumber)
    except expat.ExpatError as exc:
        return Finding(f"XML that does not parse ({expat.errors.messages[exc.code]})", exc.lineno)
    return None
