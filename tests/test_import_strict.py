"""An imported history builds strict.

A text taken from another site links to that site's other pages (`../abuse/index.md`), uses its
template syntax (`{{ site.email_support }}`) and links to anchors it no longer has. In the
archived versions that is information: `mkdocs build --strict` passes and says it at INFO, at
the section file's line in that version (`policy/en/01-who-we-are.md@1:3`), never naming
MkDocs' own page (`en/versions-1.md`), and the archived page shows such a link's words. In
the text in force the same defect fails `policy lint --strict` and `mkdocs build --strict`,
with the same message.

A real site made by `policy init` whose history has such texts (written before the checks
existed, or imported by hand: `policy import` itself now resolves them, see
test_import_outside.py), with pinned dates; real `policy lint` and `mkdocs build` processes.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from click.testing import CliRunner
from gitrepo import GitRepo
from hostile_sites import build, lint

from policykit.cli import main

TERMS_1 = """# Terms

## Who we are

We run the service. Read the [abuse policy](../abuse/index.md) and the
[guidelines](../guidelines/index.md#rules) too.

## Contact

Write to {{ site.email_support }}, or see [who we are](#who-we-are-not).
Show it as `{{ written }}`.
"""
TERMS_2 = TERMS_1.replace("We run the service.", "We run the service well.")
TERMS_3 = TERMS_2.replace("Write to", "Please write to")

#: What the archived versions say, at INFO, at the file and line of the version that first had it.
ARCHIVED = [
    "policy/en/01-who-we-are.md@1:3: the link '../abuse/index.md' names a file that is not in the site",
    "policy/en/01-who-we-are.md@1:4: the link '../guidelines/index.md#rules' names a file that is not in the site",
    "policy/en/02-contact.md@1:3: '{{ site.email_support }}' is template syntax",
    "policy/en/02-contact.md@1:3: the link '#who-we-are-not' leads to no place on the version's page",
]


def sections(text: str) -> dict[str, str]:
    """A source text as the section files an import writes: `## Title` -> `# N. Title`."""
    files = {}
    for number, part in enumerate(text.split("\n## ")[1:], start=1):
        title, _, body = part.partition("\n")
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        files[f"policy/en/{number:02d}-{slug}.md"] = f"# {number}. {title}\n{body}"
    return files


def meta_yml(label: str, effective: str) -> str:
    return (
        f'version: "{label}"\neffective: {effective}\nauthoritative: en\ntitle:\n  en: "Terms"\n'
        f'summary:\n  en: "Take {label}."\nmoved: {{}}\nremoved: []\n'
    )


def clean(text: str) -> str:
    """The text in force without the source site's links and template syntax."""
    return (
        text.replace("{{ site.email_support }}", "support@example.org")
        .replace("(#who-we-are-not)", "(#s1)")
        .replace(
            " Read the [abuse policy](../abuse/index.md) and the\n[guidelines](../guidelines/index.md#rules) too.", ""
        )
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> GitRepo:
    """`policy init`, committed; the source's history imported; the text in force cleaned and
    committed as a new version."""
    tmp = tmp_path_factory.mktemp("strict")
    made = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp / "site"),
            "--languages",
            "en",
            "--title",
            "Terms",
            "--site-url",
            "https://example.org/terms/",
        ],
        catch_exceptions=False,
    )
    assert made.exit_code == 0, made.output
    repo = GitRepo(tmp / "site", scaffold=False)  # init's repository, with the tests' committer
    for sample in ("policy/en/01-sample.md", "policy/policy.yml"):  # the history's versions are its own
        (repo.path / sample).unlink()
    repo.commit("Terms site", "2024-12-01T10:00:00+00:00")
    for n, text in enumerate([TERMS_1, TERMS_2, TERMS_3], 1):
        for rel, body in sections(text).items():
            repo.write(rel, body)
        repo.write("policy/policy.yml", meta_yml(str(n), f"2025-0{n}-01"))
        repo.commit(f"Terms, take {n}", f"2025-0{n}-01T10:00:00+00:00")
    for file in sorted((repo.path / "policy/en").glob("*.md")):
        file.write_text(clean(file.read_text(encoding="utf-8")), encoding="utf-8")
    meta = yaml.safe_load((repo.path / "policy/policy.yml").read_text(encoding="utf-8"))
    (repo.path / "policy/policy.yml").write_text(
        (repo.path / "policy/policy.yml")
        .read_text(encoding="utf-8")
        .replace(f'version: "{meta["version"]}"', 'version: "4"')
        .replace(f"effective: {meta['effective']}", "effective: 2025-04-01"),
        encoding="utf-8",
    )
    repo.commit("Our own links", "2025-04-01T10:00:00+00:00")
    return repo


@pytest.mark.build
def test_archived_oddities_are_info_at_the_source_file_of_their_version(site):
    code, lines, _ = lint(site.path, "--strict")
    assert code == 0, lines
    for expected in ARCHIVED:
        assert sum(line.startswith(expected) for line in lines) == 1, (expected, lines)
    assert not any("{{ written }}" in line for line in lines)  # in backticks: shown as written on purpose
    listed = CliRunner().invoke(main, ["versions", "--root", str(site.path)], catch_exceptions=False).stdout
    listed = listed.splitlines()
    note = (
        "           note: policy/en/01-who-we-are.md:3: the link '../abuse/index.md' names a file that is "
        "not in the site; the archived version shows the link's words without it (also in 2 later versions, "
        "the last 3)"
    )
    assert listed[0].startswith("1 ") and listed[1:5].count(note) == 1 and listed[5].startswith("2 "), listed
    result = build(site.path, "1780272000", "--strict")
    assert result.returncode == 0, result.output
    assert not re.search(r"^\s*WARNING\b", result.output, re.M), result.output
    assert "versions-" not in result.output
    for expected in ARCHIVED:
        assert re.search(r"^INFO\s+-\s+" + re.escape(expected), result.output, re.M), (expected, result.output)


@pytest.mark.build
def test_an_archived_page_shows_the_words_of_a_link_to_nothing(site, tmp_path):
    result = build(site.path, "1780272000")
    first = (result.site / "versions/1/index.html").read_text(encoding="utf-8")
    assert "Read the abuse policy and the\nguidelines too." in first
    assert "{{ site.email_support }}" in first and "who we are" in first  # the words, as they were
    assert "../abuse" not in first and "who-we-are-not" not in first and 'href="#who-we' not in first
    current = (result.site / "index.html").read_text(encoding="utf-8")
    assert 'href="#s1"' in current and "support@example.org" in current


@pytest.mark.build
@pytest.mark.parametrize(
    "defect, message",
    [
        (
            "\nSee [abuse](../abuse/index.md).\n",
            "policy/en/02-contact.md:6: the link '../abuse/index.md' names a file of "
            "the site that is not there: on every page of the text it leads to docs/abuse/index.md, which does not exist",
        ),
        (
            "\nWrite to {{ site.email_legal }}.\n",
            "policy/en/02-contact.md:6: '{{ site.email_legal }}' is template syntax "
            "of the site the text came from, which this site does not fill in",
        ),
        ("\nSee [rules](#rules).\n", "policy/en/02-contact.md:6: the link '#rules' leads to no place on the page"),
    ],
)
def test_the_same_defect_in_force_fails_lint_and_the_build_alike(site, tmp_path, defect, message):
    """lint --strict fails exactly when the strict build does, on the same line."""
    copy = tmp_path / "site"
    shutil.copytree(site.path, copy, ignore=shutil.ignore_patterns("site"))
    contact = copy / "policy/en/02-contact.md"
    assert len(contact.read_text(encoding="utf-8").splitlines()) == 4
    contact.write_text(contact.read_text(encoding="utf-8") + defect, encoding="utf-8")
    code, lines, _ = lint(copy, "--strict")
    found = [line for line in lines if line.startswith(message)]
    assert code == 1 and len(found) == 1, lines
    result = build(copy, "1780272000", "--strict")
    assert result.returncode == 1 and "Traceback" not in result.output
    assert found[0] in result.output
    assert "versions-" not in result.output and "Doc file" not in result.output
    assert not result.site.exists()


@pytest.mark.parametrize(
    "written, shown",
    [
        ("See [abuse](../abuse/index.md).", "See abuse."),
        ('See [the *abuse* [policy]](<../abuse/index.md> "Abuse").', "See the *abuse* [policy]."),
        ("A ![logo](logo.png) here.", "A logo here."),
        ("See [the\nguidelines](../abuse/index.md) too.", "See the\nguidelines too."),
        ("See [abuse][a] and [a].\n\n[a]: ../abuse/index.md", "See abuse and a.\n\n"),
        ('See <a href="../abuse/index.md">abuse</a>.', "See <a>abuse</a>."),
        ("See [it](#gone) and [this](#s1).", "See it and [this](#s1)."),
        ("See [other](other.md) and \\[x](../abuse/index.md).", "See [other](other.md) and \\[x](../abuse/index.md)."),
    ],
)
def test_a_link_to_nothing_is_shown_as_its_words(written, shown):
    from policykit.record.archived import unlink

    labels = {"a"} if "[a]:" in written else set()
    assert unlink(written, frozenset({"../abuse/index.md", "logo.png", "#gone"}), labels) == shown


def test_unlinking_copies_the_units_it_changes_and_shares_the_others():
    from policykit.record.archived import unlink_text
    from policykit.text.checks import Problems
    from policykit.text.model import LanguageText
    from policykit.text.parser import parse_section

    first = parse_section(
        "# 1. One\n\na. See [abuse](../abuse/index.md).\n\nb. Plain.\n", "policy/en/01-one.md", "1", Problems()
    ).unit
    second = parse_section("# 2. Two\n\nPlain.\n", "policy/en/02-two.md", "2", Problems()).unit
    text = LanguageText("en", [first, second])
    shown = unlink_text(text, frozenset({"../abuse/index.md"}))
    assert "See abuse." in "\n".join(shown.sections[0].children[0].lines)
    assert "[abuse](../abuse/index.md)" in "\n".join(first.children[0].lines)  # the shared unit is as it was
    assert shown.sections[1] is second and shown.sections[0].children[1] is first.children[1]
    assert unlink_text(text, frozenset()) is text
