"""`policy diff`: what a change does to the policy, clause by clause and word by word.

Compares two snapshots of policy/ (two revisions, or a revision and the working tree) with the
same clause-level comparison and the same redline as the site's changelog and redline pages.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import git

from policykit.project.config import SiteConfig
from policykit.record.changes import Changes, compare
from policykit.record.history import Reader, versions_from
from policykit.render.redline import Segment, shorten, to_html
from policykit.render.redline import diff as word_diff
from policykit.text import checks
from policykit.text.checks import FixableError, printable
from policykit.text.model import display_label
from policykit.text.numbering import STANDARD_NUMBERING, Numbering
from policykit.text.reading import as_text as readable
from policykit.text.source import POLICY_DIR, Policy, check_policy, read_tree

#: Words of unchanged text kept next to each change: enough to find the place, short to read.
CONTEXT = 12


def redline(old: str, new: str) -> list[Segment]:
    return shorten(word_diff(old, new), CONTEXT)


def cite(unit_id: str, numbering: Numbering = STANDARD_NUMBERING) -> str:
    return "preamble" if unit_id == "s0" else display_label(unit_id, numbering)


WORKING = "working tree"


@dataclass
class Side:
    name: str  # how it is shown: "1.1 (abc1234)" or "1.2 (working tree)"
    policy: Policy
    said: str = ""  # how a name given on the command line was read (`resolve_revision`)


def load_side(
    reader: Reader,
    root: Path,
    revision: str | None,
    languages: list[str],
    policy_dir: str = POLICY_DIR,
    versions: list | None = None,
) -> Side:
    """A revision's policy folder, or the working tree's when `revision` is None. `revision`
    may be a version label of `versions` (the policy's history), which wins (`resolve_revision`); how it
    was read is the Side's `said`."""
    if revision is None:
        policy = check_policy(read_tree(root / policy_dir, policy_dir), languages)
        return Side(f"{policy.meta.version or '?'} ({WORKING})", policy)
    sha, said = resolve_revision(reader, revision, versions or [])
    files = reader.files_at(sha)
    if files is None:
        raise FixableError(f"{revision} has no {policy_dir}/ folder")
    policy = check_policy(files, languages, reader.parse_cache)
    shown = revision if sha.startswith(revision) else f"{revision} {sha[:7]}"
    return Side(f"{policy.meta.version or '?'} ({shown})", policy, said)


def diff(site: SiteConfig, base: str | None, head: str | None) -> tuple[list[str], DiffReport]:
    """What `policy diff BASE HEAD` shows: how each name given was read (for stderr), and the
    report. BASE defaults to the merge-base with main, HEAD to the working tree. A repository or
    a revision that cannot be read raises FixableError (a revision: `_commit`, where it is
    resolved); any other error is a fault of this program, and is not said to be the user's."""
    try:
        reader = Reader(site.root, site.policy_dir)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise FixableError(
            "policy diff needs a git repository", "run it in the site's repository, or name it with --root"
        ) from None
    versions = history_versions(reader) if base or head else []
    old = load_side(reader, site.root, base or default_base(reader), site.languages, site.policy_dir, versions)
    new = load_side(reader, site.root, head, site.languages, site.policy_dir, versions)
    said = [side.said for name, side in zip((base, head), (old, new)) if name is not None]
    return said, make_report(old, new, site.languages)


def default_base(reader: Reader) -> str:
    """The merge-base of HEAD with main (or origin/main): what a pull request would change."""
    for branch in ("main", "origin/main", "master", "origin/master"):
        try:
            return reader.repo.git.merge_base("HEAD", branch)
        except git.GitCommandError:
            continue
    return "HEAD"


def history_versions(reader: Reader) -> list:
    """The policy's published versions, whose labels `policy diff` takes, as the history names
    them (a label that came back is `1.1-r2`). Only policy.yml is read: the texts are not
    parsed, so that a long history costs no more than git's log."""
    return versions_from(reader.snapshots(), [], {})


def resolve_revision(reader: Reader, revision: str, versions: list) -> tuple[str, str]:
    """The commit that `revision` names, and how it was read (`1.0 = version 1.0 (commit
    abc1234)`). A version label of the policy wins over a git name spelled the same (a tag, a
    branch, a short commit id such as `beef`): the label is what readers see on the site. A
    label names its version's text: the last commit of the version's run. A label that came
    back after another (a revert) is `1.1-r2`; its first run is `1.1`."""
    version = next((v for v in versions if v.commit and v.label == revision), None)
    if version is not None:
        said = f"{revision} = version {version.label} (commit {version.commit[:7]})"
        try:
            other = _commit(reader, revision).hexsha
        except FixableError:
            other = None
        if other is not None and other != version.commit:
            said += f"; the git name {revision} (commit {other[:7]}) is not used: the version label wins"
        return version.commit, printable(said)
    sha = _commit(reader, revision).hexsha
    try:
        full = reader.repo.git.rev_parse("--symbolic-full-name", revision, "--")
    except git.GitCommandError:
        full = ""
    kind = (
        "tag"
        if full.startswith("refs/tags/")
        else "branch"
        if full.startswith(("refs/heads/", "refs/remotes/"))
        else "revision"
    )
    label = next((v.label for v in versions if v.commit == sha), None)
    said = f"{revision} = {kind} {revision} (commit {sha[:7]}{f', version {label}' if label else ''})"
    return sha, printable(said)


def _commit(reader: Reader, revision: str) -> git.Commit:
    """The commit a revision names. GitPython raises many kinds of error for what git would
    refuse (`HEAD~1:../../` is a KeyError), and `rev:path` names a tree or a file, no commit."""
    fix = "name a version label, a commit, a branch or a tag, such as 1.0, HEAD~1, main or v1.0"
    try:
        found = reader.repo.rev_parse(revision)
    except (git.BadName, git.BadObject, ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise FixableError(f"no such revision: {revision}", fix) from None
    while found.type == "tag":  # an annotated tag names the commit it tags
        found = found.object
    if found.type != "commit":
        raise FixableError(f"{revision} names a {found.type}, not a commit", fix)
    return found


@dataclass
class DiffReport:
    base: Side
    head: Side
    changes: Changes
    languages: list[str]

    @property
    def auth(self) -> str:
        return self.head.policy.meta.authoritative or self.languages[0]

    def raw(self, side: Side, lang: str, unit_id: str) -> str:
        """A unit's text as a reader gets it (reading.py): the words, and marks for link
        targets, images and formatting; Markdown syntax itself left out of the redline."""
        text = side.policy.texts.get(lang)
        unit = text.find(unit_id) if text else None
        return unit.compared if unit else ""

    def untranslated(self, side: Side, lang: str, unit_id: str) -> bool:
        """Whether `lang` leaves the unit untranslated on `side` (front matter `untranslated:`):
        its text there is the authoritative one standing in, whose change is listed once, in
        the authoritative language."""
        text = side.policy.texts.get(lang)
        unit = text.find(unit_id) if text and lang != self.auth else None
        return bool(unit is not None and unit.stand_in)

    def entries(self):
        """(kind, id, lang, old text, new text) for every unit to show, in a stable order."""
        c = self.changes
        for unit_id in c.changed:
            for lang in self.languages:
                if self.untranslated(self.head, lang, unit_id):
                    continue
                old, new = self.raw(self.base, lang, unit_id), self.raw(self.head, lang, unit_id)
                if old != new or lang == self.auth:
                    yield "changed", unit_id, lang, old, new
        for unit_id in c.added:
            for lang in self.languages:
                if not self.untranslated(self.head, lang, unit_id):
                    yield "added", unit_id, lang, "", self.raw(self.head, lang, unit_id)
        for unit_id in c.removed:
            for lang in self.languages:
                if not self.untranslated(self.base, lang, unit_id):
                    yield "removed", unit_id, lang, self.raw(self.base, lang, unit_id), ""
        for lang, ids in c.translated.items():
            for unit_id in ids:
                yield (
                    "translation",
                    unit_id,
                    lang,
                    self.raw(self.base, lang, unit_id),
                    self.raw(self.head, lang, unit_id),
                )


TITLES = {
    "changed": "Changed",
    "added": "Added",
    "removed": "Removed",
    "translation": "Translation updated only",
    "moved": "Moved",
    "whitespace": "Layout only",
}


def make_report(base: Side, head: Side, languages: list[str]) -> DiffReport:
    report = DiffReport(base, head, compare(base.policy, head.policy, head.policy.meta.moved, languages), languages)
    translated = report.changes.translated
    for lang in list(translated):  # an untranslated unit's text is the authoritative one: no translation
        translated[lang] = [i for i in translated[lang] if not report.untranslated(head, lang, i)]
        if not translated[lang]:
            del translated[lang]
    return report


def _shown(text: str) -> str:
    """Text for a terminal: marks as text (a link's target as ⟨→ https://…⟩, bold as **…**),
    control and bidi characters escaped (checks.printable), line ends kept."""
    return "\n".join(checks.printable(part) for part in readable(text).split("\n"))


#: How a terminal shows deleted and inserted words (red struck through, green underlined).
_STYLES = {"old": "\x1b[31m\x1b[9m", "new": "\x1b[32m\x1b[4m"}
_RESET = "\x1b[0m"


def as_text(report: DiffReport, color: bool) -> str:
    def styled(segments: list[Segment]) -> str:
        out = []
        for seg in segments:
            old, new = _shown(seg.old), _shown(seg.new)
            if seg.op == "equal":
                out.append(old)
                continue
            if old:
                out.append(f"{_STYLES['old']}{old}{_RESET}" if color else f"[-{old}-]")
            if new:
                out.append(f"{_STYLES['new']}{new}{_RESET}" if color else f"{{+{new}+}}")
        return "".join(out)

    lines = [f"policy diff: {_shown(report.base.name)} -> {_shown(report.head.name)}"]
    numbering = report.head.policy.meta.numbering
    label = partial(cite, numbering=numbering)
    current = None
    for kind, unit_id, lang, old, new in report.entries():
        if kind != current:
            lines += ["", f"{TITLES[kind]}:"]
            current = kind
        lines.append(f"  {label(unit_id)} ({unit_id}, {lang}): {styled(redline(old, new))}")
    if report.changes.moved:
        lines += ["", "Moved:"] + [f"  {label(a)} ({a}) -> {label(b)} ({b})" for a, b in report.changes.moved.items()]
    if report.changes.whitespace:
        lines += ["", "Layout only: " + ", ".join(report.changes.whitespace)]
    if report.changes.empty:
        lines += ["", "No change to the text."]
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)


def as_markdown(report: DiffReport) -> str:
    """For a pull-request comment or a job summary: GitHub renders <del> and <ins>."""
    out = [f"### Policy changes: {html.escape(report.base.name)} → {html.escape(report.head.name)}", ""]
    label = partial(cite, numbering=report.head.policy.meta.numbering)
    current = None
    for kind, unit_id, lang, old, new in report.entries():
        if kind != current:
            out += ["", f"**{TITLES[kind]}**", ""]
            current = kind
        out.append(f"- **{label(unit_id)}** (`{unit_id}`, {lang}): {_md_escape(to_html(redline(old, new)))}")
    if report.changes.moved:
        out += ["", "**Moved**", ""] + [
            f"- **{label(a)}** (`{a}`) → **{label(b)}** (`{b}`)" for a, b in report.changes.moved.items()
        ]
    if report.changes.whitespace:
        out += ["", "**Layout only**: " + ", ".join(f"`{i}`" for i in report.changes.whitespace)]
    if report.changes.empty:
        out += ["", "No change to the text."]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def as_json(report: DiffReport) -> str:
    c = report.changes
    data = {
        "base": report.base.name,
        "head": report.head.name,
        "changes": {
            "added": c.added,
            "changed": c.changed,
            "removed": c.removed,
            "moved": c.moved,
            "translation_updated": c.translated,
            "whitespace": c.whitespace,
        },
        "redlines": [
            {"kind": kind, "id": unit_id, "lang": lang, "html": to_html(word_diff(old, new))}
            for kind, unit_id, lang, old, new in report.entries()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
