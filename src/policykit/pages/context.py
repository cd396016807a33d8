"""What every page of one build reads: the record, the words, the site's values, passed
explicitly to the function that makes each kind of page.

URLs follow the manual (docs/manual/versions.md): the default language at the site root, every other under /LANG/;
`/changes/`, `/versions/`, `/versions/V/`, `/versions/V/changes/` and `/verify/` below each.
Everything that comes from the policy's text is escaped or rendered by the extension; only the
structure the pages write is HTML.

`inputs` names what a page's output depends on, for a cache that outlives the build: each
value a digest or a label, the same in every build that would write the same page. An
archived version's pages name only that version, the ones before it, and what the build date
decides of it (its status, never the date): a new version or a new day leaves them as they
were, except once, when the version stops being in force.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import html
from functools import cached_property
from typing import Any

from policykit.record.history import Version
from policykit.record.versions import Record
from policykit.render.markdown import SectionBodies
from policykit.render.prerendered import Prerendered
from policykit.render.redline import redline_html
from policykit.render.sections import Recent
from policykit.text.model import LanguageText, display_label
from policykit.words.catalogue import Words, fill

#: How many entries `recent_of` keeps: the history lines of a few versions' units, in a language.
RECENT = 1024
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
        self.memo: dict[str, Any] = {}

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
        """How the labels of the text in force are written: a unit is cited by them on every
        page but an archived version's (`as_of`)."""
        return self.record.current.meta.numbering

    def as_of(self, version: Version) -> PageContext:
        """This context as the pages of `version` read it: the binding language, the numbering
        and the citations of that version and the ones before it, never of a later one (a new
        version must leave an archived page as it was). The same record, words and stores."""
        for name in ("versions", "_site_digest"):  # made once, on the build's context, for every view
            getattr(self, name)
        view = copy.copy(self)
        view.__dict__.update(
            auth=version.meta.authoritative or self.default,
            numbering=version.meta.numbering,
            citations=self._citations_until(version),
        )
        return view

    @cached_property
    def versions(self) -> dict[str, Version]:
        return {version.label: version for version in self.record.all_versions}

    def memo_of(self, name: str) -> dict[Any, Any]:
        return self.memo.setdefault(name, {})

    def recent_of(self, name: str) -> Recent[Any, Any]:
        """Work shared by the pages of nearby versions (an archived page's history lines, a
        version's redlines), the most recent kept: the archived pages are made one version
        after the other, and kept for every version, it grew with the history."""
        found = self.memo.setdefault(name, Recent(RECENT))
        assert isinstance(found, Recent)
        return found

    # Inputs -------------------------------------------------------------------------------

    @cached_property
    def _site_digest(self) -> str:
        return _digest(self.languages, self.default, self.site_url, self.policy_dir, self.git_path, self.repo_url)

    @staticmethod
    def _facts(version: Version) -> tuple:
        """What a page can read of one version: its label, commits and dates, its text (the
        hashes of its files), policy.yml as read, and the links its pages show as words."""
        return (
            version.label,
            version.declared_label,
            version.commit,
            version.first_commit,
            version.published.isoformat() if version.published else None,
            version.commits,
            sorted(version.sha256.items()),
            repr(version.meta),
            sorted((lang, sorted(ids)) for lang, ids in version.unlinked.items()),
        )

    def _history_digest(self, version: Version) -> str:
        """The versions up to and including `version`, and nothing later: what its archived pages
        are made of (their changes, units' histories, labels). Made for every version in one
        pass, each digest from the one before."""
        memo = self.memo_of("history digests")
        if not memo:
            running = _digest(self.record.history.available)
            for each in self.record.all_versions:
                running = memo[id(each)] = _digest(running, self._facts(each))
        return memo[id(version)]

    def _state(self, version: Version, through: bool = True) -> tuple:
        """`version`'s status and period as the build date makes them, never the date itself: a
        daily rebuild changes them only on the day a version takes effect. `through` (the
        day before the next period starts, an upcoming one's too) only where a page writes it:
        a version's own page does not."""
        period = self.record.period(version)
        days = None
        if period is not None:
            ends = (period.until, period.through) if through else (period.until,)
            days = tuple(d.isoformat() if d else None for d in (period.start, *ends))
        return (self.record.status(version), days, period.upcoming if period else None)

    def _substance(self, version: Version) -> tuple:
        """The last version up to `version` that changed an obligation and since when it applies
        (`Record.substance_in_force`): the line after an editorial version says so."""
        last, period = self.record.substance_in_force(version)
        return (last.label, period.version.label, period.start.isoformat()) if period else (last.label,)

    def _standing(self, version: Version) -> str:
        """What the build date and the later versions decide of `version`'s archived page: its
        status and period; once it is past, the version that followed it (its label and day,
        in the status line) and the next in history (linked); once a version replaced it
        before it applied, that one; while it is upcoming, the version in force. Each of
        these changes once, when the version stops being in force (or to be upcoming)."""
        record = self.record
        status = record.status(version)
        following = record.successor(version) if status == "past" else None
        replacing = record.replaced_by(version)
        published = record.versions
        at = published.index(version) if version in published else len(published)
        later = published[at + 1].label if status in ("past", "superseded") and at + 1 < len(published) else None
        in_force = record.in_force
        return _digest(
            self._state(version, through=False),
            (following.label, str(following.meta.effective)) if following else None,
            (replacing.label, record.status(replacing), record.same_day(version)) if replacing else None,
            later,
            in_force.label if in_force is not None and status == "upcoming" else in_force is not None,
            self._substance(version),
        )

    @cached_property
    def _record_digest(self) -> str:
        """Everything the history decides: every version, the working tree's preview among them."""
        record = self.record
        return _digest([self._facts(v) for v in record.all_versions], record.history.available)

    @cached_property
    def _states_digest(self) -> str:
        """Every version's status and period, and which text is shown: what the build date
        decides of the pages that show the whole history (not the date itself)."""
        record = self.record
        in_force = record.in_force.label if record.in_force else None
        return _digest([(v.label, self._state(v)) for v in record.all_versions], in_force, record.current.label)

    def _prints_build_date(self, kind: str) -> bool:
        """Whether a page of `kind` writes the build date: the version list (its answer about an
        upcoming version says when the site was built); the changelog's timeline, when no
        version has a date to draw; a feed with no entry (its time: `updated`)."""
        if kind == "versions":
            return True
        return kind in ("changelog", "feed") and not any(v.commit for v in self.record.versions)

    def inputs(self, kind: str, lang: str, version: Version | None = None) -> Inputs:
        """What a page of `kind` in `lang` (of `version`) depends on, besides the package's own
        files, the theme and the site's configuration (the plugin's part of the key): the page,
        the words of its language and the site's values; then, for an archived version's page
        (`archive`) and its changes (`redline`), the versions up to it and what the build date
        and the later versions decide of it (`_standing`; for the changes, the last material
        version's period alone); for every other page, the whole record, each version's
        status and period, and the build date only where the page writes it."""
        out: list[tuple[str, str]] = [("page", kind), ("lang", lang)]
        if version is not None:
            out += [("version", version.label), ("commit", version.commit or "")]
        out += [("words", self.words.digest(lang)), ("site", self._site_digest)]
        if kind in ("archive", "redline") and version is not None:
            memo = self.memo_of(f"{kind} standing")  # asked by its page in every language and pass
            standing = memo.get(id(version))
            if standing is None:
                standing = self._standing(version) if kind == "archive" else _digest(self._substance(version))
                memo[id(version)] = standing
            return (*out, ("history", self._history_digest(version)), ("standing", standing))
        out += [("record", self._record_digest), ("states", self._states_digest)]
        if self._prints_build_date(kind):
            built = self.record.build_date
            out.append(("built", built.isoformat() if kind == "feed" else built.date().isoformat()))
        return tuple(out)

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

    def _citations_until(self, version: Version) -> dict[str, str]:
        """How each anchor was cited when it was last published up to `version` (its own
        citations win). Built on from the last version asked about, as the pages of a build
        go through the versions in order: one dict at a time, not one per version."""
        versions = self.record.all_versions
        end = versions.index(version) + 1
        done, found = self.memo_of("citations").get("until", (0, {}))
        if done == end:
            return found
        found = dict(found) if done < end else {}
        for earlier in versions[done if done < end else 0 : end]:
            text = earlier.policy.authoritative if earlier.policy else None
            for unit in text.units() if text else ():
                if unit.cite:
                    found[unit.id] = unit.cite
        self.memo_of("citations")["until"] = (end, found)
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
