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
    },
    "en": {
        "version_line": "Version {version}, effective {effective}.",
        "translation_note": "This is a translation. The binding text is the one in {language}: {link}.",
        "translation_link": "read it",
        "months": "January February March April May June July August September October November December",
        "date": "{day} {month} {year}",
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
    if lang not in STRINGS:
        return date.isoformat()
    month = text(lang, "months").split()[date.month - 1]
    return text(lang, "date").format(day=date.day, month=month, year=date.year)
