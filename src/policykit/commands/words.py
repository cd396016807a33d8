"""`policy words LANG`: the words the generator writes in a language, as the catalogue the
package ships: the start of a site's own words/LANG.yml."""

from __future__ import annotations

from policykit.text.checks import FixableError
from policykit.words.catalogue import CATALOGUES, shipped_languages


def catalogue_text(lang: str) -> str:
    """The package's catalogue of `lang`, as written; FixableError for a language it has none of."""
    if lang not in shipped_languages():
        raise FixableError(
            f"no words for {lang!r} in the package; it has {', '.join(shipped_languages())}",
            "policy words en prints the English ones, to translate",
        )
    return (CATALOGUES / f"{lang}.yml").read_text(encoding="utf-8")
