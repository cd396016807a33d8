"""Every message names the editor's file and line, and the fix: what once pointed nowhere
(an internal page of MkDocs, the theme, a literal `\\n`, a traceback, a language name in the
wrong language)."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from corpus_cases import make_case
from hostile_sites import EPOCH, POLICY, build, lint

from policykit.cli import main

TERMS = "# Terms\n\n## 998. First\n\nText one.\n\n## 999. Second\n\na. x\n\n## 1000. Third\n\na. Text.\n"


def _new_site(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "site"),
            "--languages",
            "en",
            "--title",
            "Terms",
            "--site-url",
            "https://example.org/terms/",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


def test_import_problems_are_one_line_each(tmp_path):
    """Two problems of one source: two lines, each with its file and line, no literal `\\n`."""
    site = _new_site(tmp_path)
    source = tmp_path / "terms.md"
    source.write_text("# Terms\n\n## 998. First\n\na. x\n\na. y\n\n## 999. Second\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["import", str(source), "--language", "en", "--into", str(site), "--force"], catch_exceptions=False
    )
    assert result.exit_code == 1
    lines = result.output.strip().split("\n")
    assert "\\n" not in result.output and len(lines) >= 2, result.output
    assert lines[0].startswith(f"Error: {source}:3: ") and lines[1].startswith(f"{source}:7: "), lines


def test_a_section_number_above_the_bound_is_named_at_its_heading(tmp_path):
    site = _new_site(tmp_path)
    source = tmp_path / "terms.md"
    source.write_text(TERMS, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["import", str(source), "--language", "en", "--into", str(site), "--force"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert (
        f"{source}:11: the section heading '1000. Third' has the number 1000, above 999, more than any "
        "policy has (correct the number in the source; sections are numbered from 1 up)"
    ) in result.output
    assert "appears twice" not in result.output


LINKS = (
    "# 1. Insamling\n\na. Vi samlar in namn, se [villkoren](villkor.md), [missbruk](../missbruk/index.md) "
    "och ![logga](logga.png).\n\nb. Se [punkt c](#s1-c) och [sidan](https://example.org/x.md).\n\n"
    "```\n[i kod](finns-inte.md)\n```\n\nc. Vi samlar in telefonnummer.\n"
)


@pytest.mark.build
def test_a_relative_link_to_nothing_is_named_at_the_policy_files_line(tmp_path):
    """Not MkDocs' `Doc file 'sv/index.md' contains a link…`, which names no file of the editor's."""
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": LINKS}})
    code, lines, _ = lint(repo.path)
    path = "policy/sv/01-insamling.md:3: the link"
    assert code == 1 and [line.split(":", 2)[1] for line in lines if line.startswith(path)] == ["3", "3", "3"], lines
    assert (
        f"{path} 'villkor.md' names a file of the site that is not there: on every page of the text it leads "
        "to docs/sv/villkor.md, which does not exist (link to a clause (#s1-a), to a file that is in the docs "
        "folder, or to a full https:// address)"
    ) in lines
    assert any("'../missbruk/index.md'" in line and "docs/missbruk/index.md" in line for line in lines)
    result = build(repo.path)
    assert result.returncode == 1 and f"ERROR   -  {path} 'villkor.md'" in result.output
    assert "Doc file" not in result.output and "Traceback" not in result.output


@pytest.mark.build
def test_a_relative_link_to_a_page_of_the_site_builds(tmp_path):
    """The same links once their targets are there: an image of the default language serves
    the others too (i18n's fallback)."""
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": LINKS}})
    repo.write("docs/sv/villkor.md", "# Villkor\n\nText.\n")
    repo.write("docs/missbruk/index.md", "# Missbruk\n\nText.\n")
    repo.write("docs/sv/logga.png", b"\x89PNG\r\n\x1a\n")
    en = LINKS.replace("# 1. Insamling", "# 1. Collection")
    repo.write("policy/en/01-collection.md", en)
    code, lines, _ = lint(repo.path)
    assert code == 0 and not any("the link" in line for line in lines), lines
    result = build(repo.path, EPOCH, "--strict")
    assert result.returncode == 0, result.output
    page = (result.site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="villkor/"' in page and 'src="../logga.png"' in page


@pytest.mark.build
def test_a_site_url_with_a_quote_is_named_in_mkdocs_yml(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        "\n".join(
            'site_url: https://example.org/a"b/' if line.startswith("site_url:") else line for line in text.split("\n")
        ),
        encoding="utf-8",
    )
    line = (
        1
        + [n for n, text in enumerate(config.read_text(encoding="utf-8").split("\n")) if text.startswith("site_url:")][
            0
        ]
    )
    result = build(repo.path)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert (
        f"ERROR   -  mkdocs.yml:{line}: site_url 'https://example.org/a\"b/' holds '\"', which an address does not "
        "need (write the address plainly, percent-encoded where needed"
    ) in result.output
    assert "main.html" not in result.output


@pytest.mark.build
def test_a_theme_problem_names_the_config_file_and_its_line(tmp_path):
    """The adapter's own refusals of mkdocs.yml are said as every problem is: file, line, (fix)."""
    repo = make_case(tmp_path / "repo", {})
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n  name: material\n", "\n  name: mkdocs\n", 1), encoding="utf-8")
    line = 1 + text.split("\n").index("  name: material")
    result = build(repo.path)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert (
        f"ERROR   -  mkdocs.yml:{line}: theme 'mkdocs': policykit's pages are written for Material for MkDocs "
        "(set `theme: {name: material}`)"
    ) in result.output, result.output


@pytest.mark.build
def test_a_locale_of_another_language_is_named_in_english(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    config = repo.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("locales: {en: en_GB}", "locales: {en: ar}"), encoding="utf-8"
    )
    code, lines, _ = lint(repo.path)
    assert (
        "mkdocs.yml: policykit's locales: en: ar is a locale of another language (Arabic), so en pages "
        "would get its dates (name a locale of English, such as en: en_GB)"
    ) in lines


@pytest.mark.build
def test_policy_diff_of_what_names_no_commit_says_so(tmp_path):
    repo = make_case(
        tmp_path / "repo",
        {
            "commits": [
                {
                    "sv/01-insamling.md": LINKS.replace("villkor.md", "#s1-b")
                    .replace("../missbruk/index.md", "#s1-b")
                    .replace("![logga](logga.png)", "")
                }
            ]
        },
    )
    for revision, message in [
        ("HEAD~1:../../", "no such revision: HEAD~1:../../"),
        ("HEAD:policy", "HEAD:policy names a tree, not a commit"),
        ("no-such-branch", "no such revision: no-such-branch"),
    ]:
        proc = subprocess.run([str(POLICY), "diff", revision, "HEAD"], cwd=repo.path, capture_output=True, text=True)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.strip() == (
            f"Error: {message} (name a version label, a commit, a branch or a tag, such as 1.0, HEAD~1, main or v1.0)"
        ), proc.stderr
