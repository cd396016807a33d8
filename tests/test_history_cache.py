"""The history's reading kept across builds (text/persisted.py, record/history.py): a load that
reads the build cache gives what a load without it gives, version for version, unit for unit,
problem for problem; a new commit, a changed file and a damaged entry are all read right."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import git
import pytest
from generated import generated
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, EPOCH_2026_06_01, SV_1_0, files

from policykit.project import load
from policykit.project.load import Project, load_project
from policykit.project.store import Store
from policykit.record import archived, checked, history
from policykit.text import checks
from policykit.text.checks import Problem, Problems
from policykit.text.meta import Meta
from policykit.text.model import Unit
from policykit.text.numbering import Numbering
from policykit.text.persisted import (
    Unreadable,
    meta_from_json,
    meta_to_json,
    problems_from_json,
    problems_to_json,
    unit_from_json,
    unit_to_json,
)


@pytest.fixture(autouse=True)
def _pinned(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_06_01)
    history._READERS.clear()  # each load below starts as a new process does
    yield
    history._READERS.clear()


def odd_history(path: Path) -> GitRepo:
    """A history with every oddity the reading reports: a text changed after it was published,
    a stand-in for an untranslated clause, a warning in an old text, a file that is not UTF-8,
    a commit without a label, a number beyond the bounds (left out), a label that comes back,
    and a commit dated in the year 10000."""
    repo = GitRepo(path)
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy({"en/01-collection.md": EN_1_0["01-collection.md"].replace("colect", "collect")})
    repo.commit("1.0, a typo", "2026-01-11T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15"),
            "sv/02-anvandning.md": SV_1_0["02-anvandning.md"] + "\nc. Vi raderar dem <script>x()</script>.\n",
            "en/02-use.md": "---\nuntranslated: [s2-c]\n---\n" + EN_1_0["02-use.md"],
        }
    )
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    repo.write_policy({"policy.yml": 'version: "../x"\n'})
    repo.commit("no label", "2026-02-05T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.2", "2026-03-15")})
    repo.write("policy/sv/00-inledning.md", b"# Integritetspolicy\n\nInledning \xff.\n")
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.3", "2026-04-15"),
            "sv/00-inledning.md": SV_1_0["00-inledning.md"],
            "sv/01-insamling.md": SV_1_0["01-insamling.md"] + "\n(99999999999) Sist.\n",
        }
    )
    repo.commit("1.3", "2026-04-01T10:00:00Z")
    repo.write_policy(
        {"policy.yml": meta("1.0", "2026-04-20"), **files("sv", SV_1_0), "en/02-use.md": EN_1_0["02-use.md"]}
    )
    repo.commit("1.0 again", "2026-04-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.4", "2026-05-15")})
    repo.commit("dated 10000", "@253402300800 +0000")
    repo.write_policy(
        {
            "policy.yml": meta("1.4", "2026-05-15"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace("namn", "namn och ort"),
        }
    )
    repo.commit("1.4", "2026-05-01T10:00:00Z")
    return repo


def said(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.check.code, str(p)) for p in problems]


def everything(project: Project) -> dict:
    """All that the load found, as plain values: every field of every version, unit and problem."""
    assert project.history is not None and project.record is not None
    return {
        "problems": said(project.problems),
        "notes": project.history.notes,
        "head": project.history.head,
        "working": _policy(project.working),
        "versions": [
            {
                "label": v.label,
                "declared": v.declared_label,
                "commits": (v.commit, v.first_commit, v.commits),
                "published": v.published.isoformat() if v.published else None,
                "notes": v.notes,
                "oddities": v.oddities,
                "unlinked": v.unlinked,
                "files": (v.files.ids(), v.files.links, v.files.shown),
                "sha256": v.sha256,
                "policy": _policy(v.policy),
            }
            for v in project.history.versions
        ],
        "record": [v.label for v in project.record.versions],
    }


def _policy(policy) -> dict:
    return {
        "meta": dataclasses.asdict(policy.meta),
        "problems": said(policy.problems),
        "texts": {
            lang: ([dataclasses.asdict(s) for s in text.sections], sorted(text.unreadable))
            for lang, text in policy.texts.items()
        },
    }


def loaded(root: Path, folder: Path | None = None, notices: list[str] | None = None) -> tuple[dict, Store | None]:
    history._READERS.clear()
    store = None if folder is None else Store(folder, (notices if notices is not None else []).append)
    return everything(load_project(root, cache=store)), store


def no_parsing(monkeypatch) -> None:
    """From here on, a past version checked, a commit's tree or a file of the history read, or
    a file scanned for its links fails the test: all of the history comes from the cache (the
    working tree is checked in every build)."""

    def refused(*_args, **_kwargs):
        raise AssertionError("read again, not from the build cache")

    monkeypatch.setattr(checked, "check_policy", refused)
    monkeypatch.setattr(history, "check_policy", refused)
    monkeypatch.setattr(history.Reader, "files_at", refused)
    monkeypatch.setattr(history.BlobReader, "__call__", refused)  # no file read: digests and scans kept
    monkeypatch.setattr(archived, "_scan", refused)


def test_a_warm_load_is_the_cold_one_and_parses_nothing(tmp_path, monkeypatch):
    repo = odd_history(tmp_path / "repo")
    plain, _ = loaded(repo.path)
    cached = tmp_path / "cache"
    cold, store = loaded(repo.path, cached)
    assert store is not None and store.misses and not store.hits
    no_parsing(monkeypatch)
    warm, store = loaded(repo.path, cached)
    assert store is not None and store.hits and not store.misses
    assert cold == plain and warm == plain
    # The oddities are all there, said as a cold build says them.
    codes = [code for code, _ in plain["problems"]]
    assert codes.count("old-version") >= 6, plain["problems"]
    text = "\n".join(line for _, line in plain["problems"])
    for part in (
        "the text changed after it was first published",
        "commits without a readable version label",
        "is left out of the archive: ",
        "published as 1.0-r2",
        "is dated outside the years 1900 to 9999",
        "is not valid UTF-8",
        "<script>",
    ):
        assert part in text, part
    stand_ins = [u for v in warm["versions"] for u in _units(v["policy"]["texts"].get("en", ([], []))[0])]
    assert {u["id"] for u in stand_ins if u["stand_in"]} == {"s2-c"}


def _units(sections: list[dict]) -> list[dict]:
    return [unit for section in sections for unit in [section, *_units(section["children"])]]


def test_the_results_do_not_depend_on_the_cache_on_a_generated_history(tmp_path):
    root = generated(tmp_path / "repo", versions=12)
    plain, _ = loaded(root)
    cold, _ = loaded(root, tmp_path / "cache")
    warm, store = loaded(root, tmp_path / "cache")
    assert store is not None and store.hits and not store.misses
    assert cold == plain and warm == plain and len(plain["versions"]) == 12


def test_a_new_commit_is_read_alone(tmp_path, monkeypatch):
    repo = odd_history(tmp_path / "repo")
    cached = tmp_path / "cache"
    loaded(repo.path, cached)
    repo.write_policy(
        {"policy.yml": meta("1.5", "2026-05-20"), "en/02-use.md": EN_1_0["02-use.md"].replace("share", "sell")}
    )
    new = repo.commit("1.5", "2026-05-10T10:00:00Z")
    plain, _ = loaded(repo.path)
    read: list[str] = []
    files_at = history.Reader.files_at
    monkeypatch.setattr(history.Reader, "files_at", lambda self, sha: read.append(sha) or files_at(self, sha))
    checks_run: list[str] = []
    check = checked.check_policy
    monkeypatch.setattr(
        checked, "check_policy", lambda files, *args: checks_run.append(files.meta) or check(files, *args)
    )
    scanned: list[str | None] = []
    scan = archived._scan
    monkeypatch.setattr(archived, "_scan", lambda source: scanned.append(source) or scan(source))
    warm, _ = loaded(repo.path, cached)
    assert warm == plain and read == [new]  # the trees of the commits before come from the cache
    assert len(checks_run) == 1  # and so do the versions before
    assert scanned == [EN_1_0["02-use.md"].replace("share", "sell")]  # and what their files link to
    assert warm["versions"][-1]["label"] == "1.5"
    assert "We do not sell the data." in json.dumps(warm["versions"][-1]["policy"]["texts"]["en"])


def test_a_changed_file_under_the_same_path_is_read_again(tmp_path):
    repo = odd_history(tmp_path / "repo")
    cached = tmp_path / "cache"
    loaded(repo.path, cached)
    changed = SV_1_0["01-insamling.md"].replace("namn", "namn och hemort")
    repo.write_policy({"sv/01-insamling.md": changed})  # the working tree first
    plain, _ = loaded(repo.path)
    warm, _ = loaded(repo.path, cached)
    assert warm == plain and "namn och hemort" in json.dumps(warm["working"]["texts"]["sv"])
    repo.git("commit", "--quiet", "--all", "--amend", "--no-edit", date="2026-05-01T10:00:00Z")  # then the history
    plain, _ = loaded(repo.path)
    warm, _ = loaded(repo.path, cached)
    assert warm == plain and "namn och hemort" in json.dumps(warm["versions"][-1]["policy"]["texts"]["sv"])


def test_damaged_and_forged_entries_are_passed_over_with_one_notice(tmp_path):
    repo = odd_history(tmp_path / "repo")
    cached = tmp_path / "cache"
    plain, _ = loaded(repo.path, cached)
    entries = sorted(cached.glob("*/*.json"))
    for path in entries[::3]:
        path.write_bytes(b"\x00{not json")
    for path in entries[1::3]:  # whole JSON, of the store's format, whose value is no parse
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["value"] = [["section", 1, "forged"], {"x": [None]}] if isinstance(entry["value"], list) else {"a": 1}
        path.write_text(json.dumps(entry), encoding="utf-8")
    notices: list[str] = []
    warm, _ = loaded(repo.path, cached, notices)
    assert warm == plain
    assert len(notices) == 1 and "it is ignored and the work is done again" in notices[0], notices
    again: list[str] = []
    healed, store = loaded(repo.path, cached, again)  # the damaged entries were written anew
    assert healed == plain and not again and store is not None and not store.misses


def test_a_reader_in_memory_keeps_its_entries_from_eviction(tmp_path):
    """`mkdocs serve` answers from memory: the entries stay used, so evicting after that
    build leaves the next cold build all it needs."""
    repo = odd_history(tmp_path / "repo")
    cached = tmp_path / "cache"
    loaded(repo.path, cached)
    before = sorted(cached.glob("*/*.json"))
    second = Store(cached)
    load_project(repo.path, cache=second)  # the same reader: the history is not read from the store
    assert second.hits == 1  # (the scans of the archived versions' files: read in every build)
    assert second.evict(now=10**10) == 0
    assert sorted(cached.glob("*/*.json")) == before


def test_commands_still_load_without_a_cache(tmp_path):
    repo = odd_history(tmp_path / "repo")
    project = load.load_project(repo.path)
    assert project.history is not None and [v.label for v in project.history.versions][-1] == "1.4"


# The values' JSON ----------------------------------------------------------------------------


def test_units_problems_and_metadata_come_back_equal(tmp_path):
    root = generated(tmp_path / "repo", versions=3)
    project = load_project(root)
    units = [s for text in project.working.texts.values() for s in text.sections]
    assert units
    for unit in units + [dataclasses.replace(units[0], untranslated=("s1-a",), stand_in="sv", title=None)]:
        assert unit_from_json(json.loads(json.dumps(unit_to_json(unit)))) == unit
    problems = Problems()
    problems.add(checks.OLD_VERSION, "policy/", None, "a note", "nothing to do")
    problems.add(checks.RAW_HTML, "policy/sv/01-x.md", 3, "a <script>", "remove it")
    assert problems_from_json(json.loads(json.dumps(problems_to_json(problems)))) == problems
    full = Meta(
        version="2.0",
        effective=project.working.meta.effective,
        timezone="Europe/Stockholm",
        authoritative="sv",
        title={"sv": "T", "en": "T"},
        summary={"sv": "S"},
        reviewed={"en": "1.9"},
        editorial="2.0",
        numbering=Numbering("A.", "(a)", "(i)"),
        gaps=["s1-c"],
        aliases={"old": "s1-a"},
        moved={"s2-b": "s3-a"},
        removed=["s1-c"],
        lines={"version": 1, "effective": 2},
    )
    for value in (full, Meta(), project.working.meta):
        assert meta_from_json(json.loads(json.dumps(meta_to_json(value)))) == value


@pytest.mark.parametrize(
    "value",
    [
        None,
        ["section", "s1"],
        ["section", "s1", "1", "p", "3", None, [], [], "", "", [], ""],  # a line as text
        ["chapter", "s1", "1", "p", 3, None, [], [], "", "", [], ""],
        ["section", "s1", "1", "p", 3, None, [1], [], "", "", [], ""],
        [
            "section",
            "s1",
            "1",
            "p",
            3,
            None,
            [],
            [["clause", "s1-a", "a", "p", 4, None, [], [[]] * 1, "", "", [], ""]],
            "",
            "",
            [],
            "",
        ],
    ],
)
def test_a_unit_of_the_wrong_shape_is_refused(value):
    with pytest.raises((Unreadable, ValueError, TypeError)):
        unit_from_json(value)


def test_units_nest_no_deeper_than_a_sub_clause():
    def unit(kind: str, children: list) -> list:
        return [kind, "s1", "1", "p", 3, None, [], children, "", "", [], ""]

    sub = unit("subclause", [])
    assert isinstance(unit_from_json(unit("section", [unit("clause", [sub])])), Unit)
    with pytest.raises(Unreadable):
        unit_from_json(unit("section", [unit("clause", [unit("clause", [sub])])]))


def test_a_problem_of_an_unknown_check_or_a_meta_of_no_scheme_is_refused():
    with pytest.raises(Unreadable):
        problems_from_json([["no-such-check", "p", 1, "m", "f"]])
    value = meta_to_json(Meta())
    value["numbering"] = ["9.", "a.", "(1)"]
    with pytest.raises(Unreadable):
        meta_from_json(value)


def test_blobs_are_read_together_not_one_by_one(tmp_path, monkeypatch):
    """Each blob read alone costs a round trip to git: the history's are read in one pass
    (commits and trees are still read one by one, by GitPython)."""
    repo = odd_history(tmp_path / "repo")
    one_by_one: list[str] = []
    stream = git.db.GitCmdObjectDB.stream
    monkeypatch.setattr(
        git.db.GitCmdObjectDB, "stream", lambda self, sha: one_by_one.append(sha.hex()) or stream(self, sha)
    )
    history._READERS.clear()
    project = load_project(repo.path)
    assert project.history is not None
    assert [v.sha256 for v in project.history.versions]
    blobs = {blob for v in project.history.versions for blob in v.files.ids().values()}
    assert len(blobs) > 10 and not blobs & set(one_by_one)
    plain = everything(project)
    history._READERS.clear()
    monkeypatch.setattr(history.BlobReader, "want", lambda self, shas: None)  # read alone: the same bytes
    assert loaded(repo.path)[0] == plain and blobs & set(one_by_one)


def test_a_page_added_to_docs_is_found_by_an_archived_link_read_from_the_cache(tmp_path):
    """The cache keeps what each file's text links to; whether docs/ has the page is looked
    up in every build."""
    repo = odd_history(tmp_path / "repo")
    linked = SV_1_0["02-anvandning.md"].replace("uppgifterna.", "uppgifterna ([se](annat.md)).", 1)
    repo.write_policy({"policy.yml": meta("1.5", "2026-05-20"), "sv/02-anvandning.md": linked})
    repo.commit("1.5", "2026-05-10T10:00:00Z")
    repo.write_policy({"policy.yml": meta("1.6", "2026-05-25"), "sv/02-anvandning.md": SV_1_0["02-anvandning.md"]})
    repo.commit("1.6", "2026-05-12T10:00:00Z")
    cached = tmp_path / "cache"
    cold, _ = loaded(repo.path, cached)
    assert any("the link 'annat.md' names a file that is not in the site" in line for _, line in cold["problems"])
    repo.write("docs/sv/annat.md", "# Annat\n")
    plain, _ = loaded(repo.path)
    warm, store = loaded(repo.path, cached)
    assert warm == plain and store is not None and not store.misses
    assert not any("annat.md" in line for _, line in warm["problems"])


# What this adds to the store ---------------------------------------------------------------


def test_a_value_refused_by_its_reader_is_passed_over_as_a_damaged_entry(tmp_path):
    said: list[str] = []
    store = Store(tmp_path / "c", said.append)
    store.put("k", {"not": "a unit"})
    assert store.get("k") == {"not": "a unit"} and store.hits == 1
    store.refuse("k", "does not hold what its key names")
    store.refuse("k", "again")
    assert (store.hits, store.misses) == (0, 1 + 1)
    assert len(said) == 1 and "does not hold what its key names; it is ignored" in said[0]


def test_an_entry_kept_without_reading_it_survives_eviction(tmp_path):
    Store(tmp_path / "c").put("old", 1)
    store = Store(tmp_path / "c")
    store.keep("old")
    store.keep("never written")  # nothing to keep: no error
    assert store.evict(now=10**10) == 0 and Store(tmp_path / "c").get("old") == 1
    assert Store(tmp_path / "c").evict(now=10**10) == 1
