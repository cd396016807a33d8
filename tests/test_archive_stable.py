"""An archived version's pages are made of that version and the ones before it: a new version,
or a new day, leaves them byte for byte as they were, except once, when the version stops
being in force. And each page's `inputs` (what a cache of rendered pages keys them by) change
exactly when the page does.

The story (tests/fixtures/story.py) built on 1 August 2026 (1.4 in force), then after 1.5, a
version that changes as much as a version can (a new numbering of clauses, which changes how
every clause is cited; a section inserted, which moves 3 a to 4 a; a removed clause; a new
clause; a new title and summary), and after 1.6, a small one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from building import mkdocs_build
from mkdocs.config import load_config
from story import story_repo

from policykit.adapter import site
from policykit.adapter.caches import section_cache
from policykit.pages import Page, PageContext, generated
from policykit.project.config import SiteConfig
from policykit.project.load import load_project, site_words

ARCHIVED = ("archive", "redline")

TITLE = "title: {sv: Integritetspolicy, en: Privacy Policy}\n"
META = (
    'version: "{label}"\neffective: {effective}\ntimezone: Europe/Stockholm\nauthoritative: sv\n'
    "{title}"
    'summary: {{sv: "Sv: {summary}", en: "En: {summary}"}}\n'
    'numbering: {{clause: "(a)"}}\n'
    "moved: {{s2-b: s4-a, s3-a: s4-a}}\nremoved: [s1-c, s1-d]\n"
)
#: 1.5: clauses written "(a)" (every clause's citation changes: "1 (a)", not "1 a"); a section
#: inserted as 3, so that 3 a moves to 4 a; 1 d removed; 4 b added; a new title and summary.
V15 = {
    "policy.yml": META.format(label="1.5", effective="2026-09-01", title=TITLE, summary="Security."),
    "sv/01-insamling.md": "# 1. Insamling\n\n(a) Vi samlar in namn och adress.\n\n"
    "(b) Vi samlar in e-postadresser och telefonnummer till arbetet.\n",
    "en/01-collection.md": "# 1. Collection\n\n(a) We collect names and addresses.\n\n(b) We collect e-mail addresses.\n",
    "sv/02-anvandning.md": "# 2. Användning\n\n(a) Vi använder uppgifterna för att leverera tjänsten och förbättra den.\n",
    "en/02-use.md": "# 2. Use\n\n(a) We use the data to deliver the service and to improve it.\n",
    "sv/03-lagring.md": None,
    "en/03-storage.md": None,
    "sv/03-sakerhet.md": "# 3. Säkerhet\n\nVi skyddar uppgifterna.\n",
    "en/03-security.md": "# 3. Security\n\nWe protect the data.\n",
    "sv/04-lagring.md": "# 4. Lagring\n\n(a) Vi sparar uppgifterna i tolv månader.\n\n(b) Sedan raderar vi dem.\n",
    "en/04-storage.md": "# 4. Storage\n\n(a) We keep the data for twelve months.\n\n(b) Then we delete it.\n",
}
#: 1.6: one clause changed.
V16 = {
    "policy.yml": META.format(label="1.6", effective="2026-10-01", title=TITLE, summary="Deletion."),
    "sv/04-lagring.md": "# 4. Lagring\n\n(a) Vi sparar uppgifterna i sex månader.\n\n(b) Sedan raderar vi dem.\n",
    "en/04-storage.md": "# 4. Storage\n\n(a) We keep the data for six months.\n\n(b) Then we delete it.\n",
}


def epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(f"{day}T00:00:00+00:00").timestamp()))


def archived_pages(site_dir: Path) -> dict[str, bytes]:
    """Every archived version's page and redline page, in both languages, by address."""
    found = {}
    for root in (site_dir, site_dir / "en"):
        for page in sorted((root / "versions").glob("*/index.html")) + sorted(
            (root / "versions").glob("*/changes/index.html")
        ):
            found[page.relative_to(site_dir).as_posix()] = page.read_bytes()
    return found


def of_version(pages: dict[str, bytes], label: str) -> dict[str, bytes]:
    return {url: html for url, html in pages.items() if f"versions/{label}/" in url}


def archived_values(root: Path, day: str, monkeypatch) -> tuple[list[Page], object, PageContext]:
    """Every archived page value, in every language, from the build's context as the plugin
    makes it on `day`; the site's MkDocs configuration, and the context."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    intake = SiteConfig.read(root)
    project = load_project(intake)
    words, _ = site_words(intake, project.languages)
    config = load_config(str(root / "mkdocs.yml"))
    site.set_defaults(config)
    ctx = PageContext(
        project.record,
        project.languages,
        project.languages[0],
        section_cache(config),
        config.site_url or "",
        words=words,
        repo_url=config.repo_url or "",
    )
    return [page for lang in project.languages for page in generated(ctx, lang) if page.kind in ARCHIVED], config, ctx


def page_inputs(root: Path, day: str, monkeypatch) -> dict[tuple[str, str, str], tuple]:
    """(kind, lang, version) -> the inputs of every archived page on `day`."""
    pages, _, _ = archived_values(root, day, monkeypatch)
    return {(page.kind, page.lang, dict(page.inputs)["version"]): page.inputs for page in pages}


def build(root: Path, day: str, name: str, tmp: Path) -> dict[str, bytes]:
    result = mkdocs_build(root, "--strict", site=tmp / name, env={"SOURCE_DATE_EPOCH": epoch(day)})
    assert result.returncode == 0, result.output
    return archived_pages(tmp / name)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The story's archived pages and their inputs: on 1 June 2026 before 1.4 was published
    and after (1.4 upcoming), 1 and 20 August (1.4 in force), then after 1.5 (15 September)
    and 1.6 (15 October)."""
    tmp = tmp_path_factory.mktemp("archive-stable")
    repo = story_repo(tmp / "repo")
    monkeypatch = pytest.MonkeyPatch()
    out = {}
    try:
        head = repo.git("rev-parse", "HEAD")
        repo.git("reset", "--quiet", "--hard", "HEAD~1")  # before 1.4 was published
        out["before 1.4"] = (
            build(repo.path, "2026-06-01", "before", tmp),
            page_inputs(repo.path, "2026-06-01", monkeypatch),
        )
        repo.git("reset", "--quiet", "--hard", head)
        for name, day in (("june", "2026-06-01"), ("august", "2026-08-01"), ("late-august", "2026-08-20")):
            out[name] = (build(repo.path, day, name, tmp), page_inputs(repo.path, day, monkeypatch))
        repo.write_policy(V15)
        repo.commit("Policy 1.5", "2026-08-15T10:00:00Z")
        out["1.5"] = (build(repo.path, "2026-09-15", "v15", tmp), page_inputs(repo.path, "2026-09-15", monkeypatch))
        repo.write_policy(V16)
        repo.commit("Policy 1.6", "2026-09-20T10:00:00Z")
        out["1.6"] = (build(repo.path, "2026-10-15", "v16", tmp), page_inputs(repo.path, "2026-10-15", monkeypatch))
    finally:
        monkeypatch.undo()
    return out


def keys_of(inputs: dict, label: str) -> list[tuple[str, str, str]]:
    return sorted(key for key in inputs if key[2] == label)


@pytest.mark.build
def test_a_new_version_leaves_every_past_versions_pages_as_they_were(builds):
    before, before_inputs = builds["august"]
    after, after_inputs = builds["1.5"]
    # 1.5 is a version that changes as much as one can: the site says so in its own pages.
    new = after["en/versions/1.5/changes/index.html"].decode()
    assert "En: Security." in new
    assert "4 &#40;a&#41;" in new and "4 &#40;b&#41;" in new and "1 d" in new  # cited as 1.5 writes them
    for label in ("1.0", "1.1", "1.2", "1.3"):
        pages = of_version(before, label)
        assert len(pages) == 4  # the text and the changes, in both languages
        for url, html in pages.items():
            assert after[url] == html, url
        for key in keys_of(before_inputs, label):
            assert after_inputs[key] == before_inputs[key], key
    # 1.4 was in force, and now is not: its text says until when, once; its changes stay.
    for url, html in of_version(before, "1.4").items():
        assert (after[url] == html) == ("/changes/" in url), url
    assert "1.5" in after["en/versions/1.4/index.html"].decode()
    for key in keys_of(before_inputs, "1.4"):
        assert (after_inputs[key] == before_inputs[key]) == (key[0] == "redline"), key


@pytest.mark.build
def test_a_page_that_stopped_being_in_force_changes_once(builds):
    once, once_inputs = builds["1.5"]
    twice, twice_inputs = builds["1.6"]
    for label in ("1.0", "1.1", "1.2", "1.3", "1.4"):
        pages = of_version(once, label)
        assert len(pages) == 4
        for url, html in pages.items():
            assert twice[url] == html, url
        for key in keys_of(once_inputs, label):
            assert twice_inputs[key] == once_inputs[key], key


@pytest.mark.build
def test_a_new_day_leaves_the_archive_as_it_was(builds):
    first, first_inputs = builds["august"]
    later, later_inputs = builds["late-august"]
    assert first.keys() == later.keys() and len(first) == 20
    for url, html in first.items():
        assert later[url] == html, url
    assert later_inputs == first_inputs


@pytest.mark.build
def test_the_day_an_upcoming_version_takes_effect_changes_its_pages_and_its_predecessors(builds):
    june, june_inputs = builds["june"]  # 1.3 in force, 1.4 upcoming
    august, august_inputs = builds["august"]  # 1.4 in force
    for label in ("1.0", "1.1", "1.2"):
        for url, html in of_version(june, label).items():
            assert august[url] == html, url
        for key in keys_of(june_inputs, label):
            assert august_inputs[key] == june_inputs[key], key
    for label in ("1.3", "1.4"):  # 1.3 stopped being in force, 1.4 started: their texts say so
        for lang, url in (("sv", f"versions/{label}/"), ("en", f"en/versions/{label}/")):
            assert june[url + "index.html"] != august[url + "index.html"], url
            assert june_inputs[("archive", lang, label)] != august_inputs[("archive", lang, label)]
            assert june[url + "changes/index.html"] == august[url + "changes/index.html"], url
            assert june_inputs[("redline", lang, label)] == august_inputs[("redline", lang, label)]


@pytest.mark.build
def test_pages_with_the_same_inputs_are_the_same_bytes(builds):
    """Over every build above: an archived page whose inputs are those of a page of another
    build is that page, byte for byte (a cache keyed by them never serves a stale page)."""
    seen: dict[tuple, tuple[str, bytes]] = {}
    for name, (pages, inputs) in builds.items():
        for (kind, lang, label), key in inputs.items():
            url = (
                ("" if lang == "sv" else f"{lang}/") + f"versions/{label}/" + ("changes/" if kind == "redline" else "")
            )
            html = pages[url + "index.html"]
            first = seen.setdefault(key, (name, html))
            assert first[1] == html, (url, first[0], name)
    assert len(seen) < sum(len(inputs) for _, inputs in builds.values())  # some were shared


@pytest.mark.build
def test_publishing_an_upcoming_version_leaves_the_text_in_force_as_it_was(builds):
    """1.4 published, to take effect in a month: 1.3, still in force, names no later version
    until 1.4 takes effect (the answer to ?on= a later day comes from policy.json)."""
    before, before_inputs = builds["before 1.4"]
    after, after_inputs = builds["june"]
    assert "versions/1.4/index.html" not in before and "versions/1.4/index.html" in after
    for url, html in before.items():
        assert after[url] == html, url
    for key, inputs in before_inputs.items():
        assert after_inputs[key] == inputs, key


def test_the_same_inputs_make_the_same_page_through_a_replacement_on_the_same_day(tmp_path, monkeypatch):
    """Without MkDocs, over days and a version that replaces an upcoming one on its own day
    (1.5, effective the day 1.4 is): pages whose inputs are equal render to the same HTML, and
    a page that changes has new inputs. 1.4 is upcoming, then replaced while upcoming ("takes
    effect"), then replaced ("took effect") once 1.5 is in force."""
    repo = story_repo(tmp_path / "repo")
    seen: dict[tuple, tuple[str, str]] = {}
    changed: set[tuple[str, str, str]] = set()
    kept: dict[tuple[str, str, str], tuple] = {}

    def look(state: str) -> None:
        for day in ("2026-06-01", "2026-06-20", "2026-07-02", "2026-08-01"):
            pages, config, ctx = archived_values(repo.path, day, monkeypatch)
            for page in pages:
                site.set_words(config, ctx.words, page.lang)  # the permalinks' title, as in the language's pass
                html = f"{page.title}\n" + page.html(config.markdown_extensions, config.mdx_configs)
                where = f"{state} {day} {page.url}"
                first = seen.setdefault(page.inputs, (where, html))
                assert first[1] == html, (first[0], where)
                key = (page.kind, page.lang, page.url)
                if kept.setdefault(key, page.inputs) != page.inputs:
                    changed.add(key)

    look("story")
    repo.write_policy(
        {
            "policy.yml": META.format(label="1.5", effective="2026-07-01", title=TITLE, summary="Same day.")
            .replace('numbering: {clause: "(a)"}\n', "")
            .replace("{s2-b: s4-a, s3-a: s4-a}", "{s2-b: s3-a}")
            .replace("[s1-c, s1-d]", "[s1-c]")
        }
    )
    repo.commit("Policy 1.5", "2026-05-20T10:00:00Z")
    look("1.5")
    assert ("archive", "en", "en/versions/1.4/") in changed and ("archive", "en", "en/versions/1.3/") in changed
    assert not any(url.startswith(("versions/1.0", "en/versions/1.0")) for _, _, url in changed)
