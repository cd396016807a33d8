"""The authoring text: what an editor writes, read and checked, before any history or page.

`source` reads a policy folder (policy.yml and one folder of section files per language);
`parser` is the one reader of the authoring syntax; `model` holds what they read; `checks` is
the registry of every problem they report, with its message and fix.
"""
