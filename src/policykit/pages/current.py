"""The page with the text in force: its banners (what changed since the version before, what
is coming), the marks on changed clauses, the landings of anchors that moved or went, and its
search entries, one per clause."""

from __future__ import annotations

import html

from policykit.pages.base import esc, links_line
from policykit.pages.unit_history import UnitHistory
from policykit.record.changes import Changes
from policykit.record.versions import outdated_units
from policykit.render.markdown import Annotations, document_markdown

#: The weight of the policy's search entries: Material weighs a title 1000 times the text.
SEARCH_BOOST = 1000


class CurrentPage(UnitHistory):
    def current_page(self, lang: str, page_url: str) -> str:
        version = self.record.current
        text, shown = self.text_of(version, lang)
        if shown != lang:
            self.text_lang[page_url] = shown
        header = [self.print_line(page_url)] + self.banners(lang, page_url)
        if lang != self.auth and shown == lang:  # a text shown in the binding language is no translation
            header.append(self.translation_note(lang, page_url))
        if shown != lang:
            header.append(self.notice(esc(self.word(lang, "not_in_language", language=self.words.language(
                lang, lang), fallback=self.words.language(lang, shown))), "policy-notice"))
        notes = self.annotations(lang, page_url)
        note = self.history_note(version, lang, text, notes.history)
        return document_markdown(text, self.title(version, lang), notes, header + ([note] if note else []),
                                 prerendered=self.prerendered)

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
                heading = f"{unit.display_label}. {unit.title}" if unit.title else unit.display_label
                entries.append({"location": f"{location}#{unit.id}", "title": esc(heading), "text": body})
            else:
                entries.append({"location": f"{location}#{unit.id}", "title": esc(unit.display_label), "text": body})
        if not entries or entries[0]["location"] != location:  # the page's own entry comes first
            entries.insert(0, {"location": location, "title": esc(self.title(self.record.current, lang)), "text": ""})
        return [{**entry, "boost": SEARCH_BOOST} for entry in entries]

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
        parts += [self.editorial_line(lang, version), self.last_material_line(lang, page_url, version)]
        if previous:
            parts += self.change_lines(lang, page_url, self.url(lang), changes)
            links = []
            if version.commit:  # an archive (and its redline) exists only for published versions
                links.append(self.link(page_url, self.url(lang, f"versions/{version.label}/changes/"),
                                       self.word(lang, "banner_redline")))
            if previous.commit:
                links.append(self.same_place(lang, page_url, previous))
            links.append(self.link(page_url, self.url(lang, "changes/"), self.word(lang, "banner_all")))
            parts.append(links_line(links))
        kind = " policy-banner--preview" if version.preview else ""
        blocks = [self.notice("".join(parts), "policy-banner" + kind)]
        if record.upcoming and not version.preview:
            blocks.append(self.upcoming_banner(lang, page_url, record.upcoming[0]))
        return blocks

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
                 + self.editorial_line(lang, version)
                 + "".join(self.change_lines(lang, page_url, target, changes, removed_url=self.url(lang)))
                 + links_line(links))
        return self.notice(inner, "policy-banner policy-banner--upcoming")

    def annotations(self, lang: str, page_url: str) -> Annotations:
        """Change marks with in-place redlines, the landings of anchors no longer live, every
        unit's history line and the preamble's permanent link."""
        record, version = self.record, self.record.current
        previous = record.previous(version)
        shown = self.text_of(version, lang)[0]
        notes = Annotations(history=self.history_of(version, lang, page_url, shown),
                            lead=self.preamble_lead(lang, shown))
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
                    words = self.phrase(lang, key, effective=esc(when), version=esc(coming.label), link=link,
                                      target=esc(self.label(lang, target)))
                    notes.notes.setdefault(unit_id, []).append(f'<p class="policy-upcoming-change">{words}</p>')
        if lang != self.auth and lang in version.policy.texts:
            for unit_id in outdated_units(self.record, version, lang):
                link = self.link(page_url, self.url(self.auth), self.word(lang, "outdated_link"),
                                 anchor=unit_id, lang=self.auth)
                notes.notes.setdefault(unit_id, []).append(
                    f'<p class="policy-outdated">{self.phrase(lang, "outdated", link=link)}</p>')
        whole = {section.id for section in shown.sections if section.stand_in}  # one note says it
        for unit in shown.units():
            if unit.stand_in and unit.stand_in != lang and (unit.id in whole or unit.id.split("-")[0] not in whole):
                note = esc(self.word(lang, "untranslated_note", language=self.words.language(lang, unit.stand_in)))
                # the note is in the page's language, inside the stand-in's element
                notes.notes.setdefault(unit.id, []).append(f'<p class="policy-untranslated" lang="{esc(lang)}">{note}</p>')
        live_sections = {s.id for s in shown.sections}
        live = set(shown.ids())
        for fragment, target in version.meta.aliases.items():  # an imported page's old anchors
            if target in live and fragment not in record.landings and fragment not in live:
                notes.aliases.setdefault(target, []).append(fragment)
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
                # the version whose changes name the move; else the first without the anchor (its
                # clause was later renumbered again, so the declaration now names a later place)
                moved_in = next((v for v, c in record.changes.items() if unit_id in c.moved), landing.removed_in)
                if moved_in:  # an anchor no version had (an old page's) lands without a note
                    notes.notes.setdefault(landing.target, []).append(
                        f'<p class="policy-former">{esc(self.word(lang, "alias_note", version=moved_in, label=label))}</p>')
                continue
            if landing.kind == "removed":
                link = self.link(page_url, self.url(lang, f"versions/{landing.last_in}/"),
                                 self.word(lang, "removed_link", version=landing.last_in), anchor=unit_id)
                inner = self.phrase(lang, "removed_note", label=esc(label), version=esc(landing.removed_in or "?"),
                                  link=link)
                cls = "policy-removed"
            else:
                upcoming = record.find(landing.upcoming)
                link = self.link(page_url, self.url(lang, f"versions/{landing.upcoming}/"),
                                 self.word(lang, "upcoming_link"), anchor=unit_id)
                inner = self.phrase(lang, "upcoming_note", label=esc(label), version=esc(landing.upcoming),
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
