"""Golden tests of the parser and the Markdown extension: every syntax case, every problem.

Each `golden/NN-name.md` is a section file. Its expected page HTML is `NN-name.html`, its
expected problems (one `path:line: message (fix)` per line) `NN-name.problems`.
Regenerate both after an intended change with `pytest tests/test_golden.py --update-golden`
and read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from policykit.render.extension import PolicyExtension
from policykit.render.markdown import document_markdown
from policykit.text.checks import Problems
from policykit.text.model import LanguageText
from policykit.text.parser import normalise_number, parse_section
from policykit.text.source import SECTION_NAME_RE, decode_policy_file

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.md"))


def to_html(markdown_text: str) -> str:
    """The extensions of mkdocs.yml, as MkDocs configures them."""
    md = markdown.Markdown(
        extensions=["toc", "attr_list", "tables", "fenced_code", PolicyExtension()],
        extension_configs={"toc": {"permalink": True}},
    )
    return md.convert(markdown_text)


def render_case(name: str, data: bytes, declared: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    problems = Problems()
    path = f"policy/sv/{name}"
    text = decode_policy_file(data, path, problems)
    number = normalise_number(SECTION_NAME_RE.match(name).group("number"))
    parsed = parse_section(text, path, number, problems, declared)
    units = [parsed.unit] if parsed.unit else []
    html = to_html(document_markdown(LanguageText("sv", units), "Title from policy.yml")) if units else ""
    return html, [str(p) for p in problems]


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; rerun with --update-golden"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path, update_golden: bool):
    html, problems = render_case(case.name, case.read_bytes())
    check_golden(case.with_suffix(".html"), html, update_golden)
    check_golden(case.with_suffix(".problems"), "".join(p + "\n" for p in problems), update_golden)


def test_bom_and_crlf_render_as_lf():
    source = (GOLDEN / "02-subclauses.md").read_bytes()
    windows = b"\xef\xbb\xbf" + source.replace(b"\n", b"\r\n")
    assert render_case("02-subclauses.md", windows) == render_case("02-subclauses.md", source)


def test_declared_ids_may_leave_gaps():
    source = b"# 3. Removed clauses\n\na. One.\n\nd. b and c were removed.\n\n(2) sub 1 moved away.\n"
    assert render_case("03-x.md", source)[1] == [
        "policy/sv/03-x.md:5: clause 'd' follows 'a' ('b', 'c' are missing) (add 'b', 'c', correct the label, "
        "or, if s3-b, s3-c were published and then removed, declare them in policy/policy.yml: "
        "removed: [s3-b, s3-c])",
        "policy/sv/03-x.md:7: sub-clause (2) comes first ((1) is missing) (add (1), correct the label, or, "
        "if s3-d-1 was published and then removed, declare it in policy/policy.yml: removed: [s3-d-1])",
    ]
    declared = frozenset({"s3-b", "s3-c", "s3-d-1"})
    html, problems = render_case("03-x.md", source, declared)
    assert problems == []
    assert 'id="s3-d-2"' in html


def test_units_carry_ids_lines_and_own_text():
    problems = Problems()
    parsed = parse_section((GOLDEN / "02-subclauses.md").read_text(), "p.md", "2", problems)
    units = {u.id: u for u in parsed.unit.walk()}
    assert list(units) == ["s2", "s2-a", "s2-a-1", "s2-a-1a", "s2-a-2", "s2-b", "s2-b-1"]
    assert [units[i].line for i in units] == [4, 6, 8, 10, 12, 16, 18]
    assert units["s2-a-2"].text == "the second. Text after a sub-clause belongs to the sub-clause."
    assert units["s2-a"].text == "A clause with sub-clauses:"
    assert units["s2-a-1"].display_label == "2 a (1)"
    assert parsed.front_matter == {"note": "front matter is read and skipped"}


def test_a_long_clause_parses_in_linear_time():
    """A 1 MB clause: one line, or many short lines, parses quickly and whole."""
    from building import cpu_time

    words = ("ord " * 250_000).strip()
    for body in (words, words.replace(" ", "\n")):
        with cpu_time() as spent:  # CPU time: the same on a busy machine
            html, problems = render_case("01-long.md", f"# 1. Long\n\na. {body}\n".encode())
        assert problems == [] and html.count("ord") == 250_000
        assert spent.seconds < 30  # generous: catches quadratic behaviour only


@pytest.mark.parametrize("case", [c for c in CASES if not c.with_suffix(".problems").read_text()], ids=lambda c: c.stem)
def test_a_section_rendered_once_and_reused_is_the_same_html(case: Path):
    """sections.SectionCache renders a section's body apart from its page: same elements, same text."""
    from policykit.render.prerendered import Prerendered
    from policykit.render.sections import SectionCache

    problems = Problems()
    number = normalise_number(SECTION_NAME_RE.match(case.name).group("number"))
    unit = parse_section(decode_policy_file(case.read_bytes(), "p.md", problems), "p.md", number, problems).unit
    text = LanguageText("sv", [unit])
    cache = SectionCache(["toc", "attr_list", "tables", "fenced_code"], {"toc": {"permalink": True}})
    whole = to_html(document_markdown(text, "T"))
    blocks = Prerendered()
    reused = to_html(document_markdown(text, "T", sections=cache, blocks=blocks))
    if cache(unit) is None:  # sub-headings or links to pages: rendered with the page, as before
        assert reused == whole
        return
    flat = lambda html: html.replace('<div class="policy-body">', "").replace("</div>", "").replace("\n", "")
    assert flat(reused).replace("</section>", "") == flat(whole).replace("</section>", "")
