"""Which values of the configuration a set of Jinja templates prints, found by reading the
templates with Jinja's own parser: `{{ config.x }}`, `{{ config.extra.y | d(z) | url }}`, a
value bound with `{% set v = config... %}` or `{% for s in config.extra.social %}` and printed
later (`{{ s.link }}`), a macro's parameter given a config value (`render(config.x)`), and a
template named by one (`{% include ".icons/" ~ config.theme.icon.menu ~ ".svg" %}`).

A value's path is a tuple of keys, `*` for an item or key not known until the build
(`("extra", "social", "*", "link")`). Names are followed across all the templates at once (a
variable set in one template is seen by the ones it includes), so that the result may hold a
few paths too many, never one too few.

Each use is said with its sink: `url` (an href or src, or through the `url` and `script_tag`
filters), `code` (inside a <script> or <style>), `template` (names a template to include or
import), `html` (anywhere else in the page), or `escaped` (through a filter whose result is
escaped or a number: `e`, `tojson`, `urlencode`, `length`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import nodes

#: Filters whose result needs no escaping: escaped text, JSON safe in HTML, a number.
ESCAPING = {"e", "escape", "forceescape", "tojson", "urlencode", "length", "count", "int", "float", "wordcount",
            "abs", "round", "filesizeformat"}
#: Filters that make a value a URL the page links or loads.
URL_FILTERS = {"url", "script_tag"}
#: Filters whose result is one item of the value.
ITEM_FILTERS = {"first", "last", "random", "min", "max"}
_URL_ATTRIBUTE = re.compile(r"""(?:href|src|action|formaction|poster|data|srcset)\s*=\s*["']?[^"'<>\s]*$""", re.I)
_CODE = re.compile(r"<(script|style)\b[^>]*>(?:(?!</\1).)*$", re.I | re.S)
#: Names that MkDocs gives every template from the configuration (mkdocs/commands/build.py).
SEEDS = {"config": {()}, "extra_css": {("extra_css",)}, "extra_javascript": {("extra_javascript",)}}
MAX_DEPTH = 8


@dataclass(frozen=True)
class Use:
    template: str
    line: int
    sink: str


@dataclass
class Flow:
    seeds: dict[str, set[tuple]] = field(default_factory=lambda: dict(SEEDS))
    names: dict[str, set[tuple]] = field(default_factory=dict)
    uses: dict[tuple, set[Use]] = field(default_factory=dict)
    macros: dict[str, nodes.Macro] = field(default_factory=dict)
    changed: bool = True

    # Names -------------------------------------------------------------------------------------

    def bind(self, name: str, paths: set[tuple]) -> None:
        paths = {_normal(p) for p in paths}
        old = self.names.setdefault(name, set())
        if not paths <= old:
            old |= paths
            self.changed = True

    def bind_target(self, target: nodes.Node, paths: set[tuple]) -> None:
        if isinstance(target, nodes.Name):
            self.bind(target.name, paths)
        elif isinstance(target, nodes.NSRef):
            self.bind(f"{target.name}.{target.attr}", paths)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind_target(item, paths)

    # Expressions -------------------------------------------------------------------------------

    def refs(self, node: nodes.Node) -> set[tuple]:
        """The config paths whose value may flow into the value of expression `node`."""
        if isinstance(node, nodes.Name):
            return set(self.seeds.get(node.name, set())) | set(self.names.get(node.name, set()))
        if isinstance(node, nodes.NSRef):
            return set(self.names.get(f"{node.name}.{node.attr}", set()))
        if isinstance(node, nodes.Getattr):
            if isinstance(node.node, nodes.Name) and f"{node.node.name}.{node.attr}" in self.names:
                return set(self.names[f"{node.node.name}.{node.attr}"])  # a namespace's attribute
            return {(*p, node.attr) for p in self.refs(node.node)}
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Slice):
                return self.refs(node.node)
            key = node.arg.value if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) else "*"
            return {(*p, key) for p in self.refs(node.node)}
        if isinstance(node, nodes.Filter):
            inner = self.refs(node.node) if node.node is not None else set()
            if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const):
                return {(*p, node.args[0].value) for p in inner}
            if node.name in ITEM_FILTERS:
                return {(*p, "*") for p in inner}
            for arg in [*node.args, *(k.value for k in node.kwargs)]:
                inner |= self.refs(arg)
            return inner
        if isinstance(node, (nodes.Test, nodes.Compare, nodes.Not)):
            return set()  # a boolean
        if isinstance(node, nodes.CondExpr):
            return self.refs(node.expr1) | (self.refs(node.expr2) if node.expr2 is not None else set())
        if isinstance(node, nodes.Call):
            found = self.refs(node.node.node) if isinstance(node.node, nodes.Getattr) else set()  # x.split(...)
            for arg in [*node.args, *(k.value for k in node.kwargs)]:
                found |= self.refs(arg)
            return found
        found: set[tuple] = set()
        for child in node.iter_child_nodes():
            found |= self.refs(child)
        return found

    def printed(self, node: nodes.Node, context: str) -> dict[tuple, str]:
        """The config paths that printing `node` in `context` (the page's text before it) shows,
        each with its sink."""
        if isinstance(node, nodes.Filter) and node.name in ESCAPING:
            return dict.fromkeys(self.refs(node.node), "escaped")
        if isinstance(node, nodes.Filter) and node.name in URL_FILTERS:
            found = dict.fromkeys(self.refs(node.node), "url")
            for arg in [*node.args, *(k.value for k in node.kwargs)]:
                found.update(dict.fromkeys(self.refs(arg), "html"))
            return found
        if isinstance(node, nodes.Filter) and node.name in ("d", "default") and node.node is not None:
            found = self.printed(node.node, context)
            for arg in node.args:
                found.update(self.printed(arg, context))
            return found
        sink = "code" if _CODE.search(context) else "url" if _URL_ATTRIBUTE.search(context[-300:]) else "html"
        return dict.fromkeys(self.refs(node), sink)

    def use(self, paths: dict[tuple, str], template: str, line: int) -> None:
        for path, sink in paths.items():
            self.uses.setdefault(_normal(path), set()).add(Use(template, line, sink))

    # Statements --------------------------------------------------------------------------------

    def walk(self, node: nodes.Node, template: str, text: list[str]) -> None:
        """`text`: the template's literal text so far (for the context of what it prints)."""
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    text.append(child.data)
                else:
                    self.use(self.printed(child, "".join(text[-20:])), template, child.lineno)
                    self.calls(child)
            return
        if isinstance(node, nodes.Assign):
            self.bind_target(node.target, self.refs(node.node))
            self.calls(node.node)
            return
        if isinstance(node, nodes.For):
            self.bind_target(node.target, {(*p, "*") for p in self.refs(node.iter)})
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.use(dict.fromkeys(self.refs(node.template), "template"), template, node.lineno)
        if isinstance(node, nodes.ExprStmt):  # {% do ... %}
            self.calls(node.node)
        for child in node.iter_child_nodes():
            self.walk(child, template, text)

    def calls(self, node: nodes.Node) -> None:
        """A macro's parameters take what its calls give them."""
        for call in node.find_all(nodes.Call):
            macro = self.macros.get(call.node.name) if isinstance(call.node, nodes.Name) else None
            if macro is not None:
                for parameter, argument in zip(macro.args, call.args):
                    self.bind(parameter.name, self.refs(argument))


def _normal(path: tuple) -> tuple:
    """`*` once for any run of unknown keys (`palette | first` of a list of palettes), and
    no deeper than MAX_DEPTH: a name bound from itself would grow its paths for ever."""
    out: list = []
    for part in path:
        if not (part == "*" and out and out[-1] == "*"):
            out.append(part)
    return tuple(out[:MAX_DEPTH])


def templates(*folders: Path) -> dict[str, str]:
    """Every template of the folders (`*.html`), by name: a later folder's template replaces an
    earlier one's of the same name, as a theme's override does."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            found[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
    return found


def analyse(sources: dict[str, str], seeds: dict[str, set[tuple]] | None = None) -> Flow:
    """The uses of config values in `sources` (name -> template text), after following every
    name until nothing changes. `seeds`: the names whose values are followed (SEEDS)."""
    env = jinja2.Environment()
    trees = {name: env.parse(text) for name, text in sources.items()}
    flow = Flow(seeds=dict(SEEDS if seeds is None else seeds))
    for tree in trees.values():
        for macro in tree.find_all(nodes.Macro):
            flow.macros[macro.name] = macro
    while flow.changed:
        flow.changed = False
        flow.uses = {}
        for name, tree in trees.items():
            flow.walk(tree, name, [])
    return flow
