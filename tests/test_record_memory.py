"""What the record of a history holds once, not once per version (text/model.py SharedUnits,
record/versions.py, record/history.py): equal clauses of two versions are one object, cold or
read from the build cache; once the project is loaded, no version keeps the maps of its units'
texts or its files' bytes; a unit's history is the same read through the record's timeline as
built version by version; and the rendered sections kept are bounded (render/sections.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from generated import generated
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, EPOCH_2026_06_01, SV_1_0, files

from policykit.project.load import Project, load_project
from policykit.project.store import Store
from policykit.record import history
from policykit.record.changes import compare
from policykit.record.steps import next_history
from policykit.render.sections import BUDGET, KEEP, SectionCache
from policykit.text.model import Unit
from policykit.text.source import Policy, check_policy


@pytest.fixture(autouse=True)
def _pinned(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_06_01)
    history._READERS.clear()  # each load below starts as a new process does
    yield
    history._READERS.clear()


def three_versions(path: Path) -> GitRepo:
    """1.0; 1.1 rewords clause 1 b in both languages (its section's file is new, its other
    clauses are not); 1.2 rewords 1 b back and adds 2 c."""
    repo = GitRepo(path)
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.1", "2026-02-15"),
            "sv/01-insamling.md": SV_1_0["01-insamling.md"].replace("e-post.", "e-postadress."),
            "en/01-collection.md": EN_1_0["01-collection.md"].replace("colect e-mail.", "collect e-mail addresses."),
        }
    )
    repo.commit("1.1", "2026-02-01T10:00:00Z")
    repo.write_policy(
        {
            "policy.yml": meta("1.2", "2026-03-15"),
            **files("sv", SV_1_0),
            "en/01-collection.md": EN_1_0["01-collection.md"],
            "sv/02-anvandning.md": SV_1_0["02-anvandning.md"] + "\nc. Vi raderar dem.\n",
            "en/02-use.md": EN_1_0["02-use.md"] + "\nc. We delete them.\n",
        }
    )
    repo.commit("1.2", "2026-03-01T10:00:00Z")
    return repo


def _load(root: Path, cache: Path | None = None) -> Project:
    history._READERS.clear()
    project = load_project(root, cache=None if cache is None else Store(cache))
    assert project.history is not None and project.record is not None
    return project


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "from the build cache"])
def test_a_clause_no_version_changed_is_one_object_in_every_version(tmp_path, warm):
    repo = three_versions(tmp_path / "repo")
    cache = tmp_path / "cache"
    project = _load(repo.path, cache)
    if warm:
        project = _load(repo.path, cache)
    v10, v11, v12 = project.history.versions
    for lang in ("sv", "en"):
        first, second, third = (v.policy.texts[lang] for v in (v10, v11, v12))
        assert first.find("s1") is not second.find("s1")  # its file changed: a new parse
        assert first.find("s1-a") is second.find("s1-a")  # the same clause, held once
        assert first.find("s1-c") is second.find("s1-c")
        assert first.find("s1-b") is not second.find("s1-b")  # reworded
        assert first.find("s1-b") is third.find("s1-b")  # worded as before again: the first one
        assert first.find("s2-a") is third.find("s2-a")  # in a section whose file changed
        assert first.find("s2-b") is third.find("s2-b")
        assert first.find("s1-b").text != second.find("s1-b").text


def test_a_clause_held_once_is_what_its_version_s_files_parse_to(tmp_path):
    """Shared, every unit is equal, field for field, to the one its version's files parse to
    alone (no cache shared with another version)."""
    repo = three_versions(tmp_path / "repo")
    project = _load(repo.path)
    for version in project.history.versions:
        alone = check_policy(version.files, ["sv", "en"])
        assert version.policy.texts.keys() == alone.texts.keys()
        for lang, text in version.policy.texts.items():
            assert text.sections == alone.texts[lang].sections
            assert [u.compared for u in text.units()] == [u.compared for u in alone.texts[lang].units()]


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "from the build cache"])
def test_a_loaded_project_keeps_no_version_s_maps_of_texts_nor_bytes(tmp_path, warm):
    """The maps of every unit's text are needed while the record compares each version with
    the next, and the bytes while the versions are parsed and checked: the pages read neither."""
    repo = three_versions(tmp_path / "repo")
    cache = tmp_path / "cache"
    project = _load(repo.path, cache)
    if warm:
        project = _load(repo.path, cache)
    versions = project.history.versions
    for version in versions[:-1]:
        for text in version.policy.texts.values():
            assert not {"reading", "written", "raw"} & text.__dict__.keys()
    readers = {id(v.files.read): v.files.read for v in versions}.values()
    assert readers and all(isinstance(read, history.BlobReader) and not read.cache for read in readers)
    assert all(len(v.sha256) == 2 for v in versions)  # worked out before the bytes went
    again = _load(repo.path, cache)  # and what they were used for is the same
    assert [v.sha256 for v in again.history.versions] == [v.sha256 for v in versions]


def test_the_units_histories_are_those_made_version_by_version(tmp_path):
    """The record keeps each unit's history as the versions that changed it (`Timeline`):
    read at any version, it is the history made up to that version."""
    repo = three_versions(tmp_path / "repo")
    record = _load(repo.path).record
    expected: dict = {}
    previous = None
    for version in record.all_versions:
        expected = next_history(expected, version, record.changes[version.label], previous is None)
        kept = record.histories[version.label]
        assert {u: list(s) for u, s in kept.items()} == {u: list(s) for u, s in expected.items()}
        assert len(kept) == len(expected)
        previous = version
    assert [s.version for s in record.histories["1.2"]["s1-b"]] == ["1.0", "1.1", "1.2"]
    assert [s.version for s in record.histories["1.1"]["s1-b"]] == ["1.0", "1.1"]
    assert "s2-c" not in record.histories["1.1"] and record.histories["1.1"].get("s2-c") is None
    assert [s.version for s in record.histories["1.2"]["s2-c"]] == ["1.2"]


def test_the_rendered_sections_kept_are_bounded_and_one_let_go_renders_the_same():
    """SectionCache keeps the HTML of the most recently rendered sections (`KEEP`), not of
    every section of the build; a section let go renders to the same HTML again."""
    cache = SectionCache([], {})

    def section(n: int) -> Unit:
        path = "policy/sv/01-insamling.md"
        clause = Unit("clause", "s1-a", "a", path, 3, lines=[f"Vi samlar in {n} namn."], mark="a.", cite="1 a")
        return Unit("section", "s1", "1", path, 1, title="Insamling", children=[clause], mark="1.", cite="1")

    first = cache(section(0))
    assert first is not None and "Vi samlar in 0 namn." in first
    for n in range(1, 2 * KEEP):
        cache(section(n))
    assert len(cache.sections) <= KEEP and len(cache.clauses) <= 8 * KEEP
    assert cache(section(0)) == first


def _unshared(version: history.Version) -> Policy:
    """`version`'s policy with nothing shared with any other version's (a deep copy)."""
    return copy.deepcopy(version.policy)


@pytest.mark.parametrize("make", ["three versions", "generated"])
def test_what_versions_share_is_compared_as_if_nothing_were_shared(tmp_path, make):
    """Sections one object in two versions are skipped when they are compared (changes.py
    `differing`): each version's changes, and each language's last change of every unit, are
    what a comparison of every unit finds."""
    if make == "three versions":
        three_versions(tmp_path / "repo")
        root = tmp_path / "repo"
    else:
        root = generated(tmp_path / "repo", versions=12, sections=3, clauses=3)
    project = _load(root)
    record, languages = project.record, project.languages
    assert record is not None
    versions = record.all_versions
    shared = 0
    lang_changed: dict[str, dict[str, str]] = {}
    for previous, version in zip([None, *versions], versions, strict=False):
        if previous is not None:
            shared += len(
                {id(s) for t in previous.policy.texts.values() for s in t.sections}
                & {id(s) for t in version.policy.texts.values() for s in t.sections}
            )
        old = _unshared(previous) if previous else None
        assert record.changes[version.label] == compare(old, _unshared(version), version.meta.moved, languages)
        for lang, text in _unshared(version).texts.items():
            before = old.texts[lang].reading if old is not None and lang in old.texts else {}
            for unit_id, words in text.reading.items():
                if before.get(unit_id) != words:
                    lang_changed.setdefault(lang, {})[unit_id] = version.label
    assert shared > 0  # the comparisons above did skip something
    assert record.lang_changed == lang_changed


def test_the_rendered_sections_kept_are_bounded_in_characters_too():
    """A later version's sections are larger (a history line for each unit changed since the
    first): bounded in entries alone, what is kept still grew with the history."""
    cache = SectionCache([], {})
    words = " ".join(f"ord{n}" for n in range(2000))  # some 14 kB of HTML a section

    def section(n: int) -> Unit:
        path = "policy/sv/01-insamling.md"
        clause = Unit("clause", "s1-a", "a", path, 3, lines=[f"{n} {words}"], mark="a.", cite="1 a")
        return Unit("section", "s1", "1", path, 1, title="Insamling", children=[clause], mark="1.", cite="1")

    for n in range(KEEP):
        cache(section(n))
    assert sum(len(body or "") for _, body in cache.sections.entries.values()) <= BUDGET
    assert sum(len(html) for html in cache.clauses.entries.values()) <= BUDGET


def test_what_a_unit_works_out_is_kept_without_a_dict_per_unit(tmp_path):
    """Thousands of units in a long history each had a dict for what their properties work
    out; kept in slots, it is the same, and not part of what makes two units the same."""
    project = _load(three_versions(tmp_path / "repo").path)
    units = [u for v in project.history.versions for t in v.policy.texts.values() for u in t.units()]
    for unit in units:
        assert unit.compared is unit.compared and unit.by_id is unit.by_id
        assert not hasattr(unit, "__dict__")
    fresh = Unit("clause", "s1-a", "a", "policy/sv/01-insamling.md", 3, lines=["Vi samlar in namn."])
    worked = Unit("clause", "s1-a", "a", "policy/sv/01-insamling.md", 3, lines=["Vi samlar in namn."])
    assert worked.compared and worked.as_written and worked == fresh
