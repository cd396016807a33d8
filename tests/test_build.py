"""Real `mkdocs build`s of this project: anchors, the seed's words, privacy, bad input."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from building import mkdocs_build

SEED = Path(__file__).parent / "data" / "seed-sv.txt"

#: The anchors of version 1.0: permanent from publication.
ANCHORS_1_0 = (
    ["s0"]
    + ["s1", "s1-a", "s1-b", "s1-c", "s1-d", "s1-d-1", "s1-d-2", "s1-d-3"]
    + ["s2", "s2-a", "s2-b", "s2-c"]
    + ["s3"]
    + [f"s3-{c}" for c in "abcdefg"]
    + ["s4"]
    + ["s5"]
    + [f"s5-{c}" for c in "abcd"]
    + ["s6", "s6-a", "s6-b", "s6-b-1", "s6-b-2", "s6-b-3", "s6-b-4", "s6-c", "s6-d"]
    + ["s7", "s7-a", "s7-b"]
)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def unit_ids(soup: BeautifulSoup) -> list[str]:
    """The anchors of the policy units on a page, in document order."""
    found = soup.select(".policy-preamble, .policy-section > h2, .policy-clause, .policy-subclause")
    return [element["id"] for element in found]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_strict_build_has_no_warning(built_site):
    assert built_site.returncode == 0, built_site.output
    assert "WARNING" not in built_site.output
    assert "Traceback" not in built_site.output
    assert "does not contain an anchor" not in built_site.output  # links into the policy are checked


@pytest.mark.parametrize(
    "path", ["index.html", "en/index.html", "versions/1.0/index.html", "en/versions/1.0/index.html"]
)
def test_every_anchor_of_1_0_is_on_the_current_page_and_in_the_archive(built_site, path):
    assert unit_ids(page(built_site.site, path)) == ANCHORS_1_0


def test_both_languages_have_the_same_anchors_and_labels(built_site):
    sv, en = page(built_site.site, "index.html"), page(built_site.site, "en/index.html")
    assert unit_ids(sv) == unit_ids(en)
    labels = lambda soup: [(a["href"], a.get_text()) for a in soup.select("a.policy-label")]
    assert labels(sv) == labels(en) and len(labels(sv)) == len(ANCHORS_1_0) - 7  # all but s1..s7 (s0: ¶)
    for soup in (sv, en):  # every label is the permalink of its own unit
        for link in soup.select("a.policy-label"):
            assert (
                link.find_parent(class_=["policy-clause", "policy-subclause", "policy-preamble"])["id"]
                == link["href"][1:]
            )


def test_every_line_of_the_seed_is_verbatim_in_the_swedish_text_of_1_0(built_site):
    text = collapse(page(built_site.site, "versions/1.0/index.html").select_one("article").get_text(" "))
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert len(lines) == 44
    for line in lines:
        # Labels are structure, not words: "a. ", "7. " at the start of a seed line.
        words = re.sub(r"^(?:[a-z]|[0-9]+)\. ", "", line)
        assert collapse(words) in text, f"not verbatim on /: {line!r}"
    # The last clause ends mid-sentence, as published; nothing was invented after it.
    last = page(built_site.site, "versions/1.0/index.html").select_one("#s7-b").get_text(" ")
    assert collapse(last).endswith("För att vidta motsvarande åtgärder i tid")


def test_section_headings_and_the_title(built_site):
    sv, en = page(built_site.site, "index.html"), page(built_site.site, "en/index.html")
    assert [h.get_text().rstrip("¶") for h in sv.select("article h1")] == ["Integritetspolicy"]
    assert [h.get_text().rstrip("¶") for h in en.select("article h1")] == ["Privacy Policy"]
    assert sv.select_one("#s7").get_text().rstrip("¶") == "7. Informationssäkerhet"
    assert [a["href"] for a in sv.select(".md-sidebar--secondary a.md-nav__link")] == [
        f"#s{n}" for n in range(1, 8)
    ]  # the table of contents lists the sections


def test_material_speaks_the_page_language(built_site):
    sv, en = page(built_site.site, "index.html"), page(built_site.site, "en/index.html")
    assert sv.html["lang"] == "sv" and en.html["lang"] == "en"
    placeholder = lambda soup: soup.select_one("input.md-search__input")["placeholder"]
    assert (placeholder(sv), placeholder(en)) == ("Sök", "Search")
    assert sv.title.get_text().strip() == "Integritetspolicy"
    assert en.title.get_text().strip() == "Privacy Policy"


@pytest.mark.parametrize(
    "path, permalink, toggles, not_found",
    [
        ("index.html", "Permanent länk", {"Mörkt läge", "Ljust läge"}, "Sidan finns inte"),
        ("en/index.html", "Permanent link", {"Dark mode", "Light mode"}, "Page not found"),
    ],
)
def test_no_word_of_the_other_language_on_a_page(built_site, path, permalink, toggles, not_found):
    """The words MkDocs and Material would write in English (or in the default language
    everywhere): heading permalinks, the scheme switch, the footer, the 404 page."""
    soup = page(built_site.site, path)
    assert {a["title"] for a in soup.select("a.headerlink")} == {permalink}
    assert {label["title"] for label in soup.select("form[data-md-component=palette] label")} == toggles
    assert "Made with" not in soup.get_text()
    lost = page(built_site.site, path.replace("index.html", "404.html"))
    assert not_found in lost.select_one("article h1").get_text()


def test_translation_says_which_text_is_binding(built_site):
    en = page(built_site.site, "en/index.html")
    note = en.select_one(".policy-translation")
    assert "Swedish" in note.get_text() and note.a["href"] == "../" and note.a["hreflang"] == "sv"
    assert page(built_site.site, "index.html").select_one(".policy-translation") is None


RESOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "apple-touch-icon",
}


def _external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.scheme and parts.scheme not in ("data", "blob") or parts.netloc)


def test_no_page_requests_anything_from_another_host(built_site):
    requests = []
    for html in built_site.site.rglob("*.html"):
        soup = page(built_site.site, str(html.relative_to(built_site.site)))
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            requests += [(html, el[attribute]) for el in soup.find_all(tag) if el.get(attribute)]
        for link in soup.find_all("link", href=True):
            if FETCHING_RELS & set(link.get("rel", [])):
                requests.append((html, link["href"]))
        requests += [
            (html, url) for el in soup.find_all(style=True) for url in re.findall(r"url\(([^)]*)\)", el["style"])
        ]
    for css in built_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        requests += [(css, url.strip("'\"")) for url in re.findall(r"url\(([^)]*)\)", text)]
        requests += [(css, url) for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text)]
    assert requests, "the scan found no resources at all: it is not looking"
    external = [(str(path), url) for path, url in requests if _external(url)]
    assert external == []


def test_no_google_fonts_anywhere(built_site):
    for path in built_site.site.rglob("*.html"):
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8"), path


@pytest.mark.build
@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ("policy/sv/02-anvandning.md", lambda text: text + "\nb. En dubblett.\n"),
            "policy/sv/02-anvandning.md:9: clause 'b' appears twice (first at line 5)",
        ),
        (
            ("policy/sv/04-lagring.md", lambda text: text.replace("# 4.", "# 5.")),
            "policy/sv/04-lagring.md:1: the heading has '5.' but the file name says section 4",
        ),
        (
            ("policy/en/05-cookies.md", lambda text: text.replace("# 5.", "# 5.\udcff", 1)),
            "policy/en/05-cookies.md:1: byte 0xff is not valid UTF-8",
        ),
        (
            ("policy/policy.yml", lambda text: re.sub(r"(?m)^version: .*$", 'version: "../1.2"', text)),
            "policy/policy.yml:2: version: '../1.2' is not valid",
        ),
        (
            ("policy/en/07-information-security.md", lambda text: text.replace("\nb. ", "\nc. ")),
            "policy/en/07-information-security.md:5: clause 'c' follows 'a' ('b' is missing)",
        ),
    ],
)
def test_bad_input_stops_the_build_with_one_clear_line(project, change, expected):
    path, edit = change
    file = project / path
    file.write_bytes(edit(file.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape"))
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert errors[0].startswith(f"ERROR   -  {expected}")
    # A gap in a translation also makes it differ from the authoritative text: 3 problems.
    assert len(errors) == (1 if "07-information" not in path else 3)
    assert not result.site.exists(), "a failed build must not write a site"


@pytest.mark.build
def test_a_failed_build_leaves_the_previous_site_alone(project):
    good = mkdocs_build(project)
    assert good.returncode == 0, good.output
    before = (good.site / "index.html").read_bytes()
    (project / "policy/sv/04-lagring.md").write_text("# 9. Fel\n", encoding="utf-8")
    bad = mkdocs_build(project)
    assert bad.returncode == 1 and (bad.site / "index.html").read_bytes() == before


def test_the_root_404_page_serves_every_language(built_site):
    root = page(built_site.site, "404.html")
    assert root.html["lang"] == "sv"  # GitHub Pages serves only this one
    script = root.find("script", src="/assets/javascripts/policy-404.js")  # sends /en/... to en/404.html
    assert script["data-langs"] == "en" and script["data-root"] == "/"
    assert page(built_site.site, "en/404.html").html["lang"] == "en"


def test_this_projects_1_1_replaced_1_0_on_its_effective_day(built_site):
    """Both take effect on the same day: the newer, 1.1, is in force from it, and 1.0 never was."""
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page(built_site.site, "versions/index.html").select("tbody tr")
    ]
    assert [row[3:5] for row in rows[-2:]] == [
        ["gällande redaktionell ändring", "sedan 25 november 2026"],
        ["ersatt samma dag som den skulle träda i kraft", "aldrig i kraft"],
    ]


def test_the_printed_address_is_not_searched(built_site):
    import json

    index = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    policy = next(doc for doc in index["docs"] if doc["location"] == "")
    assert "policy.example.com" not in policy["text"] and "personuppgifter" in policy["text"]
