"""MkDocs hooks: the thin adapter between MkDocs (+ mkdocs-static-i18n) and policykit.

mkdocs-static-i18n builds the default language, then re-runs the whole build for every other
language from its on_post_build. The policy is read and checked once, in the first pass; the
later passes reuse it. Nothing here is cached on import: `mkdocs serve` keeps this module
loaded across rebuilds, and every rebuild starts a new first pass.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from policykit import checks
from policykit.pages import current_page
from policykit.source import Policy, load_policy

# Problems start with their own `path:line:`, so they are logged without a plugin prefix;
# under `mkdocs.`, so that --strict counts their warnings.
log = logging.getLogger("mkdocs.policy")
EXTENSION = "policykit.extension"


class _Build:
    """What the language passes of one build share."""

    policy: Policy | None = None


def _i18n(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("mkdocs.yml: the policy site needs the i18n plugin (mkdocs-static-i18n); "
                          "add it under plugins:, with one entry per language")
    return plugin


def _languages(i18n) -> list[str]:
    """The site's languages, the default first."""
    default = i18n.default_language
    return [default] + [lang for lang in i18n.all_languages if lang not in (default, "null")]


def _report(problems: checks.Problems) -> None:
    """Notices go to INFO, warnings to WARNING (fatal under --strict); errors stop the build."""
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


# -110: after i18n's on_config (-100), which sets the language of this pass.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = _i18n(config)
    if not i18n.building or _Build.policy is None:  # the first pass of a build
        root = Path(config.config_file_path).parent
        _Build.policy = load_policy(root, _languages(i18n))
        _report(_Build.policy.problems)
    if EXTENSION not in config.markdown_extensions:  # guarded: each pass sees the same list
        config.markdown_extensions.append(EXTENSION)
    title = _Build.policy.meta.title.get(i18n.current_language)
    if title:
        config.site_name = title
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    """A page whose front matter says `policy: current` shows the current policy."""
    if page.meta.get("policy") != "current":
        return markdown
    i18n = _i18n(config)
    return current_page(_Build.policy, i18n.current_language, i18n.default_language, page.url)
