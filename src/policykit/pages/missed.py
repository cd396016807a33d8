"""An address that misses: a version's text reached with a #fragment that names no unit of it
(`/en/versions/6.9/#s9-a`, a clause removed in 6.7; `#s99-z`, which never existed).

The text in force has a real element for every anchor that was ever published (a moved
anchor's alias, a removed one's note). An archived version cannot: what became of an anchor
after it was built must not be baked into it. So the page carries an empty note, the words it
may say in the page's language and the address of /policy.json; assets/javascripts/
policy-missed.js, on a fragment that names nothing on the page, reads the versions' changes
there and says what happened: removed in version X, added only later (in Y), moved (to a unit
this version has), or that no version had such a unit. Without script the page is as before.
"""

from __future__ import annotations

from policykit.pages.context import PageContext, esc
from policykit.pages.parts import href
from policykit.pages.periods import _latin1 as attribute
from policykit.record.history import Version

SCRIPT = "assets/javascripts/policy-missed.js"

#: The words the script may say; `removed_link` ("version {version}") names a link's target.
WORDS = (
    "missed_removed",
    "missed_added",
    "missed_moved",
    "missed_moved_later",
    "missed_none",
    "missed_here",
    "removed_link",
)


def missed_note(ctx: PageContext, lang: str, page_url: str, version: Version) -> str:
    """The hidden note and its script, for the page of `version` in `lang` at `page_url`.
    Only this version's label is written here: the later versions come from policy.json."""
    words = "".join(f' data-w-{key.replace("_", "-")}="{attribute(ctx.word(lang, key))}"' for key in WORDS)
    return (
        f'<p class="policy-missed" hidden data-search-exclude data-version="{esc(version.label)}"'
        f' data-lang="{esc(lang)}" data-json="{esc(href(page_url, "policy.json"))}"'
        f' data-root="{esc(href(page_url, ""))}"{words}></p>'
        f'<script src="{esc(href(page_url, SCRIPT))}"></script>'
    )
