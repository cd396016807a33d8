"""An archived version's page carries a bounded history line per unit, however long the history.

A real repository of eight versions, two languages, where every version changes every clause
(as the benchmark's worst case does, bench/generate.py --every-clause), and besides:

    1.3  only the English 1 a changes (a translation update: shown on English pages only)
    1.4  2 b moves to 1 c (`moved: {s2-b: s1-c}`), and changes

Built --strict with 1.7 in force. Each archived line names the last RECENT versions and counts
the ones before, as a link to the archived version where the newest of those was made; walking
those links back gives the unit's whole history, as the text in force lists it. An archived
page does not grow with its version number."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browsing import serious_violations
from bs4 import BeautifulSoup
from building import mkdocs_build
from gitrepo import GitRepo, meta

from policykit.pages.unit_history import RECENT
from policykit.record.steps import Step, Steps

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: every version below is in effect
LABELS = [f"1.{k}" for k in range(8)]
WORDS = {
    "sv": ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven"],
}


def texts(k: int, sv_1a: int) -> dict[str, str]:
    """Version k's files: every clause says k; the Swedish 1 a says `sv_1a`."""
    sv, en = WORDS["sv"][k], WORDS["en"][k]
    sv1 = (
        f"# 1. Insamling\n\na. Vi samlar in namn ({WORDS['sv'][sv_1a]}).\n\nb. Vi samlar in adresser ({sv}):\n\n"
        f"(1) hemadress ({sv}),\n\n(2) arbetsadress ({sv}).\n"
    )
    en1 = (
        f"# 1. Collection\n\na. We collect names ({en}).\n\nb. We collect addresses ({en}):\n\n"
        f"(1) home ({en}),\n\n(2) work ({en}).\n"
    )
    sv2 = f"# 2. Lagring\n\na. Vi sparar uppgifterna ({sv}).\n"
    en2 = f"# 2. Storage\n\na. We keep the data ({en}).\n"
    sv_b, en_b = f"Vi delar inga uppgifter ({sv}).", f"We share no data ({en})."
    if k >= 4:  # 2 b lives at 1 c from 1.4
        sv1, en1 = sv1 + f"\nc. {sv_b}\n", en1 + f"\nc. {en_b}\n"
    else:
        sv2, en2 = sv2 + f"\nb. {sv_b}\n", en2 + f"\nb. {en_b}\n"
    return {"sv/01-insamling.md": sv1, "en/01-collection.md": en1, "sv/02-lagring.md": sv2, "en/02-storage.md": en2}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """1.0 ... 1.7 as the module's docstring says, and 1.8, which changes the preamble only (so
    that the archived pages compared for their size are all of past versions)."""
    repo = GitRepo(tmp_path_factory.mktemp("archive") / "repo")
    preamble = {
        "sv/00-inledning.md": "# Integritetspolicy\n\nDen här policyn gäller personuppgifter.\n",
        "en/00-introduction.md": "# Privacy Policy\n\nThis policy is about personal data.\n",
    }
    for k, label in enumerate(LABELS + ["1.8"]):
        files = texts(min(k, 7), 2 if k == 3 else min(k, 7))  # the Swedish 1 a stays in 1.3
        if k == 8:
            preamble = {
                path: text.replace(
                    ".\n", " och uppgifter om din enhet.\n" if "sv/" in path else " and about your device.\n"
                )
                for path, text in preamble.items()
            }
        moved = "{s2-b: s1-c}" if k >= 4 else "{}"
        repo.write_policy({"policy.yml": meta(label, f"2025-{k + 2:02d}-15", moved=moved), **preamble, **files})
        repo.commit(f"Policy {label}", f"2025-{k + 2:02d}-01T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.output
    return result.site


def soup(site: Path, page_url: str) -> BeautifulSoup:
    return BeautifulSoup((site / page_url / "index.html").read_text(encoding="utf-8"), "html.parser")


def lines(page: BeautifulSoup) -> dict[str, object]:
    """unit id -> its history line on an archived page (the unit's own, not a sub-unit's)."""
    return {line.find_parent(attrs={"id": re.compile(r"^s\d")})["id"]: line for line in page.select("p.policy-history")}


def named(line) -> list[str]:
    """The versions a line names (each a link to its redline or to the first version)."""
    return [a.get_text() for a in line.select("a") if re.fullmatch(r"\d\.\d", a.get_text())]


def earlier(line):
    """The line's "N earlier versions" link, or None."""
    return next((a for a in line.select("a") if not re.fullmatch(r"\d\.\d", a.get_text())), None)


@pytest.mark.build
def test_a_long_history_names_its_last_versions_and_counts_the_others(site):
    page = soup(site, "versions/1.7/")
    found = lines(page)
    assert sorted(found) == ["s1-a", "s1-b", "s1-b-1", "s1-b-2", "s1-c", "s2-a"]
    for unit_id, line in found.items():
        assert named(line) == ["1.5", "1.6", "1.7"], unit_id
        count = earlier(line)
        # The count comes first (the line reads oldest first), a phrase of its own.
        assert line.find_all("span", recursive=False)[1].find("a") is count, unit_id
    # Swedish pages do not show the English-only 1.3 of 1 a: seven versions, four of them counted.
    assert earlier(found["s1-a"]).get_text() == "4 tidigare versioner"
    assert earlier(found["s1-b"]).get_text() == "5 tidigare versioner"
    english = lines(soup(site, "en/versions/1.7/"))
    assert earlier(english["s1-a"]).get_text() == "5 earlier versions"
    assert (
        " · ".join(s.get_text() for s in english["s1-b"].find_all("span", recursive=False)[1:])
        == "5 earlier versions · changed in 1.5, 1.6, 1.7"
    )
    # The count links to the archived version of the newest of them, at the anchor the unit had
    # there: 1 c was 2 b before 1.4.
    assert earlier(found["s1-b"])["href"] == "../1.4/#s1-b"
    assert earlier(found["s1-c"])["href"] == "../1.4/#s1-c"
    assert earlier(lines(soup(site, "versions/1.5/"))["s1-c"])["href"] == "../1.2/#s2-b"


@pytest.mark.build
def test_a_history_of_one_more_version_than_the_bound_is_named_whole(site):
    """ "1 earlier version" would be no shorter than the version it stands for."""
    found = lines(soup(site, f"versions/1.{RECENT}/"))
    assert named(found["s1-b"]) == LABELS[: RECENT + 1] and earlier(found["s1-b"]) is None
    found = lines(soup(site, f"versions/1.{RECENT + 1}/"))
    assert (
        named(found["s1-b"]) == LABELS[2 : RECENT + 2] and earlier(found["s1-b"]).get_text() == "2 tidigare versioner"
    )


@pytest.mark.build
@pytest.mark.parametrize("root", ["", "en/"])
def test_following_the_counts_back_gives_the_whole_history(site, root):
    """From the newest archive, each count's link lands on an element with its id on a built
    page, whose line names the versions before; together they are the history that the text
    in force lists for the unit."""
    in_force = lines_in_force(site, root)
    for unit_id in ["s1-a", "s1-b", "s1-b-1", "s1-c", "s2-a"]:
        page_url, anchor, versions = f"{root}versions/1.7/", unit_id, []
        while True:
            page = soup(site, page_url)
            assert page.find(id=anchor) is not None, (page_url, anchor)
            line = lines(page)[anchor]
            versions[:0] = named(line)
            link = earlier(line)
            if link is None:
                break
            target = urlsplit(urljoin(f"http://x/{page_url}", link["href"]))
            page_url, anchor = target.path.lstrip("/"), target.fragment
            assert (site / page_url / "index.html").is_file(), link["href"]
        assert list(dict.fromkeys(versions)) == in_force[unit_id], (root, unit_id)  # moved and changed in 1.4
    assert in_force["s1-a"] == (LABELS if root else LABELS[:3] + LABELS[4:])


def lines_in_force(site: Path, root: str) -> dict[str, list[str]]:
    """unit id -> the versions the text in force lists in its history (a moved unit's move and
    change in one version: the version once)."""
    page = soup(site, root)
    found = {}
    for details in page.select("details.policy-history"):
        unit = details.find_parent(attrs={"id": re.compile(r"^s\d")})
        versions = [re.search(r"\d\.\d", li.a.get_text()).group() for li in details.select("ol > li")]
        found[unit["id"]] = list(dict.fromkeys(versions))
    return found


@pytest.mark.build
def test_policy_json_and_the_text_in_force_keep_the_whole_history(site):
    clauses = {c["id"]: c for c in json.loads((site / "policy.json").read_text(encoding="utf-8"))["clauses"]}
    assert [(s["version"], s["kind"]) for s in clauses["s1-c"]["history"]] == [
        ("1.0", "added"),
        ("1.1", "changed"),
        ("1.2", "changed"),
        ("1.3", "changed"),
        ("1.4", "moved"),
        ("1.4", "changed"),
        ("1.5", "changed"),
        ("1.6", "changed"),
        ("1.7", "changed"),
    ]
    assert lines_in_force(site, "")["s1-c"] == LABELS


@pytest.mark.build
@pytest.mark.parametrize("root", ["", "en/"])
def test_an_archived_page_does_not_grow_with_its_version(site, root):
    """What an archived page of this history adds with each version is its history lines (a
    whole line would add a link of some 40 bytes per unit and version); bounded, they add
    nothing. The rest of the page differs only by a few letters of dates and words."""
    size = lambda label: len((site / root / "versions" / label / "index.html").read_bytes())
    line_bytes = lambda label: sum(len(str(p)) for p in lines(soup(site, f"{root}versions/{label}/")).values())
    units = len(lines(soup(site, f"{root}versions/1.7/")))
    assert units == 6
    assert line_bytes("1.7") <= line_bytes("1.3") + 20 * units
    assert size("1.7") - size("1.3") < 20 * units
    assert size("1.7") - size("1.5") < 10 * units


def test_histories_share_their_steps_across_versions():
    """A unit's history in each version extends the one before without copying it; a history
    that two later ones extend (none does in a record) is copied, never changed."""
    one = Steps([Step("1.0", "added")])
    two = one.then(Step("1.1", "changed"))
    three = two.then(Step("1.2", "translated", languages=("en",)))
    assert list(one) == [Step("1.0", "added")] and len(two) == 2 and three[-1].kind == "translated"
    assert two._line is one._line is three._line  # one list for all three
    other = two.then(Step("1.2", "changed"))  # two is no longer the newest: copied
    assert other._line is not two._line and list(three)[2].kind == "translated" and other[2].kind == "changed"
    assert [three.versions(lang) for lang in ("sv", "en")] == [2, 3]
    assert list(reversed(three)) == list(three)[::-1] and three[1:] == (three[1], three[2])
    moved = Steps([Step("1.0", "added")]).then(Step("1.1", "moved", source="s2-b")).then(Step("1.1", "changed"))
    assert moved.versions("sv") == 2


@pytest.mark.build
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_a_bounded_line_is_legible(browser, site, scheme, width):
    from browsing import serve

    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(site) as url:
        page.goto(f"{url}/versions/1.7/#s1-c")
        link = page.locator("#s1-c > p.policy-history a").first
        assert link.is_visible() and link.inner_text() == "5 tidigare versioner"
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert serious_violations(page, ".md-content") == []
        link.click()
        page.wait_for_url(f"{url}/versions/1.4/#s1-c")
        assert page.locator("#s1-c > p.policy-history a").first.inner_text() == "2 tidigare versioner"
        context.close()  # before the server stops: the search worker may still be loading its scripts
    assert errors == []
