"""Reading the policy from a directory: policy.yml and one folder of section files per language.

`load_policy` runs every check of the working tree and returns the parsed policy with its
problems; it never raises on bad input, so the build and `policy lint` can both report all
problems at once, each with file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .checks import Problems
from .meta import Meta, parse_meta
from .model import LanguageText, Unit
from .parser import normalise_number, parse_section

SECTION_NAME_RE = re.compile(r"^(?P<number>[0-9]+[a-z]*)-[^/]+\.md$")
POLICY_DIR = "policy"
META_FILE = "policy.yml"


@dataclass
class Policy:
    """The policy as it stands in the working tree."""

    meta: Meta
    languages: list[str]
    texts: dict[str, LanguageText] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)

    @property
    def authoritative(self) -> LanguageText | None:
        return self.texts.get(self.meta.authoritative)


def decode(data: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text with LF line ends; a BOM is dropped, CRLF and CR are accepted."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(checks.NOT_UTF8, path, line, f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                     "save the file with the encoding UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def section_order(number: str) -> tuple[int, str]:
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(digits), number[len(digits):]


def load_policy(root: Path, languages: list[str]) -> Policy:
    """Load and check `root/policy/` for the site's `languages` (the first is the default)."""
    problems = Problems()
    policy_dir = root / POLICY_DIR
    meta_path = policy_dir / META_FILE
    display_meta = f"{POLICY_DIR}/{META_FILE}"
    if meta_path.is_file():
        text = decode(meta_path.read_bytes(), display_meta, problems)
        meta = parse_meta(text, display_meta, languages, problems) if text is not None else Meta()
    else:
        problems.add(checks.META_MISSING, display_meta, None, "the file is missing",
                     "create it with version, effective, authoritative, title and summary "
                     "(see the editors' guide)")
        meta = Meta()
    policy = Policy(meta, languages, problems=problems)
    _check_folders(policy_dir, languages, problems)
    for lang in languages:
        folder = policy_dir / lang
        if folder.is_dir():
            policy.texts[lang] = _load_language(folder, lang, meta.declared, problems)
    _check_structure(policy)
    return policy


def _check_folders(policy_dir: Path, languages: list[str], problems: Problems) -> None:
    present = sorted(p.name for p in policy_dir.iterdir() if p.is_dir()) if policy_dir.is_dir() else []
    for name in present:
        if name not in languages and not name.startswith("."):
            problems.add(checks.LANGUAGE_UNLISTED, f"{POLICY_DIR}/{name}/", None,
                         f"'{name}' is not a language of the site",
                         f"add it to the i18n plugin's languages in mkdocs.yml, or remove the folder")
    for lang in languages:
        if lang not in present:
            problems.add(checks.LANGUAGE_MISSING, f"{POLICY_DIR}/{lang}/", None,
                         f"the site has the language '{lang}' but there is no folder for its text",
                         f"create {POLICY_DIR}/{lang}/ with the same section files as the "
                         "authoritative language, or remove the language from mkdocs.yml")


def _load_language(folder: Path, lang: str, declared: frozenset[str], problems: Problems) -> LanguageText:
    sections: dict[str, Unit] = {}
    unreadable: set[str] = set()
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.md"), key=lambda p: p.name.encode()):
        display = f"{POLICY_DIR}/{lang}/{path.name}"
        match = SECTION_NAME_RE.match(path.name)
        if not match:
            problems.add(checks.FILE_NAME, display, None,
                         "the file name does not start with a section number",
                         "name it NN-title.md, e.g. 08-kontakt.md (00-*.md is the preamble)")
            continue
        number = normalise_number(match.group("number"))
        if number in where:
            problems.add(checks.DUPLICATE_SECTION, display, None,
                         f"section {number} is already in {where[number]}",
                         "give each section one file; an inserted section takes a letter, e.g. 03a-title.md")
            continue
        where[number] = display
        text = decode(path.read_bytes(), display, problems)
        if text is None:
            unreadable.add(number)
            continue
        if not text.strip():
            problems.add(checks.EMPTY_FILE, display, 1, "the file is empty",
                         f"write the section, starting with '# {number}. Title', or delete the file")
            continue
        parsed = parse_section(text, display, number, problems, declared)
        if parsed.unit is not None:
            sections[number] = parsed.unit
        else:
            unreadable.add(number)
    ordered = [sections[n] for n in sorted(sections, key=section_order)]
    return LanguageText(lang, ordered, unreadable)


def _check_structure(policy: Policy) -> None:
    """Every translation has exactly the units of the authoritative text: anchors never differ."""
    auth = policy.authoritative
    if auth is None:
        return
    auth_units = {u.id: u for u in auth.units()}
    for lang, text in policy.texts.items():
        if lang == auth.lang:
            continue
        units = {u.id: u for u in text.units()}
        # A section that could not be read in either language is reported already.
        skip = {f"s{n}" for n in auth.unreadable | text.unreadable}
        units = {i: u for i, u in units.items() if i.split("-")[0] not in skip}
        expected = {i: u for i, u in auth_units.items() if i.split("-")[0] not in skip}
        for unit_id, unit in units.items():
            if unit_id not in expected:
                policy.problems.add(checks.STRUCTURE_MISMATCH, unit.path, unit.line,
                                    f"{unit_id} is not in the authoritative text ({auth.lang})",
                                    f"add it to {POLICY_DIR}/{auth.lang}/ too, or remove it here")
        for unit_id, unit in expected.items():
            if unit_id not in units:
                section = next((s for s in text.sections if unit_id.split("-")[0] == s.id), None)
                path = section.path if section else f"{POLICY_DIR}/{lang}/"
                policy.problems.add(checks.STRUCTURE_MISMATCH, path, section.line if section else None,
                                    f"{unit_id} ({unit.path}:{unit.line}) is missing from the {lang} text",
                                    "add the clause with the same label; until it is translated, "
                                    "the authoritative wording may stand in")
