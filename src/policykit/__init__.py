"""policykit: publish one legal policy from Markdown in git, with permanent clause anchors.

The core is independent of MkDocs: `source` reads and checks a policy, `parser` is the one
reader of the authoring syntax, `render` and `extension` turn parsed units into a page. The
MkDocs side is `policykit.adapter`: the `policykit` plugin, and the same handlers for a
hooks file (`adapter.door`).
"""

__version__ = "0.1.0"
