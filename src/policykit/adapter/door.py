"""The plugin's handlers for a hooks file: a site that lists `hooks: [hooks/policy.py]` instead
of the plugin gets the same events, from one PolicyPlugin.

The options a plugin site writes under `plugins: - policykit:` go, for a hooks site, under
`extra: policykit:` in mkdocs.yml (a hooks file has no options of its own), and are checked by
the same PolicyConfig. Listing the plugin as well would run every event twice: refused.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from policykit.adapter.plugin import PolicyPlugin

EVENTS = ("on_startup", "on_config", "on_pre_build", "on_files", "on_nav", "on_env", "on_page_markdown",
          "on_page_content", "on_page_context", "on_template_context", "on_post_page", "on_post_template",
          "on_post_build", "on_build_error")


def events() -> dict[str, Any]:
    """`on_*` name -> handler, for a hooks module's globals()."""
    plugin = PolicyPlugin()

    @event_priority(100)  # first: every other handler reads the options
    def options(config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.building:  # another language's pass: read in the first
            return config
        if "policykit" in config.plugins:
            raise PluginError("mkdocs.yml lists the policykit plugin and also wires it through hooks: every event "
                              "would run twice; keep one (the plugin, or the hooks file)")
        given = (config.extra or {}).get("policykit") or {}
        if not isinstance(given, dict):
            raise PluginError("mkdocs.yml: extra.policykit must be a mapping of the plugin's options")
        errors, warnings = plugin.load_config(dict(given), config.config_file_path)
        if errors or warnings:  # an unknown (misspelt) option too: MkDocs only warns of it
            raise PluginError("; ".join(f"mkdocs.yml: extra.policykit: option {key!r}: {error}"
                                        for key, error in [*errors, *warnings]))
        return config

    found = {name: getattr(plugin, name) for name in EVENTS}
    found["on_config"] = CombinedEvent(options, *found["on_config"].methods)
    return found
