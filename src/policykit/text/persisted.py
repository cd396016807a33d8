"""What the reading of a policy keeps across builds: parsed units, problems and policy.yml's
metadata as JSON, and the keys they are kept under.

Every past version of the policy is read in every build, and most of its files have not changed
since the build before (a file is a git blob: its id is its content). Their parses are kept in
the build cache (project/store.py) under keys that name everything the parse depends on: the
blob id, the path it is shown under, every argument, and the package's own digest (the code
that parsed it). The cache is a convenience: a value that cannot be read back as what it claims
to be is passed over with the store's one notice, and the work is done again.

The values are JSON, read back through these functions only, which check every type: a cache
restored from elsewhere is data, never code (no pickle), and a value of the wrong shape must
end in a parse done again, never in a traceback later in the build.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from policykit.text import checks
from policykit.text.checks import Problem, Problems
from policykit.text.meta import Meta
from policykit.text.model import Unit
from policykit.text.numbering import CLAUSE_SCHEMES, SECTION_SCHEMES, SUBCLAUSE_SCHEMES, Numbering

T = TypeVar("T")
KINDS = ("preamble", "section", "clause", "subclause")
#: A unit nests no deeper than a sub-clause in a clause in a section: a deeper value is no parse.
MAX_DEPTH = 3


class Unreadable(ValueError):
    """A stored value is not of the shape its reader expects (foreign, damaged or forged)."""


class Entries(Protocol):
    """The store the values are kept in (project/store.py's Store, which this layer cannot
    import): JSON values by key, None for a missing or unusable entry."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...

    def refuse(self, key: str, why: str) -> None: ...

    def keep(self, key: str) -> None: ...


class Persisted:
    """A build cache as the reading of the policy uses it: every key starts with `salt`, the
    digest of the package's files, so that an entry written by other code is never read.

    `touched` is every key read or written through this object: a reader that answers from its
    memory (`mkdocs serve`) hands them back with `keep`, so that evicting the store after the
    build does not take what the next cold build needs."""

    def __init__(self, entries: Entries, salt: str) -> None:
        self.entries = entries
        self.salt = salt
        self.touched: set[str] = set()

    def key(self, *parts: Any) -> str:
        return json.dumps([self.salt, *parts], ensure_ascii=False, separators=(",", ":"))

    def load(self, key: str, decode: Callable[[Any], T]) -> T | None:
        """The value under `key` read back by `decode`; None when absent or unreadable (said
        once, by the store)."""
        self.touched.add(key)
        raw = self.entries.get(key)
        if raw is None:
            return None
        try:
            return decode(raw)
        except (Unreadable, TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError) as error:
            self.entries.refuse(key, f"does not hold what its key names ({error or type(error).__name__})")
            return None

    def save(self, key: str, value: Any) -> None:
        self.touched.add(key)
        self.entries.put(key, value)

    def keep(self, keys: set[str]) -> None:
        """Mark `keys` used by this build without reading them (see the class)."""
        for key in keys:
            self.touched.add(key)
            self.entries.keep(key)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"a text was expected, not {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Unreadable(f"a number was expected, not {type(value).__name__}")
    return value


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise Unreadable(f"a list was expected, not {type(value).__name__}")
    return value


def _strs(value: Any) -> list[str]:
    return [_str(item) for item in _list(value)]


def _str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Unreadable(f"a mapping was expected, not {type(value).__name__}")
    return {_str(k): _str(v) for k, v in value.items()}


def unit_to_json(unit: Unit, parent_path: str | None = None) -> list:
    """A unit and the units inside it, as a list of its fields in their order (a path that is
    its parent's, as it almost always is, as null)."""
    return [
        unit.kind,
        unit.id,
        unit.label,
        None if unit.path == parent_path else unit.path,
        unit.line,
        unit.title,
        unit.lines,
        [unit_to_json(child, unit.path) for child in unit.children],
        unit.mark,
        unit.cite,
        list(unit.untranslated),
        unit.stand_in,
    ]


def unit_from_json(value: Any, parent_path: str | None = None, depth: int = 0) -> Unit:
    """The unit `unit_to_json` wrote; Unreadable for anything else. (Read for every section of
    every version in a rebuild: the checks are written out rather than called.)"""
    if type(value) is not list or len(value) != 12 or depth >= MAX_DEPTH:
        raise Unreadable("not a unit")
    kind, unit_id, label, path, line, title, lines, children, mark, cite, untranslated, stand_in = value
    path = parent_path if path is None else path
    if (
        kind not in KINDS
        or type(unit_id) is not str
        or type(label) is not str
        or type(path) is not str
        or type(line) is not int
        or not (title is None or type(title) is str)
        or type(lines) is not list
        or not all(type(text) is str for text in lines)
        or type(children) is not list
        or type(mark) is not str
        or type(cite) is not str
        or type(untranslated) is not list
        or not all(type(i) is str for i in untranslated)
        or type(stand_in) is not str
    ):
        raise Unreadable("not a unit")
    return Unit(
        kind,
        unit_id,
        label,
        path,
        line,
        title,
        lines,
        [unit_from_json(child, path, depth + 1) for child in children],
        mark,
        cite,
        tuple(untranslated),
        stand_in,
    )


def problems_to_json(problems: Problems) -> list:
    return [[p.check.code, p.path, p.line, p.message, p.fix] for p in problems]


def problems_from_json(value: Any) -> Problems:
    found = Problems()
    for item in _list(value):
        code, path, line, message, fix = _list(item)
        check = checks.CHECKS.get(_str(code))
        if check is None:
            raise Unreadable(f"no check is called {code!r}")
        found.append(Problem(check, _str(path), None if line is None else _int(line), _str(message), _str(fix)))
    return found


def meta_to_json(meta: Meta) -> dict:
    return {
        "version": meta.version,
        "effective": meta.effective.isoformat() if meta.effective else None,
        "timezone": meta.timezone,
        "authoritative": meta.authoritative,
        "title": meta.title,
        "summary": meta.summary,
        "reviewed": meta.reviewed,
        "editorial": meta.editorial,
        "numbering": [meta.numbering.section, meta.numbering.clause, meta.numbering.subclause],
        "gaps": meta.gaps,
        "aliases": meta.aliases,
        "moved": meta.moved,
        "removed": meta.removed,
        "lines": meta.lines,
    }


def meta_from_json(value: Any) -> Meta:
    if not isinstance(value, dict):
        raise Unreadable("not a policy.yml")
    section, clause, subclause = _strs(value["numbering"])
    if section not in SECTION_SCHEMES or clause not in CLAUSE_SCHEMES or subclause not in SUBCLAUSE_SCHEMES:
        raise Unreadable("no numbering scheme")
    lines = value["lines"]
    if not isinstance(lines, dict):
        raise Unreadable("no lines of policy.yml")
    effective = value["effective"]
    return Meta(
        version=_str(value["version"]),
        effective=None if effective is None else dt.date.fromisoformat(_str(effective)),
        timezone=_str(value["timezone"]),
        authoritative=_str(value["authoritative"]),
        title=_str_map(value["title"]),
        summary=_str_map(value["summary"]),
        reviewed=_str_map(value["reviewed"]),
        editorial=_str(value["editorial"]),
        numbering=Numbering(section, clause, subclause),
        gaps=_strs(value["gaps"]),
        aliases=_str_map(value["aliases"]),
        moved=_str_map(value["moved"]),
        removed=_strs(value["removed"]),
        lines={_str(k): _int(v) for k, v in lines.items()},
    )
