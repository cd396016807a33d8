"""A site on disk, read once: its configuration from mkdocs.yml (`siteconfig`) and its policy,
history and record (`load`), for the plugin and for the `policy` command alike."""
