"""An old page's fragment that a later version gives to one of its own headings lands there.

A terms of service first had unnumbered sections, so "The Gist" was section 1 and its old
fragment `#the-gist` an alias of s1; later the sections were numbered and "The Gist" became a
heading of the preamble. The alias must not take the heading's id (the page would send
`#the-gist` to section 1, "Who's Who", and call the heading `the-gist_1`). Real git
repositories with pinned dates, the real command and a real strict build.
"""

from __future__ import annotations

import pytest
import yaml
from building import mkdocs_build
from replay_sources import make_site, make_source, run

pytestmark = pytest.mark.build  # every test here builds a site

EARLY = """# Terms

## The Gist

We make the web better.

## Who's Who

You are you.

## Fees

You pay.
"""
LATER = """# Terms

## The Gist

We make the web better, together.

## 1. Who's Who

You are you.

## 2. Fees

You pay the fees.
"""


def test_an_alias_that_is_now_a_heading_of_the_text_goes_to_the_heading(tmp_path):
    source, _ = make_source(
        tmp_path / "source",
        entries=[
            ("2024-01-01T10:00:00+00:00", "Terms", {"terms.md": EARLY}, None),
            ("2024-06-01T10:00:00+00:00", "Numbered", {"terms.md": LATER}, None),
        ],
    )
    site = make_site(tmp_path / "site", langs=("en",))
    result = run("--history", f"{source.path}:terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((site.path / "policy/policy.yml").read_text(encoding="utf-8"))
    assert "the-gist" not in (meta.get("aliases") or {}), meta
    assert "aliases: #the-gist dropped: it is the id of a heading of the text, where it lands" in result.output
    built = mkdocs_build(site.path, "--strict")
    assert built.returncode == 0, built.output
    page = (site.path / "site/index.html").read_text(encoding="utf-8")
    assert page.count('id="the-gist"') == 1 and 'id="the-gist_1"' not in page
    assert '<h2 id="the-gist">' in page or '<h3 id="the-gist">' in page, page
