"""The import reads a site's languages by one rule, SiteConfig's: the i18n plugin's languages
when mkdocs.yml has the plugin, none otherwise. The word "i18n" in a comment makes no i18n
site, and a folder without mkdocs.yml is told nothing about the i18n plugin.

Real site folders and repositories, read and written by the real code.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from gitrepo import GitRepo
from import_texts import DATA

from policykit.cli import main
from policykit.importing.target import open_site


def test_i18n_in_a_comment_makes_no_i18n_site(tmp_path):
    repo = GitRepo(tmp_path / "site", scaffold=False)
    repo.write("mkdocs.yml", "site_name: Policy\n# add the i18n plugin later\nplugins:\n  - policykit\n")
    (repo.path / "policy/en").mkdir(parents=True)  # a language folder, nothing in it for git to see
    assert open_site(repo.path, force=False).languages is None


def test_a_folder_without_mkdocs_yml_gets_no_i18n_advice(tmp_path, monkeypatch):
    (tmp_path / "policy/en").mkdir(parents=True)
    shutil.copy(DATA / "privacy.md", tmp_path / "privacy.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "privacy.md", "--language", "sv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "i18n" not in result.output
    assert (tmp_path / "policy/sv").is_dir()
