"""The package's layers, read from its imports with `ast`: every arrow points down.

Each folder of src/policykit is a layer, and a module imports only from its own layer and the
layers below it (the order is the one policykit/__init__.py draws). Only cli.py knows click,
and only adapter/ knows MkDocs, Material and mkdocs-static-i18n: the core stays usable without
them (the `policy` command, another MkDocs continuation).
"""

from __future__ import annotations

import ast
import re
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


#: The calls that find or load a module by its name, as a string: knowing the package as much
#: as an import does (`importlib.util.find_spec("material")`).
BY_NAME = {"find_spec", "import_module", "__import__"}


def named(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every call in BY_NAME whose first argument is a module's name written
    out, such as find_spec("material") or importlib.import_module("mkdocs.config")."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            first = node.args[0]
            if name in BY_NAME and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def wrong_arrows(module: str, path: Path) -> list[str]:
    """`file:line: module (why)` for each import of the file that runs back up a layer, and each
    import or lookup by name (`named`) of a package that another layer alone may know."""
    here = layer(module)
    wrong = []
    for line, name in imports(module, path) + named(path):
        top = name.split(".")[0]
        if top in ONLY and here != ONLY[top]:
            wrong.append(f"{path.name}:{line}: {name} (only {ONLY[top]} may import {top})")
        if top != "policykit" or not here:
            continue
        there = layer(name)
        if there and LAYERS.index(there) > LAYERS.index(here):
            wrong.append(f"{path.name}:{line}: {name} ({here} is below {there})")
    return sorted(wrong, key=lambda entry: int(entry.split(":")[1]))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    wrong = wrong_arrows(module, MODULES[module])
    assert not wrong, "imports that run back up:\n" + "\n".join(wrong)


def test_the_check_sees_a_wrong_arrow(tmp_path):
    """The verdict above flags an upward import and a package known outside its layer, by an
    import or by its name: it is not a test that cannot fail."""
    path = tmp_path / "model.py"
    path.write_text(
        "import importlib\n"
        "from ..pages import base\n"
        "from policykit.adapter import plugin\n"
        "import click\n"
        "from policykit.text import checks\n"
        'spec = importlib.util.find_spec("material")\n'
        'config = importlib.import_module("mkdocs.config")\n'
    )
    assert wrong_arrows("policykit.text.model", path) == [
        "model.py:2: policykit.pages (text is below pages)",
        "model.py:3: policykit.adapter (text is below adapter)",
        "model.py:3: policykit.adapter.plugin (text is below adapter)",
        "model.py:4: click (only cli may import click)",
        "model.py:6: material (only adapter may import material)",
        "model.py:7: mkdocs.config (only adapter may import mkdocs)",
    ]


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


#: The manual's map of the layers, for contributors.
ARCHITECTURE = PACKAGE.parent.parent / "docs" / "manual" / "architecture.md"


def layer_map(text: str) -> dict[str, set[str]]:
    """The `.py` names the map of the layers (the ```text block that starts `src/policykit/`)
    names under each folder, by folder ("" for the package's top, such as cli.py). A folder's
    part runs from its line (`  adapter/`) to the next folder's, or to the first line of the
    block that is not indented (`hooks/policy.py`: outside the package)."""
    block = text.split("```text\nsrc/policykit/", 1)[1].split("```", 1)[0]
    named: dict[str, set[str]] = {"": set()}
    folder = ""
    for line in block.splitlines()[1:]:
        if line and not line.startswith(" "):
            break
        heading = re.match(r"  (\w+)/", line)
        if heading:
            folder = heading.group(1)
            named.setdefault(folder, set())
        named[folder].update(re.findall(r"\b\w+\.py\b", line))
    return named


def map_problems(named: dict[str, set[str]], files: set[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(missing, stale): the modules (folder, file name) that the map does not name in their
    folder's part, and the names in the map that are no module of the package (a description
    may name a module of another folder: `cli.py prints`)."""
    missing = sorted(f"{folder}/{name}".lstrip("/") for folder, name in files if name not in named.get(folder, ()))
    everywhere = {name for _, name in files}
    stale = sorted({name for names in named.values() for name in names} - everywhere)
    return missing, stale


def test_the_manual_maps_every_module_in_its_layer():
    """docs/manual/architecture.md names each module under its own folder, and no module that
    the package does not have: the map a contributor reads is the package as it is."""
    files = {(p.parent.name if p.parent != PACKAGE else "", p.name) for p in MODULES.values()}
    missing, stale = map_problems(
        layer_map(ARCHITECTURE.read_text(encoding="utf-8")),
        {(folder, name) for folder, name in files if name != "__init__.py"},
    )
    assert not missing, f"{ARCHITECTURE.name} does not name these modules in their folder's part of the map: {missing}"
    assert not stale, f"{ARCHITECTURE.name} names modules that the package does not have: {stale}"


def test_the_map_check_sees_a_missing_and_a_stale_module():
    text = "```text\nsrc/policykit/\n  cli.py  the command\n  text/\n    parser.py  the parser; gone.py\n\nhooks/policy.py\n```\n"
    named = layer_map(text)
    assert named == {"": {"cli.py"}, "text": {"parser.py", "gone.py"}}
    files = {("", "cli.py"), ("text", "parser.py"), ("text", "model.py")}
    assert map_problems(named, files) == (["text/model.py"], ["gone.py"])
