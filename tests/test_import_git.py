"""`policy import --history` reads any source repository it is given: names git would quote,
commits with broken dates or odd authors, bare repositories and worktrees, something other than
a file at the path, dates in the commit's own offset, and the site's own policy.yml under the
YAML guard. Every input gives a message, never a traceback.

Real repositories in tmp_path, with pinned dates; broken commits are written as raw objects
(`git hash-object --literally`), as real broken histories have them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from replay_sources import log, make_site, run, state

from policykit.cli import main
from policykit.importing import gitsource, source_log
from policykit.pages.public import iso_utc
from policykit.record.history import read_history

BODY = "## 1. Use\n\na. You may use the service{}.\n\n## 2. End\n\na. We may end your account.\n"


def terms(n: int, dated: str = "") -> str:
    return f"# Terms\n\n{dated}{BODY.format(' ' + 'and more ' * n if n else '')}"


def source_with(path: Path, entries: list[tuple[str, dict, tuple | None]]) -> GitRepo:
    """A source repository: per entry (date, files written, (from, to) moved first)."""
    repo = GitRepo(path, scaffold=False)
    for n, (date, files, move) in enumerate(entries):
        if move:
            repo.git("mv", *move)
        for rel, text in files.items():
            repo.write(rel, text)
        repo.commit(f"Change {n + 1}", date)
    return repo


def import_into(site: GitRepo, spec: str, *extra: str):
    return run("--history", spec, "--language", "en", *extra, "--into", str(site.path))


def effective(site: GitRepo) -> list[str]:
    return [str(c["meta"]["effective"]) for c in log(site)[1:]]


# 1. Names git would quote ----------------------------------------------------------------------


def test_names_git_would_quote_are_read_and_a_rename_keeps_every_version(tmp_path):
    dates = [f"2024-0{n}-01T10:00:00+00:00" for n in range(1, 7)]
    plain = source_with(
        tmp_path / "plain", [(dates[0], {"villkor-ä.md": terms(0)}, None), (dates[1], {"villkor-ä.md": terms(1)}, None)]
    )
    site = make_site(tmp_path / "site1", langs=("en",))
    result = import_into(site, f"{plain.path}:villkor-ä.md")
    assert result.exit_code == 0, result.output
    assert effective(site) == ["2024-01-01", "2024-02-01"]

    renamed = source_with(
        tmp_path / "renamed",
        [
            (dates[0], {"gammal-ö.md": terms(0)}, None),
            (dates[1], {"gammal-ö.md": terms(1)}, None),
            (dates[2], {}, ("gammal-ö.md", "nya villkor.md")),
            (dates[3], {"nya villkor.md": terms(2)}, None),
            (dates[4], {"nya villkor.md": terms(3)}, None),
        ],
    )
    site = make_site(tmp_path / "site2", langs=("en",))
    result = import_into(site, f"{renamed.path}:nya villkor.md")
    assert result.exit_code == 0, result.output
    assert effective(site) == ["2024-01-01", "2024-02-01", "2024-04-01", "2024-05-01"]  # the rename alone: none
    assert "gammal-ö.md@" in result.output  # the old name, as it was then, unquoted
    shown = site.git("show", f"{log(site)[2]['sha']}:policy/en/01-use.md")
    assert "and more" in shown and "and more and more" not in shown  # version 2 is the second text


# 2. Broken dates and authors ---------------------------------------------------------------------


def raw_commit(repo: GitRepo, text: str, author: str, committer: str, subject: str = "Broken") -> str:
    """A commit written as a raw object on top of HEAD, `terms.md` holding `text`; HEAD moves to it."""
    blob = _hash(repo, text.encode(), "blob")
    tree = _mktree(repo, f"100644 blob {blob}\tterms.md\n")
    body = f"tree {tree}\nparent {repo.git('rev-parse', 'HEAD')}\nauthor {author}\ncommitter {committer}\n\n{subject}\n"
    sha = _hash(repo, body.encode("utf-8"), "commit", literally=True)
    repo.git("update-ref", "HEAD", sha)
    return sha


def _hash(repo: GitRepo, data: bytes, kind: str, literally: bool = False) -> str:
    args = ["git", "hash-object", "-w", "-t", kind, *(["--literally"] if literally else []), "--stdin"]
    return subprocess.run(args, cwd=repo.path, input=data, capture_output=True, check=True).stdout.decode().strip()


def _mktree(repo: GitRepo, listing: str) -> str:
    return (
        subprocess.run(["git", "mktree"], cwd=repo.path, input=listing.encode(), capture_output=True, check=True)
        .stdout.decode()
        .strip()
    )


GOOD = "Ann Author <ann@example.org> 1717236000 +0200"  # 2024-06-01


@pytest.mark.parametrize(
    "committer, words",
    [
        ("Ann <ann@example.org> 1717236000 +9959", "the commit's date has the time zone +9959, which is no time zone"),
        (
            "Ann <ann@example.org> 253402300800 +0000",
            "the commit's date (253402300800 seconds after 1970) is outside the years 1900 to 9999",
        ),
        ("Ann <ann@example.org>", "the commit's date is missing or cannot be read"),
    ],
)
def test_a_commit_whose_date_cannot_be_read_is_named(tmp_path, committer, words):
    source = source_with(tmp_path / "source", [("2024-01-01T10:00:00+00:00", {"terms.md": terms(0)}, None)])
    sha = raw_commit(source, terms(1), GOOD, committer)
    site = make_site(tmp_path / "site", langs=("en",))
    before = state(site)
    result = import_into(site, f"{source.path}:terms.md")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"terms.md@{sha[:7]}: {words}" in result.output and "git replace --edit" in result.output, result.output
    assert state(site) == before
    commits = source_log.follow(gitsource.open_repo(str(source.path))[0], "terms.md", "x", keep_unreadable=True)
    assert [c.problem is not None for c in commits] == [False, True]  # kept, for the replay to report


def test_an_author_with_a_unit_separator_and_an_unreadable_author_date(tmp_path):
    """U+001F in an author's name is a name like any other; an author's date that cannot be
    read gives way to the committer's, with a note."""
    source = source_with(tmp_path / "source", [("2024-01-01T10:00:00+00:00", {"terms.md": terms(0)}, None)])
    sha = raw_commit(source, terms(1), "Ann\x1fAuthor <ann@example.org> 1717236000 +9959", GOOD)
    site = make_site(tmp_path / "site", langs=("en",))
    result = import_into(site, f"{source.path}:terms.md", "--keep-authors")
    assert result.exit_code == 0, result.output
    assert site.git("log", "-1", "--format=%an <%ae>%x00%aI").split("\0") == [
        "Ann\x1fAuthor <ann@example.org>",
        "2024-06-01T12:00:00+02:00",
    ]
    assert (
        f"terms.md@{sha[:7]}: the author's date has the time zone +9959, which is no time zone (offsets run "
        "from -2359 to +2359): the committer's date, 2024-06-01T12:00:00+02:00, is used" in result.output
    )


# 3. Bare repositories and worktrees -----------------------------------------------------------


def test_a_bare_repository_and_a_worktree_are_sources(tmp_path, monkeypatch):
    """Also where git is set to refuse bare repositories it finds by itself
    (safe.bareRepository=explicit): the import names its repository explicitly."""
    config = tmp_path / "gitconfig"
    config.write_text("[safe]\n\tbareRepository = explicit\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    source = source_with(
        tmp_path / "source",
        [
            ("2024-01-01T10:00:00+00:00", {"terms.md": terms(0)}, None),
            ("2024-02-01T10:00:00+00:00", {"terms.md": terms(1)}, None),
        ],
    )
    subprocess.run(["git", "clone", "--quiet", "--bare", str(source.path), str(tmp_path / "bare.git")], check=True)
    source.git("worktree", "add", "--quiet", str(tmp_path / "wt"), "-b", "other")
    assert (tmp_path / "wt" / ".git").is_file()
    for n, where in enumerate([tmp_path / "bare.git", tmp_path / "wt"]):
        site = make_site(tmp_path / f"site{n}", langs=("en",))
        result = import_into(site, f"{where}:terms.md")
        assert result.exit_code == 0, result.output
        assert effective(site) == ["2024-01-01", "2024-02-01"]


def test_a_bare_repository_whose_head_names_an_empty_branch(tmp_path):
    source = source_with(tmp_path / "source", [("2024-01-01T10:00:00+00:00", {"terms.md": terms(0)}, None)])
    bare = tmp_path / "pushed.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=trunk", str(bare)], check=True)
    source.git("push", "--quiet", str(bare), "main")
    site = make_site(tmp_path / "site", langs=("en",))
    result = import_into(site, f"{bare}:terms.md")
    assert result.exit_code == 1, result.output
    assert "HEAD names the branch trunk, which has no commits (the branches are main)" in result.output
    assert "symbolic-ref HEAD refs/heads/main" in result.output


# 4. What stands at the path --------------------------------------------------------------------


def odd_source(path: Path) -> GitRepo:
    """legal/privacy.md, a symbolic link to it, and a submodule, at one commit."""
    repo = source_with(path, [("2024-01-01T10:00:00+00:00", {"legal/privacy.md": terms(0)}, None)])
    os.symlink("legal/privacy.md", path / "privacy.md")
    repo.git("add", "--all")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.git('rev-parse', 'HEAD')},vendor")
    repo.git("commit", "--quiet", "-m", "Link and submodule", date="2024-02-01T10:00:00+00:00")
    return repo


@pytest.mark.parametrize(
    "path, words",
    [
        (
            "privacy.md",
            "privacy.md is a symbolic link to legal/privacy.md: name the file it points to "
            "(--history {repo}:legal/privacy.md)",
        ),
        ("legal", "legal is a folder: name the file in it (such as --history {repo}:legal/privacy.md)"),
        ("vendor", "vendor is a submodule (commit "),
        ("../../x.md", "../../x.md is outside the repository"),
        (
            "{repo}/legal/privacy.md",
            "is an absolute path (name the file from the repository's top folder, "
            "e.g. --history {repo}:legal/privacy.md)",
        ),
    ],
)
def test_what_is_no_file_in_the_repository_is_named_with_the_fix(tmp_path, path, words):
    source = odd_source(tmp_path / "source")
    site = make_site(tmp_path / "site", langs=("en",))
    before = state(site)
    result = import_into(site, f"{source.path}:{path.format(repo=source.path)}")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert words.format(repo=source.path) in result.output, result.output
    assert state(site) == before


def test_a_symbolic_link_in_an_old_commit_is_that_commits_problem(tmp_path):
    """The history does not end where the file was a link for a while: the commit is kept,
    with its problem, and the texts before and after it are read."""
    source = source_with(tmp_path / "source", [("2024-01-01T10:00:00+00:00", {"terms.md": terms(0)}, None)])
    (source.path / "terms.md").unlink()
    os.symlink("other.md", source.path / "terms.md")
    source.commit("A link for a while", "2024-02-01T10:00:00+00:00")
    (source.path / "terms.md").unlink()
    source.write("terms.md", terms(1))
    source.commit("A file again", "2024-03-01T10:00:00+00:00")
    repo, _ = gitsource.open_repo(str(source.path))
    commits = source_log.follow(repo, "terms.md", f"{source.path}:terms.md", keep_unreadable=True)
    assert [(c.data is not None, c.problem) for c in commits] == [
        (True, None),
        (
            False,
            f"terms.md is a symbolic link to other.md: name the file it points to (--history {source.path}:other.md)",
        ),
        (True, None),
    ]
    with pytest.raises(gitsource.ReplayError, match=r"terms.md@[0-9a-f]{7}: terms.md is a symbolic link"):
        source_log.follow(repo, "terms.md", f"{source.path}:terms.md")


# 5. Dates in the commit's own offset ----------------------------------------------------------


def test_the_day_of_a_version_is_the_day_where_its_commit_was_made(tmp_path):
    """17:02 -0700 on 10 April is 11 April in UTC. The version is effective on 10 April, and
    the next text's own "Last Updated: April 10" is not refused as earlier."""
    source = source_with(
        tmp_path / "source",
        [
            ("2024-04-10T17:02:00-07:00", {"terms.md": terms(0)}, None),
            ("2024-04-10T18:30:00-07:00", {"terms.md": terms(1, "Last Updated: April 10, 2024\n\n")}, None),
        ],
    )
    site = make_site(tmp_path / "site", langs=("en",))
    result = import_into(site, f"{source.path}:terms.md")
    assert result.exit_code == 0, result.output
    assert effective(site) == ["2024-04-10", "2024-04-10"]
    assert "earlier than" not in result.output
    assert [c["committer_date"] for c in log(site)[1:]] == ["2024-04-10T17:02:00-07:00", "2024-04-10T18:30:00-07:00"]
    first = read_history(site.path, ["en"]).versions[0]  # the site's record: published that day too
    assert first.published.date() == dt.date(2024, 4, 10) and iso_utc(first.published) == "2024-04-11T00:02:00Z"


# 6. The site's own policy.yml -------------------------------------------------------------------

ALIAS_BOMB = (
    "".join(
        ["a0: &a0 [x, x, x, x, x, x, x, x, x]\n"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)]
    )
    + "gaps: *a8\n"
)
META = (
    'version: "1"\neffective: 2024-01-01\nauthoritative: en\ntitle: {en: Terms}\nsummary: {en: First.}\n'
    "moved: {}\nremoved: []\n"
)
BAD = [
    (ALIAS_BOMB, "policy/policy.yml:7: the existing file uses the YAML alias *a0"),
    ("gaps: [[x]]\n", "policy/policy.yml:6: gaps: 'a nested value' is not an anchor"),
    ("moved: [a, b]\n", "policy/policy.yml:6: moved: must map old anchors to new ones"),
    ("removed: 5\n", "policy/policy.yml:6: removed: must be a list of anchors"),
]


def site_with_policy(path: Path, extra: str) -> GitRepo:
    """A site with one committed version, and `extra` at the end of its policy.yml (a key
    written again replaces the one before)."""
    site = make_site(path, langs=("en",))
    site.write("policy/en/01-use.md", "# 1. Use\n\na. You may use the service.\n")
    site.write("policy/policy.yml", META.replace("moved: {}\nremoved: []\n", "") + extra)
    site.commit("Terms 1", "2024-01-01T10:00:00+00:00")
    return site


@pytest.mark.parametrize("extra, words", BAD)
def test_a_malformed_site_policy_yml_is_named_by_a_translations_import(tmp_path, monkeypatch, extra, words):
    site = site_with_policy(tmp_path / "site", extra)
    (tmp_path / "de.md").write_text("# Bedingungen\n\n## 1. Nutzung\n\na. Sie dürfen.\n", encoding="utf-8")
    monkeypatch.chdir(site.path)
    result = CliRunner().invoke(main, ["import", str(tmp_path / "de.md"), "--language", "de"], catch_exceptions=False)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output.startswith(f"Error: {words}"), result.output


@pytest.mark.parametrize("extra, words", BAD)
def test_a_malformed_site_policy_yml_stops_an_import_onto_the_sites_history(tmp_path, extra, words):
    """With --force the import adds to what the site declared: a declaration it cannot read
    would be dropped, and with it the anchors it keeps."""
    site = site_with_policy(tmp_path / "site", extra)
    source = source_with(tmp_path / "source", [("2024-02-01T10:00:00+00:00", {"terms.md": terms(0)}, None)])
    before = state(site)
    result = import_into(site, f"{source.path}:terms.md", "--force")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert words in result.output, result.output
    assert state(site) == before
