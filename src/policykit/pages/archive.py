"""An archived version's page (its whole text, saying whether it applies) and its redline
against the version before."""

from __future__ import annotations

from urllib.parse import quote

from policykit.pages.base import NO_SEARCH, WHOLE, esc, links_line, md
from policykit.pages.periods import Periods
from policykit.pages.unit_history import UnitHistory
from policykit.record.archived import unlink_text
from policykit.record.history import Version
from policykit.render.markdown import Annotations, document_markdown
from policykit.render.redline import redline_html


def _redline_unit(unit_id: str, label: str, body: str, lang: str = "", note: str = "") -> str:
    """One unit on a redline page: its label (a link) and its marked text, under its own id; a
    text in another language than the page's (the binding one, where the translation has not
    followed) says so with `lang` and a note in the page's language."""
    text = f'<span class="policy-redline" lang="{lang}">{body}</span>' if lang else f'<span class="policy-redline">{body}</span>'
    return f'<div class="policy-redline-unit" id="{unit_id}"><p>{label} {text}</p>{note}</div>'


class ArchivePages(UnitHistory, Periods):
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
            replacing = record.replaced_by(version)
            key = "status_superseded"
            if record.same_day(version):  # "took effect" or, while it is upcoming, "takes effect"
                key = "status_same_day_upcoming" if record.status(replacing) == "upcoming" else "status_same_day"
            return self.word(lang, key, version=version.label, next=replacing.label, effective=effective)
        following = record.successor(version)
        if following is None:
            return self.word(lang, "status_past_unknown", version=version.label)
        return self.word(lang, "status_past", version=version.label, effective=effective, next=following.label,
                         next_effective=self.date(lang, following.meta.effective))

    def on_day(self, lang: str, version: Version) -> str:
        """Where policy-versions.js says, for `?on=DAY` (the version list sends readers here),
        that this is the text in force on that day, after checking it against this version's
        period; or that it was not, with a link back to the list's answer."""
        keys = ("on_was", "on_is", "on_will", "on_not_this", "on_which", "on_not_a_date")
        return (f'<p class="policy-on-day" hidden{self.period_attrs(version)}'
                f'{self.on_attrs(lang, keys)}></p>')

    def archive(self, lang: str, version: Version) -> str:
        url = self.url(lang, f"versions/{version.label}/")
        text, shown = self.text_of(version, lang)
        text = unlink_text(text, version.unlinked.get(shown))  # what MkDocs would warn about (archived.py)
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
        compare = self.compare_with_current(lang, url, version)
        if compare:
            links.append(compare)
        digest = version.sha256.get(shown)
        check = (f'<p class="policy-sha256">{esc(self.word(lang, "sha256", language=self.words.language(lang, shown)))} '
                 f'<code>{digest}</code> ({self.link(url, self.url(lang, "verify/"), self.word(lang, "verify_link"))})</p>'
                 if digest else "")
        inner = (f"<p><strong>{esc(self.word(lang, 'archive_subtitle', version=version.label))}.</strong> "
                 f"{esc(self.status_line(lang, version))}</p>{self.editorial_line(lang, version)}"
                 f"{self.last_material_line(lang, url, version, archived=True)}{self.on_day(lang, version)}"
                 f"{links_line(links)}{check}")
        header = [self.print_line(url), self.notice(inner, f"policy-version-notice policy-version-notice--{status}"),
                  self.script_tag(url)]
        if lang != self.auth and shown == lang:
            header.append(self.translation_note(lang, url, f"versions/{version.label}/"))
        if shown != lang:
            header.append(self.notice(esc(self.word(lang, "not_in_language", language=self.words.language(
                lang, lang), fallback=self.words.language(lang, shown))), "policy-notice"))
        # The browser tab and bookmarks name the version: "Integritetspolicy, version 1.0"
        # (theme/main.html uses `policy_title` as the whole <title>).
        heading = f"{self.title(version, lang)}, {self.word(lang, 'archive_subtitle', version=version.label).lower()}"
        self.page_titles[url] = heading
        # Each unit's history up to this version (a later change is not part of this text's record).
        notes = Annotations(history=self.history_of(version, lang, url, text, compact=True),
                            lead=self.preamble_lead(lang, text))
        note = self.history_note(version, lang, text, notes.history)
        return NO_SEARCH + document_markdown(text, self.title(version, lang), notes, header + ([note] if note else []),
                                             prerendered=self.prerendered)

    def compare_with_current(self, lang: str, url: str, version: Version) -> str:
        """"Compare with the version in force": from this version to it (from it, if upcoming)."""
        in_force = self.record.in_force
        if in_force is None or version is in_force or not version.commit or version not in self.record.versions:
            return ""
        pair = (version, in_force) if self.record.status(version) != "upcoming" else (in_force, version)
        query = "?from=" + quote(pair[0].label, safe="") + ("" if pair[1] is in_force else "&to=" + quote(pair[1].label, safe=""))
        return (f'<a href="{esc(self.href(url, self.url(lang, "compare/")) + query)}">'
                f'{md(self.word(lang, "compare_with_current"))}</a>')

    def redline_page(self, lang: str, version: Version) -> str:
        record = self.record
        url = self.url(lang, f"versions/{version.label}/changes/")
        here = self.url(lang, f"versions/{version.label}/")
        previous = record.previous(version)
        out = [NO_SEARCH + WHOLE + f"# {md(self.word(lang, 'redline_title', version=version.label))}", ""]
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
                self.notice(f"<p>{esc(lead)} {dates}</p>{self.editorial_line(lang, version)}"
                            f"{self.last_material_line(lang, url, version, archived=True)}{links_line(links)}",
                            "policy-version-notice"), ""]
        if lang != self.auth:
            out += [self.translation_note(lang, url, f"versions/{version.label}/changes/"), ""]
        out += [f'<p class="policy-summary">{self.summary_html(version, lang)}</p>', ""]
        if previous is None:
            return "\n".join(out) + "\n"
        out += self.changes_body(lang, version, url, lambda text: f"## {md(text)}")
        return "\n".join(out) + "\n"

    def _redline_language(self, version: Version, lang: str, unit_id: str, previous: Version | None = None) -> str:
        """The language of the text a redline shows for a unit on a page in `lang`: the page's, or
        the binding one where the translation lacks the unit, or (a change, `previous` given) where
        the translation did not follow the change (`PagesBase.redline` then marks the binding text)."""
        if previous is not None and lang != self.auth and \
                self.unit_raw(previous, lang, unit_id) == self.unit_raw(version, lang, unit_id):
            return self.auth
        text, shown = self.text_of(version, lang)
        unit = text.find(unit_id)
        return unit.stand_in if unit is not None and unit.stand_in else shown

    def _stand_in(self, lang: str, shown: str) -> tuple[str, str]:
        """(lang attribute, note) for a redline whose text is in `shown` on a page in `lang`."""
        if shown == lang:
            return "", ""
        note = esc(self.word(lang, "untranslated_note", language=self.words.language(lang, shown)))
        return esc(shown), f'<p class="policy-untranslated">{note}</p>'

    def changes_body(self, lang: str, version: Version, url: str, heading, prefix: str = "") -> list[str]:
        """The lines of `version`'s changes against the version before, in `lang`, for the page
        at `url`: a heading per kind of change (`heading(word)` writes it), then each unit's
        redline under its label. `prefix` goes before every id, for a page that shows several
        versions' changes (the compare page's chain)."""
        record = self.record
        here = self.url(lang, f"versions/{version.label}/")
        previous = record.previous(version)
        changes = record.changes[version.label]
        # The redline page and the compare page's chain show the same redlines: made once.
        bodies = self.__dict__.setdefault("_redline_bodies", {})
        out: list[str] = []
        sections = [("changed", changes.changed), ("added", changes.added), ("removed", changes.removed)]
        for key, ids in sections:
            if not ids:
                continue
            out += [heading(self.word(lang, key)), ""]
            for unit_id in ids:
                target = here if key != "removed" else self.url(lang, f"versions/{previous.label}/")
                label = self.link(url, target, self.label(lang, unit_id, start=True), anchor=unit_id, cls="policy-label")
                body = bodies.get((lang, version.label, key, unit_id))
                if body is None:
                    if key == "changed":
                        body = self.redline(previous, version, lang, unit_id)
                    elif key == "added":
                        body = redline_html("", self.unit_raw(version, lang, unit_id) or "")
                    else:
                        body = redline_html(self.unit_raw(previous, lang, unit_id) or "", "")
                    bodies[(lang, version.label, key, unit_id)] = body
                shown = self._redline_language(previous if key == "removed" else version, lang, unit_id,
                                               previous if key == "changed" else None)
                out += [_redline_unit(prefix + unit_id, label, body, *self._stand_in(lang, shown)), ""]
        if changes.moved:
            out += [heading(self.word(lang, "moved")), ""]
            for old, new in changes.moved.items():
                target = self.link(url, here, self.label(lang, new), anchor=new)
                out += [f'<p id="{prefix}{old}">{esc(self.label(lang, old))}: '
                        f'{self.phrase(lang, "moved_to", target=target)}</p>', ""]
        if changes.whitespace:
            out += [heading(self.word(lang, "whitespace")), "",
                    f"<p>{self.anchor_list(url, here, changes.whitespace, lang)}</p>", ""]
        for other, ids in changes.translated.items():
            if lang != other:
                continue
            out += [heading(self.word(lang, "translated", language=self.words.language(lang, other))), ""]
            for unit_id in ids:
                label = self.link(url, here, self.label(lang, unit_id, start=True), anchor=unit_id, cls="policy-label")
                body = bodies.get((lang, version.label, "translated", unit_id))
                if body is None:
                    body = bodies[(lang, version.label, "translated", unit_id)] = redline_html(
                        self.unit_raw(previous, lang, unit_id) or "", self.unit_raw(version, lang, unit_id) or "")
                out += [_redline_unit(prefix + unit_id, label, body), ""]
        for other in changes.new_languages:
            name = self.words.language(lang, other)
            out += [heading(self.word(lang, "new_language", language=name)), "",
                    f"<p>{self.link(url, self.url(other, f'versions/{version.label}/'), name, lang=other)}</p>", ""]
        if changes.empty or not out:  # nothing at all, or nothing in this language (another's translation)
            out += [f"<p>{esc(self.word(lang, 'no_changes'))}</p>", ""]
        return out
