"""The content model's JSON Schemas, and their errors in words an editor understands.

The schema files in ``schemas/`` are the single description of every field: they
drive validation here, the field reference page on the site, and editor tooling.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from functools import cache
from importlib import resources

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .errors import ContentError
from .loader import Document, dotted

_TYPE_NAMES = {
    "string": "一段文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表（每项一行，以“- ”开头）",
    "object": "一组字段（下一行缩进后写“字段名: 内容”）",
    "null": "空值",
}


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value[:40]}”"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组字段"
    return "空值"


@cache
def load_schema(name: str) -> dict:
    """A schema shipped with the package: ``item`` or ``taxonomy``."""
    text = resources.files("zwgk.content").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str, definition: str | None) -> Draft202012Validator:
    root = load_schema(name)
    schema = {"$ref": f"#/$defs/{definition}", "$defs": root["$defs"]} if definition else root
    return Draft202012Validator(schema, format_checker=FormatChecker(["date"]))


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return len(text) == 10


@cache
def _fast(name: str, definition: str | None):
    """A compiled validator that only answers valid or not: ~10x faster for the common case.
    The keywords our schemas use mean the same in draft 7, which fastjsonschema compiles."""
    root = load_schema(name)
    schema = {"$ref": f"#/$defs/{definition}", "$defs": root["$defs"]} if definition else dict(root)
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema, formats={"date": _real_date})


def is_valid(data: object, name: str, definition: str | None = None) -> bool:
    try:
        _fast(name, definition)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _subschema(root: dict, path: tuple, definition: str | None = None) -> dict:
    """Walk ``path`` through properties/items to the schema of that field."""
    schema = _resolve({"$ref": f"#/$defs/{definition}"} if definition else root, root)
    for part in path:
        step = schema.get("items", {}) if isinstance(part, int) else schema.get("properties", {}).get(part, {})
        schema = _resolve(step, root)
    return schema


def field_label(root: dict, path: tuple, definition: str | None = None) -> str:
    """The Chinese title chain of a field: 办事指南 › 申请材料 › 第2项 › 材料名称."""
    labels = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            labels.append(f"第{part + 1}项")
        else:
            title = _subschema(root, path[: i + 1], definition).get("title")
            labels.append(title or str(part))
    return " › ".join(labels)


def validate_document(doc: Document, name: str, definition: str | None = None) -> list[ContentError]:
    """Check one document against a schema; every problem becomes a ContentError."""
    if is_valid(doc.data, name, definition):
        return []  # the full validator below only runs to explain what is wrong
    root = load_schema(name)
    errors = []
    for error in _validator(name, definition).iter_errors(doc.data):
        path = tuple(error.absolute_path)
        if any(path[:len(b)] == b for b in doc.broken):
            continue  # its value could not be read at all: the loader said so already
        errors.extend(_translate(error, doc, root, definition))
    # one problem, one message: an empty phone breaks both minLength and pattern, say it once
    once: dict[tuple, ContentError] = {}
    for error in sorted(errors, key=lambda e: "不能为空" not in e.message):
        once.setdefault((error.line, error.field), error)
    return [e for e in errors if once[(e.line, e.field)] is e]


def _translate(error: ValidationError, doc: Document, root: dict, definition: str | None):
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance

    def make(at: tuple, message: str, hint: str = "") -> ContentError:
        label = field_label(root, at, definition)
        field = f"{dotted(at)}（{label}）" if label and at else dotted(at)
        return ContentError(doc.file, doc.line_of(at), field, message, hint)

    here = _subschema(root, path, definition)
    title = here.get("title") or field_label(root, path, definition) or "记录"
    hint = here.get("x-hint", "")
    validator = error.validator

    if validator == "required":
        made = []
        unknown = [k for k in instance if k not in schema.get("properties", {})] if isinstance(instance, dict) else []
        for key in error.validator_value:
            if difflib.get_close_matches(key, unknown, n=1, cutoff=0.6):
                continue  # a misspelt key: reported once, by additionalProperties below
            if isinstance(instance, dict) and key not in instance:
                prop = _subschema(root, path + (key,), definition)
                made.append(make(
                    path + (key,),
                    f"缺少必填项“{prop.get('title', key)}”（{key}）。",
                    prop.get("x-hint") or prop.get("description", f"在这一层加上“{key}: …”。"),
                ))
        return made
    if validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        made = []
        for key in instance:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                tip = f"是不是想写“{close[0]}”？" if close else "这一层可以写的字段：" + "、".join(known) + "。"
                message = f"不认识的字段“{key}”。"
                if close and close[0] in schema.get("required", []) and close[0] not in instance:
                    title = _subschema(root, path + (close[0],), definition).get("title", close[0])
                    message += f"必填项“{title}”（{close[0]}）因此也缺失。"
                made.append(ContentError(doc.file, doc.line_of(path + (key,)), dotted(path + (key,)), message, tip))
        return made
    if validator == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        words = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        return [make(path, f"“{title}”应该是{words}，现在写的是{_kind_of(instance)}。", hint)]
    if validator == "enum":
        choices = "、".join(str(c) for c in error.validator_value)
        return [make(path, f"“{title}”不能写“{instance}”。", hint or f"只能从 {choices} 中选。")]
    if validator == "pattern":
        return [make(path, f"“{title}”的写法不对：“{instance}”。", hint)]
    if validator == "format":
        return [make(path, f"“{title}”不是有效的日期：“{instance}”。", hint or "写成 2024-03-15。")]
    if validator == "minItems":
        return [make(path, f"“{title}”至少要写 {error.validator_value} 项。", hint)]
    if validator == "minLength":
        return [make(path, f"“{title}”不能为空。", hint)]
    if validator == "uniqueItems":
        return [make(path, f"“{title}”里有重复的项。", "删掉重复的那一项。")]
    if validator == "minimum":
        return [make(path, f"“{title}”不能小于 {error.validator_value}，现在是 {instance}。", hint)]
    if validator == "oneOf":
        return [make(path, f"“{title}”的写法不对。", hint or here.get("description", ""))]
    return [make(path, f"“{title}”不符合要求（{error.message}）。", hint)]


def field_reference(name: str = "item", catalog=None) -> list[dict]:
    """Every field of a schema, flattened for the editors' field reference page. A field whose
    values come from a taxonomy (``x-taxonomy``) lists the catalog's current names as its choices."""
    root = load_schema(name)

    def choices(schema: dict) -> str:
        terms = getattr(catalog, schema.get("x-taxonomy", ""), None) if catalog is not None else None
        if terms:
            return "、".join(t.name for t in terms)
        # a value, or a list of them (公开对象, 公开属性: both ticked): the values either way
        return "、".join(schema.get("enum") or schema.get("then", {}).get("enum", []))

    rows: list[dict] = []

    def visit(schema: dict, path: tuple, required: bool) -> None:
        schema = _resolve(schema, root)
        rows.append({
            "path": dotted(path),
            "depth": sum(1 for p in path if not isinstance(p, int)) - 1,
            "title": schema.get("title", ""),
            "required": required,
            "description": schema.get("description", ""),
            "choices": choices(schema),
            "example": _example(schema),
        })
        props = schema.get("properties", {})
        if "items" in schema:
            props = _resolve(schema["items"], root).get("properties", {})
            inner = _resolve(schema["items"], root).get("required", [])
            for key, sub in props.items():
                visit(sub, path + (0, key), key in inner)
            return
        for key, sub in props.items():
            visit(sub, path + (key,), key in schema.get("required", []))

    for key, sub in root["properties"].items():
        visit(sub, (key,), key in root.get("required", []))
    for row in rows:
        row["path"] = row["path"].replace("[0]", "[]")
    return rows


def _example(schema: dict) -> str:
    examples = schema.get("examples")
    if not examples:
        return ""
    first = examples[0]
    return "、".join(first) if isinstance(first, list) else str(first)
