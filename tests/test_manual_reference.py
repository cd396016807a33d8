"""The manual's two reference pages stay true to the code: docs/manual/cli.md is every
command's current `--help` (scripts/manual.py writes it), and docs/manual/checks.md has an
entry for every registered check, with its severity and messages that `policy lint` prints."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from corpus_cases import CORPUS, make_case
from gitrepo import meta
from small_policy import SV_1_0

from policykit.adapter import material
from policykit.cli import main
from policykit.commands.lint import lint
from policykit.project.config import SiteConfig
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
    """Written on a narrow terminal, the page is the same (click would wrap to the terminal's
    width, up to 80 columns, but the generator fixes it)."""
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: os.terminal_size((60, 24)))
    assert manual.check() is None


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


# The examples are what lint prints ---------------------------------------------------------

#: The cases of tests/corpus/ that print each check's documented examples (test_corpus.py
#: checks every line those cases print; here, which check prints it).
FROM_CORPUS = {
    "not-utf8": ["not-utf8"],
    "empty-file": ["empty-file"],
    "file-name": ["file-outside-numbering"],
    "duplicate-section": ["duplicate-section-number"],
    "front-matter": ["front-matter-unclosed", "front-matter-alias"],
    "forbidden-character": ["character-nul", "character-line-separator"],
    "out-of-range": ["out-of-range-subclause-number", "out-of-range-version-label"],
    "no-heading": ["no-heading"],
    "heading-number": ["heading-number"],
    "second-heading": ["second-heading"],
    "text-before-heading": ["text-before-heading"],
    "duplicate-label": ["duplicate-label"],
    "label-order": ["label-order"],
    "label-gap": ["label-gap"],
    "orphan-subclause": ["orphan-subclause"],
    "foreign-label": ["numbering-foreign-label"],
    "label-collision": ["numbering-roman-collision"],
    "numbering": ["numbering-unknown-scheme"],
    "uppercase-label": ["uppercase-label"],
    "confusable-label": ["confusable-no-break-space", "confusable-cyrillic-letter"],
    "relative-link": ["onerror-attribute"],
    "raw-html": ["script-tag", "onerror-attribute", "external-image"],
    "unclosed-comment": ["unclosed-comment"],
    "id-collision": ["id-collision-html"],
    "language-missing": ["language-folder-missing"],
    "language-unlisted": ["language-not-listed"],
    "structure-mismatch": ["translation-missing-clause"],
    "translation-outdated": ["translation-outdated"],
    "anchor-died": ["anchor-died"],
    "moved-live": ["moved-key-live"],
    "removed-live": ["removed-anchor-reused"],
    "moved-target": ["moved-target-missing"],
    "effective-backwards": ["effective-backwards"],
    "version-not-bumped": ["version-not-bumped"],
    "version-reused": ["version-reused"],
    "declaration-deleted": ["declaration-deleted"],
    "meta-missing": ["policy-yml-missing"],
    "meta-syntax": ["policy-yml-unclosed-quote", "yaml-alias-bomb"],
    "meta-field": ["summary-missing-language", "effective-not-a-date"],
    "meta-unknown": ["unknown-key"],
}

SV_1 = SV_1_0["01-insamling.md"]
DECIMAL = 'numbering: {section: "1.", clause: "1.1", subclause: "1.1.1"}\n'
#: Where a message names the site's own folder, the documented example shows this one.
SHOWN_ROOT = "/home/editor/terms"


def _case(path: Path, files: dict, commits: list | None = None) -> Path:
    return make_case(path, {"files": files, "commits": commits}).path


def _with(path: Path, files: dict[str, str]) -> Path:
    """The small policy, with more files of the site (outside policy/)."""
    site = _case(path, {})
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return site


def _symlinked(path: Path) -> Path:
    site = _case(path, {})
    (site / "policy/sv/03-hemligt.md").symlink_to(site / "mkdocs.yml")
    return site


def _favicon(path: Path) -> Path:
    site = _case(path, {})
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    theme = "theme:\n  name: material\n"
    assert theme in config
    (site / "mkdocs.yml").write_text(
        config.replace(theme, theme + "  favicon: https://cdn.example/favicon.ico\n"), encoding="utf-8"
    )
    return site


def _shallow(path: Path) -> Path:
    site = _case(path / "origin", {})
    clone = path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", site.as_uri(), str(clone)], check=True)
    return clone


def _no_git(path: Path) -> Path:
    site = _case(path, {})
    shutil.rmtree(site / ".git")
    return site


def _italian(path: Path) -> Path:
    """A new site in English and Italian: the package has no Italian words."""
    args = ["init", str(path / "terms"), "--languages", "en,it", "--title", "Terms"]
    assert CliRunner().invoke(main, [*args, "--site-url", "https://example.org/terms/"]).exit_code == 0
    return path / "terms"


#: Sites made here for the checks that no corpus case shows.
BUILT = {
    "template-syntax": lambda p: _case(
        p, {"sv/01-insamling.md": SV_1.replace("namn.", "namn, skriv till {{ site.email }}.")}
    ),
    "dead-anchor": lambda p: _case(p, {"sv/01-insamling.md": SV_1.replace("e-post.", "e-post, se [punkt z](#s9-z).")}),
    "preamble-label": lambda p: _case(p, {"sv/00-inledning.md": "# Integritetspolicy\n\na. Inledning.\n"}),
    "misshapen-label": lambda p: _case(p, {"sv/01-insamling.md": SV_1 + "\nd.Vi samlar in adresser.\n"}),
    "alias-target": lambda p: _case(
        p, {"policy.yml": meta("1.0", "2026-01-15", extra="aliases: {a-definitions: s9}\n")}
    ),
    "editorial-label": lambda p: _case(p, {"policy.yml": meta("1.0", "2026-01-15", extra='editorial: "0.9"\n')}),
    "untranslated": lambda p: _case(
        p, {"en/02-use.md": "---\nuntranslated: [s2-b]\n---\n# 2. Use\n\na. We use the data.\n"}
    ),
    "old-version": lambda p: _case(
        p,
        {"policy.yml": meta("1.2", "2026-03-15"), "sv/01-insamling.md": SV_1},
        commits=[
            {
                "policy.yml": meta("1.1", "2026-02-15"),
                "sv/01-insamling.md": SV_1.replace("namn.", "namn, se [villkoren](villkor.md)."),
            }
        ],
    ),
    "label-parent": lambda p: _case(
        p,
        {
            "policy.yml": meta("1.0", "2026-01-15", extra=DECIMAL),
            "sv/01-insamling.md": "# 1. Insamling\n\n1.1 Vi samlar in namn.\n\n1.2 Vi samlar in e-post.\n",
            "en/01-collection.md": "# 1. Collection\n\n1.1 We collect names.\n\n1.2 We collect e-mail.\n",
            "sv/02-anvandning.md": "# 2. Användning\n\n2.1 Vi använder uppgifterna.\n\n1.2 Vi delar inte uppgifterna.\n",
            "en/02-use.md": "# 2. Use\n\n2.1 We use the data.\n\n2.2 We do not share the data.\n",
        },
    ),
    "docs-file": lambda p: _with(
        p,
        {
            "docs/sw.js": "self.addEventListener('fetch', () => {});\n",
            "docs/assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>\n',
            "docs/js/extra.js": "console.log(1);\n",
        },
    ),
    "symlink": _symlinked,
    "words-unused": lambda p: _with(p, {"words/en.yml": "nonsense: x\n"}),
    "words-invalid": lambda p: _with(p, {"words/en.yml": "a: [\n"}),
    "site-config": _favicon,
    "build-date": lambda p: _case(p, {}),
    "shallow-clone": _shallow,
    "history-unavailable": _no_git,
    "words": _italian,
}
EPOCHS = {"build-date": "99999999999999"}


def printed(site: Path, base: str | None = None) -> list[tuple[str, str]]:
    """(code, message) of every problem `policy lint` finds in the site, as it prints them."""
    project = lint(SiteConfig.read(site), base, theme_dirs=material.template_folders())
    return [(problem.check.code, str(problem)) for problem in project.problems]


@pytest.mark.build
@pytest.mark.parametrize("code", sorted(CHECKS))
def test_the_examples_are_what_lint_prints(code, tmp_path, monkeypatch):
    """Every example message of checks.md, made here from a real site: a corpus case or a site
    built for it; and printed by the check whose entry shows it."""
    examples = entries()[code].examples
    if not examples:
        return
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCHS.get(code, "1780272000"))
    found: list[tuple[str, str]] = []
    if code in FROM_CORPUS:
        for number, name in enumerate(FROM_CORPUS[code]):
            case = yaml.safe_load((CORPUS / f"{name}.yml").read_text(encoding="utf-8"))
            args = case.get("args", [])
            site = make_case(tmp_path / str(number), case).path
            found += printed(site, args[args.index("--base") + 1] if "--base" in args else None)
    else:
        assert code in BUILT, f"nothing makes the example of {code}: add a case to FROM_CORPUS or BUILT"
        site = BUILT[code](tmp_path)
        found = [(c, said.replace(str(site), SHOWN_ROOT)) for c, said in printed(site)]
    said = [message for printed_code, message in found if printed_code == code]
    missing = [example for example in examples if example not in said]
    assert missing == [], f"docs/manual/checks.md shows for {code} what lint does not print; it prints: {said}"


def test_the_examples_outside_the_entries_are_examples_of_an_entry():
    """The build's output at the top of checks.md, and the example in the editors' guide, say
    what an entry's example says (which the test above runs)."""
    shown = {line for entry in entries().values() for line in entry.examples}
    for page in (CHECKS_PAGE, ROOT / "docs" / "manual" / "editors.md"):
        text = page.read_text(encoding="utf-8")
        section = text[text.index("\n## The checks\n") :] if page.name == "editors.md" else text
        blocks = re.findall(r"^```text\n(.*?)^```", section.split("\n## All the checks\n")[0], re.M | re.S)
        lines = [line.split("  -  ", 1)[-1] for block in blocks for line in block.splitlines()]
        said = [line for line in lines if FORM.match(line) and line.startswith("policy/")]
        assert said and not set(said) - shown, f"{page.relative_to(ROOT)}: {set(said) - shown}"
