"""Bringing an existing policy in: one Markdown file (`split`) or its git history (`replay`).

Independent of click and MkDocs; the `policy import` command is in cli.py.
"""
