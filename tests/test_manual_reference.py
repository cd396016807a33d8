"""The manual's two reference pages stay true to the code: docs/manual/cli.md is every
command's current `--help` (scripts/manual.py writes it), and docs/manual/checks.md has an
entry for every registered check, with its severity and messages that `policy lint` prints."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import click
import pytest

from policykit.cli import main

ROOT = Path(__file__).resolve().parent.parent
CLI_PAGE = ROOT / "docs" / "manual" / "cli.md"


def _generator():
    """scripts/manual.py, the page's generator (a developer's script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("manual", ROOT / "scripts" / "manual.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


manual = _generator()


def test_the_command_reference_is_the_current_help():
    assert manual.check() is None, manual.check()


def test_a_changed_help_makes_the_reference_out_of_date(monkeypatch):
    """The guard itself: a help string changed in the code, the page not, and the check fails,
    naming the fix."""
    lint = main.commands["lint"]
    monkeypatch.setattr(lint, "help", lint.help + "\n\nOne more sentence.")
    problem = manual.check()
    assert problem is not None and "make manual" in problem and "docs/manual/cli.md" in problem
    assert "One more sentence." in manual.page()


def test_the_help_does_not_depend_on_the_terminal(monkeypatch):
    before = manual.page()
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: os.terminal_size((200, 50)))
    assert manual.page() == before


def _all_commands(group: click.Group, path: str = "policy") -> list[str]:
    """Every command line under the group, found by walking it (nested groups too)."""
    found = []
    for name, command in group.commands.items():
        found.append(f"{path} {name}")
        if isinstance(command, click.Group):
            found += _all_commands(command, f"{path} {name}")
    return found


@pytest.mark.parametrize("command", ["policy", *_all_commands(main)])
def test_every_command_has_its_heading_and_help_in_the_reference(command):
    page = CLI_PAGE.read_text(encoding="utf-8")
    heading = f"\n## {command}\n\n```text\nUsage: {command} "
    assert heading in page, f"docs/manual/cli.md has no '## {command}' with its help: run `make manual`"
