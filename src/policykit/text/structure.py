"""Whether each translation has the structure of the authoritative text, unit for unit.

Apart from reading the files (source), because this is one rule with its own reasons: an
anchor of the site is a unit's id, the same in every language, so a translation may neither
add a unit nor lack one, except one listed as `untranslated:`, for which the authoritative
text stands in (marked with its language) until it is translated. It runs once every
language is parsed, and only reports: a problem never stops the others from being found.
"""

from __future__ import annotations

import dataclasses

from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.model import LanguageText, Unit, display_label
from policykit.text.numbering import Numbering
from policykit.text.patterns import syntax


def check_structure(
    texts: dict[str, LanguageText], auth: LanguageText | None, numbering: Numbering, problems: Problems, shown: str
) -> None:
    """Every translation has exactly the units of the authoritative text: anchors never differ.
    A unit listed as untranslated is put into `texts` from `auth`, marked (a stand-in)."""
    if auth is None:
        return
    auth_units = {u.id: u for u in auth.units()}
    for lang, text in texts.items():
        if lang == auth.lang:
            continue
        if not text.sections and not text.unreadable:
            problems.add(
                checks.LANGUAGE_MISSING,
                f"{shown}/{lang}/",
                None,
                f"the folder has no section files, but {lang} is a language of the site",
                f"copy the section files of {shown}/{auth.lang}/ and translate them, "
                "or remove the language from mkdocs.yml",
            )
            continue
        units = {u.id: u for u in text.units()}
        # A section that could not be read in either language is reported already, and so is
        # an authoritative section with an error (a duplicated label, say): comparing with it
        # would tell the translator to change a translation that is right.
        broken = {p.path for p in problems if p.severity == checks.Severity.ERROR}
        skip = {syntax(numbering).section_id(n) for n in auth.unreadable | text.unreadable} | {
            section.id for section in auth.sections if section.path in broken
        }
        units = {i: u for i, u in units.items() if i.split("-")[0] not in skip}
        expected = {i: u for i, u in auth_units.items() if i.split("-")[0] not in skip}
        for unit_id, unit in units.items():
            if unit_id not in expected:
                problems.add(
                    checks.STRUCTURE_MISMATCH,
                    unit.path,
                    unit.line,
                    f"{unit_id} is not in the authoritative text ({auth.lang})",
                    f"add it to {shown}/{auth.lang}/ too, or remove it here",
                )
        present = {section.id for section in text.sections}
        stand_ins: set[str] = set()
        for unit_id, unit in expected.items():
            if unit_id not in units and unit_id not in present and "-" not in unit_id and unit_id != "s0":
                name = unit.path.rsplit("/", 1)[-1]
                problems.add(
                    checks.STRUCTURE_MISMATCH,
                    f"{shown}/{lang}/",
                    None,
                    f"section {display_label(unit_id, numbering)} ({unit.path}) has no file in the {lang} text",
                    f"create {shown}/{lang}/{name.split('-')[0]}-….md that starts with "
                    f"'# {display_label(unit_id, numbering)}.' and translate it",
                )
                continue
            if unit_id not in units and unit_id.split("-")[0] not in present:
                continue  # its section's file is missing: said once, above
            if unit_id not in units:
                section = next((s for s in text.sections if unit_id.split("-")[0] == s.id), None)
                path = section.path if section else f"{shown}/{lang}/"
                listed = _listed(unit_id, section.untranslated if section else ())
                if listed:
                    stand_ins.add(unit_id)
                    if listed == unit_id:
                        problems.add(
                            checks.UNTRANSLATED,
                            path,
                            2,
                            f"{unit_id} is not translated yet: the {auth.lang} text stands in",
                            "translate it, and take it out of 'untranslated:'",
                        )
                    continue
                problems.add(
                    checks.STRUCTURE_MISMATCH,
                    path,
                    section.line if section else None,
                    f"{unit_id} ({unit.path}:{unit.line}) is missing from the {lang} text",
                    "add the clause with the same label; until it is translated, list it in "
                    f"the file's front matter (untranslated: [{unit_id}]), and the "
                    f"{auth.lang} text stands in",
                )
        for section in text.sections:
            if section.id in section.untranslated and section.id in expected:
                stand_ins.add(section.id)
                problems.add(
                    checks.UNTRANSLATED,
                    section.path,
                    2,
                    f"section {section.id} is not translated yet: the {auth.lang} text stands in",
                    "translate it, and take it out of 'untranslated:'",
                )
            for unit_id in section.untranslated:
                if unit_id == section.id:
                    continue
                if unit_id in units:
                    problems.add(
                        checks.UNTRANSLATED,
                        section.path,
                        2,
                        f"{unit_id} is listed as untranslated, but the file has it",
                        "take it out of 'untranslated:'",
                    )
                elif unit_id not in auth_units:
                    problems.add(
                        checks.STRUCTURE_MISMATCH,
                        section.path,
                        2,
                        f"untranslated: {unit_id} is not in the authoritative text ({auth.lang})",
                        "take it out of 'untranslated:'",
                    )
        if stand_ins:
            texts[lang] = _with_stand_ins(text, auth, stand_ins)


def _listed(unit_id: str, untranslated: tuple[str, ...]) -> str | None:
    """The entry of `untranslated:` that covers `unit_id`: itself, or the clause it is part of."""
    return next((i for i in untranslated if unit_id == i or unit_id.startswith(i + "-")), None)


def _with_stand_ins(text: LanguageText, auth: LanguageText, stand_ins: set[str]) -> LanguageText:
    """The translation with the authoritative units it lacks put in, in their place, marked
    with their language. New units throughout: parsed units are cached, and shared by the
    versions whose files are the same."""

    def merged(translated: Unit, original: Unit) -> Unit:
        have = {child.id: child for child in translated.children}
        children = [
            merged(have[c.id], c) if c.id in have else copied(c)
            for c in original.children
            if c.id in have or c.id in stand_ins or translated.id in stand_ins
        ]
        children += [c for c in translated.children if c.id not in {o.id for o in original.children}]
        if translated.id in stand_ins:  # the whole section: its title and text too
            return dataclasses.replace(
                original,
                stand_in=auth.lang,
                children=children,
                path=translated.path,
                untranslated=translated.untranslated,
            )
        return dataclasses.replace(translated, children=children)

    def copied(unit: Unit) -> Unit:
        return dataclasses.replace(unit, stand_in=auth.lang, children=[copied(c) for c in unit.children])

    touched = {unit_id.split("-")[0] for unit_id in stand_ins}
    by_id = auth.sections_by_id
    sections = [merged(s, by_id[s.id]) if s.id in touched and s.id in by_id else s for s in text.sections]
    return LanguageText(text.lang, sections, text.unreadable)
