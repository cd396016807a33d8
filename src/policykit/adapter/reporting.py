"""How the package's problems reach MkDocs: notices and warnings logged (so that --strict counts
the warnings), errors and a FixableError as MkDocs' PluginError, one located line each and no
traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from mkdocs.exceptions import PluginError

from policykit.text import checks

# Problems start with their own `path:line:`, so they are logged without a plugin prefix;
# under `mkdocs.`, so that --strict counts their warnings.
log = logging.getLogger("mkdocs.policy")
Params = ParamSpec("Params")
Result = TypeVar("Result")


def said_to_mkdocs(event: Callable[Params, Result]) -> Callable[Params, Result]:
    """The one place where the build says a FixableError (a problem of the configuration, found
    by the project's checks or the adapter's): as MkDocs' PluginError, `path:line: message
    (fix)`, without a traceback. Every event that reads the configuration goes through it."""

    @functools.wraps(event)
    def said(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return event(*args, **kwargs)
        except checks.FixableError as exc:
            raise PluginError(str(exc)) from None

    return said


def report(problems: checks.Problems, strict: bool) -> None:
    """Notices go to INFO, warnings to WARNING; errors stop the build, and so do warnings
    under --strict: here, before anything is written, rather than after the whole site."""
    for problem in problems:
        if problem.severity == checks.Severity.NOTICE:
            log.info(str(problem))
        elif problem.severity == checks.Severity.WARNING:
            log.warning(str(problem))
    errors = problems.errors
    for problem in errors[:-1]:
        log.error(str(problem))
    if errors:  # one line per problem, each with file and line; the last one aborts the build
        raise PluginError(str(errors[-1]))
    warnings = problems.of(checks.Severity.WARNING)
    if strict and warnings:
        raise PluginError(f"{len(warnings)} warning(s) above, and --strict is on: nothing was written")
