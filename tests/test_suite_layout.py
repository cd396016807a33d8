"""The test suite's own rules: helpers live in tests/fixtures/, no test module imports another, a
test that builds is marked `build` (tiers.py), and no test clones this repository."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tiers
from building import ROOT, TESTS
from selfsite import COMMITS, DATA, PROJECT_PARTS, lay, make_self_site


def imported_modules(path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, at any depth (imports inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def test_no_test_module_imports_another():
    """What tests share is a helper in tests/fixtures/, never a test module: importing one runs
    its module-level code again under another name and ties the two files' fates together."""
    tests = {path.stem for path in TESTS.glob("test_*.py")}
    found = [
        f"{path.relative_to(ROOT)}:{line}: imports {module} (move what it shares to tests/fixtures/)"
        for path in sorted(TESTS.glob("test_*.py")) + sorted((TESTS / "fixtures").glob("*.py"))
        for line, module in imported_modules(path)
        if module.split(".")[0] in tests
    ]
    assert found == []


def test_helpers_are_in_the_fixtures_folder_and_hold_no_tests():
    assert sorted(path.name for path in TESTS.glob("*.py") if not path.name.startswith("test_")) == ["conftest.py"]
    for path in (TESTS / "fixtures").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [
            node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ], f"{path.name} holds tests: pytest would not run them"


@pytest.mark.parametrize(
    "args, builds",
    [
        ([sys.executable, "-m", "mkdocs", "build", "--strict"], "runs MkDocs"),
        (["/tmp/venv/bin/mkdocs", "serve"], "runs MkDocs"),
        (["/tmp/venv/bin/properdocs", "build", "--strict"], "runs ProperDocs"),
        ([sys.executable, "-m", "build", "--wheel", "/tmp/x"], "builds a wheel"),
        ([sys.executable, "-m", "venv", "/tmp/venv"], "makes a virtual environment"),
        (["/tmp/venv/bin/python", "-m", "pip", "install", "x.whl"], "runs pip"),
        (
            [sys.executable, "-m", "policykit.cli", "lint"],
            "runs the policy command (it reads and renders the whole history, as a build does)",
        ),
        (
            ["/tmp/venv/bin/policy", "lint"],
            "runs the policy command (it reads and renders the whole history, as a build does)",
        ),
        (["git", "commit", "-m", "build"], None),
        (["git", "-C", "/tmp/policy", "log"], None),
    ],
)
def test_what_a_process_builds(args, builds):
    assert tiers.what_it_builds(args) == builds


def test_an_unmarked_test_that_starts_a_build_fails_before_the_process_starts(tmp_path):
    """The audit hook sees every process, however it is started; this test is not marked
    `build`, so starting MkDocs fails it (and no process starts: the hook runs before fork)."""
    assert tiers.current is not None and tiers.current.get_closest_marker("build") is None
    with pytest.raises(AssertionError, match="is not marked `build`: add @pytest.mark.build"):
        subprocess.run([sys.executable, "-m", "mkdocs", "--version"], capture_output=True)
    with pytest.raises(AssertionError, match="is not marked `build`"):
        subprocess.Popen([sys.executable, "-m", "venv", str(tmp_path / "venv")])
    assert not (tmp_path / "venv").exists()


def test_a_marked_test_may_build(request):
    request.node.add_marker(pytest.mark.build)
    tiers.check_process([sys.executable, "-m", "mkdocs", "build"])  # does not raise


def test_no_test_clones_this_repository(tmp_path):
    with pytest.raises(AssertionError, match="clones this repository: build the repository from a fixture"):
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(tmp_path / "clone")], capture_output=True)
    assert not (tmp_path / "clone").exists()


def test_the_markers_are_registered(pytestconfig):
    """--strict-markers makes a misspelt marker an error; the two tiers are declared."""
    declared = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert {"build", "browser"} <= declared
    assert "--strict-markers" in pytestconfig.getini("addopts")


def test_an_editors_change_to_the_policy_is_committed_on_top_of_the_fixtures(tmp_path):
    """An editor's pull request changes policy/ and nothing in tests/: the fixture history takes
    the change as one more commit, so the suite builds the new version as published. A checkout
    whose policy/ is the last fixture's gets the fixture history alone."""
    root = tmp_path / "checkout"
    for part in PROJECT_PARTS:
        lay(ROOT / part, root / part)
    shutil.rmtree(root / "policy")
    for folder, _, _ in COMMITS:  # policy/ exactly as the last published fixture has it
        lay_folder = DATA / folder
        for file in sorted(lay_folder.rglob("*")):
            if file.is_file():
                lay(file, root / "policy" / file.relative_to(lay_folder))

    def subjects(site: Path) -> list[str]:
        return subprocess.run(
            ["git", "log", "--format=%s", "-2"], cwd=site, capture_output=True, text=True, check=True
        ).stdout.splitlines()

    assert subjects(make_self_site(tmp_path / "published", root)) == [COMMITS[-1][2], COMMITS[-2][2]]
    section = sorted((root / "policy" / "sv").glob("*.md"))[-1]
    section.write_text(section.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    site = make_self_site(tmp_path / "edited", root)
    assert subjects(site) == ["The policy as the working tree has it", COMMITS[-1][2]]
    shown = subprocess.run(
        ["git", "show", f"HEAD:policy/sv/{section.name}"], cwd=site, capture_output=True, text=True, check=True
    ).stdout
    assert shown.endswith("En ny mening.\n")
    assert subprocess.run(["git", "status", "--porcelain"], cwd=site, capture_output=True, text=True).stdout == ""
