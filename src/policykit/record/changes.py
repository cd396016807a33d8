"""What one version changed against the one before it: added, changed, removed, moved, layout
only, translation only.

Apart from the record because the diff command compares two texts with the same rule
(`compare`) without building a record, and because "changed" must mean one thing wherever it
is asked: the unit's text as a reader gets it (`unit_texts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policykit.record.history import Version
from policykit.record.moves import chain_end
from policykit.text.source import Policy


def unit_texts(policy: Policy, lang: str) -> dict[str, str]:
    """Each unit's text in `lang` as a reader gets it (`Unit.compared`): title, words, link
    targets, images, formatting. The one text that decides "changed" and that the redline
    shows, so that a changed unit always has a redline and an unchanged one never differs."""
    text = policy.texts.get(lang)
    return text.reading if text is not None else {}


def unit_raw(policy: Policy, lang: str) -> dict[str, str]:
    text = policy.texts.get(lang)
    return text.raw if text is not None else {}


def unit_written(policy: Policy, lang: str) -> dict[str, str]:
    text = policy.texts.get(lang)
    return text.written if text is not None else {}


@dataclass
class Changes:
    """What one version changed against the version before it (by anchor, document order)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)
    translated: dict[str, list[str]] = field(default_factory=dict)  # lang -> ids, translation-only
    #: authoritative edits a reader does not get (line breaks, spacing, `*x*` for `_x_`)
    whitespace: list[str] = field(default_factory=list)
    new_languages: list[str] = field(default_factory=list)  # translations that first appear here

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.changed
            or self.removed
            or self.moved
            or self.whitespace
            or any(self.translated.values())
            or self.new_languages
        )


def compare(old: Policy | None, new: Policy, moved_decl: dict[str, str], languages: list[str]) -> Changes:
    """Clause-level changes from `old` to `new`; `changed` is judged in the authoritative language.

    A unit *changed* when what a reader gets of it (`unit_texts`) differs; one whose Markdown
    differs otherwise is layout only (`whitespace`). An anchor that disappears is *moved*
    when policy.yml declares where it went (its new place is then not "added"), else
    *removed*. A unit whose authoritative text is the same but whose translation changed is
    listed per language as "translation updated".
    """
    auth = new.meta.authoritative or languages[0]
    new_texts = unit_texts(new, auth)
    if old is None:
        return Changes(added=list(new_texts))
    old_texts = unit_texts(old, auth) or unit_texts(old, old.meta.authoritative)
    old_raw, new_raw = unit_written(old, auth), unit_written(new, auth)
    gone = [unit_id for unit_id in old_texts if unit_id not in new_texts]
    moved = {
        unit_id: chain_end(unit_id, moved_decl)
        for unit_id in gone
        if unit_id in moved_decl and chain_end(unit_id, moved_decl) in new_texts
    }
    arrived = {target: source for source, target in moved.items()}
    changes = Changes(moved=moved, removed=[unit_id for unit_id in gone if unit_id not in moved])
    for unit_id, text in new_texts.items():
        before = old_texts.get(unit_id, old_texts.get(arrived.get(unit_id, ""), None))
        if before is None:
            changes.added.append(unit_id)
        elif before != text:
            changes.changed.append(unit_id)
        elif old_raw.get(unit_id) not in (None, new_raw.get(unit_id)):
            changes.whitespace.append(unit_id)
    changes.new_languages = [lang for lang in languages if lang in new.texts and lang not in old.texts]
    for lang in languages:
        if lang == auth:
            continue
        was, now = unit_texts(old, lang), unit_texts(new, lang)
        only = [i for i, t in now.items() if i in was and was[i] != t and i not in changes.changed]
        if only:
            changes.translated[lang] = only
    return changes


def material(version: Version, changes: Changes, previous: Version | None) -> bool:
    """Whether a version changes an obligation: not when policy.yml names it `editorial` (by
    its own label), nor when it changes nothing in the authoritative text (a translation, a
    layout or an editorial line only). A move is material: the clause's address changed. The
    first version always is."""
    if previous is None:
        return True
    if version.meta.is_editorial:
        return False
    return bool(changes.added or changes.changed or changes.removed or changes.moved)
