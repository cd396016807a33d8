"""Every change that alters what a reader gets shows in the redline, on the compare page and in
`policy diff`; a unit is "changed" exactly when its redline shows something.

A real repository whose 1.1 changes nothing but a link's target, built --strict: the version
is material, its redline page shows the old target struck and the new one inserted, the compare
page does in Chromium, and `policy diff` does in each format. Then a property over many edits
of one clause (link targets and titles, images, notes, formatting, Markdown spelled otherwise,
whitespace, comments), every ordered pair through the real parser and `changes.compare`: a
unit listed as changed has an insertion or a deletion in its redline, in Python and in the
browser's port; one not listed has none, and its Markdown change is listed as layout only."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from browsing import serve
from bs4 import BeautifulSoup
from building import ROOT, mkdocs_build
from click.testing import CliRunner
from gitrepo import GitRepo, meta
from redline_js import RUN, SCRIPT
from small_policy import EN_1_0, SV_1_0, files

from policykit.cli import main
from policykit.project.load import load_project
from policykit.record.changes import compare
from policykit.render import redline
from policykit.render.redline_tables import tables
from policykit.text import reading
from policykit.text.checks import Severity
from policykit.text.source import check_policy, read_tree

EPOCH = "1780272000"  # 2026-06-01
OLD, NEW = "https://example.org/p", "https://evil.example/p"
SV_LINK = "b. Vi samlar in e-post och delar den med [våra biträden]({target}).\n"
EN_LINK = "b. We collect e-mail and share it with [our processors]({target}).\n"


def with_link(target: str) -> dict[str, str]:
    return {
        "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace(
            "b. Vi samlar in e-post.\n", SV_LINK.format(target=target)
        ),
        "en/01-collection.md": EN_1_0["01-collection.md"].replace(
            "b. We colect e-mail.\n", EN_LINK.format(target=target)
        ),
    }


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """1.0, and 1.1 whose only change is the target of one link (in both languages)."""
    repo = GitRepo(tmp_path_factory.mktemp("linked") / "repo")
    repo.write_policy(
        {"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0), **with_link(OLD)}
    )
    first = repo.commit("Policy 1.0", "2026-01-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.1", "2026-02-15", "Processors."), **with_link(NEW)})
    repo.commit("Policy 1.1: the processors' page moved", "2026-02-01T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.output
    return repo, first, result.site


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_a_version_that_changes_only_a_link_target_is_changed_and_material(linked):
    repo, _, _ = linked
    record = load_project(repo.path, ["sv", "en"]).record
    changes = record.changes["1.1"]
    assert (changes.changed, changes.added, changes.removed, changes.whitespace) == (["s1-b"], [], [], [])
    assert record.material["1.1"] is True
    data = json.loads((linked[2] / "policy.json").read_text(encoding="utf-8"))
    assert data["versions"][1]["changes"]["changed"] == ["s1-b"] and data["versions"][1]["material"] is True
    clause = next(c for c in data["clauses"] if c["id"] == "s1-b")  # the record's words: no mark, no target
    assert clause["text"]["en"] == "We collect e-mail and share it with our processors."


@pytest.mark.build
@pytest.mark.parametrize(
    "path, words",
    [("versions/1.1/changes/index.html", "våra biträden"), ("en/versions/1.1/changes/index.html", "our processors")],
)
def test_the_redline_page_shows_the_old_target_struck_and_the_new_one_inserted(linked, path, words):
    page = soup(linked[2], path)
    unit = page.select_one(".policy-redline-unit#s1-b")
    assert unit is not None, page.get_text()
    deleted, inserted = unit.select("del .policy-redline-link"), unit.select("ins .policy-redline-link")
    assert [d.get_text() for d in deleted] == [f"→\u00a0{OLD}"] and [i.get_text() for i in inserted] == [
        f"→\u00a0{NEW}"
    ]
    assert words in unit.get_text() and not unit.select("del, ins")[0].find(string=re.compile(words))
    assert "\ufdd0" not in page.decode() and "\ufffd" not in page.decode()
    body = page.select_one(".md-content").get_text()
    assert "Ingen ändring" not in body and "No change" not in body


@pytest.mark.build
def test_compare_json_carries_the_targets(linked):
    data = json.loads((linked[2] / "compare.json").read_text(encoding="utf-8"))
    assert data["chars"]["marks"] == tables()["marks"]
    with_target = [text for text in data["texts"] if "processors" in text]
    assert len(with_target) == 2 and {OLD, NEW} == {re.search(r"https://[^\ufdd1]+", t).group(0) for t in with_target}


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_compare_page_shows_the_change_in_chromium(linked, browser, prefix):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with serve(linked[2]) as url:
        page.goto(f"{url}{prefix}compare/?from=1.0&to=1.1")
        page.wait_for_selector(".policy-compare-result .policy-redline-unit")
        result = page.locator(".policy-compare-result")
        unit = result.locator(".policy-redline-unit#s1-b")
        assert unit.locator("del .policy-redline-link").all_text_contents() == [f"→\u00a0{OLD}"]
        assert unit.locator("ins .policy-redline-link").all_text_contents() == [f"→\u00a0{NEW}"]
        said = result.inner_text()
        assert "Ingen ändring" not in said and "No change" not in said
        # the browser's redline is the build's, element for element
        built = soup(linked[2], ("" if prefix == "/" else "en/") + "versions/1.1/changes/index.html")
        shown = BeautifulSoup(unit.locator(".policy-redline").inner_html(), "html.parser")
        assert str(shown) == "".join(map(str, built.select_one(".policy-redline-unit#s1-b .policy-redline").contents))
        context.close()  # before the server stops: the search worker may still be loading its scripts
    assert errors == []


@pytest.mark.build
def test_policy_diff_shows_the_target_in_every_format(linked):
    repo, first, _ = linked
    runner = CliRunner()
    text = runner.invoke(main, ["diff", first, "HEAD", "--root", str(repo.path)], catch_exceptions=False).output
    assert f"[-⟨→ {OLD}⟩-]{{+⟨→ {NEW}⟩+}}" in text and "No change to the text." not in text
    assert "Changed:" in text and "s1-b, sv" in text and "s1-b, en" in text
    markdown = runner.invoke(main, ["diff", first, "HEAD", "--root", str(repo.path), "--format", "markdown"]).output
    assert '<del><span class="policy-redline-link">→\u00a0https://example.org/p</span></del>' in markdown
    data = json.loads(runner.invoke(main, ["diff", first, "HEAD", "--root", str(repo.path), "--format", "json"]).stdout)
    assert data["changes"]["changed"] == ["s1-b"]
    assert all(
        f'<ins><span class="policy-redline-link">→\u00a0{NEW}</span></ins>' in r["html"] for r in data["redlines"]
    )


# --- the property: "changed" if and only if the redline shows something -----------------------

#: One clause written many ways. Each reads differently from the others unless they share a
#: group (the same reading, Markdown spelled otherwise): then the change is layout only.
VARIANTS = [
    ("link", "Vi delar den med [våra biträden](https://example.org/p)."),
    ("link", "Vi delar den med [våra biträden][b].\n\n[b]: https://example.org/p"),
    ("link", "Vi delar den med  [våra biträden](https://example.org/p).\n"),
    ("link", "Vi delar den med [våra biträden](https://example.org/p). <!-- jurist: kolla > 1 år -->"),
    ("evil", "Vi delar den med [våra biträden](https://evil.example/p)."),
    ("evil", "Vi delar den med [våra biträden][b].\n\n[b]: https://evil.example/p"),
    ("titled", 'Vi delar den med [våra biträden](https://example.org/p "Lista").'),
    ("titled2", 'Vi delar den med [våra biträden](https://example.org/p "Lista över biträden").'),
    ("relative", "Vi delar den med [våra biträden](#s3-a)."),
    ("unlinked", "Vi delar den med våra biträden."),
    ("unlinked", "Vi delar den med våra\nbiträden."),
    ("unlinked", "Vi delar den med våra biträden. <!-- se avtal -->"),
    ("wider", "Vi delar den med [våra biträden och partner](https://example.org/p)."),
    ("autolink", "Vi delar den med <https://example.org/p>."),
    ("autolink2", "Vi delar den med <https://evil.example/p>."),
    ("image", "Vi delar den med våra biträden. ![Karta](karta.png)"),
    ("image", "Vi delar den med våra biträden. ![Karta] [k]\n\n[k]: karta.png"),
    ("image-src", "Vi delar den med våra biträden. ![Karta](karta2.png)"),
    ("image-alt", "Vi delar den med våra biträden. ![Karta över länder](karta.png)"),
    ("image-title", 'Vi delar den med våra biträden. ![Karta](karta.png "Länder")'),
    ("abbr", 'Vi delar den med våra biträden enligt <abbr title="Dataskyddsförordningen">GDPR</abbr>.'),
    ("abbr2", 'Vi delar den med våra biträden enligt <abbr title="EU:s dataskyddsförordning">GDPR</abbr>.'),
    ("abbr-none", "Vi delar den med våra biträden enligt <abbr>GDPR</abbr>."),
    ("em", "Vi delar den med *våra* biträden."),
    ("em", "Vi delar den med _våra_ biträden."),
    ("em", "Vi delar den med <em>våra</em> biträden."),
    ("strong", "Vi delar den med **våra** biträden."),
    ("strong", "Vi delar den med __våra__ biträden."),
    ("strong", "Vi delar den med <b>våra</b> biträden."),
    ("strong-em", "Vi delar den med ***våra*** biträden."),
    ("code", "Vi delar den med `våra` biträden."),
    ("unlinked", "Vi delar den med <s>våra</s> biträden."),  # the policy's text keeps struck words, unstruck
    ("sup", "Vi delar den med våra<sup>1</sup> biträden."),
    ("sup-not", "Vi delar den med våra1 biträden."),
    ("quoted", "Vi delar den med <q>våra</q> biträden."),
    ("entity", "Vi delar den med våra biträden &amp; partner."),
    ("entity", "Vi delar den med våra biträden & partner."),
    ("entity", "Vi delar den med våra biträden &#38; partner."),
]


SV_ONLY = (
    'version: "1.0"\neffective: 2026-01-15\ntimezone: Europe/Stockholm\nauthoritative: sv\n'
    'title: {sv: Integritetspolicy}\nsummary: {sv: "Version 1.0."}\nmoved: {}\nremoved: []\n'
)


def swedish_policy(folder: Path, section: str):
    """A Swedish-only policy/ folder read and checked as the build does: its section 1 is `section`."""
    (folder / "sv").mkdir(parents=True)
    (folder / "policy.yml").write_text(SV_ONLY, encoding="utf-8")
    (folder / "sv" / "00-inledning.md").write_text("# Integritetspolicy\n\nInledning.\n", encoding="utf-8")
    (folder / "sv" / "01-insamling.md").write_text(section, encoding="utf-8")
    policy = check_policy(read_tree(folder, folder.name), ["sv"])
    assert not [p for p in policy.problems if p.severity == Severity.ERROR], [str(p) for p in policy.problems]
    return policy


def policy_of(tmp_path: Path, name: str, title: str, clause: str):
    return swedish_policy(tmp_path / name, f"# 1. {title}\n\na. {clause}\n\nb. Slut.\n")


def has_change(html: str) -> bool:
    return "<del>" in html or "<ins>" in html


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("variants")
    return [(group, policy_of(tmp, f"v{n}", "Insamling", text)) for n, (group, text) in enumerate(VARIANTS)]


def test_every_pair_is_changed_exactly_when_its_redline_shows_something(variants):
    """Over every ordered pair of the variants: `changed` (and material) if and only if the
    redline has an insertion or a deletion, which happens exactly between groups; within a
    group a different Markdown is layout only."""
    pairs = 0
    for (group_a, a), (group_b, b) in itertools.permutations(variants, 2):
        changes = compare(a, b, {}, ["sv"])
        old, new = a.texts["sv"].find("s1-a").compared, b.texts["sv"].find("s1-a").compared
        html = redline.redline_html(old, new)
        changed = "s1-a" in changes.changed
        assert changed == has_change(html) == (group_a != group_b), (group_a, group_b, html)
        written = a.texts["sv"].written["s1-a"] != b.texts["sv"].written["s1-a"]
        assert ("s1-a" in changes.whitespace) == (not changed and written), (group_a, group_b)
        pairs += 1
    assert pairs == len(VARIANTS) * (len(VARIANTS) - 1)


def test_a_section_title_counts_with_its_formatting_and_its_boundary(tmp_path):
    """The title is part of what a section's reader gets: its emphasis counts, and words that
    move between the title and the text are a change (the mark between them shows as ": ")."""
    texts = {"plain": ("Insamling", "Slut."), "em": ("*Insamling*", "Slut."), "moved": ("Insamling: Slut.", "")}
    policies = {}
    for name, (title, text) in texts.items():
        policies[name] = swedish_policy(tmp_path / name, f"# 1. {title}\n\n{text}\n\na. Punkt.\n")
    assert policies["plain"].texts["sv"].find("s1").compared.replace(reading.SECTION_BREAK, ": ") == "Insamling: Slut."
    for a, b in itertools.permutations(policies, 2):
        changes = compare(policies[a], policies[b], {}, ["sv"])
        html = redline.redline_html(
            policies[a].texts["sv"].find("s1").compared, policies[b].texts["sv"].find("s1").compared
        )
        assert changes.changed == ["s1"] and has_change(html), (a, b, html)
    assert (
        redline.redline_html(
            policies["plain"].texts["sv"].find("s1").compared, policies["em"].texts["sv"].find("s1").compared
        )
        == "<del>Insamling</del><ins><em>Insamling</em></ins>: Slut."
    )


def test_the_browser_redline_agrees_on_every_pair(variants, browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><meta charset=utf-8><title>redline</title>")
    page.add_script_tag(path=str(SCRIPT))
    page.add_script_tag(content=RUN)
    page.evaluate("t => { window.python = PolicyRedline.create(t); }", tables())
    pairs = [
        (a.texts["sv"].find("s1-a").compared, b.texts["sv"].find("s1-a").compared)
        for (_, a), (_, b) in itertools.permutations(variants, 2)
    ]
    js = page.evaluate("pairs => runPairs('python', pairs)", [list(p) for p in pairs])
    context.close()
    python = [
        [[[s.op, s.old, s.new] for s in redline.diff(old, new)], redline.redline_html(old, new)] for old, new in pairs
    ]
    assert js == python


def test_what_an_editor_writes_cannot_pass_for_a_mark():
    """The characters of a mark are made U+FFFD in the text: a forged target is words, and the
    real link it imitates is a change. (Lint refuses noncharacters in the working tree; an old
    version is rendered as it was committed.)"""
    forged = reading.reading("a\ufdd0@\ufdd2→\ufdd3https://x\ufdd1 b")
    assert reading.OPEN not in forged and forged.count("\ufffd") == 4
    assert forged != reading.reading("[a](https://x) b")
    assert reading.reading("![\ufdd0](\ufdd1.png)").count(reading.OPEN) == 1


def test_the_compare_page_builds_exactly_the_elements_a_redline_has():
    """policy-compare.js turns the redline's HTML into nodes by a list of tags: the formats'
    tags (reading.FORMATS) and the marked spans (reading.CHIPS), or a mark would show as text."""
    script = (ROOT / "src/policykit/theme/assets/javascripts/policy-compare.js").read_text(encoding="utf-8")
    tags = re.search(r"<\(\\/\?\)\(([a-z|]+)\)>", script).group(1).split("|")
    assert set(tags) == {"del", "ins", *reading.FORMATS.values()}
    classes = re.search(r"policy-redline-\(\?:([a-z|]+)\)", script).group(1).split("|")
    assert set(classes) == set(reading.CHIPS.values())


def test_the_quick_path_takes_only_text_markdown_shows_as_it_is():
    """Text with no Markdown is taken as it is; an indented block is code style, as the page
    shows it, and a comment is no text at all."""
    assert reading.reading("Vi samlar\nin namn.") == "Vi samlar in namn."
    code = reading.reading("Vi samlar in:\n\n    namn")
    assert code == "Vi samlar in:\n\n" + reading.OPEN + "`" + reading.SEP + "namn" + reading.CLOSE
    assert reading.words(code) == "Vi samlar in:\n\nnamn"
    assert reading.reading("Ett år. <!-- jurist: > 1 år är riskabelt -->") == "Ett år."
