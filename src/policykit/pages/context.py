"""What every page of one build reads: the record, the words, the site's values, passed
explicitly to the function that makes each kind of page.

URLs follow the manual (docs/manual/versions.md): the default language at the site root, every other under /LANG/;
`/changes/`, `/versions/`, `/versions/V/`, `/versions/V/changes/` and `/verify/` below each.
Everything that comes from the policy's text is escaped or rendered by the extension; only the
structure the pages write is HTML.

`inputs` names what a page's output depends on, for a cache that outlives the build: each
value a digest or a label, the same in every build that would write the same page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from functools import cached_property
from typing import Any

from policykit import __version__
from policykit.record.history import Version
from policykit.record.versions import Record
from policykit.render.markdown import SectionBodies
from policykit.render.prerendered import Prerendered
from policykit.render.redline import redline_html
from policykit.text.model import LanguageText, display_label
from policykit.words.catalogue import Words, fill

#: One (name, value) pair per input of a page's output, in a fixed order.
Inputs = tuple[tuple[str, str], ...]


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


class PageContext:
    """The record, words and site values of one build, in every language; and the build's store
    of rendered HTML blocks (`blocks`), which every page value of the build shares."""

    def __init__(
        self,
        record: Record,
        languages: list[str],
        default: str,
        sections: SectionBodies | None = None,
        site_url: str = "",
        words: Words | None = None,
        policy_dir: str = "policy",
        repo_url: str = "",
    ):
        self.record, self.languages, self.default = record, languages, default
        self.words = words or Words(languages)
        self.policy_dir, self.repo_url = policy_dir.strip("/"), repo_url
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.sections = sections  # section bodies rendered once (a SectionCache), for the archived versions
        self.blocks = Prerendered()
        #: Work shared by the pages of the build (redlines, history lines), by what it depends on.
        self.memo: dict[str, dict[Any, Any]] = {}

    @cached_property
    def git_path(self) -> str:
        """The policy folder from the repository's root, where the verify page's command runs."""
        history = self.record.history
        return history.policy_path if history.policy_path else self.policy_dir

    @cached_property
    def auth(self) -> str:
        return self.record.current.meta.authoritative or self.default

    @cached_property
    def numbering(self):
        """How the labels of the text in force are written: a unit is cited by them on every page."""
        return self.record.current.meta.numbering

    @cached_property
    def versions(self) -> dict[str, Version]:
        return {version.label: version for version in self.record.all_versions}

    def memo_of(self, name: str) -> dict[Any, Any]:
        return self.memo.setdefault(name, {})

    # Inputs -------------------------------------------------------------------------------

    @cached_property
    def _site_digest(self) -> str:
        return _digest(self.languages, self.default, self.site_url, self.policy_dir, self.git_path, self.repo_url)

    @cached_property
    def _record_digest(self) -> str:
        """Everything the history decides (statuses, neighbours, periods, changes), and the
        build date that statuses and the version list's answers are relative to."""
        record = self.record
        versions = [
            (
                v.label,
                v.commit,
                sorted(v.sha256.items()),
                repr(v.meta),
                sorted((lang, sorted(ids)) for lang, ids in v.unlinked.items()),
            )
            for v in record.all_versions
        ]
        return _digest(versions, record.build_date.isoformat(), record.history.available)

    def inputs(self, kind: str, lang: str, version: Version | None = None) -> Inputs:
        """What a page of `kind` in `lang` (of `version`) depends on: the generator's version,
        the page, the words of its language, the site's values and the record."""
        out = [("policykit", __version__), ("page", kind), ("lang", lang)]
        if version is not None:
            out += [("version", version.label), ("commit", version.commit or "")]
        return (*out, ("words", self.words.digest(lang)), ("site", self._site_digest), ("record", self._record_digest))

    # Addresses ----------------------------------------------------------------------------

    def url(self, lang: str, path: str = "") -> str:
        """Site-relative URL of `path` in `lang`: `en/versions/1.0/`."""
        return ("" if lang == self.default else f"{lang}/") + path

    # Words --------------------------------------------------------------------------------

    def date(self, lang: str, moment: dt.date | None) -> str:
        return self.words.date(lang, moment)

    def word(self, lang: str, key: str, **values: object) -> str:
        return self.words.text(lang, key, **values)

    def phrase(self, lang: str, key: str, **html_values: str) -> str:
        """A word as HTML: its text escaped, then its {names} filled with HTML (links, code)."""
        return fill(esc(self.words.text(lang, key)), html_values)

    # A version's text ---------------------------------------------------------------------

    def text_of(self, version: Version, lang: str) -> tuple[LanguageText, str]:
        """The version's text in `lang`, or in the authoritative language when it had none."""
        texts = version.policy.texts
        if lang in texts:
            return texts[lang], lang
        fallback = version.meta.authoritative if version.meta.authoritative in texts else next(iter(texts))
        return texts[fallback], fallback

    def title(self, version: Version, lang: str) -> str:
        meta = version.meta
        return meta.title.get(lang) or meta.title.get(meta.authoritative) or ""

    def summary(self, version: Version, lang: str) -> str:
        return version.meta.summary.get(self.summary_lang(version, lang)) or ""

    def summary_lang(self, version: Version, lang: str) -> str:
        """The language the summary is written in: `lang`, or the authoritative one standing in."""
        meta = version.meta
        return lang if meta.summary.get(lang) else (meta.authoritative or lang)

    def summary_html(self, version: Version, lang: str) -> str:
        """The summary, escaped; marked with its language when it stands in for `lang`'s (a
        screen reader then reads Swedish with a Swedish voice on a German page)."""
        text, written = esc(self.summary(version, lang)), self.summary_lang(version, lang)
        return text if written == lang else f'<span lang="{esc(written)}">{text}</span>'

    def unit_raw(self, version: Version | None, lang: str, unit_id: str) -> str | None:
        """A unit's text as a reader reads it, for redlines (Markdown syntax left out)."""
        if version is None:
            return None
        text, _ = self.text_of(version, lang)
        unit = text.find(unit_id)
        return unit.compared if unit else None

    def redline(self, old: Version | None, new: Version, lang: str, unit_id: str, context: int | None = None) -> str:
        """The unit's redline in `lang`; in the authoritative language if `lang` did not change."""
        before, after = self.unit_raw(old, lang, unit_id), self.unit_raw(new, lang, unit_id)
        if before == after:
            before, after = self.unit_raw(old, self.auth, unit_id), self.unit_raw(new, self.auth, unit_id)
        return redline_html(before or "", after or "", context)

    # Labels -------------------------------------------------------------------------------

    @cached_property
    def citations(self) -> dict[str, str]:
        """How each anchor was cited when it was last published (the newest version wins): an
        anchor that a change of numbering ended keeps the label its readers knew ("1 a", not
        "A a"); one the text in force has is cited as it is now."""
        found: dict[str, str] = {}
        for version in self.record.all_versions:
            text = version.policy.authoritative if version.policy else None
            for unit in text.units() if text else ():
                if unit.cite:
                    found[unit.id] = unit.cite
        current = self.record.current.policy.authoritative if self.record.current.policy else None
        for unit in current.units() if current else ():
            if unit.cite:
                found[unit.id] = unit.cite
        return found

    def label(self, lang: str, unit_id: str, start: bool = False) -> str:
        """How a reader cites a unit: `1 a`, `6 b (1)`; the preamble by name ("Inledningen"
        with `start`, where the label begins a line)."""
        if unit_id != "s0":
            return self.citations.get(unit_id) or display_label(unit_id, self.numbering)
        name = self.words.text(lang, "preamble")
        return name[:1].upper() + name[1:] if start else name


def esc(text: str) -> str:
    return html.escape(text, quote=True)
