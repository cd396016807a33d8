"""Where a clause went: the `moved:` declarations of policy.yml followed to their end, and the
document order of anchors.

The bottom of the record: the changes, the anchor checks and the importer (which declares the
moves it finds) all ask where a chain of moves ends, and nothing here needs a version.
"""

from __future__ import annotations


def unit_order(unit_id: str) -> list[tuple[int, str]]:
    """Anchors in document order: s2 < s2-a < s10 (numbers compare as numbers). The importer
    orders the anchors it declares by it too, as the site does."""
    parts = []
    for part in unit_id[1:].split("-"):
        digits = part.rstrip("abcdefghijklmnopqrstuvwxyz")
        parts.append((int(digits) if digits else -1, part[len(digits) :]))
    return parts


def chain_end(unit_id: str, moved: dict[str, str]) -> str:
    """Follow `moved:` declarations from `unit_id` to where the clause went last.

    Every anchor is asked about, and a chain can be thousands long: the ends of one `moved`
    mapping are worked out once, each step walked once (`_ends`)."""
    if unit_id not in moved:
        return unit_id
    found = _ENDS.get(id(moved))
    if found is None or found[0] is not moved:
        if len(_ENDS) >= 8:
            _ENDS.clear()
        found = _ENDS[id(moved)] = (moved, _ends(moved))
    return found[1].get(unit_id) or walk_moved(unit_id, moved)


_ENDS: dict[int, tuple[dict, dict]] = {}  # id(moved) -> (moved, its chain ends), moved kept alive


def _ends(moved: dict[str, str]) -> dict[str, str]:
    """Where each chain of `moved` ends; a chain that runs into a cycle is left to `walk_moved`."""
    ends: dict[str, str] = {}
    for start in moved:
        path: list[str] = []
        seen: set[str] = set()
        unit_id = start
        while unit_id in moved and unit_id not in seen and unit_id not in ends:
            seen.add(unit_id)
            path.append(unit_id)
            unit_id = moved[unit_id]
        if unit_id in seen:  # a cycle (an error of its own): each start answers for itself
            continue
        end = ends.get(unit_id, unit_id)
        for step in path:
            ends[step] = end
    return ends


def walk_moved(unit_id: str, moved: dict[str, str]) -> str:
    """Where the chain from `unit_id` ends, walked step by step (a cycle stops where it comes
    back). Not cached: the importer walks the `moved:` mapping while it is still building it,
    and `chain_end` caches by the mapping."""
    seen: set[str] = set()
    while unit_id in moved and unit_id not in seen:
        seen.add(unit_id)
        unit_id = moved[unit_id]
    return unit_id
