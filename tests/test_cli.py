"""The `policy` command: help with examples, diff formats, versions, workflows that parse."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, SV_1_0, files
from workflows import CACHE_DIR, cache_problems

from policykit.cli import main

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(main.commands)


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15", removed="[s1-c]"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"]
            .replace("namn.", "namn och adress.")
            .split("\nc.")[0]
            .rstrip()
            + "\n",
            "en/01-collection.md": EN_1_0["01-collection.md"]
            .replace("names.", "names and addresses.")
            .split("\nc.")[0]
            .rstrip()
            + "\n",
        }
    )
    return repo


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output and f"policy {command}" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command):
    """In the command reference, and in both editors' guides (the README only sends readers on)."""
    for doc in ("docs/manual/cli.md", "docs/manual/editors.md", "docs/sv/editors.md"):
        assert f"policy {command}" in (ROOT / doc).read_text(encoding="utf-8"), doc


def test_lint_is_clean_on_this_project(self_site):
    """This project's site, with its published history (a fixture: not this clone's history)."""
    result = CliRunner().invoke(main, ["lint", "--root", str(self_site), "--strict"])
    assert result.exit_code == 0, result.output


def test_diff_text_shows_clause_changes_and_words(repo):
    result = run("diff", "HEAD", "--root", str(repo.path))
    assert result.stdout == (
        "policy diff: 1.0 (HEAD " + repo.git("rev-parse", "--short=7", "HEAD") + ") -> 1.1 (working tree)\n"
        "\nChanged:\n"
        "  1 a (s1-a, sv): Vi samlar in namn{+ och adress+}.\n"
        "  1 a (s1-a, en): We collect names{+ and addresses+}.\n"
        "\nRemoved:\n"
        "  1 c (s1-c, sv): [-Vi samlar in telefonnummer.-]\n"
        "  1 c (s1-c, en): [-We collect telephone numbers.-]\n"
    )


def test_diff_markdown_for_a_pull_request(repo):
    result = run("diff", "HEAD", "--root", str(repo.path), "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("### Policy changes: 1.0 (HEAD ")
    assert "- **1 a** (`s1-a`, sv): Vi samlar in namn<ins> och adress</ins>." in lines
    assert "- **1 c** (`s1-c`, en): <del>We collect telephone numbers.</del>" in lines


def test_diff_json(repo):
    data = json.loads(run("diff", "HEAD", "--root", str(repo.path), "--format", "json").stdout)
    assert data["changes"]["changed"] == ["s1-a"] and data["changes"]["removed"] == ["s1-c"]
    assert {"kind": "changed", "id": "s1-a", "lang": "sv", "html": "Vi samlar in namn<ins> och adress</ins>."} in data[
        "redlines"
    ]


def test_diff_between_two_revisions_and_a_bad_revision(repo):
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    assert "Removed:" in run("diff", "HEAD~1", "HEAD", "--root", str(repo.path)).output
    bad = CliRunner().invoke(main, ["diff", "nope", "--root", str(repo.path)])
    assert bad.exit_code == 1 and bad.output.startswith("Error: no such revision")


def test_versions_lists_history(repo):
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    lines = run("versions", "--root", str(repo.path)).output.splitlines()
    assert lines[0].startswith("1.0        past      published 2026-01-10  effective 2026-01-15")
    assert lines[1].startswith("1.1        current   published 2026-02-01  effective 2026-02-15")
    assert lines[1].endswith("1 changed, 1 removed")


def test_lint_base_that_does_not_exist(repo):
    result = CliRunner().invoke(main, ["lint", "--root", str(repo.path), "--base", "origin/nope"])
    assert result.exit_code == 1 and "Error: --base origin/nope: no such revision" in result.output


@pytest.mark.parametrize("path", [".github/workflows/pr.yml", ".github/workflows/deploy.yml"])
def test_workflows_are_valid_and_use_the_full_history(path):
    workflow = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    if "deploy" not in path or "build" in workflow["jobs"]:
        assert checkout["with"]["fetch-depth"] == 0
    commands = " ".join(s.get("run", "") for s in steps)
    assert "mkdocs build --strict" in commands
    if path.endswith("pr.yml"):
        assert "policy lint --base" in commands and "--format markdown" in commands
    else:
        assert workflow[True]["schedule"] and "SOURCE_DATE_EPOCH" not in commands  # `on:` parses as True
    # The deployment keeps the build cache between runs; a pull request starts from it.
    assert cache_problems(workflow, saves=path.endswith("deploy.yml")) == []


def test_this_repositorys_gitignore_keeps_the_build_cache_out(tmp_path):
    """git itself, given the repository's .gitignore, leaves the build cache untracked."""
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text((ROOT / ".gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    entry = tmp_path / CACHE_DIR / "pages" / "ab" / "ab12.json"
    entry.parent.mkdir(parents=True)
    entry.write_text("{}", encoding="utf-8")
    ignored = subprocess.run(["git", "check-ignore", "--quiet", str(entry)], cwd=tmp_path, check=False)
    assert ignored.returncode == 0, f"{CACHE_DIR}/ is not in .gitignore"


def test_pre_commit_hook_is_valid():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "policy-lint" and hook["entry"] == "policy lint --strict" and hook["language"] == "python"


def test_the_packages_own_pre_commit_hooks_are_apart_from_the_sites_hook():
    """.pre-commit-config.yaml checks this package's code with the tools of .venv; the hook
    offered to sites (policy-lint) stays in .pre-commit-hooks.yaml alone."""
    [repo] = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    hooks = {hook["id"]: hook["entry"].split()[0] for hook in repo["hooks"]}
    assert repo["repo"] == "local"
    assert hooks == {"ruff-check": ".venv/bin/ruff", "ruff-format": ".venv/bin/ruff", "mypy": ".venv/bin/mypy"}


def test_words_prints_a_catalogue_to_start_a_sites_own():
    result = run("words", "de")
    assert result.exit_code == 0
    assert result.output == (ROOT / "src/policykit/words/catalogues/de.yml").read_text(encoding="utf-8")
    missing = CliRunner().invoke(main, ["words", "it"])
    assert missing.exit_code == 1 and "no words for 'it'" in missing.output and "en, es, fi" in missing.output
