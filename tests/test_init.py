"""`policy init`: a new site that builds at once. Each site is made by the command, committed
as its editor would (pinned dates), then built by a real `mkdocs build --strict`; the refusals
each leave the disk as it was."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from building import ROOT, mkdocs_build
from click.testing import CliRunner
from site_links import target_file
from workflows import CACHE_DIR, cache_problems

from policykit import __version__
from policykit.adapter import material
from policykit.cli import main
from policykit.commands.init import InitError, check_new_folder
from policykit.commands.newsite import plan

SITE_URL = "https://example.org/terms/"
COMMIT_DATE = "2026-01-10T12:00:00+00:00"
PINNED = f"mkdocs-policykit @ git+https://github.com/OWNER/REPO@v{__version__}"
TWO = [
    "--languages",
    "en,de",
    "--authoritative",
    "en",
    "--title",
    "Terms of Service",
    "--title",
    "de=Nutzungsbedingungen",
    "--site-url",
    SITE_URL,
]


def init(target: Path, *args: str):
    return CliRunner().invoke(main, ["init", str(target), *args], catch_exceptions=False)


def git(path: Path, *args: str, date: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Test Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=path, env=env, check=check, capture_output=True, text=True)


def commit(path: Path) -> None:
    """What init's output says to do next: `git add -A && git commit`."""
    git(path, "add", "-A")
    git(path, "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "Terms 1.0", date=COMMIT_DATE)


def files_under(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if ".git" not in p.relative_to(path).parts)


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"\s*WARNING\b", line)]


def readme_site_urls(project: Path) -> list[str]:
    """The addresses of the site that the generated README names, as paths below site_url."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    return sorted({url[len(SITE_URL) - 1 :] for url in re.findall(re.escape(SITE_URL) + r"[^\s`)>|,]*", readme)})


# The new sites, built ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """An English and German site, English binding: made, committed, built."""
    project = tmp_path_factory.mktemp("two") / "terms"
    result = init(project, *TWO)
    assert result.exit_code == 0, result.output
    lint = CliRunner().invoke(main, ["lint", "--root", str(project), "--strict"])
    commit(project)
    return result, lint, mkdocs_build(project, "--strict"), project


@pytest.fixture(scope="module")
def one(tmp_path_factory):
    """A site in Swedish alone."""
    project = tmp_path_factory.mktemp("one") / "villkor"
    result = init(project, "--languages", "sv", "--title", "Användarvillkor", "--site-url", SITE_URL)
    assert result.exit_code == 0, result.output
    commit(project)
    return result, mkdocs_build(project, "--strict"), project


@pytest.mark.build
def test_two_languages_build_strict_without_warnings(two):
    _, lint, built, _ = two
    assert lint.exit_code == 0, lint.output  # before the first commit, too
    assert built.returncode == 0, built.output
    assert not warnings(built.output), built.output
    assert (built.site / "index.html").is_file() and (built.site / "de" / "index.html").is_file()
    data = json.loads((built.site / "policy.json").read_text(encoding="utf-8"))
    assert data["languages"] == ["en", "de"] and data["authoritative"] == "en" and data["default_language"] == "en"
    assert [v["version"] for v in data["versions"]] == ["1.0"] and data["current"] == "1.0"
    assert {c["id"] for c in data["clauses"]} == {"s1", "s1-a", "s1-b"}


@pytest.mark.build
def test_one_language_builds_strict_without_i18n(one):
    _, built, project = one
    assert built.returncode == 0, built.output
    assert not warnings(built.output), built.output
    assert "i18n" not in (project / "mkdocs.yml").read_text(encoding="utf-8")
    data = json.loads((built.site / "policy.json").read_text(encoding="utf-8"))
    assert data["languages"] == ["sv"] and data["authoritative"] == "sv"
    assert (built.site / "index.html").is_file() and not (built.site / "sv").exists()
    assert "Ett exempelavsnitt" in (built.site / "index.html").read_text(encoding="utf-8")  # the Swedish sample


@pytest.mark.build
@pytest.mark.parametrize("which", ["two", "one"])
def test_every_address_the_readme_names_exists(which, request):
    built, project = request.getfixturevalue(which)[-2:]
    urls = readme_site_urls(project)
    assert "/" in urls and "/policy.json" in urls and "/versions/1.0/" in urls
    if which == "two":
        assert "/de/" in urls and "/de/changes/" in urls
    missing = [url for url in urls if target_file(built.site, url) is None]
    assert not missing, f"the README names addresses the site does not have: {missing}"


@pytest.mark.build
def test_the_files_and_what_init_says(two):
    result, _, _, project = two
    written = [
        ".github/workflows/deploy.yml",
        ".github/workflows/pr.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "docs/.gitkeep",
        "mkdocs.yml",
        "policy/de/01-muster.md",
        "policy/en/01-sample.md",
        "policy/policy.yml",
    ]
    for rel in written:
        assert f"  {rel}\n" in result.output
    assert "git add -A && git commit" in result.output and "mkdocs build --strict" in result.output
    assert "OWNER/REPO" in result.output  # what is left to fill in is said
    meta = yaml.safe_load((project / "policy/policy.yml").read_text(encoding="utf-8"))
    assert meta["version"] == "1.0" and meta["authoritative"] == "en"
    assert meta["effective"] == dt.datetime.now(dt.timezone.utc).date() or meta["effective"] == dt.datetime.now(
        dt.timezone.utc
    ).date() - dt.timedelta(days=1)  # made before midnight
    assert meta["title"] == {"en": "Terms of Service", "de": "Nutzungsbedingungen"}
    assert set(meta["summary"]) == {"en", "de"} and meta["moved"] == {} and meta["removed"] == []
    assert "docs/manual/policy-yml.md" in (project / "policy/policy.yml").read_text(encoding="utf-8").splitlines()[3]
    section = (project / "policy/de/01-muster.md").read_text(encoding="utf-8")
    assert (
        section.startswith("---\nsample: true  # policy import replaces this file")
        and "\n# 1. " in section
        and "\na. " in section
        and "\nb. " in section
        and "Muster" in section
    )
    mkdocs = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_url"] == SITE_URL and mkdocs["site_name"] == "Terms of Service"
    assert (project / ".gitignore").read_text(encoding="utf-8").count("site/") >= 1
    for rel in written:  # every placeholder of the templates filled in
        assert not re.search(r"\{[a-z_]+\}", (project / rel).read_text(encoding="utf-8")), rel


def test_a_language_without_a_sample_gets_the_english_one(tmp_path):
    result = init(tmp_path / "site", "--languages", "it,en", "--title", "Termini", "--site-url", SITE_URL)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/policy/it/01-sample.md").read_text(encoding="utf-8") == (
        tmp_path / "site/policy/en/01-sample.md"
    ).read_text(encoding="utf-8")
    assert "no words for it" in result.output and "words/it.yml" in result.output


@pytest.mark.build
@pytest.mark.parametrize("path", [".github/workflows/pr.yml", ".github/workflows/deploy.yml"])
def test_the_workflows_are_valid_and_pin_the_version(two, path):
    project = two[-1]
    text = (project / path).read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["env"]["PACKAGE"] == PINNED
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    commands = " ".join(step.get("run", "") for step in steps)
    assert 'pip install "$PACKAGE"' in commands and "mkdocs build --strict" in commands
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    if path.endswith("pr.yml"):
        assert "policy lint --base" in commands and "--format markdown" in commands
    else:
        assert workflow[True]["schedule"] and workflow[True]["push"]["branches"] == ["main"]  # `on:` is True
    assert "PyPI" in text  # the comment says where to point it


def test_the_site_keeps_its_build_cache_in_ci_and_out_of_git(tmp_path):
    """The deployment saves the build cache at the end of every run and restores the latest
    at the start; a pull request's check restores it and saves none; git ignores it."""
    project = tmp_path / "site"
    result = init(project, *TWO)
    assert result.exit_code == 0, result.output
    for path, saves in ((".github/workflows/deploy.yml", True), (".github/workflows/pr.yml", False)):
        workflow = yaml.safe_load((project / path).read_text(encoding="utf-8"))
        assert cache_problems(workflow, saves) == [], path
    entry = project / CACHE_DIR / "pages" / "ab" / "ab12.json"
    entry.parent.mkdir(parents=True)
    entry.write_text("{}", encoding="utf-8")
    assert git(project, "check-ignore", "--quiet", str(entry), check=False).returncode == 0
    assert ".cache" not in git(project, "status", "--porcelain", "--untracked-files=all").stdout


@pytest.mark.build
def test_pre_commit_uses_the_projects_hook_at_the_version(two):
    config = yaml.safe_load((two[-1] / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert repo["rev"] == f"v{__version__}" and repo["hooks"] == [{"id": hook["id"]}] and hook["id"] == "policy-lint"


def test_package_repo_fills_in_every_install_line(tmp_path):
    repo = "https://github.com/example/policykit"
    result = init(tmp_path / "site", *TWO, "--package-repo", repo)
    assert result.exit_code == 0, result.output
    for rel in (
        ".github/workflows/pr.yml",
        ".github/workflows/deploy.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "policy/policy.yml",
    ):
        text = (tmp_path / "site" / rel).read_text(encoding="utf-8")
        assert repo in text and "OWNER/REPO" not in text, rel
    assert "OWNER/REPO" not in result.output


# Git ------------------------------------------------------------------------------------------


@pytest.mark.build
def test_git_init_outside_a_repository_and_nothing_committed(two):
    project = two[-1]
    fresh = project.parent / "fresh"
    init(fresh, *TWO)
    assert (fresh / ".git").is_dir()
    assert git(fresh, "rev-parse", "--verify", "HEAD", check=False).returncode != 0  # no commit
    assert git(fresh, "symbolic-ref", "--short", "HEAD").stdout.strip() == "main"
    assert git(fresh, "status", "--porcelain").stdout.count("??") == 7  # all untracked


def test_no_git_init_inside_a_repository(tmp_path):
    git(tmp_path, "init", "--quiet")
    result = init(tmp_path / "sites" / "terms", *TWO)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "sites" / "terms" / ".git").exists() and "git init" not in result.output
    assert git(tmp_path, "rev-parse", "--verify", "HEAD", check=False).returncode != 0
    assert "sites/" in git(tmp_path, "status", "--porcelain").stdout


# Refusals -------------------------------------------------------------------------------------


def swap(args: list[str], option: str, value: str | None) -> list[str]:
    """TWO with `option`'s value replaced (or the option left out, for None)."""
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == option:
            skip = True
            if value is not None:
                out += [option, value]
            continue
        out.append(arg)
    return out


REFUSED = {
    "no site url": (swap(TWO, "--site-url", None), "--site-url is required"),
    "relative site url": (swap(TWO, "--site-url", "/terms/"), "is not an absolute http(s) address"),
    "site url without scheme": (swap(TWO, "--site-url", "example.org/terms/"), "is not an absolute http(s) address"),
    "ftp site url": (swap(TWO, "--site-url", "ftp://example.org/"), "is not an absolute http(s) address"),
    "bad language": (swap(TWO, "--languages", "en,German"), "'German' is not a language code"),
    "unknown language": (swap(TWO, "--languages", "en,xx"), "'xx' is not a language that Babel"),
    "underscore Material lacks": (swap(TWO, "--languages", "en,pt_BR"), "write it as Material does: pt-BR"),
    "authoritative not a language": (swap(TWO, "--authoritative", "fr"), "--authoritative 'fr' is not one of"),
    "a language twice": (swap(TWO, "--languages", "en,de,en"), "names en twice"),
    "no languages": (swap(TWO, "--languages", None), "--languages is required"),
    "no title for de": (["--languages", "en,de", "--title", "en=Terms", "--site-url", SITE_URL], "no title for de"),
    "empty title": (["--languages", "en", "--title", "", "--site-url", SITE_URL], "--title for en is empty"),
    "title of another language": (TWO + ["--title", "fr=Conditions"], "fr is not one of --languages"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refusals_say_why_and_write_nothing(tmp_path, case):
    args, message = REFUSED[case]
    result = init(tmp_path / "site", *args)
    assert result.exit_code != 0 and message in result.output, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no folder, no temporary folder beside it


@pytest.mark.parametrize("case", REFUSED)
def test_refusals_carry_their_fix_apart_in_the_one_format(case):
    """Every refusal is `message (fix)`, the fix in FixableError's `fix`, as every other error."""
    args, _ = REFUSED[case]
    given: dict[str, list[str]] = {}
    for option, value in zip(args[::2], args[1::2]):
        given.setdefault(option, []).append(value)
    with pytest.raises(InitError) as caught:
        plan(
            ",".join(given.get("--languages", [])) or None,
            given.get("--authoritative", [None])[0],
            tuple(given.get("--title", [])),
            given.get("--site-url", [None])[0],
            theme_languages=material.languages(),
        )
    error = caught.value
    assert error.fix and "; " not in error.message, (error.message, error.fix)
    assert str(error) == f"{error.message} ({error.fix})"


def test_folder_refusals_carry_their_fix_apart(tmp_path):
    (tmp_path / "site").write_text("", encoding="utf-8")
    with pytest.raises(InitError) as caught:
        check_new_folder(tmp_path / "site", {}, force=False)
    assert caught.value.fix == "name a new or empty folder"


def test_a_folder_with_files_needs_force(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = init(target, *TWO)
    assert (
        refused.exit_code != 0 and "is not empty (it holds notes.txt)" in refused.output and "--force" in refused.output
    )
    assert files_under(target) == ["notes.txt"] and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    forced = init(target, *TWO, "--force")
    assert forced.exit_code == 0, forced.output
    assert "notes.txt" in files_under(target) and (target / "policy/en/01-sample.md").is_file()
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_force_replaces_no_file(tmp_path):
    target = tmp_path / "site"
    (target / "policy").mkdir(parents=True)
    (target / "policy" / "policy.yml").write_text("version: '3.0'\n", encoding="utf-8")
    (target / "README.md").write_text("# Ours\n", encoding="utf-8")
    before = files_under(target)
    result = init(target, *TWO, "--force")
    assert result.exit_code != 0
    assert "already has README.md, policy/policy.yml" in result.output and "replaces no file" in result.output
    assert files_under(target) == before and (target / "README.md").read_text(encoding="utf-8") == "# Ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_file_in_the_way(tmp_path):
    (tmp_path / "site").write_text("", encoding="utf-8")
    result = init(tmp_path / "site", *TWO)
    assert result.exit_code != 0 and "is a file, not a folder" in result.output


def test_titles_are_written_as_given(tmp_path):
    title = 'Terms: "Ours" & #1'
    result = init(tmp_path / "site", "--languages", "en,de", "--title", title, "--site-url", "https://example.org")
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((tmp_path / "site/policy/policy.yml").read_text(encoding="utf-8"))
    mkdocs = yaml.safe_load((tmp_path / "site/mkdocs.yml").read_text(encoding="utf-8"))
    assert meta["title"] == {"en": title, "de": title} and mkdocs["site_name"] == title
    assert mkdocs["site_url"] == "https://example.org/"  # the trailing slash added
    assert f"git commit -m '{title} 1.0'" in result.output  # ready to paste into a shell


@pytest.mark.parametrize(
    "url",
    [
        'https://example.org/a"b/',
        "https://example.org/<x>/",
        "https://user:pw@example.org/",
        "https://example.org/{{x}}/",
        "https://example.org/it's/",
    ],
)
def test_a_site_url_with_characters_an_address_does_not_need_is_refused(tmp_path, url):
    result = CliRunner().invoke(
        main,
        ["init", str(tmp_path / "site"), "--languages", "en", "--title", "T", "--site-url", url],
        catch_exceptions=False,
    )
    assert (
        result.exit_code != 0
        and "--site-url" in result.output
        and "which a site's address does not need" in result.output
    )
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())


def test_a_title_reaches_the_readme_as_text(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "site"),
            "--languages",
            "en",
            "--title",
            "<!-- *Terms* & [Conditions]",
            "--site-url",
            "https://example.org/",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "site" / "README.md").read_text()
    assert readme.startswith("# &lt;\\!-- \\*Terms\\* &amp; \\[Conditions\\]\n")
    assert "<!--" not in readme
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "rtl"),
            "--languages",
            "en",
            "--title",
            "Terms\u202e",
            "--site-url",
            "https://example.org/",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code != 0 and "--title for en holds" in result.output


@pytest.mark.parametrize("languages, swedish", [("en,de", False), ("sv,en", True)])
def test_the_readme_offers_the_swedish_guide_to_a_site_in_swedish_only(tmp_path, languages, swedish):
    """The editors' guide is in English (the manual) and, for this repository's own editors, in
    Swedish: a link named 'svenska' in the README of a site in English and German helps no one."""
    result = init(tmp_path / "site", "--languages", languages, "--title", "Terms", "--site-url", SITE_URL)
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "site" / "README.md").read_text(encoding="utf-8")
    assert ("[svenska](" in readme) is swedish and "docs/manual/editors.md" in readme
    assert ("docs/sv/editors.md" in readme) is swedish
