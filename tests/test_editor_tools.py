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


def compare(fields: list[dict], schema: dict, root: dict, where: str, optional: bool = False,
            refs: tuple[str, ...] = ()) -> list[str]:
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
            problems += compare(field.get("fields", []), prop, root, at, optional or name not in required, refs)
        elif prop.get("type") == "array":
            ref = prop.get("items", {}).get("$ref")
            items = _resolve(prop.get("items", {}), root)
            if ref and refs.count(ref) >= 2 and "fields" not in field:
                continue  # a recursive tree (places): the editor nests it three levels, district → town → village
            if items.get("type") == "object":
                problems += compare(field.get("fields", []), items, root, at, False, (*refs, ref) if ref else refs)
            elif widget not in ("list", "select"):
                problems.append(f"{at}: list widget for a list")
    for name in sorted(required - seen):
        problems.append(f"{where}.{name}: required by the schema but missing in the CMS")
    for name in sorted(set(props) - required - seen):
        problems.append(f"{where}.{name}: a schema field without an editor widget")
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


def test_generated_collections_cover_every_record_kind():
    """Halls, reports, lists, site identity and places come from the schemas themselves; Decap reads
    the same configuration the edit server hands out."""
    from zwgk.tools.editor import editor_config

    config = editor_config(ROOT / "cms")
    found = {c["name"]: c for c in config["collections"]}
    checked = 0
    for name, schema in (("halls", "hall"), ("reports", "report")):
        root = load_schema(schema)
        assert found[name]["folder"] and not found[name]["label"].isascii()
        assert compare(found[name]["fields"], root, root, name) == []
        checked += 1
    for name, entries in (("lists", {"certificates": ("lists", "certificates"), "powers": ("lists", "powers")}),
                          ("settings", {"site": ("site", None), "places": ("taxonomy", "places")})):
        files = {f["name"]: f for f in found[name]["files"]}
        assert set(files) == set(entries)
        for entry, (schema, definition) in entries.items():
            root = load_schema(schema)
            target = root["$defs"][definition] if definition else root
            assert (ROOT / files[entry]["file"]).is_file()
            assert not files[entry]["label"].isascii()
            assert compare(files[entry]["fields"], target, root, f"{name}.{entry}") == []
            checked += 1
    assert checked == 6


def test_a_schema_field_without_a_widget_fails():
    """The check is not vacuous: dropping one optional field from the editor is reported."""
    from zwgk.tools.editor import editor_config

    config = editor_config(ROOT / "cms")
    halls = next(c for c in config["collections"] if c["name"] == "halls")
    root = load_schema("hall")
    fields = [f for f in halls["fields"] if f["name"] != "note"]
    assert compare(fields, root, root, "halls") == ["halls.note: a schema field without an editor widget"]


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
