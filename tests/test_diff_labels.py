"""`policy diff` takes version labels, as readers know the versions (`policy diff 1.0 1.1`), and
git names (a tag, a branch, a short commit id). A version label wins over a git name spelled the
same, and stderr says which was used. A unit that a translation leaves untranslated is not
listed as changed in that language: its text there is the authoritative one, listed once.

Real git repositories with pinned dates and the real command.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, SV_1_0, files

from policykit.cli import main

SV_1_1 = {**SV_1_0, "01-insamling.md": SV_1_0["01-insamling.md"].replace("namn.", "namn och adress.")}
EN_1_1 = {**EN_1_0, "01-collection.md": EN_1_0["01-collection.md"].replace("names.", "names and addresses.")}
SV_1_2 = {**SV_1_1, "02-anvandning.md": SV_1_1["02-anvandning.md"].replace("delar inte", "säljer inte")}
EN_1_2 = {**EN_1_1, "02-use.md": EN_1_1["02-use.md"].replace("do not share", "do not sell")}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    """Versions 1.0, 1.1 and 1.2 on main (1.1 in two commits); a tag `1.0` that names the
    commit of 1.1 (a git name spelled as a label), a tag `v1.0` on the commit of 1.0."""
    repo = GitRepo(tmp_path / "repo")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.git("tag", "v1.0")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15"), **files("sv", SV_1_1), **files("en", EN_1_1)})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15", summary="Typo")})
    repo.commit("1.1, its summary", "2026-02-02T10:00:00Z")
    repo.git("tag", "1.0")  # the git name `1.0` is the last commit of 1.1
    repo.write_policy({"policy.yml": meta("1.2", "2026-03-15"), **files("sv", SV_1_2), **files("en", EN_1_2)})
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    return repo


def short(repo: GitRepo, rev: str) -> str:
    return repo.git("rev-parse", "--short=7", rev)


def test_version_labels_win_over_git_names_and_say_so(repo):
    result = run("diff", "1.0", "1.1", "--root", str(repo.path))
    assert result.exit_code == 0, result.output
    first, last = short(repo, "v1.0"), short(repo, "HEAD~1")
    assert result.stderr.splitlines() == [
        f"1.0 = version 1.0 (commit {first}); the git name 1.0 (commit {last}) is not used: the version label wins",
        f"1.1 = version 1.1 (commit {last})",
    ]
    assert result.stdout.startswith(f"policy diff: 1.0 (1.0 {first}) -> 1.1 (1.1 {last})\n")
    assert "1 a (s1-a, sv): Vi samlar in namn{+ och adress+}." in result.stdout
    assert "2 b" not in result.stdout  # 1.2's change is not in 1.1


@pytest.mark.parametrize(
    "base, said",
    [
        ("v1.0", "v1.0 = tag v1.0 (commit {tag}, version 1.0)"),
        ("main~1", "main~1 = revision main~1 (commit {last}, version 1.1)"),
        ("{inside}", "{inside} = revision {inside} (commit {inside})"),  # the first commit of 1.1: no version's text
    ],
)
def test_git_names_still_work_and_say_what_they_are(repo, base, said):
    names = {"tag": short(repo, "v1.0"), "last": short(repo, "HEAD~1"), "inside": short(repo, "HEAD~2")}
    base, said = base.format_map(names), said.format_map(names)
    result = run("diff", base, "main", "--root", str(repo.path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [said, f"main = branch main (commit {short(repo, 'HEAD')}, version 1.2)"]
    assert "s2-b" in json.loads(result.stdout)["changes"]["changed"]


def test_a_name_that_is_neither_is_refused_with_the_kinds_it_could_be(repo):
    result = run("diff", "9.9", "--root", str(repo.path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: no such revision: 9.9 (name a version label, a commit, a branch or a tag")


def test_an_untranslated_unit_is_not_listed_as_changed_in_its_translation(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    untranslated = "---\nuntranslated: [s2-b]\n---\n# 2. Use\n\na. We use the data.\n"
    repo.write_policy(
        {
            "policy.yml": meta("1.0", "2026-01-15"),
            **files("sv", SV_1_0),
            **files("en", {**EN_1_0, "02-use.md": untranslated}),
        }
    )
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15"), "sv/02-anvandning.md": SV_1_2["02-anvandning.md"]})
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    text = run("diff", "HEAD~1", "HEAD", "--root", str(repo.path))
    assert text.exit_code == 0, text.output
    assert "2 b (s2-b, sv): Vi [-delar-]{+säljer+} inte uppgifterna." in text.stdout
    assert "s2-b, en" not in text.stdout
    data = json.loads(run("diff", "HEAD~1", "HEAD", "--root", str(repo.path), "--format", "json").stdout)
    assert data["changes"]["changed"] == ["s2-b"] and data["changes"]["translation_updated"] == {}
    assert [(r["id"], r["lang"]) for r in data["redlines"]] == [("s2-b", "sv")]


def test_a_fault_past_the_revision_is_not_called_a_missing_revision(repo, monkeypatch):
    """Only a name that resolves to no commit is "no such revision": an error while the policy
    is read (a fault of the program) is not blamed on the name the user gave."""
    import policykit.commands.diff as diff_command

    def broken(*args, **kwargs):
        raise ValueError("a fault while checking the policy")

    monkeypatch.setattr(diff_command, "check_policy", broken)
    with pytest.raises(ValueError, match="a fault while checking"):
        run("diff", "1.0", "--root", str(repo.path))


def test_a_build_date_error_is_no_value_error():
    """Nothing catches it as a ValueError: a handler of ValueError would take it for another error."""
    from policykit.record.in_force import BuildDateError

    assert not issubclass(BuildDateError, ValueError)
