"""The changelog's timeline: an accessible inline SVG, drawn at build time from the record."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, SV_1_0, build_repo, files, html
from timeline_records import synthetic

from policykit.pages.timeline import MAX_LABELS, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """1.0 and 1.1 in the past, 1.1 in force, 1.2 published in May and effective in July (built
    1 June 2026: upcoming)."""
    repo = GitRepo(tmp_path_factory.mktemp("timeline") / "repo")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("Policy 1.0", "2026-01-10T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace("namn.", "namn och adress."),
            "en/01-collection.md": EN_1_0["01-collection.md"].replace("names.", "names and addresses."),
        }
    )
    repo.commit("Policy 1.1", "2026-02-01T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.2", "2026-07-01", removed="[s1-c]"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"]
            .replace("namn.", "namn och adress.")
            .split("\nc.")[0]
            .rstrip()
            + "\n",
            "sv/02-anvandning.md": SV_1_0["02-anvandning.md"].replace("använder", "behandlar"),
            "en/01-collection.md": EN_1_0["01-collection.md"]
            .replace("names.", "names and addresses.")
            .split("\nc.")[0]
            .rstrip()
            + "\n",
            "en/02-use.md": EN_1_0["02-use.md"].replace("use the", "process the"),
        }
    )
    repo.commit("Policy 1.2", "2026-05-01T10:00:00Z")
    result = build_repo(repo, "--strict")
    assert result.returncode == 0, result.output
    return result


def svg_of(site, path: str):
    page = html(site.site, path)
    svg = page.select_one("article .policy-timeline svg")
    assert svg is not None
    return page, svg


@pytest.mark.build
def test_the_timeline_follows_the_heading_as_an_accessible_image(site):
    page, svg = svg_of(site, "changes/index.html")
    block = svg.parent
    assert block.name == "div" and block.parent.name == "article"
    assert block.find_previous_sibling().name == "h1"  # right after the heading, not in a <p>
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "policy-timeline-title policy-timeline-desc"
    assert svg.select_one("title#policy-timeline-title").get_text() == "Versionerna på en tidslinje"
    assert svg.select_one("desc#policy-timeline-desc")
    assert len(page.select("#policy-timeline-title")) == 1 and len(page.select("#policy-timeline-desc")) == 1


@pytest.mark.build
def test_the_description_says_every_version_with_its_dates_and_changes(site):
    _, svg = svg_of(site, "changes/index.html")
    assert svg.select_one("desc").get_text() == (
        "Version 1.0: publicerad 10 januari 2026, gäller från 15 januari 2026, första versionen, 8 punkter. "
        "Version 1.1: publicerad 1 februari 2026, gäller från 15 februari 2026, 1 punkt ändrad (gällande). "
        "Version 1.2: publicerad 1 maj 2026, gäller från 1 juli 2026, 2 punkter ändrade (kommande)."
    )
    _, en = svg_of(site, "en/changes/index.html")
    desc = en.select_one("desc").get_text()
    assert "Version 1.1: published 1 February 2026, effective 15 February 2026, 1 clause changed (in force)." in desc
    assert "Version 1.2: published 1 May 2026, effective 1 July 2026, 2 clauses changed (upcoming)." in desc


@pytest.mark.build
def test_one_marker_per_version_and_the_state_in_words(site):
    _, svg = svg_of(site, "en/changes/index.html")
    markers = svg.select(".policy-timeline-markers > g")
    assert [g["data-version"] for g in markers] == ["1.0", "1.1", "1.2"]
    assert [len(g.select("circle:not(.policy-timeline-ring)")) for g in markers] == [1, 1, 1]
    assert [len(g.select("path")) for g in markers] == [1, 1, 1]
    assert markers[1]["class"] == ["policy-timeline--current"] and markers[1].select_one(".policy-timeline-ring")
    assert markers[2]["class"] == ["policy-timeline--upcoming"]
    labels = [t.get_text() for t in svg.select(".policy-timeline-labels text")]
    assert sorted(labels) == ["1.0", "1.1 (in force)", "1.2 (upcoming)"]
    assert svg.select_one(".policy-timeline-bars")["d"].count("z") == 2  # 1.1 and 1.2; the first version has none
    ticks = [t.get_text() for t in svg.select(".policy-timeline-ticks text")]
    assert ticks[:2] == ["Feb", "2026"] and "Jul" in ticks


@pytest.mark.build
def test_the_svg_is_xml_without_script_or_outside_resources(site):
    source = (site.site / "changes/index.html").read_text(encoding="utf-8")
    markup = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="policy-timeline-svg".*?</svg>', source).group()
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert "<script" not in markup and 'href="http' not in markup and "url(" not in markup
    assert " style=" not in markup and "#" not in re.sub(r'href="#[^"]*"', "", markup)  # colours come from CSS


# A synthetic record: many versions, without git (fixtures/timeline_records.py) ---------------


def test_two_hundred_versions_stay_small_and_readable():
    built = dt.datetime(2023, 11, 1, tzinfo=dt.timezone.utc)
    record = synthetic(200, built)
    assert record.upcoming  # versions published before the build date and effective after it
    svg = timeline_svg(record, "en")
    assert svg == timeline_svg(record, "en")  # deterministic
    assert len(svg.encode()) < 60_000
    root = ET.fromstring(svg)
    labels = root.findall(f"{SVG}g[@class='policy-timeline-labels']/{SVG}text")
    assert 3 <= len(labels) <= MAX_LABELS
    words = [t.text for t in labels]
    assert f"{record.in_force.label} (in force)" in words and f"{record.upcoming[0].label} (upcoming)" in words
    assert len(root.findall(f".//{SVG}g[@data-version]")) == 200
    assert len(root.findall(f".//{SVG}g[@class='policy-timeline-ticks']/{SVG}text")) <= 12
    desc = root.find(f"{SVG}desc").text
    assert desc.count("Version ") == 200 and "Version 20.9: published" in desc
    assert int(root.get("font-size")) * 343 / 640 >= 11  # ≥ 11 px on a 375 px phone


@pytest.mark.parametrize("count", [0, 1])
def test_no_or_one_version_still_draws_a_timeline(count):
    built = dt.datetime(2020, 3, 1, tzinfo=dt.timezone.utc)
    if count:
        record = synthetic(1, built)
    else:
        record = synthetic(1, built)
        record.versions[0].commit = None  # no history: the working tree, not a published version
    root = ET.fromstring(timeline_svg(record, "sv"))
    assert len(root.findall(f".//{SVG}g[@data-version]")) == count
    assert root.findall(f".//{SVG}path[@class='policy-timeline-axis']")
    desc = root.find(f"{SVG}desc").text
    assert desc == (
        "Version 1.0: publicerad 6 januari 2020, gäller från 13 januari 2020, första versionen, 40 punkter (gällande)."
        if count
        else "Ingen version är publicerad ännu."
    )
