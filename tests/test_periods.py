"""The text in force on a day (issue 14, part 3): each version's period in force in the record,
on the version list, in policy.json (`until`) and from `policy versions --on`; and, in
Chromium, /versions/?on=DAY leading to the version in force on that day."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import serious_violations, serve
from bs4 import BeautifulSoup
from building import mkdocs_build
from click.testing import CliRunner
from gitrepo import GitRepo, meta
from story import STORY_EPOCH, build_story, story_repo

from policykit.cli import main
from policykit.project.load import load_project

D = dt.date.fromisoformat
SV = {
    "00-inledning.md": "# Integritetspolicy\n\nInledning {n}.\n",
    "01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn.\n",
}
EN = {
    "00-introduction.md": "# Privacy Policy\n\nIntroduction {n}.\n",
    "01-collection.md": "# 1. Collection\n\na. We collect names.\n",
}


def history(path: Path, versions: list[tuple[str, str, str]]) -> GitRepo:
    """A repository with one commit per (label, effective, committed); each changes the preamble."""
    repo = GitRepo(path)
    for n, (label, effective, committed) in enumerate(versions):
        texts = {
            **{f"sv/{k}": v.replace("{n}", str(n)) for k, v in SV.items()},
            **{f"en/{k}": v.replace("{n}", str(n)) for k, v in EN.items()},
        }
        repo.write_policy({"policy.yml": meta(label, effective), **texts})
        repo.commit(f"Policy {label}", committed)
    return repo


def record_of(path: Path, monkeypatch, epoch: str = STORY_EPOCH):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    project = load_project(path)
    assert project.record is not None, [str(p) for p in project.problems]
    return project.record


def spans(record) -> list[tuple]:
    return [
        (p.version.label, p.start.isoformat(), p.until.isoformat() if p.until else None, p.upcoming)
        for p in record.periods
    ]


def answer(record, day: str):
    found = record.on(D(day))
    return found.version.label if found else None


# The record --------------------------------------------------------------------------------


def test_the_storys_periods_run_from_each_effective_day_to_the_day_before_the_next(tmp_path, monkeypatch):
    record = record_of(story_repo(tmp_path / "repo").path, monkeypatch)
    assert spans(record) == [
        ("1.0", "2026-01-15", "2026-02-14", False),
        ("1.1", "2026-02-15", "2026-02-28", False),
        ("1.2", "2026-03-01", "2026-03-31", False),
        ("1.3", "2026-04-01", None, False),
        ("1.4", "2026-07-01", None, True),
    ]
    assert [
        answer(record, d)
        for d in (
            "2026-01-14",
            "2026-01-15",
            "2026-02-14",
            "2026-02-15",
            "2026-03-31",
            "2026-04-01",
            "2026-06-30",
            "2026-07-01",
            "2030-01-01",
        )
    ] == [None, "1.0", "1.0", "1.1", "1.2", "1.3", "1.3", "1.4", "1.4"]
    assert record.period(record.find("1.4")).upcoming and record.on(D("2026-07-05")).upcoming


def test_a_version_published_later_but_effective_earlier_replaces_one_that_never_applied(tmp_path, monkeypatch):
    repo = history(
        tmp_path / "repo",
        [
            ("1.0", "2026-01-15", "2026-01-10T10:00:00Z"),
            ("1.1", "2026-09-01", "2026-02-01T10:00:00Z"),
            ("1.2", "2026-04-15", "2026-03-01T10:00:00Z"),
        ],
    )
    record = record_of(repo.path, monkeypatch)
    assert spans(record) == [("1.0", "2026-01-15", "2026-04-14", False), ("1.2", "2026-04-15", None, False)]
    assert record.period(record.find("1.1")) is None and record.status(record.find("1.1")) == "superseded"
    assert answer(record, "2026-10-01") == "1.2"


def test_two_versions_effective_the_same_day(tmp_path, monkeypatch):
    """The newer one is in force from that day, and the older one of that day was never in
    force (no period, `superseded`), whether the newer one was published before that day or
    later on it (tests/test_integrity_sameday.py has the site, the feed and the script)."""
    for name, published in (("before", "2026-02-20T10:00:00Z"), ("later", "2026-03-01T09:00:00Z")):
        repo = history(
            tmp_path / name,
            [
                ("1.0", "2026-01-15", "2026-01-10T10:00:00Z"),
                ("1.1", "2026-03-01", "2026-02-01T10:00:00Z"),
                ("1.2", "2026-03-01", published),
            ],
        )
        record = record_of(repo.path, monkeypatch)
        assert spans(record) == [("1.0", "2026-01-15", "2026-02-28", False), ("1.2", "2026-03-01", None, False)]
        assert record.status(record.find("1.1")) == "superseded" and record.period(record.find("1.1")) is None
        assert answer(record, "2026-03-01") == "1.2" and record.replaced_by(record.find("1.1")).label == "1.2"


def test_a_date_line_that_goes_back_makes_the_back_dated_version_apply_from_its_day(tmp_path, monkeypatch):
    """1.2, published in April, is effective from 1 February: as the record has it now, 1.2 is
    the text in force from then on, and 1.1 (1 March) never applied."""
    repo = history(
        tmp_path / "repo",
        [
            ("1.0", "2026-01-15", "2026-01-10T10:00:00Z"),
            ("1.1", "2026-03-01", "2026-02-20T10:00:00Z"),
            ("1.2", "2026-02-01", "2026-04-10T10:00:00Z"),
        ],
    )
    record = record_of(repo.path, monkeypatch)
    assert spans(record) == [("1.0", "2026-01-15", "2026-01-31", False), ("1.2", "2026-02-01", None, False)]
    assert record.period(record.find("1.1")) is None and answer(record, "2026-03-05") == "1.2"


def test_upcoming_versions_are_open_and_the_build_date_decides(tmp_path, monkeypatch):
    repo = history(
        tmp_path / "repo",
        [
            ("1.0", "2026-01-15", "2026-01-10T10:00:00Z"),
            ("1.1", "2026-07-01", "2026-05-01T10:00:00Z"),
            ("1.2", "2026-08-01", "2026-05-02T10:00:00Z"),
        ],
    )
    assert spans(record_of(repo.path, monkeypatch)) == [
        ("1.0", "2026-01-15", None, False),
        ("1.1", "2026-07-01", None, True),
        ("1.2", "2026-08-01", None, True),
    ]
    later = record_of(repo.path, monkeypatch, epoch="1785542400")  # built 2026-08-01: 1.2 in force
    assert spans(later) == [
        ("1.0", "2026-01-15", "2026-06-30", False),
        ("1.1", "2026-07-01", "2026-07-31", False),
        ("1.2", "2026-08-01", None, False),
    ]


def test_without_history_there_is_no_period_or_the_working_tree_has_one(tmp_path, monkeypatch):
    """A repository without commits has published nothing: no period, no day answered. A folder
    outside git has only its working tree, in force from its effective day."""
    repo = GitRepo(tmp_path / "repo")
    repo.write_policy(
        {
            "policy.yml": meta("1.0", "2026-01-15"),
            **{f"sv/{k}": v for k, v in SV.items()},
            **{f"en/{k}": v for k, v in EN.items()},
        }
    )
    record = record_of(repo.path, monkeypatch)
    assert record.periods == [] and record.on(D("2026-05-01")) is None
    outside = shutil.copytree(repo.path, tmp_path / "outside", ignore=shutil.ignore_patterns(".git"))
    record = record_of(outside, monkeypatch)
    assert spans(record) == [("1.0", "2026-01-15", None, False)]
    assert answer(record, "2026-01-14") is None and answer(record, "2026-01-15") == "1.0"


# The built site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The issue-14 story built --strict: (repo, result)."""
    return build_story(tmp_path_factory.mktemp("periods"))


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def rows(site: Path, path: str) -> list[list[str]]:
    return [
        [" ".join(td.get_text(" ").split()) for td in tr.select("td")]
        for tr in page(site, path).select("article tbody tr")
    ]


def test_the_version_list_shows_each_period_in_both_languages(story):
    _, result = story
    assert [(r[0], r[3], r[4]) for r in rows(result.site, "versions/index.html")] == [
        ("1.4", "kommande", "från 1 juli 2026, kommande"),
        ("1.3", "gällande", "sedan 1 april 2026"),
        ("1.2", "tidigare redaktionell ändring", "1 mars 2026 till 31 mars 2026"),
        ("1.1", "tidigare", "15 februari 2026 till 28 februari 2026"),
        ("1.0", "tidigare", "15 januari 2026 till 14 februari 2026"),
    ]
    assert [(r[0], r[3], r[4]) for r in rows(result.site, "en/versions/index.html")] == [
        ("1.4", "upcoming", "from 1 July 2026, upcoming"),
        ("1.3", "in force", "since 1 April 2026"),
        ("1.2", "past editorial change", "1 March 2026 to 31 March 2026"),
        ("1.1", "past", "15 February 2026 to 28 February 2026"),
        ("1.0", "past", "15 January 2026 to 14 February 2026"),
    ]
    head = [th.get_text() for th in page(result.site, "en/versions/index.html").select("article thead th")]
    assert head == ["Version", "Published", "Effective", "Status", "In force", "Changes"]
    form = page(result.site, "en/versions/index.html").select_one("form.policy-on-form")
    assert form["method"] == "get" and form["action"] == "./"
    assert form.select_one("input")["type"] == "date" and form.select_one("input")["name"] == "on"
    assert form.select_one("label")["for"] == form.select_one("input")["id"]


def test_the_rows_and_the_answer_carry_the_builds_record_for_the_script(story):
    _, result = story
    html = page(result.site, "en/versions/index.html")
    row = html.select_one('tr[data-version="1.3"]')
    assert (row["data-start"], row["data-end"], row["data-state"], row["data-href"]) == (
        "2026-04-01",
        "2026-06-30",
        "current",
        "1.3/",
    )  # the last day before 1.4, for the script only
    holder = html.select_one("#policy-on-answer")
    assert holder["data-built"] == "2026-06-01" and holder["data-pattern"] == "d MMMM y"
    assert holder["data-months"].split("|")[2] == "March" and "{version}" in holder["data-w-on-upcoming"]
    assert html.select_one('script[src="../../assets/javascripts/policy-versions.js"]') is not None
    notice = page(result.site, "versions/1.2/index.html").select_one(".policy-version-notice .policy-on-day")
    assert notice.has_attr("hidden") and (notice["data-start"], notice["data-end"]) == ("2026-03-01", "2026-03-31")
    assert not notice.has_attr("data-built")  # an archived page would change every day
    assert notice["data-w-on-was"] == "Detta är texten som gällde {day}."


def test_policy_json_says_until_when_each_version_was_in_force(story):
    _, result = story
    data = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))
    assert {v["version"]: v["until"] for v in data["versions"]} == {
        "1.0": "2026-02-14",
        "1.1": "2026-02-28",
        "1.2": "2026-03-31",
        "1.3": None,
        "1.4": None,
    }
    from jsonschema import Draft202012Validator

    schema = json.loads((result.site / "policy.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert "until" in schema["$defs"]["version"]["properties"]


@pytest.mark.build
def test_a_version_that_never_applied_is_listed_as_never_in_force(tmp_path):
    repo = history(
        tmp_path / "repo",
        [
            ("1.0", "2026-01-15", "2026-01-10T10:00:00Z"),
            ("1.1", "2026-09-01", "2026-02-01T10:00:00Z"),
            ("1.2", "2026-04-15", "2026-03-01T10:00:00Z"),
        ],
    )
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    assert [(r[0], r[4]) for r in rows(result.site, "en/versions/index.html")] == [
        ("1.2", "since 15 April 2026"),
        ("1.1", "never in force"),
        ("1.0", "15 January 2026 to 14 April 2026"),
    ]
    assert rows(result.site, "versions/index.html")[1][4] == "aldrig i kraft"
    data = json.loads((result.site / "policy.json").read_text(encoding="utf-8"))
    assert [v["until"] for v in data["versions"]] == ["2026-04-14", None, None]


# The command line --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def story_path(tmp_path_factory) -> Path:
    return story_repo(tmp_path_factory.mktemp("cli") / "repo").path


def versions(path: Path, *args: str):
    return CliRunner().invoke(
        main, ["versions", "--root", str(path), *args], catch_exceptions=False, env={"SOURCE_DATE_EPOCH": STORY_EPOCH}
    )


def test_policy_versions_lists_each_period_and_marks_editorial_versions(story_path):
    result = versions(story_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [re.search(r"  (in force .+?|never in force) +[0-9a-f]{7}  ", line).group(1) for line in lines] == [
        "in force 2026-01-15 to 2026-02-14",
        "in force 2026-02-15 to 2026-02-28",
        "in force 2026-03-01 to 2026-03-31",
        "in force since 2026-04-01",
        "in force from 2026-07-01 (upcoming)",
    ]
    assert "editorial, 1 changed" in lines[2] and "editorial" not in lines[1] + lines[3]


@pytest.mark.parametrize(
    "day, said",
    [
        ("2026-03-05", "On 2026-03-05 version 1.2 (editorial) was in force (2026-03-01 to 2026-03-31)."),
        ("2026-02-15", "On 2026-02-15 version 1.1 was in force (2026-02-15 to 2026-02-28)."),  # a first day
        ("2026-05-01", "On 2026-05-01 version 1.3 is in force (since 2026-04-01; as of the build date, 2026-06-01)."),
        ("2025-03-01", "No version was in force on 2025-03-01; the first, version 1.0, took effect on 2026-01-15."),
        (
            "2026-07-05",
            "On 2026-07-05 version 1.4 is to be in force: it takes effect on 2026-07-01 "
            "(upcoming as of the build date, 2026-06-01).",
        ),
    ],
)
def test_policy_versions_on_a_day(story_path, day, said):
    result = versions(story_path, "--on", day)
    assert (result.exit_code, result.output) == (0, said + "\n")


@pytest.mark.parametrize("day", ["2025-02-30", "tomorrow", "", "20260305", "2026-3-5", "2026-03-05\x1b[31m"])
def test_policy_versions_on_a_day_that_is_not_a_date(story_path, day):
    result = CliRunner().invoke(main, ["versions", "--root", str(story_path), "--on", day])
    assert result.exit_code == 2
    assert "is not a date in the form YYYY-MM-DD" in result.output and "--on 2026-03-05" in result.output
    assert "\x1b" not in result.output


def test_policy_versions_help_has_an_example_of_on():
    result = CliRunner().invoke(main, ["versions", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "policy versions --on 2026-03-05" in result.output


# In Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(story):
    with serve(story[1].site) as url:
        yield url


WORDS = {
    "sv": {
        "was": "Detta är texten som gällde {day}.",
        "is": "Detta är texten som gäller {day}.",
        "before": "Ingen version gällde 1 mars 2025; den första, version 1.0, trädde i kraft 15 januari 2026.",
        "upcoming": "Version 1.4 träder i kraft 1 juli 2026; 5 juli 2026 ska den gälla (kommande: webbplatsen "
        "byggdes 1 juni 2026).",
        "will": "Detta är texten som ska gälla 5 juli 2026 (kommande).",
        "not_a_date": "”{value}” är inte ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-06-01.",
        "not_this": "Den här versionen gällde inte 5 mars 2026: se vilken version som gällde.",
    },
    "en": {
        "was": "This is the text that was in force on {day}.",
        "is": "This is the text in force on {day}.",
        "before": "No version was in force on 1 March 2025; the first, version 1.0, took effect on 15 January 2026.",
        "upcoming": "Version 1.4 is to take effect on 1 July 2026; on 5 July 2026 it is to be the text in force "
        "(upcoming: this site was built on 1 June 2026).",
        "will": "This is the text that is to be in force on 5 July 2026 (upcoming).",
        "not_a_date": "“{value}” is not a date in the form YYYY-MM-DD, such as 2026-06-01.",
        "not_this": "This version was not in force on 5 March 2026: see which version was.",
    },
}
#: 5 March 2026, as the words of `not_this` above write it, and 5 July 2026.
MARCH_5 = {"sv": ("5 mars 2026", "5 juli 2026"), "en": ("5 March 2026", "5 July 2026")}
#: A day inside each period (the first day of 1.1's among them), the version, the day as written.
INSIDE = [
    ("2026-01-20", "1.0", {"sv": "20 januari 2026", "en": "20 January 2026"}, "was"),
    ("2026-02-15", "1.1", {"sv": "15 februari 2026", "en": "15 February 2026"}, "was"),
    ("2026-03-05", "1.2", {"sv": "5 mars 2026", "en": "5 March 2026"}, "was"),
    ("2026-05-01", "1.3", {"sv": "1 maj 2026", "en": "1 May 2026"}, "is"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_on_a_day_leads_to_the_version_in_force_then(browser, served, lang, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    root = f"{served}{'/' if lang == 'sv' else '/en/'}"
    words = WORDS[lang]

    def visit(query: str):
        page.goto(f"{root}versions/{query}")
        page.wait_for_load_state("load")

    def shown(selector: str):
        holder = page.locator(selector)
        holder.wait_for(state="visible")  # the text in force's page asks policy.json first
        assert holder.is_visible(), selector
        box = holder.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page never scrolls sideways
        return holder

    for day, label, written, tense in INSIDE:  # each with the reader's clause kept
        visit(f"?on={day}#s1-a")
        page.wait_for_url(f"**/versions/{label}/?on={day}#s1-a")
        note = shown(".policy-version-notice .policy-on-day")
        assert note.inner_text() == words[tense].replace("{day}", written[lang])
        assert note.get_attribute("role") == "status"
    assert serious_violations(page) == []  # the version in force's page, with its day said

    visit("?on=2025-03-01")  # before the first version
    answer = shown("#policy-on-answer")
    assert answer.inner_text() == words["before"] and answer.get_attribute("role") == "status"
    assert answer.locator("a").get_attribute("href") == "1.0/"
    assert urlsplit(page.url).query == "on=2025-03-01"

    visit("?on=2026-07-05#s2-a")  # in the upcoming period: said, and linked
    answer = shown("#policy-on-answer")
    assert answer.inner_text() == words["upcoming"]
    assert page.locator("#policy-on-day").input_value() == "2026-07-05"
    assert serious_violations(page) == []
    with page.expect_navigation():
        answer.locator("a").click()
    assert urlsplit(page.url).path.endswith("/versions/1.4/") and urlsplit(page.url).fragment == "s2-a"
    assert shown(".policy-on-day").inner_text() == words["will"]

    for value in ("2025-02-30", "tomorrow", "", "<b>1</b>"):  # not a date: an alert, never a blank page
        visit(f"?on={value}")
        answer = shown("#policy-on-answer")
        assert answer.get_attribute("role") == "alert"
        assert answer.inner_text() == words["not_a_date"].replace("{value}", value)
    assert serious_violations(page) == []

    # The text in force's page names no later version (publishing 1.4 left it as it was):
    # policy.json says that 1.4 is in force by then.
    page.goto(f"{root}versions/1.3/?on=2026-07-05")
    assert shown(".policy-on-day").inner_text() == words["not_this"].replace(*MARCH_5[lang])
    assert page.locator(".policy-on-day").get_attribute("data-end") == ""

    page.goto(f"{root}versions/1.2/?on=tomorrow")  # a version's page has no build date: its example is its first day
    note = shown(".policy-on-day")
    assert note.inner_text() == words["not_a_date"].replace("{value}", "tomorrow").replace("2026-06-01", "2026-03-01")

    page.goto(f"{root}versions/1.0/?on=2026-03-05#s1-a")  # a day outside the version's period
    note = shown(".policy-on-day")
    assert note.inner_text() == words["not_this"]
    with page.expect_navigation():
        note.locator("a").click()
    page.wait_for_url("**/versions/1.2/?on=2026-03-05#s1-a")

    visit("")  # the form asks the question
    page.locator("#policy-on-day").fill("2026-02-20")
    with page.expect_navigation(url="**/versions/1.1/?on=2026-02-20"):
        page.locator("form.policy-on-form button").click()
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_without_script_the_table_of_periods_answers(browser, served, lang):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    root = f"{served}{'/' if lang == 'sv' else '/en/'}"
    page.goto(f"{root}versions/")
    page.locator("#policy-on-day").fill("2026-03-05")
    with page.expect_navigation():
        page.locator("form.policy-on-form button").click()
    assert urlsplit(page.url).path.endswith("/versions/") and urlsplit(page.url).query == "on=2026-03-05"
    assert page.locator("#policy-on-answer").is_hidden()
    sentence = {"sv": "Utan JavaScript svarar tabellen nedan", "en": "Without JavaScript, the table below answers"}
    assert page.locator(".policy-on-note").inner_text().startswith(sentence[lang])
    period = {"sv": "1 mars 2026 till 31 mars 2026", "en": "1 March 2026 to 31 March 2026"}[lang]
    assert page.locator('tr[data-version="1.2"] td').nth(4).inner_text() == period
    # On a phone each version is a card: the table fits, without scrolling inside itself either.
    # (Without script, Material's hidden language menu, not this page, reaches past a phone's edge.)
    table = page.locator("article table")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
    context.close()


def test_with_script_the_no_script_sentence_is_hidden(browser, served):
    """The sentence that says the table answers without JavaScript is for readers without it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/en/versions/")
    assert page.locator(".policy-on-note").is_hidden()
    assert page.locator("form.policy-on-form").is_visible()
    context.close()


@pytest.mark.build
def test_the_nearest_upcoming_version_is_one_that_will_apply(tmp_path, monkeypatch):
    """1.1 (effective 1 July) is replaced, before it takes effect, by 1.2, published later but
    effective on 15 June: the record's upcoming version, the banner's and policy.json's is 1.2,
    and 1.1 is replaced before it took effect, as the periods say."""
    repo = history(
        tmp_path / "repo",
        [
            ("1.0", "2026-01-15", "2026-01-10T10:00:00Z"),
            ("1.1", "2026-07-01", "2026-05-01T10:00:00Z"),
            ("1.2", "2026-06-15", "2026-05-10T10:00:00Z"),
        ],
    )
    record = record_of(repo.path, monkeypatch)  # built on 1 June
    assert [v.label for v in record.upcoming] == ["1.2"]
    assert record.status(record.find("1.1")) == "superseded"
    assert spans(record) == [("1.0", "2026-01-15", None, False), ("1.2", "2026-06-15", None, True)]
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    assert json.loads((result.site / "policy.json").read_text(encoding="utf-8"))["upcoming"] == "1.2"
    banner = BeautifulSoup((result.site / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Version 1.2 takes effect on 15 June 2026" in banner.select_one(".policy-banner--upcoming").get_text()


def test_an_anchor_that_comes_back_was_last_changed_when_it_came_back(tmp_path, monkeypatch):
    """A clause removed in 1.1 and back in 1.2 with new text (its removed: declaration dropped):
    its last change is 1.2, and its history starts again there."""
    repo = GitRepo(tmp_path / "repo")
    two = {
        "sv/01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn.\n\nb. Vi samlar in orter.\n",
        "en/01-collection.md": "# 1. Collection\n\na. We collect names.\n\nb. We collect towns.\n",
    }
    one = {
        "sv/01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn.\n",
        "en/01-collection.md": "# 1. Collection\n\na. We collect names.\n",
    }
    intro = {f"sv/{k}": v.replace("{n}", "0") for k, v in SV.items() if k.startswith("00")}
    intro.update({f"en/{k}": v.replace("{n}", "0") for k, v in EN.items() if k.startswith("00")})
    for label, effective, committed, files, removed in (
        ("1.0", "2026-01-15", "2026-01-10T10:00:00Z", two, "[]"),
        ("1.1", "2026-02-15", "2026-02-10T10:00:00Z", one, "[s1-b]"),
        (
            "1.2",
            "2026-03-15",
            "2026-03-10T10:00:00Z",
            {k: v.replace("orter", "städer").replace("towns", "cities") for k, v in two.items()},
            "[]",
        ),
    ):
        repo.write_policy({"policy.yml": meta(label, effective, removed=removed), **intro, **files})
        repo.commit(f"Policy {label}", committed)
    record = record_of(repo.path, monkeypatch)
    assert record.last_changed["s1-b"] == "1.2"
    assert [(s.version, s.kind) for s in record.histories["1.2"]["s1-b"]] == [("1.2", "added")]
