"""The plugin's handlers for a hooks file: a site that lists `hooks: [hooks/policy.py]` instead
of the plugin gets the same events, from one PolicyPlugin.

The options a plugin site writes under `plugins: - policykit:` go, for a hooks site, under
`extra: policykit:` in mkdocs.yml (a hooks file has no options of its own). The plugin reads
them there when mkdocs.yml does not list it, and checks them as it checks its own
(adapter/options.site_config, one check for the plugin, the hooks file and `policy lint`).
Listing the plugin as well would run every event twice: refused.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from policykit.adapter.plugin import PolicyPlugin

EVENTS = (
    "on_startup",
    "on_config",
    "on_pre_build",
    "on_files",
    "on_nav",
    "on_env",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_template_context",
    "on_post_page",
    "on_post_template",
    "on_post_build",
    "on_build_error",
)


def events() -> dict[str, Any]:
    """`on_*` name -> handler, for a hooks module's globals()."""
    plugin = PolicyPlugin()

    @event_priority(100)  # first: before any handler of the plugin runs
    def one_door(config: MkDocsConfig) -> MkDocsConfig:
        if "policykit" in config.plugins:
            raise PluginError(
                "mkdocs.yml lists the policykit plugin and also wires it through hooks: every event "
                "would run twice; keep one (the plugin, or the hooks file)"
            )
        return config

    found = {name: getattr(plugin, name) for name in EVENTS}
    found["on_config"] = CombinedEvent(one_door, *found["on_config"].methods)
    return found
