"""The theme's Jinja environment, as MkDocs makes it for every pass of every build
(`Theme.get_env`), with a loader that lists the theme's files without its hidden ones.

MkDocs lists every file of the theme to copy its assets (`Files.add_files_from_theme`), then
drops the names with a part that starts with a dot (its patterns `.*` and `*/.*`). Material's
`.icons` holds some 14,000 of them, walked and matched one by one in each pass: about a
twentieth of a rebuild that takes every page from the build cache. Listing none of them gives
MkDocs the same files.
"""

from __future__ import annotations

import os
import types

import jinja2
from mkdocs.theme import Theme


class _Listed(jinja2.FileSystemLoader):
    """MkDocs' theme loader, listing no file or folder whose name starts with a dot and not
    walking into such folders; it finds and reads templates as Jinja's own does."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:  # as Jinja's FileSystemLoader lists them
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for filename in filenames:
                    if filename.startswith("."):
                        continue
                    template = (
                        os.path.join(dirpath, filename)[len(searchpath) :].strip(os.path.sep).replace(os.path.sep, "/")
                    )
                    found.add(template[2:] if template[:2] == "./" else template)
        return sorted(found)


def list_visible(theme: Theme) -> None:
    """Make the theme's `get_env` give MkDocs' environment with the `_Listed` loader; once per
    theme object (mkdocs-static-i18n keeps the one of the build for every language)."""
    if getattr(theme, "_policy_listed", False):
        return
    made = theme.get_env  # MkDocs' own, bound to this theme

    def get_env(self: Theme) -> jinja2.Environment:
        env = made()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # as MkDocs makes it; another is left as it is
            env.loader = _Listed(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = types.MethodType(get_env, theme)  # type: ignore[method-assign]
    theme._policy_listed = True  # type: ignore[attr-defined]
