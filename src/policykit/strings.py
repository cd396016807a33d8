"""The few words the generator itself writes on pages, per language (English as fallback).

A site in another language works without an entry here; add one to give its readers their
own words.
"""

from __future__ import annotations

import datetime as dt

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "version_line": "Version {version}, gäller från {effective}.",
        "translation_note": "Detta är en översättning. Den bindande texten är den på {language}: {link}.",
        "translation_link": "läs den",
        "months": "januari februari mars april maj juni juli augusti september oktober november december",
        "date": "{day} {month} {year}",
        "changes_title": "Ändringar",
        "versions_title": "Versioner",
        "redline_title": "Ändringar i version {version}",
        "archive_subtitle": "Version {version}",
        "status_current": "Detta är den gällande versionen, i kraft sedan {effective}.",
        "status_past": "Detta är version {version}, som gällde från {effective} tills version {next} trädde i kraft {next_effective}. Den gäller inte längre.",
        "status_past_unknown": "Detta är version {version}, en tidigare version. Den gäller inte längre.",
        "status_upcoming": "Detta är version {version}, som träder i kraft {effective}. Fram till dess gäller version {current}.",
        "status_superseded": "Detta är version {version}. Den ersattes av version {next} innan den trädde i kraft och har aldrig gällt.",
        "state_superseded": "ersatt innan den trädde i kraft",
        "status_preview": "Förhandsvisning av opublicerade ändringar (version {version}). Texten gäller inte.",
        "read_current": "Läs samma ställe i den gällande texten",
        "banner_version": "Version {version}, gäller från {effective}.",
        "banner_since": "Ändrat sedan version {previous}:",
        "banner_first": "Första publicerade versionen.",
        "banner_changed": "Ändrade punkter:",
        "banner_added": "Nya punkter:",
        "banner_removed": "Borttagna punkter:",
        "banner_moved": "Flyttade punkter:",
        "banner_redline": "Se ändringarna ord för ord",
        "banner_all": "Alla versioner",
        "banner_upcoming": "Version {version} träder i kraft {effective}:",
        "banner_upcoming_text": "Läs den kommande texten",
        "banner_preview": "Förhandsvisning: opublicerade ändringar i arbetskopian (version {version}). Den här texten är inte publicerad och gäller inte.",
        "banner_no_history": "Versionshistoriken är inte tillgänglig för den här byggnaden; sidan visar den aktuella texten.",
        "mark_changed": "Ändrad i version {version}",
        "mark_added": "Ny i version {version}",
        "alias_note": "Här står sedan version {version} det som tidigare var {label}.",
        "removed_note": "{label} togs bort i version {version}. Senaste lydelse: {link}.",
        "removed_link": "version {version}",
        "upcoming_note": "{label} träder i kraft {effective} med version {version}: {link}.",
        "upcoming_link": "läs den kommande texten",
        "published": "Publicerad",
        "effective": "Gäller från",
        "status": "Status",
        "version": "Version",
        "text": "Text",
        "changes": "Ändringar",
        "state_current": "gällande",
        "state_past": "tidigare",
        "state_upcoming": "kommande",
        "state_preview": "opublicerad",
        "changed": "Ändrade",
        "added": "Nya",
        "removed": "Borttagna",
        "moved": "Flyttade",
        "whitespace": "Endast radbrytningar eller mellanrum ändrade",
        "translated": "Endast översättningen uppdaterad ({language})",
        "no_changes": "Ingen ändring i texten.",
        "against": "Jämfört med version {previous}.",
        "first_version": "Detta är den första versionen; det finns ingen tidigare att jämföra med.",
        "read_version": "Läs version {version}",
        "redline_link": "Ändringar ord för ord",
        "moved_to": "flyttad till {target}",
        "whitespace_only": "Endast radbrytningar eller mellanrum har ändrats.",
        "not_in_language": "Den här versionen finns inte på {language}; texten visas på {fallback}.",
        "unpublished": "opublicerad",
        "preamble": "inledningen",
        "upcoming_change": "Ändras {effective} med version {version}: {link}.",
        "upcoming_removal": "Tas bort {effective} med version {version}: {link}.",
        "upcoming_change_link": "se ändringen",
        "upcoming_move": "Flyttas till {target} {effective} med version {version}: {link}.",
        "outdated": "Översättningen kan vara inaktuell: den bindande texten har ändrats sedan dess. {link}.",
        "outdated_link": "Läs den bindande texten",
        "sha256": "SHA-256 för den {language} texten:",
        "verify_link": "så kontrollerar du den",
    },
    "en": {
        "version_line": "Version {version}, effective {effective}.",
        "translation_note": "This is a translation. The binding text is the one in {language}: {link}.",
        "translation_link": "read it",
        "months": "January February March April May June July August September October November December",
        "date": "{day} {month} {year}",
        "changes_title": "Changes",
        "versions_title": "Versions",
        "redline_title": "Changes in version {version}",
        "archive_subtitle": "Version {version}",
        "status_current": "This is the version in force, since {effective}.",
        "status_past": "This is version {version}, in force from {effective} until version {next} took effect on {next_effective}. It no longer applies.",
        "status_past_unknown": "This is version {version}, an earlier version. It no longer applies.",
        "status_upcoming": "This is version {version}, which takes effect on {effective}. Until then, version {current} applies.",
        "status_superseded": "This is version {version}. It was replaced by version {next} before it took effect, and never applied.",
        "state_superseded": "replaced before it took effect",
        "status_preview": "Preview of unpublished changes (version {version}). This text is not in force.",
        "read_current": "Read the same place in the text in force",
        "banner_version": "Version {version}, effective {effective}.",
        "banner_since": "Changed since version {previous}:",
        "banner_first": "The first published version.",
        "banner_changed": "Changed clauses:",
        "banner_added": "New clauses:",
        "banner_removed": "Removed clauses:",
        "banner_moved": "Moved clauses:",
        "banner_redline": "See the changes word by word",
        "banner_all": "All versions",
        "banner_upcoming": "Version {version} takes effect on {effective}:",
        "banner_upcoming_text": "Read the upcoming text",
        "banner_preview": "Preview: unpublished changes in the working copy (version {version}). This text is not published and not in force.",
        "banner_no_history": "The version history is not available for this build; the page shows the current text.",
        "mark_changed": "Changed in version {version}",
        "mark_added": "New in version {version}",
        "alias_note": "Since version {version}, this is what was {label}.",
        "removed_note": "{label} was removed in version {version}. Last text: {link}.",
        "removed_link": "version {version}",
        "upcoming_note": "{label} takes effect on {effective} with version {version}: {link}.",
        "upcoming_link": "read the upcoming text",
        "published": "Published",
        "effective": "Effective",
        "status": "Status",
        "version": "Version",
        "text": "Text",
        "changes": "Changes",
        "state_current": "in force",
        "state_past": "past",
        "state_upcoming": "upcoming",
        "state_preview": "unpublished",
        "changed": "Changed",
        "added": "Added",
        "removed": "Removed",
        "moved": "Moved",
        "whitespace": "Only line breaks or spacing changed",
        "translated": "Translation updated only ({language})",
        "no_changes": "No change to the text.",
        "against": "Compared with version {previous}.",
        "first_version": "This is the first version; there is no earlier one to compare with.",
        "read_version": "Read version {version}",
        "redline_link": "Changes word by word",
        "moved_to": "moved to {target}",
        "whitespace_only": "Only line breaks or spacing changed.",
        "not_in_language": "This version does not exist in {language}; the text is shown in {fallback}.",
        "unpublished": "unpublished",
        "preamble": "preamble",
        "upcoming_change": "Changes on {effective} with version {version}: {link}.",
        "upcoming_removal": "Removed on {effective} with version {version}: {link}.",
        "upcoming_change_link": "see the change",
        "upcoming_move": "Moves to {target} on {effective} with version {version}: {link}.",
        "outdated": "This translation may be out of date: the binding text has changed since. {link}.",
        "outdated_link": "Read the binding text",
        "sha256": "SHA-256 of the {language} text:",
        "verify_link": "how to check it",
    },
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "sv": {"sv": "svenska", "en": "engelska", "de": "tyska", "fr": "franska"},
    "en": {"sv": "Swedish", "en": "English", "de": "German", "fr": "French"},
}


def text(lang: str, key: str) -> str:
    return STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]


def language_name(lang: str, of: str) -> str:
    """The name of language `of`, in language `lang` (its code if unknown)."""
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(of, of)


def long_date(lang: str, date: dt.date) -> str:
    """`25 november 2026`; ISO 8601 in a language without words here."""
    if isinstance(date, dt.datetime):
        date = date.date()
    if lang not in STRINGS:
        return date.isoformat()
    month = text(lang, "months").split()[date.month - 1]
    return text(lang, "date").format(day=date.day, month=month, year=date.year)
