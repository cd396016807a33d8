"""Every anchor that was ever published keeps working: the checks that hold policy.yml's
`moved:`, `removed:` and `aliases:` to that, and where each anchor that is not on the current
page lands there instead.

Apart from the record because they read only the versions' anchors and the newest policy.yml,
and their messages are for the editor who declares them.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.record.history import Version
from policykit.record.moves import chain_end, unit_order
from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.meta import Meta
from policykit.text.source import POLICY_DIR, Policy


@dataclass
class Landing:
    """Where an anchor that is not a live unit of the current text lands on the current page."""

    kind: str  # "moved", "removed" or "upcoming"
    target: str | None = None  # moved: the live id it lands on
    removed_in: str | None = None  # removed, moved: the first version without it
    last_in: str | None = None  # removed: the last version that had it
    upcoming: str | None = None  # upcoming: the version that adds it


def _history_of_ids(versions: list[Version]) -> tuple[dict[str, str], dict[str, str]]:
    """For every anchor: the last version that had it, and the version that removed it."""
    last_in: dict[str, str] = {}
    removed_in: dict[str, str] = {}
    previous: set[str] = set()
    for version in versions:
        ids = version.ids
        for gone in previous - ids:
            removed_in[gone] = version.label
        for unit_id in ids:
            last_in[unit_id] = version.label
            removed_in.pop(unit_id, None)
        previous = ids
    return last_in, removed_in


def check_anchors(versions: list[Version], working: Policy, problems: Problems, folder: str = POLICY_DIR) -> None:
    """Every anchor ever published must stay live or be declared; declarations must be sound.
    `versions` are all of them, oldest first, the working tree's last; `folder` is the policy
    folder as messages name it."""
    meta = working.meta
    newest = versions[-1].ids
    path = f"{folder}/policy.yml"
    for unit_id, new in meta.moved.items():
        if unit_id in newest:
            problems.add(
                checks.MOVED_LIVE,
                path,
                meta.lines.get("moved"),
                f"moved: {unit_id} is still an anchor of the text",
                f"an anchor that moved is never reused: give the clause now at {unit_id} an "
                "inserted label, or remove the declaration if nothing moved",
            )
        elif (end := chain_end(new, meta.moved)) not in newest and end not in meta.removed:
            problems.add(
                checks.MOVED_TARGET,
                path,
                meta.lines.get("moved"),
                f"moved: {unit_id} -> {new}, but {end} is not in the text",
                "name the anchor the clause has now, such as s6-e",
            )
    for fragment, target in meta.aliases.items():
        if fragment in newest or fragment in meta.declared:  # it would take a unit's address
            problems.add(
                checks.ID_COLLISION,
                path,
                meta.lines.get("aliases"),
                f"aliases: {fragment} is an anchor of the policy, not an old page's fragment",
                "remove it: a unit's own anchor always lands on it; declare an anchor that moved under moved:",
            )
        elif target not in newest:
            problems.add(
                checks.ALIAS_TARGET,
                path,
                meta.lines.get("aliases"),
                f"aliases: #{fragment} -> {target}, but {target} is not in the text",
                "name the anchor where the old fragment's text stands now, or remove the alias",
            )
    for unit_id in meta.removed:
        if unit_id in newest:
            problems.add(
                checks.REMOVED_LIVE,
                path,
                meta.lines.get("removed"),
                f"removed: {unit_id} is an anchor of the text again",
                "a published anchor is never reused: give the new clause an inserted label "
                f"(e.g. {unit_id}a), and keep {unit_id} declared removed",
            )
    last_in, _ = _history_of_ids(versions)
    declared = set(meta.moved) | set(meta.removed)
    died = sorted(set(last_in) - newest - declared, key=unit_order)
    _numbering_changed(versions, meta, died, path, problems)
    for unit_id in died:
        problems.add(
            checks.ANCHOR_DIED,
            path,
            meta.lines.get("removed") or meta.lines.get("moved"),
            f"the anchor {unit_id} (last in version {last_in[unit_id]}) is no longer in the text; "
            "a published anchor must keep working",
            f"add it to {path}: removed: [{unit_id}], or, if the clause moved, moved: {{{unit_id}: <its new anchor>}}",
        )


def _numbering_changed(versions: list[Version], meta: Meta, died: list[str], path: str, problems: Problems) -> None:
    """Anchors that died because `numbering:` changed: say so once, with the declarations in
    document order, rather than leave the editor to find the cause behind one error per anchor."""
    before = versions[-2] if len(versions) > 1 else None
    if not died or before is None or before.meta.numbering == meta.numbering:
        return
    old = [i for i in before.policy.authoritative.ids() if i in died] if before.policy.authoritative else []
    newest = versions[-1].policy.authoritative
    new = [i for i in newest.ids() if i not in before.ids] if newest else []
    pairs = ", ".join(f"{a}: {b}" for a, b in list(zip(old, new))[:3]) + (", …" if len(old) > 3 else "")
    problems.add(
        checks.NUMBERING,
        path,
        meta.lines.get("numbering"),
        f"numbering: changed since version {before.label} ({before.meta.numbering.code} -> "
        f"{meta.numbering.code}), so the anchors made from the old labels are gone",
        f"declare where each unit is now, in document order: moved: {{{pairs}}}; or keep the old numbering"
        if len(old) == len(new) and old
        else "declare each old anchor under moved: or removed:, or keep the old numbering",
    )


def landings(versions: list[Version], current: Version, working: Policy) -> dict[str, Landing]:
    """Where each anchor that is not on the page of `current` lands there instead (`versions`:
    all of them, oldest first).

    A moved anchor lands where its `moved:` chain ends: on a live unit, or, when the clause
    was later removed, on the note of that removal.
    """
    meta = working.meta
    found: dict[str, Landing] = {}
    live = current.ids
    last_in, removed_in = _history_of_ids(versions)
    later = [(v.label, v.ids) for v in versions[versions.index(current) + 1 :]]
    missing = sorted((set(last_in) | set(meta.moved) | set(meta.removed)) - live, key=unit_order)
    for unit_id in missing:
        adding = next((label for label, ids in later if unit_id in ids), None)
        if unit_id in meta.moved:
            continue
        if adding and unit_id not in removed_in:
            found[unit_id] = Landing("upcoming", upcoming=adding)
        elif unit_id in last_in:
            found[unit_id] = Landing("removed", removed_in=removed_in.get(unit_id), last_in=last_in[unit_id])
    for unit_id in missing:
        end = chain_end(unit_id, meta.moved) if unit_id in meta.moved else None
        if end is not None and (end in live or end in found):
            found[unit_id] = Landing("moved", target=end, removed_in=removed_in.get(unit_id))
        elif end is not None and unit_id in last_in:
            found[unit_id] = Landing("removed", removed_in=removed_in.get(unit_id), last_in=last_in[unit_id])
    return found
