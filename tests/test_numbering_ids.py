"""No id but a unit's has the form of an anchor, in whatever numbering the site declares.

Under sections `A.` a sub-heading "SD" slugs to `sd`, section D's anchor; a raw `id="sa-1"`
or an alias `sz` would take a unit's address, now or when a later version adds the unit. The
page, lint and policy.yml's checks judge by one rule (sanitise.heading_id, Numbering.taken),
made from the one definition of each scheme's anchors (numbering.py).
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from policykit.text.checks import Problems
from policykit.text.htmlcheck import check_page
from policykit.text.links import page_anchors
from policykit.text.meta import parse_meta
from policykit.text.model import LanguageText
from policykit.text.numbering import Numbering
from policykit.text.parser import parse_section

LETTERED = Numbering("A.", "1.1", "(i)")
EXTENSION = "policykit.render.extension"
META = 'version: "1.0"\neffective: 2026-01-15\nauthoritative: en\ntitle: {en: T}\nsummary: {en: S}\n'


def heading_ids(text: str, numbering: list[str] | None = None) -> list[str]:
    configs = {EXTENSION: {"numbering": numbering}} if numbering is not None else {}
    html = markdown.Markdown(extensions=["toc", EXTENSION], extension_configs=configs).convert(text)
    return [h["id"] for h in BeautifulSoup(html, "html.parser").find_all(["h2", "h3"])]


HEADINGS = "## SD\n\n## SA 1 II\n\n## S1 A\n\n## Contact\n\n## Iv\n"


def test_no_heading_takes_the_form_of_an_anchor_of_the_sites_numbering():
    assert heading_ids(HEADINGS, [LETTERED.code]) == ["h-sd", "h-sa-1-ii", "h-s1-a", "contact", "iv"]


def test_a_site_numbered_by_default_keeps_its_heading_ids():
    assert heading_ids(HEADINGS) == ["sd", "sa-1-ii", "h-s1-a", "contact", "iv"]
    assert heading_ids(HEADINGS, []) == heading_ids(HEADINGS)


def test_every_scheme_of_the_history_is_guarded():
    roman = Numbering("I.", "a.", "(1)").code
    assert heading_ids("## SIV B\n\n## SE\n", [roman, LETTERED.code]) == ["h-siv-b", "h-se"]
    assert heading_ids("## SIV B\n\n## SE\n", [roman]) == ["h-siv-b", "se"]


@pytest.mark.parametrize(
    "line, anchor",
    [('<span id="sd">x</span>', "sd"), ("x\n{: #sa-1-ii }", "sa-1-ii"), ('<span id="s1-a">x</span>', "s1-a")],
)
def test_a_raw_id_of_the_form_of_the_schemes_anchors_is_an_id_collision(line, anchor):
    problems = Problems()
    parse_section(f"# A. Scope\n\nA.1 {line}\n", "policy/en/01-a.md", "1", problems, numbering=LETTERED)
    found = [p.message for p in problems if p.check.code == "id-collision"]
    assert len(found) == 1 and f" sets the id {anchor}, the form of the policy's anchors" in found[0], [
        str(p) for p in problems
    ]


def test_a_raw_id_of_another_form_is_only_removed():
    problems = Problems()
    parse_section(
        '# A. Scope\n\nA.1 <span id="intro">x</span>\n', "policy/en/01-a.md", "1", problems, numbering=LETTERED
    )
    assert [p.check.code for p in problems] == ["raw-html"]


def test_an_alias_of_the_form_of_the_schemes_anchors_is_refused():
    numbering = 'numbering: {section: "A.", clause: "1.1", subclause: "(i)"}\n'
    problems = Problems()
    meta = parse_meta(META + numbering + "aliases: {sz: sa, sb-2: sa, intro: sa}\n", "policy.yml", ["en"], problems)
    assert [str(p).split(" (")[0] for p in problems] == [
        "policy.yml:7: aliases: 'sz' cannot be an old fragment",
        "policy.yml:7: aliases: 'sb-2' cannot be an old fragment",
    ]
    assert meta.aliases == {"intro": "sa"}


def test_lint_knows_the_id_a_sub_heading_gets():
    """A link to `#sd` on a page whose only `sd` is the sub-heading "SD" leads nowhere: the
    heading's id is `h-sd` (dead-anchor), as under the default scheme `#s3-g` for "S3 G"."""
    problems = Problems()
    text = "# C. Contact\n\nC.1 Write.\n\n## SD\n\nText.\n"
    unit = parse_section(text, "policy/en/03-c.md", "3", problems, numbering=LETTERED).unit
    present = page_anchors(LanguageText("en", [unit]), "Terms", numbering=LETTERED)
    assert {"sc", "sc-1", "h-sd", "h-sd_1", "terms"} <= present and "sd" not in present
    assert "h-s3-g" in page_anchors(
        LanguageText("en", [parse_section("# 3. T\n\n## S3 G\n", "f.md", "3", problems).unit])
    )


UNIT_CLASSES = {"policy-preamble", "policy-clause", "policy-subclause", "policy-redline-unit", "policy-alias"}


@pytest.mark.parametrize(
    "path", ["index.html", "en/index.html", "versions/1.1/index.html", "versions/1.1/changes/index.html"]
)
def test_on_a_built_site_only_units_have_ids_of_the_form_of_its_anchors(lettered, path):
    assert lettered.returncode == 0, lettered.output
    page = BeautifulSoup((lettered.site / path).read_text(encoding="utf-8"), "html.parser")
    anchors = [e for e in page.find_all(id=True) if LETTERED.taken(e["id"])]
    strays = [
        (e.name, e["id"])
        for e in anchors
        if not set(e.get("class", [])) & UNIT_CLASSES and "policy-section" not in e.parent.get("class", [])
    ]
    assert anchors and not strays
    if "changes" not in path:
        assert [h["id"] for h in page.find_all("h3") if h.get_text().startswith("SD")] == ["h-sd"]


def test_a_docs_page_id_of_the_form_of_the_schemes_anchors_is_an_id_collision():
    problems = Problems()
    check_page('Text <span id="sa-1">x</span> and <span id="intro">y</span>.\n', "docs/en/about.md", problems, LETTERED)
    assert [p.check.code for p in problems] == ["id-collision", "raw-html"]


def test_a_redlines_moved_units_are_marked_as_units(story):
    """policy-anchors.js knows a unit by its class: the moved list's entries carry one."""
    result, _ = story
    page = BeautifulSoup((result.site / "versions/1.2/changes/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find(id="s2-b").get("class") == ["policy-moved"]
