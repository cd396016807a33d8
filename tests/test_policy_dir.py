"""A policy kept in another folder than policy/ (`policy_dir`, relative to mkdocs.yml): read,
its history found, and every message naming the real folder; fix hints that follow the project's
own files and languages, never the Swedish example site's."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, SV_1_0, files

from policykit.cli import main
from policykit.project.config import SiteConfig
from policykit.project.load import load_project
from policykit.text.checks import FixableError
from policykit.text.source import load_policy

EPOCH_2026_06_01 = "1780272000"
I18N = """\
  - i18n:
      docs_structure: folder
      languages:
        - {locale: sv, name: Svenska, default: true}
        - {locale: en, name: English}
"""
PLUGIN = "plugins:\n  - search\n  - policykit:\n      policy_dir: {folder}\n" + I18N
HOOKS = "plugins:\n  - search\n" + I18N + "extra:\n  policykit:\n    policy_dir: {folder}\n"


def make_repo(path, folder: str = "legal", config: str = PLUGIN) -> GitRepo:
    """Versions 1.0 and 1.1 of the policy in `folder`, committed with pinned dates."""
    repo = GitRepo(path, scaffold=False)
    repo.write("mkdocs.yml", "site_name: Policy\n" + config.replace("{folder}", folder))

    def write(overlay: dict[str, str]) -> None:
        for rel, text in overlay.items():
            repo.write(f"{folder}/{rel}", text)

    write({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write("README.md", "Not the policy.\n")
    repo.commit("Outside the policy", "2026-01-20T10:00:00Z")
    write(
        {
            "policy.yml": meta("1.1", "2026-02-15"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace("namn.", "namn och adress."),
            "en/01-collection.md": EN_1_0["01-collection.md"].replace("names.", "names and addresses."),
        }
    )
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    return repo


def break_a_label(repo: GitRepo, folder: str = "legal") -> None:
    """Clause b of section 1 loses its label (c follows a)."""
    path = repo.path / folder / "sv" / "01-insamling.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\nb. ", "\nc. ", 1), encoding="utf-8")


@pytest.fixture(autouse=True)
def build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_06_01)


@pytest.mark.parametrize("folder", ["legal", "docs-legal/policy"])
def test_the_text_and_the_history_are_read_from_the_folder(tmp_path, folder):
    repo = make_repo(tmp_path / "repo", folder)
    project = load_project(repo.path, ["sv", "en"])
    assert [str(p) for p in project.problems if p.severity > 1] == []
    assert project.policy_dir == folder and project.files.shown == folder
    assert project.working.texts["sv"].ids()[:3] == ["s0", "s1", "s1-a"]
    assert project.working.texts["sv"].find("s1-a").path == f"{folder}/sv/01-insamling.md"
    versions = project.history.versions
    assert [v.label for v in versions] == ["1.0", "1.1"]
    assert [v.published.isoformat() for v in versions] == ["2026-01-10T10:00:00+00:00", "2026-02-01T10:00:00+00:00"]
    assert versions[0].commits == 1  # the commit outside the folder is not one of the policy's
    assert project.record.current.label == "1.1"


@pytest.mark.parametrize("folder", ["legal", "docs-legal/policy"])
def test_a_problem_names_the_real_folder(tmp_path, folder):
    repo = make_repo(tmp_path / "repo", folder)
    break_a_label(repo, folder)
    project = load_project(repo.path, ["sv", "en"])
    found = [str(p) for p in project.problems]
    assert (
        f"{folder}/sv/01-insamling.md:5: clause 'c' follows 'a' ('b' is missing) (add 'b', correct the "
        f"label, or, if s1-b was published and then removed, declare it in {folder}/policy.yml: "
        "removed: [s1-b])"
    ) in found
    assert all(p.path.startswith(f"{folder}/") for p in project.problems), found
    assert "policy/" not in "\n".join(found).replace(f"{folder}/", ""), found


def test_the_default_is_still_policy(tmp_path):
    repo = GitRepo(tmp_path / "repo", scaffold=False)
    repo.write("mkdocs.yml", "site_name: Policy\nplugins:\n  - search\n  - policykit\n")
    assert SiteConfig.read(repo.path).policy_dir == "policy"
    repo.write("mkdocs.yml", "site_name: Policy\nplugins:\n  policykit:\n    policy_dir: legal/\n")
    assert SiteConfig.read(repo.path).policy_dir == "legal"  # the mapping form of plugins, a final / dropped


@pytest.mark.parametrize("config", [PLUGIN, HOOKS], ids=["plugin", "hooks"])
def test_policy_lint_finds_the_folder_from_mkdocs_yml(tmp_path, monkeypatch, config):
    repo = make_repo(tmp_path / "repo", config=config)
    clean = CliRunner().invoke(main, ["lint", "--root", str(repo.path)])
    assert clean.exit_code == 0, clean.output
    break_a_label(repo)
    monkeypatch.chdir(repo.path / "legal" / "sv")  # found from here, as an editor runs it
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("legal/sv/01-insamling.md:5: clause 'c' follows 'a'")
    assert "policy/" not in result.stdout


def test_policy_versions_and_diff_read_the_folder(tmp_path):
    repo = make_repo(tmp_path / "repo")
    lines = CliRunner().invoke(main, ["versions", "--root", str(repo.path)]).output.splitlines()
    assert lines[0].startswith("1.0        past      published 2026-01-10")
    assert lines[1].startswith("1.1        current   published 2026-02-01")
    diff = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--root", str(repo.path)])
    assert diff.exit_code == 0 and "Vi samlar in namn{+ och adress+}." in diff.output


@pytest.mark.parametrize(
    "value, reason",
    [
        ("../x", "goes up out of the project ('..')"),
        ("legal/../../x", "goes up out of the project ('..')"),
        ("/abs", "is an absolute path"),
        ("''", "is empty"),
        (".", "names the project folder itself"),
        ("[legal]", "is not a folder name"),
    ],
)
def test_a_bad_policy_dir_is_one_clear_line(tmp_path, value, reason):
    repo = make_repo(tmp_path / "repo")
    repo.write("mkdocs.yml", "site_name: Policy\n" + PLUGIN.replace("{folder}", value))
    result = CliRunner().invoke(main, ["lint", "--root", str(repo.path)])
    assert result.exit_code == 1
    [line] = result.output.splitlines()  # the one format: mkdocs.yml, the option's line, (the fix)
    assert line.startswith("Error: mkdocs.yml:5: policy_dir: ") and reason in line
    assert line.endswith("(name a folder inside the project, relative to mkdocs.yml, such as policy_dir: policy)")
    with pytest.raises(FixableError):
        SiteConfig.read(repo.path)


@pytest.mark.build
def test_a_build_with_another_config_file_names_that_file_and_its_line(tmp_path):
    """`mkdocs build -f site.yml`: the option's problem is in site.yml, at its line there, not in
    mkdocs.yml (which is fine, and has other lines)."""
    from building import mkdocs_build

    repo = make_repo(tmp_path / "repo")
    (repo.path / "docs").mkdir()
    repo.write(
        "site.yml",
        "site_name: Policy\n# the published site\ntheme: {name: material}\n" + PLUGIN.replace("{folder}", "../x"),
    )
    result = mkdocs_build(repo.path, "-f", "site.yml")
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert "site.yml:7: policy_dir: '../x' goes up out of the project ('..')" in result.output, result.output
    assert "mkdocs.yml:" not in result.output


@pytest.mark.build
def test_a_site_in_two_languages_without_i18n_is_one_clear_line_in_the_build(tmp_path):
    """A FixableError of a later configuration step reaches MkDocs as its error too (the
    adapter says every one in one place), at the line of `plugins:`."""
    from building import mkdocs_build

    repo = make_repo(
        tmp_path / "repo",
        config="theme: {name: material}\nplugins:\n  - search\n  - policykit:\n      policy_dir: {folder}\n",
    )
    (repo.path / "docs").mkdir()
    result = mkdocs_build(repo.path)
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert "ERROR   -  mkdocs.yml:3: the site has no i18n plugin, but legal/ holds the languages" in result.output


def test_a_policy_dir_through_a_link_out_of_the_project_is_refused(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (tmp_path / "elsewhere" / "policy").mkdir(parents=True)
    (repo.path / "out").symlink_to(tmp_path / "elsewhere")
    repo.write("mkdocs.yml", "site_name: Policy\n" + PLUGIN.replace("{folder}", "out/policy"))
    with pytest.raises(FixableError, match="leads out of the project"):
        load_project(repo.path, ["sv", "en"])
    repo.write("mkdocs.yml", "site_name: Policy\n" + PLUGIN.replace("{folder}", "../repo/legal"))
    with pytest.raises(FixableError, match="goes up out of the project"):
        load_project(repo.path, ["sv", "en"])


EN_META = """\
version: "1.0"
effective: 2026-11-25
timezone: Nowhere/Atlantis
title: {en: Privacy Policy}
summary: {en: First version.}
"""


def test_an_english_project_is_given_no_swedish_example(tmp_path):
    legal = tmp_path / "legal"
    for name, text in {
        "00-introduction.md": "# Privacy Policy\n\nIntroduction.\n",
        "01-collection.md": "# 1. Collection\n\na. One.\n",
        "02-use.md": "# 2. Use\n\na. Two.\n",
        "contact.md": "# 3. Contact\n\na. Three.\n",
    }.items():
        (legal / "en").mkdir(parents=True, exist_ok=True)
        (legal / "en" / name).write_text(text, encoding="utf-8")
    (legal / "policy.yml").write_text(EN_META, encoding="utf-8")
    found = [str(p) for p in load_policy(tmp_path, ["en"], policy_dir="legal").problems]
    assert (
        "legal/en/contact.md: the file name does not start with a section number (name it NN-title.md, "
        "e.g. 03-contact.md (00-*.md is the preamble))"
    ) in found
    assert (
        "legal/policy.yml:1: 'authoritative' is missing (add 'authoritative: ...', a language code such as en)" in found
    )
    text = "\n".join(found)
    for swedish in ("kontakt", "sv", "Stockholm", "policy/"):
        assert swedish not in text, (swedish, found)


@pytest.mark.parametrize(
    "names, wrong, example",
    [
        (["1-intro.md", "2-scope.md"], "Contact Us.md", "3-contact-us.md"),
        (["001-Preamble.md", "009-Data_Use.md"], "data sharing.md", "010-data_sharing.md"),
        (["00-intro.md", "02a-inserted.md"], "03 notes.md", "03-notes.md"),
        (["01-a.md"], "---.md", "02-title.md"),
    ],
)
def test_the_example_name_follows_the_folders_files(tmp_path, names, wrong, example):
    (tmp_path / "policy" / "en").mkdir(parents=True)
    for name in [*names, wrong]:
        (tmp_path / "policy" / "en" / name).write_text("# x\n", encoding="utf-8")
    found = [str(p) for p in load_policy(tmp_path, ["en"]).problems if "section number (" in str(p)]
    assert found == [
        f"policy/en/{wrong}: the file name does not start with a section number (name it "
        f"NN-title.md, e.g. {example} (00-*.md is the preamble))"
    ]


def test_without_a_numbered_file_there_is_no_example(tmp_path):
    (tmp_path / "policy" / "en").mkdir(parents=True)
    (tmp_path / "policy" / "en" / "contact.md").write_text("# 1. Contact\n", encoding="utf-8")
    found = [str(p) for p in load_policy(tmp_path, ["en"]).problems if "section number (" in str(p)]
    assert found == [
        "policy/en/contact.md: the file name does not start with a section number "
        "(name it NN-title.md (00-*.md is the preamble))"
    ]
