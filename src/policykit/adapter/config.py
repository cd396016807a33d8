"""What a site may set, under `plugins: - policykit:` in mkdocs.yml (or, through the hooks door,
under `extra: policykit:`)."""

from __future__ import annotations

from pathlib import PurePosixPath

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicyConfig(base.Config):
    #: The folder with policy.yml and one folder per language, relative to mkdocs.yml.
    policy_dir = c.Type(str, default="policy")
    #: The Babel (CLDR) locale of a language whose code alone is not the one wanted:
    #: `en: en_GB` for British dates ("1 December 2026", not "December 1, 2026").
    locales = c.DictOfItems(c.Type(str), default={})
    #: The site's own words: `words/LANG.yml`, each with the keys it adds or overrides.
    words_dir = c.Type(str, default="words")

    def validate(self):
        failed, warnings = super().validate()
        for key in ("policy_dir", "words_dir"):
            value = self.get(key)
            if isinstance(value, str) and (PurePosixPath(value).as_posix() in ("", ".") or value.startswith("/")
                                           or ".." in PurePosixPath(value).parts):
                failed.append((key, base.ValidationError(
                    f"{value!r} must be a folder inside the project, relative to mkdocs.yml (e.g. policy)")))
        return failed, warnings
