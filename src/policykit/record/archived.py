"""What is odd in an archived version's text: said at INFO, and made harmless before MkDocs
reads the version's pages.

An archived version is shown as it was, and what is odd about it is information, never a
warning (a past commit cannot be changed). Yet MkDocs checks the links of every page it
builds: a text imported from another site links to that site's other pages
(`../abuse/index.md`), and each archived version would add a warning that names MkDocs' own
page (`en/versions-10.md`), which no editor can find, so that the strict build of such a history
could never pass. Lowering MkDocs' link validation for the whole site would hide the broken
links of docs/ too. Instead, each archived version's section files get the checks the text in
force gets (links.py, templating.py); what they find is said as `old-version` at the file's
line in that version (`policy/en/03-x.md@1.2:14`), and the version's pages show a link whose
target is not there as its words alone (`unlink_text`): no word is lost or added, and MkDocs
has nothing to warn about. Template syntax is shown as written, as that version had it.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import replace
from pathlib import Path

from policykit.record.history import Version
from policykit.record.versions import Record
from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.comments import in_code
from policykit.text.links import dead, fragment_links, not_found, page_anchors, relative_targets
from policykit.text.model import LanguageText, Unit
from policykit.text.persisted import Persisted, Unreadable
from policykit.text.source import PolicyFiles
from policykit.text.templating import template_syntax

#: The fix of every notice here: nothing can be done about a past commit.
FIX = "published versions are shown as they were; nothing to do"


def check_versions(
    record: Record,
    files: PolicyFiles,
    languages: list[str],
    docs: Path | None,
    problems: Problems,
    persisted: Persisted | None = None,
) -> None:
    """Check every published version's section files; set each version's `unlinked` (per
    language, the link targets its pages show as words) and report what was found once, at
    the first version that has it (and in its `oddities`, which `policy versions` lists). A file as it stands in the working tree is left to the
    checks of the text in force, which report it as an error or warning.

    What each file's text holds (its links, its template syntax: `_scan`) is kept in
    `persisted` across builds, in one entry of blob id -> scan: each scan is a function of its
    blob's bytes alone (and of the code, in every key), so the entry is right for any history,
    and a history that grew scans its new files alone. Whether a link's file is in docs/ is
    looked up in every build."""
    default = languages[0] if languages else ""
    found_in: dict[tuple, list] = {}  # (lang, name, kind, what) -> [first label, line, later labels]
    by_blob: dict[tuple[str, str], tuple[list, list]] = {}  # most files are the same in many versions
    kept = persisted.load(persisted.key("archived"), _scans_from_json) if persisted is not None else None
    scans: dict[str, Scan] = dict(kept or {})

    def of_file(version: Version, lang: str, blob: str) -> tuple[list, list]:
        """A file's findings besides dead anchors, and its links to places on the page."""
        if (lang, blob) not in by_blob:
            if blob not in scans:
                scans[blob] = _scan(_read(version.files, blob))
            scan = scans[blob]
            by_blob[(lang, blob)] = (
                ([], [])
                if scan is None
                else (
                    [(line, "link", target) for line, target in not_found(scan[0], lang, default, docs)]
                    + [(line, "template", syntax) for line, syntax in scan[1]],
                    scan[2],
                )
            )
        return by_blob[(lang, blob)]

    for version in record.versions:
        if version.commit is None:
            continue
        version.unlinked, version.oddities = {}, []
        for lang, text in version.policy.texts.items():
            if lang not in languages:
                continue
            present = None  # the page's anchors, found only for a text that links to a place on it
            targets: set[str] = set()
            for name, blob in sorted(version.files.folders.get(lang, {}).items()):
                findings, places = of_file(version, lang, blob)
                if places:
                    present = present or page_anchors(
                        text, version.meta.title.get(lang) or "", numbering=version.meta.numbering
                    )
                    findings = findings + [(line, "anchor", target) for line, target in dead(places, present)]
                targets.update(what for _, kind, what in findings if kind != "template")
                if files.folders.get(lang, {}).get(name) == blob:
                    continue  # the text in force: its own checks say it
                for line, kind, what in findings:
                    seen = found_in.setdefault((lang, name, kind, what), [version.label, line, []])
                    if seen[0] != version.label:
                        seen[2].append(version.label)
            if targets:
                version.unlinked[lang] = frozenset(targets)
    used = {blob for _, blob in by_blob}
    if persisted is not None and (kept is None or not used <= kept.keys()):
        # The scans of this history's files only: the entry does not grow with files no version has.
        persisted.save(persisted.key("archived"), {blob: scans[blob] for blob in sorted(used)})
    by_label = {version.label: version for version in record.versions}
    for (lang, name, kind, what), (label, line, later) in found_in.items():
        also = (
            ""
            if not later
            else f" (also in version {later[0]})"
            if len(later) == 1
            else f" (also in {len(later)} later versions, the last {later[-1]})"
        )
        problems.add(checks.OLD_VERSION, f"{files.shown}/{lang}/{name}@{label}", line, _message(kind, what) + also, FIX)
        by_label[label].oddities.append(f"{files.shown}/{lang}/{name}:{line}: {_message(kind, what)}{also}")


#: What a file's text holds (relative link targets, template syntax, links to places on the
#: page), as `_scan` finds it; None for a file that is not UTF-8.
Scan = tuple[list, list, list] | None


def _scan(source: str | None) -> Scan:
    if source is None:
        return None
    return relative_targets(source), template_syntax(source), fragment_links(source)


def _scans_from_json(value: object) -> dict[str, Scan]:
    if not isinstance(value, dict):
        raise Unreadable("not the scans of files")
    found: dict[str, Scan] = {}
    for blob, scan in value.items():
        if scan is None:
            found[blob] = None
            continue
        targets, syntax, places = (_pairs(part) for part in scan)
        found[blob] = (targets, syntax, places)
    return found


def _pairs(value: object) -> list[tuple[int, str]]:
    """A list of (line, text), as JSON writes it (lists of two)."""
    if not isinstance(value, list):
        raise Unreadable("not a list of lines")
    pairs = []
    for line, text in value:
        if type(line) is not int or not isinstance(text, str):
            raise Unreadable("not a line and its text")
        pairs.append((line, text))
    return pairs


def _read(files: PolicyFiles, blob: str) -> str | None:
    try:
        return files.read(blob).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # reported where the file is read


def _message(kind: str, what: str) -> str:
    if kind == "link":
        return (
            f"the link '{what}' names a file that is not in the site; the archived version shows "
            "the link's words without it"
        )
    if kind == "anchor":
        return (
            f"the link '{what}' leads to no place on the version's page; the archived version "
            "shows the link's words without it"
        )
    return (
        f"{what!r} is template syntax of the site the text came from, which this site does not fill "
        "in; the archived version shows it as written"
    )


# Making the links harmless ---------------------------------------------------------------------

_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s<>]+)>?.*$", re.MULTILINE)
_TITLE = r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?"


def unlink_text(text: LanguageText, targets: frozenset[str] | None) -> LanguageText:
    """`text` with every link or image whose target is in `targets` shown as its words (an
    image as its alt text): a copy where something changed, `text` itself where nothing did
    (its units are shared with other versions and the text in force, and never changed)."""
    if not targets:
        return text
    labels = {
        _label(m.group(1))
        for unit in text.units()
        for m in _REF_DEF.finditer("\n".join(unit.lines))
        if m.group(2) in targets
    }
    sections = [_unlink_unit(section, targets, labels) for section in text.sections]
    if all(new is old for new, old in zip(sections, text.sections)):
        return text
    return LanguageText(text.lang, sections, set(text.unreadable))


def _unlink_unit(unit: Unit, targets: frozenset[str], labels: set[str]) -> Unit:
    children = [_unlink_unit(child, targets, labels) for child in unit.children]
    lines = _unlink_lines(unit.lines, targets, labels)
    title = unlink(unit.title, targets, labels) if unit.title else unit.title
    if lines == unit.lines and title == unit.title and all(n is o for n, o in zip(children, unit.children)):
        return unit
    return replace(unit, lines=lines, title=title, children=children)


def _unlink_lines(lines: list[str], targets: frozenset[str], labels: set[str]) -> list[str]:
    """Each run of lines outside fenced code, unlinked as one (a link's words may span lines)."""
    out: list[str] = []
    run: list[str] = []
    for line, code in zip(lines, in_code(lines)):
        if code:
            out += unlink("\n".join(run), targets, labels).split("\n") if run else []
            out.append(line)
            run = []
        else:
            run.append(line)
    if run:
        out += unlink("\n".join(run), targets, labels).split("\n")
    return out


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def unlink(text: str, targets: frozenset[str], labels: Set[str] = frozenset()) -> str:
    """`text` with each inline link or image to one of `targets` replaced by its words, each
    reference definition of `labels` (definitions whose target is one of them) emptied and the
    references to it replaced by their words, and each raw HTML `href=`/`src=` to one of them
    dropped (the element then shows its words)."""
    for target in sorted(targets, key=len, reverse=True):
        tail = re.compile(r"\]\(\s*(?:<" + re.escape(target) + r">|" + re.escape(target) + r")" + _TITLE + r"\s*\)")
        at = 0
        while (found := tail.search(text, at)) is not None:
            start = _opening(text, found.start())
            if start is None:
                at = found.end()
                continue
            image = start > 0 and text[start - 1] == "!" and (start < 2 or text[start - 2] != "\\")
            words = text[start + 1 : found.start()]
            text = text[: start - image] + words + text[found.end() :]
            at = start - image + len(words)
        attribute = re.compile(
            r"\s(?:href|src)[ \t]*=[ \t]*(?:\"" + re.escape(target) + r"\"|'" + re.escape(target) + "')"
        )
        text = attribute.sub("", text)
    if labels:
        text = _REF_DEF.sub(lambda m: "" if _label(m.group(1)) in labels else m.group(0), text)
        full = re.compile(r"(!?)\[((?:[^\[\]\n]|\n(?!\n))*)\][ ]?\[([^\[\]\n]*)\]")
        text = full.sub(lambda m: m.group(2) if _label(m.group(3) or m.group(2)) in labels else m.group(0), text)
        short = re.compile(r"(?<![\]\\])(!?)\[([^\[\]\n]+)\](?![\[(:])")
        text = short.sub(lambda m: m.group(2) if _label(m.group(2)) in labels else m.group(0), text)
    return text


def _opening(text: str, close: int) -> int | None:
    """Where the `[` that the `]` at `close` closes stands, or None (not in this paragraph)."""
    depth = 0
    for at in range(close - 1, -1, -1):
        char = text[at]
        if char == "\n" and at > 0 and text[at - 1] == "\n":
            return None  # a blank line: another paragraph
        if at > 0 and text[at - 1] == "\\":
            continue  # an escaped bracket is text
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return at
            depth -= 1
    return None
