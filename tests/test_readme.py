"""The README sends readers on: it is short, every relative link in it (to the manual's pages,
their headings, the screenshot) resolves in the repository as GitHub shows it, and it links
every page of the manual."""

from __future__ import annotations

import re

from building import ROOT

README = ROOT / "README.md"
MANUAL = ROOT / "docs" / "manual"
#: About 200 lines: what it is, the quick starts and where the manual is; the rest is the manual's.
MAX_LINES = 200
#: The screenshot is loaded with the README on GitHub and PyPI.
MAX_IMAGE_BYTES = 250_000

LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    return {slug(heading) for heading in HEADING.findall(FENCE.sub("", text))}


def broken_links(text: str, root=ROOT) -> list[str]:
    """The relative links of `text` (a file at `root`) whose file or heading does not exist."""
    broken = []
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = root / path if path else None
        if file is not None and not file.exists():
            broken.append(target)
            continue
        if anchor and anchor not in anchors(file.read_text(encoding="utf-8") if file else text):
            broken.append(target)
    return broken


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"README.md has {len(lines)} lines: move the detail to docs/manual/"


def test_every_link_of_the_readme_resolves():
    assert broken_links(README.read_text(encoding="utf-8")) == []


def test_the_readme_links_every_page_of_the_manual():
    linked = set(LINK.findall(README.read_text(encoding="utf-8")))
    missing = [
        p.name
        for p in sorted(MANUAL.glob("*.md"))
        if not any(t.split("#")[0] == f"docs/manual/{p.name}" for t in linked)
    ]
    assert missing == [], f"README.md does not link these pages of the manual: {missing}"


def test_the_screenshot_is_small():
    image = ROOT / "docs" / "assets" / "screenshot.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.stat().st_size < MAX_IMAGE_BYTES


def test_the_link_check_sees_a_missing_file_and_heading(tmp_path):
    (tmp_path / "page.md").write_text("# Getting started\n\n## A new organisation's site\n", encoding="utf-8")
    text = (
        "[ok](page.md#a-new-organisations-site) [gone](nowhere.md) [bad](page.md#no-such-heading)"
        " [here](#top) [web](https://example.org/x)\n\n# Top\n"
    )
    assert broken_links(text, tmp_path) == ["nowhere.md", "page.md#no-such-heading"]
