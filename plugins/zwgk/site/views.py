"""Views: pure functions from a Catalog to page specs and tables. No MkDocs, no HTML."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, is_dataclass
from itertools import groupby

from ..content.annual import APPLICANTS, LEGAL_PERSONS, REVIEW_KINDS, REVIEW_RESULTS, table2, table3_rows, table4_row
from .charts import chart
from ..content.model import Catalog, Category, Document, Domain, Interpretation, Item, Level
from ..content.schema import field_reference

DOMAINS_INDEX = "domains/index.md"
FIELDS_PAGE = "help/fields.md"
SEARCH_PAGE = "search.md"
DATA_PAGE = "xxgk/data.md"
DISCLOSURES_INDEX = "disclosures/index.md"
INTERPRETATIONS_INDEX = "jiedu/index.md"
LISTS_INDEX = "lists/index.md"
MAX_ONE_VISIT = "lists/max-one-visit.md"
FOUR_WAYS = "lists/four-ways.md"
CERTIFICATES = "lists/certificates.md"
POWERS_INDEX = "lists/powers/index.md"
XXGK_INDEX = "xxgk/index.md"
XXGK_GUIDE = "xxgk/guide.md"
XXGK_RULES = "xxgk/zhidu/index.md"  # hand-written
XXGK_STATUTORY = "xxgk/fdzdgknr.md"
REPORTS_INDEX = "xxgk/nianbao/index.md"
BULLETINS_INDEX = "bulletins/index.md"
PDF_DIR = "bulletins/pdf"  # inside the site dir
PAGE_SIZE = 30  # entries per category page; the power list pages by type instead


def item_uri(item: Item) -> str:
    """The source path of an item page; its URL follows the id, never the title."""
    return f"items/{item.id}.md"


def domain_uri(domain: Domain) -> str:
    return f"domains/{domain.id}.md"


DOWNLOADS_DIR = "downloads"


def download_path(name: str, extension: str) -> str:
    """The official table of a domain or level as a download (xlsx, csv)."""
    return f"{DOWNLOADS_DIR}/{name}.{extension}"


def document_uri(document: Document) -> str:
    return f"documents/{document.id}.md"


def category_uri(category: Category, page: int = 1) -> str:
    return f"categories/{category.id}.md" if page == 1 else f"categories/{category.id}/{page}.md"


def category_feed_uri(category: Category) -> str:
    """The category's Atom feed (written by feeds.py), beside its first page."""
    return f"categories/{category.id}/feed.xml"


def disclosure_uri(disclosure) -> str:
    return f"disclosures/{disclosure.id}.md"


def level_uri(level: Level, domain: Domain | None = None) -> str:
    """A level's overview, or its items of one domain (one page a domain keeps pages small)."""
    return f"levels/{level.id}.md" if domain is None else f"levels/{level.id}/{domain.id}.md"


def powers_uri(power_type) -> str:
    return f"lists/powers/{power_type.id}.md"


def bulletin_uri(place) -> str:
    return f"bulletins/{place.id}.md"


def pdf_path(place, size: str = "A4") -> str:
    """Where a place's bulletin PDF lives in the site (A3 copies get their own name)."""
    return f"{PDF_DIR}/{place.id}.pdf" if size == "A4" else f"{PDF_DIR}/{place.id}-{size.lower()}.pdf"


def public_url(site_url: str, src_uri: str) -> str:
    """The absolute address of a page, as printed in QR codes (directory URLs)."""
    path = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    path = "" if path == "index" else (path[: -len("/index")] + "/" if path.endswith("/index") else path + "/")
    return site_url.rstrip("/") + "/" + path


def record_uri(record) -> str:
    if isinstance(record, Item):
        return item_uri(record)
    if isinstance(record, Document):
        return document_uri(record)
    return record.src_uri


@dataclass(frozen=True)
class PageSpec:
    """A page the plugin generates: where it lives, its title, and what renders its body."""

    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    in_nav: bool = False
    hide: tuple[str, ...] = ("toc",)
    body: str = ""  # Markdown that MkDocs renders; the template receives it as `content`
    generated: bool = True  # False: the page is an editor's file in the docs dir
    fallback: bool = False  # generated only while the docs dir has no page of that name
    searchable: bool = True  # False: left out of the search index (a board repeats its items)


# ---------------------------------------------------------------- the standard catalog table


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    item: Item | None = None  # set on the cell that links to the item page
    column: int = 0  # which 事项 column (0 = 一级) the cell starts in


@dataclass(frozen=True)
class Row:
    number: int
    item: Item
    matter: tuple[Cell, ...]  # only the cells this row starts (merged ones are omitted)
    channels: tuple[bool, ...]
    levels: tuple[bool, ...]


@dataclass(frozen=True)
class CatalogTable:
    """A domain's 标准目录 in the official column layout (formats.md §1)."""

    domain: Domain | None
    matter_depth: int
    channels: tuple
    levels: tuple
    rows: tuple[Row, ...]
    title: str = ""

    @property
    def matter_headers(self) -> tuple[str, ...]:
        return MATTER_HEADERS[: self.matter_depth]


def _matter_key(item: Item) -> tuple:
    return (*item.matter, item.id)


MATTER_HEADERS = ("一级事项", "二级事项", "三级事项")


def catalog_table(catalog: Catalog, domain: Domain | None, items: list[Item] | None = None,
                  title: str = "") -> CatalogTable:
    """The 标准目录 of a domain (or of any items, e.g. one level's): rows sorted by 事项 so that
    equal 一级 (and 二级) cells merge over the rows they cover."""
    items = sorted(catalog.items_in(domain) if items is None else items,
                   key=lambda i: (i.domain.id if domain is None else "", *_matter_key(i)))
    title = title or f"{domain.name}领域基层政务公开标准目录"
    depth = max([1, *(len(i.matter) for i in items)])
    spans = _merge_spans([i.matter for i in items], depth)
    rows = []
    for n, item in enumerate(items):
        cells = []
        for col, text in enumerate(item.matter):
            last = col == len(item.matter) - 1
            if last:
                cells.append(Cell(text, colspan=depth - col, item=item, column=col))
            elif spans[n][col]:
                cells.append(Cell(text, rowspan=spans[n][col], column=col))
        rows.append(Row(
            number=n + 1, item=item, matter=tuple(cells),
            channels=tuple(c in item.channels for c in catalog.channels),
            levels=tuple(level in item.levels for level in catalog.levels),
        ))
    return CatalogTable(domain, depth, catalog.channels.terms, catalog.levels.terms, tuple(rows), title)


def _merge_spans(matters: list[tuple[str, ...]], depth: int) -> list[list[int]]:
    """For each row and non-final matter column: the rowspan it starts, or 0 when covered."""
    spans = [[0] * depth for _ in matters]
    for col in range(depth - 1):
        start = 0
        for _, group in groupby(range(len(matters)), key=lambda r: _prefix(matters[r], col)):
            size = len(list(group))
            spans[start][col] = size
            start += size
    return spans


def _prefix(matter: tuple[str, ...], col: int) -> tuple:
    # A cell merges only with cells of the same parent path, and never with a row's last level.
    if col >= len(matter) - 1:
        return (object(),)
    return matter[: col + 1]


# ---------------------------------------------------------------- entries (any record in a list)


@dataclass(frozen=True)
class Entry:
    """One line of a category, disclosure or level list: any published record."""

    title: str
    uri: str
    date: dt.date
    kind: str  # 事项 | 文件 | 解读
    category: Category
    domain: Domain | None
    record: object = field(compare=False, hash=False)
    note: str = ""  # 已废止 / 已失效 / the form of an interpretation


def entries(catalog: Catalog) -> list[Entry]:
    """Every published record, newest first (then by address, so the order is stable)."""
    found = [Entry(i.title, item_uri(i), i.published_date, "事项", i.category, i.domain, i) for i in catalog.items]
    found += [Entry(d.title, document_uri(d), d.published_date, "文件", d.category, d.domain, d,
                    "" if d.in_force else f"已{d.validity}") for d in catalog.documents]
    interpretation_category = catalog.interpretation_category
    found += [Entry(i.title, i.src_uri, i.published_date, "解读", interpretation_category,
                    next((d.domain for d in i.documents if d.domain), None), i, i.form.name)
              for i in catalog.interpretations]
    return sorted(found, key=lambda e: (-e.date.toordinal(), e.uri))


def by_category(catalog: Catalog) -> dict[str, list[Entry]]:
    grouped: dict[str, list[Entry]] = {c.id: [] for c in catalog.categories}
    for entry in entries(catalog):
        grouped[entry.category.id].append(entry)
    return grouped


def overview(catalog: Catalog) -> dict:
    """五公开 × 信息类别 × 领域: how many records each cell holds."""
    grouped = by_category(catalog)
    domains = catalog.active_domains
    rows = []
    for disclosure in catalog.disclosures:
        categories = [c for c in catalog.categories if c.disclosure == disclosure]
        for n, category in enumerate(categories):
            found = grouped[category.id]
            counts = [sum(1 for e in found if e.domain == d) for d in domains]
            rows.append({"disclosure": disclosure, "span": len(categories) if n == 0 else 0,
                         "category": category, "uri": category_uri(category), "counts": counts,
                         "general": sum(1 for e in found if e.domain is None), "total": len(found)})
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(domains))]
    return {"domains": domains, "rows": rows, "totals": totals,
            "general": sum(r["general"] for r in rows), "total": sum(r["total"] for r in rows)}


def data_table(interpretation: Interpretation) -> dict | None:
    return chart(interpretation.data) if interpretation.data else None


# ---------------------------------------------------------------- bulletin boards


def bulletin_places(catalog: Catalog) -> list:
    """Every town, office, village and community: each has a board."""
    return [p for p in catalog.places if p.parent is not None]


def board_items(catalog: Catalog, place) -> list[Item]:
    """Items disclosed at the place's level through the bulletin-board channel."""
    level = catalog.level_of(place)
    return sorted((i for i in catalog.items if level in i.levels and any(c.board for c in i.channels)),
                  key=lambda i: (i.domain.id, *_matter_key(i)))


def bulletin(catalog: Catalog, place, site_url: str) -> dict:
    """What one place's board shows on the build date: current postings, then its items."""
    current = catalog.postings_of(place)  # the catalog holds only postings within their 公示期
    parent = catalog.places.by_id.get(place.parent)
    return {
        "place": place, "parent": parent, "level": catalog.level_of(place), "build_date": catalog.build_date,
        "postings": current,
        "items": [{"item": i, "uri": item_uri(i), "url": public_url(site_url, item_uri(i))}
                  for i in board_items(catalog, place)],
        "board_url": public_url(site_url, bulletin_uri(place)),
        "index_uri": BULLETINS_INDEX,
        "district": catalog.district,
    }


# ---------------------------------------------------------------- pages


def home(catalog: Catalog) -> dict:
    """What the home page shows below the editors' welcome text."""
    domains = [
        {"domain": d, "uri": domain_uri(d), "count": len(catalog.items_in(d)),
         "services": sum(1 for i in catalog.items_in(d) if i.guide)}
        for d in catalog.active_domains
    ]
    latest = [e for e in entries(catalog) if e.kind != "事项"][:8]
    return {
        "district": catalog.district,
        "domains": domains,
        "item_count": len(catalog.items),
        "service_count": sum(1 for i in catalog.items if i.guide),
        "latest": latest,
        "disclosures": [(d, disclosure_uri(d)) for d in catalog.disclosures],
        "domains_index": DOMAINS_INDEX,
        "links": _column_links(),
    }


def filter_groups(catalog: Catalog, domain: Domain | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter bar of catalog and list pages: plain links to the generated pages for each value
    (on a domain's pages, the levels link to that domain's items of the level)."""
    return [
        ("领域", [(d.name, domain_uri(d)) for d in catalog.active_domains]),
        ("五公开", [(d.name, disclosure_uri(d)) for d in catalog.disclosures]),
        ("公开层级", [(lv.name, level_uri(lv, domain)) for lv in catalog.levels]),
        ("便民清单", [("最多跑一次", MAX_ONE_VISIT), ("四办", FOUR_WAYS)]),
    ]


def _column_links() -> dict:
    return {"xxgk": XXGK_INDEX, "guide": XXGK_GUIDE, "rules": XXGK_RULES, "statutory": XXGK_STATUTORY,
            "reports": REPORTS_INDEX, "domains": DOMAINS_INDEX, "disclosures": DISCLOSURES_INDEX,
            "interpretations": INTERPRETATIONS_INDEX, "lists": LISTS_INDEX, "max_one_visit": MAX_ONE_VISIT,
            "four_ways": FOUR_WAYS, "certificates": CERTIFICATES, "powers": POWERS_INDEX,
            "bulletins": BULLETINS_INDEX}


def site_pages(catalog: Catalog, site_url: str = "", pdfs: bool = False, search: bool = False) -> list[PageSpec]:
    """Every page the catalog generates, in a stable order. ``pdfs``: bulletin PDFs are built too;
    ``search``: the site has a Pagefind index and so a search page."""
    _REPRS.clear()  # fingerprints of a new build start from its own records
    links = _column_links()
    common = {"links": links, "district": catalog.district, "item_uri": item_uri, "record_uri": record_uri,
              "filters": filter_groups(catalog)}
    pages = [PageSpec(DOMAINS_INDEX, "标准目录", "domains_index.html", {**home(catalog), **common,
                      "levels": [(level, level_uri(level)) for level in catalog.levels]}, in_nav=True)]
    for domain in catalog.active_domains:
        pages.append(PageSpec(
            domain_uri(domain), f"{domain.name}领域基层政务公开标准目录", "domain.html",
            {**common, "table": catalog_table(catalog, domain), "domains_index": DOMAINS_INDEX,
             "filters": filter_groups(catalog, domain),
             "xlsx": download_path(domain.id, "xlsx"), "csv": download_path(domain.id, "csv")},
            hide=("toc", "navigation"), searchable=False,  # its rows are the item pages, searched there
        ))
    for item in catalog.items:
        pages.append(PageSpec(
            item_uri(item), item.title, "item.html",
            {**common, "item": item, "domain_uri": domain_uri(item.domain), "domains_index": DOMAINS_INDEX,
             "category_uri": category_uri(item.category)},
        ))
    pages += _category_pages(catalog, common)
    pages += _disclosure_pages(catalog, common)
    pages += _level_pages(catalog, common)
    pages += _document_pages(catalog, common)
    pages += _interpretation_pages(catalog, common)
    pages += _list_pages(catalog, common)
    pages += _column_pages(catalog, common)
    pages += _bulletin_pages(catalog, common, site_url, pdfs)
    pages.append(PageSpec(FIELDS_PAGE, "字段参考", "fields.html", {"schemas": [
        ("item", "公开事项", "catalog/items/<领域>/<编号>.yml", field_reference("item", catalog)),
        ("document", "政府信息（文件）", "catalog/documents/<类别>/<编号>.md 开头的元数据",
         field_reference("document", catalog)),
        ("interpretation", "政策解读", "content/jiedu/<编号>.md 开头的元数据",
         field_reference("interpretation", catalog)),
    ]}, in_nav=True))
    from .opendata import data_page  # opendata builds on this module's addresses

    pages.append(PageSpec(DATA_PAGE, "开放数据", "open_data.html", {**common, **data_page(catalog)}, in_nav=True))
    if search:
        pages.append(PageSpec(SEARCH_PAGE, "搜索", "search.html", {
            "examples": ["失业登记", "低保", "高龄津贴", "营业执照"], "domains_index": DOMAINS_INDEX,
            "preview": False},
            hide=("toc", "navigation"), searchable=False))
    return pages


def _category_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    pages = []
    for category, found in zip(catalog.categories, by_category(catalog).values(), strict=True):
        chunks = [found[i:i + PAGE_SIZE] for i in range(0, len(found), PAGE_SIZE)] or [[]]
        pager = [category_uri(category, n) for n in range(1, len(chunks) + 1)]
        for n, chunk in enumerate(chunks, start=1):
            title = category.name if n == 1 else f"{category.name}（第 {n} 页）"
            pages.append(PageSpec(category_uri(category, n), title, "category.html", {
                **common, "category": category, "entries": chunk, "total": len(found), "page": n,
                "page_uris": pager, "disclosure_uri": disclosure_uri(category.disclosure),
                "feed": category_feed_uri(category)}))
    return pages


def _disclosure_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    grouped = by_category(catalog)
    pages = [PageSpec(DISCLOSURES_INDEX, "五公开总览", "disclosures_index.html", {
        **common, "overview": overview(catalog),
        "disclosures": [(d, disclosure_uri(d)) for d in catalog.disclosures]}, hide=("toc", "navigation"),
        searchable=False)]
    for disclosure in catalog.disclosures:
        sections = [{"category": c, "uri": category_uri(c), "latest": grouped[c.id][:5], "total": len(grouped[c.id])}
                    for c in catalog.categories if c.disclosure == disclosure]
        pages.append(PageSpec(disclosure_uri(disclosure), disclosure.name, "disclosure.html", {
            **common, "disclosure": disclosure, "sections": sections}))
    return pages


def _level_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    pages = []
    for level in catalog.levels:
        groups = []
        for domain in catalog.active_domains:
            items = sorted((i for i in catalog.items_in(domain) if level in i.levels), key=_matter_key)
            groups.append({"domain": domain, "uri": level_uri(level, domain), "members": items})
            pages.append(PageSpec(level_uri(level, domain), f"{level.name}公开事项：{domain.name}", "level.html", {
                **common, "level": level, "domain": domain, "members": items, "level_uri": level_uri(level),
                "filters": filter_groups(catalog, domain),
                "domain_uri": domain_uri(domain)}, searchable=False))
        pages.append(PageSpec(level_uri(level), f"{level.name}公开事项", "level_index.html", {
            **common, "level": level, "groups": groups, "count": sum(len(g["members"]) for g in groups),
            "xlsx": download_path(f"level-{level.id}", "xlsx"), "csv": download_path(f"level-{level.id}", "csv"),
            "others": [(other, level_uri(other)) for other in catalog.levels if other != level]},
            searchable=False))
    return pages


def _document_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    return [PageSpec(document_uri(d), d.title, "document.html", {
        **common, "document": d, "category_uri": category_uri(d.category),
        "interpretations": catalog.interpretations_of(d)}, body=d.body) for d in catalog.documents]


def _interpretation_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    category = catalog.interpretation_category
    pages = [PageSpec(INTERPRETATIONS_INDEX, "政策解读", "interpretations_index.html", {
        **common, "interpretations": sorted(catalog.interpretations,
                                            key=lambda i: (-i.published_date.toordinal(), i.id)),
        "forms": catalog.interpretation_forms.terms}, in_nav=True)]
    for interpretation in catalog.interpretations:
        pages.append(PageSpec(interpretation.src_uri, interpretation.title, "interpretation.html", {
            **common, "interpretation": interpretation, "chart": data_table(interpretation),
            "category_uri": category_uri(category), "index_uri": INTERPRETATIONS_INDEX},
            generated=False))
    return pages


def _list_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    one_visit = sorted((i for i in catalog.items if i.max_one_visit), key=lambda i: (i.domain.id, *_matter_key(i)))
    four_ways = [(way, sorted((i for i in catalog.items if way in i.four_ways), key=lambda i: (i.domain.id, i.id)))
                 for way in catalog.four_ways]
    pages = [
        PageSpec(LISTS_INDEX, "办事清单", "lists_index.html", {
            **common, "one_visit": len(one_visit), "four_ways": [(w, len(i)) for w, i in four_ways],
            "certificates": catalog.certificates, "powers": catalog.powers}, in_nav=True),
        PageSpec(MAX_ONE_VISIT, "“最多跑一次”事项清单", "max_one_visit.html", {
            **common, "items": one_visit}, searchable=False),
        PageSpec(FOUR_WAYS, "“四办”事项清单", "four_ways.html", {**common, "groups": four_ways},
                 searchable=False),
        PageSpec(CERTIFICATES, catalog.certificates.title if catalog.certificates else "证明事项清单",
                 "certificates.html", {**common, "list": catalog.certificates}),
    ]
    powers = catalog.powers.entries if catalog.powers else ()
    by_type = [(t, [p for p in powers if p.type == t]) for t in catalog.power_types]
    pages.append(PageSpec(POWERS_INDEX, catalog.powers.title if catalog.powers else "权责清单", "powers_index.html", {
        **common, "list": catalog.powers, "types": [(t, len(found), powers_uri(t)) for t, found in by_type],
        "total": len(powers)}))
    for power_type, found in by_type:
        pages.append(PageSpec(powers_uri(power_type), f"权责清单：{power_type.name}", "powers.html", {
            **common, "type": power_type, "powers": found, "list": catalog.powers,
            "types": [(t, len(f), powers_uri(t)) for t, f in by_type]}, hide=("toc", "navigation")))
    return pages


def _column_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    """The 政府信息公开 column of 国办公开办函〔2019〕61号: guide, rules, statutory content, reports."""
    grouped = by_category(catalog)
    statutory = [{"disclosure": d, "uri": disclosure_uri(d),
                  "categories": [(c, category_uri(c), len(grouped[c.id])) for c in catalog.categories
                                 if c.disclosure == d]} for d in catalog.disclosures]
    return [
        PageSpec(XXGK_INDEX, "政府信息公开", "xxgk_index.html", {
            **common, "reports": catalog.reports, "latest": [e for e in entries(catalog) if e.kind == "文件"][:6]},
            in_nav=True),
        PageSpec(XXGK_GUIDE, "政府信息公开指南", "xxgk_guide.html", {
            **common, "site": catalog.site, "disclosures": statutory, "channels": catalog.channels.terms},
            in_nav=True),
        PageSpec(XXGK_STATUTORY, "法定主动公开内容", "xxgk_statutory.html", {
            **common, "disclosures": statutory,
            "domains": [(d, domain_uri(d), len(catalog.items_in(d))) for d in catalog.active_domains],
            "levels": [(level, level_uri(level)) for level in catalog.levels]}, in_nav=True),
        PageSpec(REPORTS_INDEX, "政府信息公开年报", "reports_index.html", {
            **common, "reports": catalog.reports}, in_nav=True),
        PageSpec(XXGK_RULES, "政府信息公开制度", "placeholder.html", {**common, "title": "政府信息公开制度"},
                 in_nav=True, fallback=True),
    ] + [PageSpec(r.src_uri, r.title, "annual_report.html", {**common, **annual_report_tables(catalog, r)},
                  generated=False) for r in catalog.reports]


def annual_report_download(report, extension: str) -> str:
    return download_path(f"nianbao-{report.year}", extension)


def annual_report_tables(catalog: Catalog, report) -> dict:
    """Tables 2–4 of a report page: table 2 counted from the records (each figure with the records
    it counts), tables 3 and 4 from the office's data file."""
    return {"report": report, "table2": table2(catalog, report.year), "table3": table3_rows(report.data),
            "table3_columns": APPLICANTS, "table4": table4_row(report.data), "review_kinds": REVIEW_KINDS,
            "review_results": REVIEW_RESULTS, "legal_persons": len(LEGAL_PERSONS),
            "xlsx": annual_report_download(report, "xlsx"), "csv": annual_report_download(report, "csv")}


def _bulletin_pages(catalog: Catalog, common: dict, site_url: str, pdfs: bool) -> list[PageSpec]:
    towns = [{"place": t, "uri": bulletin_uri(t), "pdf": pdf_path(t) if pdfs else "",
              "children": [{"place": c, "uri": bulletin_uri(c), "pdf": pdf_path(c) if pdfs else ""}
                           for c in catalog.children_of(t)]}
             for t in catalog.children_of(catalog.district)]
    pages = [PageSpec(BULLETINS_INDEX, "政务公开栏", "bulletins_index.html", {**common, "towns": towns},
                      in_nav=True)]
    for place in bulletin_places(catalog):
        board = bulletin(catalog, place, site_url)
        pages.append(PageSpec(bulletin_uri(place), f"{place.name}政务公开栏", "bulletin.html", {
            **common, **board, "pdf": pdf_path(place) if pdfs else "",
            "pdf_a3": pdf_path(place, "A3") if pdfs else ""}, hide=("toc", "navigation")))  # items: zwgk-noindex
    for posting in catalog.postings:
        pages.append(PageSpec(posting.src_uri, posting.title, "posting.html", {
            **common, "posting": posting, "bulletin_uri": bulletin_uri(posting.place),
            "build_date": catalog.build_date}, generated=False))
    return pages


NAMED_VIEWS = {"home": ("home.html", home)}


def fingerprint(spec: PageSpec) -> str:
    """A digest of everything a generated page is rendered from. Written into the page's source
    stub, it changes exactly when the page would, so `mkdocs serve --dirty` rebuilds only those."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{spec.template}\0{spec.title}\0{spec.body}\0".encode())
    _feed(digest, spec.context)
    return digest.hexdigest()


_REPRS: dict[int, tuple[object, bytes]] = {}  # records recur on many pages: repr each once a build


def _feed(digest, value) -> None:
    if isinstance(value, dict | list | tuple) or (is_dataclass(value) and not isinstance(value, type)):
        # records and shared parts of the context (links, filters) recur on thousands of pages:
        # digest each object once a build
        cached = _REPRS.get(id(value))
        if cached is None or cached[0] is not value:
            if isinstance(value, dict | list | tuple):
                inner = hashlib.blake2b(digest_size=12)
                _feed_container(inner, value)
                cached = (value, inner.digest())
            else:
                cached = (value, repr(value).encode())
            _REPRS[id(value)] = cached
        digest.update(cached[1])
    elif callable(value):
        digest.update(getattr(value, "__qualname__", "fn").encode())
    else:
        digest.update(repr(value).encode())


def _feed_container(digest, value: dict | list | tuple) -> None:
    if isinstance(value, dict):
        for key in sorted(value):
            digest.update(f"{key}=".encode())
            _feed(digest, value[key])
    else:
        digest.update(b"[")
        for element in value:
            _feed(digest, element)
        digest.update(b"]")
