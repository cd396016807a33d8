"""`policy/policy.yml`: the metadata of the current version, validated with line numbers.

Values are read from the YAML nodes, not from what PyYAML makes of them, so that an unquoted
`version: 1.10` stays the label "1.10" (not the float 1.1) and `effective: 2026-12-01` is
checked as the text the editor wrote. Aliases and deep nesting are refused before the YAML is
composed (limits.yaml_guard); lengths and dates beyond the bounds of limits.py are errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
import zoneinfo
from dataclasses import dataclass, field

import yaml

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.model import ANCHOR_RE
from policykit.text.numbering import CLAUSE_SCHEMES, SECTION_SCHEMES, SUBCLAUSE_SCHEMES, Numbering
from policykit.text.numbering import check as check_numbering

#: libyaml's loader when PyYAML has it: policy.yml is read once per version of the history.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A version label: it names the folder /versions/LABEL/, so it is short (limits.MAX_VERSION).
VERSION_RE = re.compile(rf"^[0-9A-Za-z][0-9A-Za-z._-]{{0,{limits.MAX_VERSION - 1}}}$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
KNOWN_KEYS = {
    "version",
    "effective",
    "timezone",
    "authoritative",
    "title",
    "summary",
    "reviewed",
    "editorial",
    "numbering",
    "gaps",
    "aliases",
    "moved",
    "removed",
}
#: A fragment an old page had (`aliases:`): a heading's slug or an id. Not of the form of the
#: policy's anchors, nor the theme's (`__…`) or the generator's (`policy-…`, `md-…`) ids.
FRAGMENT_RE = re.compile(r"^(?:[^\W_]|-)[\w.:-]{0,99}$")
RESERVED_FRAGMENT_RE = re.compile(r"^(?:policy|md)-", re.I)


@dataclass
class Meta:
    version: str = ""
    effective: dt.date | None = None
    timezone: str = "UTC"
    authoritative: str = ""
    title: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    reviewed: dict[str, str] = field(default_factory=dict)
    #: `editorial: "1.1"`: this version changes no obligation. It names the label, so that a line
    #: left in policy.yml never makes the next version editorial too: only `editorial == version`
    #: counts (see `is_editorial`).
    editorial: str = ""
    numbering: Numbering = Numbering()
    gaps: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in policy.yml

    @property
    def declared(self) -> frozenset[str]:
        """Ids that do not stand in the text on purpose: they may leave gaps in labels (moved
        or removed ones, and `gaps:`, labels an imported text skipped and that never existed)."""
        return frozenset(self.moved) | frozenset(self.removed) | frozenset(self.gaps)

    @property
    def is_editorial(self) -> bool:
        """Whether policy.yml calls this version editorial (by its own label)."""
        return bool(self.editorial) and self.editorial == self.version


def parse_meta(text: str, path: str, languages: list[str], problems: Problems) -> Meta:
    """Validate policy.yml against the site's `languages`; every problem names its line."""
    meta = Meta()
    refused = limits.yaml_guard(text, LOADER)
    if refused:
        line, message, fix = refused
        problems.add(checks.META_SYNTAX, path, line, f"policy.yml {message}", fix)
        return meta
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        exc = _pure_python_error(text)  # its messages are the same on every machine
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc)
        line = mark.line + 1 if mark else 1
        opened = None if "\\t" in problem or "\t" in problem else _unclosed_quote(text, line)
        if opened:  # YAML notices only lines later, where the quoted text runs into a key
            problems.add(
                checks.META_SYNTAX,
                path,
                opened,
                "not valid YAML: a quotation mark is opened here and never closed",
                "close the quotation mark at the end of the value",
            )
        else:
            problems.add(checks.META_SYNTAX, path, line, f"not valid YAML: {problem}", _yaml_hint(problem))
        return meta
    if root is None:  # empty, or only comments
        problems.add(
            checks.META_FIELD,
            path,
            1,
            "the file has no keys",
            "write version, effective, authoritative, title and summary, as in the editors' guide",
        )
        return meta
    if not isinstance(root, yaml.MappingNode):
        problems.add(
            checks.META_FIELD,
            path,
            _line(root),
            "policy.yml must be a mapping of keys (version:, effective:, ...)",
            "write one 'key: value' per line, as in the editors' guide",
        )
        return meta
    _duplicate_keys(root, path, problems)
    fields = _Fields(root, path, problems)
    meta.lines = {key: _line(node) for key, node in fields.keys.items()}
    for key, node in fields.nodes.items():
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            fix = (
                f"did you mean '{close[0]}'?" if close else f"remove it; known keys are {', '.join(sorted(KNOWN_KEYS))}"
            )
            problems.add(checks.META_UNKNOWN, path, _line(node), f"unknown key '{key}'", fix)
    meta.version = fields.scalar("version", VERSION_RE, "a label of letters, digits, '.', '_' and '-', such as \"1.1\"")
    effective = fields.scalar("effective", DATE_RE, "a date written YYYY-MM-DD, such as 2026-12-01")
    meta.effective = _date(effective, fields)
    meta.timezone = fields.scalar("timezone", None, "a zone name such as Europe/London", "UTC")
    _check_timezone(meta.timezone, fields)
    meta.authoritative = fields.scalar(
        "authoritative", None, f"a language code such as {languages[0] if languages else 'en'}"
    )
    if meta.authoritative and meta.authoritative not in languages:
        fields.problem(
            "authoritative",
            f"'{meta.authoritative}' is not a language of the site",
            f"use one of {', '.join(languages)}",
        )
    meta.title = fields.per_language("title", languages, required=True, max_length=limits.MAX_TITLE)
    meta.summary = fields.per_language("summary", languages, required=True, max_length=limits.MAX_SUMMARY)
    meta.reviewed = fields.per_language("reviewed", languages, required=False, value_re=VERSION_RE)
    meta.editorial = _editorial(fields, meta.version)
    meta.numbering = fields.numbering()
    meta.gaps = fields.id_list("gaps")
    meta.aliases = fields.alias_map("aliases", meta.numbering)
    meta.moved = fields.id_map("moved")
    meta.removed = fields.id_list("removed")
    return meta


def _editorial(fields: _Fields, version: str) -> str:
    """`editorial:`, which counts only where it names `version`. Anything else (another label,
    an empty value, a list, a text too long for a label) is ignored with the `editorial-label`
    warning, never an error: a line left over in an old version must not fail a build or
    leave that version out of the archive (an old version reports it at INFO)."""
    node = fields.nodes.get("editorial")
    if node is None:
        return ""
    value = fields.text(node) if isinstance(node, yaml.ScalarNode) else ""
    if not version or value == version:  # a missing `version:` is reported already
        return value
    fix = f'write editorial: "{version}" if this version changes no obligation, else remove the line'
    if not value:
        fields.problem("editorial", "names no version label, so it is ignored", fix, check=checks.EDITORIAL_LABEL)
    else:
        shown = value if len(value) <= limits.MAX_VERSION else value[: limits.MAX_VERSION] + "…"
        fields.problem(
            "editorial",
            f'"{shown}" names another version than version: "{version}", so it is ignored',
            fix,
            check=checks.EDITORIAL_LABEL,
        )
    return value


def _unclosed_quote(text: str, upto: int) -> int | None:
    """The first line up to `upto` with an odd number of double (or single) quotation marks
    outside a comment: where an editor forgot to close one."""
    for number, line in enumerate(text.splitlines()[:upto], 1):
        code = re.sub(r"\\.", "", line)
        code = re.split(r"(?:^|\s)#", code, maxsplit=1)[0] if code.count('"') % 2 == 0 else code
        if code.count('"') % 2 or (code.count('"') == 0 and re.search(r":\s*'", code) and code.count("'") % 2):
            return number
    return None


def _duplicate_keys(node: yaml.Node, path: str, problems: Problems) -> None:
    """A key written twice in one mapping: YAML keeps the last silently, which for a version
    label or a summary means a text the editor did not mean to publish."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                problems.add(
                    checks.META_FIELD,
                    path,
                    _line(key),
                    f"'{name}' is written twice (also on line {seen[name]})",
                    "keep one of them",
                )
            else:
                seen[name] = _line(key)
            _duplicate_keys(value, path, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, path, problems)


def _yaml_hint(problem: str) -> str:
    """What an editor should look for, in words, for the YAML mistakes editors make."""
    if "'\\t'" in problem or "\\t" in problem or "\t" in problem:
        return "there is a tab: indent with spaces, never tabs"
    if "mapping values are not allowed" in problem:
        return (
            "look at this line and the one before: every key needs a space after its ':' "
            "(version: \"1.2\"), and a text that holds ': ' must be in quotes"
        )
    if "end of stream" in problem or "expected ',' or" in problem or "did not find expected" in problem:
        return "a quotation mark or a bracket is opened and never closed: look above this line"
    return "compare with the example in the editors' guide"


def _pure_python_error(text: str) -> yaml.YAMLError:
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return exc
    except RecursionError:  # yaml_guard stops deep nesting before this; never a traceback
        return yaml.YAMLError("lists or mappings nest too deep")
    return yaml.YAMLError("not valid YAML")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _date(value: str, fields: _Fields) -> dt.date | None:
    if not value:
        return None
    if not limits.year_in_range(int(value[:4])):
        fields.problem(
            "effective",
            f"the year {value[:4]} is outside {limits.MIN_YEAR} to {limits.MAX_YEAR}",
            "write the date the version takes effect, YYYY-MM-DD",
            check=checks.OUT_OF_RANGE,
        )
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fields.problem("effective", f"'{value}' is not a real date", "write a date that exists, YYYY-MM-DD")
        return None


def _check_timezone(name: str, fields: _Fields) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        fields.problem("timezone", f"unknown time zone '{name}'", "use an IANA name such as Europe/London, or UTC")


class _Fields:
    """Typed access to the top-level keys of the YAML mapping, reporting with line numbers."""

    def __init__(self, root: yaml.MappingNode, path: str, problems: Problems):
        self.root, self.path, self.problems = root, path, problems
        self.nodes: dict[str, yaml.Node] = {}
        self.keys: dict[str, yaml.Node] = {}
        for key, value in root.value:
            self.nodes[str(key.value)] = value
            self.keys[str(key.value)] = key

    def problem(
        self, key: str, message: str, fix: str, node: yaml.Node | None = None, check: checks.Check = checks.META_FIELD
    ) -> None:
        node = node or self.nodes.get(key) or self.root
        self.problems.add(check, self.path, _line(node), f"{key}: {message}", fix)

    def missing(self, key: str, example: str) -> None:
        self.problems.add(
            checks.META_FIELD, self.path, _line(self.root), f"'{key}' is missing", f"add '{key}: ...', {example}"
        )

    def text(self, node: yaml.ScalarNode) -> str:
        """A scalar's text, stripped, without the characters that limits.py refuses (a YAML
        escape can write them)."""
        return limits.clean_value(str(node.value), self.path, _line(node), self.problems).strip()

    def scalar(self, key: str, pattern: re.Pattern | None, example: str, default: str = "") -> str:
        node = self.nodes.get(key)
        if node is None:
            if not default:
                self.missing(key, example)
            return default
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.problem(key, "must be a single value", example)
            return default
        value = self.text(node)
        if pattern is VERSION_RE and len(value) > limits.MAX_VERSION:
            self.problem(
                key,
                f"the label is {len(value)} characters long; a label has at most {limits.MAX_VERSION}",
                'use a short label, such as "1.1"',
                check=checks.OUT_OF_RANGE,
            )
            return default
        if pattern and not pattern.match(value):
            self.problem(key, f"'{value}' is not valid", example)
            return default
        return value

    def per_language(
        self,
        key: str,
        languages: list[str],
        required: bool,
        value_re: re.Pattern | None = None,
        max_length: int | None = None,
    ) -> dict[str, str]:
        node = self.nodes.get(key)
        example = "one entry per language, such as {" + ", ".join(f"{l}: ..." for l in languages) + "}"
        if node is None:
            if required:
                self.missing(key, example)
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(key, "must map each language to a text", example)
            return {}
        result: dict[str, str] = {}
        for lang_node, value in node.value:
            lang = str(lang_node.value)
            if lang not in languages:
                self.problem(key, f"'{lang}' is not a language of the site", example, lang_node)
                continue
            text = self.text(value) if isinstance(value, yaml.ScalarNode) else ""
            if not text:
                self.problem(key, f"the {lang} entry must be a non-empty text", example, value)
            elif max_length and len(text) > max_length:
                self.problem(
                    key,
                    f"the {lang} entry is {len(text)} characters long, more than the {max_length} it may have",
                    "shorten it",
                    value,
                    check=checks.OUT_OF_RANGE,
                )
            elif value_re and not value_re.match(text):
                self.problem(key, f"the {lang} entry '{text}' is not a version label", example, value)
            else:
                result[lang] = text
        missing = [l for l in languages if l not in result and not any(str(k.value) == l for k, _ in node.value)]
        if required and missing:
            self.problem(key, f"no entry for {', '.join(missing)}", example)
        return result

    def id_map(self, key: str) -> dict[str, str]:
        node = self.nodes.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(key, "must map old anchors to new ones", "write {s7-c: s6-e}")
            return {}
        result = {}
        for old, new in node.value:
            if self._valid_id(key, old) and self._valid_id(key, new):
                result[sys.intern(str(old.value))] = sys.intern(str(new.value))
        return result

    def numbering(self) -> Numbering:
        """`numbering: {section: "A.", clause: "1."}`: a level left out keeps its default."""
        node = self.nodes.get("numbering")
        example = 'write {section: "1.", clause: "a.", subclause: "(1)"}, leaving out a level that keeps it'
        if node is None:
            return Numbering()
        if not isinstance(node, yaml.MappingNode):
            self.problem("numbering", "must map levels to schemes", example, check=checks.NUMBERING)
            return Numbering()
        chosen, known = {}, {"section": SECTION_SCHEMES, "clause": CLAUSE_SCHEMES, "subclause": SUBCLAUSE_SCHEMES}
        for key, value in node.value:
            level, scheme = str(key.value), str(value.value) if isinstance(value, yaml.ScalarNode) else ""
            if level not in known:
                self.problem(
                    "numbering",
                    f"'{level[:30]}' is not a level",
                    "the levels are section, clause and subclause",
                    key,
                    check=checks.NUMBERING,
                )
            elif scheme not in known[level]:
                choices = ", ".join(f'"{s}"' for s in known[level])
                self.problem(
                    "numbering",
                    f"'{scheme[:30]}' is not a scheme of {level}s",
                    f"write one of {choices} (quoted)",
                    value,
                    check=checks.NUMBERING,
                )
            else:
                chosen[level] = scheme
        clash = check_numbering(chosen)
        if clash:  # the sections keep their scheme: every heading is not reported as wrong too
            self.problem("numbering", clash[0], clash[1], check=checks.NUMBERING)
            return Numbering(section=chosen.get("section", Numbering.section))
        return Numbering(**chosen)

    def alias_map(self, key: str, numbering: Numbering) -> dict[str, str]:
        """Old fragments (an imported page's heading slugs and ids) -> the anchors they land on;
        none of the form of an anchor of `numbering` (or of the default's), which a unit may
        have, now or when a later version adds it."""
        node = self.nodes.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(key, "must map old fragments to anchors", "write {a-definitions: s1}")
            return {}
        result = {}
        for old, new in node.value:
            text = str(old.value) if isinstance(old, yaml.ScalarNode) else ""
            if not FRAGMENT_RE.match(text) or numbering.taken(text) or RESERVED_FRAGMENT_RE.match(text):
                self.problem(
                    key,
                    f"'{text[:30]}' cannot be an old fragment",
                    "use letters, digits, '-', '_', '.' and ':', not starting with '_', "
                    "and not of the form of an anchor (s3-g) or of the site's ids (policy-..., md-...)",
                    old,
                )
            elif self._valid_id(key, new):
                result[text] = str(new.value)
        return result

    def id_list(self, key: str) -> list[str]:
        node = self.nodes.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(key, "must be a list of anchors", "write [s3-g]")
            return []
        # Interned: every version's policy.yml lists the declarations of all before it, and
        # each version keeps its own (record/versions.py): held once, not once per version.
        return [sys.intern(str(item.value)) for item in node.value if self._valid_id(key, item)]

    def _valid_id(self, key: str, node: yaml.Node) -> bool:
        # The longest anchor the bounds allow, s999zzz-zzz-999zz, has 17 characters.
        if isinstance(node, yaml.ScalarNode) and len(str(node.value)) <= 24 and ANCHOR_RE.match(str(node.value)):
            return True
        shown = str(node.value)[:30] if isinstance(node, yaml.ScalarNode) else "a nested value"
        self.problem(key, f"'{shown}' is not an anchor", "anchors look like s3, s3-g or s6-b-1", node)
        return False
