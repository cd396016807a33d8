"""The Python-Markdown extension that renders what the parser found.

`render.document_markdown` puts a marker paragraph before each unit; this extension's
Treeprocessor turns the run of elements after each marker into the unit's element:

    <div class="policy-preamble" id="s0">...</div>
    <section class="policy-section" aria-labelledby="s1"><h2 id="s1">1. Title</h2>
      <div class="policy-clause" id="s1-d"><p><a class="policy-label" href="#s1-d">d.</a> ...</p>
        <div class="policy-subclause" id="s1-d-1"><p><a ... href="#s1-d-1">(1)</a> ...</p></div>
      </div>
    </section>

The visible label of every clause and sub-clause is its permalink; section headings get the
`toc` extension's permalink. A policy page (one with markers) is then sanitised by an
allow-list, so raw HTML in the policy never brings scripts, styles or event attributes.
Pages without markers (the hand-written docs) pass through untouched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from .render import MARK_CLOSE, MARK_OPEN
from .sanitise import sanitise

_DEPTH = {"preamble": 1, "section": 1, "clause": 2, "subclause": 3}

#: Finished HTML of section bodies by content key (see cache.SectionCache): a marker
#: `policy html KEY` puts it in the page without Python-Markdown parsing it again.
PRERENDERED: dict[str, str] = {}
TOKEN_OPEN, TOKEN_CLOSE = "\ue002", "\ue003"
_TOKEN = re.compile(f"<p>{TOKEN_OPEN}([0-9a-f]+){TOKEN_CLOSE}</p>")
_TAG = {"preamble": "div", "section": "section", "clause": "div", "subclause": "div"}


def _marker(element: etree.Element) -> tuple[str, str, list[str]] | None:
    """(kind, id, aliases) of a marker paragraph; kind "end" closes units up to id ("*": all)."""
    text = element.text or ""
    if element.tag != "p" or len(element) or not (text.startswith(MARK_OPEN) and text.endswith(MARK_CLOSE)):
        return None
    parts = text[1:-1].split(" ")
    if len(parts) not in (3, 4) or parts[0] != "policy" or parts[1] not in (*_DEPTH, "end", "html"):
        return None
    return parts[1], parts[2], parts[3].split(",") if len(parts) == 4 else []


def _label(kind: str, unit_id: str) -> str:
    last = unit_id.rsplit("-", 1)[-1]
    return f"({last})" if kind == "subclause" else f"{last}."


class PolicyTreeprocessor(Treeprocessor):
    """Nests the elements that follow each marker into the unit's element."""

    found = False

    def run(self, root: etree.Element) -> None:
        children = list(root)
        self.found = any(_marker(child) for child in children)
        if not self.found:
            return
        for child in children:
            root.remove(child)
        stack: list[tuple[int, etree.Element, str]] = []
        for child in children:
            found = _marker(child)
            if found is None:
                (stack[-1][1] if stack else root).append(child)
                continue
            kind, unit_id, aliases = found
            if kind == "html":  # a section body rendered (and sanitised) before: put in at the end
                holder = etree.Element("p")
                holder.text = f"{TOKEN_OPEN}{unit_id}{TOKEN_CLOSE}"
                (stack[-1][1] if stack else root).append(holder)
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
        for element in root.iter():
            self._finish(element)

    def _finish(self, element: etree.Element) -> None:
        unit_id = element.get("data-unit")
        if unit_id is None:
            return
        del element.attrib["data-unit"]
        kind = element.get("class", "").removeprefix("policy-")
        if kind == "section":
            heading = next((c for c in element if c.tag == "h2"), None)
            if heading is not None:
                heading.set("id", unit_id)
        elif kind in ("clause", "subclause"):
            self._insert_label(element, kind, unit_id)

    @staticmethod
    def _insert_label(element: etree.Element, kind: str, unit_id: str) -> None:
        link = etree.Element("a", {"class": "policy-label", "href": f"#{unit_id}"})
        link.text = _label(kind, unit_id)
        content = [c for c in element if c.get("class") != "policy-alias"]
        first = content[0] if content else None
        if first is None or first.tag != "p" or first.get("class"):
            first = etree.Element("p")
            element.insert(len(element) - len(content), first)
        link.tail = (" " + first.text) if first.text else (" " if len(first) else None)
        first.text = None
        first.insert(0, link)


class SanitisePostprocessor(Postprocessor):
    """Runs last, on the finished HTML of policy pages only."""

    def __init__(self, md: Markdown, tree: PolicyTreeprocessor):
        super().__init__(md)
        self.tree = tree

    def run(self, text: str) -> str:
        # Python-Markdown's toc also runs postprocessors on every heading's text: skip what
        # cannot hold a tag.
        if not (self.tree.found and "<" in text):
            return text
        # Sections rendered before were sanitised then; they go in after this page's own
        # HTML is sanitised, so that an archive page does not sanitise its whole text again.
        return _TOKEN.sub(lambda m: PRERENDERED[m.group(1)], sanitise(text))


class PolicyExtension(Extension):
    """Registers the structure Treeprocessor and the sanitiser."""

    def extendMarkdown(self, md: Markdown) -> None:
        tree = PolicyTreeprocessor(md)
        # 7: after attr_list (8), so ids that exist are kept; before toc (5), so that toc
        # sees the section ids (s1, s3a) instead of making slugs from the titles.
        md.treeprocessors.register(tree, "policy_structure", 7)
        # 5: after raw HTML is put back (30) and entities are restored (20): sanitise the
        # final HTML, including what editors wrote as raw HTML.
        md.postprocessors.register(SanitisePostprocessor(md, tree), "policy_sanitise", 5)


def makeExtension(**kwargs) -> PolicyExtension:  # noqa: N802 (Python-Markdown's API)
    return PolicyExtension(**kwargs)
