"""What `policy import` is told about the source site: `--source-url` (where the file was
published) and `--define` (the words a template expression stood for), checked before anything
is read.

Apart from standalone.py, which reads and writes files, because outside.resolve_references works with these
values and nothing else of the import: both modules import this one, and neither the other's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykit.text import limits
from policykit.text.checks import FixableError
from policykit.text.links import site_url_problem


def template_key(inner: str) -> str:
    """How `--define` names an expression: its text inside the braces, without Jinja's
    whitespace dashes, spaces collapsed (`{{- site.email -}}` is `site.email`)."""
    return " ".join(inner.strip().removeprefix("-").removesuffix("-").split())


class OutsideError(FixableError):
    """An imported text that cannot stand alone as asked (a hostile --source-url, a template
    expression without --define): `lines` are the places, one a line; nothing was written."""


#: `--define` with the expression in its braces: the first `=` after them ends the key, so
#: that an expression holding `=` (`{{ a == b }}`) or none at all (`{{}}`) can be given a value.
_BRACED_DEFINE = re.compile(r"\s*(\{\{.*?\}\}|\{%.*?%\})\s*=(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Options:
    """`--source-url` and `--define`, checked (`parse`)."""

    source_url: str | None = None
    defines: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, source_url: str | None, defines: list[str] | tuple[str, ...] = ()) -> Options:
        """Every value reaches pages: a source URL that is no plain http(s) address (javascript:,
        data:, a space or a quote that would end the link) and a value holding a control
        character or a line end are refused here, before anything is read."""
        if source_url is not None:
            problem = site_url_problem(source_url) or (None if source_url else "is empty")
            if problem:
                raise OutsideError(
                    f"--source-url {source_url!r} {problem}",
                    "give the address where the source file was published, such as "
                    "--source-url https://example.com/legal/terms/",
                )
        values: dict[str, str] = {}
        for given in defines:
            braced = _BRACED_DEFINE.match(given)  # {{ a == b }}=VALUE: a key with '=', or {{}}
            if braced:
                key, sep, value = template_key(braced.group(1)[2:-2]), "=", braced.group(2)
            else:
                key, sep, value = given.partition("=")
                key = template_key(
                    key.strip().removeprefix("{{").removesuffix("}}").removeprefix("{%").removesuffix("%}")
                )
            if not sep or not (key or braced):
                raise OutsideError(
                    f"--define {given!r} is not KEY=VALUE",
                    "write the expression as the text has it inside the braces, then its value: "
                    "--define site.email_support=support@example.com",
                )
            bad = limits.REFUSED_RE.search(value) or re.search(r"[\n\r\t]", value)
            if bad:
                raise OutsideError(
                    f"--define {key}: the value holds {limits.describe(bad.group())}",
                    "give the words a reader sees, on one line",
                )
            if key in values and values[key] != value:
                raise OutsideError(f"--define {key} is given twice, with different values", "give it once")
            values[key] = value
        return cls(source_url, values)
