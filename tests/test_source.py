"""Loading a policy from a directory: files, languages, policy.yml, each problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.text.checks import CHECKS, Severity
from policykit.text.source import load_policy

META = """\
version: "1.0"
effective: 2026-11-25
timezone: Europe/Stockholm
authoritative: sv
title: {sv: Integritetspolicy, en: Privacy Policy}
summary: {sv: Första versionen., en: First version.}
"""
SV = {
    "00-inledning.md": "# Integritetspolicy\n\nInledning.\n",
    "01-insamling.md": "# 1. Insamling\n\na. Ett.\n\nb. Två.\n\n(1) Under.\n",
}
EN = {
    "00-introduction.md": "# Privacy Policy\n\nIntroduction.\n",
    "01-collection.md": "# 1. Collection\n\na. One.\n\nb. Two.\n\n(1) Sub.\n",
}


def make(root: Path, meta: str | bytes | None = META, sv=SV, en=EN) -> Path:
    policy = root / "policy"
    for lang, files in (("sv", sv), ("en", en)):
        if files is None:
            continue
        (policy / lang).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (policy / lang / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    if meta is not None:
        (policy / "policy.yml").write_bytes(meta if isinstance(meta, bytes) else meta.encode())
    return root


def problems(root: Path, languages=("sv", "en")) -> list[str]:
    return [str(p) for p in load_policy(root, list(languages)).problems]


def test_a_good_policy_has_no_problems(tmp_path):
    policy = load_policy(make(tmp_path), ["sv", "en"])
    assert list(policy.problems) == []
    assert policy.texts["sv"].ids() == ["s0", "s1", "s1-a", "s1-b", "s1-b-1"]
    assert policy.texts["en"].ids() == policy.texts["sv"].ids()
    assert policy.meta.version == "1.0" and str(policy.meta.effective) == "2026-11-25"


def test_sections_sort_by_number_not_by_name(tmp_path):
    sv = {**SV, "10-tio.md": "# 10. Tio\n", "02-tva.md": "# 2. Två\n", "02a-infogad.md": "# 2a. Infogad\n"}
    en = {**EN, "10-ten.md": "# 10. Ten\n", "02-two.md": "# 2. Two\n", "02a-inserted.md": "# 2a. Inserted\n"}
    policy = load_policy(make(tmp_path, sv=sv, en=en), ["sv", "en"])
    assert [s.id for s in policy.texts["sv"].sections] == ["s0", "s1", "s2", "s2a", "s10"]


def test_not_utf8_names_file_and_line(tmp_path):
    sv = {**SV, "01-insamling.md": b"# 1. Insamling\n\na. Ett.\n\nb. " + "Två".encode("latin-1") + b".\n"}
    # One problem: the unreadable file's translation is not reported as "not in the authoritative text".
    assert problems(make(tmp_path, sv=sv)) == [
        "policy/sv/01-insamling.md:5: byte 0xe5 is not valid UTF-8 (save the file with the encoding UTF-8)"
    ]


def test_structure_must_match_the_authoritative_text(tmp_path):
    en = {**EN, "01-collection.md": "# 1. Collection\n\na. One.\n\nc. Three.\n"}
    found = problems(make(tmp_path, en=en))
    assert (
        "policy/en/01-collection.md:5: clause 'c' follows 'a' ('b' is missing) (add 'b', correct the label, "
        "or, if s1-b was published and then removed, declare it in policy/policy.yml: removed: [s1-b])" in found
    )
    assert (
        "policy/en/01-collection.md:5: s1-c is not in the authoritative text (sv) "
        "(add it to policy/sv/ too, or remove it here)" in found
    )
    assert (
        "policy/en/01-collection.md:1: s1-b (policy/sv/01-insamling.md:5) is missing from the en text "
        "(add the clause with the same label; until it is translated, list it in the file's front "
        "matter (untranslated: [s1-b]), and the sv text stands in)" in found
    )
    assert (
        "policy/en/01-collection.md:1: s1-b-1 (policy/sv/01-insamling.md:7) is missing from the en text "
        "(add the clause with the same label; until it is translated, list it in the file's front "
        "matter (untranslated: [s1-b-1]), and the sv text stands in)" in found
    )


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"01-insamling.md": ""},
            "policy/sv/01-insamling.md:1: the file is empty (write the section, starting "
            "with '# 1. Title', or delete the file)",
        ),
        (
            {"insamling.md": "# 1. Insamling\n"},
            "policy/sv/insamling.md: the file name does not start with a "
            "section number (name it NN-title.md, e.g. 02-insamling.md (00-*.md is the preamble))",
        ),
        (
            {"1-annan.md": "# 1. Annan\n"},
            "policy/sv/1-annan.md: section 1 is already in policy/sv/01-insamling.md "
            "(give each section one file; an inserted section takes a letter, e.g. 03a-title.md)",
        ),
    ],
)
def test_file_problems(tmp_path, files, expected):
    assert expected in problems(make(tmp_path, sv={**SV, **files}))


def test_language_folders_match_the_site(tmp_path):
    make(tmp_path, en=None)
    (tmp_path / "policy" / "de").mkdir()
    assert problems(tmp_path)[:2] == [
        "policy/de/: 'de' is not a language of the site (add it to the i18n plugin's languages in "
        "mkdocs.yml, or remove the folder)",
        "policy/en/: the site has the language 'en' but there is no folder for its text (create policy/en/ "
        "with the same section files as the authoritative language, or remove the language from mkdocs.yml)",
    ]


@pytest.mark.parametrize(
    "meta, expected",
    [
        (
            None,
            "policy/policy.yml: the file is missing (create it with version, effective, authoritative, "
            "title and summary (see the editors' guide))",
        ),
        (
            "version: [1\n",
            "policy/policy.yml:2: not valid YAML: expected ',' or ']', but got '<stream end>' "
            "(a quotation mark or a bracket is opened and never closed: look above this line)",
        ),
        (
            "title:\n\tsv: Integritetspolicy\n",
            "policy/policy.yml:2: not valid YAML: found character '\\t' that "
            "cannot start any token (there is a tab: indent with spaces, never tabs)",
        ),
        (
            "- version: 1.0\n",
            "policy/policy.yml:1: policy.yml must be a mapping of keys (version:, effective:, ...) "
            "(write one 'key: value' per line, as in the editors' guide)",
        ),
        (
            META.replace('"1.0"', '"../1.0"'),
            "policy/policy.yml:1: version: '../1.0' is not valid (a label of "
            "letters, digits, '.', '_' and '-', such as \"1.1\")",
        ),
        (
            META.replace("2026-11-25", "25/11/2026"),
            "policy/policy.yml:2: effective: '25/11/2026' is not valid (a date written YYYY-MM-DD, such as 2026-12-01)",
        ),
        (
            META.replace("2026-11-25", "2026-02-30"),
            "policy/policy.yml:2: effective: '2026-02-30' is not a real date (write a date that exists, YYYY-MM-DD)",
        ),
        (
            META.replace("Europe/Stockholm", "Europe/Nowhere"),
            "policy/policy.yml:3: timezone: unknown time zone "
            "'Europe/Nowhere' (use an IANA name such as Europe/London, or UTC)",
        ),
        (
            META.replace("authoritative: sv", "authoritative: de"),
            "policy/policy.yml:4: authoritative: 'de' is not a language of the site (use one of sv, en)",
        ),
        (
            META.replace(", en: First version.", ""),
            "policy/policy.yml:6: summary: no entry for en (one entry per language, such as {sv: ..., en: ...})",
        ),
        (
            META.replace('version: "1.0"\n', ""),
            "policy/policy.yml:1: 'version' is missing (add 'version: ...', "
            "a label of letters, digits, '.', '_' and '-', such as \"1.1\")",
        ),
        (
            META + "removed: [s3-g, clause-h]\n",
            "policy/policy.yml:7: removed: 'clause-h' is not an anchor (anchors look like s3, s3-g or s6-b-1)",
        ),
        (
            b'version: "1.0"\ntitle: {sv: Integritetspolicy\xff}\n',
            "policy/policy.yml:2: byte 0xff is not valid UTF-8 (save the file with the encoding UTF-8)",
        ),
    ],
)
def test_policy_yml_problems(tmp_path, meta, expected):
    assert expected in problems(make(tmp_path, meta=meta))


def test_an_unquoted_version_keeps_its_text(tmp_path):
    policy = load_policy(make(tmp_path, meta=META.replace('"1.0"', "1.10")), ["sv", "en"])
    assert policy.meta.version == "1.10" and list(policy.problems) == []


def test_an_unknown_key_is_a_warning(tmp_path):
    policy = load_policy(make(tmp_path, meta=META + "verison: 2\nreviewd: {}\nfoo: 1\n"), ["sv", "en"])
    assert [p.severity for p in policy.problems] == [Severity.WARNING] * 3
    assert [str(p) for p in policy.problems][:2] == [
        "policy/policy.yml:7: unknown key 'verison' (did you mean 'version'?)",
        "policy/policy.yml:8: unknown key 'reviewd' (did you mean 'reviewed'?)",
    ]
    assert str(policy.problems[2]).startswith("policy/policy.yml:9: unknown key 'foo' (remove it; known keys are ")


def test_every_check_is_documented_in_the_editors_guide():
    root = Path(__file__).resolve().parent.parent
    for path in ("docs/sv/editors.md", "docs/manual/checks.md"):
        guide = (root / path).read_text(encoding="utf-8")
        missing = [code for code in CHECKS if f"`{code}`" not in guide]
        assert not missing, f"{path} does not explain {missing}"
