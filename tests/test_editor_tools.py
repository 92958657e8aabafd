"""Editors' tools are wired to the one schema: VS Code, pre-commit and the browser CMS."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT
from zwgk.content.schema import load_schema

FRONT_MATTER_BODY = "body"
COLLECTIONS = {"items": "item", "documents": "document", "interpretations": "interpretation",
               "postings": "posting"}


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def compare(fields: list[dict], schema: dict, root: dict, where: str, optional: bool = False) -> list[str]:
    """Every mismatch between CMS fields and a schema object, as readable lines.

    Inside an optional object (`optional`) every field is optional in the editor: Decap CMS enforces
    the required fields of an object even when the editor leaves the whole object empty, so there
    `zwgk check` (run after each save, shown on the status page) reports what is missing instead."""
    problems = []
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    seen = set()
    for field in fields:
        name = field["name"]
        at = f"{where}.{name}"
        if name == FRONT_MATTER_BODY and where.count(".") == 0:
            continue
        seen.add(name)
        if name not in props:
            problems.append(f"{at}: not in the schema")
            continue
        prop = _resolve(props[name], root)
        if not field.get("label") or field["label"].isascii():
            problems.append(f"{at}: needs a Chinese label")
        if field.get("required", True) != (name in required and not optional):
            problems.append(f"{at}: required should be {name in required and not optional}")
        widget = field.get("widget", "string")
        if "enum" in prop and (widget != "select" or list(field.get("options", [])) != prop["enum"]):
            problems.append(f"{at}: select with options {prop['enum']}")
        elif prop.get("format") == "date" and widget != "datetime":
            problems.append(f"{at}: datetime widget for a date")
        elif prop.get("type") == "boolean" and widget != "boolean":
            problems.append(f"{at}: boolean widget")
        elif prop.get("type") == "integer" and widget != "number":
            problems.append(f"{at}: number widget")
        elif prop.get("type") == "object":
            problems += compare(field.get("fields", []), prop, root, at, optional or name not in required)
        elif prop.get("type") == "array":
            items = _resolve(prop.get("items", {}), root)
            if items.get("type") == "object":
                problems += compare(field.get("fields", []), items, root, at)
            elif widget not in ("list", "select"):
                problems.append(f"{at}: list widget for a list")
    for name in sorted(required - seen):
        problems.append(f"{where}.{name}: required by the schema but missing in the CMS")
    return problems


@pytest.fixture(scope="module")
def cms() -> dict:
    return yaml.safe_load((ROOT / "cms/config.yml").read_text("utf-8"))


@pytest.mark.parametrize(("collection", "schema"), COLLECTIONS.items())
def test_cms_fields_match_the_schema(cms, collection, schema):
    found = {c["name"]: c for c in cms["collections"]}
    assert collection in found, collection
    config = found[collection]
    assert config.get("label") and not config["label"].isascii()
    root = load_schema(schema)
    assert compare(config["fields"], root, root, collection) == []


def test_cms_page_is_not_published():
    assert (ROOT / "cms/index.html").is_file()
    assert not (ROOT / "content/admin").exists()  # the public site loads nothing from outside hosts


def test_vscode_maps_the_schemas():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text("utf-8"))
    for schema, globs in settings["yaml.schemas"].items():
        assert (ROOT / schema).is_file()
        assert globs
    assert "catalog/items/**/*.yml" in settings["yaml.schemas"]["./plugins/zwgk/content/schemas/item.schema.json"]


def test_pre_commit_runs_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert any(h["entry"] == "zwgk check" and not h["pass_filenames"] for h in hooks)


def test_schema_catches_what_the_editor_would_see():
    """The schema VS Code uses is the one the build uses: a wrong enum is flagged by both."""
    from jsonschema import Draft202012Validator

    schema = load_schema("item")
    errors = list(Draft202012Validator(schema).iter_errors({"audience": "全体"}))
    assert any(e.validator == "enum" for e in errors)
