"""Editorial versions (issue 14, part 4): a version that changes no obligation, because
policy.yml names it (`editorial: "1.2"`) or because its authoritative text did not change, is
marked editorial on the banner, the archived version's notice and redline, the changelog, the
timeline, the feeds and policy.json (`material`); after one, the banner still says which
version last changed an obligation, and since when. An `editorial:` that names another label is
ignored with the `editorial-label` warning (the working tree's fails --strict; an old version's
is said at INFO). The integration guide's consent rule runs in Chromium against the built policy.json.

The histories, all from tests/fixtures/story.py (built at 2026-06-01):
- the story: 1.2 is editorial (by policy.yml), 1.3 in force is material, 1.4 upcoming;
- `editorial_in_force`: the story up to 1.2, so that the version in force is the editorial one;
- `translation_only`: 1.0, then 1.0.1 that changes only the English text and the Swedish
  text's line breaks: editorial without any `editorial:` line; 1.0.2, upcoming, editorial by name;
- `leftover`: the story with 1.3's policy.yml still saying `editorial: "1.2"`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import story
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from click.testing import CliRunner
from gitrepo import meta

from policykit.cli import main
from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.meta import parse_meta

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
EDITORIAL = {
    "sv": "Redaktionell ändring: inga skyldigheter ändras.",
    "en": "Editorial change: no right or obligation changes.",
}
PREFIX = {"sv": "", "en": "en/"}


def build(repo) -> Path:
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": story.STORY_EPOCH})
    assert result.returncode == 0, result.output
    return result.site


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def resolve(page: str, href: str) -> str:
    """A relative link on the page at site path `page` as a site path."""
    return urlsplit(urljoin(f"http://site/{page}", href)).path


@pytest.fixture(scope="module")
def story_site(tmp_path_factory) -> Path:
    return story.build_story(tmp_path_factory.mktemp("story"))[1].site


@pytest.fixture(scope="module")
def editorial_in_force(tmp_path_factory) -> Path:
    repo = story.story_repo(tmp_path_factory.mktemp("in-force") / "repo")
    repo.git("reset", "--hard", "--quiet", "HEAD~2")  # 1.0, 1.1, 1.2: the editorial 1.2 is in force
    return build(repo)


@pytest.fixture(scope="module")
def translation_only(tmp_path_factory) -> Path:
    repo = story.story_repo(tmp_path_factory.mktemp("translation") / "repo")
    repo.git("reset", "--hard", "--quiet", "HEAD~4")  # 1.0 only
    sv = (repo.path / "policy/sv/01-insamling.md").read_text(encoding="utf-8")
    repo.write_policy(
        {
            "policy.yml": meta("1.0.1", "2026-02-01", "The English wording."),
            "en/02-use.md": story.EN["02-use.md"].replace("delivver", "deliver"),  # a translation only
            "sv/01-insamling.md": sv.replace("samlar in namn", "samlar\nin namn"),  # a line break: layout only
        }
    )
    repo.commit("Policy 1.0.1", "2026-01-25T10:00:00Z")
    repo.write_policy(
        {  # upcoming at the build date, editorial by name
            "policy.yml": meta("1.0.2", "2026-09-01", "Spelling.", extra='editorial: "1.0.2"\n'),
            "sv/02-anvandning.md": story.SV["02-anvandning.md"].replace("levverera", "leverera"),
        }
    )
    repo.commit("Policy 1.0.2", "2026-05-10T10:00:00Z")
    return build(repo)


@pytest.fixture(scope="module")
def leftover(tmp_path_factory):
    versions = [(*v[:6], 'editorial: "1.2"\n') if v[0] == "1.3" else v for v in story.VERSIONS]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(story, "VERSIONS", versions)
        repo = story.story_repo(tmp_path_factory.mktemp("leftover") / "repo")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": story.STORY_EPOCH})
    assert result.returncode == 0, result.output
    return result


# policy.yml's `editorial:`


def meta_of(extra: str, version: str = "1.2"):
    problems = Problems()
    parsed = parse_meta(meta(version, "2026-03-01", extra=extra), "policy/policy.yml", ["sv", "en"], problems)
    return parsed, [(p.check.code, p.line, p.message) for p in problems]


def test_editorial_naming_this_version_marks_it():
    parsed, problems = meta_of('editorial: "1.2"\n')
    assert parsed.is_editorial and parsed.editorial == "1.2" and problems == []
    unquoted, problems = meta_of("editorial: 1.20\n", version="1.20")  # YAML's float keeps its text
    assert unquoted.is_editorial and problems == []
    assert not meta_of("")[0].is_editorial and meta_of("")[0].editorial == ""


@pytest.mark.parametrize(
    "line, message",
    [
        ('editorial: "1.1"\n', 'editorial: "1.1" names another version than version: "1.2", so it is ignored'),
        ("editorial: true\n", 'editorial: "true" names another version than version: "1.2", so it is ignored'),
        ("editorial:\n", "editorial: names no version label, so it is ignored"),
        ('editorial: ""\n', "editorial: names no version label, so it is ignored"),
        ("editorial: [1.2]\n", "editorial: names no version label, so it is ignored"),
        (
            f'editorial: "{"9" * 80}"\n',
            f'editorial: "{"9" * 64}…" names another version than version: "1.2", so it is ignored',
        ),
    ],
)
def test_editorial_naming_no_label_of_this_version_is_ignored_with_a_warning(line, message):
    """Never an error: not meta-field, nor out-of-range (which would leave an old version out
    of the archive)."""
    parsed, problems = meta_of(line)
    assert not parsed.is_editorial
    assert problems == [("editorial-label", 9, message)]
    assert checks.CHECKS["editorial-label"].severity == checks.Severity.WARNING


@pytest.mark.build
def test_the_working_trees_leftover_editorial_fails_strict_and_lint_strict(tmp_path):
    """Version 1.5 in the making, with 1.4's line left in: the build --strict stops, naming
    policy.yml's line; lint reports it as a warning (exit 0; 1 with --strict)."""
    repo = story.story_repo(tmp_path / "repo")
    sv = (repo.path / "policy/sv/03-lagring.md").read_text(encoding="utf-8")
    repo.write_policy(
        {
            "policy.yml": meta("1.5", "2026-08-01", "Storage.", "{s2-b: s3-a}", "[s1-c]", 'editorial: "1.4"\n'),
            "sv/03-lagring.md": sv.replace("tolv", "sex"),
        }
    )
    warning = (
        'policy/policy.yml:9: editorial: "1.4" names another version than version: "1.5", so it is '
        'ignored (write editorial: "1.5" if this version changes no obligation, else remove the line)'
    )
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": story.STORY_EPOCH})
    assert result.returncode == 1
    assert f"WARNING -  {warning}" in result.output.splitlines()
    assert "1 warning(s) above, and --strict is on" in result.output
    lint = CliRunner().invoke(main, ["lint", "--root", str(repo.path)], catch_exceptions=False)
    assert lint.exit_code == 0 and warning in lint.output.splitlines()
    assert "0 error(s), 1 warning(s)" in lint.output
    strict = CliRunner().invoke(main, ["lint", "--root", str(repo.path), "--strict"], catch_exceptions=False)
    assert strict.exit_code == 1 and warning in strict.output.splitlines()


@pytest.mark.build
def test_an_old_versions_leftover_editorial_is_information_and_ignored(leftover):
    """1.3's policy.yml kept 1.2's line: the build --strict passes, says so at INFO, and 1.3
    stays material everywhere."""
    lines = leftover.output.splitlines()
    assert (
        'INFO    -  policy/ version 1.3: editorial: "1.2" names another version than version: "1.3", '
        "so it is ignored (policy/policy.yml:9) (published versions are shown as they were; nothing to do)"
    ) in lines
    assert not [line for line in lines if line.startswith("WARNING")]
    site = leftover.site
    assert material(site) == {"1.0": True, "1.1": True, "1.2": False, "1.3": True, "1.4": True}
    assert soup(site, "").select(".policy-banner .policy-editorial") == []
    assert soup(site, "versions/1.3").select(".policy-editorial") == []
    assert terms(site, "sv")["1.3"] == "material"


# The story: 1.2 editorial, 1.3 in force material


def material(site: Path) -> dict[str, bool]:
    data = json.loads((site / "policy.json").read_text(encoding="utf-8"))
    return {v["version"]: v["material"] for v in data["versions"]}


def entries(site: Path, lang: str) -> dict[str, ET.Element]:
    root = ET.parse(site / PREFIX[lang] / "feed.xml").getroot()
    return {e.find(f"{ATOM}title").text.split()[-1]: e for e in root.findall(f"{ATOM}entry")}


def terms(site: Path, lang: str) -> dict[str, str]:
    found = {}
    for label, entry in entries(site, lang).items():
        categories = entry.findall(f"{ATOM}category")
        assert len(categories) == 1, label
        found[label] = categories[0].get("term")
    return found


@pytest.mark.build
def test_policy_json_says_which_versions_are_material(story_site):
    assert material(story_site) == {"1.0": True, "1.1": True, "1.2": False, "1.3": True, "1.4": True}


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_feed_marks_each_entry_material_or_editorial(story_site, lang):
    assert terms(story_site, lang) == {
        "1.4": "material",
        "1.3": "material",
        "1.2": "editorial",
        "1.1": "material",
        "1.0": "material",
    }
    found = entries(story_site, lang)
    label = {"sv": "redaktionell ändring", "en": "editorial change"}[lang]
    assert found["1.2"].find(f"{ATOM}category").get("label") == label
    assert (
        found["1.3"].find(f"{ATOM}category").get("label") == {"sv": "ändring i sak", "en": "change of substance"}[lang]
    )
    content = BeautifulSoup(found["1.2"].find(f"{ATOM}content").text, "html.parser")
    assert EDITORIAL[lang] in [text(p) for p in content.find_all("p")]
    assert EDITORIAL[lang] not in found["1.3"].find(f"{ATOM}content").text


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_changelog_marks_the_editorial_entry_only(story_site, lang):
    page = soup(story_site, f"{PREFIX[lang]}changes")
    marks = page.select(".policy-editorial")
    assert [text(m) for m in marks] == [EDITORIAL[lang]]
    heading = marks[0].find_previous("h2")
    assert heading["id"] == "v1.2"
    timeline = text(page.select_one("#policy-timeline-desc"))
    short = {"sv": "redaktionell ändring", "en": "editorial change"}[lang]
    assert timeline.count(f"({short})") == 1 and re.search(rf"1\.2: [^.]*\d{{4}}[^.]*\({short}\)", timeline)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_banner_of_a_material_version_after_an_editorial_one_is_as_before(story_site, lang):
    banner = soup(story_site, PREFIX[lang]).select_one(".policy-banner")
    assert banner.select(".policy-editorial, .policy-last-material") == []


LAST_1_1 = {
    "sv": "Den senaste ändringen i sak fram till den här versionen var version 1.1, som trädde i "
    "kraft 15 februari 2026.",
    "en": "The last change of substance up to this version was version 1.1, which took effect on 15 February 2026.",
}


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", ["versions/1.2", "versions/1.2/changes"])
def test_the_archived_editorial_version_and_its_redline_say_so(story_site, lang, path):
    page_path = f"{PREFIX[lang]}{path}/"
    notice = soup(story_site, page_path).select_one(".policy-version-notice")
    assert text(notice.select_one(".policy-editorial")) == EDITORIAL[lang]
    last = notice.select_one(".policy-last-material")
    assert text(last) == LAST_1_1[lang]
    assert resolve(page_path, last.a["href"]) == f"/{PREFIX[lang]}versions/1.1/changes/"
    for material_version in ("versions/1.1", "versions/1.3", "versions/1.3/changes"):
        assert (
            soup(story_site, PREFIX[lang] + material_version).select(".policy-editorial, .policy-last-material") == []
        )


# The version in force is editorial

LAST_IN_FORCE = {
    "sv": "Den senaste ändringen i sak var version 1.1, i kraft sedan 15 februari 2026.",
    "en": "The last change of substance was version 1.1, in force since 15 February 2026.",
}


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_banner_of_an_editorial_version_in_force_names_the_last_material_change(editorial_in_force, lang):
    banner = soup(editorial_in_force, PREFIX[lang]).select_one(".policy-banner")
    assert text(banner.select_one(".policy-editorial")) == EDITORIAL[lang]
    last = banner.select_one(".policy-last-material")
    assert text(last) == LAST_IN_FORCE[lang]
    assert resolve(PREFIX[lang], last.a["href"]) == f"/{PREFIX[lang]}versions/1.1/changes/"
    # what it changed is still listed: 2 a, the spelling fix
    assert "#s2-a" in str(banner)
    assert material(editorial_in_force) == {"1.0": True, "1.1": True, "1.2": False}
    data = json.loads((editorial_in_force / "policy.json").read_text(encoding="utf-8"))
    assert data["current"] == "1.2" and data["upcoming"] is None


# A version that changes nothing in the authoritative text


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_translation_only_version_is_editorial_without_being_named(translation_only, lang):
    assert material(translation_only) == {"1.0": True, "1.0.1": False, "1.0.2": False}
    assert terms(translation_only, lang) == {"1.0.2": "editorial", "1.0.1": "editorial", "1.0": "material"}
    banner = soup(translation_only, PREFIX[lang]).select_one(".policy-banner")
    assert text(banner.select_one(".policy-editorial")) == EDITORIAL[lang]
    last = banner.select_one(".policy-last-material")
    assert (
        text(last)
        == {
            "sv": "Den senaste ändringen i sak var version 1.0, i kraft sedan 15 januari 2026.",
            "en": "The last change of substance was version 1.0, in force since 15 January 2026.",
        }[lang]
    )
    # the first version has no redline against one before: the link is to its text
    assert resolve(PREFIX[lang], last.a["href"]) == f"/{PREFIX[lang]}versions/1.0/"
    changelog = soup(translation_only, f"{PREFIX[lang]}changes")
    assert [m.find_previous("h2")["id"] for m in changelog.select(".policy-editorial")] == ["v1.0.2", "v1.0.1"]


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_upcoming_editorial_version_is_announced_as_editorial(translation_only, lang):
    upcoming = soup(translation_only, PREFIX[lang]).select_one(".policy-banner--upcoming")
    assert [text(p) for p in upcoming.select(".policy-editorial")] == [EDITORIAL[lang]]
    assert upcoming.select(".policy-last-material") == []


# The consent rule of the integration guide, in Chromium


def consent_function() -> str:
    """The rule as the integration guide gives it, word for word: the code a main site copies."""
    guide = (ROOT / "docs" / "manual" / "integrate.md").read_text(encoding="utf-8")
    found = re.search(r"```js\n(function mustAskAgain\(.*?\n)```", guide, re.DOTALL)
    assert found, "docs/manual/integrate.md has no ```js block with function mustAskAgain"
    return found.group(1)


def ask(page, url: str, cases: list[str]) -> list[bool]:
    page.goto(url)
    script = (
        "async (cases) => {" + consent_function() + "const policy = await (await fetch('/policy.json')).json();"
        "return cases.map((accepted) => mustAskAgain(policy, {version: accepted})); }"
    )
    return page.evaluate(script, cases)


def test_the_guides_consent_rule_asks_again_only_after_a_material_version(browser, story_site, editorial_in_force):
    """Each site in a browser context of its own, on an address no other site had (conftest.serve):
    the second site's policy.json is never the first's, kept by a cache."""
    errors = []
    for site, cases, expected in (
        # 1.3 (material) took effect on 1 April, after 1.0, 1.1 and the editorial 1.2; 1.4 is
        # upcoming (it counts from the build on the day it takes effect)
        (story_site, ["1.0", "1.1", "1.2", "1.3", "1.4", "9.9"], [True, True, True, False, False, True]),
        # only the editorial 1.2 came after 1.1
        (editorial_in_force, ["1.0", "1.1", "1.2"], [True, False, False]),
    ):
        context = browser.new_context()
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        with serve(site) as url:
            assert ask(page, url, cases) == expected
            context.close()  # before the server stops: the search worker may still be loading its scripts
    assert errors == []


# What a reader sees, in Chromium


@pytest.fixture(scope="module")
def served(story_site, editorial_in_force):
    with serve(story_site) as story_url, serve(editorial_in_force) as in_force_url:
        yield story_url, in_force_url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_editorial_marks_are_legible(browser, served, scheme, width, lang):
    """The banner of an editorial version in force and the story's changelog: the marks shown,
    inside the screen, no serious axe finding, no console error; the last material change's
    link leads to its redline."""
    story_url, in_force_url = served
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    for url, selectors, scope in (
        (
            f"{in_force_url}/{PREFIX[lang]}",
            [".policy-banner .policy-editorial", ".policy-banner .policy-last-material"],
            ".policy-banner",
        ),
        (f"{story_url}/{PREFIX[lang]}changes/", ["#v1\\.2 ~ .policy-editorial"], ".md-content"),
    ):
        page.goto(url)
        for more in page.locator(".policy-banner details.policy-more > summary").all():  # the folded lines
            more.click()
        for selector in selectors:
            mark = page.locator(selector).first
            assert mark.is_visible(), selector
            box = mark.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        serious = serious_violations(page, scope)
        assert serious == [], url
    page.goto(f"{in_force_url}/{PREFIX[lang]}")
    page.locator(".policy-banner details.policy-more > summary").first.click()
    with page.expect_navigation():
        page.locator(".policy-banner .policy-last-material a").click()
    assert urlsplit(page.url).path == f"/{PREFIX[lang]}versions/1.1/changes/"
    assert page.locator("#s1-a ins").first.is_visible()
    context.close()
    assert console == []
