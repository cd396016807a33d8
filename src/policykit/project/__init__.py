"""A site on disk, read once: its configuration (`config`: SiteConfig, from mkdocs.yml or from
MkDocs' loaded configuration, with one check of the plugin's options and one rule for the
languages; `theme_values`: the values of mkdocs.yml that the theme prints) and its policy,
history and record (`load`), for the plugin and for the `policy` command alike."""
