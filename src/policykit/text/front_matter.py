"""A section file's front matter: the optional `---` block before its text, read as YAML, and
its one key, `untranslated:` (the units a translation lacks for now).

Apart from the scanner because it is read before any line is scanned (it decides where the
text starts and which gaps in the labels are allowed), with YAML's guards and messages.
"""

from __future__ import annotations

from typing import Any

import yaml

from policykit.text import checks, limits
from policykit.text.checks import Problems
from policykit.text.model import ANCHOR_RE, Unit


def read_front_matter(lines: list[str], path: str, problems: Problems) -> tuple[dict[str, Any], int | None]:
    """Read optional `---` front matter: its mapping (empty when there is none or it is wrong)
    and the index of the first body line (None when the front matter never ends)."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.add(
            checks.FRONT_MATTER, path, 1, "front matter opened by '---' is never closed", "end it with a line '---'"
        )
        return {}, None
    text = "\n".join(lines[1:end])
    refused = limits.yaml_guard(text, yaml.SafeLoader)
    if refused:
        line, message, fix = refused
        problems.add(checks.FRONT_MATTER, path, line + 1, f"the front matter {message}", fix)
        return {}, end + 1
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problems.add(
            checks.FRONT_MATTER,
            path,
            line,
            "front matter is not valid YAML",
            "write 'key: value' lines between the two '---' lines",
        )
        return {}, end + 1
    if data is not None and not isinstance(data, dict):
        problems.add(
            checks.FRONT_MATTER,
            path,
            2,
            "front matter is not a mapping",
            "write 'key: value' lines between the two '---' lines",
        )
        return {}, end + 1
    return data or {}, end + 1


def untranslated(value: object, unit: Unit, path: str, problems: Problems) -> tuple[str, ...]:
    """`untranslated: [s3-b]` (`value`): units of the section `unit` that a translation lacks
    for now (the section's own anchor: its title and text, and every clause the file does not
    have)."""
    section = unit.id
    example = unit.children[-1].id if unit.children else f"{section}-…"
    fix = f"list anchors of this section, such as untranslated: [{example}], or [{section}] for all of it"
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(checks.FRONT_MATTER, path, 2, "untranslated: must be a list of anchors", fix)
        return ()
    for item in value:
        if not ANCHOR_RE.match(item) or not (item == section or item.startswith(section + "-")):
            problems.add(
                checks.FRONT_MATTER,
                path,
                2,
                f"untranslated: '{item[:30]}' is not an anchor of section {unit.cite}",
                fix,
            )
    return tuple(i for i in value if ANCHOR_RE.match(i) and (i == section or i.startswith(section + "-")))
