"""What a site may set, under `plugins: - policykit:` in mkdocs.yml (or, through the hooks door,
under `extra: policykit:`), and the site's configuration as the package reads it.

PolicyConfig is MkDocs' schema of the options: it names them and keeps them as written. They
are checked once, by project/config.py, whichever way they come in: `site_config` gathers from
MkDocs' loaded configuration what `policy lint` reads from mkdocs.yml, and makes the same
SiteConfig, so that a wrong option is the same line from the plugin, the hooks file and
`policy lint`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig

from policykit.project.config import Given, SiteConfig, read_values


class _AsWritten(base.BaseConfigOption):
    """An option kept as mkdocs.yml writes it (None when left out): SiteConfig checks it."""

    def run_validation(self, value: object) -> object:
        return value


class PolicyConfig(base.Config):
    #: The folder with policy.yml and one folder per language, relative to mkdocs.yml (default policy).
    policy_dir = _AsWritten()
    #: The Babel (CLDR) locale of a language whose code alone is not the one wanted:
    #: `en: en_GB` for British dates ("1 December 2026", not "December 1, 2026").
    locales = _AsWritten()
    #: The site's own words: `words/LANG.yml`, each with the keys it adds or overrides (default words).
    words_dir = _AsWritten()
    #: Keep rendered pages and the parsed history between builds (default true): `false` builds
    #: everything every time. The environment variable POLICYKIT_CACHE=off does the same.
    cache = _AsWritten()
    #: Where the build cache lives, relative to mkdocs.yml (default .cache/policykit).
    cache_dir = _AsWritten()

    def validate(self):
        """MkDocs' own checks, but for an unknown option: SiteConfig names it, with its line."""
        failed, warnings = super().validate()
        return failed, [(key, warning) for key, warning in warnings if key in self._schema_keys]


def site_config(config: MkDocsConfig) -> SiteConfig:
    """The site's configuration from MkDocs' loaded one: the plugin's options where mkdocs.yml
    lists the plugin, else `extra: policykit:` (the hooks door), as project/config.options_at
    finds them in mkdocs.yml. Raises FixableError for a wrong option."""
    config_file = Path(config.config_file_path)
    root = config_file.parent
    plugin = config.plugins.get("policykit")
    extra = config.extra
    options = dict(plugin.config) if plugin is not None else extra.get("policykit") if extra else None
    i18n = config.plugins.get("i18n")
    languages = (
        [(str(lang.locale), lang.default is True) for lang in i18n.config.languages] if i18n is not None else None
    )
    return SiteConfig.make(
        Given(
            root,
            options,
            languages,
            config.theme.get("language"),
            config.docs_dir,
            config.extra_css,
            config.extra_javascript,
            config.theme.custom_dir,
            read_values(root, config_file),
            config_file,
        )
    )
