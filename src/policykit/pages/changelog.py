"""The changelog (every version, newest first, with its clause-level changes and the
timeline) and the version list (a table)."""

from __future__ import annotations

from policykit.pages.base import WHOLE, esc, links_line, md
from policykit.pages.periods import Periods
from policykit.pages.timeline import timeline_html
from policykit.record.changes import Changes
from policykit.record.history import Version


class ChangelogPages(Periods):
    def changelog(self, lang: str) -> str:
        record = self.record
        url = self.url(lang, "changes/")
        out = [WHOLE + f"# {md(self.word(lang, 'changes_title'))}", ""]
        # The history as a picture: one line of raw HTML (a block: <div><svg>), blank lines around.
        out += [timeline_html(record, lang, self.words), ""]
        out += [links_line([self.link(url, self.url(lang, "compare/"), self.word(lang, "compare_title"))]), ""]
        for version in reversed(record.all_versions):
            status = record.status(version)
            out += [f'## {md(self.word(lang, "version"))} {md(version.label)} {{: id="v{esc(version.label)}" }}', ""]
            state = self.word(lang, record.state_key(version))
            facts = [esc(state[:1].upper() + state[1:])]
            if version.published:
                facts.append(f"{esc(self.word(lang, 'published'))} {esc(self.date(lang, version.published))}")
            facts.append(f"{esc(self.word(lang, 'effective'))} {esc(self.date(lang, version.meta.effective))}")
            out += [f'<p class="policy-dates policy-dates--{status}">{" · ".join(facts)}</p>', ""]
            editorial = self.editorial_line(lang, version)
            if editorial:
                out += [editorial, ""]
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
                out += [links_line(links), ""]
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
            items.append(f"{esc(self.word(lang, 'translated', language=self.words.language(lang, other)))}: "
                         f"{self.anchor_list(url, target, ids, lang)}")
        if changes.whitespace:
            items.append(f"{esc(self.word(lang, 'whitespace'))}: {self.anchor_list(url, target, changes.whitespace, lang)}")
        for other in changes.new_languages:
            items.append(esc(self.word(lang, "new_language", language=self.words.language(lang, other))))
        return items

    def version_list(self, lang: str) -> str:
        """The versions, newest first, each with its period in force; above the table, a form
        that asks which version was in force on a day (`?on=YYYY-MM-DD`): policy-versions.js
        answers it from the rows' periods, and without script the table does."""
        record = self.record
        url = self.url(lang, "versions/")
        head = [self.word(lang, k) for k in ("version", "published", "effective", "status", "period", "changes")]
        out = [WHOLE + f"# {md(self.word(lang, 'versions_title'))}", "", self.on_form(lang), "",
               "<table>", "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
        order = {id(p.version): i for i, p in enumerate(record.periods)}
        for version in reversed(record.versions):
            status = record.status(version)
            state = esc(self.word(lang, record.state_key(version)))
            if not record.material.get(version.label, True):
                state += f' <span class="policy-tag">{esc(self.word(lang, "editorial_short"))}</span>'
            cells = [self.link(url, self.url(lang, f"versions/{version.label}/"), version.label),
                     esc(self.date(lang, version.published)), esc(self.date(lang, version.meta.effective)),
                     state, esc(self.period_text(lang, version)),
                     self.link(url, self.url(lang, f"versions/{version.label}/changes/"),
                               self.word(lang, "redline_link"))]
            data = (f' data-version="{esc(version.label)}" data-href="{esc(version.label)}/"'
                    f'{self.period_attrs(version)}' + (f' data-order="{order[id(version)]}"'
                                                         if id(version) in order else ""))
            out.append(f"<tr{data}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        out += ["</tbody>", "</table>", "", self.script_tag(url)]
        out += ["", links_line([self.link(url, self.url(lang, "compare/"), self.word(lang, "compare_title"))])]
        return "\n".join(out) + "\n"

    def on_form(self, lang: str) -> str:
        """The question, a GET form to this page; the sentence that says the table answers it
        without script; where the script writes its answer (a status, or an alert)."""
        keys = ("on_not_a_date", "on_before_first", "on_upcoming", "on_found", "on_open")
        return (f'<form class="policy-on-form" method="get" action="./">'
                f'<label for="policy-on-day">{esc(self.word(lang, "on_label"))}</label> '
                f'<input type="date" id="policy-on-day" name="on" required> '
                f'<button type="submit" class="md-button">{esc(self.word(lang, "on_button"))}</button></form>'
                f'<p class="policy-on-note">{esc(self.word(lang, "on_no_script"))}</p>'
                f'<div class="policy-on-answer" id="policy-on-answer" hidden{self.on_attrs(lang, keys)}></div>')
