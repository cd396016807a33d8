"""The package's layers, read from its imports with `ast`: every arrow points down.

Each folder of src/policykit is a layer, and a module imports only from its own layer and the
layers below it (the order is the one policykit/__init__.py draws). Only cli.py knows click,
and only adapter/ knows MkDocs, Material and mkdocs-static-i18n: the core stays usable without
them (the `policy` command, another MkDocs continuation).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "policykit"

#: From the bottom up.
LAYERS = ["text", "words", "render", "record", "project", "pages", "commands", "importing", "adapter", "cli"]

#: Third-party packages that only one layer may import.
ONLY = {"click": "cli", "mkdocs": "adapter", "material": "adapter", "mkdocs_static_i18n": "adapter"}


def layer(module: str) -> str:
    """`policykit.text.model` -> "text"; `policykit.cli` -> "cli"; the package itself -> ""."""
    parts = module.split(".")[1:]
    return parts[0] if parts else ""


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) of every import in the file, relative ones made absolute."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [
                (node.lineno, f"{name}.{alias.name}") for alias in node.names if f"{name}.{alias.name}" in MODULES
            ]
    return found


MODULES = modules()


def test_every_module_is_in_a_layer():
    strays = [m for m in MODULES if layer(m) not in LAYERS and m != "policykit"]
    assert not strays, f"add these to a layer folder, or the folder to LAYERS: {strays}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    path, here = MODULES[module], layer(module)
    wrong = []
    for line, name in imports(module, path):
        top = name.split(".")[0]
        if top in ONLY and here != ONLY[top]:
            wrong.append(f"{path.name}:{line}: {name} (only {ONLY[top]} may import {top})")
        if top != "policykit" or not here:
            continue
        there = layer(name)
        if there and LAYERS.index(there) > LAYERS.index(here):
            wrong.append(f"{path.name}:{line}: {name} ({here} is below {there})")
    assert not wrong, "imports that run back up:\n" + "\n".join(wrong)


def test_the_check_sees_a_wrong_arrow(tmp_path):
    """The reader above finds an upward import: it is not a test that cannot fail."""
    path = tmp_path / "model.py"
    path.write_text("from ..pages import base\nfrom policykit.adapter import plugin\nimport click\n")
    names = [name for _, name in imports("policykit.text.model", path)]
    assert "policykit.pages" in names and "policykit.adapter" in names and "click" in names


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each set of modules that import each other round a circle, sorted, once."""
    reach = {}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo += graph.get(module, ())
        reach[start] = seen
    found: list[list[str]] = []
    for start in sorted(graph):
        circle = sorted(m for m in reach[start] if start in reach.get(m, ()))
        if circle and circle not in found:
            found.append(circle)
    return found


def test_no_module_imports_itself_round_a_circle():
    """Within a layer too, the arrows point one way: two modules that import each other (even
    for a type only) are one concern in two files, or share a piece that belongs below both."""
    packages = {m for m, p in MODULES.items() if p.name == "__init__.py"}
    graph = {
        m: {name for _, name in imports(m, p) if name in MODULES and name not in packages and name != m}
        for m, p in MODULES.items()
    }
    assert not cycles(graph), f"modules that import each other: {cycles(graph)}"


def test_the_check_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": set()}
    assert cycles(graph) == [["a", "b", "c"]]


#: Lines a module may have: past about this many, a module holds more than one concern, and is
#: split by concern (a table from its reader, a plan from its writing), never by line count.
MAX_MODULE_LINES = 500


def test_no_module_is_over_about_500_lines():
    long = {
        m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines, to split by concern: {long}"
