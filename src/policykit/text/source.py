"""Reading the policy from a directory: policy.yml and one folder of section files per language.

`load_policy` runs every check of the working tree and returns the parsed policy with its
problems; it never raises on bad input, so the build and `policy lint` can both report all
problems at once, each with file and line. Only files inside the repository are read: a
symbolic link anywhere under policy/ is reported, never followed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.meta import Meta, parse_meta
from policykit.text.model import LanguageText, Unit, shared_units
from policykit.text.numbering import Numbering
from policykit.text.parser import normalise_number, parse_section
from policykit.text.patterns import syntax
from policykit.text.structure import check_structure

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


def decode_policy_file(data: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text with LF line ends; a BOM is dropped, CRLF and CR are accepted. Characters
    that no policy needs (limits.check_characters) are reported and replaced by U+FFFD."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(
            checks.NOT_UTF8,
            path,
            line,
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "save the file with the encoding UTF-8",
        )
        return None
    return limits.check_characters(text.replace("\r\n", "\n").replace("\r", "\n"), path, problems)


def section_order(number: str) -> tuple[int, str]:
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(digits), number[len(digits) :]


def blob_id(data: bytes) -> str:
    """Git's id of a blob with these bytes: working-tree files and commits compare by it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class PolicyFiles:
    """The files of `policy/` at one moment (the working tree or a commit), by blob id.

    `folders` maps each folder directly under policy/ to its `*.md` files; `read` gives a
    blob's bytes. Parsed sections are cached by blob id, so a file that did not change
    between two versions is parsed once. `links` are the symbolic links found below policy/
    (paths below it, a folder's with a final `/`, policy/ itself as ""): never read.
    """

    meta: str | None
    folders: dict[str, dict[str, str]]
    read: Callable[[str], bytes]
    links: list[str] = field(default_factory=list)
    shown: str = POLICY_DIR  # the folder as messages name it, relative to the project root

    def ids(self) -> dict[str, str]:
        """Every file as `path below policy/ -> blob id`: equal maps mean equal trees."""
        found = {f"{folder}/{name}": blob for folder, files in self.folders.items() for name, blob in files.items()}
        if self.meta:
            found[META_FILE] = self.meta
        return found

    def sha256(self, lang: str) -> str:
        """SHA-256 over the bytes of the `*.md` files of `lang`, in byte order of their names:
        what the verify page tells a reader to recompute with git and sha256sum."""
        digest = hashlib.sha256()
        names = self.folders.get(lang, {})
        for name in sorted(names, key=lambda name: name.encode("utf-8", "surrogateescape")):
            digest.update(self.read(names[name]))
        return digest.hexdigest()

    def texts(self, languages):
        """(language, file name, text) of each section file of `languages`, in name order; a
        file that cannot be read as UTF-8 is left out (the parse reports it)."""
        for lang, names in self.folders.items():
            if lang not in languages:
                continue
            for name in sorted(names):
                try:
                    yield lang, name, self.read(names[name]).decode("utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    continue


def read_tree(policy_dir: Path, shown: str = POLICY_DIR) -> PolicyFiles:
    """The policy as it stands on disk; symbolic links are listed, not followed. `shown` is
    the folder as messages name it (relative to the project root)."""
    blobs: dict[str, bytes] = {}

    def add(path: Path) -> str:
        data = path.read_bytes()
        blobs[blob_id(data)] = data
        return blob_id(data)

    def plain(path: Path) -> bool:
        return not path.is_symlink()

    if policy_dir.is_symlink():
        return PolicyFiles(None, {}, blobs.__getitem__, [""], shown)
    links = symlinks(policy_dir)
    meta_file = policy_dir / META_FILE
    meta = add(meta_file) if meta_file.is_file() and plain(meta_file) else None
    folders = {}
    if policy_dir.is_dir():
        for folder in sorted(p for p in policy_dir.iterdir() if p.is_dir() and plain(p) and not p.name.startswith(".")):
            folders[folder.name] = {p.name: add(p) for p in sorted(folder.glob("*.md")) if p.is_file() and plain(p)}
    return PolicyFiles(meta, folders, blobs.__getitem__, links, shown)


def files_in_memory(files: dict[str, bytes], shown: str = POLICY_DIR) -> PolicyFiles:
    """The policy of `files` (a path below policy/ -> its bytes: `policy.yml`, `LANG/NN-x.md`),
    as `read_tree` would read it from disk: a text made in memory (an import) is checked as the
    site checks it, without a folder to write it to first."""
    blobs: dict[str, bytes] = {}
    meta = None
    folders: dict[str, dict[str, str]] = {}
    for rel, data in sorted(files.items()):
        blobs[blob_id(data)] = data
        folder, _, name = rel.partition("/")
        if rel == META_FILE:
            meta = blob_id(data)
        elif name.endswith(".md") and "/" not in name and not folder.startswith("."):
            folders.setdefault(folder, {})[name] = blob_id(data)
    return PolicyFiles(meta, folders, blobs.__getitem__, [], shown)


def symlinks(top: Path) -> list[str]:
    """Every symbolic link below `top` (not following any), as paths below it; a link to a
    folder ends in `/`."""
    found = []
    for folder, dirs, names in os.walk(top):
        for name in sorted(dirs + names):
            path = Path(folder, name)
            if path.is_symlink():
                rel = path.relative_to(top).as_posix()
                found.append(rel + "/" if path.is_dir() else rel)
    return sorted(found)


def report_links(links: list[str], shown: str, problems: Problems) -> None:
    """A `symlink` error for each link, `shown` the folder they are below (`policy/`)."""
    for rel in links:
        folder = rel.endswith("/") or rel == ""
        problems.add(
            checks.SYMLINK,
            f"{shown}{rel}",
            None,
            f"the {'folder' if folder else 'file'} is a symbolic link, which is not followed: "
            "only files inside the repository are read",
            f"replace the link with the {'folder' if folder else 'file'} itself",
        )


def load_policy(root: Path, languages: list[str], policy_dir: str = POLICY_DIR) -> Policy:
    """Load and check `root/policy/` for the site's `languages` (the first is the default)."""
    return check_policy(read_tree(root / policy_dir, policy_dir), languages)


def check_policy(files: PolicyFiles, languages: list[str], cache: dict | None = None) -> Policy:
    """Parse and check a snapshot of `policy/`; `cache` (blob id -> parse) may be shared."""
    problems = Problems()
    display_meta = f"{files.shown}/{META_FILE}"
    cache = {} if cache is None else cache
    report_links(files.links, f"{files.shown}/", problems)
    if "" in files.links:  # policy/ itself: nothing was read, and nothing else is to say
        return Policy(Meta(), languages, problems=problems)
    if files.meta is not None:
        key = ("meta", files.meta, tuple(languages), display_meta)
        if key not in cache:
            found = Problems()
            text = decode_policy_file(files.read(files.meta), display_meta, found)
            cache[key] = (parse_meta(text, display_meta, languages, found) if text is not None else Meta(), found)
        meta, found = cache[key]
        problems.extend(found)
    elif META_FILE not in files.links:
        problems.add(
            checks.META_MISSING,
            display_meta,
            None,
            "the file is missing",
            "create it with version, effective, authoritative, title and summary (see the editors' guide)",
        )
        meta = Meta()
    else:
        meta = Meta()
    policy = Policy(meta, languages, problems=problems)
    linked = {rel[:-1] for rel in files.links if rel.endswith("/") and "/" not in rel[:-1]}
    _check_folders(sorted(set(files.folders) | linked), languages, problems, files.shown)
    for lang in languages:
        if lang in files.folders:
            policy.texts[lang] = _load_language(files, lang, meta, problems, cache)
    check_structure(policy.texts, policy.authoritative, meta.numbering, problems, files.shown)
    return policy


def _check_folders(present: list[str], languages: list[str], problems: Problems, shown: str) -> None:
    for name in present:
        if name not in languages:
            problems.add(
                checks.LANGUAGE_UNLISTED,
                f"{shown}/{name}/",
                None,
                f"'{name}' is not a language of the site",
                "add it to the i18n plugin's languages in mkdocs.yml, or remove the folder",
            )
    for lang in languages:
        if lang not in present:
            problems.add(
                checks.LANGUAGE_MISSING,
                f"{shown}/{lang}/",
                None,
                f"the site has the language '{lang}' but there is no folder for its text",
                f"create {shown}/{lang}/ with the same section files as the "
                "authoritative language, or remove the language from mkdocs.yml",
            )


def _load_language(files: PolicyFiles, lang: str, meta: Meta, problems: Problems, cache: dict) -> LanguageText:
    declared, numbering = meta.declared, meta.numbering
    sections: dict[str, Unit] = {}
    unreadable: set[str] = set()
    where: dict[str, str] = {}
    for rel in files.links:  # a linked section file is reported as a link, not as missing
        folder, _, name = rel.partition("/")
        if folder == lang and (match := SECTION_NAME_RE.match(name)) and _number_problem(match) is None:
            unreadable.add(normalise_number(match.group("number")))
    for name, blob in sorted(files.folders[lang].items(), key=lambda item: item[0].encode("utf-8", "surrogateescape")):
        display = f"{files.shown}/{lang}/{name}"
        control = checks.ESCAPED_RE.search(name)
        if control:
            problems.add(
                checks.FILE_NAME,
                display,
                None,
                f"the file name holds {limits.describe(control.group())}",
                "rename the file: NN-title.md, of letters, digits and '-'",
            )
            continue
        match = SECTION_NAME_RE.match(name)
        if not match:
            example = _example_name(files.folders[lang], name)
            problems.add(
                checks.FILE_NAME,
                display,
                None,
                "the file name does not start with a section number",
                f"name it NN-title.md{f', e.g. {example}' if example else ''} (00-*.md is the preamble)",
            )
            continue
        too_large = _number_problem(match)
        if too_large:
            problems.add(
                checks.OUT_OF_RANGE,
                display,
                None,
                too_large,
                "number the sections from 1 up; an inserted section takes a letter, e.g. 03a-title.md",
            )
            continue
        number = normalise_number(match.group("number"))
        if number in where:
            problems.add(
                checks.DUPLICATE_SECTION,
                display,
                None,
                f"section {number} is already in {where[number]}",
                "give each section one file; an inserted section takes a letter, e.g. 03a-title.md",
            )
            continue
        where[number] = display
        # Only this section's declarations matter to its parse (they allow gaps in its labels):
        # a removal elsewhere must not make every other section a new parse.
        section_id = syntax(numbering).section_id(number)
        own = frozenset(d for d in declared if d.split("-")[0] == section_id)
        key = (display, blob, own, numbering)  # record/checked.py names a parse by it in the build cache
        if key not in cache:
            parsed, found = _parse_file(files.read(blob), display, number, own, f"{files.shown}/{META_FILE}", numbering)
            cache[key] = (None if parsed is None else shared_units(cache).below(parsed), found)
        unit, found = cache[key]
        problems.extend(found)
        if unit is None:
            unreadable.add(number)
        else:
            sections[number] = unit
    ordered = [sections[n] for n in sorted(sections, key=section_order)]
    return LanguageText(lang, ordered, unreadable)


def _example_name(names: Iterable[str], name: str) -> str | None:
    """A name for the section file `name` that lacks a number, after the folder's own files:
    the next free number, padded as theirs, and `name` as a slug in their style (`kontakt.md`
    next to `01-insamling.md` and `02-anvandning.md`: `03-kontakt.md`). None when the folder
    has no numbered file to follow."""
    numbered = [m for m in map(SECTION_NAME_RE.match, names) if m and _number_problem(m) is None]
    if not numbered:
        return None
    last = max(numbered, key=lambda m: section_order(m.group("number")))
    digits = last.group("number").rstrip("abcdefghijklmnopqrstuvwxyz")
    number = str(int(digits) + 1).zfill(len(digits))
    style = last.group(0)[len(last.group("number")) + 1 : -3]  # the slug of the last file
    separator = "_" if "_" in style and "-" not in style else "-"
    stem = name[:-3] if name.endswith(".md") else name
    words = re.findall(r"[^\W_]+", re.sub(r"^[0-9]+(?![^\W_])", "", stem))[:6]
    slug = separator.join(words)[:40].strip(separator) or "title"
    return f"{number}-{slug.lower() if style == style.lower() else slug}.md"


def _number_problem(match: re.Match) -> str | None:
    """Why the section number of a file name is beyond the bounds (limits.py), if it is."""
    number = match.group("number")
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz").lstrip("0")
    if len(digits) > len(str(limits.MAX_NUMBER)) or int(digits or "0") > limits.MAX_NUMBER:
        shown = number if len(number) <= 20 else number[:20] + "…"
        return f"the section number {shown} is above {limits.MAX_NUMBER}, more than any policy needs"
    letters = len(number) - len(number.rstrip("abcdefghijklmnopqrstuvwxyz"))
    if letters > limits.MAX_SECTION_LETTERS:
        return (
            f"the section number {number[:20]} has {letters} letters; an inserted section has at most "
            f"{limits.MAX_SECTION_LETTERS}"
        )
    return None


def _parse_file(
    data: bytes, display: str, number: str, declared: frozenset[str], meta_path: str, numbering: Numbering
) -> tuple[Unit | None, Problems]:
    problems = Problems()
    text = decode_policy_file(data, display, problems)
    if text is None:
        return None, problems
    if not text.strip():
        fix = (
            "write the preamble (a heading without a number, then its text), or delete the file"
            if number == "0"
            else f"write the section, starting with '# {syntax(numbering).expected(number)}. Title', or delete the file"
        )
        problems.add(checks.EMPTY_FILE, display, 1, "the file is empty", fix)
        return None, problems
    return parse_section(text, display, number, problems, declared, meta_path, numbering).unit, problems
