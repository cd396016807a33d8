"""What every kind of page shares: URLs and relative links, the words of the page's language,
a version's text in a language, labels, notices and the redline of one unit.

URLs follow the README (Versions): the default language at the site root, every other under /LANG/;
`/changes/`, `/versions/`, `/versions/V/`, `/versions/V/changes/` and `/verify/` below each. Links
are relative (so the site works under any `site_url` path) and written as HTML, so that MkDocs
does not rewrite them. Everything that comes from the policy's text is escaped or rendered by
the extension; only the structure here is HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property

from policykit.record.history import Version
from policykit.record.versions import Record
from policykit.render.markdown import GENERATED
from policykit.render.redline import redline_html
from policykit.text.model import LanguageText, display_label
from policykit.words.catalogue import Words, fill

#: Archived texts and redlines stay out of search: search must find the text in force.
NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
#: Before the heading of a page the generator writes whole (see extension.py).
WHOLE = GENERATED + "\n\n"


@dataclass
class GeneratedPage:
    url: str  # below the language's root, e.g. "versions/1.0/"
    markdown: str
    in_nav: bool


def esc(text: str) -> str:
    return html.escape(text, quote=True)


#: What Markdown, or an extension a site may enable, would read as syntax in a heading, a table
#: cell or the text of an inline link, as entities: `[x](y)`, `![x](y)`, `{: attr }`, emphasis,
#: code, cell bars, a closing `#`; bare links (`https:`, `www.`, `@`: magiclink), `:emoji:`,
#: `$math$`, `==mark==`, `^^ins^^`, `++keys++`. A site's word is text, whatever it holds (and
#: one line: catalogues refuse line breaks).
_MARKDOWN = str.maketrans({**{c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~#:.@$=^+/%"},
                           "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def md(text: str) -> str:
    """`text` escaped for HTML and for Markdown: for the words of the generated pages that go
    through Markdown (those pages are the generator's own, so nothing sanitises them after)."""
    return text.translate(_MARKDOWN)  # one pass: an entity's own '#' is not read again


def links_line(links: list[str]) -> str:
    """A notice's line of links: for the screen (print hides it)."""
    return f'<p class="policy-links">{" · ".join(links)}</p>'


class PagesBase:
    """The parts of every page of one build, in every language."""

    def __init__(self, record: Record, languages: list[str], default: str, prerendered=None,
                 site_url: str = "", words: Words | None = None, policy_dir: str = "policy",
                 repo_url: str = ""):
        self.record, self.languages, self.default = record, languages, default
        self.words = words or Words(languages)
        self.policy_dir, self.repo_url = policy_dir.strip("/"), repo_url
        #: The policy folder from the repository's root, where the verify page's command runs.
        self.git_path = (record.history.policy_path if record and record.history.policy_path else self.policy_dir)
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.auth = record.current.meta.authoritative or default
        #: How the labels of the text in force are written: a unit is cited by them on every page.
        self.numbering = record.current.meta.numbering
        self.prerendered = prerendered  # a SectionCache, for the archived versions
        self.text_lang: dict[str, str] = {}  # page URL -> language of the text it shows, if not the page's
        #: page URL -> the page's whole <title> (archived versions). Never through front matter:
        #: a title is text, and YAML would read some of its characters as syntax.
        self.page_titles: dict[str, str] = {}

    def url(self, lang: str, path: str = "") -> str:
        """Site-relative URL of `path` in `lang`: `en/versions/1.0/`."""
        return ("" if lang == self.default else f"{lang}/") + path

    @staticmethod
    def href(from_url: str, to_url: str) -> str:
        """A relative link between two site-relative directory URLs, always through the site's
        root (`../../../en/versions/1.0/` from `en/versions/1.4/`): every page of one depth then
        writes the same link to the same place, so that a section rendered once with its history
        lines (cache.py) serves every archived version that shows it."""
        return "../" * from_url.count("/") + to_url or "./"

    def link(self, from_url: str, to_url: str, text: str, anchor: str = "", cls: str = "", lang: str = "") -> str:
        attrs = f' class="{cls}"' if cls else ""
        attrs += f' hreflang="{lang}"' if lang else ""
        target = self.href(from_url, to_url) + (f"#{anchor}" if anchor else "")
        return f'<a href="{esc(target)}"{attrs}>{md(text)}</a>'

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

    def date(self, lang: str, moment) -> str:
        return self.words.date(lang, moment)

    def word(self, lang: str, key: str, **values) -> str:
        return self.words.text(lang, key, **values)

    def phrase(self, lang: str, key: str, **html_values: str) -> str:
        """A word as HTML: its text escaped, then its {names} filled with HTML (links, code)."""
        return fill(esc(self.words.text(lang, key)), html_values)

    def unit_raw(self, version: Version | None, lang: str, unit_id: str) -> str | None:
        """A unit's text as a reader reads it, for redlines (Markdown syntax left out)."""
        if version is None:
            return None
        text, _ = self.text_of(version, lang)
        unit = text.find(unit_id)
        return unit.compared if unit else None

    def redline(self, old: Version | None, new: Version, lang: str, unit_id: str,
                context: int | None = None) -> str:
        """The unit's redline in `lang`; in the authoritative language if `lang` did not change."""
        before, after = self.unit_raw(old, lang, unit_id), self.unit_raw(new, lang, unit_id)
        if before == after:
            before, after = self.unit_raw(old, self.auth, unit_id), self.unit_raw(new, self.auth, unit_id)
        return redline_html(before or "", after or "", context)

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

    def anchor_list(self, from_url: str, to_url: str, ids: list[str], lang: str) -> str:
        return ", ".join(self.link(from_url, to_url, self.label(lang, i), anchor=i) for i in ids)

    def print_line(self, page_url: str) -> str:
        """For paper: where this text lives (hidden on screen)."""
        return f'<p class="policy-print-only" data-search-exclude>{esc(self.site_url + page_url)}</p>'

    def notice(self, inner: str, cls: str) -> str:
        return f'<div class="{cls}" role="note">{inner}</div>'

    def translation_note(self, lang: str, page_url: str, path: str = "") -> str:
        """"This is a translation; the binding text is …", linking the same page (`path`) and,
        through policy-anchors.js, the same clause in the authoritative language."""
        link = self.link(page_url, self.url(self.auth, path), self.words.text(lang, "translation_link"),
                         cls="policy-keep-anchor", lang=self.auth)
        note = self.phrase(lang, "translation_note", language=esc(self.words.language(lang, self.auth)), link=link)
        return f'<p class="policy-translation">{note}</p>'

    def same_place(self, lang: str, page_url: str, version: Version) -> str:
        """A link to `version`'s archived text that takes the reader's #clause along
        (policy-anchors.js adds the fragment on click): stepping through versions keeps the place."""
        return self.link(page_url, self.url(lang, f"versions/{version.label}/"),
                         self.word(lang, "same_place_in", version=version.label), cls="policy-keep-anchor")

    def editorial_line(self, lang: str, version: Version) -> str:
        """"Editorial change: no obligation changes." for a version that is not material
        (`Record.material`: policy.yml names it editorial, or its authoritative text did not
        change); "" for one that is."""
        if self.record.material.get(version.label, True):
            return ""
        return f'<p class="policy-editorial">{esc(self.word(lang, "editorial"))}</p>'

    def last_material_line(self, lang: str, page_url: str, version: Version, archived: bool = False) -> str:
        """After an editorial version: which version last changed an obligation, and since when,
        linking its redline (the first version's text, which has none); "" after a material one.
        The date is when that substance came into force (`Record.substance_in_force`): the
        version's own effective date, or, for one that was never in force itself (an editorial
        version of the same day replaced it), the day the version that carried it took effect."""
        record = self.record
        if record.material.get(version.label, True) or record.last_material(version) is None:
            return ""
        last, period = record.substance_in_force(version)
        if period is None:
            text = self.word(lang, "last_material_never", version=last.label)
        else:
            key = "last_material_effective" if archived else "last_material_since"
            via = {} if period.version is last else {"via": period.version.label}
            text = self.word(lang, key + ("_via" if via else ""), version=last.label,
                             effective=self.date(lang, period.start), **via)
        path = f"versions/{last.label}/" + ("changes/" if record.previous(last) else "")
        link = self.link(page_url, self.url(lang, path), text) if last.commit else esc(text)
        sentence = self.phrase(lang, "last_material_archive" if archived else "last_material", link=link)
        return f'<p class="policy-last-material">{sentence}</p>'
