"""The changelog's timeline as a reader sees it in Chromium, on a generated history of 60
versions (bench/generate.py: weekly versions in 2020-2021, built years later) and on the story
(tests/fixtures/story.py), at 1280, 375 and 320 px, light and dark: the versions fill the axis
(it ends at the last version, not at the build date), no two labels overlap (their boxes as
Chromium lays them out), no text is smaller than 11 px, the page does not overflow, axe finds
nothing serious, the console stays quiet. A synthetic record of 200 versions is laid out in
Chromium the same way, without a build."""

from __future__ import annotations

import datetime as dt

import pytest
from browsing import serious_violations, serve
from building import ROOT, mkdocs_build
from generated import generated
from story import build_story
from timeline_records import synthetic

from policykit.pages.timeline import timeline_html

SIZES = [1280, 375, 320]

#: The timeline in figures, as laid out: the share of the axis between the first and the last
#: marker, where the last marker stands on the axis, the smallest text in px, the pairs of
#: text boxes that overlap, and whether the page overflows the screen.
MEASURE = """() => {
  const svg = document.querySelector('.policy-timeline svg');
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const scale = svg.getScreenCTM().a;
  const texts = [...svg.querySelectorAll('text')].filter(shown);
  const boxes = texts.map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom,
            px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b) overlaps.push([a.text, b.text]);
  }));
  const axis = svg.querySelector('path.policy-timeline-axis').getBoundingClientRect();
  const centres = [...svg.querySelectorAll('.policy-timeline-markers > g > :not(.policy-timeline-ring)')].map(
    (m) => { const r = m.getBoundingClientRect(); return (r.left + r.right) / 2; });
  const first = Math.min(...centres), last = Math.max(...centres);
  return {
    used: (last - first) / axis.width,
    end: (axis.right - last) / axis.width,
    smallest: Math.min(...boxes.map((b) => b.px)),
    overlaps,
    labels: texts.length,
    overflow: document.documentElement.scrollWidth > window.innerWidth,
  };
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The generated 60-version site and the story, built --strict, served: {name: url}."""
    repo = generated(tmp_path_factory.mktemp("sixty") / "repo", 60)
    sixty = mkdocs_build(repo, "--strict")
    assert sixty.returncode == 0, sixty.output
    _, story = build_story(tmp_path_factory.mktemp("story"))
    with serve(sixty.site) as sixty_url, serve(story.site) as story_url:
        yield {"sixty": sixty_url, "story": story_url}


def measure(page) -> dict:
    return page.evaluate(MEASURE)


@pytest.mark.build
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("name, path", [("sixty", "/en/changes/"), ("sixty", "/changes/"), ("story", "/en/changes/")])
def test_the_timeline_fills_its_axis_and_its_labels_stand_apart(browser, sites, name, path, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(sites[name] + path)
    found = measure(page)
    serious = serious_violations(page, ".policy-timeline")
    context.close()
    assert found["used"] > 0.9, found  # today's 60 versions used 19 % of the axis: it ran to the build year
    assert found["end"] < 0.05, found  # the axis ends at the last version
    assert found["overlaps"] == [], found
    assert found["smallest"] >= 11, found
    assert found["labels"] >= 8, found  # the legend, some version labels, the ticks: thinned, not gone
    assert not found["overflow"]
    assert serious == [] and errors == []


def test_two_hundred_versions_in_chromium(browser):
    """The synthetic record of 200 versions (fixtures/timeline_records.py), its SVG in a page with the
    package's stylesheet, in a column as wide as the content of a 1280, 375 and 320 px screen."""
    record = synthetic(200, dt.datetime(2023, 11, 1, tzinfo=dt.timezone.utc))
    css = (ROOT / "src/policykit/theme/assets/policy.css").read_text(encoding="utf-8")
    for width, column in ((1280, 688), (375, 343), (320, 288)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_content(
            f"<!doctype html><html lang='en'><head><style>{css} body {{ margin: 0 16px; font-family: sans-serif; }}"
            f" main {{ width: {column}px; }}</style></head><body><main class='md-typeset'>"
            f"{timeline_html(record, 'en')}</main></body></html>"
        )
        found = measure(page)
        context.close()
        assert found["used"] > 0.9 and found["end"] < 0.05, (width, found)
        assert found["overlaps"] == [], (width, found)
        assert found["smallest"] >= 11, (width, found)
        assert not found["overflow"], (width, found)
