"""`policy import --history` as a whole run: a commit that cannot be read never stops it
(except the newest), --since and --skip choose the commits, --summaries and merge commits
give the summaries, the end of the run says what was imported, skipped and guessed, how far
it has come is shown, and the site is left whole with the commands to run next.

Real source and site repositories with pinned dates, imported by the real command.
"""

from __future__ import annotations

import io
import subprocess

import yaml
from click.testing import CliRunner
from gitrepo import GitRepo
from replay_sources import EN_1, log, make_site, make_source, run

from policykit.cli import main

EN_2 = EN_1.replace("with any question.", "or to our office with any question.")
EN_3 = EN_2.replace("We never sell what we collect.", "We never sell or rent what we collect.")
PROSE = "Privacy\n\nWe are updating this page. Please come back later.\n"
HTML = (
    "<!DOCTYPE html>\n<html>\n<head><title>Privacy Notice</title></head>\n<body>\n<h1>Privacy Notice</h1>\n"
    "<p>We collect your name and your e-mail address.</p>\n<p>We never sell what we collect.</p>\n"
    "</body>\n</html>\n"
)


def entry(day: str, subject: str, text: str, path: str = "privacy.md", move=None):
    return (f"2020-{day}T10:00:00+00:00", subject, {path: text}, move)


def versions(site: GitRepo) -> list[dict]:
    return [c["meta"] for c in log(site) if c["meta"]]


def site_for(tmp_path) -> GitRepo:
    return make_site(tmp_path / "site", langs=("en",))


def short(sha: str) -> str:
    return sha[:7]


# A commit that cannot be read ----------------------------------------------------------------


def test_an_unreadable_commit_in_the_middle_is_skipped_and_reported(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[entry("01-01", "First", EN_1), entry("02-01", "Oops", PROSE), entry("03-01", "Fixed", EN_2)],
    )
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert f"privacy.md@{short(shas[1])}:1: no recognisable sections" in result.output
    assert [m["version"] for m in versions(site)] == ["1", "2"]
    assert [m["summary"]["en"] for m in versions(site)] == ["First", "Fixed"]
    assert "Imported 2 version(s) in 2 commit(s); 1 commit(s) skipped;" in result.output


def test_an_unreadable_newest_commit_stops_the_import_unless_skipped(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[entry("01-01", "First", EN_1), entry("02-01", "Second", EN_2), entry("03-01", "Broken", PROSE)],
    )
    site = site_for(tmp_path)
    head = site.git("rev-parse", "HEAD")
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"privacy.md@{short(shas[2])}:1: no recognisable sections" in result.output
    assert "is the newest commit" in result.output and f"--skip {short(shas[2])}" in result.output
    assert site.git("rev-parse", "HEAD") == head
    result = run(
        "--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path), "--skip", short(shas[2])
    )
    assert result.exit_code == 0, result.output
    assert [m["summary"]["en"] for m in versions(site)] == ["First", "Second"]
    assert f"privacy.md@{short(shas[2])}: left out (--skip {short(shas[2])})" in result.output


def test_a_rename_only_commit_is_reported_as_skipped(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[
            entry("01-01", "First", EN_1),
            entry("02-01", "Move", EN_1, "en/privacy.md", ("privacy.md", "en/privacy.md")),
            entry("03-01", "Second", EN_2, "en/privacy.md"),
        ],
    )
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:en/privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert f"en/privacy.md@{short(shas[1])}: skipped: a rename only, from privacy.md" in result.output
    assert len(versions(site)) == 2 and "1 commit(s) skipped" in result.output


# --since and --skip ----------------------------------------------------------------------------


def html_history(tmp_path):
    """A policy that was an HTML page, renamed to .md when it was rewritten in Markdown."""
    page = "<!DOCTYPE html>\n<html>\n<body>\n" + EN_1 + "</body>\n</html>\n"
    return make_source(
        tmp_path / "source",
        entries=[
            entry("01-01", "The page", page, "privacy.html"),
            entry("01-15", "The page again", page + "\n", "privacy.html"),
            entry("02-01", "Markdown", EN_1, "privacy.md", ("privacy.html", "privacy.md")),
            entry("04-01", "Office", EN_2),
        ],
    )


def test_since_starts_after_the_html_period(tmp_path):
    source, shas = html_history(tmp_path)
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output  # the HTML period is skipped, and said
    assert f"privacy.html@{short(shas[0])}:" in result.output and f"privacy.html@{short(shas[1])}:" in result.output
    assert "2 commit(s) skipped" in result.output
    site = make_site(tmp_path / "site2", langs=("en",))
    result = run(
        "--history",
        f"{source.path}:privacy.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--since",
        short(shas[2]),
    )
    assert result.exit_code == 0, result.output
    assert [m["summary"]["en"] for m in versions(site)] == ["Markdown", "Office"]
    assert "0 commit(s) skipped" in result.output and ".html" not in result.output


def test_since_off_the_chain_names_the_nearest_commits(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[
            entry("01-01", "First", EN_1),
            ("2020-02-01T10:00:00+00:00", "README", {"README.md": "x\n"}, None),
            entry("03-01", "Second", EN_2),
        ],
    )
    site = site_for(tmp_path)
    result = run(
        "--history",
        f"{source.path}:privacy.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--since",
        short(shas[1]),
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "is not a commit of the file's first-parent history" in result.output
    assert f"{short(shas[0])} 2020-01-01 'First'" in result.output
    assert f"{short(shas[2])} 2020-03-01 'Second'" in result.output
    result = run(
        "--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path), "--since", "no-such-tag"
    )
    assert result.exit_code == 1 and "--since no-such-tag: no such commit or tag" in result.output


def test_skip_twice_by_id_and_tag(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        tags={2: "v3"},
        entries=[
            entry("01-01", "First", EN_1),
            entry("02-01", "Second", EN_2),
            entry("03-01", "Third", EN_3),
            entry("04-01", "Fourth", EN_3.replace("for a week", "for a month")),
        ],
    )
    site = site_for(tmp_path)
    result = run(
        "--history",
        f"{source.path}:privacy.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--skip",
        shas[1],
        "--skip",
        "v3",
    )
    assert result.exit_code == 0, result.output
    assert [m["summary"]["en"] for m in versions(site)] == ["First", "Fourth"]
    assert f"privacy.md@{short(shas[2])}: left out (--skip v3)" in result.output
    assert "2 commit(s) skipped" in result.output


def test_by_tag_a_tag_on_an_unreadable_commit_is_no_version(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        tags={0: "v1", 1: "v2", 2: "v3"},
        entries=[entry("01-01", "First", EN_1), entry("02-01", "Oops", PROSE), entry("03-01", "Third", EN_3)],
    )
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path), "--by", "tag")
    assert result.exit_code == 0, result.output
    assert [m["version"] for m in versions(site)] == ["v1", "v3"]
    assert f"privacy.md@{short(shas[1])}:1: no recognisable sections" in result.output


# Summaries -------------------------------------------------------------------------------------


def test_a_merge_commits_summary_is_its_pull_requests_title(tmp_path):
    source, _ = make_source(tmp_path / "source", entries=[entry("01-01", "First", EN_1)])
    source.git("checkout", "-q", "-b", "retention")
    source.write("privacy.md", EN_2)
    source.commit("wip", "2020-02-01T10:00:00+00:00")
    source.git("checkout", "-q", "main")
    source.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge pull request #8 from ann/retention",
        "-m",
        "New retention rules\n\nLonger text.",
        "retention",
        date="2020-02-02T10:00:00+00:00",
    )
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert [m["summary"]["en"] for m in versions(site)] == ["First", "New retention rules"]


def test_summaries_from_a_file(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        tags={1: "v2"},
        entries=[
            entry("01-01", "Update privacy.md", EN_1),
            entry("02-01", "Create privacy.md", EN_2),
            entry("03-01", "Add files via upload", EN_3),
        ],
    )
    site = site_for(tmp_path)
    given = tmp_path / "summaries.yml"
    given.write_text(f'{short(shas[0])}: {{en: "The first notice"}}\nv2: Our office\n', encoding="utf-8")
    result = run(
        "--history",
        f"{source.path}:privacy.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--summaries",
        str(given),
    )
    assert result.exit_code == 0, result.output
    assert [m["summary"]["en"] for m in versions(site)] == ["The first notice", "Our office", "Add files via upload"]
    assert "Summaries that are only a file name (1)" in result.output
    assert f"version 3 ({short(shas[2])}): 'Add files via upload'" in result.output


def test_bad_entries_of_a_summaries_file_are_named(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[
            entry("01-01", "First", EN_1),
            ("2020-02-01T10:00:00+00:00", "README", {"README.md": "x\n"}, None),
            entry("03-01", "Second", EN_2),
        ],
    )
    site = site_for(tmp_path)
    given = tmp_path / "summaries.yml"
    given.write_text(
        f"deadbee: x\n{short(shas[1])}: y\n{short(shas[0])}: [a, b]\n{short(shas[2])}: {{fr: z}}\n", encoding="utf-8"
    )
    result = run(
        "--history",
        f"{source.path}:privacy.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--summaries",
        str(given),
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"{given}:1: deadbee: no such commit or tag" in result.output
    assert f"{given}:2: {short(shas[1])}: {short(shas[1])} is not a version of this import" in result.output
    assert f"{given}:3: {short(shas[0])}: the value is neither" in result.output
    assert f"{given}:4: {short(shas[2])}: fr is not a language of the import" in result.output
    given.write_text(f"{short(shas[0])}: &a {{en: x}}\n{short(shas[2])}: *a\n", encoding="utf-8")
    result = run(
        "--history",
        f"{source.path}:privacy.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--summaries",
        str(given),
    )
    assert result.exit_code == 1 and f"{given}:2: the summaries file uses the YAML alias *a" in result.output
    assert len(log(site)) == 1  # nothing written


def test_summaries_that_are_only_a_file_name_are_listed(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[
            entry("01-01", "Create privacy.md", EN_1),
            entry("02-01", "Update privacy.md", EN_2),
            entry("03-01", "Say rent", EN_3),
        ],
    )
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert "Summaries that are only a file name (2)" in result.output and "--summaries FILE" in result.output
    assert f"version 1 ({short(shas[0])}): 'Create privacy.md'" in result.output
    assert f"version 2 ({short(shas[1])}): 'Update privacy.md'" in result.output
    assert "Say rent'" not in result.output


# Progress --------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    """The output stream of a terminal: what was written, and isatty."""

    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_rewritten_in_place():
    from policykit.importing.progress import Progress

    stream = Terminal()
    progress = Progress(stream)
    for done in range(1, 4):
        progress("Reading commits", done, 3)
    progress("Matching versions", 1, 1)
    progress.end()
    assert stream.getvalue() == (
        "\rReading commits  1/3\rReading commits  2/3\rReading commits  3/3\n\rMatching versions  1/1\n"
    )


def test_progress_elsewhere_is_a_line_per_phase():
    from policykit.importing.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream)
    for done in range(1, 4):
        progress("Reading commits", done, 3)
    progress.end()
    assert stream.getvalue() == "Reading commits (3)\n"


def test_the_import_says_how_far_it_has_come(tmp_path):
    source, _ = make_source(tmp_path / "source", entries=[entry("01-01", "First", EN_1), entry("02-01", "Two", EN_2)])
    site = site_for(tmp_path)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert "Reading commits (2)" in result.stderr and "Matching versions (2)" in result.stderr
    assert "\r" not in result.output
    from policykit.importing import run as history
    from policykit.importing.progress import Progress

    terminal = Terminal()
    history.replay(
        f"{source.path}:privacy.md",
        "en",
        into=make_site(tmp_path / "site2", langs=("en",)).path,
        progress=Progress(terminal),
    )
    assert terminal.getvalue() == (
        "\rReading commits  1/2\rReading commits  2/2\n\rMatching versions  1/2\rMatching versions  2/2\n"
    )


# After the import ------------------------------------------------------------------------------


def test_the_site_policy_init_made_is_whole_and_the_next_commands_are_said(tmp_path):
    source, _ = make_source(tmp_path / "source", entries=[entry("01-01", "First", EN_1), entry("02-01", "Two", EN_2)])
    site_path = tmp_path / "my site"
    made = CliRunner().invoke(
        main,
        [
            "init",
            str(site_path),
            "--languages",
            "en",
            "--title",
            "Sample Title",
            "--site-url",
            "https://example.org/privacy/",
        ],
    )
    assert made.exit_code == 0, made.output
    site = GitRepo(site_path, scaffold=False)
    result = run("--history", f"{source.path}:privacy.md", "--language", "en", "--into", str(site_path))
    assert result.exit_code == 0, result.output
    readme = (site_path / "README.md").read_text(encoding="utf-8")
    assert "(a sample)" not in readme and "is a sample" not in readme
    assert readme.startswith("# Privacy Notice\n") and "the source of Privacy Notice," in readme
    assert "| `policy/en/` | the binding text (en): 4 section files" in readme
    lines = result.output.splitlines()
    at = lines.index(
        "Next, commit the site's files that are not committed yet (what policy init wrote, the README), "
        "and build the site:"
    )
    commands = [line.strip() for line in lines[at + 1 :]]
    assert commands[0] == f"cd '{site_path}'" and commands[-1] == "mkdocs build --strict"
    assert commands[1].startswith("git add -- .github/ .gitignore .pre-commit-config.yaml README.md ")
    subprocess.run(
        " && ".join(commands[:2]),
        shell=True,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "A",
            "GIT_AUTHOR_EMAIL": "a@e.org",
            "GIT_COMMITTER_NAME": "A",
            "GIT_COMMITTER_EMAIL": "a@e.org",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert site.git("status", "--porcelain", "--untracked-files=all") == ""
    meta = yaml.safe_load(site.git("show", "HEAD:policy/policy.yml"))
    assert meta["version"] == "2"


def test_a_summaries_file_error_is_located_once(tmp_path):
    """Each bad entry is an ImportProblem at its line, as ImportProblems holds a source's; the
    error itself is the first entry, said once (`FILE:LINE: KEY: what (fix)`), not formatted
    again around an already formatted line."""
    import git

    from policykit.importing.summaries import SummaryFileError, load_summaries, read_summaries
    from policykit.importing.units import ImportProblem
    from policykit.text.checks import CHECKS

    repo = git.Repo.init(tmp_path / "source")
    given = tmp_path / "summaries.yml"
    given.write_text("deadbee: x\nbadc0de: y\n", encoding="utf-8")
    try:
        read_summaries(load_summaries(given), repo, [], ["en"], "en")
    except SummaryFileError as exc:
        error = exc
    else:
        raise AssertionError("no SummaryFileError")
    first = f"{given}:1: deadbee: no such commit or tag in the source (write a commit id or tag of it)"
    assert all(isinstance(problem, ImportProblem) for problem in error.problems)
    assert [problem.line for problem in error.problems] == [1, 2]
    assert error.said == first and error.lines[0] == first and len(error.lines) == 2
    assert (error.path, error.line) == (str(given), 1)
    assert str(error.problem(CHECKS["words-invalid"])) == first
    given.write_text("- a list\n", encoding="utf-8")
    try:
        load_summaries(given)
    except Exception as exc:  # the file's own errors are located the same way
        assert (getattr(exc, "path", None), getattr(exc, "line", None)) == (str(given), 1)
        assert str(exc).startswith(f"{given}:1: the summaries file must map commits to summaries (")
