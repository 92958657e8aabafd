"""Load and validate catalog files into a Catalog: load → validate → model, in one pass.

All errors of all files are collected before anything is decided, so an editor sees
every mistake at once. Visibility (不予公开, future 发布日期) is decided here and only
here: what a Catalog does not hold, no view can publish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import timelimits
from .errors import CatalogInvalid, ContentError
from .loader import Document, dotted, read_yaml
from .model import (
    Catalog,
    Category,
    Channel,
    Disclosure,
    Domain,
    Guide,
    Item,
    Level,
    Material,
    Place,
    Source,
    Step,
    Vocabulary,
    normalise_term,
)
from .schema import field_label, load_schema, validate_document

TAXONOMY_FILES = ("domains", "categories", "levels", "channels", "places")
ITEMS_DIR = "items"
WITHHELD = "不予公开"


@dataclass
class _Run:
    """State of one load: where files are, how to show their names, errors so far."""

    catalog_dir: Path
    docs_dir: Path | None
    root: Path
    errors: list[ContentError] = field(default_factory=list)

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, schema: str, definition: str | None = None) -> Document | None:
        """A schema-valid document, or None once its errors are recorded."""
        doc, schema_ok = self.read_checked(path, schema, definition)
        return doc if schema_ok else None

    def read_checked(self, path: Path, schema: str, definition: str | None = None):
        """(document or None, whether it passed the schema); errors are recorded."""
        doc, errors = read_yaml(path, self.shown(path))
        if doc is not None:
            errors = validate_document(doc, schema, definition)
        self.errors.extend(errors)
        return doc, not errors


def load_catalog(
    catalog_dir: Path | str,
    docs_dir: Path | str | None = None,
    build_date: dt.date | None = None,
    root: Path | str | None = None,
) -> Catalog:
    """Build the publishable Catalog, or raise CatalogInvalid with every error found."""
    catalog, errors = check_catalog(catalog_dir, docs_dir, build_date, root)
    if errors:
        raise CatalogInvalid(errors)
    return catalog


def check_catalog(catalog_dir, docs_dir=None, build_date=None, root=None):
    """Like load_catalog, but return (catalog or None, errors) instead of raising."""
    run = _Run(Path(catalog_dir), Path(docs_dir) if docs_dir else None, Path(root or Path.cwd()))
    build_date = build_date or dt.date.today()
    vocabularies = _load_taxonomies(run)
    items_dir = run.catalog_dir / ITEMS_DIR
    paths = sorted([*items_dir.rglob("*.yml"), *items_dir.rglob("*.yaml")])
    if not paths:
        run.errors.append(ContentError(run.shown(items_dir), 0, "", "没有找到任何事项文件。",
                                       f"在 {run.shown(items_dir)}/ 下为每个公开事项写一个 .yml 文件。"))
    docs = [(doc, ok) for doc, ok in (run.read_checked(p, "item") for p in paths) if doc is not None]
    if vocabularies is None:
        return None, sorted(set(run.errors))
    items = _build_items(run, docs, vocabularies)
    if run.errors:
        return None, sorted(set(run.errors))
    public = [i for i in items if i.disclosure != WITHHELD and i.published_date <= build_date]
    catalog = Catalog(**vocabularies, items=tuple(sorted(public, key=lambda i: i.id)),
                      build_date=build_date, withheld=len(items) - len(public))
    return catalog, []


# ---------------------------------------------------------------- taxonomies


def _load_taxonomies(run: _Run) -> dict | None:
    docs = {}
    for name in TAXONOMY_FILES:
        path = run.catalog_dir / "taxonomy" / f"{name}.yml"
        if not path.exists():
            run.errors.append(ContentError(run.shown(path), 0, "", "缺少分类文件。",
                                           "从示例站点的 catalog/taxonomy/ 复制一份再修改。"))
            continue
        docs[name] = run.read(path, "taxonomy", name)
    if len(docs) < len(TAXONOMY_FILES) or None in docs.values():
        return None
    before = len(run.errors)

    def terms(doc: Document, key: str, make) -> list:
        return [make(entry, (key, i)) for i, entry in enumerate(doc.data[key])]

    def base(entry: dict) -> dict:
        return {"id": entry["id"], "name": entry["name"], "aliases": tuple(entry.get("aliases", ()))}

    domains = terms(docs["domains"], "domains",
                    lambda e, _: Domain(**base(e), enabled=e.get("enabled", True)))
    disclosures = terms(docs["categories"], "disclosures", lambda e, _: Disclosure(**base(e)))
    by_id = {d.id: d for d in disclosures}

    def category(entry: dict, path: tuple) -> Category:
        disclosure = by_id.get(entry["disclosure"])
        if disclosure is None:
            doc = docs["categories"]
            run.errors.append(ContentError(
                doc.file, doc.line_of(path + ("disclosure",)), dotted(path + ("disclosure",)),
                f"“{entry['disclosure']}”不是五公开之一。",
                "写 disclosures 里的编号之一：" + "、".join(by_id) + "。"))
        return Category(**base(entry), disclosure=disclosure,
                        guide_required=entry.get("guide_required", False))

    categories = terms(docs["categories"], "categories", category)
    levels = terms(docs["levels"], "levels",
                   lambda e, _: Level(**base(e), place_kinds=tuple(e["place_kinds"])))
    channels = terms(docs["channels"], "channels",
                     lambda e, _: Channel(**base(e), board=e.get("board", False)))
    places = []

    def walk_places(entry: dict, path: tuple, parent: str | None) -> None:
        places.append((Place(**base(entry), kind=entry["kind"], parent=parent), path))
        for i, child in enumerate(entry.get("children", [])):
            walk_places(child, path + ("children", i), entry["id"])

    walk_places(docs["places"].data["district"], ("district",), None)

    vocabularies = {
        "domains": (docs["domains"], "domains", domains),
        "disclosures": (docs["categories"], "disclosures", disclosures),
        "categories": (docs["categories"], "categories", categories),
        "levels": (docs["levels"], "levels", levels),
        "channels": (docs["channels"], "channels", channels),
    }
    for doc, key, entries in vocabularies.values():
        _check_unique(run, doc, [(t, (key, i)) for i, t in enumerate(entries)])
    _check_unique(run, docs["places"], places, names_too=False)
    if len(run.errors) > before:
        return None
    result = {name: Vocabulary(entries) for name, (_, _, entries) in vocabularies.items()}
    result["places"] = Vocabulary([p for p, _ in places])
    return result


def _check_unique(run: _Run, doc: Document, entries: list, names_too: bool = True) -> None:
    """Ids must be unique; an id, name or alias must not point at two entries."""
    ids: set[str] = set()
    owners: dict[str, str] = {}
    for term, path in entries:
        if term.id in ids:
            run.errors.append(ContentError(
                doc.file, doc.line_of(path + ("id",)), dotted(path + ("id",)),
                f"编号“{term.id}”重复。", "每个条目的编号必须不同，网址由编号生成。"))
        ids.add(term.id)
        if not names_too:
            continue
        for what, key in [("id", term.id), ("name", term.name), *(("aliases", a) for a in term.aliases)]:
            owner = owners.setdefault(normalise_term(key), term.id)
            if owner != term.id:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path + (what,)), dotted(path + (what,)),
                    f"“{key}”已经是“{owner}”的编号、名称或别名。",
                    "同一个文件里，编号、名称和别名都不能重复，否则无法判断指的是哪一个。"))


# ---------------------------------------------------------------- items


def _build_items(run: _Run, docs: list[tuple[Document, bool]], vocabularies: dict) -> list[Item]:
    items: list[Item] = []
    first_file: dict[str, Document] = {}
    for doc, schema_ok in docs:
        item = _ItemReader(run, doc, vocabularies).read(schema_ok)
        if item is None:
            continue
        first = first_file.setdefault(item.id, doc)
        if first is not doc:
            run.errors.append(ContentError(
                doc.file, doc.line_of(("id",)), "id（事项编号）",
                f"事项编号“{item.id}”已被 {first.file} 使用。",
                "每个事项的编号必须不同：给这个事项换一个编号。"))
            continue
        items.append(item)
    return items


class _ItemReader:
    """Turns one schema-valid item document into an Item, reporting what does not resolve."""

    def __init__(self, run: _Run, doc: Document, vocabularies: dict):
        self.run, self.doc, self.v = run, doc, vocabularies
        self.data: dict = doc.data
        self.failed = False

    def error(self, path: tuple, message: str, hint: str = "") -> None:
        label = field_label(load_schema("item"), path)
        self.run.errors.append(ContentError(
            self.doc.file, self.doc.line_of(path), f"{dotted(path)}（{label}）", message, hint))
        self.failed = True

    def term(self, vocabulary: Vocabulary, key: str, what: str, file: str):
        """Resolve a single reference such as domain; None when absent, malformed or unknown."""
        value = self.data.get(key)
        return self._resolve(vocabulary, value, (key,), what, file) if isinstance(value, str) else None

    def terms(self, vocabulary, key: str, what: str, file: str) -> tuple:
        values = self.data.get(key)
        if not isinstance(values, list):
            return ()
        found = [self._resolve(vocabulary, value, (key, i), what, file)
                 for i, value in enumerate(values) if isinstance(value, str)]
        return tuple(t for t in found if t is not None)

    def _resolve(self, vocabulary: Vocabulary, value: str, path: tuple, what: str, file: str):
        found = vocabulary.resolve(value)
        if found is None:
            self.error(path, f"未知的{what}“{value}”。",
                       f"可以写：{vocabulary.names()}（也认编号和别名）；"
                       f"需要新的{what}时先在 catalog/taxonomy/{file}.yml 里添加。")
        return found

    def date(self, key: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.data[key])
        except (KeyError, TypeError, ValueError):
            return None  # absent or malformed: the schema has reported it

    def read(self, schema_ok: bool) -> Item | None:
        """Check references even when the schema failed, so all errors show at once;
        build the Item only from a document that passed everything."""
        d = self.data
        if not isinstance(d, dict):
            return None
        domain = self.term(self.v["domains"], "domain", "领域", "domains")
        if domain is not None and not domain.enabled:
            self.error(("domain",), f"领域“{domain.name}”在本区未启用。",
                       f"在 catalog/taxonomy/domains.yml 里把 {domain.id} 的 enabled 改为 true，或换一个领域。")
        category = self.term(self.v["categories"], "category", "信息类别", "categories")
        channels = self.terms(self.v["channels"], "channels", "公开渠道", "channels")
        levels = self.terms(self.v["levels"], "levels", "公开层级", "levels")
        published, formed = self.date("published_date"), self.date("formed_date")
        if formed and published and formed > published:
            self.error(("formed_date",),
                       f"形成日期 {formed} 晚于发布日期 {published}，不可能先发布后形成。",
                       "核对两个日期：发布日期应在形成或变更日期当天或之后。")
        if category is not None and category.guide_required and "guide" not in d:
            self.error(("category",), f"“{category.name}”类事项必须写办事指南（guide）。",
                       "补上 guide: 及其中的设定依据、申请条件、申请材料、办理流程、收费标准、"
                       "办理地点、办理时间、咨询电话等要素；可参照同领域已有事项。")
        if not schema_ok:
            return None
        guide = self._guide(d["guide"]) if "guide" in d else None
        time_limit = self._time_limit(d.get("time_limit"))
        if self.failed:
            return None
        matter = tuple(d["matter"][k] for k in ("level1", "level2", "level3") if k in d["matter"])
        return Item(
            id=d["id"], domain=domain, category=category, matter=matter,
            content=d["content"], basis=tuple(d["basis"]), time_limit=time_limit,
            publisher=d["publisher"], channels=channels,
            audience="特定群体" if d["audience"] == "特定群众" else d["audience"],
            disclosure=d.get("disclosure", "主动公开"), levels=levels,
            published_date=published, formed_date=formed,
            max_one_visit=d.get("max_one_visit", False), four_ways=tuple(d.get("four_ways", ())),
            guide=guide, notes=d.get("notes", ""),
            source=Source(self.doc.file, self.doc.line_of(("id",))),
        )

    def _time_limit(self, value) -> timelimits.TimeLimit | None:
        path = ("time_limit",)
        if value is None:
            return timelimits.DEFAULT_TIME_LIMIT
        if isinstance(value, str):
            parsed = timelimits.parse_time_limit(value)
            if parsed is None:
                self.error(path, f"看不懂公开时限“{value}”。", timelimits.TIME_LIMIT_HINT)
            return parsed
        rule = value["rule"]
        if rule in (timelimits.RULE_PERIOD, timelimits.RULE_PUBLICITY) and "days" not in value:
            self.error(path, f"公开时限规则“{rule}”需要写天数 days。", "例如 days: 20。")
            return None
        trigger = value.get("trigger", timelimits.DEFAULT_TRIGGER if rule == timelimits.RULE_PERIOD else "")
        return timelimits.TimeLimit(rule, value.get("days"), value.get("day_type", timelimits.WORKING),
                                    trigger)

    def _duration(self, value, path: tuple) -> timelimits.Duration | None:
        if value is None:
            return None
        if isinstance(value, dict):
            return timelimits.Duration(value["days"], value.get("day_type", timelimits.WORKING))
        parsed = timelimits.parse_duration(value)
        if parsed is None:
            self.error(path, f"看不懂办结时限“{value}”。", timelimits.DURATION_HINT)
        return parsed

    def _guide(self, g: dict) -> Guide:
        statutory = self._duration(g.get("statutory_limit"), ("guide", "statutory_limit"))
        promised = self._duration(g.get("promised_limit"), ("guide", "promised_limit"))
        if (statutory and promised and statutory.day_type == promised.day_type
                and promised.days > statutory.days):
            self.error(("guide", "promised_limit"),
                       f"承诺办结时限（{promised.text}）比法定办结时限（{statutory.text}）还长。",
                       "承诺时限应当不超过法定时限，核对两个数字。")
        materials = []
        for i, m in enumerate(g["materials"]):
            for key in ("blank_form", "sample_form"):
                self._check_attachment(m.get(key), ("guide", "materials", i, key))
            materials.append(Material(
                name=m["name"], form=m.get("form", ""), copies=m.get("copies"),
                required=m.get("required", True), source=m.get("source", ""), note=m.get("note", ""),
                blank_form=m.get("blank_form", ""), sample_form=m.get("sample_form", "")))
        return Guide(
            legal_basis=tuple(g["legal_basis"]), implementing_body=g["implementing_body"],
            conditions=tuple(g["conditions"]), materials=tuple(materials),
            process=tuple(Step(s["name"], s.get("description", "")) for s in g["process"]),
            fee=g["fee"], location=g["location"], hours=g["hours"], phone=g["phone"],
            item_type=g.get("item_type", ""), deciding_body=g.get("deciding_body", ""),
            service_objects=tuple(g.get("service_objects", ())), scope=g.get("scope", ""),
            statutory_limit=statutory, promised_limit=promised, fee_basis=g.get("fee_basis", ""),
            result=g.get("result", ""), delivery=g.get("delivery", ""),
            complaint=tuple(g.get("complaint", ())), quantity_limit=g.get("quantity_limit", ""),
            online_url=g.get("online_url", ""),
        )

    def _check_attachment(self, path: str | None, at: tuple) -> None:
        if not path or self.run.docs_dir is None:
            return
        if not (self.run.docs_dir / path).is_file():
            self.error(at, f"附件“{path}”不存在。",
                       f"把文件放到 {self.run.shown(self.run.docs_dir / path)}，或改正路径（区分大小写）。")
