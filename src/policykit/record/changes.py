"""What one version changed against the one before it: added, changed, removed, moved, layout
only, translation only.

Apart from the record because the diff command compares two texts with the same rule
(`compare`) without building a record, and because "changed" must mean one thing wherever it
is asked: the unit's text as a reader gets it (`unit_texts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from policykit.record.history import Version
from policykit.record.moves import chain_end
from policykit.text.model import LanguageText
from policykit.text.source import Policy


def unit_texts(policy: Policy, lang: str) -> dict[str, str]:
    """Each unit's text in `lang` as a reader gets it (`Unit.compared`): title, words, link
    targets, images, formatting. The one text that decides "changed" and that the redline
    shows, so that a changed unit always has a redline and an unchanged one never differs."""
    text = policy.texts.get(lang)
    return text.reading if text is not None else {}


def differing(old: LanguageText | None, new: LanguageText | None, written: bool = False) -> tuple[dict, dict]:
    """The texts of two versions' units in one language (`unit_texts`; with `written`, as
    written), without the sections the two share: one object in both, a file that did not
    change between them, whose units read the same in both. A version changes a few files,
    and comparing every unit of every version cost more than the rest of a rebuild's record.

    Only for two regular texts (every unit under its own section's id, no section id twice):
    then a unit of a shared section is in no other section of either, so that whatever a
    comparison finds (added, changed, gone) is among the units returned, in document order."""
    if old is None or new is None or old.irregular or new.irregular:
        pick = "written" if written else "reading"
        return (getattr(old, pick) if old is not None else {}), (getattr(new, pick) if new is not None else {})
    shared = {id(section) for section in old.sections} & {id(section) for section in new.sections}
    text = attrgetter("as_written" if written else "compared")
    return tuple(  # type: ignore[return-value]
        {u.id: text(u) for section in each.sections if id(section) not in shared for u in section.walk()}
        for each in (old, new)
    )


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
    if old is None:
        return Changes(added=list(unit_texts(new, auth)))
    new_text = new.texts.get(auth)
    old_text = old.texts.get(auth)
    if old_text is None or not old_text.sections:  # a version before the authoritative language had a text
        old_text = old.texts.get(old.meta.authoritative or "")
    old_texts, new_texts = differing(old_text, new_text)  # without what the two share
    old_raw, new_raw = differing(old_text, new_text, written=True)
    gone = [unit_id for unit_id in old_texts if unit_id not in new_texts]
    every = {u for section in new_text.sections for u in section.by_id} if new_text and gone else set()
    moved = {
        unit_id: chain_end(unit_id, moved_decl)
        for unit_id in gone
        if unit_id in moved_decl and chain_end(unit_id, moved_decl) in every
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
        was, now = differing(old.texts.get(lang), new.texts.get(lang))
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
