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
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import babel
import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal

from policykit.text import checks
from policykit.text.limits import MAX_SUMMARY as MAX_WORD
from policykit.text.limits import REFUSED_RE, describe, yaml_guard
from policykit.text.meta import LOADER

CATALOGUES = Path(__file__).parent / "catalogues"
#: The CLDR plural categories; Babel chooses one for a count.
PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}
#: More than the whole English catalogue many times over: a bigger file is no catalogue.
MAX_FILE = 256 * 1024
FALLBACK = "en"
_NAME = re.compile(r"\{(\w+)\}")
#: One word of a catalogue: a text, or its plural forms (one:, other: ...).
Word = str | dict[str, str]


def fill(text: str, values: dict) -> str:
    """`{name}` replaced by its value; anything else is left as written. Not str.format: a
    site's word with a stray brace must not stop the build, nor reach an attribute of a value."""
    return (
        _NAME.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text) if values else text
    )


class WordsError(checks.FixableError):
    """A catalogue or a locale that cannot be used: where (a file, and its line if known), what
    is wrong, and the fix, as a Problem of the `words-invalid` check holds them."""


@cache
def _shipped(lang: str) -> dict | None:
    path = CATALOGUES / f"{lang}.yml"
    return read_catalogue(path, f"policykit/words/catalogues/{lang}.yml", shipped=True) if path.is_file() else None


def _english() -> dict:
    """The English catalogue, which always ships: every key the generator uses is in it."""
    found = _shipped(FALLBACK)
    if found is None:
        raise FileNotFoundError(CATALOGUES / f"{FALLBACK}.yml")
    return found


def shipped_languages() -> list[str]:
    return sorted(p.stem for p in CATALOGUES.glob("*.yml"))


def read_catalogue(path: Path, shown: str, shipped: bool = False) -> dict:
    """One catalogue: a mapping of key to text or to plural forms. A syntax error names its line.
    A `shipped` one (the package's own, read by every build) is read with libyaml where PyYAML
    has it; the package's tests hold each to the same values with both parsers. A site's own is
    read with the pure-Python parser: libyaml accepts some YAML it refuses (a tab after a key,
    a stray byte-order mark), and a site must build, or not, the same on every machine."""
    try:
        if path.stat().st_size > MAX_FILE:
            raise WordsError(
                f"{path.stat().st_size:,} bytes is more than any catalogue needs ({MAX_FILE:,})",
                "write only the words the site changes",
                path=shown,
            )
        source = path.read_text(encoding="utf-8-sig")
        loader = LOADER if shipped else yaml.SafeLoader
        refused = yaml_guard(source, loader)
        if refused:
            line, message, fix = refused
            raise WordsError(message, fix, path=shown, line=line)
        data = yaml.load(source, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is found at the end of the file: name where it opened.
        ends = "end of stream" in str(exc.problem) and exc.context_mark is not None
        mark = exc.context_mark if ends else exc.problem_mark or exc.context_mark
        raise WordsError(
            f"not valid YAML ({exc.problem})",
            "write one `key: text` per line, with text in quotes if it holds ': '",
            path=shown,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:  # a character YAML refuses (NUL), found before any line is read
        raise WordsError(
            f"not valid YAML ({str(exc).splitlines()[0][:120]})",
            "save it as UTF-8 text without control characters",
            path=shown,
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WordsError(f"cannot be read ({exc})", "save it as UTF-8 YAML", path=shown) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise WordsError(
            f"a catalogue is a mapping of `key: text`, not a {type(data).__name__}",
            f"write one `key: text` a line, as `policy words {path.stem}` prints them",
            path=shown,
            line=1,
        )
    for key, value in data.items():
        plural = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        if not isinstance(key, str) or not (isinstance(value, str) or plural):
            raise WordsError(
                f"{str(key)[:40]!r} must be a text, or plural forms (one:, other:)",
                f"write `{str(key)[:40]}: text`, or its forms as `policy words {path.stem}` prints them",
                path=shown,
                line=_line_number(path, key),
            )
        if plural and ("other" not in value or set(value) - PLURAL_FORMS):
            wrong = ", ".join(sorted(set(value) - PLURAL_FORMS)[:5])
            raise WordsError(
                f"{key}: " + (f"{wrong[:80]} is not a CLDR plural form" if wrong else "plural forms need `other:`"),
                "use one:, other: (and zero:, two:, few:, many: where the language has them)",
                path=shown,
                line=_line_number(path, key),
            )
        for text in value.values() if plural else [value]:
            refusal = REFUSED_RE.search(text)
            if len(text) > MAX_WORD or refusal or "\n" in text or "\r" in text:
                raise WordsError(
                    f"{key}: "
                    + (
                        f"longer than {MAX_WORD} characters"
                        if len(text) > MAX_WORD
                        else "holds a line break (a word is one line)"
                        if "\n" in text or "\r" in text or refusal is None
                        else f"holds {describe(refusal.group())}"
                    ),
                    "write the word as readers see it",
                    path=shown,
                    line=_line_number(path, key),
                )
    return data


def _some(keys: list[str], shown: int = 150) -> str:
    """A list of keys for a message: all that a catalogue can lack, then how many more."""
    return ", ".join(keys[:shown]) + (f" and {len(keys) - shown} more" if len(keys) > shown else "")


def _line_number(path: Path | None, key: object) -> int | None:
    """The line where `key:` starts in the file, for a message; None if not found."""
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n") if path is not None else []
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), None)


def _example(lang: str) -> str:
    """A locale Babel knows for a language code, as a message's example: `de` -> `de_DE`."""
    base = lang.replace("-", "_").split("_")[0].lower()
    try:
        return str(Locale.parse(f"und_{base}"))
    except (UnknownLocaleError, ValueError, TypeError):
        return "en_GB"


def parse_locale(lang: str, locale: str | None = None) -> Locale:
    """The Babel locale of a language: `locale` as configured, else the language code itself."""
    try:
        return Locale.parse(str(locale or lang).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        if locale:
            raise WordsError(
                f"policykit's locales: {lang}: {str(locale)[:40]!r} is not a locale that Babel (CLDR) knows",
                f"name one it knows, such as {lang}: {_example(lang)}",
                path="mkdocs.yml",
            ) from None
        raise WordsError(
            f"language {str(lang)[:40]!r} is not a locale that Babel (CLDR) knows",
            f"name its locale under policykit's locales:, such as {str(lang)[:40]}: en_GB",
            path="mkdocs.yml",
        ) from None


def _language_of(lang: str) -> str | None:
    try:
        return Locale.parse(lang.replace("-", "_")).language
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@dataclass
class Words:
    """The words of a site's languages: shipped catalogues, the site's own, Babel's forms.

    A language with no words at all (none shipped, none of the site's) is written in English
    throughout: English words with English dates and names, not an English sentence around an
    Italian date. Problems (a notice for missing words, a warning for a site's word or file
    that is not used) go to `problems`; what cannot be used raises WordsError."""

    languages: list[str] = field(default_factory=lambda: [FALLBACK])
    locales: dict[str, str] = field(default_factory=dict)
    site_dir: Path | None = None  # the site's words/ folder, if it has one
    site_shown: str = "words"  # how messages name that folder
    problems: checks.Problems = field(default_factory=checks.Problems)

    def __post_init__(self) -> None:
        self._locale = {lang: parse_locale(lang, self.locales.get(lang)) for lang in self.languages}
        english = _english()
        self._catalogue: dict[str, dict] = {}
        self._digests: dict[str, str] = {}  # `digest`, asked for by every page of a build
        self._check_locales()
        self._check_files()
        for lang in self.languages:
            own = self._site_catalogue(lang)
            shipped = _shipped(lang) or (
                _shipped(lang.split("-")[0].split("_")[0]) if "-" in lang or "_" in lang else None
            )
            shown = f"{self.site_shown}/{lang}.yml"
            if shipped is None and own is None:
                name = self.language(FALLBACK, lang)
                self._locale[lang] = parse_locale(FALLBACK, self.locales.get(FALLBACK))
                self.problems.add(
                    checks.WORDS,
                    shown,
                    None,
                    f"no words for {name} ({lang}): its pages show the generator's words, dates and "
                    "language names in English",
                    f"add {shown} with the keys of policykit's words/catalogues/en.yml (`policy words en` "
                    f"prints them), written in {name}",
                )
            merged = {**(shipped or {}), **(own or {})}
            missing = [key for key in english if key not in merged]
            if merged and missing:
                self.problems.add(
                    checks.WORDS,
                    shown,
                    None,
                    f"{len(missing)} word(s) missing for {lang}, shown in English: " + _some(missing),
                    "add these keys to the file",
                )
            unknown = [key for key in (own or {}) if key not in english]
            if unknown:
                self.problems.add(
                    checks.WORDS_UNUSED,
                    shown,
                    _line_number(self._site_file(lang), unknown[0]),
                    "unknown key(s), not used: " + _some([str(k)[:40] for k in unknown]),
                    "correct the spelling to a key of policykit's words/catalogues/en.yml (`policy words en`)",
                )
            for key, value in (own or {}).items():
                self._check_names(lang, key, value, english.get(key))
            self._catalogue[lang] = merged

    def _check_locales(self) -> None:
        """A configured locale of another language (`de: fr_FR`) would write French dates on
        German pages."""
        for lang, locale in self.locales.items():
            if lang not in self._locale:
                continue
            own, given = _language_of(lang), self._locale[lang].language
            if own is not None and own != given:
                self.problems.add(
                    checks.WORDS_UNUSED,
                    "mkdocs.yml",
                    None,
                    f"policykit's locales: {lang}: {locale} is a locale of another language "
                    f"({_english_name(given)}), so {lang} pages would get its dates",
                    f"name a locale of {_english_name(own)}, such as {lang}: {_example(lang)}",
                )

    def _check_files(self) -> None:
        """Files in the site's words folder that nothing reads: another extension, or a
        language the site does not have."""
        if self.site_dir is None or self.site_dir.is_symlink() or not self.site_dir.is_dir():
            return
        for path in sorted(self.site_dir.iterdir()):
            shown = f"{self.site_shown}/{path.name}"
            if path.suffix in (".yaml", ".YML", ".YAML") and path.is_file():
                self.problems.add(
                    checks.WORDS_UNUSED,
                    shown,
                    None,
                    "is not read: catalogues end in .yml",
                    f"rename it to {path.stem}.yml",
                )
            elif path.suffix == ".yml" and path.stem not in self.languages:
                self.problems.add(
                    checks.WORDS_UNUSED,
                    shown,
                    None,
                    f"is not read: {path.stem} is not a language of the site ({', '.join(self.languages)})",
                    "name it after one of the site's languages, or add the language to mkdocs.yml",
                )

    def _site_file(self, lang: str) -> Path | None:
        return self.site_dir / f"{lang}.yml" if self.site_dir is not None else None

    def _site_catalogue(self, lang: str) -> dict | None:
        if self.site_dir is None:
            return None
        path, shown = self.site_dir / f"{lang}.yml", f"{self.site_shown}/{lang}.yml"
        if self.site_dir.is_symlink():  # only files of the repository are read
            raise WordsError(
                "is a symbolic link, which is not followed",
                "replace the link with the folder itself",
                path=f"{self.site_shown}/",
            )
        if path.is_symlink():
            raise WordsError(
                "is a symbolic link, which is not followed",
                "replace the link with the file itself",
                path=shown,
                line=None,
            )
        return read_catalogue(path, shown) if path.is_file() else None

    def _check_names(self, lang: str, key: str, value: Word, english: Word | None) -> None:
        """A site's word must fill in the same {names} as the English one: an unknown name
        would stop the build with a KeyError where the word is used."""
        if english is None:
            return
        allowed = set(_NAME.findall(str(english)))
        for text in value.values() if isinstance(value, dict) else [value]:
            wrong = set(_NAME.findall(text)) - allowed
            if wrong:
                raise WordsError(
                    f"{key}: unknown placeholder(s) {', '.join(sorted(wrong))}",
                    f"this word may use {', '.join(sorted(allowed)) or 'none'}",
                    path=f"{self.site_shown}/{lang}.yml",
                    line=_line_number(self._site_file(lang), key),
                )

    # Words --------------------------------------------------------------------------------

    def locale(self, lang: str) -> Locale:
        found = self._locale.get(lang)
        if found is None:
            found = self._locale[lang] = parse_locale(lang, self.locales.get(lang))
        return found

    def raw(self, lang: str, key: str) -> Word:
        value = self._catalogue.get(lang, {}).get(key)
        return value if value is not None else _english()[key]

    def text(self, lang: str, key: str, **values: object) -> str:
        value = self.raw(lang, key)
        if isinstance(value, dict):
            value = value.get("other") or next(iter(value.values()))
        return fill(value, values)

    def count(self, lang: str, key: str, count: int, **values: object) -> str:
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

    def date_form(self, lang: str) -> tuple[str, list[str]]:
        """How `date` writes a day, for a script that writes one a reader asked about: the
        locale's long pattern (`d MMMM y`) and its month names, January first, as a date
        uses them (`maaliskuuta`)."""
        locale = self.locale(lang)
        names = locale.months["format"]["wide"]
        return locale.date_formats["long"].pattern, [names[m] for m in range(1, 13)]

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

    def digest(self, lang: str) -> str:
        """What the words of `lang` are, as a short digest: its catalogue, its locale and
        Babel's data (names of languages, dates), for a cache of pages in the language."""
        found = self._digests.get(lang)
        if found is None:
            data = json.dumps(self._catalogue.get(lang), sort_keys=True, ensure_ascii=False)
            found = hashlib.sha256(f"{data}\0{self.locale(lang)}\0{babel.__version__}".encode()).hexdigest()[:16]
            self._digests[lang] = found
        return found

    def for_script(self, lang: str) -> dict[str, str | dict[str, str]]:
        """The words the site's scripts show, for data attributes: search's name, and each
        unit's menu (UNIT_MENU_WORDS)."""
        return {
            "search": self.text(lang, "search"),
            "cite_go": self.text(lang, "cite_go"),  # policy-citation.js: "Go to {label}"
            "unit_menu": {key: self.text(lang, key) for key in UNIT_MENU_WORDS},
        }


#: The words of each unit's menu, of a citation, of a printout's page numbers and of the "go to"
#: field (assets/javascripts/policy-unit-menu.js; theme/main.html writes them as data-w-KEY).
UNIT_MENU_WORDS = (
    "unit_menu",
    "unit_menu_preamble",
    "copy_unit_link",
    "copy_preamble",
    "copy_cite",
    "copy_cite_preamble",
    "print_unit",
    "print_preamble",
    "menu_history",
    "menu_history_preamble",
    "menu_change",
    "menu_change_preamble",
    "unit_copied",
    "link_copied",
    "cite_copied",
    "cite",
    "cite_unit",
    "cite_preamble",
    "goto_label",
    "goto_button",
    "goto_missing",
    "print_page",
)


def _english_name(language: str) -> str:
    """A language's name in English, for messages: CLDR's own `en`, never the locale a site
    configured for its English pages (which may be the very mistake the message is about)."""
    return Locale("en").languages.get(language) or language
