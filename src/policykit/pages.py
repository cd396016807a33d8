"""The Markdown of the site's pages, independent of MkDocs.

URLs follow the README (Versions): the default language at the site root, every other under /LANG/;
`/changes/`, `/versions/`, `/versions/V/` and `/versions/V/changes/` below each. Links are
relative (so the site works under any `site_url` path) and written as HTML, so that MkDocs
does not rewrite them. Everything that comes from the policy's text is escaped or rendered
by the extension; only the structure here is HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import strings
from .history import Version
from .model import LanguageText, display_label
from .redline import redline_html
from .render import GENERATED, Annotations, document_markdown
from .timeline import timeline_html
from .versions import Changes, Record, outdated_units

#: Archived texts and redlines stay out of search: search must find the text in force.
#: The weight of the policy's search entries: Material weighs a title 1000 times the text.
SEARCH_BOOST = 1000
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


def _links(links: list[str]) -> str:
    """A notice's line of links: for the screen (print hides it)."""
    return f'<p class="policy-links">{" · ".join(links)}</p>'


def _redline_unit(unit_id: str, label: str, body: str) -> str:
    """One unit on a redline page: its label (a link) and its marked text, under its own id."""
    return f'<div class="policy-redline-unit" id="{unit_id}"><p>{label} <span class="policy-redline">{body}</span></p></div>'


class SitePages:
    """All pages of one build, for every language."""

    def __init__(self, record: Record, languages: list[str], default: str, prerendered=None,
                 site_url: str = ""):
        self.record, self.languages, self.default = record, languages, default
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.auth = record.current.meta.authoritative or default
        self.prerendered = prerendered  # a SectionCache, for the archived versions
        self.text_lang: dict[str, str] = {}  # page URL -> language of the text it shows, if not the page's
        #: page URL -> the page's whole <title> (archived versions). Never through front matter:
        #: a title is text, and YAML would read some of its characters as syntax.
        self.page_titles: dict[str, str] = {}

    # URLs ---------------------------------------------------------------------------------

    def url(self, lang: str, path: str = "") -> str:
        """Site-relative URL of `path` in `lang`: `en/versions/1.0/`."""
        return ("" if lang == self.default else f"{lang}/") + path

    @staticmethod
    def href(from_url: str, to_url: str) -> str:
        """A relative link between two site-relative directory URLs."""
        return "../" * from_url.count("/") + to_url or "./"

    def link(self, from_url: str, to_url: str, text: str, anchor: str = "", cls: str = "", lang: str = "") -> str:
        attrs = f' class="{cls}"' if cls else ""
        attrs += f' hreflang="{lang}"' if lang else ""
        target = self.href(from_url, to_url) + (f"#{anchor}" if anchor else "")
        return f'<a href="{esc(target)}"{attrs}>{esc(text)}</a>'

    # Helpers ------------------------------------------------------------------------------

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
        return strings.long_date(lang, moment) if moment else "?"

    def word(self, lang: str, key: str, **values) -> str:
        return strings.text(lang, key).format(**values)

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

    def label(self, lang: str, unit_id: str, start: bool = False) -> str:
        """How a reader cites a unit: `1 a`, `6 b (1)`; the preamble by name ("Inledningen"
        with `start`, where the label begins a line)."""
        if unit_id != "s0":
            return display_label(unit_id)
        name = strings.text(lang, "preamble")
        return name[:1].upper() + name[1:] if start else name

    def anchor_list(self, from_url: str, to_url: str, ids: list[str], lang: str) -> str:
        return ", ".join(self.link(from_url, to_url, self.label(lang, i), anchor=i) for i in ids)

    # The current page ---------------------------------------------------------------------

    def current_page(self, lang: str, page_url: str) -> str:
        version = self.record.current
        text, shown = self.text_of(version, lang)
        if shown != lang:
            self.text_lang[page_url] = shown
        header = [self.print_line(page_url)] + self.banners(lang, page_url)
        if lang != self.auth and shown == lang:  # a text shown in the binding language is no translation
            header.append(self.translation_note(lang, page_url))
        if shown != lang:
            header.append(self.notice(self.word(lang, "not_in_language", language=strings.language_name(
                lang, lang), fallback=strings.language_name(lang, shown)), "policy-notice"))
        return document_markdown(text, self.title(version, lang), self.annotations(lang, page_url), header,
                                 prerendered=self.prerendered)

    def not_found(self, lang: str, root: str) -> str:
        """The 404 page's content in `lang`. It is served at any address, so its links are
        absolute paths from the site's `root` path ("/" or "/policy/")."""
        home = f'<a href="{esc(root + self.url(lang))}">{esc(self.word(lang, "not_found_home"))}</a>'
        versions = f'<a href="{esc(root + self.url(lang, "versions/"))}">{esc(root + self.url(lang, "versions/"))}</a>'
        return (f"<h1>404 – {esc(self.word(lang, 'not_found_title'))}</h1>"
                f"<p>{self.word(lang, 'not_found_text', home=home, versions=versions)}</p>")

    def search_entries(self, lang: str, location: str) -> list[dict]:
        """Search entries for the text in force on the page at `location`, one per clause
        and sub-clause (found at `#s5-c`, titled "5 c"), each section with its own text only,
        the page itself with the preamble: a search lands on the clause, not on the section
        around it. Titles are the bare labels, so that a word of a section's title does not
        lift every clause of the section (titles weigh most in Material's index). The policy
        is what readers search for: its entries weigh as much as another page's title, so a
        clause with the word comes before a heading of the editors' guide that has it. Titles
        and texts are plain text, escaped: Material shows them as HTML."""
        text, _ = self.text_of(self.record.current, lang)
        entries = []
        for unit in text.units():
            body = "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in unit.plain.split("\n\n") if part)
            if unit.kind == "preamble":
                entries.append({"location": location, "title": esc(self.title(self.record.current, lang)), "text": body})
            elif unit.kind == "section":
                heading = f"{display_label(unit.id)}. {unit.title}" if unit.title else display_label(unit.id)
                entries.append({"location": f"{location}#{unit.id}", "title": esc(heading), "text": body})
            else:
                entries.append({"location": f"{location}#{unit.id}", "title": display_label(unit.id), "text": body})
        if not entries or entries[0]["location"] != location:  # the page's own entry comes first
            entries.insert(0, {"location": location, "title": esc(self.title(self.record.current, lang)), "text": ""})
        return [{**entry, "boost": SEARCH_BOOST} for entry in entries]

    def print_line(self, page_url: str) -> str:
        """For paper: where this text lives (hidden on screen)."""
        return f'<p class="policy-print-only" data-search-exclude>{esc(self.site_url + page_url)}</p>'

    def notice(self, inner: str, cls: str) -> str:
        return f'<div class="{cls}" role="note">{inner}</div>'

    def translation_note(self, lang: str, page_url: str, path: str = "") -> str:
        """"This is a translation; the binding text is …", linking the same page (`path`) and,
        through policy-anchors.js, the same clause in the authoritative language."""
        link = self.link(page_url, self.url(self.auth, path), strings.text(lang, "translation_link"),
                         cls="policy-keep-anchor", lang=self.auth)
        note = self.word(lang, "translation_note", language=strings.language_name(lang, self.auth), link=link)
        return f'<p class="policy-translation">{note}</p>'

    def banners(self, lang: str, page_url: str) -> list[str]:
        record, version = self.record, self.record.current
        previous = record.previous(version)
        changes = record.changes[version.label]
        parts = []
        if not record.history.available:
            parts.append(f"<p>{esc(self.word(lang, 'banner_no_history'))}</p>")
        if version.preview:
            parts.append(f"<p><strong>{esc(self.word(lang, 'banner_preview', version=version.label))}</strong></p>")
        elif version.meta.effective:
            line = self.word(lang, "banner_version", version=version.label,
                             effective=self.date(lang, version.meta.effective))
            parts.append(f"<p><strong>{esc(line)}</strong></p>")
        lead = (self.word(lang, "banner_since", previous=previous.label) if previous
                else self.word(lang, "banner_first"))
        parts.append(f"<p>{esc(lead)} {self.summary_html(version, lang)}</p>")
        if previous:
            parts += self.change_lines(lang, page_url, self.url(lang), changes)
            links = []
            if version.commit:  # an archive (and its redline) exists only for published versions
                links.append(self.link(page_url, self.url(lang, f"versions/{version.label}/changes/"),
                                       self.word(lang, "banner_redline")))
            if previous.commit:
                links.append(self.same_place(lang, page_url, previous))
            links.append(self.link(page_url, self.url(lang, "changes/"), self.word(lang, "banner_all")))
            parts.append(_links(links))
        kind = " policy-banner--preview" if version.preview else ""
        blocks = [self.notice("".join(parts), "policy-banner" + kind)]
        if record.upcoming and not version.preview:
            blocks.append(self.upcoming_banner(lang, page_url, record.upcoming[0]))
        return blocks

    def same_place(self, lang: str, page_url: str, version: Version) -> str:
        """A link to `version`'s archived text that takes the reader's #clause along
        (policy-anchors.js adds the fragment on click): stepping through versions keeps the place."""
        return self.link(page_url, self.url(lang, f"versions/{version.label}/"),
                         self.word(lang, "same_place_in", version=version.label), cls="policy-keep-anchor")

    def change_lines(self, lang: str, page_url: str, current_url: str, changes: Changes,
                     removed_url: str | None = None) -> list[str]:
        """The banner's lists; removed clauses link `removed_url` (where they still stand)."""
        lines = []
        for key, ids in (("banner_changed", changes.changed), ("banner_added", changes.added)):
            if ids:
                lines.append(f"<p>{esc(self.word(lang, key))} {self.anchor_list(page_url, current_url, ids, lang)}</p>")
        if changes.moved:
            moved = ", ".join(f"{esc(self.label(lang, a))} → " + self.link(page_url, current_url, self.label(lang, b), b)
                              for a, b in changes.moved.items())
            lines.append(f"<p>{esc(self.word(lang, 'banner_moved'))} {moved}</p>")
        if changes.removed:
            lines.append(f"<p>{esc(self.word(lang, 'banner_removed'))} "
                         f"{self.anchor_list(page_url, removed_url or current_url, changes.removed, lang)}</p>")
        return lines

    def upcoming_banner(self, lang: str, page_url: str, version: Version) -> str:
        lead = self.word(lang, "banner_upcoming", version=version.label,
                         effective=self.date(lang, version.meta.effective))
        links = [self.link(page_url, self.url(lang, f"versions/{version.label}/"),
                           self.word(lang, "banner_upcoming_text"), cls="policy-keep-anchor"),
                 self.link(page_url, self.url(lang, f"versions/{version.label}/changes/"),
                           self.word(lang, "banner_redline"))]
        changes = self.record.changes[version.label]
        target = self.url(lang, f"versions/{version.label}/")
        inner = (f"<p><strong>{esc(lead)}</strong> {self.summary_html(version, lang)}</p>"
                 + "".join(self.change_lines(lang, page_url, target, changes, removed_url=self.url(lang)))
                 + _links(links))
        return self.notice(inner, "policy-banner policy-banner--upcoming")

    def annotations(self, lang: str, page_url: str) -> Annotations:
        """Change marks with in-place redlines, and the landings of anchors no longer live."""
        record, version = self.record, self.record.current
        previous = record.previous(version)
        notes = Annotations()
        changes = record.changes[version.label]
        if previous:
            for unit_id in changes.changed:
                mark = esc(self.word(lang, "mark_changed", version=version.label))
                notes.notes.setdefault(unit_id, []).append(
                    f'<details class="policy-change"><summary>{mark}</summary>'
                    f'<p class="policy-redline">{self.redline(previous, version, lang, unit_id, context=12)}</p></details>')
            for unit_id in changes.added:
                mark = esc(self.word(lang, "mark_added", version=version.label))
                notes.notes.setdefault(unit_id, []).append(f'<p class="policy-change policy-change--added">{mark}</p>')
        if record.upcoming and not version.preview:  # what will change, where it stands today
            coming = record.upcoming[0]
            changes = record.changes[coming.label]
            live = set(self.text_of(version, lang)[0].ids())
            when = self.date(lang, coming.meta.effective)
            for key, ids in (("upcoming_change", changes.changed), ("upcoming_removal", changes.removed),
                             ("upcoming_move", list(changes.moved))):
                for unit_id in (i for i in ids if i in live):
                    target = changes.moved.get(unit_id, unit_id)
                    link = self.link(page_url, self.url(lang, f"versions/{coming.label}/changes/"),
                                     self.word(lang, "upcoming_change_link"), anchor=target if key != "upcoming_move"
                                     else unit_id)
                    words = self.word(lang, key, effective=esc(when), version=esc(coming.label), link=link,
                                      target=esc(self.label(lang, target)))
                    notes.notes.setdefault(unit_id, []).append(f'<p class="policy-upcoming-change">{words}</p>')
        if lang != self.auth and lang in version.policy.texts:
            for unit_id in outdated_units(self.record, version, lang):
                link = self.link(page_url, self.url(self.auth), self.word(lang, "outdated_link"),
                                 anchor=unit_id, lang=self.auth)
                notes.notes.setdefault(unit_id, []).append(
                    f'<p class="policy-outdated">{self.word(lang, "outdated", link=link)}</p>')
        live_sections = {s.id for s in self.text_of(version, lang)[0].sections}
        moved_here: dict[str, list[str]] = {}
        for unit_id, landing in record.landings.items():
            if landing.kind == "moved":
                moved_here.setdefault(landing.target, []).append(unit_id)
        for unit_id, landing in record.landings.items():
            label = self.label(lang, unit_id)
            if landing.kind == "moved":
                if landing.target in record.landings:  # moved, then removed: its note carries the id
                    continue
                notes.aliases.setdefault(landing.target, []).append(unit_id)
                moved_in = next((v for v, c in record.changes.items() if unit_id in c.moved), "?")
                notes.notes.setdefault(landing.target, []).append(
                    f'<p class="policy-former">{esc(self.word(lang, "alias_note", version=moved_in, label=label))}</p>')
                continue
            if landing.kind == "removed":
                link = self.link(page_url, self.url(lang, f"versions/{landing.last_in}/"),
                                 self.word(lang, "removed_link", version=landing.last_in), anchor=unit_id)
                inner = self.word(lang, "removed_note", label=esc(label), version=esc(landing.removed_in or "?"),
                                  link=link)
                cls = "policy-removed"
            else:
                upcoming = record.find(landing.upcoming)
                link = self.link(page_url, self.url(lang, f"versions/{landing.upcoming}/"),
                                 self.word(lang, "upcoming_link"), anchor=unit_id)
                inner = self.word(lang, "upcoming_note", label=esc(label), version=esc(landing.upcoming),
                                  effective=esc(self.date(lang, upcoming.meta.effective if upcoming else None)),
                                  link=link)
                cls = "policy-upcoming-unit"
            aliases = "".join(f'<span class="policy-alias" id="{a}"></span>' for a in moved_here.get(unit_id, []))
            block = f'<p class="{cls}" id="{unit_id}">{aliases}{inner}</p>'
            section = unit_id.split("-")[0]
            if section in live_sections and section != unit_id:
                notes.trailers.setdefault(section, []).append(block)
            else:
                notes.tail.append(block)
        return notes

    # Generated pages ----------------------------------------------------------------------

    def generated(self, lang: str) -> list[GeneratedPage]:
        pages = [GeneratedPage("changes/", self.changelog(lang), True),
                 GeneratedPage("versions/", self.version_list(lang), True)]
        for version in self.record.versions:
            if version.commit is None:  # no history: the working tree is not an archived version
                continue
            pages.append(GeneratedPage(f"versions/{version.label}/", self.archive(lang, version), False))
            pages.append(GeneratedPage(f"versions/{version.label}/changes/",
                                       self.redline_page(lang, version), False))
        return pages

    def status_line(self, lang: str, version: Version) -> str:
        record = self.record
        status = record.status(version)
        effective = self.date(lang, version.meta.effective)
        if status == "current":
            return self.word(lang, "status_current", effective=effective)
        if status == "upcoming":
            return self.word(lang, "status_upcoming", version=version.label, effective=effective,
                             current=record.in_force.label if record.in_force else "?")
        if status == "preview":
            return self.word(lang, "status_preview", version=version.label)
        if status == "superseded":
            return self.word(lang, "status_superseded", version=version.label,
                             next=record.replaced_by(version).label)
        following = record.successor(version)
        if following is None:
            return self.word(lang, "status_past_unknown", version=version.label)
        return self.word(lang, "status_past", version=version.label, effective=effective, next=following.label,
                         next_effective=self.date(lang, following.meta.effective))

    def archive(self, lang: str, version: Version) -> str:
        url = self.url(lang, f"versions/{version.label}/")
        text, shown = self.text_of(version, lang)
        if shown != lang:
            self.text_lang[url] = shown
        status = self.record.status(version)
        links = [self.link(url, self.url(lang), self.word(lang, "read_current"), cls="policy-keep-anchor")]
        links.append(self.link(url, self.url(lang, f"versions/{version.label}/changes/"),
                               self.word(lang, "redline_link"), cls="policy-keep-anchor"))
        # The neighbours in history, the same place in each; the version in force is the link above.
        published = self.record.versions
        if version in published:
            at = published.index(version)
            links += [self.same_place(lang, url, other) for other in published[max(at - 1, 0):at] + published[at + 1:at + 2]
                      if other is not self.record.in_force and other.commit]
        digest = version.sha256.get(shown)
        check = (f'<p class="policy-sha256">{esc(self.word(lang, "sha256", language=strings.language_name(lang, shown)))} '
                 f'<code>{digest}</code> ({self.link(url, self.url(lang, "verify/"), self.word(lang, "verify_link"))})</p>'
                 if digest else "")
        inner = (f"<p><strong>{esc(self.word(lang, 'archive_subtitle', version=version.label))}.</strong> "
                 f"{esc(self.status_line(lang, version))}</p>{_links(links)}{check}")
        header = [self.print_line(url), self.notice(inner, f"policy-version-notice policy-version-notice--{status}")]
        if lang != self.auth and shown == lang:
            header.append(self.translation_note(lang, url, f"versions/{version.label}/"))
        if shown != lang:
            header.append(self.notice(esc(self.word(lang, "not_in_language", language=strings.language_name(
                lang, lang), fallback=strings.language_name(lang, shown))), "policy-notice"))
        # The browser tab and bookmarks name the version: "Integritetspolicy, version 1.0"
        # (overrides/main.html uses `policy_title` as the whole <title>).
        heading = f"{self.title(version, lang)}, {self.word(lang, 'archive_subtitle', version=version.label).lower()}"
        self.page_titles[url] = heading
        return NO_SEARCH + document_markdown(text, self.title(version, lang), header=header,
                                         prerendered=self.prerendered)

    def redline_page(self, lang: str, version: Version) -> str:
        record = self.record
        url = self.url(lang, f"versions/{version.label}/changes/")
        here = self.url(lang, f"versions/{version.label}/")
        previous = record.previous(version)
        changes = record.changes[version.label]
        out = [NO_SEARCH + WHOLE + f"# {esc(self.word(lang, 'redline_title', version=version.label))}", ""]
        dates = (f"{esc(self.word(lang, 'published'))} {esc(self.date(lang, version.published))} · "
                 f"{esc(self.word(lang, 'effective'))} {esc(self.date(lang, version.meta.effective))}")
        links = [self.link(url, here, self.word(lang, "read_version", version=version.label), cls="policy-keep-anchor")]
        if previous:
            links.append(self.link(url, self.url(lang, f"versions/{previous.label}/"),
                                   self.word(lang, "read_version", version=previous.label), cls="policy-keep-anchor"))
            lead = self.word(lang, "against", previous=previous.label)
        else:
            lead = self.word(lang, "first_version")
        out += [self.print_line(url), "",
                self.notice(f"<p>{esc(lead)} {dates}</p>{_links(links)}", "policy-version-notice"), ""]
        if lang != self.auth:
            out += [self.translation_note(lang, url, f"versions/{version.label}/changes/"), ""]
        out += [f'<p class="policy-summary">{self.summary_html(version, lang)}</p>', ""]
        if previous is None:
            return "\n".join(out) + "\n"
        sections = [("changed", changes.changed), ("added", changes.added), ("removed", changes.removed)]
        for key, ids in sections:
            if not ids:
                continue
            out += [f"## {esc(self.word(lang, key))}", ""]
            for unit_id in ids:
                target = here if key != "removed" else self.url(lang, f"versions/{previous.label}/")
                label = self.link(url, target, self.label(lang, unit_id, start=True), anchor=unit_id, cls="policy-label")
                if key == "changed":
                    body = self.redline(previous, version, lang, unit_id)
                elif key == "added":
                    body = redline_html("", self.unit_raw(version, lang, unit_id) or "")
                else:
                    body = redline_html(self.unit_raw(previous, lang, unit_id) or "", "")
                out += [_redline_unit(unit_id, label, body), ""]
        if changes.moved:
            out += [f"## {esc(self.word(lang, 'moved'))}", ""]
            for old, new in changes.moved.items():
                target = self.link(url, here, self.label(lang, new), anchor=new)
                out += [f'<p id="{old}">{esc(self.label(lang, old))}: '
                        f'{self.word(lang, "moved_to", target=target)}</p>', ""]
        if changes.whitespace:
            out += [f"## {esc(self.word(lang, 'whitespace'))}", "",
                    f"<p>{self.anchor_list(url, here, changes.whitespace, lang)}</p>", ""]
        for other, ids in changes.translated.items():
            if lang != other:
                continue
            out += [f"## {esc(self.word(lang, 'translated', language=strings.language_name(lang, other)))}", ""]
            for unit_id in ids:
                label = self.link(url, here, self.label(lang, unit_id, start=True), anchor=unit_id, cls="policy-label")
                body = redline_html(self.unit_raw(previous, lang, unit_id) or "",
                                    self.unit_raw(version, lang, unit_id) or "")
                out += [_redline_unit(unit_id, label, body), ""]
        for other in changes.new_languages:
            name = strings.language_name(lang, other)
            out += [f"## {esc(self.word(lang, 'new_language', language=name))}", "",
                    f"<p>{self.link(url, self.url(other, f'versions/{version.label}/'), name, lang=other)}</p>", ""]
        if changes.empty:
            out += [f"<p>{esc(self.word(lang, 'no_changes'))}</p>", ""]
        return "\n".join(out) + "\n"

    def changelog(self, lang: str) -> str:
        record = self.record
        url = self.url(lang, "changes/")
        out = [WHOLE + f"# {esc(self.word(lang, 'changes_title'))}", ""]
        # The history as a picture: one line of raw HTML (a block: <div><svg>), blank lines around.
        out += [timeline_html(record, lang, self.word(lang, "timeline_title")), ""]
        for version in reversed(record.all_versions):
            status = record.status(version)
            out += [f'## {esc(self.word(lang, "version"))} {esc(version.label)} {{: id="v{esc(version.label)}" }}', ""]
            state = self.word(lang, "state_" + status)
            facts = [esc(state[:1].upper() + state[1:])]
            if version.published:
                facts.append(f"{esc(self.word(lang, 'published'))} {esc(self.date(lang, version.published))}")
            facts.append(f"{esc(self.word(lang, 'effective'))} {esc(self.date(lang, version.meta.effective))}")
            out += [f'<p class="policy-dates policy-dates--{status}">{" · ".join(facts)}</p>', ""]
            out += [f'<p class="policy-summary">{self.summary_html(version, lang)}</p>', ""]
            target = self.url(lang) if version is record.current else self.url(lang, f"versions/{version.label}/")
            changes = record.changes[version.label]
            if record.previous(version) is not None:
                items = self.change_items(lang, url, target, version, changes)
                if items:
                    out += ["<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>", ""]
            if version.commit:
                links = [self.link(url, self.url(lang, f"versions/{version.label}/"),
                                   self.word(lang, "read_version", version=version.label)),
                         self.link(url, self.url(lang, f"versions/{version.label}/changes/"),
                                   self.word(lang, "redline_link"))]
                out += [_links(links), ""]
        return "\n".join(out) + "\n"

    def change_items(self, lang: str, url: str, target: str, version: Version, changes: Changes) -> list[str]:
        items = []
        for key, ids in (("changed", changes.changed), ("added", changes.added)):
            if ids:
                items.append(f"{esc(self.word(lang, key))}: {self.anchor_list(url, target, ids, lang)}")
        if changes.moved:
            items.append(f"{esc(self.word(lang, 'moved'))}: " + ", ".join(
                f"{esc(self.label(lang, a))} → {self.link(url, target, self.label(lang, b), anchor=b)}"
                for a, b in changes.moved.items()))
        if changes.removed:
            previous = self.record.previous(version)
            items.append(f"{esc(self.word(lang, 'removed'))}: " + self.anchor_list(
                url, self.url(lang, f"versions/{previous.label}/"), changes.removed, lang))
        for other, ids in changes.translated.items():
            items.append(f"{esc(self.word(lang, 'translated', language=strings.language_name(lang, other)))}: "
                         f"{self.anchor_list(url, target, ids, lang)}")
        if changes.whitespace:
            items.append(f"{esc(self.word(lang, 'whitespace'))}: {self.anchor_list(url, target, changes.whitespace, lang)}")
        for other in changes.new_languages:
            items.append(esc(self.word(lang, "new_language", language=strings.language_name(lang, other))))
        return items

    def version_list(self, lang: str) -> str:
        record = self.record
        url = self.url(lang, "versions/")
        head = [self.word(lang, k) for k in ("version", "published", "effective", "status", "changes")]
        out = [WHOLE + f"# {esc(self.word(lang, 'versions_title'))}", "",
               "| " + " | ".join(esc(h) for h in head) + " |", "|" + "---|" * len(head)]
        for version in reversed(record.versions):
            status = record.status(version)
            cells = [self.link(url, self.url(lang, f"versions/{version.label}/"), version.label),
                     esc(self.date(lang, version.published)), esc(self.date(lang, version.meta.effective)),
                     esc(self.word(lang, "state_" + status)),
                     self.link(url, self.url(lang, f"versions/{version.label}/changes/"),
                               self.word(lang, "redline_link"))]
            out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out) + "\n"
