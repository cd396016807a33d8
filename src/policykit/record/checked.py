"""Each past version's check (source.check_policy) kept in the build cache across builds.

A version's text and problems are a function of its files (git blob ids: their contents), the
folder they are shown under, the languages and the code; a daily rebuild reads the same
versions again. So each version's result is kept under a key of exactly those, plus the files
of the version checked before it: an entry holds the version's metadata, its problems in the
order found, per language its sections, and the parses of the section files that the version
before did not have. A rebuild reads one entry per version, in order, and parses nothing;
sections stay shared between the versions that have the same file, as in a cold build.

A section that the check made anew (a stand-in for an untranslated unit, structure.py) is kept
whole in its version's entry. An entry that names a parse this build has not read (damaged or
forged: the version before is in its key) is passed over like any unreadable entry: the
version is checked again, and its entry written anew. Each version's SHA-256 per language
(Version.sha256, which every build shows) is kept with it, so a rebuild reads no file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Any

from policykit.text.checks import Problems
from policykit.text.meta import Meta
from policykit.text.model import LanguageText, Unit, shared_units
from policykit.text.numbering import CLAUSE_SCHEMES, SECTION_SCHEMES, SUBCLAUSE_SCHEMES, Numbering
from policykit.text.persisted import (
    Persisted,
    Unreadable,
    meta_from_json,
    meta_to_json,
    problems_from_json,
    problems_to_json,
    unit_from_json,
    unit_to_json,
)
from policykit.text.source import META_FILE, Policy, PolicyFiles, check_policy

#: A section file's parse as source.check_policy's cache names it: (path shown, blob id, the
#: section's own declared ids, numbering).
ParseKey = tuple[str, str, frozenset, Numbering]
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class CheckedVersions:
    """check_policy for the versions of one history, oldest first, through the build cache."""

    def __init__(self, persisted: Persisted, cache: dict) -> None:
        self.persisted = persisted
        self.cache = cache  # check_policy's: parse key -> (unit, problems), shared by the versions
        self.before: str | None = None  # the digest of the files of the version checked last
        self.before_refs: set[ParseKey] = set()
        self.key_of: dict[int, ParseKey] = {}  # id(unit) -> its parse key, for the units in `cache`
        self.scanned = 0  # the size of `cache` when key_of was made
        #: The SHA-256 of each language's files (Version.sha256) of the version checked last, when
        #: kept with its check: a rebuild need not read the files again.
        self.sha256: dict[str, str] | None = None
        self.decoded: dict[int, ParseKey] = {}  # the parse keys of the sections of the entry read last

    def check(self, files: PolicyFiles, languages: list[str]) -> Policy:
        ids = hashlib.sha256(json.dumps(sorted(files.ids().items())).encode()).hexdigest()  # the files, by content
        key = self.persisted.key("version", self.before, ids, files.links, files.shown, languages)
        self.sha256 = None
        policy = self.persisted.load(key, functools.partial(self._decode, files, languages))
        if policy is None:
            policy = check_policy(files, languages, self.cache)
            refs = self._refs(policy, files)
            entry = self._encode(policy, files, languages, refs)
            self.persisted.save(key, entry)
            self.sha256 = entry["sha256"]  # the build needs them too (Version.sha256): once
        else:
            refs = self.decoded
        self.before = ids
        self.before_refs = set(refs.values())
        return policy

    def _refs(self, policy: Policy, files: PolicyFiles) -> dict[int, ParseKey]:
        """id(section) -> parse key, for each section of `policy` that is a parse of the cache
        (not made by the check): the key check_policy gave its file, else found in the cache."""
        declared: dict[str, set[str]] = {}  # by section: what source._load_language gives its parse
        for unit_id in policy.meta.declared:
            declared.setdefault(unit_id.split("-")[0], set()).add(unit_id)
        refs = {}
        for text in policy.texts.values():
            for section in text.sections:
                lang, _, name = section.path.removeprefix(f"{files.shown}/").partition("/")
                own = frozenset(declared.get(section.id, ()))
                guess = (section.path, files.folders.get(lang, {}).get(name, ""), own, policy.meta.numbering)
                ref = guess if self.cache.get(guess, (None,))[0] is section else self._scanned(section)
                if ref is not None:
                    refs[id(section)] = ref
        return refs

    def _scanned(self, section: Unit) -> ParseKey | None:
        if id(section) not in self.key_of and len(self.cache) != self.scanned:
            self.scanned = len(self.cache)
            self.key_of = {id(v[0]): k for k, v in self.cache.items() if len(k) == 4 and k[0] != "meta"}
        ref = self.key_of.get(id(section))
        return ref if ref is not None and self.cache.get(ref, (None,))[0] is section else None

    def _encode(self, policy: Policy, files: PolicyFiles, languages: list[str], refs: dict[int, ParseKey]) -> dict:
        meta = self.cache.get(_meta_key(files, languages)) if files.meta is not None else None
        texts: dict[str, Any] = {}
        parses = []
        for lang, text in policy.texts.items():
            sections: list[Any] = []
            for section in text.sections:
                ref = refs.get(id(section))
                if ref is None:
                    sections.append({"unit": unit_to_json(section)})
                    continue
                sections.append({"ref": _ref_to_json(ref)})
                if ref not in self.before_refs:
                    parses.append([_ref_to_json(ref), unit_to_json(section), problems_to_json(self.cache[ref][1])])
            texts[lang] = {"sections": sections, "unreadable": sorted(text.unreadable)}
        return {
            "sha256": {lang: files.sha256(lang) for lang in policy.texts},
            "meta": None if meta is None else [meta_to_json(meta[0]), problems_to_json(meta[1])],
            "problems": problems_to_json(policy.problems),
            "texts": texts,
            "parses": parses,
        }

    def _decode(self, files: PolicyFiles, languages: list[str], value: Any) -> Policy:
        """The Policy of an entry; nothing enters the cache unless the whole entry reads."""
        if not isinstance(value, dict):
            raise Unreadable("not a version")
        found: dict[ParseKey, tuple[Unit, Problems]] = {}
        refs: dict[int, ParseKey] = {}
        shared = shared_units(self.cache)  # as a cold build's parses share theirs (source.py)
        for ref, unit, problems in value["parses"]:
            found[_ref_from_json(ref)] = (shared.below(unit_from_json(unit)), problems_from_json(problems))
        texts = {}
        for lang, text in value["texts"].items():
            if lang not in languages:
                raise Unreadable(f"no language of this check: {lang!r}")
            sections = []
            for section in text["sections"]:
                if "unit" in section:
                    sections.append(shared.below(unit_from_json(section["unit"])))
                    continue
                ref = _ref_from_json(section["ref"])
                parse = self.cache.get(ref) or found.get(ref)
                if parse is None:
                    raise Unreadable("it names a parse that was not read")
                sections.append(parse[0])
                refs[id(parse[0])] = ref
            unreadable = text["unreadable"]
            if not isinstance(unreadable, list) or not all(isinstance(n, str) for n in unreadable):
                raise Unreadable("not a list of section numbers")
            texts[str(lang)] = (sections, set(unreadable))
        meta: tuple[Meta, Problems] | None = None
        if value["meta"] is not None:
            meta_value, meta_problems = value["meta"]
            meta = (meta_from_json(meta_value), problems_from_json(meta_problems))
        problems = problems_from_json(value["problems"])
        sha256 = value["sha256"]
        if not isinstance(sha256, dict) or sorted(sha256) != sorted(texts):
            raise Unreadable("not a digest of each language")
        if not all(isinstance(v, str) and SHA256_RE.match(v) for v in sha256.values()):
            raise Unreadable("not a digest of each language")
        for ref, parse in found.items():  # the parses a later version's check may use again
            if ref not in self.cache:
                self.cache[ref] = parse
                self.key_of[id(parse[0])] = ref
        if meta is not None and files.meta is not None:
            self.cache.setdefault(_meta_key(files, languages), meta)
        self.sha256 = {lang: sha256[lang] for lang in languages if lang in texts}
        self.decoded = refs
        return Policy(
            meta[0] if meta else Meta(),
            languages,
            {lang: LanguageText(lang, *texts[lang]) for lang in languages if lang in texts},
            problems,
        )


def _meta_key(files: PolicyFiles, languages: list[str]) -> tuple:
    """policy.yml's parse as source.check_policy's cache names it."""
    return ("meta", files.meta, tuple(languages), f"{files.shown}/{META_FILE}")


def _ref_to_json(ref: ParseKey) -> list:
    display, blob, own, numbering = ref
    return [display, blob, sorted(own), numbering.code]


def _ref_from_json(value: Any) -> ParseKey:
    display, blob, own, code = value
    if not isinstance(display, str) or not isinstance(blob, str) or not isinstance(code, str):
        raise Unreadable("not a section file's parse")
    if not isinstance(own, list) or not all(isinstance(i, str) for i in own):
        raise Unreadable("not a section file's parse")
    section, clause, subclause = code.split("|")
    if section not in SECTION_SCHEMES or clause not in CLAUSE_SCHEMES or subclause not in SUBCLAUSE_SCHEMES:
        raise Unreadable("no numbering scheme")
    return (display, blob, frozenset(own), Numbering(section, clause, subclause))
