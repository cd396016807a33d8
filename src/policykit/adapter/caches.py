"""What `mkdocs serve` keeps across rebuilds. Every cache is keyed on content (Markdown, the
Markdown configuration, template source), never on import: the plugin stays loaded while
the policy, its history and the site's files change under it."""

from __future__ import annotations

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig

from policykit.render.sections import SectionCache

EXTENSION = "policykit.render.extension"


_SECTIONS: dict[str, SectionCache] = {}


def section_cache(config: MkDocsConfig) -> SectionCache:
    """One per Markdown configuration, kept across `mkdocs serve` rebuilds: it is keyed by
    content (parsed sections), so an edit re-renders only the section it touched."""
    extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    # Without the permalinks' title, which on_config sets per language: cached sections hold
    # no heading (sections.py), so it never shows in them.
    configs = {
        name: ({k: v for k, v in options.items() if k != "permalink_title"} if name == "toc" else options)
        for name, options in config.mdx_configs.items()
    }
    key = repr((extensions, sorted(configs.items(), key=lambda item: item[0])))
    if key not in _SECTIONS:
        _SECTIONS.clear()  # the configuration changed: nothing rendered before is valid
        _SECTIONS[key] = SectionCache(extensions, config.mdx_configs)
    return _SECTIONS[key]


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory across `mkdocs serve` rebuilds: MkDocs makes
    a new Jinja environment per build (and i18n per language), which recompiles Material's
    templates every time. Jinja keys each entry on the template's name and checks its source."""

    store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
