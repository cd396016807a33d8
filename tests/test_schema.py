"""policy.schema.json: the JSON Schema of policy.json, checked against real builds.

The schema must accept what the build writes, describe every field of it, and stay open
(no `additionalProperties: false`), so that fields added later break no consumer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policykit.text.model import ANCHOR_RE

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "src" / "policykit" / "policy.schema.json"
#: This project's site; a history that moves and removes clauses; one with an upcoming version;
#: one numbered `A.`, `1.1`, `(i)` (anchors `sa-1-ii`).
BUILDS = ["built_site", "story", "public", "lettered"]


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def policy_json(request, build: str):
    """The policy.json of one real build."""
    value = request.getfixturevalue(build)
    result = {"built_site": lambda v: v, "story": lambda v: v[0], "public": lambda v: v[1], "lettered": lambda v: v}[
        build
    ](value)
    assert result.returncode == 0, result.output
    return json.loads((result.site / "policy.json").read_text(encoding="utf-8"))


def path_of(parts) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def test_the_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.build
@pytest.mark.parametrize("build", BUILDS)
def test_policy_json_of_a_real_build_is_valid(request, schema, build):
    data = policy_json(request, build)
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{path_of(e.absolute_path)}: {e.message}" for e in errors)


def _resolve(schema: dict, node: dict) -> dict:
    """`node` with its local `$ref`s followed (siblings of a `$ref` kept)."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are followed: {ref}"
        target = schema
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**{k: v for k, v in node.items() if k != "$ref"}, **target}
    return node


def undescribed(schema: dict, node: dict, data, parts=()) -> list[str]:
    """The JSON paths in `data` whose key the schema (`node`) names nowhere: neither in
    `properties` nor by an `additionalProperties` schema (language- or anchor-keyed maps)."""
    node = _resolve(schema, node)
    missing = []
    if isinstance(data, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, value in data.items():
            if key in properties:
                missing += undescribed(schema, properties[key], value, (*parts, key))
            elif isinstance(extra, dict):
                missing += undescribed(schema, extra, value, (*parts, key))
            else:
                missing.append(path_of((*parts, key)))
    elif isinstance(data, list):
        items = node.get("items")
        for index, value in enumerate(data):
            if isinstance(items, dict):
                missing += undescribed(schema, items, value, (*parts, index))
            else:
                missing.append(path_of((*parts, index)))
    return missing


@pytest.mark.build
@pytest.mark.parametrize("build", BUILDS)
def test_every_field_the_build_writes_is_described(request, schema, build):
    missing = undescribed(schema, schema, policy_json(request, build))
    assert not missing, "fields of policy.json the schema does not describe:\n" + "\n".join(missing)


def _schemas(node, parts=()):
    """Every schema object inside `node`, with its path in the schema."""
    if isinstance(node, dict):
        yield parts, node
        for key, value in node.items():
            if key not in ("const", "enum", "default", "examples"):
                yield from _schemas(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas(value, (*parts, index))


def test_the_schema_is_open(schema):
    closed = [
        path_of(parts)
        for parts, node in _schemas(schema)
        if node.get("additionalProperties") is False or node.get("unevaluatedProperties") is False
    ]
    assert not closed, "the schema must accept fields added later; closed at:\n" + "\n".join(closed)


def test_every_property_has_a_description(schema):
    bare = [
        path_of((*parts, "properties", key))
        for parts, node in _schemas(schema)
        for key, sub in (node.get("properties") or {}).items()
        if isinstance(sub, dict) and not sub.get("description")
    ]
    assert schema.get("title") and schema.get("description")
    assert not bare, "properties without a description:\n" + "\n".join(bare)


def test_the_schemas_anchor_is_the_parsers(schema):
    assert schema["$defs"]["anchor"]["pattern"] == ANCHOR_RE.pattern


#: Anchors of every numbering scheme (policy.yml's `numbering:`), inserted ones too.
ANCHORS = ["s0", "s5", "s3a", "s5-c", "s1-ca", "s6-b-1", "s6-b-1a", "sd", "sda", "s4-2", "s4-2a", "s4-2-1"]
ANCHORS += ["siv", "siv-a-ii", "s5-1-a", "sd-4", "sa-1-ii"]
NOT_ANCHORS = ["", "s", "5-c", "S5", "s05", "s5-", "s5-C", "s5--c", "s5-c-1-2", "s-a", "h-s5", "s5_c", "s5 c", "sd.4"]


@pytest.mark.parametrize("anchor", ANCHORS)
def test_the_schema_accepts_the_anchors_of_every_numbering(schema, anchor):
    assert Draft202012Validator(schema["$defs"]["anchor"]).is_valid(anchor)


@pytest.mark.parametrize("text", NOT_ANCHORS)
def test_the_schema_refuses_what_is_no_anchor(schema, text):
    assert not Draft202012Validator(schema["$defs"]["anchor"]).is_valid(text)
