"""A history whose text changed how it numbers its clauses keeps each version's own labels.

The first versions of a terms of service numbered its clauses `1.`, `2.`; later ones wrote
lettered sub-headings (`### a. Fees`). The labels on a page are the text's own: the later
versions show `a.`, not a `1.` carried over from the first version's scheme, and the anchors
the first versions published (s1-1) land on their clauses' new places (s1-a). A level the text
has no labels of keeps the scheme before. Real git repositories with pinned dates, the real
command and a real strict build.
"""

from __future__ import annotations

import pytest
import yaml
from building import mkdocs_build
from replay_sources import make_site, make_source, run

NUMBERED = """# Terms

## 1. Payment

1. You pay the fees.

2. You pay the taxes.

## 2. Ending

1. You may stop at any time.
"""
LETTERED = """# Terms

## 1. Payment

### a. Fees

You pay the fees.

### b. Taxes

You pay the taxes.

## 2. Ending

You may stop at any time, and so may we.
"""


@pytest.mark.build
def test_a_text_that_letters_its_clauses_later_shows_its_letters(tmp_path):
    source, shas = make_source(
        tmp_path / "source",
        entries=[
            ("2024-01-01T10:00:00+00:00", "Terms", {"terms.md": NUMBERED}, None),
            ("2024-06-01T10:00:00+00:00", "Lettered", {"terms.md": LETTERED}, None),
        ],
    )
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    text = (site.path / "policy/en/01-payment.md").read_text(encoding="utf-8")
    assert "a. **Fees.** You pay the fees." in text and "b. **Taxes.** You pay the taxes." in text, text
    meta = yaml.safe_load((site.path / "policy/policy.yml").read_text(encoding="utf-8"))
    assert meta.get("numbering", {}).get("clause", "a.") == "a.", meta
    assert meta["moved"] == {"s1-1": "s1-a", "s1-2": "s1-b"}, meta
    first = yaml.safe_load(site.git("show", "HEAD~1:policy/policy.yml"))
    assert first["numbering"]["clause"] == "1.", first
    assert (
        f"terms.md@{shas[1][:7]}: the text numbers its units otherwise from here on (clause '1.' -> 'a.')"
        in result.output
    ), result.output
    built = mkdocs_build(site.path, "--strict")
    assert built.returncode == 0, built.output
    page = (site.path / "site/index.html").read_text(encoding="utf-8")
    assert 'id="s1-a"' in page and 'id="s1-1"' in page  # the old anchor lands on the clause


ONE_SECTION = """# Firefox Privacy Notice

March 21, 2014

We care about your privacy.

## Things you should know

* **Updates.** Firefox checks for updates.
* **Snippets.** Firefox shows snippets.
"""


def test_a_text_with_one_heading_below_its_title_is_one_section_not_skipped(tmp_path):
    """A title and one `##` heading: no level occurs twice, and the text is still a policy of
    one section (a real notice was written so for 43 of its commits)."""
    two = ONE_SECTION + "\n## Your choices\n\nYou may turn them off.\n"
    source, shas = make_source(
        tmp_path / "source",
        entries=[
            ("2014-03-21T10:00:00+00:00", "Notice", {"notice.md": ONE_SECTION}, None),
            ("2014-06-01T10:00:00+00:00", "Choices", {"notice.md": two}, None),
        ],
    )
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:notice.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    assert "0 commit(s) skipped" in result.output, result.output
    first = site.git("show", "HEAD~1", "--name-only", "--format=")
    assert "policy/en/01-things-you-should-know.md" in first, first
    assert (
        f"notice.md@{shas[0][:7]}:7: sections are the level-2 headings ('## '), the one heading below the "
        "title: the text has one section"
    ) in result.output, result.output


def test_a_text_of_one_heading_and_no_title_is_one_section():
    """A translation written as one `## Section` and its text, without a title: one section
    (a real notice's German text was so for years)."""
    from policykit.importing.split import split

    result = split("## Folgendes sollten Sie wissen\n\nFirefox verbindet sich mit uns.\n", "de.md", "de")
    assert [section.text for section in result.sections] == [
        "# 1. Folgendes sollten Sie wissen\n\nFirefox verbindet sich mit uns.\n"
    ]
    assert "de.md:1: sections are the level-2 headings ('## '), the text's one heading: the text has one section" in [
        str(g) for g in result.guesses
    ]
