"""Hostile inputs that a corpus file cannot express: symbolic links, file names with control
characters, commits dated in the year 10000, SOURCE_DATE_EPOCH, old commits beyond a bound.

Real git repositories, the real `policy lint` and, where it matters, a real `mkdocs build`.
Every case that once hung runs `policy lint` in a subprocess with a bound on its CPU time
(conftest.run_bounded), so that a regression fails instead of hanging, on a busy machine as on
an idle one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from building import cpu_time
from click.testing import CliRunner
from corpus_cases import CORPUS, make_case
from gitrepo import meta
from hostile_sites import EPOCH, build, lint
from small_policy import EN_1_0, SV_1_0

from policykit.cli import main
from policykit.text.checks import CHECKS, Problem, printable

SECRET = "top secret, outside the repository"
LINK_FIX = "only files inside the repository are read"
SV1, EN1 = SV_1_0["01-insamling.md"], EN_1_0["01-collection.md"]


def assert_refused(path: Path, expected: list[str], epoch: str = EPOCH) -> None:
    """lint prints exactly `expected` and exits 1; the build fails on the same first line,
    without a traceback and without writing a site."""
    code, lines, _ = lint(path, epoch=epoch)
    assert (code, lines) == (1, expected)
    result = build(path, epoch)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert expected[0] in result.output
    assert not result.site.exists()


def site_text(site: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".md")
    )


def link_line(path: str, folder: bool = False) -> str:
    kind = "folder" if folder else "file"
    return (
        f"{path}: the {kind} is a symbolic link, which is not followed: {LINK_FIX} "
        f"(replace the link with the {kind} itself)"
    )


# Files: only files inside the repository are read


@pytest.mark.build
@pytest.mark.parametrize("what", ["section file", "language folder", "policy.yml", "policy folder"])
def test_a_symbolic_link_under_policy_is_refused_and_never_followed(tmp_path, what):
    repo = make_case(tmp_path / "repo", {})
    outside = tmp_path / "outside"
    outside.mkdir()
    policy = repo.path / "policy"
    if what == "section file":
        (outside / "03-secret.md").write_text(f"# 3. Secret\n\na. {SECRET}.\n", encoding="utf-8")
        for lang in ("sv", "en"):
            (policy / lang / "03-secret.md").symlink_to(outside / "03-secret.md")
        expected = [link_line("policy/en/03-secret.md"), link_line("policy/sv/03-secret.md")]
    elif what == "language folder":
        (policy / "en").rename(outside / "en")
        (outside / "en" / "02-use.md").write_text(f"# 2. Use\n\na. {SECRET}.\n\nb. x\n", encoding="utf-8")
        (policy / "en").symlink_to(outside / "en", target_is_directory=True)
        expected = [link_line("policy/en/", folder=True)]
    elif what == "policy.yml":
        (policy / "policy.yml").rename(outside / "policy.yml")
        (policy / "policy.yml").symlink_to(outside / "policy.yml")
        expected = [link_line("policy/policy.yml")]
    else:
        policy.rename(outside / "policy")
        (outside / "policy" / "sv" / "02-anvandning.md").write_text(f"# 2. A\n\na. {SECRET}.\n\nb. x\n")
        policy.symlink_to(outside / "policy", target_is_directory=True)
        expected = [link_line("policy/", folder=True)]
    assert_refused(repo.path, expected)


@pytest.mark.build
def test_a_symbolic_link_in_docs_is_refused(tmp_path):
    """MkDocs follows links in docs_dir: the build refuses them before MkDocs reads any."""
    repo = make_case(tmp_path / "repo", {})
    (tmp_path / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (repo.path / "docs" / "en" / "secret.md").symlink_to(tmp_path / "secret.md")
    assert_refused(repo.path, [link_line("docs/en/secret.md")])


@pytest.mark.build
def test_an_old_commit_with_a_symbolic_link_is_published_without_it(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    (tmp_path / "secret.md").write_text(f"# 3. Secret\n\na. {SECRET}.\n", encoding="utf-8")
    for lang in ("sv", "en"):
        (repo.path / "policy" / lang / "03-secret.md").symlink_to(tmp_path / "secret.md")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    repo.commit("1.1, with links", "2026-02-01T10:00:00Z")
    for lang in ("sv", "en"):
        (repo.path / "policy" / lang / "03-secret.md").unlink()
    repo.write_policy({"policy.yml": meta("1.2", "2026-03-15")})
    repo.commit("1.2, without", "2026-03-01T10:00:00Z")
    code, lines, _ = lint(repo.path)
    assert code == 0 and lines == [
        "policy/ version 1.1: the file is a symbolic link, which is not followed: only files inside the "
        "repository are read (policy/en/03-secret.md) (published versions are shown as they were; nothing to do)",
    ]
    result = build(repo.path, EPOCH, "--strict")
    assert result.returncode == 0, result.output
    assert SECRET not in site_text(result.site)
    assert (result.site / "versions" / "1.1" / "index.html").is_file()


# Characters: nothing from the input reaches a terminal raw


def test_a_problem_shows_control_characters_escaped():
    check = CHECKS["file-name"]
    problem = Problem(
        check, "policy/sv/01-a\nERROR   -  x.md", 3, "holds \x1b[2J and \x85, \u2028, \u202e", "fix\tit \udcff"
    )
    assert str(problem) == (
        "policy/sv/01-a\\nERROR   -  x.md:3: holds \\x1b[2J and \\x85, \\u2028, \\u202e (fix\\tit \\udcff)"
    )
    every = "".join(
        map(
            chr,
            [*range(0x20), *range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A)],
        )
    )
    assert printable(every).isascii() and "\\" in printable(every) and all(c.isprintable() for c in printable(every))
    assert printable("Integritetspolicy – å, ä, ö, é, ü") == "Integritetspolicy – å, ä, ö, é, ü"


@pytest.mark.build
def test_file_names_with_control_characters_are_named_escaped(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write("policy/sv/01-a\nERROR   -  forged.md", "# 1. x\n")
    repo.write("policy/sv/02-b\x1b[2J.md", "# 2. x\n")
    expected = [
        "policy/sv/01-a\\nERROR   -  forged.md: the file name holds U+000A LINE FEED (LF) (rename the file: "
        "NN-title.md, of letters, digits and '-')",
        "policy/sv/02-b\\x1b[2J.md: the file name holds U+001B ESCAPE (rename the file: NN-title.md, of letters, "
        "digits and '-')",
    ]
    assert_refused(repo.path, expected)
    result = build(repo.path)
    assert "\x1b[2J" not in result.output and "\nERROR   -  forged" not in result.output


def test_click_errors_show_the_input_escaped(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    runner = CliRunner()
    result = runner.invoke(main, ["lint", "--root", str(repo.path), "--base", "x\x1b[2J\nERROR"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --base x\\x1b[2J\\nERROR: no such revision (fetch it first, e.g. git fetch origin main)\n"
    )
    result = runner.invoke(main, ["diff", "--root", str(repo.path), "\x1b[2J"])
    assert result.exit_code == 1 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


# Bounds, and what once hung


@pytest.mark.build
@pytest.mark.parametrize(
    "name",
    [
        "out-of-range-subclause-number",
        "yaml-alias-bomb",
        "yaml-recursive-alias",
        "yaml-deep-nesting",
        "front-matter-deep-nesting",
        "out-of-range-section-number",
    ],
)
def test_what_once_hung_or_crashed_ends_in_time(tmp_path, name):
    """The corpus cases that hung (or ran out of stack), in a process with a timeout."""
    case = yaml.safe_load((CORPUS / f"{name}.yml").read_text(encoding="utf-8"))
    repo = make_case(tmp_path / "repo", case)
    code, lines, stderr = lint(repo.path, timeout=30)
    assert (code, lines) == (case["exit"], case["expect"]) and "Traceback" not in stderr


@pytest.mark.build
def test_an_alias_bomb_in_an_old_commit_is_skipped_in_time(tmp_path):
    bomb = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    repo = make_case(tmp_path / "repo", {"commits": [{"policy.yml": meta("1.1", "2026-02-15") + bomb}]})
    bombed = repo.git("rev-parse", "--short=7", "HEAD")
    repo.write_policy({"policy.yml": meta("1.2", "2026-03-15")})
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    code, lines, stderr = lint(repo.path, timeout=30)
    assert (code, lines) == (
        0,
        [
            f"policy/ version 1.0: commits without a readable version label in policy.yml were skipped: {bombed} "
            "(published versions are shown as they were; nothing to do)"
        ],
    ), stderr


@pytest.mark.build
def test_a_sub_clause_numbered_in_the_billions_in_an_old_version_is_left_out(tmp_path):
    sv2 = SV_1_0["02-anvandning.md"] + "\n(99999999999) Sist.\n"
    repo = make_case(
        tmp_path / "repo", {"commits": [{"policy.yml": meta("1.1", "2026-02-15"), "sv/02-anvandning.md": sv2}]}
    )
    bad = repo.git("rev-parse", "--short=7", "HEAD")
    repo.write_policy({"policy.yml": meta("1.2", "2026-03-15"), "sv/02-anvandning.md": SV_1_0["02-anvandning.md"]})
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    code, lines, _ = lint(repo.path, timeout=30)
    assert (code, lines) == (
        0,
        [
            f"policy/: version 1.1 (commits {bad}..{bad}) is left out of the archive: sub-clause (99999999999) has a "
            "number above 999, more than any clause needs (policy/sv/02-anvandning.md:7) (a past commit cannot be "
            "changed; the rest of the history is published)"
        ],
    )


@pytest.mark.build
def test_an_old_version_with_a_refused_character_is_archived_without_it(tmp_path):
    """A past text cannot be fixed: it is shown with U+FFFD for what the checks refuse (the
    marker characters of the Markdown extension among them), with a notice."""
    repo = make_case(
        tmp_path / "repo",
        {
            "commits": [
                {"policy.yml": meta("1.1", "2026-02-15"), "sv/01-insamling.md": SV1.replace("namn.", "namn.\x00\ue002")}
            ]
        },
    )
    repo.write_policy(
        {"policy.yml": meta("1.2", "2026-03-15"), "sv/01-insamling.md": SV1.replace("namn.", "namn och adress.")}
    )
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    code, lines, _ = lint(repo.path)
    assert (code, lines[:1]) == (
        0,
        [
            "policy/ version 1.1: the line holds U+0000 NULL, a control character, which no policy text needs "
            "(policy/sv/01-insamling.md:3) (published versions are shown as they were; nothing to do)"
        ],
    )
    result = build(repo.path)
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    page = (result.site / "versions" / "1.1" / "index.html").read_text(encoding="utf-8")
    assert "Vi samlar in namn.\ufffd\ufffd" in page and "\x00" not in page and "\ue002" not in page


@pytest.mark.build
def test_an_old_version_label_too_long_for_a_folder_is_skipped(tmp_path):
    long = "1." + "0" * 298
    repo = make_case(tmp_path / "repo", {"commits": [{"policy.yml": meta(long, "2026-02-15")}]})
    bad = repo.git("rev-parse", "--short=7", "HEAD")
    repo.write_policy({"policy.yml": meta("1.2", "2026-03-15")})
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    code, lines, _ = lint(repo.path)
    assert (code, lines) == (
        0,
        [
            f"policy/ version 1.0: commits without a readable version label in policy.yml were skipped: {bad} "
            "(published versions are shown as they were; nothing to do)"
        ],
    )
    result = build(repo.path, EPOCH, "--strict")
    assert result.returncode == 0, result.output
    assert sorted(p.name for p in (result.site / "versions").iterdir() if p.is_dir()) == ["1.0", "1.2"]


@pytest.mark.build
def test_a_commit_dated_in_the_year_10000_is_left_out(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    far = repo.commit("1.1, dated 10000-01-01", "@253402300800 +0000")[:7]
    code, lines, stderr = lint(repo.path)
    assert code == 0 and "Traceback" not in stderr
    assert lines[0] == (
        f"policy/: commit {far} is dated outside the years 1900 to 9999 and is left out of the "
        "archive (a past commit cannot be changed; the rest of the history is published)"
    )
    versions = CliRunner(env={"SOURCE_DATE_EPOCH": EPOCH}).invoke(main, ["versions", "--root", str(repo.path)])
    assert versions.stdout.splitlines()[-1] == (
        f"note: commit {far} is dated outside the years 1900 to 9999 and is left out of the archive"
    )
    result = build(repo.path)
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    assert not (result.site / "versions" / "1.1").exists()


@pytest.mark.build
def test_an_effective_date_of_9999_12_31_builds(tmp_path):
    repo = make_case(tmp_path / "repo", {"commits": [{"policy.yml": meta("1.1", "9999-12-31")}]})
    for epoch in (EPOCH, "4294967295"):  # the build date now, and the latest there is
        assert lint(repo.path, "--strict", epoch=epoch)[:2] == (0, [])
        result = build(repo.path, epoch, "--strict")
        assert result.returncode == 0 and "Traceback" not in result.output, result.output
        assert "9999" in (result.site / "versions" / "1.1" / "index.html").read_text(encoding="utf-8")


# SOURCE_DATE_EPOCH

DATE_FIX = (
    "(set it to the build's time in seconds since 1970, such as the last commit's "
    "(git log -1 --format=%ct), or unset it)"
)


@pytest.mark.build
@pytest.mark.parametrize(
    "epoch, why",
    [
        ("99999999999999", "is after 2106-02-07, the latest build time MkDocs can write"),
        ("4294967296", "is after 2106-02-07, the latest build time MkDocs can write"),
        ("yesterday", "is not a whole number of seconds"),
        ("-1", "is not a whole number of seconds"),
    ],
)
def test_a_source_date_epoch_that_is_no_build_date_is_an_error(tmp_path, epoch, why):
    repo = make_case(tmp_path / "repo", {})
    assert_refused(repo.path, [f"SOURCE_DATE_EPOCH: '{epoch}' {why} {DATE_FIX}"], epoch=epoch)


@pytest.mark.build
def test_an_empty_source_date_epoch_is_an_error(tmp_path):
    """MkDocs reads SOURCE_DATE_EPOCH too, and stops with a traceback on an empty one."""
    repo = make_case(tmp_path / "repo", {})
    assert_refused(repo.path, [f"SOURCE_DATE_EPOCH: is set but empty {DATE_FIX}"], epoch="")


@pytest.mark.build
def test_a_commit_whose_date_git_cannot_print_is_left_out(tmp_path):
    """A committer date before 1970 (year 1800), written as git stores it: `git log` prints no time."""
    repo = make_case(tmp_path / "repo", {})
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15")})
    repo.git("add", "--all")
    tree = repo.git("write-tree")
    parent = repo.git("rev-parse", "HEAD")
    body = (
        f"tree {tree}\nparent {parent}\nauthor A <a@example.org> -5364662400 +0000\n"
        "committer A <a@example.org> -5364662400 +0000\n\n1.1 in 1800\n"
    )
    (tmp_path / "commit.txt").write_text(body, encoding="utf-8")
    sha = repo.git("hash-object", "-t", "commit", "-w", "--literally", str(tmp_path / "commit.txt"))
    repo.git("update-ref", "refs/heads/main", sha)
    code, lines, stderr = lint(repo.path)
    assert code == 0 and "Traceback" not in stderr, stderr
    assert lines[0].startswith(f"policy/: commit {sha[:7]} is dated outside the years 1900 to 9999")
    result = build(repo.path)
    assert result.returncode == 0 and "Traceback" not in result.output, result.output


@pytest.mark.build
@pytest.mark.parametrize("where", ["policy", "docs"])
@pytest.mark.parametrize(
    "bracket, why",
    [
        ("[", "the paragraph has 30000 '[' in 30004 characters"),
        ("<a ", "the file's '<' that open no tag (such as '<a ' without '>') make Markdown read more than"),
        ("<![CDATA[", "the file's '<' that open no tag"),
    ],
    ids=["bracket", "unclosed-tag", "unclosed-cdata"],
)
def test_a_paragraph_of_thousands_of_brackets_is_refused_in_time(tmp_path, where, bracket, why):
    """Python-Markdown reads an unclosed `[` to the end of its paragraph, and Python's HTML
    parser an unclosed `<a ` to the next `>`: 30000 of them took minutes (lint's HTML check too)."""
    text = "# 1. Insamling\n\na. " + bracket * 30000 + "\n\nb. Vi samlar in e-post.\n\nc. Vi samlar in telefonnummer.\n"
    if where == "policy":
        repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
        path = "policy/sv/01-insamling.md"
        code, lines, _ = lint(repo.path, timeout=20)
        assert code == 1 and any(line.startswith(f"{path}:3: {why}") for line in lines), lines
    else:
        repo = make_case(tmp_path / "repo", {})
        repo.write("docs/sv/brackets.md", text.replace("# 1. Insamling", "# Brackets"))
        path = "docs/sv/brackets.md"
    with cpu_time() as spent:  # the build's CPU time: the same on a busy machine
        result = build(repo.path)
    assert spent.seconds < 60
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert f"ERROR   -  {path}:3: {why}" in result.output
    assert not result.site.exists()


VENDORS = ["Analytics", "Payments", "Support desk", "E-mail delivery", "Hosting", "Maps", "Video", "Fraud checks"]


def link_table(rows: int) -> str:
    """A table of processors with links in every cell, as a large company's privacy notice
    has: about 13 kB and 390 `[` and `<` in one paragraph at 97 rows."""
    lines = [
        "| Mottagare av personuppgifter | Ändamål med behandlingen | Mottagarens integritetspolicy | Avregistrering |",
        "|---|---|---|---|",
    ]
    for row in range(rows):
        name = VENDORS[row % len(VENDORS)]
        lines.append(
            f"| [{name}](https://v{row}.example/) | för [tjänsten](#s1-a) "
            f"| [Policy](https://v{row}.example/p) | <https://v{row}.example/out> |"
        )
    return "\n".join(lines)


@pytest.mark.build
def test_a_real_table_of_links_passes(tmp_path):
    """A real, published privacy notice has a 13 kB table with 388 `[` and `<`: the bounds
    count what Markdown reads (each row of a table on its own; MkDocs always has the tables
    extension), and the paragraph whole towards the file's total."""
    table = link_table(97)
    assert 380 <= table.count("[") + table.count("<") <= 400 and 11_500 < len(table) < 14_000
    text = f"# 1. Insamling\n\na. Vi samlar in namn.\n\n{table}\n\nb. Vi samlar in e-post.\n\nc. Vi samlar in telefonnummer.\n"
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
    code, lines, stderr = lint(repo.path)
    assert code == 0 and not any("more than any text needs" in line for line in lines), (lines, stderr)
    result = build(repo.path)
    assert result.returncode == 0, result.output
    page = (result.site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://v96.example/p"' in page
    assert page.count("<tr>") == 98


@pytest.mark.build
def test_unclosed_tags_across_paragraphs_are_refused_in_time(tmp_path):
    """Python's HTML parser reads each `<a ` that never closes to the next `>` of the file, past
    blank lines: a bound per paragraph does not see it, the file's total does."""
    body = "\n\n".join(f"a. x <a x{i}" for i in range(5000))
    text = f"# 1. Insamling\n\n{body}\n"
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
    code, lines, _ = lint(repo.path, timeout=20)
    assert code == 1 and any(
        line.startswith("policy/sv/01-insamling.md:")
        and "'<' that open no tag" in line
        and "(close each tag with '>', or write '&lt;' for a '<' that is text)" in line
        for line in lines
    ), lines


@pytest.mark.build
def test_many_paragraphs_of_links_are_refused_by_the_files_total(tmp_path):
    """Each paragraph under the bound of one, the file past the bound of all: a file of them
    would take minutes."""
    paragraph = " ".join(f"[p {i}](https://example.org/{i})" for i in range(300))
    body = "\n\n".join(f"{paragraph}" for _ in range(40))
    text = f"# 1. Insamling\n\na. x\n\n{body}\n"
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
    code, lines, _ = lint(repo.path, timeout=20)
    assert code == 1 and any(
        "the file's paragraphs up to here have more '[' times characters than 12000000" in line
        and "(split the file into several sections, or write fewer links per paragraph)" in line
        for line in lines
    ), lines


@pytest.mark.build
@pytest.mark.parametrize(
    "front, message",
    [
        (
            "a: &a ['x','x','x','x','x','x','x','x','x']\n"
            + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")),
            None,
        ),
        ("r: &r [*r]\n", None),
        (
            "template: ../../../../etc/passwd\n",
            "docs/sv/about2.md:2: template: '../../../../etc/passwd' is not a file "
            "of the theme (remove the template, or name one that the theme has)",
        ),
        (
            "template: nonexistent.html\n",
            "docs/sv/about2.md:2: template: 'nonexistent.html' is not a file of the "
            "theme (remove the template, or name one that the theme has)",
        ),
        (
            "icon: ../../../../../etc/passwd\n",
            "docs/sv/about2.md:2: icon: '../../../../../etc/passwd' is not a file "
            "of the theme (remove the icon, or name one that the theme has)",
        ),
    ],
    ids=["alias-bomb", "recursive-alias", "template-traversal", "template-missing", "icon-traversal"],
)
def test_docs_front_matter_ends_in_time_with_a_message(tmp_path, front, message):
    repo = make_case(tmp_path / "repo", {})
    repo.write("docs/sv/about2.md", f"---\n{front}---\n# About\n\nText.\n")
    with cpu_time() as spent:  # the build's CPU time: the same on a busy machine
        result = build(repo.path)
    assert spent.seconds < 60
    assert "Traceback" not in result.output, result.output
    if message is None:  # accepted: the values are escaped once each, the cycle ends
        assert result.returncode == 0, result.output
    else:
        assert result.returncode == 1 and f"ERROR   -  {message}" in result.output, result.output
        assert not result.site.exists()


@pytest.mark.build
@pytest.mark.parametrize("written", ["\ufffe", "\\uFFFF"], ids=["raw", "yaml-escape"])
def test_a_noncharacter_in_policy_yml_is_refused(tmp_path, written):
    """XML cannot hold U+FFFE or U+FFFF: a title with one made the Atom feed unreadable."""
    text = meta("1.0", "2026-01-15").replace("sv: Integritetspolicy", f'sv: "Integritets{written}policy"')
    repo = make_case(tmp_path / "repo", {"files": {"policy.yml": text}})
    code, lines, _ = lint(repo.path)
    assert code == 1 and lines[0].startswith("policy/policy.yml:5: the ") and "(a noncharacter)" in lines[0]
    result = build(repo.path)
    assert result.returncode == 1 and "Traceback" not in result.output and not result.site.exists()


def test_policy_diff_shows_bidi_controls_escaped(tmp_path):
    """A right-to-left override in a clause would turn the terminal's line around."""
    changed = SV1.replace("Vi samlar in namn.", "Vi samlar in namn \u202eoch adress.")
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": changed}})
    result = CliRunner().invoke(main, ["diff", "HEAD", "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stdout and "namn{+ \\u202eoch adress+}." in result.stdout, result.stdout


# Found by a second attack: more of what grows faster than the input.


@pytest.mark.build
@pytest.mark.parametrize(
    "body, where",
    [
        ("a. Vi samlar in namn. " + "\\*" * 150000, "more than 5000 of \\ * _ ` &"),
        ("a. " + ("[" * 400 + "\n\u00a0\n") * 75, "'[' in"),  # no-break space: no blank line
        ("a. x\n\n~~~ a b\n" + "[" * 30000 + "\n~~~", "30000 '[' in"),  # no fence to Markdown
        ("a. x\n\n  ~~~\n" + "[" * 30000, "30000 '[' in"),  # an unclosed, indented fence
        ("a. x\n\n" + "".join("    " * i + "- x\n" for i in range(400)), "a line nested 21 levels deep"),
        ("a. x\n\n" + "\n".join("> " + " " * (4 * k) + "* x" for k in range(300)), "a line nested 21 levels deep"),
        ("a. " + "[" * 100 + "a" * 300000, "100 '[' in 300104 characters"),  # each [ reads to the end
    ],
    ids=[
        "escapes",
        "nbsp-line",
        "bogus-fence",
        "unclosed-fence",
        "deep-list",
        "lists-in-quotes",
        "long-after-brackets",
    ],
)
def test_what_markdown_reads_slowly_or_by_recursion_is_refused(tmp_path, body, where):
    text = f"# 1. Insamling\n\n{body}\n\nb. Vi samlar in e-post.\n\nc. Vi samlar in telefonnummer.\n"
    repo = make_case(tmp_path / "repo", {"files": {"sv/01-insamling.md": text}})
    code, lines, _ = lint(repo.path, timeout=30)
    assert code == 1 and any(where in line and "policy/sv/01-insamling.md:" in line for line in lines), lines
    result = build(repo.path)
    assert result.returncode == 1 and "Traceback" not in result.output and not result.site.exists()


@pytest.mark.build
def test_lint_checks_docs_pages_as_the_build_does(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write("docs/en/x.md", "# X\n\n" + "[" * 30000 + "\n\n<img src=x onerror=alert(1)>\n")
    code, lines, _ = lint(repo.path, timeout=30)
    assert code == 1 and lines[:2] == [
        "docs/en/x.md:3: the paragraph has 30000 '[' in 30001 characters, more than any text needs (reading it would "
        "take minutes) (split it into several paragraphs by blank lines)",
        "docs/en/x.md:5: the attribute onerror= of <img> is removed from the page (remove the attribute; scripts "
        "never run on the policy pages)",
    ]
    result = build(repo.path)
    assert result.returncode == 1 and f"ERROR   -  {lines[0]}" in result.output


@pytest.mark.build
def test_a_deep_list_in_an_old_version_leaves_it_out_instead_of_crashing(tmp_path):
    deep = SV1.replace(
        "a. Vi samlar in namn.", "a. Vi samlar in namn.\n\n" + "".join("    " * i + "- x\n" for i in range(400))
    )
    repo = make_case(
        tmp_path / "repo", {"commits": [{"sv/01-insamling.md": deep, "policy.yml": meta("1.1", "2026-02-15")}]}
    )
    repo.write_policy({"sv/01-insamling.md": SV1, "policy.yml": meta("1.2", "2026-03-15")})
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    result = build(repo.path)
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    assert not (result.site / "versions" / "1.1").exists() and (result.site / "versions" / "1.2").is_dir()


@pytest.mark.build
def test_a_title_in_front_matter_that_is_no_text_is_refused(tmp_path):
    repo = make_case(tmp_path / "repo", {})
    repo.write("docs/en/t.md", '---\ntitle: {"<img src=x onerror=alert(1)>": 1}\n---\n# T\n')
    result = build(repo.path)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert "ERROR   -  docs/en/t.md:2: title: must be a text, not dict" in result.output


@pytest.mark.build
@pytest.mark.parametrize(
    "old, new",
    [
        (
            " ".join(f"w{(i * 7919) % 100}" for i in range(20000)),
            " ".join(f"w{(i * 104729) % 100}" for i in range(20000)),
        ),
        ("A. " + "x. " * 30000 + "B.", "C. " + "x. " * 30000 + "D."),
    ],
    ids=["shuffled-words", "repeated-sentences"],
)
def test_a_huge_rewrite_is_redlined_in_time(tmp_path, old, new):
    """SequenceMatcher is quadratic: a rewritten clause of tens of thousands of words is shown
    replaced whole."""
    first = SV1.replace("a. Vi samlar in namn.", f"a. {old}")
    second = SV1.replace("a. Vi samlar in namn.", f"a. {new}")
    repo = make_case(
        tmp_path / "repo", {"commits": [{"sv/01-insamling.md": first, "policy.yml": meta("1.1", "2026-02-15")}]}
    )
    repo.write_policy({"sv/01-insamling.md": second, "policy.yml": meta("1.2", "2026-03-15")})
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    with cpu_time() as spent:  # the build's CPU time: the same on a busy machine
        result = build(repo.path)
    assert result.returncode == 0, result.output
    assert spent.seconds < 60
    diff = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--root", str(repo.path)])
    assert diff.exit_code == 0


@pytest.mark.build
def test_a_chain_of_thousands_of_moves_is_followed_once(tmp_path):
    """s9-aaa -> s9-aab -> ... -> s1-a: every step of the chain is walked once, not once per anchor."""
    chain = (
        ", ".join(f"s9-{a}: s9-{b}" for a, b in zip(_letters(15000), _letters(15001)[1:]))
        + f", s9-{_letters(15001)[-1]}: s1-a"
    )
    repo = make_case(tmp_path / "repo", {"files": {"policy.yml": meta("1.0", "2026-01-15", moved="{" + chain + "}")}})
    with cpu_time() as spent:  # lint's CPU time: the same on a busy machine
        code, lines, stderr = lint(repo.path, timeout=60)  # it took 22 s when each anchor walked the chain
    assert spent.seconds < 10 and "Traceback" not in stderr
    assert code == 0 and lines == [], lines[:3]


def _letters(n: int) -> list[str]:
    """Labels aaa, aab, ... (three letters)."""
    import itertools

    return ["".join(t) for t in itertools.islice(itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=3), n)]
