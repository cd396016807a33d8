"""The MkDocs side of policykit: the plugin, its configuration and its event handlers.

Everything here knows MkDocs, Material and mkdocs-static-i18n; nothing in the core
(`policykit.*` outside this package) does. A move to another MkDocs continuation rewrites this
package only. `plugin.PolicyPlugin` is registered as the `policykit` plugin; `door` hands a
hooks file the same handlers, for a site that wires the package through `hooks:`.
"""
