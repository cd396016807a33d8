"""Template syntax in the policy's text: `{{ site.email_support }}`, `{% include x %}`.

A text taken from another site (Jekyll, Hugo, a CMS) may hold the syntax that site's templates
filled in as they published the page. This site fills nothing in, so a reader would see the
braces where the published page had an address or a name: words that the page never had. In
the text in force that is an error (`template-syntax`) in lint and in the build; in an archived
version it is said at INFO (that version is shown as it was). Braces in code (a code span, fenced
code) are shown as written on purpose and are not reported, nor is anything inside a comment.
"""

from __future__ import annotations

import re

from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.comments import prose_lines
from policykit.text.source import PolicyFiles

#: `{{ … }}` and `{% … %}` on one line (Jinja, Liquid, Go and Hugo templates write them so).
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")

#: How to mend template syntax in the text in force.
FIX = (
    "write in its place what the source site showed there, or put it in backticks to show it as "
    "written; policy import --define KEY=VALUE fills it in as it imports"
)


def template_syntax(text: str) -> list[tuple[int, str]]:
    """(line, the syntax as written) of each template expression or tag in `text`, outside
    code and comments."""
    if "{{" not in text and "{%" not in text:
        return []
    found = []
    for number, line in prose_lines(text):
        found += [(number, match.group()) for match in _TEMPLATE.finditer(_CODE_SPAN.sub("", line))]
    return found


def message(syntax: str) -> str:
    shown = syntax if len(syntax) <= 60 else syntax[:57] + "..."
    return (
        f"{shown!r} is template syntax of the site the text came from, which this site does not "
        "fill in: readers would see it as written"
    )


def check_template_syntax(files: PolicyFiles, languages: list[str], problems: Problems) -> None:
    """Report template syntax in the working tree's section files (`template-syntax`)."""
    for lang, name, text in files.texts(languages):
        for line, syntax in template_syntax(text):
            problems.add(checks.TEMPLATE_SYNTAX, f"{files.shown}/{lang}/{name}", line, message(syntax), FIX)
