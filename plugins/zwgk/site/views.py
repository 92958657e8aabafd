"""Views: pure functions from a Catalog (with its listing and boards) to page specs — each
generated page's address, title, template and the data its template shows. No MkDocs, no HTML;
the plan (plan.py) calls them once per build. Imports content and the site's other modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from ..content.annual import APPLICANTS, LEGAL_PERSONS, REVIEW_KINDS, REVIEW_RESULTS, table2, table3_rows, table4_row
from ..content.layout import DOCUMENTS_DIR, INTERPRETATIONS_DIR, ITEMS_DIR
from ..content.model import Catalog, Domain, Interpretation, Item
from ..content.schema import field_reference
from .addresses import (
    BULLETINS_INDEX,
    CERTIFICATES,
    DATA_PAGE,
    DISCLOSURES_INDEX,
    DOMAINS_INDEX,
    FIELDS_PAGE,
    FOUR_WAYS,
    INTERPRETATIONS_INDEX,
    LISTS_INDEX,
    MAX_ONE_VISIT,
    POWERS_INDEX,
    REPORTS_INDEX,
    SEARCH_PAGE,
    SEARCH_TITLES,
    SEARCH_WORDS,
    XXGK_GUIDE,
    XXGK_INDEX,
    XXGK_RULES,
    XXGK_STATUTORY,
    annual_report_download,
    bulletin_uri,
    category_feed_uri,
    category_uri,
    disclosure_uri,
    document_uri,
    domain_uri,
    download_path,
    item_uri,
    level_uri,
    pdf_path,
    powers_uri,
    record_uri,
)
from .charts import chart
from .datasets import data_page
from .entries import Listing, overview
from .tables import catalog_order, catalog_table

PAGE_SIZE = 30  # entries per category page; the power list pages by type instead

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


def data_table(interpretation: Interpretation) -> dict | None:
    return chart(interpretation.data) if interpretation.data else None


# ---------------------------------------------------------------- pages


def home(catalog: Catalog, listing: Listing) -> dict:
    """What the home page shows below the editors' welcome text."""
    domains = [
        {"domain": d, "uri": domain_uri(d), "count": len(catalog.items_in(d)),
         "services": sum(1 for i in catalog.items_in(d) if i.guide)}
        for d in catalog.active_domains
    ]
    latest = [e for e in listing.entries if e.kind != "事项"][:8]
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


def site_pages(catalog: Catalog, listing: Listing, boards: dict[str, dict], *, pdfs: bool = False,
               search: bool = False, preview: bool = False) -> list[PageSpec]:
    """Every page the catalog generates, in a stable order. ``pdfs``: bulletin PDFs are built too;
    ``search``: the site has a Pagefind index and so a search page (which says when it is a preview)."""
    links = _column_links()
    common = {"links": links, "district": catalog.district, "item_uri": item_uri, "record_uri": record_uri,
              "filters": filter_groups(catalog)}
    pages = [PageSpec(DOMAINS_INDEX, "标准目录", "domains_index.html", {**home(catalog, listing), **common,
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
    pages += _category_pages(catalog, common, listing)
    pages += _disclosure_pages(catalog, common, listing)
    pages += _level_pages(catalog, common)
    pages += _document_pages(catalog, common)
    pages += _interpretation_pages(catalog, common)
    pages += _list_pages(catalog, common)
    pages += _column_pages(catalog, common, listing)
    pages += _bulletin_pages(catalog, common, boards, pdfs)
    pages.append(PageSpec(FIELDS_PAGE, "字段参考", "fields.html", {"schemas": [
        ("item", "公开事项", f"catalog/{ITEMS_DIR}/<领域>/<编号>.yml", field_reference("item", catalog)),
        ("document", "政府信息（文件）", f"catalog/{DOCUMENTS_DIR}/<类别>/<编号>.md 开头的元数据",
         field_reference("document", catalog)),
        ("interpretation", "政策解读", f"content/{INTERPRETATIONS_DIR}/<编号>.md 开头的元数据",
         field_reference("interpretation", catalog)),
    ]}, in_nav=True))
    pages.append(PageSpec(DATA_PAGE, "开放数据", "open_data.html", {**common, **data_page(catalog)}, in_nav=True))
    if search:
        pages.append(PageSpec(SEARCH_PAGE, "搜索", "search.html", {
            "examples": ["失业登记", "低保", "高龄津贴", "营业执照"], "domains_index": DOMAINS_INDEX,
            "preview": preview, "words": SEARCH_WORDS, "titles": SEARCH_TITLES, "popular": _popular(catalog),
            "domains": [(d.name, domain_uri(d)) for d in catalog.active_domains]},
            hide=("toc", "navigation"), searchable=False))
    return pages


def _popular(catalog: Catalog) -> list[tuple[str, str]]:
    """The search page's 常用事项 (search_words.yml ``popular``): the published ones, in order."""
    by_id = {item.id: item for item in catalog.items}
    chosen = catalog.search_words.popular if catalog.search_words else ()
    return [(by_id[i].title, item_uri(by_id[i])) for i in chosen if i in by_id]


def _category_pages(catalog: Catalog, common: dict, listing: Listing) -> list[PageSpec]:
    pages = []
    for category in catalog.categories:
        found = list(listing.by_category[category.id])
        chunks = [found[i:i + PAGE_SIZE] for i in range(0, len(found), PAGE_SIZE)] or [[]]
        pager = [category_uri(category, n) for n in range(1, len(chunks) + 1)]
        for n, chunk in enumerate(chunks, start=1):
            title = category.name if n == 1 else f"{category.name}（第 {n} 页）"
            pages.append(PageSpec(category_uri(category, n), title, "category.html", {
                **common, "category": category, "entries": chunk, "total": len(found), "page": n,
                "page_uris": pager, "disclosure_uri": disclosure_uri(category.disclosure),
                "feed": category_feed_uri(category)}))
    return pages


def _disclosure_pages(catalog: Catalog, common: dict, listing: Listing) -> list[PageSpec]:
    grouped = listing.by_category
    pages = [PageSpec(DISCLOSURES_INDEX, "五公开总览", "disclosures_index.html", {
        **common, "overview": overview(catalog, listing),
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
            items = sorted((i for i in catalog.items_in(domain) if level in i.levels), key=catalog_order)
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
    one_visit = sorted((i for i in catalog.items if i.max_one_visit), key=lambda i: (i.domain.id, *catalog_order(i)))
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


def _column_pages(catalog: Catalog, common: dict, listing: Listing) -> list[PageSpec]:
    """The 政府信息公开 column of 国办公开办函〔2019〕61号: guide, rules, statutory content, reports."""
    grouped = listing.by_category
    statutory = [{"disclosure": d, "uri": disclosure_uri(d),
                  "categories": [(c, category_uri(c), len(grouped[c.id])) for c in catalog.categories
                                 if c.disclosure == d]} for d in catalog.disclosures]
    return [
        PageSpec(XXGK_INDEX, "政府信息公开", "xxgk_index.html", {
            **common, "reports": catalog.reports, "latest": listing.of_kind("文件")[:6]},
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


def annual_report_tables(catalog: Catalog, report) -> dict:
    """Tables 2–4 of a report page: table 2 counted from the records (each figure with the records
    it counts), tables 3 and 4 from the office's data file."""
    return {"report": report, "table2": table2(catalog, report.year), "table3": table3_rows(report.data),
            "table3_columns": APPLICANTS, "table4": table4_row(report.data), "review_kinds": REVIEW_KINDS,
            "review_results": REVIEW_RESULTS, "legal_persons": len(LEGAL_PERSONS),
            "xlsx": annual_report_download(report, "xlsx"), "csv": annual_report_download(report, "csv")}


def _bulletin_pages(catalog: Catalog, common: dict, boards: dict[str, dict], pdfs: bool) -> list[PageSpec]:
    towns = [{"place": t, "uri": bulletin_uri(t), "pdf": pdf_path(t) if pdfs else "",
              "children": [{"place": c, "uri": bulletin_uri(c), "pdf": pdf_path(c) if pdfs else ""}
                           for c in catalog.children_of(t)]}
             for t in catalog.children_of(catalog.district)]
    pages = [PageSpec(BULLETINS_INDEX, "政务公开栏", "bulletins_index.html", {**common, "towns": towns},
                      in_nav=True)]
    for board in boards.values():
        place = board["place"]
        pages.append(PageSpec(bulletin_uri(place), f"{place.name}政务公开栏", "bulletin.html", {
            **common, **board, "pdf": pdf_path(place) if pdfs else "",
            "pdf_a3": pdf_path(place, "A3") if pdfs else ""}, hide=("toc", "navigation")))  # items: zwgk-noindex
    for posting in catalog.postings:
        pages.append(PageSpec(posting.src_uri, posting.title, "posting.html", {
            **common, "posting": posting, "bulletin_uri": bulletin_uri(posting.place),
            "build_date": catalog.build_date}, generated=False))
    return pages


NAMED_VIEWS = ("home",)  # what a hand-written page may ask for with `zwgk_view:` in its front matter


