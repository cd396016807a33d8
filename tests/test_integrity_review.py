"""What a second attack found after the first fixes: files that MkDocs publishes from outside
docs/'s check, a home folder that looks empty, and a version that takes effect before the one it
follows."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from corpus_cases import make_case
from hostile_sites import build, lint

pytestmark = pytest.mark.build  # every test here builds a site


def _config(repo, old: str, new: str) -> None:
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_files_of_a_theme_folder_pass_the_allow_list_of_docs(tmp_path):
    """MkDocs publishes a custom_dir's files but its templates as they are: a service worker, a
    scripted SVG or an XHTML page there runs with the site's rights, as from docs/."""
    repo = make_case(tmp_path / "repo", {})
    repo.write("overrides/sw.js", "self.addEventListener('fetch', e => e.respondWith(new Response('pwned')))\n")
    repo.write("overrides/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    repo.write("overrides/evil.xhtml", "<x/>\n")
    repo.write("overrides/partials/footer.html", '{% extends "base.html" %}\n')  # a template: not published
    repo.write(
        "overrides/assets/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    )
    _config(repo, "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n")
    code, lines, _ = lint(repo.path)
    named = sorted(line.split(":")[0] for line in lines if line.startswith("overrides/"))
    assert code == 1 and named == ["overrides/evil.svg", "overrides/evil.xhtml", "overrides/sw.js"], lines
    result = build(repo.path)
    assert (
        result.returncode == 1 and "ERROR   -  overrides/sw.js: a script that mkdocs.yml does not list" in result.output
    )
    assert not result.site.exists()


def test_exclude_docs_may_not_publish_what_docs_check_does_not_read(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write("docs/.well-known/x.html", "<script>alert(1)</script>\n")
    text = (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    (repo.path / "mkdocs.yml").write_text(text + "exclude_docs: |\n  !.well-known/\n", encoding="utf-8")
    code, lines, _ = lint(repo.path)
    assert code == 1 and any(
        line.startswith("mkdocs.yml:") and "exclude_docs re-includes files with '!'" in line for line in lines
    ), lines
    result = build(repo.path)
    assert result.returncode == 1 and "exclude_docs re-includes files" in result.output
    assert not (result.site / ".well-known").exists()


def test_a_home_folder_is_no_site_dir(tmp_path):
    """A home folder holds dot-files only, at first: it looks empty, and the next build would
    take every other file put there since."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text("x\n", encoding="utf-8")
    repo = make_case(tmp_path / "repo", {})
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(home)],
        cwd=repo.path,
        env={**os.environ, "HOME": str(home), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1780272000"},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "your home folder" in proc.stderr + proc.stdout, proc.stderr
    assert sorted(p.name for p in home.iterdir()) == [".profile"]


def test_a_version_may_not_take_effect_before_the_one_it_follows(tmp_path):
    """Effective before the version it follows, it would make that one never in force, on days
    when readers were shown it was: an error at policy.yml's line, in lint and the build."""
    repo = make_case(tmp_path / "repo", {})
    meta = repo.path / "policy" / "policy.yml"
    text = meta.read_text(encoding="utf-8")
    lines = [
        (
            'version: "1.1"'
            if line.startswith("version:")
            else "effective: 2025-12-01"
            if line.startswith("effective:")
            else line
        )
        for line in text.split("\n")
    ]
    meta.write_text("\n".join(lines), encoding="utf-8")
    repo.commit("1.1, back-dated", "2026-03-01T10:00:00Z")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("effective:"))
    code, found, _ = lint(repo.path)
    message = (
        f"policy/policy.yml:{number}: effective 2025-12-01 is earlier than 2026-01-15, the day version 1.0 "
        "took effect, which would then never have been in force (set effective to 2026-01-15 or later)"
    )
    assert code == 1 and message in found, found
    result = build(repo.path)
    assert result.returncode == 1 and f"ERROR   -  {message}" in result.output


def test_struck_words_are_shown_as_the_record_reads_them(tmp_path):
    """`We do <del>not </del>sell` would show "not" struck while policy.json and search read it:
    the policy's text keeps the words without the strike, and lint says so."""
    text = (
        "# 1. Insamling\n\na. Vi säljer <del>inte </del>dina uppgifter.\n\n"
        "b. Vi delar <s>inte </s>dem.\n\nc. Vi samlar in telefonnummer.\n"
    )
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
    code, lines, _ = lint(repo.path)
    assert (
        sum(
            "the HTML element <del> is removed from the page, its words kept" in line
            or "the HTML element <s> is removed from the page, its words kept" in line
            for line in lines
        )
        == 2
    ), lines
    result = build(repo.path)
    assert result.returncode == 0, result.output
    page = (result.site / "index.html").read_text(encoding="utf-8")
    assert "Vi säljer inte dina uppgifter." in page and "Vi delar inte dem." in page
    assert "<del>inte" not in page and "<s>inte" not in page
