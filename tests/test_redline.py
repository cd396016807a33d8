"""The word-level redline on the kinds of edits legal editors make, in Swedish and English."""

from __future__ import annotations

import pytest
from building import cpu_time
from redline_cases import REDLINE_CASES

from policykit.render.redline import diff, redline_html, whitespace_only
from policykit.text.model import plain


@pytest.mark.parametrize("old, new, expected", REDLINE_CASES)
def test_redlines(old, new, expected):
    assert redline_html(old, new) == expected


def test_whitespace_only_edits_are_recognised_and_show_no_change():
    old, new = "Vi samlar in\nnamn och adress.", "Vi samlar in namn\noch  adress."
    assert whitespace_only(old, new)
    assert [seg.op for seg in diff(old, new)] == ["equal"]
    assert not whitespace_only("a b", "a c")


def test_context_shortens_long_unchanged_runs():
    words = " ".join(f"ord{i}" for i in range(40))
    html = redline_html(words + " slut.", words + " slutet.", context=3)
    assert html == "… ord37 ord38 ord39 <del>slut</del><ins>slutet</ins>."


def test_a_1_mb_clause_with_a_few_edits_is_fast():
    base = " ".join(f"ord{i % 997}" for i in range(150_000))
    changed = base.replace("ord5 ", "ordfem ", 1).replace("ord900 ord901", "ord900 nytt ord901", 1)
    with cpu_time() as spent:  # CPU time: the same on a busy machine
        html = redline_html(base, changed)
    assert "<ins>ordfem</ins>" in html or "<ins>nytt </ins>" in html
    assert spent.seconds < 30  # catches quadratic blow-ups only


def test_paragraphs_stay_apart():
    """A clause of two paragraphs reads as two in its redline (and in policy.json)."""
    old = "Följande policy förklarar\nhur vi hanterar uppgifter.\n\nOkrabattkod. Com respekterar."
    new = "Följande policy förklarar hur vi hanterar uppgifter.\n\n\nOkrabattkod.com respekterar."
    assert redline_html(old, new) == (
        "Följande policy förklarar hur vi hanterar uppgifter.<br><br>"
        "Okrabattkod.<del> Com</del><ins>com</ins> respekterar."
    )
    assert plain("Ett stycke\nmed två rader.\n\n* en punkt\n* en till\n\n| a | b |\n|---|---|\n| 1 | 2 |") == (
        "Ett stycke med två rader.\n\nen punkt\n\nen till\n\na b\n\n1 2"
    )
