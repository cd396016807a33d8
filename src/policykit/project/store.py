"""A folder of entries kept across builds, each named by the digest of its key: the build cache.

The cache is a convenience, never a source of truth. An entry that cannot be read, was written
by another format, or answers another key is passed over (the caller is told once, at INFO:
a warning would fail `mkdocs build --strict` for a problem that changes nothing in the output),
and the work is done again. An entry is a line of JSON, never pickle: a cache restored from a CI
store or copied from elsewhere is data, and reading it must not run code. A long text (a written
page) may follow that line as it is, its length in bytes in the JSON.

Writes are atomic (a temporary file in the same folder, then `os.replace`), so a build that is
stopped, or two builds at once, leave whole entries or none. Reading an entry touches it;
`evict` removes what no build has used for a while, and keeps the folder within a multiple of
what one build uses.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Bumped whenever an entry's layout changes: an older entry is then foreign and passed over.
FORMAT = "policykit-store-2"
#: Entries that no build has used for this long go at the end of a successful build.
KEEP_DAYS = 30
#: ... and the oldest go when the folder holds more than this many times one build's entries.
KEEP_FACTOR = 3
#: Temporary files older than this are left over from a build that was stopped.
STALE_TEMP_SECONDS = 3600
#: What a store writes in its folder, and all that eviction removes: entries and temporary files.
_ENTRY = re.compile(r"[0-9a-f]{2}/(?:[0-9a-f]{64}\.json|\.tmp-[^/]*\.json)")


def digest(*parts: object) -> str:
    """A key's digest: sha256 of the parts' repr (strings, numbers and tuples of them)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Store:
    """Entries under `folder`, one JSON file per key; `folder=None`: a store that keeps nothing."""

    def __init__(self, folder: Path | None, notice: Callable[[str], None] = lambda _: None) -> None:
        self.folder = folder
        self.notice = notice
        self.used: set[Path] = set()  # entries read or written by this build
        self.hits = self.misses = 0
        self._told = False
        self._folders: set[Path] = set()  # made by this build: no need to ask again

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        name = digest(key)
        return self.folder / name[:2] / f"{name}.json"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under `key` (`get` may still pass it over)."""
        if self.folder is None:
            return False
        try:
            return self._path(key).stat().st_size > 0
        except OSError:
            return False

    def get(self, key: str, tail: bool = False, tail_bytes: bool = False) -> Any:
        """The value stored under `key`, or None (absent, unreadable, foreign); with `tail`, the
        value and the text stored after it (`put`), or None; with `tail_bytes` instead, also that
        text's UTF-8 bytes as stored, or None where they are not its plain UTF-8 (a lone
        surrogate): what a caller that writes the text would encode again."""
        tail = tail or tail_bytes
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as error:
            self._pass_over(path, f"cannot be read ({error.strerror or error})")
            return None
        head, _, rest = raw.partition(b"\n")
        try:
            entry = json.loads(head)
        except (ValueError, RecursionError):
            self._pass_over(path, "is not valid JSON")
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or "value" not in entry:
            self._pass_over(path, "was written by another version of the cache")
            return None
        if entry.get("key") != key:
            self._pass_over(path, "belongs to another key")
            return None
        size = entry.get("tail")
        if (size is not None) != tail or (tail and size != len(rest)) or (not tail and rest):
            self._pass_over(path, "is cut short or has been changed")
            return None
        plain: bytes | None = rest
        try:
            text = rest.decode("utf-8")
        except UnicodeDecodeError:
            plain = None
            try:
                text = rest.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                self._pass_over(path, "is not valid UTF-8")
                return None
        self.used.add(path)
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # last used now: eviction keeps it
        if tail_bytes:
            return entry["value"], text, plain
        return (entry["value"], text) if tail else entry["value"]

    def put(self, key: str, value: Any, tail: str | None = None) -> None:
        """Store `value` (JSON: dicts, lists, strings, numbers) under `key`, atomically; and
        `tail`, a long text (a written page), after the value's line as it is: escaped into
        JSON, a page of HTML costs as much again to write and to read."""
        if self.folder is None:
            return
        path = self._path(key)
        entry = {"format": FORMAT, "key": key, "value": value}
        body = b""
        if tail is not None:
            body = tail.encode("utf-8", "surrogatepass")
            entry["tail"] = len(body)
        head = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                _ignore(self.folder)
                self._folders.add(path.parent)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(head + b"\n" + body if tail is not None else head)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as error:
            self._say(
                f"the build cache {self.folder} cannot be written ({error.strerror or error}); building without it"
            )
            self.folder = None
            return
        self.used.add(path)

    def refuse(self, key: str, why: str) -> None:
        """The value `get` gave for `key` is not what its reader expects (a forged or damaged
        entry whose JSON is whole): passed over as an unreadable entry is, with the one notice."""
        if self.folder is not None:
            self.hits = max(self.hits - 1, 0)  # the get that gave it counted a hit
            self._pass_over(self._path(key), why)

    def keep(self, key: str) -> None:
        """Count the entry of `key` as used by this build without reading it: what a caller
        answered from its memory (`mkdocs serve`) is still needed by the next cold build."""
        if self.folder is not None:
            self.used.add(self._path(key))

    def evict(self, now: float | None = None) -> int:
        """After a successful build: remove entries unused for KEEP_DAYS, the oldest beyond
        KEEP_FACTOR times this build's entries, and stale temporary files. How many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        now = time.time() if now is None else now
        entries: list[tuple[float, Path]] = []
        removed = 0
        for path in self.folder.glob("*/*"):
            if not _ENTRY.fullmatch(f"{path.parent.name}/{path.name}"):
                continue  # not written by a store: a folder named by hand may hold the site's own files
            try:
                mtime = path.stat().st_mtime
            except OSError:
                continue
            if path.name.startswith(".tmp-"):
                if now - mtime > STALE_TEMP_SECONDS:
                    removed += _unlink(path)
                continue
            if path in self.used:
                continue
            if now - mtime > KEEP_DAYS * 86400:
                removed += _unlink(path)
            else:
                entries.append((mtime, path))
        room = max(KEEP_FACTOR * len(self.used), 1) - len(self.used)
        entries.sort(reverse=True)  # newest first: the oldest beyond the room go
        for _, path in entries[max(room, 0) :]:
            removed += _unlink(path)
        return removed

    def _pass_over(self, path: Path, why: str) -> None:
        self.misses += 1
        self._say(f"the build cache entry {path} {why}; it is ignored and the work is done again")

    def _say(self, message: str) -> None:
        if not self._told:  # once per build: a whole foreign cache is one notice, not thousands
            self._told = True
            self.notice(message)


#: What the store writes as its folder's .gitignore: a site whose own .gitignore does not list
#: the cache (one made before the cache existed) still never commits it.
IGNORE = "# The build cache: never committed (it is made again by any build).\n*\n"


def _ignore(folder: Path) -> None:
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text(IGNORE, encoding="utf-8")


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


_PACKAGE: list[str] = []


def package_digest() -> str:
    """A digest of the package's own files (code, templates, scripts, words): what its output
    depends on. Its version string stays the same while the code changes between releases
    (and in a checkout); its files do not. Once per process: the code that runs is the code
    that was imported."""
    if not _PACKAGE:
        root = Path(__file__).resolve().parent.parent
        hasher = hashlib.sha256()
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                hasher.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
                hasher.update(hashlib.sha256(path.read_bytes()).digest())
        _PACKAGE.append(hasher.hexdigest())
    return _PACKAGE[0]
