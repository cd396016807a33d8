"""`policy import --history` given hostile input: file names that are not UTF-8 or hold a
newline, and options (`--source-url`) that would otherwise put something unsafe on every page.
Each one ends in a safe result or a message and exit 1, never a traceback or a half-written site.

Real source and site repositories in tmp_path, with pinned dates; the site is made by `policy init`.
"""

from __future__ import annotations

import os

import pytest
from building import mkdocs_build
from click.testing import CliRunner
from gitrepo import GitRepo
from replay_sources import make_site, run

from policykit.cli import main
from policykit.importing.outside import resolve_references
from policykit.importing.split import split

TERMS = "# Terms\n\n## 1. Use\n\na. You may use it{}.\n\nb. See [abuse](../abuse/index.md).\n\n## 2. End\n\nWe may end it.\n"


def source(path, name: str) -> GitRepo:
    repo = GitRepo(path, scaffold=False)
    for n in range(2):
        repo.write(name, TERMS.format(" freely" * n))
        repo.commit(f"Change {n + 1}", f"2024-0{n + 1}-01T10:00:00+00:00")
    return repo


def init_site(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "site"),
            "--languages",
            "en",
            "--authoritative",
            "en",
            "--title",
            "Terms",
            "--site-url",
            "https://example.org/terms/",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    site = GitRepo(tmp_path / "site", scaffold=False)
    site.commit("policy init", "2024-06-01T10:00:00+00:00")
    return site


@pytest.mark.parametrize(
    "name, shown", [(os.fsdecode(b"lat\xe9.md"), "lat\\xe9.md"), ("new\nline|x.md", "new\\nline\\|x.md")]
)
def test_a_file_name_that_is_not_utf8_or_holds_a_newline_is_imported_and_shown_escaped(tmp_path, name, shown):
    """The import's last commit message and the README name the source file: a name read with
    surrogate escapes once stopped the import after its commits were made, with a traceback."""
    src = source(tmp_path / "src", name)
    site = init_site(tmp_path)
    result = run("--history", f"{src.path}:{name}", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert f":{shown.replace(chr(92) + '|', '|')}: 2 commit(s)" in site.git("log", "-1", "--format=%s")
    readme = (site.path / "README.md").read_text(encoding="utf-8")
    assert f"imported with the git history of `{shown}` |" in readme


@pytest.mark.parametrize(
    "url, words",
    [
        ("https://user:secret@example.com/legal/", "holds a user name or password before '@'"),
        ("https://staff@example.com/legal/", "holds a user name or password before '@'"),
        ("https://example.com:99999/legal/", "has a port that is not a number from 0 to 65535"),
        (
            "https://exämple.com/legal/",
            "has the host name 'exämple.com', which an address writes as 'xn--exmple-cua.com'",
        ),
    ],
)
def test_a_source_url_that_would_publish_a_password_or_is_no_address_is_refused(tmp_path, url, words):
    """The address goes into every rewritten link of every version: a password before '@' would
    be published on every page, and a port out of range or an international host name written
    as it is gives links that no browser opens."""
    src = source(tmp_path / "src", "legal/terms.md")
    site = init_site(tmp_path)
    before = site.git("rev-parse", "HEAD")
    result = run(
        "--history", f"{src.path}:legal/terms.md", "--language", "en", "--source-url", url, "--into", str(site.path)
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"--source-url {url!r} {words}" in result.output
    assert site.git("rev-parse", "HEAD") == before and "secret" not in site.git("log", "--all", "-p")


def test_a_file_name_with_a_colon_is_found_after_the_local_repository(tmp_path):
    """REPO:PATH split at the last colon named the folder `src:legal/a b`, which does not exist;
    the colon that leaves a local folder before it is the one between REPO and PATH."""
    src = source(tmp_path / "src", "legal/a b:c.md")
    site = init_site(tmp_path)
    result = run("--history", f"{src.path}:legal/a b:c.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert (site.path / "policy/en/01-use.md").is_file() and "2 commit(s)" in site.git("log", "-1", "--format=%s")


def test_an_expression_holding_an_equals_sign_or_nothing_can_be_given_a_value(tmp_path):
    """`--define KEY=VALUE` ends KEY at the first '=': `{{ a == b }}` could not be named, and
    `{{}}` (an empty key) was refused, so a text holding either could never be imported. With
    the expression in its braces, the first '=' after them ends the key; the message says so."""
    src = GitRepo(tmp_path / "src", scaffold=False)
    src.write(
        "terms.md",
        "# Terms\n\n## 1. Use\n\na. You may use it {{ plan == 'pro' }}.\n\n## 2. End\n\nWe may end it.{{}}\n",
    )
    src.commit("Terms", "2024-01-01T10:00:00+00:00")
    site = init_site(tmp_path)
    spec = f"{src.path}:terms.md"
    refused = run("--history", spec, "--language", "en", "--into", str(site.path))
    assert refused.exit_code == 1
    assert "--define '{{ plan == '\"'\"'pro'\"'\"' }}=…' --define '{{}}=…'" in refused.output
    result = run(
        "--history",
        spec,
        "--language",
        "en",
        "--define",
        "{{ plan == 'pro' }}=on the Pro plan",
        "--define",
        "{{}}=",
        "--into",
        str(site.path),
    )
    assert result.exit_code == 0, result.output
    assert "a. You may use it on the Pro plan." in (site.path / "policy/en/01-use.md").read_text(encoding="utf-8")
    assert "We may end it.\n" in (site.path / "policy/en/02-end.md").read_text(encoding="utf-8")


def test_an_old_fragment_too_long_for_an_alias_is_said_to_be_too_long():
    """A long heading's slug (a real German terms of use has one of 103 characters) was said to
    have "characters an alias may not have", which sends the editor looking for a wrong one."""
    title = "Falls Sie bestimmte optionale Funktionen oder Dienste von Firefox nutzen gelten zusätzliche Bedingungen"
    result = split(f"# Bedingungen\n\n## {title}\n\nText.\n\n## Ende\n\nText.\n", "t.md", "de")
    said = [g.message for g in result.guesses if "not kept as an alias" in g.message]
    assert said and all("characters, and an alias has at most 100" in m for m in said), said


@pytest.mark.parametrize(
    "entry, words",
    [
        ('"{sha}": "Safe \\u202egnp.exe"', "the en summary holds U+202E RIGHT-TO-LEFT OVERRIDE (remove it)"),
        ('"{sha}": {{en: "First", en: "Second"}}', "the en summary is given twice (give it once)"),
    ],
)
def test_a_summaries_entry_with_a_direction_control_or_a_language_twice_is_refused(tmp_path, entry, words):
    """A commit's subject loses its direction controls, but --summaries wrote U+202E into
    policy.yml and every list of versions, where it reorders what a reader sees; a language
    given twice kept the last without a word."""
    src = source(tmp_path / "src", "terms.md")
    site = init_site(tmp_path)
    before = site.git("rev-parse", "HEAD")
    first = src.git("rev-list", "--max-parents=0", "HEAD")[:7]
    summaries = tmp_path / "summaries.yml"
    summaries.write_text(entry.format(sha=first) + "\n", encoding="utf-8")
    result = run(
        "--history", f"{src.path}:terms.md", "--language", "en", "--summaries", str(summaries), "--into", str(site.path)
    )
    assert result.exit_code == 1 and f"{summaries}:1: {first}: {words}" in result.output, result.output
    assert site.git("rev-parse", "HEAD") == before


def test_a_file_where_the_images_folder_goes_stops_the_import_before_any_commit(tmp_path):
    """The images are written after the commits: a file at docs/en stopped the import there
    ("Not a directory"), with the versions committed and the image missing."""
    src = GitRepo(tmp_path / "src", scaffold=False)
    src.write("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 24)
    src.write("terms.md", TERMS.format("").replace("# Terms\n", "# Terms\n\n![Logo](logo.png)\n"))
    src.commit("Terms", "2024-01-01T10:00:00+00:00")
    site = init_site(tmp_path)
    before = site.git("rev-parse", "HEAD")
    (site.path / "docs/en").write_text("not a folder\n", encoding="utf-8")
    result = run("--history", f"{src.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 1
    assert f"{site.path / 'docs/en'}: a file where the folder of an imported image" in result.output
    assert site.git("rev-parse", "HEAD") == before


def test_a_commit_whose_text_is_not_utf8_keeps_its_words_and_is_named(tmp_path):
    """An old commit saved as Windows-1252 was read with U+FFFD for each such byte, without a
    word in the report: 'Café' became 'Caf\ufffd' on the archived page. Each line that is not
    UTF-8 is read as Windows-1252, the others as UTF-8, and the report names each line."""
    src = GitRepo(tmp_path / "src", scaffold=False)
    old = "# Terms\n\n## 1. Use\n\na. Café “quotes”.\n\n## 2. End\n\nEnd – now.\n"
    src.write("terms.md", old.replace("End – now.", "End.").encode("cp1252") + "Ünïcode ok.\n".encode())
    first = src.commit("Latin", "2024-01-01T10:00:00+00:00")
    src.write("terms.md", old)
    src.commit("UTF-8", "2024-02-01T10:00:00+00:00")
    site = init_site(tmp_path)
    result = run("--history", f"{src.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    version_1 = site.git("log", "--format=%H", "--grep", "Latin")
    assert "a. Café “quotes”." in site.git("show", f"{version_1}:policy/en/01-use.md")
    assert "Ünïcode ok." in site.git("show", f"{version_1}:policy/en/02-end.md")
    assert f"terms.md@{first[:7]}:5: byte 0xe9 is not UTF-8: the line is read as Windows-1252" in result.output


@pytest.mark.build
def test_a_list_that_interrupts_a_paragraph_is_a_list_on_the_page(tmp_path):
    """GitHub's terms write `...(the "Products"):` and the list on the next line. CommonMark
    reads a list there; Python-Markdown read it as more of the paragraph, so the page showed
    '* The Service; * Any Beta Previews;' with its asterisks and no list."""
    src = GitRepo(tmp_path / "src", scaffold=False)
    src.write(
        "terms.md",
        "# Terms\n\n## 1. Products\n\nThis covers the Products:\n* The Service;\n* Any Beta Previews.\n\n"
        "## 2. End\n\nWe may end it.\n",
    )
    src.commit("Terms", "2024-01-01T10:00:00+00:00")
    site = init_site(tmp_path)
    result = run("--history", f"{src.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    built = mkdocs_build(site.path, "--strict")
    assert built.returncode == 0, built.output
    page = (built.site / "index.html").read_text(encoding="utf-8")
    assert "<li>The Service;</li>" in page and "* The Service" not in page


def test_a_github_alert_shows_its_title_not_brackets():
    """`> [!NOTE]` (GitHub's corporate terms open with one) is a quote titled "Note" on GitHub;
    MkDocs showed '[!NOTE]', words the published page never had."""
    result = resolve_references(
        "# Terms\n\n> [!NOTE]\n> These terms are deprecated.\n\nSee `[!NOTE]`.\n", "terms.md", "en"
    )
    assert result.text.split("\n")[2:4] == ["> **Note:**", "> These terms are deprecated."]
    assert "See `[!NOTE]`." in result.text
    assert result.notes == [(3, "the GitHub alert '[!NOTE]' is written as '**Note:**', the title GitHub showed")]


def test_a_translation_that_names_the_authoritative_file_is_refused(tmp_path):
    """`--translation de=terms.md` with `--history REPO:terms.md` imported the English text as
    the German one, on every German page, without a word."""
    src = source(tmp_path / "src", "terms.md")
    site = make_site(tmp_path / "site")
    before = site.git("rev-parse", "HEAD")
    result = run(
        "--history",
        f"{src.path}:terms.md",
        "--language",
        "en",
        "--translation",
        "de=./terms.md",
        "--into",
        str(site.path),
    )
    assert result.exit_code == 1
    assert (
        "--translation de=./terms.md: terms.md is the en text already (name the file that holds the de text)"
        in result.output
    )
    assert site.git("rev-parse", "HEAD") == before


def test_a_summaries_file_beyond_the_bound_is_refused_before_it_is_read_whole(tmp_path):
    """The file was read whole: `--summaries /dev/zero` never ended, taking memory as it went.
    It is read up to its bound, and one beyond it is refused."""
    summaries = tmp_path / "summaries.yml"
    summaries.write_bytes(b"#" * 20_000_001)
    src = source(tmp_path / "src", "terms.md")
    site = init_site(tmp_path)
    result = run(
        "--history", f"{src.path}:terms.md", "--language", "en", "--summaries", str(summaries), "--into", str(site.path)
    )
    assert result.exit_code == 1 and f"{summaries}: the summaries file is larger than 20 MB" in result.output


@pytest.mark.parametrize("rev, kind", [("HEAD:terms.md", "file"), ("tree-tag", "folder")])
def test_since_naming_a_file_or_a_folder_says_so(tmp_path, rev, kind):
    """A tag of the file's blob or of a tree (a tag of a tag peeled) was "no such commit or tag",
    though the tag is there: the message says what it names."""
    src = source(tmp_path / "src", "terms.md")
    src.git("tag", "-a", "tree-tag", "-m", "a tree", src.git("rev-parse", "HEAD^{tree}"))
    site = init_site(tmp_path)
    result = run("--history", f"{src.path}:terms.md", "--language", "en", "--since", rev, "--into", str(site.path))
    assert result.exit_code == 1 and f"--since {rev}: names a {kind}, not a commit, in {src.path}" in result.output


def test_a_list_that_interrupts_a_clause_stays_in_the_clause_as_a_list():
    """`a. The Products:` then `* The Service;` on the next line: the clause showed the asterisks
    in its paragraph. A blank line before the list keeps it a list, in the clause."""
    text = (
        split(
            "# T\n\n## 1. Use\n\na. The Products:\n* The Service;\n* Beta.\n\nb. Next.\n\n## 2. End\n\nEnd.\n",
            "t.md",
            "en",
        )
        .sections[1]
        .text
    )
    assert "a. The Products:\n\n* The Service;\n* Beta.\n\nb. Next.\n" in text
