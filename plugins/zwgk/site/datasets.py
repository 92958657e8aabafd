"""Open datasets: what the published catalog and documents give as open data.

One field list per record kind (below) is the single description: the JSON and CSV files
(outputs/opendata.py), the schema file and the 开放数据 page's field tables all come from it.
Only what the site publishes is exported — withheld and future records never reach a Catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..content.model import Catalog, Document, Item
from .addresses import DATA_DIR, document_uri, item_uri, public_url


@dataclass(frozen=True)
class Field:
    key: str
    title: str
    kind: str  # JSON Schema type: string | boolean | array
    get: Callable
    description: str = ""
    taxonomy: str = ""  # a Catalog vocabulary whose names are the values: they are the description


def _described(fields, catalog: Catalog) -> tuple:
    """The fields with each taxonomy's current names as its description (a county may rename them)."""
    return tuple(replace(f, description="、".join(t.name for t in getattr(catalog, f.taxonomy))) if f.taxonomy
                 else f for f in fields)


def _date(value) -> str:
    return value.isoformat() if value else ""


ITEM_FIELDS = (
    Field("id", "事项编号", "string", lambda i, u: i.id),
    Field("title", "事项名称", "string", lambda i, u: i.title, "最末一级事项"),
    Field("domain", "领域", "string", lambda i, u: i.domain.name),
    Field("matter", "公开事项", "array", lambda i, u: list(i.matter), "一级、二级、三级事项"),
    Field("category", "信息类别", "string", lambda i, u: i.category.name),
    Field("five_disclosures", "五公开", "string", lambda i, u: i.category.disclosure.name),
    Field("content", "公开内容（要素）", "string", lambda i, u: i.content),
    Field("basis", "公开依据", "array", lambda i, u: list(i.basis)),
    Field("time_limit", "公开时限", "string", lambda i, u: i.time_limit.text),
    Field("publisher", "公开主体", "string", lambda i, u: i.publisher),
    Field("channels", "公开渠道和载体", "array", lambda i, u: [c.name for c in i.channels]),
    Field("audience", "公开对象", "string", lambda i, u: i.audience),
    Field("mode", "公开方式", "string", lambda i, u: i.mode + "公开"),
    Field("levels", "公开层级", "array", lambda i, u: [lv.name for lv in i.levels]),
    Field("max_one_visit", "最多跑一次", "boolean", lambda i, u: i.max_one_visit),
    Field("four_ways", "四办", "array", lambda i, u: [w.name for w in i.four_ways], taxonomy="four_ways"),
    Field("formed_date", "形成或变更日期", "string", lambda i, u: _date(i.formed_date), "YYYY-MM-DD"),
    Field("published_date", "发布日期", "string", lambda i, u: _date(i.published_date), "YYYY-MM-DD"),
    Field("url", "网页地址", "string", lambda i, u: public_url(u, item_uri(i))),
)
DOCUMENT_FIELDS = (
    Field("id", "编号", "string", lambda d, u: d.id),
    Field("index_number", "索引号", "string", lambda d, u: d.index_number),
    Field("title", "标题", "string", lambda d, u: d.title),
    Field("publisher", "发布机构", "string", lambda d, u: d.publisher.name),
    Field("category", "信息类别", "string", lambda d, u: d.category.name),
    Field("five_disclosures", "五公开", "string", lambda d, u: d.category.disclosure.name),
    Field("topic", "主题分类", "string", lambda d, u: d.topic.name),
    Field("doc_number", "文号", "string", lambda d, u: d.doc_number),
    Field("written_date", "成文日期", "string", lambda d, u: _date(d.written_date), "YYYY-MM-DD"),
    Field("published_date", "发布日期", "string", lambda d, u: _date(d.published_date), "YYYY-MM-DD"),
    Field("validity", "有效性", "string", lambda d, u: d.validity, "有效、失效或废止"),
    Field("url", "网页地址", "string", lambda d, u: public_url(u, document_uri(d))),
)
DATASETS = {  # file stem → (title, fields, records of a catalog)
    "items": ("公开事项（标准目录）", ITEM_FIELDS, lambda c: c.items),
    "documents": ("政府信息（文件）", DOCUMENT_FIELDS, lambda c: c.documents),
}


def record(fields, value: Item | Document, site_url: str) -> dict:
    return {f.key: f.get(value, site_url) for f in fields}


def schema(stem: str, catalog: Catalog) -> dict:
    title, fields, _ = DATASETS[stem]
    fields = _described(fields, catalog)
    properties = {}
    for f in fields:
        prop = {"title": f.title, "type": f.kind}
        if f.kind == "array":
            prop["items"] = {"type": "string"}
        if f.description:
            prop["description"] = f.description
        properties[f.key] = prop
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, "type": "array",
            "items": {"type": "object", "required": [f.key for f in fields], "additionalProperties": False,
                      "properties": properties}}


def data_page(catalog: Catalog) -> dict:
    """The context of the 开放数据 page: each dataset with its files, size and field table."""
    return {"datasets": [{"stem": stem, "title": title, "count": len(records(catalog)),
                          "fields": _described(fields, catalog),
                          "files": {ext: f"{DATA_DIR}/{stem}.{ext}" for ext in ("json", "csv", "schema.json")}}
                         for stem, (title, fields, records) in DATASETS.items()]}
