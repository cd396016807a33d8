"""This site's MkDocs hooks: the door to the policykit package, which does the whole job.

A site would list the plugin (`plugins: [search, i18n, policykit]`); this repository, the
package's first user, wires the same handlers through `hooks:` instead and does not list the
plugin, so that no event runs twice. The plugin's options for this site are under
`extra: policykit:` in mkdocs.yml. Nothing else of the generator lives outside src/.
"""

from policykit.adapter.door import events

globals().update(events())
