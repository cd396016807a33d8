"""Write the command reference of the manual, docs/manual/cli.md, from the commands' `--help`.

    python scripts/manual.py           rewrite docs/manual/cli.md (`make manual` runs this)
    python scripts/manual.py --check   exit 1, naming the fix, if the page is not current

The page is what `policy --help` and every command's `--help` print, so that it cannot say
what the code does not: the commands are found by walking the click group (a new command is
in the page the next time this runs), and each help is rendered at a fixed width of 80
columns without colour, so that the page is the same on every terminal. A test
(tests/test_manual_reference.py) fails when a help changes and the page does not.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from policykit.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "manual" / "cli.md"
WIDTH = 80  # the columns help is wrapped to, whatever the terminal running this has
FIX = "run `make manual` (python scripts/manual.py) and commit docs/manual/cli.md"

INTRO = """\
---
language: en
---
# Command reference

The `policy` command checks a policy, compares its versions, lists them, and makes or imports a site; it comes with the package `mkdocs-policykit`. This page is what `policy --help` and each command's `--help` print. The commands that read a site (`lint`, `diff`, `versions`) find it from the current folder upwards, or take its folder with `--root`.

A problem stops a command with `Error:` and a message that names the file, the line and the fix, and the exit status is 1. A mistake in the command line itself (an unknown option, a day that is not a date) exits with status 2. `policy lint` exits with status 1 when it finds an error, and with `--strict` also when it finds a warning: [the checks reference](checks.md) explains every message it prints. The [editors' guide](editors.md) shows the commands at work on a change.

This page is generated from the help by `make manual` (`scripts/manual.py`), and a test fails when a command's help changes and this page does not: edit the help in `src/policykit/cli.py`, never this page.
"""


def commands(
    command: click.Command, name: str, parent: click.Context | None = None
) -> Iterator[tuple[str, click.Context]]:
    """(the command line, its context) for `command` and, if it is a group, every command under
    it, at any depth, in the order `--help` lists them."""
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH)
    ctx.color = False
    yield ctx.command_path, ctx
    if isinstance(command, click.Group):
        for sub in command.list_commands(ctx):
            child = command.get_command(ctx, sub)
            if child is not None and not child.hidden:
                yield from commands(child, sub, ctx)


def page() -> str:
    """docs/manual/cli.md as it must be: the intro, then a heading and the help of every command."""
    parts = [INTRO]
    for path, ctx in commands(main, "policy"):
        parts.append(f"## {path}\n\n```text\n{ctx.get_help().rstrip()}\n```\n")
    return "\n".join(parts)


def check() -> str | None:
    """What is wrong with the page on disk (None when it is current)."""
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if current == page():
        return None
    return f"{PAGE.relative_to(ROOT)} is not the commands' current --help: {FIX}"


def run(args: list[str]) -> int:
    if args == ["--check"]:
        problem = check()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return 0
    if args:
        print("usage: python scripts/manual.py [--check]", file=sys.stderr)
        return 2
    PAGE.write_text(page(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
