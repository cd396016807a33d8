"""The shipped word catalogues (src/policykit/words/catalogues/*.yml) against en.yml, the reference:
the same keys in the same order, the same {names} in every value, every CLDR plural category
the language has, and no word left in English except the few the file's header names
(`# same as English: key, key`)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml
from babel import Locale

from policykit.words.catalogue import WordsError, read_catalogue

CATALOGUES = Path(__file__).resolve().parent.parent / "src" / "policykit" / "words" / "catalogues"
FILES = sorted(CATALOGUES.glob("*.yml"))
SAME_AS_ENGLISH = re.compile(r"^#\s*same as English:(.*)$", re.MULTILINE)
MAX_SAME = 6


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a mapping of key: text"
    return data


ENGLISH = load(CATALOGUES / "en.yml")


def names(text: str) -> set[str]:
    """The {names} str.format fills in; raises on a stray brace, as the generator would."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def same_as_english(path: Path) -> set[str]:
    """The keys the header comment says are rightly the same as in English."""
    found = SAME_AS_ENGLISH.search(path.read_text(encoding="utf-8"))
    if not found:
        return set()
    listed = {key.strip() for key in found.group(1).split(",")}
    return listed - {"", "(none)", "none"}


def plural_categories(lang: str) -> set[str]:
    return set(Locale.parse(lang).plural_form.tags) | {"other"}


def english_form(key: str, category: str) -> str:
    value = ENGLISH[key]
    return value.get(category, value["other"])


def test_there_are_catalogues_besides_english():
    assert len(FILES) > 1 and CATALOGUES / "en.yml" in FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_same_keys_in_same_order(path):
    catalogue = load(path)
    missing = [key for key in ENGLISH if key not in catalogue]
    unknown = [key for key in catalogue if key not in ENGLISH]
    assert not missing, f"{path.name}: missing keys {missing}"
    assert not unknown, f"{path.name}: keys en.yml does not have {unknown}"
    assert list(catalogue) == list(ENGLISH), f"{path.name}: keys not in en.yml's order"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_values_are_texts_or_plurals_like_english(path):
    catalogue = load(path)
    for key, value in catalogue.items():
        if key not in ENGLISH:
            continue
        if isinstance(ENGLISH[key], dict):
            assert isinstance(value, dict) and all(isinstance(v, str) for v in value.values()), (
                f"{path.name}: {key} must be plural forms (one:, other: ...)"
            )
        else:
            assert isinstance(value, str) and value.strip(), f"{path.name}: {key} must be a text"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_plural_categories_cover_the_language(path):
    catalogue, wanted = load(path), plural_categories(path.stem)
    for key, value in ENGLISH.items():
        if isinstance(value, dict) and isinstance(catalogue.get(key), dict):
            missing = wanted - set(catalogue[key])
            assert not missing, f"{path.name}: {key} lacks the plural categories {sorted(missing)}"
            extra = set(catalogue[key]) - wanted
            assert not extra, f"{path.name}: {key} has categories {path.stem} does not use: {sorted(extra)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_placeholders_are_the_english_ones(path):
    catalogue = load(path)
    for key, value in catalogue.items():
        if key not in ENGLISH or type(value) is not type(ENGLISH[key]):
            continue  # reported by the tests above
        forms = value.items() if isinstance(value, dict) else [(None, value)]
        for category, text in forms:
            english = english_form(key, category) if category else ENGLISH[key]
            where = f"{key}.{category}" if category else key
            try:
                names(text)
            except ValueError as exc:
                pytest.fail(f"{path.name}: {where} is not a format string the generator can fill ({exc})")
            assert names(text) == names(english), (
                f"{path.name}: {where} has {sorted(names(text))}, en.yml has {sorted(names(english))}"
            )


@pytest.mark.parametrize("path", [p for p in FILES if p.stem != "en"], ids=lambda p: p.stem)
def test_nothing_left_in_english_but_the_listed_keys(path):
    catalogue, allowed = load(path), same_as_english(path)
    assert allowed <= set(ENGLISH), (
        f"{path.name}: '# same as English:' names unknown keys {sorted(allowed - set(ENGLISH))}"
    )
    assert len(allowed) <= MAX_SAME, f"{path.name}: {len(allowed)} keys same as English; at most {MAX_SAME}"
    same = sorted(
        key for key, value in catalogue.items() if key in ENGLISH and value == ENGLISH[key] and key not in allowed
    )
    assert not same, (
        f"{path.name}: still the English text: {same} "
        "(translate them, or list them in the '# same as English:' comment at the top)"
    )


@pytest.mark.parametrize(
    "text, said",
    [
        ("a: &x b\nc: *x\n", "words/de.yml:2: uses the YAML alias *x (write the value out where it is needed;"),
        ("- a\n- b\n", "words/de.yml:1: a catalogue is a mapping of `key: text`, not a list (write one `key: text` a"),
        ("x: [1, 2]\n", "words/de.yml:1: 'x' must be a text, or plural forms (one:, other:) (write `x: text`, or its"),
    ],
)
def test_a_sites_unusable_catalogue_is_named_with_a_fix_of_its_own(tmp_path, text, said):
    """Each message says what to write, not where to read about it: the README that these
    messages once sent editors to no longer has the words' section."""
    path = tmp_path / "de.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordsError) as caught:
        read_catalogue(path, "words/de.yml")
    assert str(caught.value).startswith(said) and "README" not in str(caught.value)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml: one parser only")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_shipped_catalogue_reads_the_same_with_libyaml(path):
    """The shipped catalogues are read with libyaml where PyYAML has it (every build reads
    them): each must give the values the pure-Python parser gives."""
    text = path.read_text(encoding="utf-8-sig")
    assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text)
    assert read_catalogue(path, path.name, shipped=True) == read_catalogue(path, path.name)


@pytest.mark.parametrize(
    "text",
    ["banner_all:\t x\n", "banner_all: a\tb\n", "banner_all: a \t# c\n", "banner_all: 'a'\t\n", "k: v\n\ufeff\n"],
    ids=["tab after key", "tab in plain value", "tab before comment", "tab after quoted value", "stray BOM"],
)
def test_a_site_catalogue_that_libyaml_would_accept_is_refused_on_every_machine(tmp_path, text):
    """YAML that the pure-Python parser refuses and libyaml accepts: a site's catalogue is read
    with the pure-Python parser, so that a site builds, or not, the same on every machine."""
    path = tmp_path / "de.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordsError) as refused:
        read_catalogue(path, "words/de.yml")
    assert "not valid YAML" in str(refused.value)
