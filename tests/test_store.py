"""The build cache's store: entries by key, atomic, passed over when foreign or corrupt, evicted."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from policykit.project.store import FORMAT, KEEP_DAYS, Store


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*/*") if not p.name.startswith(".tmp-"))


def test_a_value_comes_back_by_its_key(tmp_path):
    store = Store(tmp_path / "c")
    assert store.get("k") is None
    store.put("k", {"html": "<p>å</p>", "ids": ["s1"]})
    assert Store(tmp_path / "c").get("k") == {"html": "<p>å</p>", "ids": ["s1"]}
    assert Store(tmp_path / "c").get("other") is None
    assert not list((tmp_path / "c").glob("*/.tmp-*"))  # nothing half-written is left
    assert (tmp_path / "c" / ".gitignore").read_text().endswith("\n*\n")  # git never sees it


def test_a_long_text_is_kept_after_its_value_as_it_is(tmp_path):
    store = Store(tmp_path / "c")
    page = '<p class="x">å\n"quoted" \\ {"format": 1}</p>\n'
    store.put("k", {"anchors": ["s1"]}, tail=page)
    raw = store._path("k").read_bytes()
    assert raw.endswith(page.encode())  # not escaped into the JSON: written and read as it is
    assert Store(tmp_path / "c").get("k", tail=True) == ({"anchors": ["s1"]}, page)
    # An entry read as what it is not is passed over: a value asked for with its text, or without.
    store.put("plain", 1)
    assert Store(tmp_path / "c").get("plain", tail=True) is None
    assert Store(tmp_path / "c").get("k") is None


def test_a_text_cut_short_or_lengthened_is_passed_over(tmp_path):
    said: list[str] = []
    store = Store(tmp_path / "c")
    store.put("short", [], tail="<p>whole</p>")
    store.put("long", [], tail="<p>whole</p>")
    store._path("short").write_bytes(store._path("short").read_bytes()[:-3])
    store._path("long").write_bytes(store._path("long").read_bytes() + b"<script>")
    reader = Store(tmp_path / "c", said.append)
    assert reader.get("short", tail=True) is None and reader.get("long", tail=True) is None
    assert len(said) == 1 and "cut short" in said[0]


def test_a_disabled_store_keeps_nothing(tmp_path):
    store = Store(None)
    store.put("k", 1)
    assert store.get("k") is None and not store.enabled


def test_corrupt_foreign_and_misplaced_entries_are_passed_over_with_one_notice(tmp_path):
    said: list[str] = []
    store = Store(tmp_path / "c", said.append)
    for key in ("a", "b", "c"):
        store.put(key, key)
    path_a, path_b, path_c = (store._path(k) for k in ("a", "b", "c"))
    path_a.write_bytes(b"\x00{not json")
    path_b.write_text(json.dumps({"format": "other", "key": "b", "value": "b"}))
    path_c.write_text(json.dumps({"format": FORMAT, "key": "not c", "value": "evil"}))
    reader = Store(tmp_path / "c", said.append)
    assert [reader.get(k) for k in ("a", "b", "c")] == [None, None, None]
    assert len(said) == 1 and "ignored" in said[0]
    reader.put("a", "again")  # the work done again replaces the bad entry
    assert Store(tmp_path / "c").get("a") == "again"


def test_an_unwritable_cache_is_left_with_a_notice(tmp_path):
    blocker = tmp_path / "c"
    blocker.write_text("a file where the folder should be")
    said: list[str] = []
    store = Store(blocker, said.append)
    store.put("k", 1)
    assert store.get("k") is None and not store.enabled
    assert said and "cannot be written" in said[0]


def test_eviction_keeps_what_this_build_used_and_drops_the_old(tmp_path):
    old = Store(tmp_path / "c")
    for n in range(10):
        old.put(f"old{n}", n)
    month_ago = time.time() - (KEEP_DAYS + 1) * 86400
    for path in _entries(tmp_path / "c")[:4]:
        os.utime(path, (month_ago, month_ago))
    build = Store(tmp_path / "c")
    build.put("new", 1)
    assert build.get("old9") == 9  # reading an entry keeps it
    kept_before = set(_entries(tmp_path / "c"))
    removed = build.evict()
    kept = set(_entries(tmp_path / "c"))
    assert build._path("new") in kept and build._path("old9") in kept
    assert len(kept) <= 3 * len(build.used)  # the folder stays within a multiple of one build
    assert removed == len(kept_before) - len(kept) and removed >= 4
    stale = tmp_path / "c" / "ab" / ".tmp-x.json"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text("{")
    os.utime(stale, (month_ago, month_ago))
    build.evict()
    assert not stale.exists()


def test_eviction_removes_only_what_a_store_writes(tmp_path):
    """`cache_dir` may name a folder that holds other files (or a link to one): those stay,
    however old."""
    month_ago = time.time() - (KEEP_DAYS + 1) * 86400
    theirs = [tmp_path / "c" / "notes" / "2024.md", tmp_path / "c" / "ab" / "photo.jpg"]
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("the site's own")
        os.utime(path, (month_ago, month_ago))
    build = Store(tmp_path / "c")
    build.put("k", 1)
    build.evict()
    assert all(path.exists() for path in theirs)
    assert build.get("k") == 1
