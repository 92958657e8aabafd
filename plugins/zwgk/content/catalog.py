"""Load and validate catalog files into a Catalog: load → validate → model, in one pass.

All errors of all files are collected before anything is decided, so an editor sees
every mistake at once. Visibility (不予公开, future 发布日期) is decided here and only
here: what a Catalog does not hold, no view can publish.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import timelimits
from .annual import check_carry_over, read_report_data
from .errors import CatalogInvalid, ContentError
from .filecache import FileCache
from .layout import (
    DOCUMENTS_DIR,
    INTERPRETATIONS_DIR,
    ITEMS_DIR,
    LISTS_DIR,
    POSTINGS_DIR,
    REPORT_DATA_DIR,
    REPORTS_DIR,
    SITE_FILE,
    TAXONOMY_DIR,
    taxonomy_file,
)
from .loader import Document, dotted, read_front_matter, read_yaml
from .model import (
    Catalog,
    Category,
    Channel,
    Disclosure,
    Domain,
    FourWay,
    InterpretationForm,
    Level,
    Organization,
    Place,
    PlaceKind,
    PostingKind,
    PowerType,
    SiteInfo,
    Topic,
    Vocabulary,
    normalise_term,
)
from .published import field_uri, outside_links, shown, within
from .readers import (
    DocumentReader,
    InterpretationReader,
    ItemReader,
    PostingReader,
    annual_report,
    certificate,
    duplicate_codes,
    power,
    read_record_list,
    unknown_term,
)
from .schema import validate_document
from .visibility import WITHHELD, published_on, text_published

TAXONOMY_FILES = ("domains", "categories", "levels", "channels", "places", "topics", "postings", "place_kinds",
                  "power_types", "four_ways", "interpretation_forms")


_READS: FileCache[tuple] = FileCache()  # file → (parsed document, its parse and schema errors)


@dataclass
class _Run:
    """State of one load: where files are, how to show their names, errors so far."""

    catalog_dir: Path
    docs_dir: Path | None
    root: Path
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)  # publishable, but the office should act
    drafts: list = field(default_factory=list)  # model.Draft of every draft item read
    allowed_numbers: tuple = ()  # site.yml's: numbers the personal-data scan lets pass

    def shown(self, path: Path) -> str:
        return shown(self.root, path)

    def inside(self, path: Path) -> bool:
        """Docs-dir files must stay in the docs dir, all others in the repository (symlinks followed)."""
        docs = self.docs_dir
        in_docs = docs is not None and os.path.abspath(path).startswith(os.path.abspath(docs) + os.sep)
        return within(path, docs if in_docs else self.root)

    def read(self, path: Path, schema: str, definition: str | None = None) -> Document | None:
        """A schema-valid document, or None once its errors are recorded."""
        doc, schema_ok = self.read_checked(path, schema, definition)
        return doc if schema_ok else None

    def read_checked(self, path: Path, schema: str, definition: str | None = None, markdown: bool = False):
        """(document or None, whether it passed the schema); errors are recorded.

        Results are kept per file state, so a preview rebuild re-reads only the files that changed.
        """
        if not self.inside(path):
            return None, False  # a symlink out of its folder: reported by outside_links, never read
        shown = self.shown(path)

        def read() -> tuple:
            doc, errors = (read_front_matter if markdown else read_yaml)(path, shown)
            if doc is not None:
                errors = errors + validate_document(doc, schema, definition)
            return doc, tuple(errors)

        doc, errors = _READS.get(path, (shown, schema, definition), read)
        self.errors.extend(errors)
        return doc, not errors

    def read_all(self, paths: list[Path], schema: str, markdown: bool = False) -> list:
        """(document, schema_ok) for every file that parsed at all."""
        found = (self.read_checked(p, schema, markdown=markdown) for p in paths)
        return [(doc, ok) for doc, ok in found if doc is not None]


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


def load_vocabularies(catalog_dir, root=None) -> tuple[dict | None, list[ContentError]]:
    """Only the taxonomies (for tools such as the importer that need names, not records)."""
    run = _Run(Path(catalog_dir), None, Path(root or Path.cwd()))
    vocabularies = _load_taxonomies(run)
    return vocabularies, sorted(set(run.errors))


def check_catalog(catalog_dir, docs_dir=None, build_date=None, root=None):
    """Like load_catalog, but return (catalog or None, errors) instead of raising."""
    run = _Run(Path(catalog_dir), Path(docs_dir) if docs_dir else None, Path(root or Path.cwd()))
    build_date = build_date or dt.date.today()
    run.errors += outside_links(run.root, run.catalog_dir, run.root)
    if run.docs_dir is not None:
        run.errors += outside_links(run.root, run.docs_dir, run.docs_dir)
    vocabularies = _load_taxonomies(run)
    site = _load_site(run)
    item_docs = run.read_all(_files(run, run.catalog_dir / ITEMS_DIR, ("*.yml", "*.yaml"), required=True),
                             "item")
    document_docs = run.read_all(_files(run, run.catalog_dir / DOCUMENTS_DIR, ("*.md",)), "document",
                                 markdown=True)
    interpretation_docs, posting_docs = [], []
    if run.docs_dir is not None:  # records kept as pages in the docs dir
        interpretation_docs = run.read_all(_files(run, run.docs_dir / INTERPRETATIONS_DIR, ("*.md",)),
                                           "interpretation", markdown=True)
        posting_docs = run.read_all(_files(run, run.docs_dir / POSTINGS_DIR, ("*.md",)), "posting", markdown=True)
    lists = {name: _load_list(run, name, make, key, vocabularies) for name, (make, key) in LISTS.items()}
    reports = _load_reports(run)
    if vocabularies is None or site is None:
        return None, sorted(set(run.errors))
    info, organizations = site
    run.allowed_numbers = info.allowed_numbers
    vocabularies["organizations"] = organizations

    clashes = _id_clashes(run, item_docs, "事项编号") | _id_clashes(run, document_docs, "文件编号")
    items = [r for r in (ItemReader(run, doc, vocabularies).read(ok) for doc, ok in item_docs)
             if r and r.source.file not in clashes]
    documents = [r for r in (DocumentReader(run, doc, vocabularies).read(ok) for doc, ok in document_docs)
                 if r and r.source.file not in clashes]
    documents = _assign_index_numbers(run, documents, info.index_pattern,
                                      {doc.file: doc for doc, _ in document_docs})
    by_id = {d.id: d for d in documents}
    failed = frozenset(doc.data["id"] for doc, _ in document_docs
                       if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str)) - set(by_id)
    interpretations = []
    for doc, ok in interpretation_docs:
        interpretation = InterpretationReader(run, doc, vocabularies).read(ok, by_id, _src_uri(run, doc), failed)
        if interpretation is not None:
            interpretations.append(interpretation)
    postings = []
    for doc, ok in posting_docs:
        posting = PostingReader(run, doc, vocabularies).read(ok, _src_uri(run, doc))
        if posting is not None:
            postings.append(posting)

    public_items = [i for i in items if published_on(i, build_date)]
    withheld_docs = {d.id for d in documents if d.disclosure == WITHHELD}
    on_request = {d.id for d in documents if not text_published(d)}
    # 依申请公开: the catalog entry is published, the text and attachments go only to an applicant
    public_docs = [d if text_published(d) else replace(d, body="", attachments=())
                   for d in documents if published_on(d, build_date)]
    public_interpretations = [i for i in interpretations if published_on(i, build_date)]
    _check_interpreted_documents(run, public_interpretations, interpretation_docs, withheld_docs, on_request)
    if run.errors:
        return None, sorted(set(run.errors))
    withheld_interpretations = {i.src_uri for i in interpretations} - {i.src_uri for i in public_interpretations}
    public_doc_ids = {d.id for d in public_docs}
    public_item_ids = {i.id for i in public_items}
    # files that records which are not published name: never copied unless a published page uses them
    unpublished_files = {field_uri(path) for path in set().union(
        *(i.media_files for i in interpretations if i.src_uri in withheld_interpretations),
        *({a.path for a in d.attachments} for d in documents if d.id not in public_doc_ids or d.id in on_request),
        *({path for _, path in i.guide.attachments} for i in items if i.guide and i.id not in public_item_ids))}
    future_reports = {r.src_uri for r in reports if not published_on(r, build_date)}
    future_postings = {p.src_uri for p in postings if not published_on(p, build_date)}
    catalog = Catalog(
        **vocabularies, items=tuple(sorted(public_items, key=lambda i: i.id)), build_date=build_date,
        site=info, documents=tuple(sorted(public_docs, key=lambda d: d.id)),
        interpretations=tuple(sorted(public_interpretations, key=lambda i: i.id)),
        certificates=lists["certificates"], powers=lists["powers"],
        reports=tuple(sorted((r for r in reports if r.src_uri not in future_reports), key=lambda r: -r.year)),
        withheld=(len(items) - len(public_items)) + (len(documents) - len(public_docs))
        + len(withheld_interpretations) + len(future_postings),
        postings=tuple(sorted((p for p in postings if p.src_uri not in future_postings),
                              key=lambda p: (p.place.id, -p.start_date.toordinal(), p.id))),
        unpublished_pages=frozenset(withheld_interpretations | future_reports | future_postings),
        unpublished_files=frozenset(unpublished_files),
        warnings=tuple(sorted(set(run.warnings))),
        drafts=tuple(sorted(run.drafts, key=lambda d: d.source.file)),
    )
    return catalog, []


def _src_uri(run: _Run, doc: Document) -> str:
    """A docs-dir page's path as MkDocs names it (jiedu/x.md)."""
    return Path(doc.file).relative_to(run.shown(run.docs_dir)).as_posix()


def _files(run: _Run, folder: Path, patterns: tuple[str, ...], required: bool = False) -> list[Path]:
    """The files under ``folder`` that stay inside their boundary (symlinked folders are not followed)."""
    paths = sorted(p for pattern in patterns for p in folder.rglob(pattern) if run.inside(p))
    if required and not paths:
        run.errors.append(ContentError(run.shown(folder), 0, "", "没有找到任何事项文件。",
                                       f"在 {run.shown(folder)}/ 下为每个公开事项写一个 .yml 文件。"))
    return paths


def _id_clashes(run: _Run, docs: list, what: str) -> set[str]:
    """Files whose id an earlier file already uses, each clash reported once. Read from the raw
    data, so a clash is found even while the files have other errors (which are reported too)."""
    first: dict[str, Document] = {}
    clashes = set()
    for doc, _ in docs:
        record_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        owner = first.setdefault(record_id, doc) if isinstance(record_id, str) else doc
        if owner is not doc:
            run.errors.append(ContentError(
                doc.file, doc.line_of(("id",)), f"id（{what}）", f"{what}“{record_id}”已被 {owner.file} 使用。",
                "每条记录的编号必须不同：给这一条换一个编号。"))
            clashes.add(doc.file)
    return clashes


def _check_interpreted_documents(run: _Run, interpretations, docs, withheld_docs: set[str],
                                 on_request: set[str]) -> None:
    """A published interpretation must not reveal a withheld or 依申请公开 document, nor appear before it."""
    source_of = {doc.file: doc for doc, _ in docs}
    for interpretation in interpretations:
        doc = source_of[interpretation.source.file]
        for i, document in enumerate(interpretation.documents):
            path = ("interprets", i)
            if document.id in withheld_docs:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path), dotted(path), f"被解读的文件“{document.id}”不予公开。",
                    "不予公开的文件不能有公开的解读：删去这个编号，或把解读也标为不予公开。"))
            elif document.id in on_request:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path), dotted(path), f"被解读的文件“{document.id}”依申请公开。",
                    "依申请公开的文件只向申请人提供，不能有公开的解读：删去这个编号，"
                    "或把解读标为不予公开（或把文件改为主动公开）。"))
            elif document.published_date > interpretation.published_date:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(("published_date",)), "published_date（发布日期）",
                    f"解读的发布日期 {interpretation.published_date} 早于被解读文件“{document.id}”的发布日期 "
                    f"{document.published_date}。", "解读应与文件同步或在文件发布之后发布。"))


def _assign_index_numbers(run: _Run, documents: list, pattern: str, sources: dict) -> list:
    """Give each document without an 索引号 the next free number of its body and year.

    Numbers follow publication order, so adding a newer document never renumbers older ones.
    """
    taken: dict[str, str] = {}
    for document in documents:
        if document.index_number:
            owner = taken.setdefault(document.index_number, document.id)
            if owner != document.id:
                doc = sources[document.source.file]
                run.errors.append(ContentError(
                    doc.file, doc.line_of(("index_number",)), "index_number（索引号）",
                    f"索引号“{document.index_number}”已被文件“{owner}”使用。", "索引号必须唯一。"))
    counters: dict[tuple[str, int], int] = {}
    numbered = {}
    for document in sorted(documents, key=lambda d: (d.published_date, d.id)):
        if document.index_number:
            continue
        key = (document.publisher.code, document.published_date.year)
        while True:
            counters[key] = counters.get(key, 0) + 1
            number = pattern.format(code=key[0], year=key[1], seq=counters[key])
            if number not in taken:
                break
        taken[number] = document.id
        numbered[document.id] = number
    return [replace(d, index_number=numbered[d.id]) if d.id in numbered else d for d in documents]


def _load_site(run: _Run):
    path = run.catalog_dir / SITE_FILE
    if not path.exists():
        run.errors.append(ContentError(run.shown(path), 0, "", f"缺少站点信息文件 {SITE_FILE}。",
                                       f"从示例站点复制 catalog/{SITE_FILE} 再修改。"))
        return None
    doc = run.read(path, "site")
    if doc is None:
        return None
    d = doc.data
    organizations = [Organization(o["id"], o["name"], tuple(o.get("aliases", ())), o["code"])
                     for o in d["organizations"]]
    before = len(run.errors)
    _check_unique(run, doc, [(o, ("organizations", i)) for i, o in enumerate(organizations)])
    try:
        d["index_number"]["pattern"].format(code="X", year=2024, seq=1)
    except (KeyError, IndexError, ValueError) as exc:
        run.errors.append(ContentError(doc.file, doc.line_of(("index_number", "pattern")),
                                       "index_number.pattern（索引号规则 › 格式）",
                                       f"索引号格式写错了（{exc}）。",
                                       "只能用 {code}、{year}、{seq}，例如 {code}/{year}-{seq:05d}。"))
    if len(run.errors) > before:
        return None
    info = SiteInfo(d["office"], d.get("request", {}), d["index_number"]["pattern"],
                    tuple(d.get("allowed_numbers", ())))
    return info, Vocabulary(organizations)


LISTS = {"certificates": (certificate, "name"), "powers": (power, "code")}


def _load_list(run: _Run, name: str, make, key: str, vocabularies: dict | None):
    path = run.catalog_dir / LISTS_DIR / f"{name}.yml"
    if not path.exists():
        return None
    doc = run.read(path, "lists", name)
    if doc is None:
        return None
    errors = duplicate_codes(doc, name, key) if key == "code" else []
    if name == "powers" and vocabularies is not None:
        errors += _unknown_terms(doc, "powers", "type", vocabularies["power_types"], "权力类型",
                                 taxonomy_file("power_types"))
    run.errors.extend(errors)
    if errors or vocabularies is None:  # broken taxonomies are reported on their own
        return None
    return read_record_list(doc, name, lambda entry: make(entry, vocabularies))


def _unknown_terms(doc: Document, key: str, field: str, vocabulary: Vocabulary, what: str,
                   file: str) -> list[ContentError]:
    """Each entry of a list whose ``field`` names no term of ``vocabulary``, with its line."""
    errors = []
    for i, entry in enumerate(doc.data[key]):
        if vocabulary.resolve(entry[field]) is None:
            path = (key, i, field)
            errors.append(ContentError(doc.file, doc.line_of(path), dotted(path),
                                       *unknown_term(vocabulary, entry[field], what, file)))
    return errors


def _load_reports(run: _Run) -> list:
    if run.docs_dir is None:
        return []
    reports = []
    for path in _files(run, run.docs_dir / REPORTS_DIR, ("*.md",)):
        if path.name == "index.md":
            continue
        doc, errors = read_front_matter(path, run.shown(path))
        if doc is not None:
            report, errors = annual_report(doc, path.relative_to(run.docs_dir).as_posix())
            if report:
                reports.append(report)
        run.errors.extend(errors)
    data = _load_report_data(run)
    for report in reports:
        if report.year not in data:
            run.errors.append(ContentError(
                run.shown(run.docs_dir / report.src_uri), 1, "年度报告数据",
                f"{report.year} 年度报告缺少表三、表四的数据文件。",
                f"新建 {run.catalog_dir.name}/{REPORT_DATA_DIR}/{report.year}.yml"
                "（照上一年度的文件填写，格式见“字段参考”）。"))
    return [replace(r, data=data.get(r.year)) for r in reports]


def _load_report_data(run: _Run) -> dict:
    """Every year's data file, checked on its own and against the year before."""
    found = {}
    for path in _files(run, run.catalog_dir / REPORT_DATA_DIR, ("*.yml",)):
        doc = run.read(path, "report")
        if doc is None:
            continue
        data, errors = read_report_data(doc)
        run.errors.extend(errors)
        if data is not None and path.stem != str(data.year):
            run.errors.append(ContentError(doc.file, doc.line_of(("year",)), "year（年度）",
                                           f"文件名是 {path.name}，但 year 写的是 {data.year}。",
                                           f"把文件改名为 {data.year}.yml，或改正 year。"))
        elif data is not None:
            found[data.year] = (data, doc)
    for year, (data, doc) in found.items():
        if year - 1 in found:
            run.errors.extend(check_carry_over(found[year - 1][0], data, doc.line_of(("applications",))))
    return {year: data for year, (data, _) in found.items()}


# ---------------------------------------------------------------- taxonomies


def _load_taxonomies(run: _Run) -> dict | None:
    docs = {}
    for name in TAXONOMY_FILES:
        path = run.catalog_dir / taxonomy_file(name)
        if not path.exists():
            run.errors.append(ContentError(run.shown(path), 0, "", "缺少分类文件。",
                                           f"从示例站点的 catalog/{TAXONOMY_DIR}/ 复制一份再修改。"))
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
                        guide_required=entry.get("guide_required", False),
                        stale_after_days=entry.get("stale_after_days"),
                        interpretations=entry.get("interpretations", False),
                        report_row=entry.get("report_row", ""))

    categories = terms(docs["categories"], "categories", category)
    _check_interpretation_role(run, docs["categories"], categories)
    place_kinds = terms(docs["place_kinds"], "place_kinds", lambda e, _: PlaceKind(**base(e)))
    kinds = Vocabulary(place_kinds)

    def kind(doc: Document, value: str, path: tuple) -> PlaceKind | None:
        found = kinds.resolve(value)
        if found is None:
            run.errors.append(ContentError(doc.file, doc.line_of(path), dotted(path),
                                           *unknown_term(kinds, value, "地点类型", taxonomy_file("place_kinds"))))
        return found

    def level(entry: dict, path: tuple) -> Level:
        found = (kind(docs["levels"], k, path + ("place_kinds", j)) for j, k in enumerate(entry["place_kinds"]))
        return Level(**base(entry), place_kinds=tuple(k for k in found if k is not None))

    levels = terms(docs["levels"], "levels", level)
    channels = terms(docs["channels"], "channels",
                     lambda e, _: Channel(**base(e), board=e.get("board", False)))
    places = []

    def walk_places(entry: dict, path: tuple, parent: str | None) -> None:
        places.append((Place(**base(entry), kind=kind(docs["places"], entry["kind"], path + ("kind",)),
                             parent=parent), path))
        for i, child in enumerate(entry.get("children", [])):
            walk_places(child, path + ("children", i), entry["id"])

    walk_places(docs["places"].data["district"], ("district",), None)

    topics = terms(docs["topics"], "topics", lambda e, _: Topic(**base(e)))

    def posting_kind(entry: dict, path: tuple) -> PostingKind:
        rule = None
        if "period_rule" in entry:
            rule = timelimits.parse_time_limit(entry["period_rule"])
            if rule is None or rule.rule != timelimits.RULE_PUBLICITY:
                doc = docs["postings"]
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path + ("period_rule",)), dotted(path + ("period_rule",)),
                    f"看不懂公示期要求“{entry['period_rule']}”。", "写成“公示7个工作日”或“公示5日”。"))
                rule = None
        return PostingKind(**base(entry), period_rule=rule)

    posting_kinds = terms(docs["postings"], "kinds", posting_kind)
    power_types = terms(docs["power_types"], "power_types", lambda e, _: PowerType(**base(e)))
    four_ways = terms(docs["four_ways"], "four_ways", lambda e, _: FourWay(**base(e)))
    forms = terms(docs["interpretation_forms"], "forms",
                  lambda e, _: InterpretationForm(**base(e), requires=e.get("requires", "")))
    vocabularies = {
        "place_kinds": (docs["place_kinds"], "place_kinds", place_kinds),
        "power_types": (docs["power_types"], "power_types", power_types),
        "four_ways": (docs["four_ways"], "four_ways", four_ways),
        "interpretation_forms": (docs["interpretation_forms"], "forms", forms),
        "posting_kinds": (docs["postings"], "kinds", posting_kinds),
        "topics": (docs["topics"], "topics", topics),
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
    _check_levels_cover(run, docs["places"], places, levels)
    result = {name: Vocabulary(entries) for name, (_, _, entries) in vocabularies.items()}
    result["places"] = Vocabulary([p for p, _ in places])
    return result


def _check_interpretation_role(run: _Run, doc: Document, categories: list[Category]) -> None:
    """Exactly one category holds the policy interpretations: they are filed under it."""
    marked = [(i, c) for i, c in enumerate(categories) if c.interpretations]
    if not marked:
        run.errors.append(ContentError(
            doc.file, doc.line_of(("categories",)), "categories", "没有标明政策解读归入哪一类。",
            "在收录政策解读的那一类（如“政策解读”）后面加上 interpretations: true，只能标一类。"))
    for i, other in marked[1:]:
        path = ("categories", i, "interpretations")
        run.errors.append(ContentError(
            doc.file, doc.line_of(path), dotted(path),
            f"“{other.name}”和“{marked[0][1].name}”都标了 interpretations: true。",
            "政策解读只能归入一类：只在其中一类写 interpretations: true，删去其他的。"))


def _check_levels_cover(run: _Run, doc: Document, places: list, levels: list[Level]) -> None:
    """A place whose kind no level covers has an empty board: publishable, but surely an oversight."""
    covered = {k for level in levels for k in level.place_kinds}
    for place, path in places:
        if place.kind not in covered:
            run.warnings.append(ContentError(
                doc.file, doc.line_of(path + ("kind",)), dotted(path + ("kind",)),
                f"地点类型“{place.kind.name}”不属于任何公开层级，{place.name}的公开栏上不会有公开事项。",
                "在 catalog/taxonomy/levels.yml 里把它写进某一层级的 place_kinds。"))


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


