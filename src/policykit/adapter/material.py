"""Where the installed Material for MkDocs keeps its templates, found without importing it.

The `policy` command checks a site against them (lint: the icons mkdocs.yml names; init: the
languages Material has words for), and only this package knows Material: the command finds
them here and hands them down, so the core stays usable with another theme.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def template_folders() -> list[Path]:
    """Material's templates folder; none if it is not installed."""
    spec = importlib.util.find_spec("material")
    return (
        [Path(folder) / "templates" for folder in spec.submodule_search_locations or []]
        if spec is not None and spec.submodule_search_locations
        else []
    )


def languages() -> set[str]:
    """The languages Material has words for (its partials/languages/LANG.html); empty if it
    cannot be found."""
    for folder in template_folders():
        words = folder / "partials" / "languages"
        if words.is_dir():
            return {p.stem for p in words.glob("*.html")}
    return set()
