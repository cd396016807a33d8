"""The manual's two reference pages stay true to the code: docs/manual/cli.md is every
command's current `--help` (scripts/manual.py writes it), and docs/manual/checks.md has an
entry for every registered check, with its severity and messages that `policy lint` prints."""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest

from policykit.cli import main
from policykit.text.checks import CHECKS, located

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


# The checks reference ----------------------------------------------------------------------

CHECKS_PAGE = ROOT / "docs" / "manual" / "checks.md"
#: A problem as every command says it (checks.located): where (a path, with its line where
#: there is one), what, and in parentheses the fix.
FORM = re.compile(r"^(?P<where>[^\s:][^:]*?)(?::[1-9][0-9]*)?: (?P<message>\S.*) \((?P<fix>.+)\)$")


@dataclass
class Entry:
    """A check's section of checks.md: `### code`, a first paragraph that starts with its
    severity (**Error.**), and its example messages, one a line in a ```text block."""

    severity: str | None = None
    examples: list[str] = field(default_factory=list)


def entries() -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    entry, in_block = None, False
    for line in CHECKS_PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = line == "```text" and not in_block
            continue
        if in_block:
            if entry is not None:
                entry.examples.append(line)
        elif line.startswith("#"):
            entry = found.setdefault(line[4:], Entry()) if line.startswith("### ") else None
        elif entry is not None and entry.severity is None and (severity := re.match(r"\*\*(\w+)\.\*\* ", line)):
            entry.severity = severity.group(1).lower()
    return found


def table() -> dict[str, str]:
    """The overview table's rows: code -> severity, the code linked to its entry."""
    rows = re.findall(r"^\| \[`([^`]+)`\]\(#([^)]+)\) \| (\w+) \|", CHECKS_PAGE.read_text(encoding="utf-8"), re.M)
    assert all(code == anchor for code, anchor, _ in rows), "a row of the table links to another check's entry"
    return {code: severity for code, _, severity in rows}


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_check_has_its_entry_with_its_severity(code):
    registered = CHECKS[code].severity.name.lower()
    entry = entries().get(code)
    assert entry is not None, f"docs/manual/checks.md has no '### {code}': add its entry"
    assert entry.severity == registered, f"docs/manual/checks.md: the severity of {code} is {registered}"
    assert table().get(code) == registered, f"docs/manual/checks.md: the table has no row '{code} | {registered}'"


def test_no_entry_names_a_check_that_is_not_registered():
    named = set(entries()) | set(table())
    assert named - set(CHECKS) == set(), "docs/manual/checks.md names checks that src/policykit/text/checks.py lacks"


def test_the_example_messages_have_the_form_of_a_problem():
    bad = [(code, line) for code, entry in entries().items() for line in entry.examples if not FORM.match(line)]
    assert bad == [], "not `path:line: message (fix)`"


def test_the_form_is_the_form_of_every_problem():
    """FORM reads what checks.located writes, with or without a line (and rejects a bare sentence)."""
    assert FORM.match(located("policy/sv/01-a.md", 7, "what", "fix")) and FORM.match(located("policy/", None, "w", "f"))
    assert not FORM.match("policy/sv/01-a.md:7: what, with no fix")
