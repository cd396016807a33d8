"""The Python-Markdown extension that renders what the parser found, and sanitises what editors wrote.

`render.document_markdown` puts a marker paragraph before each unit; this extension's
Treeprocessor turns the run of elements after each marker into the unit's element:

    <div class="policy-preamble" id="s0">...</div>
    <section class="policy-section" aria-labelledby="s1"><h2 id="s1">1. Title</h2>
      <div class="policy-clause" id="s1-d"><p><a class="policy-label" href="#s1-d">d.</a> ...</p>
        <div class="policy-subclause" id="s1-d-1"><p><a ... href="#s1-d-1">(1)</a> ...</p></div>
      </div>
    </section>

The visible label of every clause and sub-clause is its permalink; section headings get the
`toc` extension's permalink.

Every page is text an editor wrote (the policy, a hand-written docs page), unless it starts
with `render.GENERATED` (the changelog, the version list, the redlines: the generator writes
them whole and escapes every string from the policy where it writes it). On text pages:

1. `_Authored` (after attr_list) strips what the text may not set (see sanitise.py): ids,
   `policy-*`/`md-*` classes and the like, as `{: #s5-c }` writes them; on the policy's text
   (a page with unit markers), every class and every attribute that hides words, whoever set
   it: attr_list, an extension that names a class after the text (an admonition's kind), or
   raw HTML that md_in_html put in the tree;
2. the structure and `toc` then give units and headings their ids and classes, and
   `_Trusted` marks the ids and classes of this generated tree with `sanitise.TRUST` before
   raw HTML is put back (on the policy's text, every class then in the tree is the code's);
3. `SanitisePostprocessor` runs the finished HTML through the allow-list, which keeps only
   marked values (`record` on the policy's text: no class or hiding attribute from the
   editor's raw HTML, every `<details>` open); then the generator's own blocks (banners,
   notes, cached section bodies) go in where their markers stood (render/prerendered.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from policykit.render import prerendered
from policykit.render.markdown import GENERATED, MARK_CLOSE, MARK_OPEN
from policykit.text.numbering import Numbering
from policykit.text.sanitise import HIDING, RESERVED_ATTRIBUTE, RESERVED_CLASS, heading_id, sanitise, trusted

#: The scheme whose citations policy-anchors.js computes from the anchor itself.
DEFAULT = Numbering()
_DEPTH = {"preamble": 1, "section": 1, "clause": 2, "subclause": 3}

_OWN_CHARACTERS = re.compile("[\ue000-\ue003]")
_TAG = {"preamble": "div", "section": "section", "clause": "div", "subclause": "div"}
#: Ids that the footnotes extension makes (`fn:1`, `fnref:1`, `fnref2:1`): never a unit's or the theme's.
_FOOTNOTE_ID = re.compile(r"^fn(?:ref\d*)?:")
_START_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_CITE_ATTR = re.compile(r'(\sdata-policy-cite=")')
_ID_ATTR = re.compile(r'(\sid=")')
#: On the policy's text: the hiding attributes the generator sets (a section's aria-labelledby).
_HIDING_ATTR = re.compile(r"(\s(?:" + "|".join(sorted(HIDING)) + ')=")')
_CLASS_ATTR = re.compile(r'(\sclass=")([^"]*)(")')


def _marker(element: etree.Element) -> tuple[str, str, list[str], str, str, str] | None:
    """(kind, id, aliases, label, language, citation) of a marker paragraph (see `markdown.marker`); kind
    "end" closes units up to id ("*": all)."""
    text = element.text or ""
    if element.tag != "p" or len(element) or not (text.startswith(MARK_OPEN) and text.endswith(MARK_CLOSE)):
        return None
    parts = text[1:-1].split(" ", 6)
    if len(parts) not in (3, 4, 7) or parts[0] != "policy" or parts[1] not in (*_DEPTH, "end", "text"):
        return None
    aliases = parts[3].split(",") if len(parts) > 3 and parts[3] != "-" else []
    label, lang, cite = (parts[4], parts[5], parts[6]) if len(parts) == 7 else (_label(parts[1], parts[2]), "-", "")
    return parts[1], parts[2], aliases, label, "" if lang == "-" else lang, cite


def _block(element: etree.Element) -> str | None:
    """The key of a paragraph that names a block rendered before (render/prerendered.py), or None."""
    if element.tag != "p" or len(element) or not element.text:
        return None
    return prerendered.key_of(element.text)


def _marked(element: etree.Element) -> bool:
    """Whether `element` is a marker the generator wrote: a unit's or a block's."""
    return _marker(element) is not None or _block(element) is not None


def _label(kind: str, unit_id: str) -> str:
    """The default scheme's label, for a marker that does not carry one."""
    last = unit_id.rsplit("-", 1)[-1]
    return f"({last})" if kind == "subclause" else f"{last}."


class PolicyTreeprocessor(Treeprocessor):
    """Nests the elements that follow each marker into the unit's element."""

    found = False

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.issued: set[str] = set()  # keys of the blocks this page may put in

    def run(self, root: etree.Element) -> None:
        self.issued = set()
        children = list(root)
        self.found = any(_marked(child) for child in children)
        if not self.found:
            return
        for child in children:
            root.remove(child)
        stack: list[tuple[int, etree.Element, str]] = []
        for child in children:
            key = _block(child)
            if key is not None:  # a block rendered (and sanitised) before: put in at the end
                holder = etree.Element("p")
                holder.text = prerendered.placeholder(key)
                self.issued.add(key)
                (stack[-1][1] if stack else root).append(holder)
                continue
            found = _marker(child)
            if found is None:
                (stack[-1][1] if stack else root).append(child)
                continue
            kind, unit_id, aliases, label, lang, cite = found
            if kind == "text":  # says only that the page is the policy's text (render.TEXT)
                continue
            if kind == "end":  # what follows belongs to `unit_id` again, after its children
                while stack and unit_id != stack[-1][2]:
                    stack.pop()
                continue
            while stack and stack[-1][0] >= _DEPTH[kind]:
                stack.pop()
            element = etree.SubElement(stack[-1][1] if stack else root, _TAG[kind], {"class": f"policy-{kind}"})
            if kind == "section":
                element.set("aria-labelledby", unit_id)
            else:
                element.set("id", unit_id)
            for alias in aliases:  # an anchor that moved here: a real element, no script needed
                etree.SubElement(element, "span", {"id": alias, "class": "policy-alias"})
            stack.append((_DEPTH[kind], element, unit_id))
            element.set("data-unit", unit_id)
            if lang:  # the authoritative text, standing in for a translation it lacks
                element.set("lang", lang)
            if kind in ("clause", "subclause"):
                element.set("data-label", label)
                if cite:
                    element.set("data-cite", cite)
        for element in root.iter():
            self._finish(element)

    def _finish(self, element: etree.Element) -> None:
        unit_id = element.get("data-unit")
        if unit_id is None:
            return
        del element.attrib["data-unit"]
        label = element.attrib.pop("data-label", None)
        kind = element.get("class", "").removeprefix("policy-")
        if kind == "section":
            heading = next((c for c in element if c.tag == "h2"), None)
            if heading is not None:
                heading.set("id", unit_id)
        elif kind in ("clause", "subclause"):
            self._insert_label(element, kind, unit_id, label, element.attrib.pop("data-cite", None))

    @staticmethod
    def _insert_label(element: etree.Element, kind: str, unit_id: str, label: str | None, cite: str | None) -> None:
        link = etree.Element("a", {"class": "policy-label", "href": f"#{unit_id}"})
        if cite and cite != DEFAULT.cite(unit_id):  # the copy button's name (policy-anchors.js)
            link.set("data-policy-cite", cite)
        link.text = label or _label(kind, unit_id)
        content = [c for c in element if c.get("class") != "policy-alias"]
        first = content[0] if content else None
        if first is None or first.tag != "p" or first.get("class"):
            first = etree.Element("p")
            element.insert(len(element) - len(content), first)
        link.tail = (" " + first.text) if first.text else (" " if len(first) else None)
        first.text = None
        first.insert(0, link)


class _SafeSlug:
    """`toc`'s slugify, kept from the theme's ids and from the forms of the policy's anchors in
    each of the site's numbering schemes (sanitise.heading_id). `policy_safe` marks it, so that
    a toc run on several pages wraps its slugify once."""

    policy_safe = True

    def __init__(self, slugify: Callable[[str, str], str], schemes: tuple[Numbering, ...]) -> None:
        self.slugify, self.schemes = slugify, schemes

    def __call__(self, value: str, separator: str) -> str:
        return heading_id(self.slugify(value, separator), self.schemes)


def _safe_slug(slugify: Callable[[str, str], str], schemes: tuple[Numbering, ...]) -> Callable[[str, str], str]:
    return slugify if getattr(slugify, "policy_safe", False) else _SafeSlug(slugify, schemes)


class _Authored(Treeprocessor):
    """Strips, from the tree the text made, the attributes it may not set (sanitise.py)."""

    def __init__(self, md: Markdown, state: _State, schemes: tuple[Numbering, ...]):
        super().__init__(md)
        self.state, self.schemes = state, schemes

    def run(self, root: etree.Element) -> None:
        # Every page's heading slugs, the generator's too: its headings hold the site's words.
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None  # noqa: SIM401 (a Registry has no get)
        if toc is not None and hasattr(toc, "slugify"):
            toc.slugify = _safe_slug(toc.slugify, self.schemes)
        first = root[0] if len(root) else None
        self.state.generated = first is not None and first.tag == "p" and first.text == GENERATED
        self.state.record = False
        if first is not None and self.state.generated:
            root.remove(first)
            return
        # The policy's text: a page of units (render.document_markdown), a clause or a
        # section's own text rendered apart (sections.py, markdown.TEXT).
        record = self.state.record = any(_marked(child) for child in root)
        footnotes = self.state.footnotes
        for element in root.iter():
            for name in list(element.attrib):
                value = element.attrib[name]
                if (
                    name == "id"
                    and footnotes.get(id(element)) != value
                    or RESERVED_ATTRIBUTE.match(name)
                    or record
                    and (name == "class" or name in HIDING)
                ):
                    del element.attrib[name]
                elif name == "class":
                    kept = [c for c in value.split() if not RESERVED_CLASS.match(c)]
                    if kept:
                        element.set("class", " ".join(kept))
                    else:
                        del element.attrib[name]


class _Footnotes(Treeprocessor):
    """Notes the ids that the footnotes extension gave its references and notes (`fnref:1` on
    a <sup>, `fn:1` on an <li>), before attr_list (8) can set any: `_Authored` keeps those."""

    def __init__(self, md: Markdown, state: _State):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        self.state.footnotes = {}
        if "footnote" not in self.md.treeprocessors:
            return
        for element in root.iter():
            value = element.get("id")
            if value and element.tag in ("sup", "li") and _FOOTNOTE_ID.match(value):
                self.state.footnotes[id(element)] = value


class _Trusted(Postprocessor):
    """Marks the ids and classes of the generated tree (the raw HTML is not back yet)."""

    def __init__(self, md: Markdown, state: _State):
        super().__init__(md)
        self.state = state

    def run(self, text: str) -> str:
        if self.state.generated or "<" not in text:
            return text
        return _START_TAG.sub(self._mark_record if self.state.record else self._mark, text)

    @staticmethod
    def _mark(match: re.Match) -> str:
        tag = _ID_ATTR.sub(lambda m: m.group(1) + trusted(""), match.group(0))
        tag = _CITE_ATTR.sub(lambda m: m.group(1) + trusted(""), tag)
        return _CLASS_ATTR.sub(
            lambda m: (
                m.group(1)
                + " ".join(trusted(c) if RESERVED_CLASS.match(c) else c for c in m.group(2).split())
                + m.group(3)
            ),
            tag,
        )

    @staticmethod
    def _mark_record(match: re.Match) -> str:
        """The policy's text: `_Authored` left no class and no hiding attribute in the tree,
        so each one here is the code's (the structure's, toc's permalinks)."""
        tag = _ID_ATTR.sub(lambda m: m.group(1) + trusted(""), match.group(0))
        tag = _CITE_ATTR.sub(lambda m: m.group(1) + trusted(""), tag)
        tag = _HIDING_ATTR.sub(lambda m: m.group(1) + trusted(""), tag)
        return _CLASS_ATTR.sub(
            lambda m: m.group(1) + " ".join(trusted(c) for c in m.group(2).split()) + m.group(3), tag
        )


class _State:
    """Per document: whether the generator wrote the page whole, whether it is the policy's
    text (the record: `sanitise(record=True)`); the footnotes' own ids."""

    generated = False
    record = False
    footnotes: dict[int, str] = {}


class SanitisePostprocessor(Postprocessor):
    """Runs last: the allow-list over the finished HTML of every text page."""

    def __init__(self, md: Markdown, tree: PolicyTreeprocessor, state: _State):
        super().__init__(md)
        self.tree, self.state = tree, state

    def run(self, text: str) -> str:
        if self.state.generated:  # escaped where it was written; its large blocks go in whole
            return self._put_back(text) if prerendered.has_placeholders(text) else text
        # Python-Markdown's toc also runs postprocessors on every heading's text: skip what
        # cannot hold a tag.
        if "<" in text or prerendered.has_placeholders(text):
            text = sanitise(text, record=self.state.record)
        # The generator's blocks (and sections rendered and sanitised before) go in after the
        # page's own HTML is sanitised, each where its marker stood: an archive page does not
        # sanitise its whole text again, and the generator's markup is not judged as text.
        return _OWN_CHARACTERS.sub("", self._put_back(text))

    def _put_back(self, text: str) -> str:
        return prerendered.substitute(text, self.tree.issued)


class PolicyExtension(Extension):
    """Registers the structure Treeprocessor and the sanitiser.

    `numbering`: the site's numbering schemes (`Numbering.code`, `A.|1.1|(i)`), of its text and
    of its history, whose anchors' forms no heading may take; the default scheme's always."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"numbering": [[], "the site's numbering schemes, as Numbering.code writes them"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        schemes = tuple(Numbering.from_code(code) for code in self.getConfig("numbering"))
        state = _State()
        tree = PolicyTreeprocessor(md)
        # 7.5: after attr_list (8) has set what `{: ...}` writes, before the structure (7)
        # and toc (5) set the ids the generator means.
        # 8.5: after the inline patterns (20) and footnotes (50) have set their ids, before
        # attr_list (8) sets the text's.
        md.treeprocessors.register(_Footnotes(md, state), "policy_footnotes", 8.5)
        md.treeprocessors.register(_Authored(md, state, schemes), "policy_authored", 7.5)
        # 7: before toc (5), so that toc sees the section ids (s1, s3a) instead of making
        # slugs from the titles.
        md.treeprocessors.register(tree, "policy_structure", 7)
        # 31: on the serialised tree, before raw HTML is put back (30).
        md.postprocessors.register(_Trusted(md, state), "policy_trusted", 31)
        # 5: after raw HTML is put back (30) and entities are restored (20): sanitise the
        # final HTML, including what editors wrote as raw HTML.
        md.postprocessors.register(SanitisePostprocessor(md, tree, state), "policy_sanitise", 5)


def makeExtension(**kwargs: Any) -> PolicyExtension:  # noqa: N802 (Python-Markdown's API)
    return PolicyExtension(**kwargs)
