"""Every word the generator writes, in the page's language: catalogues as data, forms from Babel.

The words live in one YAML catalogue per language (`catalogues/LANG.yml`, package data). YAML
rather than gettext: a legal editor reads and corrects it without tools, a site overrides one
word with a two-line file, and there is nothing to compile. English (`en.yml`) is complete and
the fallback for every key. A value with `{names}` is filled in by the generator; a mapping of
CLDR plural categories (`one:`, `other:` ...) is chosen by Babel for the count.

A site adds or overrides words from its own folder (the plugin's `words_dir`, `words/` by
default): `words/de.yml` with the keys it changes, or a whole new language. Dates, numbers,
month names and language names come from Babel (CLDR) for the language's locale (`en` may be
written as `en_GB`), never from tables here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal

from . import checks
from .limits import MAX_SUMMARY as MAX_WORD
from .limits import REFUSED_RE, describe, yaml_guard

CATALOGUES = Path(__file__).parent / "catalogues"
FALLBACK = "en"
_NAME = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict) -> str:
    """`{name}` replaced by its value; anything else is left as written. Not str.format: a
    site's word with a stray brace must not stop the build, nor reach an attribute of a value."""
    return _NAME.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text) if values else text


class WordsError(Exception):
    """A catalogue or a locale that cannot be used; the message names the file or option."""


@lru_cache(maxsize=None)
def _shipped(lang: str) -> dict | None:
    path = CATALOGUES / f"{lang}.yml"
    return read_catalogue(path, f"policykit/catalogues/{lang}.yml") if path.is_file() else None


def shipped_languages() -> list[str]:
    return sorted(p.stem for p in CATALOGUES.glob("*.yml"))


def read_catalogue(path: Path, shown: str) -> dict:
    """One catalogue: a mapping of key to text or to plural forms. A syntax error names its line."""
    try:
        source = path.read_text(encoding="utf-8-sig")
        refused = yaml_guard(source, yaml.SafeLoader)
        if refused:
            line, message, fix = refused
            raise WordsError(f"{shown}:{line}: {message} ({fix})")
        data = yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise WordsError(f"{shown}{line}: not valid YAML ({exc.problem}); "
                         "write one `key: text` per line, with text in quotes if it holds ': '") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WordsError(f"{shown}: cannot be read ({exc}); save it as UTF-8 YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise WordsError(f"{shown}:1: a catalogue is a mapping of `key: text`, not a {type(data).__name__}")
    for key, value in data.items():
        plural = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        if not isinstance(key, str) or not (isinstance(value, str) or plural):
            line = _line_of(path, key)
            raise WordsError(f"{shown}{line}: {str(key)[:40]!r} must be a text, or plural forms (one:, other:)")
        for text in (value.values() if plural else [value]):
            if len(text) > MAX_WORD or REFUSED_RE.search(text):
                raise WordsError(f"{shown}{_line_of(path, key)}: {key}: " + (
                    f"longer than {MAX_WORD} characters" if len(text) > MAX_WORD else
                    f"holds {describe(REFUSED_RE.search(text).group())}") + "; write the word as readers see it")
    return data


def _line_of(path: Path, key) -> str:
    try:
        for n, text in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), 1):
            if text.startswith(f"{key}:"):
                return f":{n}"
    except (OSError, UnicodeDecodeError):
        pass
    return ""


def _example(lang: str) -> str:
    """A locale Babel knows for a language code, as a message's example: `de` -> `de_DE`."""
    base = lang.replace("-", "_").split("_")[0].lower()
    try:
        return str(Locale.parse(base).likely_subtag() if hasattr(Locale, "likely_subtag") else Locale.parse(f"und_{base}"))
    except (UnknownLocaleError, ValueError, TypeError):
        return "en_GB"


def parse_locale(lang: str, locale: str | None = None, option: str = "locales") -> Locale:
    """The Babel locale of a language: `locale` as configured, else the language code itself."""
    name = locale or lang
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise WordsError(f"mkdocs.yml: language {name!r} is not a locale that Babel (CLDR) knows; "
                         f"name one under the policykit plugin's `{option}:` (e.g. `{lang}: {_example(lang)}`)") from None


@dataclass
class Words:
    """The words of a site's languages: shipped catalogues, the site's own, Babel's forms."""

    languages: list[str] = field(default_factory=lambda: [FALLBACK])
    locales: dict[str, str] = field(default_factory=dict)
    site_dir: Path | None = None  # the site's words/ folder, if it has one
    site_shown: str = "words"  # how messages name that folder
    problems: checks.Problems = field(default_factory=checks.Problems)

    def __post_init__(self) -> None:
        self._locale = {lang: parse_locale(lang, self.locales.get(lang)) for lang in self.languages}
        english = _shipped(FALLBACK)
        self._catalogue: dict[str, dict] = {}
        for lang in self.languages:
            own = self._site_catalogue(lang)
            shipped = _shipped(lang) or (_shipped(lang.split("-")[0].split("_")[0]) if "-" in lang or "_" in lang else None)
            if shipped is None and own is None:
                self.problems.add(checks.WORDS, f"{self.site_shown}/{lang}.yml", None,
                                  f"no words for language {lang!r}: its pages show the generator's words in English",
                                  f"add {self.site_shown}/{lang}.yml with the keys of policykit's en.yml, in {lang}")
            merged = {**(shipped or {}), **(own or {})}
            missing = [key for key in english if key not in merged]
            if merged and missing:
                self.problems.add(checks.WORDS, f"{self.site_shown}/{lang}.yml", None,
                                  f"{len(missing)} word(s) missing for {lang!r}, shown in English: " + ", ".join(missing),
                                  "add these keys to the file")
            unknown = [key for key in (own or {}) if key not in english]
            if unknown:
                self.problems.add(checks.WORDS, f"{self.site_shown}/{lang}.yml", None,
                                  "unknown key(s), not used: " + ", ".join(map(str, unknown)),
                                  "check their spelling against policykit's en.yml")
            for key, value in (own or {}).items():
                self._check_names(lang, key, value, english.get(key))
            self._catalogue[lang] = merged

    def _site_catalogue(self, lang: str) -> dict | None:
        if self.site_dir is None:
            return None
        path, shown = self.site_dir / f"{lang}.yml", f"{self.site_shown}/{lang}.yml"
        if self.site_dir.is_symlink() or path.is_symlink():  # only files of the repository are read
            raise WordsError(f"{shown}: is a symbolic link, which is not followed; "
                             "replace the link with the file itself")
        return read_catalogue(path, shown) if path.is_file() else None

    def _check_names(self, lang: str, key: str, value, english) -> None:
        """A site's word must fill in the same {names} as the English one: an unknown name
        would stop the build with a KeyError where the word is used."""
        if english is None:
            return
        allowed = set(_NAME.findall(str(english)))
        for text in (value.values() if isinstance(value, dict) else [value]):
            wrong = set(_NAME.findall(text)) - allowed
            if wrong:
                raise WordsError(f"{self.site_shown}/{lang}.yml{_line_of(self.site_dir / f'{lang}.yml', key)}: "
                                 f"{key}: unknown placeholder(s) {', '.join(sorted(wrong))}; "
                                 f"this word may use {', '.join(sorted(allowed)) or 'none'}")

    # Words --------------------------------------------------------------------------------

    def locale(self, lang: str) -> Locale:
        found = self._locale.get(lang)
        if found is None:
            found = self._locale[lang] = parse_locale(lang, self.locales.get(lang))
        return found

    def raw(self, lang: str, key: str):
        value = self._catalogue.get(lang, {}).get(key)
        return value if value is not None else _shipped(FALLBACK)[key]

    def text(self, lang: str, key: str, **values) -> str:
        value = self.raw(lang, key)
        if isinstance(value, dict):
            value = value.get("other") or next(iter(value.values()))
        return fill(value, values)

    def count(self, lang: str, key: str, count: int, **values) -> str:
        """A plural word: the CLDR category of `count` in the language, the number in its form."""
        value = self.raw(lang, key)
        if isinstance(value, dict):
            form = self.locale(lang).plural_form(count)
            value = value.get(form) or value.get("other") or next(iter(value.values()))
        return fill(value, {"count": self.number(lang, count), **values})

    def number(self, lang: str, number: int) -> str:
        return format_decimal(number, locale=self.locale(lang))

    def date(self, lang: str, moment: dt.date | None) -> str:
        """A long date in the language: `25 november 2026`, `25. November 2026`."""
        if moment is None:
            return "?"
        if isinstance(moment, dt.datetime):
            moment = moment.date()
        return format_date(moment, format="long", locale=self.locale(lang))

    def months(self, lang: str) -> list[str]:
        """Abbreviated month names, January first, as they stand alone (a timeline's axis)."""
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale(lang))
        return [names[m] for m in range(1, 13)]

    def language(self, lang: str, of: str) -> str:
        """The name of language `of` in language `lang` (`engelska`, `Englisch`); its code if
        CLDR has no name for it."""
        try:
            other = parse_locale(of)  # the language the site names, not its dates' locale (en_GB)
        except WordsError:
            return of
        names = self.locale(lang).languages
        return names.get(str(other)) or names.get(other.language) or of

    def own_name(self, lang: str) -> str:
        """A language's name in itself, capitalised as a menu entry: `Svenska`, `Deutsch`."""
        name = self.language(lang, lang)
        return name[:1].upper() + name[1:]

    def for_script(self, lang: str) -> dict[str, str]:
        """The words the site's scripts show (the copy buttons), for data attributes."""
        return {"copy": self.text(lang, "copy_link"), "copied": self.text(lang, "link_copied"),
                "search": self.text(lang, "search")}
