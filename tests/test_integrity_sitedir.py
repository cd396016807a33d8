"""A build never destroys a folder, and a pasted command runs only what it says.

`mkdocs build` replaces only a `site_dir` that is empty (dot-files aside, which it keeps) or that
a build wrote; every other folder, and the repository's own, stops it before it writes anything.
A build that was killed leaves its folder, which the next build removes, but never that of a
build still running. `policy init` refuses a `--package-repo` that a shell would read as more
than an address, and quotes what it writes into commands; the verify page's command too.

Every build is a real `mkdocs build` in a real repository; killed and running builds are held
by a hook at a fixed point of the build (no timing).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from building import HUNG, mkdocs_build, run_bounded
from click.testing import CliRunner
from corpus_cases import BASE, make_case
from gitrepo import GitRepo

from policykit import __version__
from policykit.adapter.sitedir import MARKER, MARKER_TEXT
from policykit.cli import main

# No __pycache__ under hooks/: a refused build must leave every file as it was.
ENV = {"SOURCE_DATE_EPOCH": "1780272000", "PYTHONDONTWRITEBYTECODE": "1"}
BUILDING = ".site.policy-building-"


def tree(path: Path) -> dict[str, object]:
    """Every file, folder and link under `path` (dot-files and .git too), with files' bytes."""
    found: dict[str, object] = {}
    for folder, dirs, names in os.walk(path):
        for name in dirs + names:
            entry = Path(folder) / name
            rel = entry.relative_to(path).as_posix()
            found[rel] = (
                ("link", os.readlink(entry))
                if entry.is_symlink()
                else "folder"
                if entry.is_dir()
                else entry.read_bytes()
            )
    return found


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(BUILDING))


def build(project: Path, site: Path | None = None, *args: str):
    return mkdocs_build(project, *args, site=site, env=ENV)


def git(path: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Test Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": "2026-03-01T10:00:00Z",
        "GIT_COMMITTER_DATE": "2026-03-01T10:00:00Z",
    }
    return subprocess.run(["git", *args], cwd=path, env=env, check=True, capture_output=True, text=True).stdout


# Folders a build refuses --------------------------------------------------------------------


@pytest.fixture(scope="module")
def refusing(tmp_path_factory):
    """A site with an editor's uncommitted file in its policy folder, a sibling repository with
    its .git, .env and files, a link to the policy folder and one to the repository, and a file."""
    base = tmp_path_factory.mktemp("refusing")
    repo = make_case(base / "repo", {})
    repo.write("policy/notes.txt", "not committed yet\n")
    sibling = base / "sibling"
    sibling.mkdir()
    git(sibling, "init", "--quiet")
    (sibling / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (sibling / "README.md").write_text("# Another project\n", encoding="utf-8")
    (repo.path / "to-policy").symlink_to(repo.path / "policy")
    (repo.path / "to-repo").symlink_to(repo.path)
    (repo.path / "a-file").write_text("mine\n", encoding="utf-8")
    return base, repo


REFUSED = {  # site_dir -> what the message says
    "policy": ("policy", "names policy/, the policy folder: a build replaces what site_dir holds"),
    ".git": (".git", "names .git/, the repository's git folder"),
    "words": ("words", "names words/, the words folder"),  # none yet: a build would make it
    "inside the policy folder": ("policy/site", "names policy/site/, inside the policy folder"),
    "inside .git": (".git/site", "names .git/site/, inside the repository's git folder"),
    "a link to the policy folder": ("to-policy", "names policy/, the policy folder"),
    "a link to the repository": ("to-repo", "names ./, the repository"),
    "a folder of other files": ("hooks", "names hooks/, which holds policy.py and is not a site that a build wrote"),
    "a sibling repository": (
        "../sibling",
        "which holds README.md and is not a site that a build wrote (it has no .policykit-site)",
    ),
    "a file": ("a-file", "names a-file/, which is a file"),
    # MkDocs itself refuses these (docs_dir inside site_dir):
    "docs": ("docs", "'docs_dir' should not be within the 'site_dir'"),
    "the repository": (".", "'docs_dir' should not be within the 'site_dir'"),
    "the repository's parent": ("..", "'docs_dir' should not be within the 'site_dir'"),
}


@pytest.mark.build
@pytest.mark.parametrize("case", REFUSED)
def test_a_build_refuses_a_site_dir_it_would_destroy(refusing, case):
    base, repo = refusing
    site_dir, message = REFUSED[case]
    before = tree(base)
    result = build(repo.path, repo.path / site_dir, "--strict")
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert message in result.output and "site_dir" in result.output, result.output
    if "docs_dir" not in message:
        assert "mkdocs.yml: site_dir (given as --site-dir)" in result.output
        assert "set site_dir to" in result.output  # the fix
    assert tree(base) == before  # nothing written, moved or removed, .git included


@pytest.mark.build
def test_the_message_names_the_line_of_mkdocs_yml(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write("policy/notes.txt", "not committed yet\n")
    text = (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    repo.write("mkdocs.yml", text + "site_dir: policy   # a mistake\n")
    line = len(text.splitlines()) + 1
    before = tree(tmp_path)
    proc = run_bounded(
        [sys.executable, "-m", "mkdocs", "build"],
        cpu_seconds=300,
        cwd=repo.path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **ENV},
    )
    assert proc.returncode == 1
    assert (
        f"mkdocs.yml:{line}: site_dir names policy/, the policy folder: a build replaces what site_dir holds, "
        "and it would be lost; set site_dir to a folder of its own, such as site (the default)"
    ) in proc.stderr
    assert tree(tmp_path) == before


# Folders a build replaces -------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("kind", ["missing", "empty", "dot-files only"])
def test_a_new_empty_or_dot_file_folder_takes_the_site_and_keeps_its_dot_files(tmp_path, kind):
    """`../sibling` as plain MkDocs treats it: its .git and .env stay, in every build."""
    repo = make_case(tmp_path / "repo", {})
    sibling = tmp_path / "sibling"
    kept: dict[str, object] = {}
    if kind != "missing":
        sibling.mkdir()
    if kind == "dot-files only":
        git(sibling, "init", "--quiet")
        (sibling / ".env").write_text("SECRET=1\n", encoding="utf-8")
        kept = tree(sibling)
    for _ in range(2):  # the first build, and the next one over its site
        result = build(repo.path, sibling)
        assert result.returncode == 0, result.output
        assert (sibling / "index.html").is_file() and (sibling / MARKER).read_bytes() == MARKER_TEXT
        assert {rel: value for rel, value in tree(sibling).items() if rel in kept} == kept
    assert leftovers(tmp_path) == []


@pytest.mark.build
def test_a_gh_pages_worktree_keeps_working(tmp_path):
    """site/ as a worktree of an orphan gh-pages branch: it holds only `.git`, a file. Built,
    committed, built again: git still knows it, and the marker's bytes have not changed."""
    repo = make_case(tmp_path / "repo", {})
    site = repo.path / "site"
    git(repo.path, "worktree", "add", "--quiet", "--detach", str(site))
    git(site, "checkout", "--quiet", "--orphan", "gh-pages")
    git(site, "rm", "-r", "-q", "-f", ".")
    assert [p.name for p in site.iterdir()] == [".git"] and (site / ".git").is_file()
    first = build(repo.path, site)
    assert first.returncode == 0, first.output
    assert (site / ".git").is_file() and (site / "index.html").is_file()
    git(site, "add", "-A")
    git(site, "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "Publish")
    assert MARKER in git(site, "ls-files").split()
    again = build(repo.path, site)
    assert again.returncode == 0, again.output
    assert git(site, "rev-parse", "--abbrev-ref", "HEAD").strip() == "gh-pages"
    assert MARKER not in git(site, "status", "--porcelain")  # the same bytes: nothing to commit
    assert leftovers(repo.path) == []


@pytest.mark.build
def test_a_site_built_before_the_marker_is_replaced_once_and_gets_it(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    first = build(repo.path)
    assert first.returncode == 0, first.output
    site = first.site
    (site / MARKER).unlink()  # as a build before the marker left it
    (site / "old-page").mkdir()
    (site / "old-page/index.html").write_text("a page the site had\n", encoding="utf-8")
    (site / ".well-known").mkdir()
    (site / ".well-known/security.txt").write_text("Contact: x\n", encoding="utf-8")
    result = build(repo.path)
    assert result.returncode == 0, result.output
    assert (site / MARKER).read_bytes() == MARKER_TEXT and not (site / "old-page").exists()
    assert (site / ".well-known/security.txt").read_text(encoding="utf-8") == "Contact: x\n"


@pytest.mark.build
@pytest.mark.parametrize("extra", [".git folder", "mkdocs.yml", "a file missing"])
def test_what_only_looks_like_an_old_site_is_refused(tmp_path, extra):
    """A clone (a .git folder), a project (mkdocs.yml), or a folder without every file that a
    site of the package has: not taken for a site built before the marker."""
    repo = make_case(tmp_path / "repo", {})
    first = build(repo.path)
    assert first.returncode == 0, first.output
    site = first.site
    (site / MARKER).unlink()
    if extra == ".git folder":
        git(site, "init", "--quiet")
    elif extra == "mkdocs.yml":
        (site / "mkdocs.yml").write_text("site_name: other\n", encoding="utf-8")
    else:
        (site / "policy.schema.json").unlink()
    before = tree(tmp_path)
    result = build(repo.path)
    assert result.returncode == 1 and "is not a site that a build wrote (it has no .policykit-site)" in result.output
    assert tree(tmp_path) == before


# Killed builds and running ones -------------------------------------------------------------

#: A hook that stops the first language pass of a build where the build's folder exists, as the
#: environment says: killed (SIGKILL), interrupted (Ctrl-C) or held until a line on stdin.
STOP_HOOK = """
import os, signal, sys

stopped = False


def on_pre_build(config):
    global stopped
    how = os.environ.get("SITEDIR_TEST_STOP")
    if stopped or not how:
        return
    stopped = True
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif how == "interrupt":
        raise KeyboardInterrupt
    elif how == "hold":
        print("held", flush=True)
        sys.stdin.readline()
"""


def stoppable(path: Path) -> GitRepo:
    """The base site, built once, with the stopping hook."""
    repo = make_case(path, {})
    repo.write("hooks/stop.py", STOP_HOOK)
    text = (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    repo.write("mkdocs.yml", text.replace("  - hooks/policy.py\n", "  - hooks/policy.py\n  - hooks/stop.py\n"))
    first = build(repo.path)
    assert first.returncode == 0, first.output
    return repo


@pytest.mark.build
def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(tmp_path):
    repo = stoppable(tmp_path / "repo")
    site = repo.path / "site"
    before = tree(site)
    killed = mkdocs_build(repo.path, env={**ENV, "SITEDIR_TEST_STOP": "kill"})
    assert killed.returncode == -9
    assert tree(site) == before and len(leftovers(repo.path)) == 1
    # What a build of an earlier version of the package left when it was killed: no lock.
    (repo.path / f"{BUILDING}earlier").mkdir()
    (repo.path / f"{BUILDING}earlier/index.html").write_text("half\n", encoding="utf-8")
    result = build(repo.path)
    assert result.returncode == 0, result.output
    assert leftovers(repo.path) == [] and (site / "index.html").is_file()


@pytest.mark.build
def test_ctrl_c_leaves_the_site_as_it_was_and_nothing_beside_it(tmp_path):
    repo = stoppable(tmp_path / "repo")
    site = repo.path / "site"
    before = tree(site)
    interrupted = mkdocs_build(repo.path, env={**ENV, "SITEDIR_TEST_STOP": "interrupt"})
    assert interrupted.returncode != 0 and "Traceback" not in interrupted.output, interrupted.output
    assert tree(site) == before and leftovers(repo.path) == []


@pytest.mark.build
def test_a_running_build_keeps_its_folder(tmp_path):
    """Build A is held in the middle; build B runs to its end, cleaning up beside the site, and
    leaves A's folder alone; then A finishes and puts its site in place."""
    repo = stoppable(tmp_path / "repo")
    with (tmp_path / "a.log").open("w") as log:
        held = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build"],
            cwd=repo.path,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **ENV, "SITEDIR_TEST_STOP": "hold"},
        )
        try:
            assert held.stdout.readline() == "held\n"  # A's folder exists, and A waits
            [folder] = leftovers(repo.path)
            other = build(repo.path)
            assert other.returncode == 0, other.output
            assert leftovers(repo.path) == [folder]
            out, _ = held.communicate("\n", timeout=HUNG)  # a hang guard only: the build ends by itself
        finally:
            if held.poll() is None:
                held.kill()
    assert held.returncode == 0, (tmp_path / "a.log").read_text()
    assert leftovers(repo.path) == [] and (repo.path / "site" / MARKER).is_file()


# Commands that init writes ------------------------------------------------------------------

INIT = ["--languages", "en", "--title", "Terms", "--site-url", "https://example.org/terms/"]


def init(target: Path, *args: str):
    return CliRunner().invoke(main, ["init", str(target), *INIT, *args], catch_exceptions=False)


@pytest.mark.parametrize(
    "repo",
    [
        "https://example.org/$(id)",
        "https://example.org/`id`",
        "https://example.org/a;id",
        "https://example.org/a&&id",
        "https://example.org/$HOME",
        "https://example.org/a!b",
        "https://example.org/a'b",
        "https://example.org/a*",
        "https://example.org/a@b",
        "https://example.org/a=b,c+d",
    ],
)
def test_init_refuses_a_package_repo_that_a_shell_would_read(tmp_path, repo):
    result = init(tmp_path / "site", "--package-repo", repo)
    assert result.exit_code == 1 and result.output.startswith("Error: --package-repo "), result.output
    assert "such as https://github.com/example/policykit" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize(
    "repo", [None, "https://git.sr.ht/~editor/policy-kit.git", "http://git.example.org:8080/a%20b/"]
)
def test_the_readme_install_line_is_one_word_to_a_shell(tmp_path, repo):
    result = init(tmp_path / "site", *(["--package-repo", repo] if repo else []))
    assert result.exit_code == 0, result.output
    expected = f"mkdocs-policykit @ git+{(repo or 'https://github.com/OWNER/REPO').rstrip('/')}@v{__version__}"
    readme = (tmp_path / "site/README.md").read_text(encoding="utf-8")
    [line] = [line for line in readme.splitlines() if line.startswith(".venv/bin/pip install ")]
    assert shlex.split(line) == [".venv/bin/pip", "install", expected]
    # What a shell makes of it, pasted: the same one word.
    shell = subprocess.run(
        ["sh", "-c", "printf '%s\\n' " + line.removeprefix(".venv/bin/pip install ")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shell.stdout == expected + "\n"
    for rel in (".github/workflows/pr.yml", ".github/workflows/deploy.yml"):
        assert yaml.safe_load((tmp_path / "site" / rel).read_text(encoding="utf-8"))["env"]["PACKAGE"] == expected
    [hook] = yaml.safe_load((tmp_path / "site/.pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert hook["repo"] == expected.split("git+")[1].rsplit("@", 1)[0] and hook["rev"] == f"v{__version__}"


@pytest.mark.build
def test_the_verify_command_reads_a_policy_folder_with_shell_characters_as_one_word(tmp_path):
    """The verify page's command, run as printed in a clone, names the policy folder as it is
    and computes the digest that policy.json gives; nothing in the folder's name runs."""
    folder = "terms $(touch pwned); `touch pwned2`"
    repo = GitRepo(tmp_path / "repo")
    for rel, text in BASE.items():
        repo.write(f"{folder}/{rel}", text)
    text = (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    repo.write(
        "mkdocs.yml",
        text.replace("extra:\n  policykit:\n", f"extra:\n  policykit:\n    policy_dir: {json.dumps(folder)}\n"),
    )
    commit = repo.commit("1.0", "2026-01-10T10:00:00Z")
    result = build(repo.path)
    assert result.returncode == 0, result.output
    page = BeautifulSoup((result.site / "verify/index.html").read_text(encoding="utf-8"), "html.parser")
    command = page.select_one("pre code").get_text().replace("C=<commit>", f"C={commit}")
    assert f"-- {shlex.quote(folder + '/sv/')}" in command
    digest = subprocess.run(["bash", "-c", command], cwd=repo.path, capture_output=True, text=True, check=True).stdout
    versions = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))["versions"]
    assert digest.split()[0] == versions[0]["sha256"]["sv"]
    assert not (repo.path / "pwned").exists() and not (repo.path / "pwned2").exists()


def test_what_init_writes_into_commands_is_quoted_whatever_reaches_it(tmp_path):
    """Quoting does not lean on the check of --package-repo: a value with every character that
    a shell or YAML reads is still one word in the README's line and one string in the YAML."""
    from policykit.commands.init import render
    from policykit.commands.newsite import NewSite

    hostile = "https://example.org/$(touch pwned)`touch pwned2`;x'\"y\\z: #w"
    files = render(NewSite(["en"], {"en": "Terms"}, "https://example.org/terms/", hostile, dt.date(2026, 1, 1)))
    expected = f"mkdocs-policykit @ git+{hostile}@v{__version__}"
    [line] = [line for line in files["README.md"].splitlines() if line.startswith(".venv/bin/pip install ")]
    shell = subprocess.run(
        ["sh", "-c", "printf '%s\\n' " + line.removeprefix(".venv/bin/pip install ")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shell.stdout == expected + "\n" and list(tmp_path.iterdir()) == []
    for rel in (".github/workflows/pr.yml", ".github/workflows/deploy.yml"):
        assert yaml.safe_load(files[rel])["env"]["PACKAGE"] == expected
    [hook] = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"]
    assert hook["repo"] == hostile and hook["rev"] == f"v{__version__}"
