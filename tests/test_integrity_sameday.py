"""Versions that take effect on the same day: one answer everywhere.

The rule: on a day when several versions take effect, the newest one (the later in history) is
in force that day; an older one of that day is replaced on its first day and has no period of
its own (never in force: `until` null, `status` `never-in-force`), whenever either was published.
Each history below is a real repository, built --strict at 2026-06-01; the record, the version
list (both languages), the archived and current pages, the changelog, `policy.json`, the feeds,
`policy versions --on` and, in Chromium, `/versions/?on=DAY` must all give that answer.

- `later`: 1.1 (material) and 1.2 (editorial) take effect on 1 March; 1.2 was published that
  morning, after 1.1 had taken effect at 00:00 (this project's own 1.0 and 1.1).
- `three`: 1.1 (material), 1.2 and 1.3 (editorial) take effect on 1 March, each published that day.
- `older_later`: 1.1 and 1.2 take effect on 1 March; 1.2 is newer in history but its commit is
  dated before 1.1's, so the older one was published later: history's order decides.
- `upcoming`: 1.1 and 1.2 take effect on 1 July, after the build: only 1.2 is upcoming.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browsing import serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from click.testing import CliRunner
from gitrepo import GitRepo, meta
from story import STORY_EPOCH

from policykit.cli import main
from policykit.project.load import load_project

ATOM = "{http://www.w3.org/2005/Atom}"
PREFIX = {"sv": "", "en": "en/"}
SV = {
    "00-inledning.md": "# Integritetspolicy\n\nInledning {n}.\n",
    "01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn{n}.\n",
}
EN = {
    "00-introduction.md": "# Privacy Policy\n\nIntroduction {n}.\n",
    "01-collection.md": "# 1. Collection\n\na. We collect names{n}.\n",
}

#: name -> (label, effective, committed, editorial) per version, oldest first in history
HISTORIES = {
    "later": [
        ("1.0", "2026-01-15", "2026-01-10T10:00:00Z", False),
        ("1.1", "2026-03-01", "2026-02-20T10:00:00Z", False),
        ("1.2", "2026-03-01", "2026-03-01T09:00:00Z", True),
    ],
    "three": [
        ("1.0", "2026-01-15", "2026-01-10T10:00:00Z", False),
        ("1.1", "2026-03-01", "2026-03-01T08:00:00Z", False),
        ("1.2", "2026-03-01", "2026-03-01T09:00:00Z", True),
        ("1.3", "2026-03-01", "2026-03-01T10:00:00Z", True),
    ],
    "older_later": [
        ("1.0", "2026-01-15", "2026-01-10T10:00:00Z", False),
        ("1.1", "2026-03-01", "2026-03-01T12:00:00Z", False),
        ("1.2", "2026-03-01", "2026-03-01T08:00:00Z", False),
    ],
    "upcoming": [
        ("1.0", "2026-01-15", "2026-01-10T10:00:00Z", False),
        ("1.1", "2026-07-01", "2026-05-01T10:00:00Z", False),
        ("1.2", "2026-07-01", "2026-05-02T10:00:00Z", False),
    ],
}
#: name -> what every reader must be told: label -> (policy.json status, until)
EXPECTED = {
    "later": {"1.0": ("past", "2026-02-28"), "1.1": ("never-in-force", None), "1.2": ("in-force", None)},
    "three": {
        "1.0": ("past", "2026-02-28"),
        "1.1": ("never-in-force", None),
        "1.2": ("never-in-force", None),
        "1.3": ("in-force", None),
    },
    "older_later": {"1.0": ("past", "2026-02-28"), "1.1": ("never-in-force", None), "1.2": ("in-force", None)},
    "upcoming": {"1.0": ("in-force", None), "1.1": ("never-in-force", None), "1.2": ("upcoming", None)},
}
#: Days asked about, and the version each history says was (or is to be) in force then.
DAYS = {
    "2026-01-14": None,
    "2026-01-15": "1.0",
    "2026-02-28": "1.0",
    "2026-03-01": "newest",
    "2026-05-31": "newest",
    "2026-07-01": "newest",
    "2030-01-01": "newest",
}
SAME_DAY = {
    "sv": "Detta är version {old}. Version {new} trädde i kraft samma dag, {day}, och ersatte den: "
    "den här versionen har aldrig gällt.",
    "en": "This is version {old}. On the same day, {day}, version {new} took effect and replaced it: "
    "this version was never in force.",
}
SAME_DAY_UPCOMING = {
    "sv": "Detta är version {old}. Version {new} träder i kraft samma dag, {day}, och ersätter den: den här "
    "versionen kommer aldrig att gälla.",
    "en": "This is version {old}. On the same day, {day}, version {new} takes effect and replaces it: this "
    "version will never be in force.",
}
WRITTEN = {
    "sv": {"2026-03-01": "1 mars 2026", "2026-07-01": "1 juli 2026"},
    "en": {"2026-03-01": "1 March 2026", "2026-07-01": "1 July 2026"},
}


def newest(name: str) -> str:
    """The version in force (or, in `upcoming`, to be) from the shared day: the last in history."""
    return HISTORIES[name][-1][0]


def the_day(name: str) -> str:
    return HISTORIES[name][-1][1]


def answer_on(name: str, day: str) -> str | None:
    expected = DAYS[day]
    if name == "upcoming" and expected == "newest":  # before 1 July, 1.0 is still in force
        return "1.0" if day < "2026-07-01" else "1.2"
    return newest(name) if expected == "newest" else expected


def write_history(path: Path, name: str) -> GitRepo:
    repo = GitRepo(path)
    for n, (label, effective, committed, editorial) in enumerate(HISTORIES[name]):
        files = {
            **{f"sv/{k}": v.replace("{n}", str(n)) for k, v in SV.items()},
            **{f"en/{k}": v.replace("{n}", str(n)) for k, v in EN.items()},
        }
        extra = f'editorial: "{label}"\n' if editorial else ""
        repo.write_policy({"policy.yml": meta(label, effective, extra=extra), **files})
        repo.commit(f"Policy {label}", committed)
    return repo


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Every history, written and built --strict: name -> (repository, site)."""
    built = {}
    for name in HISTORIES:
        repo = write_history(tmp_path_factory.mktemp(name) / "repo", name)
        result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
        assert result.returncode == 0, result.output
        built[name] = (repo.path, result.site)
    return built


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def never(name: str) -> list[str]:
    return [label for label, (status, _) in EXPECTED[name].items() if status == "never-in-force"]


# The record and the command line ----------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_record_and_policy_versions_on_give_the_newest_of_the_day(sites, name, monkeypatch):
    path, _ = sites[name]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STORY_EPOCH)
    record = load_project(path).record
    statuses = {"current": "in-force", "superseded": "never-in-force", "past": "past", "upcoming": "upcoming"}
    assert {
        v.label: (
            statuses[record.status(v)],
            record.period(v).until.isoformat() if record.period(v) and record.period(v).until else None,
        )
        for v in record.versions
    } == EXPECTED[name]
    assert all(record.period(record.find(label)) is None for label in never(name))
    assert [v.label for v in record.upcoming] == (["1.2"] if name == "upcoming" else [])
    for day in DAYS:
        found = record.on(dt.date.fromisoformat(day))
        assert (found.version.label if found else None) == answer_on(name, day), day
        said = (
            CliRunner()
            .invoke(
                main,
                ["versions", "--root", str(path), "--on", day],
                catch_exceptions=False,
                env={"SOURCE_DATE_EPOCH": STORY_EPOCH},
            )
            .output
        )
        label = answer_on(name, day)
        assert f"version {label} " in said if label else said.startswith(f"No version was in force on {day}"), said
    listed = (
        CliRunner()
        .invoke(main, ["versions", "--root", str(path)], catch_exceptions=False, env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
        .output.splitlines()
    )
    for line in listed:
        label = line.split()[0]
        assert ("never in force" in line) == (label in never(name)), line
        assert "2026-03-01 to 2026-03-01" not in line, line  # no one-day period for a replaced version


# policy.json and the feeds ------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("name", list(HISTORIES))
def test_policy_json_says_status_and_until_by_the_one_rule(sites, name):
    from jsonschema import Draft202012Validator

    _, site = sites[name]
    data = json.loads((site / "policy.json").read_text(encoding="utf-8"))
    assert {v["version"]: (v["status"], v["until"]) for v in data["versions"]} == EXPECTED[name]
    assert data["current"] == ("1.0" if name == "upcoming" else newest(name))
    assert data["upcoming"] == ("1.2" if name == "upcoming" else None)
    schema = json.loads((site / "policy.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert schema["$defs"]["version"]["properties"]["status"]["enum"] == [
        "in-force",
        "upcoming",
        "past",
        "never-in-force",
    ]


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_feed_says_a_replaced_version_was_never_in_force(sites, name, lang):
    _, site = sites[name]
    root = ET.parse(site / PREFIX[lang] / "feed.xml").getroot()
    never_words = {"sv": "aldrig i kraft", "en": "never in force"}[lang]
    for entry in root.findall(f"{ATOM}entry"):
        label = entry.find(f"{ATOM}title").text.split()[-1]
        content = entry.find(f"{ATOM}content").text
        assert (never_words in content) == (label in never(name)), (label, content)


# The pages ----------------------------------------------------------------------------------

ROW_WORDS = {
    "sv": {
        "in-force": "gällande",
        "past": "tidigare",
        "upcoming": "kommande",
        "never-in-force": "ersatt samma dag som den skulle träda i kraft",
    },
    "en": {
        "in-force": "in force",
        "past": "past",
        "upcoming": "upcoming",
        "never-in-force": "replaced on its effective day",
    },
}
PERIODS = {
    "sv": {
        "past": "15 januari 2026 till 28 februari 2026",
        "in-force": "sedan {day}",
        "upcoming": "från {day}, kommande",
        "never-in-force": "aldrig i kraft",
    },
    "en": {
        "past": "15 January 2026 to 28 February 2026",
        "in-force": "since {day}",
        "upcoming": "from {day}, upcoming",
        "never-in-force": "never in force",
    },
}


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_version_list_gives_the_same_answer(sites, name, lang):
    _, site = sites[name]
    html = page(site, PREFIX[lang] + "versions")
    rows = {tr["data-version"]: tr for tr in html.select("article tbody tr")}
    assert list(rows) == list(reversed(EXPECTED[name]))
    for label, (status, _) in EXPECTED[name].items():
        cells = [text(td) for td in rows[label].select("td")]
        day = "2026-01-15" if label == "1.0" else the_day(name)
        period = PERIODS[lang][status].replace("{day}", WRITTEN[lang].get(day, ""))
        if name == "upcoming" and label == "1.0":
            period = PERIODS[lang]["in-force"].replace(
                "{day}", {"sv": "15 januari 2026", "en": "15 January 2026"}[lang]
            )
        assert cells[3].startswith(ROW_WORDS[lang][status]) and cells[4] == period, (label, cells)
        # The script's days: none for a version no day leads to, else its start (and last day)
        assert rows[label].has_attr("data-start") == (status != "never-in-force"), label
    if name != "upcoming":
        assert rows["1.0"]["data-end"] == "2026-02-28"
        assert (rows[newest(name)]["data-start"], rows[newest(name)]["data-end"]) == ("2026-03-01", "")


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(HISTORIES))
def test_an_archived_version_of_the_day_says_it_was_replaced_that_day(sites, name, lang):
    _, site = sites[name]
    day = WRITTEN[lang][the_day(name)]
    for label in never(name):
        notice = page(site, f"{PREFIX[lang]}versions/{label}").select_one(".policy-version-notice")
        said = (SAME_DAY_UPCOMING if name == "upcoming" else SAME_DAY)[lang]
        assert said.format(old=label, new=newest(name), day=day) in text(notice)
        assert not notice.select_one(".policy-on-day").has_attr("data-start")  # no day leads here
    if name != "upcoming":  # 1.0 ended the day before the newest of the day took effect
        past = text(page(site, f"{PREFIX[lang]}versions/1.0").select_one(".policy-version-notice"))
        assert {
            "sv": f"tills version {newest(name)} trädde i kraft {day}",
            "en": f"until version {newest(name)} took effect on {day}",
        }[lang] in past


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_changelog_and_the_compare_list_agree(sites, name, lang):
    _, site = sites[name]
    changelog = page(site, f"{PREFIX[lang]}changes")
    for label, (status, _) in EXPECTED[name].items():
        dates = changelog.select_one(f'[id="v{label}"] ~ .policy-dates')
        assert text(dates).lower().startswith(ROW_WORDS[lang][status]), (label, text(dates))
    options = {o["value"]: text(o) for o in page(site, f"{PREFIX[lang]}compare").select("#policy-compare-to option")}
    for label, (status, _) in EXPECTED[name].items():
        assert options[label].endswith(ROW_WORDS[lang][status]) == (status in ("in-force", "upcoming")), options


LAST_MATERIAL = {
    "sv": "Den senaste ändringen i sak var version 1.1, som aldrig själv gällde: dess innehåll har gällt sedan "
    "1 mars 2026, som version {via}.",
    "en": "The last change of substance was version 1.1, never in force itself: its substance has been in force "
    "since 1 March 2026, as version {via}.",
}
LAST_MATERIAL_ARCHIVE = {
    "sv": "Den senaste ändringen i sak fram till den här versionen var version 1.1, som aldrig själv gällde: dess "
    "innehåll trädde i kraft 1 mars 2026, som version {via}.",
    "en": "The last change of substance up to this version was version 1.1, never in force itself: its substance "
    "took effect on 1 March 2026, as version {via}.",
}


@pytest.mark.build
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_banner_of_the_text_in_force_says_something_true(sites, name, lang):
    """The newest of the day is the text in force. After an editorial one, the last change of
    substance is the material version of that day, which was never in force itself: the banner
    dates its substance by the version that brought it into force, and says so."""
    _, site = sites[name]
    banner = page(site, PREFIX[lang]).select_one(".policy-banner")
    shown = "1.0" if name == "upcoming" else newest(name)
    assert text(banner).startswith({"sv": f"Version {shown}, gäller från", "en": f"Version {shown}, effective"}[lang])
    last = banner.select_one(".policy-last-material")
    if name in ("later", "three"):  # the newest is editorial; 1.1, the material one, never applied
        assert text(last) == LAST_MATERIAL[lang].format(via=newest(name))
        assert last.select_one("a")["href"].endswith("versions/1.1/changes/")
        archived = page(site, f"{PREFIX[lang]}versions/{newest(name)}").select_one(".policy-last-material")
        assert text(archived) == LAST_MATERIAL_ARCHIVE[lang].format(via=newest(name))
        redline = page(site, f"{PREFIX[lang]}versions/{newest(name)}/changes").select_one(".policy-last-material")
        assert text(redline) == LAST_MATERIAL_ARCHIVE[lang].format(via=newest(name))
    else:
        assert last is None
    if name == "three":  # 1.2, editorial and never in force: up to it, 1.1's substance never applied
        archived = page(site, f"{PREFIX[lang]}versions/1.2").select_one(".policy-last-material")
        assert (
            text(archived)
            == {
                "sv": "Den senaste ändringen i sak fram till den här versionen var version 1.1, som aldrig gällde.",
                "en": "The last change of substance up to this version was version 1.1, which was never in force.",
            }[lang]
        )


# In Chromium: ?on=DAY -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(sites):
    with serve(sites["later"][1]) as later, serve(sites["older_later"][1]) as older_later:
        yield {"later": later, "older_later": older_later}


ON = {
    "sv": {
        "is": "Detta är texten som gäller {day}.",
        "was": "Detta är texten som gällde {day}.",
        "not_this": "Den här versionen gällde inte {day}: se vilken version som gällde.",
    },
    "en": {
        "is": "This is the text in force on {day}.",
        "was": "This is the text that was in force on {day}.",
        "not_this": "This version was not in force on {day}: see which version was.",
    },
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", ["later", "older_later"])
def test_on_the_shared_day_the_script_leads_to_the_newest(browser, served, name, lang):
    """The version list's script answers from the same periods: the shared day and the days
    around it lead where the record and `policy versions --on` do; the replaced version's page
    says it was not in force that day and links back to the list's answer."""
    context = browser.new_context()
    page_ = context.new_page()
    errors: list[str] = []
    page_.on("pageerror", lambda error: errors.append(str(error)))
    root = f"{served[name]}/{PREFIX[lang]}"
    for day, tense in (("2026-02-28", "was"), ("2026-03-01", "is"), ("2026-05-31", "is")):
        label = answer_on(name, day)
        page_.goto(f"{root}versions/?on={day}#s1-a")
        page_.wait_for_url(f"**/versions/{label}/?on={day}#s1-a")
        note = page_.locator(".policy-version-notice .policy-on-day")
        written = {
            "2026-02-28": {"sv": "28 februari 2026", "en": "28 February 2026"},
            "2026-03-01": WRITTEN,
            "2026-05-31": {"sv": "31 maj 2026", "en": "31 May 2026"},
        }[day]
        written = written[lang] if day != "2026-03-01" else WRITTEN[lang][day]
        assert note.inner_text() == ON[lang][tense].replace("{day}", written)
    page_.goto(f"{root}versions/1.1/?on=2026-03-01")  # the replaced one: not in force that day
    note = page_.locator(".policy-on-day")
    assert note.inner_text() == ON[lang]["not_this"].replace("{day}", WRITTEN[lang]["2026-03-01"])
    with page_.expect_navigation():
        note.locator("a").click()
    page_.wait_for_url(f"**/versions/{newest(name)}/?on=2026-03-01")
    context.close()
    assert errors == []
