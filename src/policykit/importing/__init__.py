"""Bringing an existing policy in: one Markdown file (`split`) or its git history (`replay`).

Independent of click and MkDocs; what `policy import` does with its options is command.py, its
options and printing are in cli.py.
"""
