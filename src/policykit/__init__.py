"""policykit: publish one legal policy from Markdown in git, with permanent clause anchors.

The package is in layers; each folder imports only from the folders below it (the order is
checked by tests/test_layers.py):

    cli.py      the `policy` command: the only module that knows click
    adapter/    the MkDocs side: the plugin and its event handlers (only it knows MkDocs)
    importing/  an existing policy brought in: one Markdown file or its git history
    commands/   what `policy` lint, diff, init, versions and words do, without click
    pages/      every generated page as a value, policy.json and the feeds
    project/    a site on disk: its configuration (mkdocs.yml) and its policy, read once
    record/     the record: versions read from git, what changed in each, where each unit went
    render/     Markdown to HTML: the units' markup, the extension, the redlines
    words/      every word the generator writes, per language (catalogues/*.yml, Babel)
    text/       the authoring text: the syntax, the model, the checks and their messages

The core (everything but adapter/) is independent of MkDocs.
"""

__version__ = "0.1.0"
