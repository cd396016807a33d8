"""The site's own policy.yml, as the importer reads it: under the YAML guard, its declarations
checked.

`policy import FILE` reads it for the keys it merges into and, for a translation, the
authoritative text's numbering, gaps and declarations. It is read as the build reads it:
aliases and deep nesting are refused before anything is composed (limits.yaml_guard; an alias
bomb would otherwise be walked exponentially), and `gaps:`, `moved:` and `removed:` are checked
by meta.parse_meta, so that a malformed one (`gaps: [[x]]`, `moved: [a, b]`) is a message
naming policy.yml and its line, never a traceback.
"""

from __future__ import annotations

import yaml

from policykit.text import limits
from policykit.text.checks import FixableError, Problems
from policykit.text.meta import parse_meta

#: The keys the importer reads as declarations, whose shape it relies on.
DECLARATIONS = ("gaps", "moved", "removed")


class SiteMetaError(FixableError):
    """The site's policy.yml cannot be read as the import needs it: where, what, the fix."""


def load(text: str, shown: str) -> dict | None:
    """policy.yml's keys, values as text (YAML's base loader: `1.10` stays "1.10"); None for a
    file that is no mapping. Raises SiteMetaError for an alias or too deep nesting, a file
    that is not YAML, or a malformed declaration."""
    refused = limits.yaml_guard(text, yaml.SafeLoader)
    if refused:
        line, message, fix = refused
        raise SiteMetaError(f"the existing file {message}", fix, path=shown, line=line)
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader) if text else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SiteMetaError(
            "the existing file is not valid YAML",
            "correct it (policy lint names the problem) and import again",
            path=shown,
            line=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(data, dict):
        return None
    check_declarations(text, shown, data)
    return data


def check_declarations(text: str, shown: str, data: dict) -> None:
    """The first malformed `gaps:`, `moved:` or `removed:` of policy.yml, as the build's own
    check (meta.parse_meta) says it, raised as SiteMetaError."""
    if not any(key in data for key in DECLARATIONS):
        return
    problems = Problems()
    languages = [str(data.get("authoritative") or "en")]
    parse_meta(text, shown, languages, problems)
    for problem in problems:
        if problem.message.split(":", 1)[0] in DECLARATIONS:
            raise SiteMetaError(
                problem.message, problem.fix or "correct it and import again", path=shown, line=problem.line
            )
