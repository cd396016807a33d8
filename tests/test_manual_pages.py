"""The reference pages of the manual (docs/manual/) against the code they describe.

Each list a page must cover is read from the code, never written out here: the keys that
policy.yml's reader accepts, the properties of the published JSON Schema, the plugin's
options and their defaults, the numbering schemes, the shipped catalogues, the directives of
the Content-Security-Policy and the check codes. A key, option or field added to the code
without a line in the manual fails here, and so does a page that names a check code that no
check has.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policykit.adapter.csp import CSP, TABLE_ALIGNMENTS
from policykit.adapter.options import PolicyConfig
from policykit.project.config import OPTIONS
from policykit.text.checks import CHECKS
from policykit.text.meta import KNOWN_KEYS
from policykit.text.numbering import CLAUSE_SCHEMES, SECTION_SCHEMES, SUBCLAUSE_SCHEMES
from policykit.words.catalogue import shipped_languages

ROOT = Path(__file__).resolve().parent.parent
MANUAL = ROOT / "docs" / "manual"
SCHEMA = ROOT / "src" / "policykit" / "policy.schema.json"
#: The pages this file checks.
PAGES = ("policy-yml", "anchors", "versions", "policy-json", "csp", "words", "options")


def page(name: str) -> str:
    return (MANUAL / f"{name}.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under the heading `heading` (any level), up to the next heading."""
    found = re.search(rf"^#+ {re.escape(heading)}\n", text, re.MULTILINE)
    assert found, f"no heading {heading!r}"
    rest = text[found.end() :]
    end = re.search(r"^#+ ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def table_rows(text: str) -> dict[str, list[str]]:
    """Every Markdown table row of `text` whose first cell is one `code` span: that code ->
    the row's cells."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        found = re.fullmatch(r"\[?`([^`]+)`\]?(?:\(#[^)]*\))?", cells[0]) if cells else None
        if found:
            rows.setdefault(found.group(1), cells)
    return rows


# policy.yml ------------------------------------------------------------------------------------


def test_every_key_of_policy_yml_has_a_section_and_a_row():
    text = page("policy-yml")
    headings = set(re.findall(r"^## `([^`]+)`$", text, re.MULTILINE))
    glance = table_rows(section(text, "The keys at a glance"))
    assert KNOWN_KEYS - headings == set(), "keys policy.yml accepts without a `## `key`` section"
    assert KNOWN_KEYS - set(glance) == set(), "keys policy.yml accepts without a row at a glance"
    assert headings - KNOWN_KEYS == set(), "sections for keys that policy.yml does not accept"
    assert set(glance) - KNOWN_KEYS == set(), "rows for keys that policy.yml does not accept"


@pytest.mark.parametrize("name", ["policy-yml", "anchors"])
def test_every_numbering_scheme_is_documented(name):
    text = page(name)
    for level, schemes in (("section", SECTION_SCHEMES), ("clause", CLAUSE_SCHEMES), ("subclause", SUBCLAUSE_SCHEMES)):
        missing = [scheme for scheme in schemes if f'`"{scheme}"`' not in text]
        assert missing == [], f"{name}.md lacks the {level} schemes {missing}"


# policy.json -----------------------------------------------------------------------------------


def schema_properties(node: object) -> set[str]:
    """Every property name of the schema, however deep."""
    if isinstance(node, list):
        return set().union(*(schema_properties(item) for item in node))
    if not isinstance(node, dict):
        return set()
    names = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
    return names.union(*(schema_properties(child) for child in node.values()))


def test_every_property_of_the_schema_is_a_row_of_the_page():
    properties = schema_properties(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert {"schema", "versions", "history", "material", "from"} <= set(properties)  # the walk goes deep
    rows = table_rows(page("policy-json"))
    assert properties - set(rows) == set(), "properties of policy.schema.json without a row in policy-json.md"


def test_every_object_of_the_schema_has_its_own_table():
    """Each object of the schema (the top level, a version, its changes, a clause, a history
    step) is a table of its own, with a row for each of its properties: a name that two objects
    share (`version`, `url`, `moved`) is documented for each."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    text = page("policy-json")
    objects = {
        "The top level": schema["properties"],
        "versions[]": defs["version"]["properties"],
        "versions[].changes": defs["version"]["properties"]["changes"]["properties"],
        "clauses[]": defs["clause"]["properties"],
        "clauses[].history[]": defs["step"]["properties"],
    }
    for heading, properties in objects.items():
        rows = table_rows(section(text, heading))
        assert set(properties) - set(rows) == set(), f"{heading}: properties without a row"
        assert set(rows) - set(properties) == set(), f"{heading}: rows for properties the schema lacks"


# The plugin's options --------------------------------------------------------------------------


def written(value: object) -> str:
    """A default as mkdocs.yml writes it: `{}`, `true` (YAML's spelling, not Python's), a folder."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "{}" if value == {} else str(value)


def test_every_option_of_the_plugin_is_a_row_with_its_default():
    options = {name for name, _ in PolicyConfig._schema}
    assert options == set(OPTIONS), "the plugin's schema and the checked options differ"
    rows = table_rows(section(page("options"), "Options"))
    assert options - set(rows) == set(), "options of the plugin without a row in options.md"
    assert set(rows) - options == set(), "rows in options.md for options the plugin lacks"
    for name in options:
        assert rows[name][1] == f"`{written(OPTIONS[name])}`", f"{name}: the default in options.md"


# The Content-Security-Policy and the words -----------------------------------------------------


def test_the_csp_on_the_page_is_the_one_pages_carry():
    block = re.search(r"```text\n(default-src.*?)```", page("csp"), re.DOTALL)
    assert block, "csp.md has no ```text block with the policy"
    shown = {}
    for directive in " ".join(block.group(1).split()).split(";"):
        name, _, sources = directive.strip().partition(" ")
        shown[name] = sources
    hashes = " ".join(["'sha256-…'"] * len(TABLE_ALIGNMENTS))
    assert shown == {name: sources.format(table_alignments=hashes) for name, sources in CSP.items()}


def test_the_shipped_catalogues_are_named():
    sentence = re.search(r"`src/policykit/words/catalogues/`: (.*?)\. ", page("words"))
    assert sentence, "words.md does not list the catalogues the package ships"
    assert sorted(re.findall(r"`([a-z]{2,3})`", sentence.group(1))) == sorted(shipped_languages())


# Links -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_every_check_code_linked_is_a_check(name):
    linked = set(re.findall(r"\]\(checks\.md#([^)]+)\)", page(name)))
    assert linked - set(CHECKS) == set(), f"{name}.md links check codes that no check has"


@pytest.mark.parametrize("name", PAGES)
def test_the_manual_links_no_site_file_and_no_language_page(name):
    """Links that resolve differently per language, or not at all on the site: a source file
    of the repository, a docs/LANG/ page, policy.json by a relative path."""
    targets = re.findall(r"\]\(([^)]+)\)", page(name))
    wrong = [t for t in targets if re.match(r"(?:\.\./|/|src/|bench/|docs/|sv/|en/)|.*\.json", t)]
    assert wrong == []
