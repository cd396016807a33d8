"""One intake: the site's configuration is read and checked once, by project/config.py, whether
it comes from mkdocs.yml (`policy lint`) or from MkDocs' loaded configuration (the plugin, and
the hooks file that wires the same plugin). A wrong option is the same line from each way in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from building import mkdocs_build
from click.testing import CliRunner
from mkdocs.config import load_config

from policykit.adapter.options import site_config
from policykit.cli import main
from policykit.project.config import SiteConfig

ROOT = Path(__file__).resolve().parent.parent

#: The same option at the same line (7) of mkdocs.yml: under the plugin, and under extra: for
#: a site that wires the package through a hooks file.
PLUGIN = """\
site_name: Policy
site_url: https://example.org/
docs_dir: docs
theme: {name: material}
plugins:
  - policykit:
      policy_dir: %s
"""
HOOKS = """\
site_name: Policy
site_url: https://example.org/
theme: {name: material}
hooks: [hooks/policy.py]
extra:
  policykit:
    policy_dir: %s
"""
FIX = "(name a folder inside the project, relative to mkdocs.yml, such as policy_dir: policy)"


def make_site(path: Path, config: str, value: str) -> Path:
    """A site of one language whose mkdocs.yml gives policy_dir `value`."""
    (path / "docs").mkdir(parents=True)
    (path / "policy" / "en").mkdir(parents=True)
    (path / "hooks").mkdir()
    shutil.copy2(ROOT / "hooks" / "policy.py", path / "hooks" / "policy.py")
    (path / "mkdocs.yml").write_text(config % value, encoding="utf-8")
    return path


def said(output: str) -> list[str]:
    """The lines that name mkdocs.yml's policy_dir, without what the tool puts before them."""
    return re.findall(r"mkdocs\.yml:\d+: policy_dir: .*", output)


@pytest.mark.build
@pytest.mark.parametrize(
    "value, reason",
    [
        ("../outside", "goes up out of the project ('..')"),
        ("/srv/policy", "is an absolute path"),
        ("[legal]", "is not a folder name"),
    ],
)
def test_a_bad_policy_dir_is_the_same_line_from_the_plugin_the_hooks_file_and_lint(tmp_path, value, reason):
    shown = repr(["legal"]) if value == "[legal]" else repr(value)
    expected = f"mkdocs.yml:7: policy_dir: {shown} {reason} {FIX}"
    found = {}
    for name, config in (("plugin", PLUGIN), ("hooks", HOOKS)):
        site = make_site(tmp_path / name, config, value)
        built = mkdocs_build(site)
        assert built.returncode != 0 and "Traceback" not in built.output, built.output
        linted = CliRunner().invoke(main, ["lint", "--root", str(site)])
        assert linted.exit_code == 1, linted.output
        assert linted.output.splitlines() == [f"Error: {expected}"], linted.output
        found[f"mkdocs build ({name})"] = said(built.output)
        found[f"policy lint ({name})"] = said(linted.output)
    assert found == {way: [expected] for way in found}, found


@pytest.mark.build
def test_an_unknown_option_is_the_same_line_from_the_plugin_and_lint(tmp_path):
    site = make_site(tmp_path / "site", PLUGIN.replace("policy_dir:", "polcy_dir:"), "legal")
    built, linted = mkdocs_build(site), CliRunner().invoke(main, ["lint", "--root", str(site)])
    expected = "mkdocs.yml:7: 'polcy_dir' is not an option of policykit (the options are policy_dir, locales, words_dir"
    assert built.returncode != 0 and expected in built.output, built.output
    assert linted.exit_code == 1 and linted.output.startswith(f"Error: {expected}"), linted.output


def test_mkdocs_yml_and_mkdocs_config_give_the_same_site_config():
    """This repository's own site (a hooks site in two languages, options under extra:)."""
    read = SiteConfig.read(ROOT)
    loaded = site_config(load_config(str(ROOT / "mkdocs.yml")))
    assert loaded == read
    assert read.languages == ["sv", "en"] and read.locales == {"en": "en_GB"} and read.policy_dir == "policy"


def test_the_languages_follow_one_rule(tmp_path):
    """i18n's languages, the default first; else the policy's folders; else the theme's language."""
    (tmp_path / "policy" / "fr").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: {name: material, language: de}\n", encoding="utf-8")
    assert SiteConfig.read(tmp_path).languages == ["fr"]
    (tmp_path / "policy" / "fr").rmdir()
    assert SiteConfig.read(tmp_path).languages == ["de"]
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - i18n:\n      languages:\n"
        "        - {locale: en, name: E}\n        - {locale: sv, name: S, default: true}\n"
        "        - {locale: 'null', name: Other, fixed_link: /x/}\n",
        encoding="utf-8",
    )
    assert SiteConfig.read(tmp_path).languages == ["sv", "en"]


def test_every_error_is_one_type_said_one_way():
    """What stops a command or the build is a FixableError, said as a Problem is said."""
    from policykit.commands.newsite import InitError
    from policykit.importing.gitsource import ReplayError
    from policykit.importing.outside_options import OutsideError
    from policykit.importing.sitemeta import SiteMetaError
    from policykit.importing.units import ImportProblem, ImportProblems
    from policykit.record.history import HistoryError
    from policykit.record.in_force import BuildDateError
    from policykit.text.checks import CHECKS, FixableError
    from policykit.words.catalogue import WordsError

    located = [
        ImportProblem("what", "fix", path="a.md", line=3),
        WordsError("what", "fix", path="a.md", line=3),
        SiteMetaError("what", "fix", path="a.md", line=3),
        FixableError("what", "fix", path="a.md", line=3),
    ]
    assert {str(error) for error in located} == {"a.md:3: what (fix)"}
    for kind in (ImportProblem, WordsError, SiteMetaError, FixableError, InitError):
        with pytest.raises(TypeError):  # where is said by name, so no two kinds take it in another order
            kind("what", "fix", "a.md", 3)
    assert {
        str(error)
        for error in [
            ReplayError("what", "fix"),
            HistoryError("what", "fix"),
            BuildDateError("what", "fix"),
            OutsideError("what", "fix"),
        ]
    } == {"what (fix)"}
    assert str(InitError("--languages is required")) == "--languages is required"
    several = ImportProblems(
        [ImportProblem("what", "fix", path="a.md", line=3), ImportProblem("else", "mend\x1b", path="a.md", line=9)]
    )
    assert several.lines == ["a.md:3: what (fix)", "a.md:9: else (mend\\x1b)"]
    assert str(located[1].problem(CHECKS["words-invalid"])) == "a.md:3: what (fix)"


@pytest.mark.build
@pytest.mark.parametrize(
    "option, message",
    [
        ("cache_dir: docs/cache", "cache_dir: 'docs/cache' overlaps docs_dir (docs)"),
        ("cache_dir: legal/.cache", "cache_dir: 'legal/.cache' overlaps policy_dir (legal)"),
        ("cache: sometimes", "cache: 'sometimes' is not true or false"),
    ],
)
def test_a_cache_where_the_site_publishes_or_reads_its_text_is_refused(tmp_path, option, message):
    """Inside docs_dir the cache would be published, inside the policy folder read as text."""
    site = make_site(tmp_path / "site", PLUGIN.replace("policy_dir:", f"{option}\n      policy_dir:"), "legal")
    built, linted = mkdocs_build(site), CliRunner().invoke(main, ["lint", "--root", str(site)])
    assert built.returncode != 0 and message in built.output and "Traceback" not in built.output, built.output
    assert linted.exit_code == 1 and message in linted.output, linted.output
