"""Views: pure functions from a Catalog (with its listing and boards) to page specs — each
generated page's address, title, template and the data its template shows. No MkDocs, no HTML;
the plan (plan.py) calls them once per build. Imports content and the site's other modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from ..content.annual import APPLICANTS as REPORT_APPLICANTS
from ..content.annual import (
    LEGAL_PERSONS,
    REFUSED,
    REVIEW_KINDS,
    REVIEW_RESULTS,
    table2,
    table3_rows,
    table4_row,
)
from ..content.layout import DOCUMENTS_DIR, HALLS_DIR, INTERPRETATIONS_DIR, ITEMS_DIR
from ..content.model import Catalog, Domain, Interpretation, Item
from ..content.schema import field_reference
from .addresses import (
    APPLICANTS,
    APPLY_PAGE,
    BULLETINS_INDEX,
    CERTIFICATES,
    DATA_PAGE,
    DISCLOSURES_INDEX,
    DOMAINS_INDEX,
    FIELDS_PAGE,
    FOUR_WAYS,
    HALLS_INDEX,
    INTERACTION_PAGE,
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
    apply_form_pdf,
    apply_form_uri,
    bulletin_uri,
    category_feed_uri,
    category_uri,
    disclosure_uri,
    document_uri,
    domain_uri,
    download_path,
    hall_uri,
    item_uri,
    level_uri,
    pdf_path,
    powers_uri,
    record_uri,
)
from .charts import chart
from .datasets import data_page
from .entries import Listing, overview, search_options
from .facets import facet_uri, listing_data
from .halls import hall_context, halls_index, item_halls, leaflet_links
from .tables import catalog_order, catalog_table

PAGE_SIZE = 30  # entries per category page; the power list pages by type instead
REFUSAL_GROUNDS = (  # 条例 第十四条—第十六条, in the order of the annual report's 不予公开 rows
    "依法确定为国家秘密的政府信息",
    "法律、行政法规禁止公开的政府信息",
    "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息",
    "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害的政府信息（第三方同意公开，或者行政机关认为"
    "不公开会对公共利益造成重大影响的，予以公开）",
    "人事管理、后勤管理、内部工作流程等方面的内部事务信息",
    "行政机关在履行职责过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    "行政执法案卷信息",
    "属于工商、不动产登记资料等行政查询事项的信息，按照有关法律、行政法规的规定办理",
)

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
    date: dt.date | None = None  # the date it shows: its newest record's, or its configuration's


def newest(*groups, changed: dict | None = None) -> dt.date | None:
    """A list page's date: the newest date among the records it lists, each as its own page shows
    it (entries and items: their last change, ``changed`` by item id when their history has a
    later one; other records: their publication)."""
    return max((d for group in groups for r in group if (d := _record_day(r, changed))), default=None)


def _record_day(record, changed: dict | None = None) -> dt.date | None:
    if hasattr(record, "changed_on"):
        return record.changed_on
    if isinstance(record, Item):
        return (changed or {}).get(record.id, record.updated)
    if isinstance(record, dict):  # a board's item line
        return _record_day(record.get("item"), changed)
    return getattr(record, "published_date", None)


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
        "links": _column_links(catalog),
    }


def home_date(home_view: dict) -> dt.date | None:
    """The home page's date: the newest of the records it lists (its 最新信息), which is what a
    reader and an inspector judge 首页更新 by."""
    return newest(home_view["latest"])


def filter_groups(catalog: Catalog, domain: Domain | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter bar of catalog and list pages: plain links to the generated pages for each value
    (on a domain's pages, the levels link to that domain's items of the level)."""
    return [
        ("领域", [(d.name, domain_uri(d)) for d in catalog.active_domains]),
        ("五公开", [(d.name, disclosure_uri(d)) for d in catalog.disclosures]),
        ("公开层级", [(lv.name, level_uri(lv, domain)) for lv in catalog.levels]),
        ("便民清单", [("最多跑一次", MAX_ONE_VISIT), ("四办", FOUR_WAYS)]),
    ]


def _facets(catalog: Catalog, page_uri: str, records: list) -> dict:
    """The combined filter panel of a listing page: where its JSON is and what it holds."""
    return {"uri": facet_uri(page_uri), "data": listing_data(catalog, page_uri, records)}


def _column_links(catalog: Catalog | None = None) -> dict:
    """The site's columns by name (办事大厅 only where the catalog has halls)."""
    found = {"xxgk": XXGK_INDEX, "guide": XXGK_GUIDE, "rules": XXGK_RULES, "statutory": XXGK_STATUTORY,
            "reports": REPORTS_INDEX, "domains": DOMAINS_INDEX, "disclosures": DISCLOSURES_INDEX,
            "interpretations": INTERPRETATIONS_INDEX, "lists": LISTS_INDEX, "max_one_visit": MAX_ONE_VISIT,
            "four_ways": FOUR_WAYS, "certificates": CERTIFICATES, "powers": POWERS_INDEX,
            "bulletins": BULLETINS_INDEX, "apply": APPLY_PAGE, "interaction": INTERACTION_PAGE}
    if catalog is not None and catalog.halls:
        found["halls"] = HALLS_INDEX
    return found


def site_pages(catalog: Catalog, listing: Listing, boards: dict[str, dict], *, pdfs: bool = False,
               search: bool = False, preview: bool = False, editors: bool = False,
               config_date: dt.date | None = None, guides: tuple = ()) -> list[PageSpec]:
    """Every page the catalog generates, in a stable order. ``pdfs``: bulletin PDFs are built too;
    ``search``: the site has a Pagefind index and so a search page (which says when it is a preview);
    ``editors``: the build is for editors, with the field reference; ``config_date``: the last change
    of site.yml, the date of the pages made from it (guide, 依申请公开, 互动交流); ``guides``: the
    printed leaflets and handbooks the plan holds."""
    links = _column_links(catalog)
    changed = {e.record.id: e.changed_on for e in listing.of_kind("事项")}  # items' last change, history too
    common = {"links": links, "district": catalog.district, "item_uri": item_uri, "record_uri": record_uri,
              "filters": filter_groups(catalog)}
    pages = [PageSpec(DOMAINS_INDEX, "标准目录", "domains_index.html", {**home(catalog, listing), **common,
                      "levels": [(level, level_uri(level)) for level in catalog.levels]}, in_nav=True,
                      date=newest(catalog.items, changed=changed))]
    for domain in catalog.active_domains:
        pages.append(PageSpec(
            domain_uri(domain), f"{domain.name}领域基层政务公开标准目录", "domain.html",
            {**common, "table": catalog_table(catalog, domain), "domains_index": DOMAINS_INDEX,
             "filters": filter_groups(catalog, domain),
             "facets": _facets(catalog, domain_uri(domain), catalog.items_in(domain)),
             "leaflet": leaflet_links(catalog, domain) if pdfs else "",
             "xlsx": download_path(domain.id, "xlsx"), "csv": download_path(domain.id, "csv")},
            hide=("toc", "navigation"), searchable=False,  # its rows are the item pages, searched there
            date=newest(catalog.items_in(domain), changed=changed)))
    for item in catalog.items:
        pages.append(PageSpec(
            item_uri(item), item.title, "item.html",
            {**common, "item": item, "domain_uri": domain_uri(item.domain), "domains_index": DOMAINS_INDEX,
             "category_uri": category_uri(item.category), "halls": item_halls(catalog, item),
             "policies": [{"document": d, "uri": document_uri(d), "interpretations": catalog.interpretations_of(d)}
                          for d in item.policies]},
        ))
    pages += _category_pages(catalog, common, listing)
    pages += _disclosure_pages(catalog, common, listing)
    pages += _level_pages(catalog, common, changed)
    pages += _document_pages(catalog, common)
    pages += _interpretation_pages(catalog, common)
    pages += _list_pages(catalog, common, changed)
    pages += _column_pages(catalog, common, listing, config_date)
    pages += _apply_pages(catalog, common, config_date)
    pages += _bulletin_pages(catalog, common, boards, pdfs, changed)
    pages += _hall_pages(catalog, common, pdfs, guides)
    if editors:  # the field reference is for editors only: never on the public site
        pages.append(PageSpec(FIELDS_PAGE, "字段参考", "fields.html", {"schemas": [
            ("item", "公开事项", f"catalog/{ITEMS_DIR}/<领域>/<编号>.yml", field_reference("item", catalog)),
            ("document", "政府信息（文件）", f"catalog/{DOCUMENTS_DIR}/<类别>/<编号>.md 开头的元数据",
             field_reference("document", catalog)),
            ("interpretation", "政策解读", f"content/{INTERPRETATIONS_DIR}/<编号>.md 开头的元数据",
             field_reference("interpretation", catalog)),
            ("site", "站点信息", "catalog/site.yml", field_reference("site", catalog)),
            ("hall", "办理大厅", f"catalog/{HALLS_DIR}/<编号>.yml", field_reference("hall", catalog)),
        ]}, in_nav=True))
    pages.append(PageSpec(DATA_PAGE, "开放数据", "open_data.html", {**common, **data_page(catalog)}, in_nav=True,
                          date=newest(listing.entries)))
    if search:
        pages.append(PageSpec(SEARCH_PAGE, "搜索", "search.html", {
            "examples": ["失业登记", "低保", "高龄津贴", "营业执照"], "domains_index": DOMAINS_INDEX,
            "preview": preview, "words": SEARCH_WORDS, "titles": SEARCH_TITLES, "popular": _popular(catalog),
            "domains": [(d.name, domain_uri(d)) for d in catalog.active_domains],
            "filter_options": search_options(catalog)},
            hide=("toc", "navigation"), searchable=False, date=newest(listing.entries)))  # what it searches
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
        facets = _facets(catalog, pager[0], [e.record for e in found])
        for n, chunk in enumerate(chunks, start=1):
            title = category.name if n == 1 else f"{category.name}（第 {n} 页）"
            pages.append(PageSpec(category_uri(category, n), title, "category.html", {
                **common, "category": category, "entries": chunk, "total": len(found), "page": n,
                "page_uris": pager, "disclosure_uri": disclosure_uri(category.disclosure), "facets": facets,
                "feed": category_feed_uri(category)}, date=newest(chunk)))
    return pages


def _disclosure_pages(catalog: Catalog, common: dict, listing: Listing) -> list[PageSpec]:
    grouped = listing.by_category
    pages = [PageSpec(DISCLOSURES_INDEX, "五公开总览", "disclosures_index.html", {
        **common, "overview": overview(catalog, listing),
        "disclosures": [(d, disclosure_uri(d)) for d in catalog.disclosures]}, hide=("toc", "navigation"),
        searchable=False, date=newest(listing.entries))]
    for disclosure in catalog.disclosures:
        sections = [{"category": c, "uri": category_uri(c), "latest": grouped[c.id][:5], "total": len(grouped[c.id])}
                    for c in catalog.categories if c.disclosure == disclosure]
        pages.append(PageSpec(disclosure_uri(disclosure), disclosure.name, "disclosure.html", {
            **common, "disclosure": disclosure, "sections": sections},
            date=newest(*(grouped[s["category"].id] for s in sections))))
    return pages


def _level_pages(catalog: Catalog, common: dict, changed: dict) -> list[PageSpec]:
    pages = []
    for level in catalog.levels:
        groups = []
        for domain in catalog.active_domains:
            items = sorted((i for i in catalog.items_in(domain) if level in i.levels), key=catalog_order)
            groups.append({"domain": domain, "uri": level_uri(level, domain), "members": items})
            pages.append(PageSpec(level_uri(level, domain), f"{level.name}公开事项：{domain.name}", "level.html", {
                **common, "level": level, "domain": domain, "members": items, "level_uri": level_uri(level),
                "filters": filter_groups(catalog, domain), "facets": _facets(catalog, level_uri(level, domain), items),
                "domain_uri": domain_uri(domain)}, searchable=False, date=newest(items, changed=changed)))
        pages.append(PageSpec(level_uri(level), f"{level.name}公开事项", "level_index.html", {
            **common, "level": level, "groups": groups, "count": sum(len(g["members"]) for g in groups),
            "xlsx": download_path(f"level-{level.id}", "xlsx"), "csv": download_path(f"level-{level.id}", "csv"),
            "others": [(other, level_uri(other)) for other in catalog.levels if other != level],
            "facets": _facets(catalog, level_uri(level), [i for g in groups for i in g["members"]])},
            searchable=False, date=newest(*(g["members"] for g in groups), changed=changed)))
    return pages


def _document_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    return [PageSpec(document_uri(d), d.title, "document.html", {
        **common, "document": d, "category_uri": category_uri(d.category),
        "interpretations": catalog.interpretations_of(d),
        "citing": [(i, item_uri(i)) for i in catalog.items_citing(d)]}, body=d.body) for d in catalog.documents]


def _hall_pages(catalog: Catalog, common: dict, pdfs: bool, guides: tuple) -> list[PageSpec]:
    """办事大厅: where to go (the “1+N” halls by town) and each hall with everything handled there;
    with the PDFs, the index lists the printed leaflets (``guides``: the plan's)."""
    if not catalog.halls:
        return []
    services = [i for i in catalog.items if i.guide]
    pages = [PageSpec(HALLS_INDEX, "办事大厅", "halls_index.html", {
        **common, **halls_index(catalog, pdfs),
        "leaflets": [(g["title"], g["path"]) for g in guides if g["kind"] != "town"] if pdfs else []},
        in_nav=True, date=newest(services))]
    for hall in catalog.halls:
        context = hall_context(catalog, hall, pdfs)
        pages.append(PageSpec(hall_uri(hall), hall.name, "hall.html", {**common, **context},
                              date=newest([i for i, _ in catalog.items_at(hall)])))
    return pages


def _interpretation_pages(catalog: Catalog, common: dict) -> list[PageSpec]:
    category = catalog.interpretation_category
    pages = [PageSpec(INTERPRETATIONS_INDEX, "政策解读", "interpretations_index.html", {
        **common, "interpretations": sorted(catalog.interpretations,
                                            key=lambda i: (-i.published_date.toordinal(), i.id)),
        "forms": catalog.interpretation_forms.terms}, in_nav=True, date=newest(catalog.interpretations))]
    for interpretation in catalog.interpretations:
        pages.append(PageSpec(interpretation.src_uri, interpretation.title, "interpretation.html", {
            **common, "interpretation": interpretation, "chart": data_table(interpretation),
            "category_uri": category_uri(category), "index_uri": INTERPRETATIONS_INDEX},
            generated=False))
    return pages


def _list_pages(catalog: Catalog, common: dict, changed: dict) -> list[PageSpec]:
    one_visit = sorted((i for i in catalog.items if i.max_one_visit), key=lambda i: (i.domain.id, *catalog_order(i)))
    four_ways = [(way, sorted((i for i in catalog.items if way in i.four_ways), key=lambda i: (i.domain.id, i.id)))
                 for way in catalog.four_ways]
    lists = [x for x in (catalog.certificates, catalog.powers) if x]
    four_way_items = [i for _, found in four_ways for i in found]
    pages = [
        PageSpec(LISTS_INDEX, "办事清单", "lists_index.html", {
            **common, "one_visit": len(one_visit), "four_ways": [(w, len(i)) for w, i in four_ways],
            "certificates": catalog.certificates, "powers": catalog.powers}, in_nav=True,
            date=newest(one_visit, four_way_items, lists, changed=changed)),
        PageSpec(MAX_ONE_VISIT, "“最多跑一次”事项清单", "max_one_visit.html", {
            **common, "items": one_visit, "facets": _facets(catalog, MAX_ONE_VISIT, one_visit)},
            searchable=False, date=newest(one_visit, changed=changed)),
        PageSpec(FOUR_WAYS, "“四办”事项清单", "four_ways.html", {
            **common, "groups": four_ways, "facets": _facets(catalog, FOUR_WAYS, list(dict.fromkeys(four_way_items)))},
                 searchable=False, date=newest(four_way_items, changed=changed)),
        PageSpec(CERTIFICATES, catalog.certificates.title if catalog.certificates else "证明事项清单",
                 "certificates.html", {**common, "list": catalog.certificates},
                 date=newest([catalog.certificates] if catalog.certificates else [])),
    ]
    powers_date = newest([catalog.powers] if catalog.powers else [])
    powers = catalog.powers.entries if catalog.powers else ()
    by_type = [(t, [p for p in powers if p.type == t]) for t in catalog.power_types]
    pages.append(PageSpec(POWERS_INDEX, catalog.powers.title if catalog.powers else "权责清单", "powers_index.html", {
        **common, "list": catalog.powers, "types": [(t, len(found), powers_uri(t)) for t, found in by_type],
        "total": len(powers)}, date=powers_date))
    for power_type, found in by_type:
        pages.append(PageSpec(powers_uri(power_type), f"权责清单：{power_type.name}", "powers.html", {
            **common, "type": power_type, "powers": found, "list": catalog.powers,
            "types": [(t, len(f), powers_uri(t)) for t, f in by_type]}, hide=("toc", "navigation"),
            date=powers_date))
    return pages


def _column_pages(catalog: Catalog, common: dict, listing: Listing, config_date: dt.date | None,
                  ) -> list[PageSpec]:
    """The 政府信息公开 column of 国办公开办函〔2019〕61号: guide, rules, statutory content, reports."""
    grouped = listing.by_category
    statutory = [{"disclosure": d, "uri": disclosure_uri(d),
                  "categories": [(c, category_uri(c), len(grouped[c.id])) for c in catalog.categories
                                 if c.disclosure == d]} for d in catalog.disclosures]
    return [
        PageSpec(XXGK_INDEX, "政府信息公开", "xxgk_index.html", {
            **common, "reports": catalog.reports, "latest": listing.of_kind("文件")[:6]},
            in_nav=True, date=newest(listing.of_kind("文件")[:6], catalog.reports)),
        PageSpec(XXGK_GUIDE, "政府信息公开指南", "xxgk_guide.html", {
            **common, "site": catalog.site, "disclosures": statutory, "channels": catalog.channels.terms,
            **_apply_context(catalog)}, in_nav=True, date=config_date),
        PageSpec(XXGK_STATUTORY, "法定主动公开内容", "xxgk_statutory.html", {
            **common, "disclosures": statutory,
            "domains": [(d, domain_uri(d), len(catalog.items_in(d))) for d in catalog.active_domains],
            "levels": [(level, level_uri(level)) for level in catalog.levels]}, in_nav=True,
            date=newest(listing.entries)),
        PageSpec(REPORTS_INDEX, "政府信息公开年报", "reports_index.html", {
            **common, "reports": catalog.reports}, in_nav=True, date=newest(catalog.reports)),
        PageSpec(XXGK_RULES, "政府信息公开制度", "placeholder.html", {**common, "title": "政府信息公开制度"},
                 in_nav=True, fallback=True),
    ] + [PageSpec(r.src_uri, r.title, "annual_report.html", {**common, **annual_report_tables(catalog, r)},
                  generated=False, date=r.published_date) for r in catalog.reports]


CHANNEL_FIELDS = ("kind", "place", "recipient", "address", "postcode", "phone", "fax", "email", "url", "hours", "note")
LINK_FIELDS = ("title", "url", "note")
OFFICE_FIELDS = ("name", "address", "postcode", "hours", "phone", "fax", "email", "reading_room")
REQUEST_FIELDS = ("time_limit", "fee", "remedy")


def _apply_context(catalog: Catalog) -> dict:
    """What the guide and the 依申请公开 pages share: the channels (every field present, empty
    where site.yml leaves it out) and the forms."""
    request = catalog.site.request if catalog.site else {}
    office = catalog.site.office if catalog.site else {}
    return {"channels_to_apply": [{k: c.get(k) or "" for k in CHANNEL_FIELDS} for c in request.get("channels", ())],
            "office": {k: office.get(k) or "" for k in OFFICE_FIELDS},
            "request": {k: request.get(k) or "" for k in REQUEST_FIELDS},
            "apply_forms": [{"applicant": name, "uri": apply_form_uri(key), "pdf": apply_form_pdf(key)}
                            for key, name in APPLICANTS.items()]}


def links_of(website: dict, key: str) -> list[dict]:
    """site.yml's 网上办事 or 互动交流 links, every field present."""
    return [{k: link.get(k) or "" for k in LINK_FIELDS} for link in website.get(key) or ()]


def _apply_pages(catalog: Catalog, common: dict, config_date: dt.date | None) -> list[PageSpec]:
    """依申请公开 (条例 第二十七条—第三十七条): how to apply through the channels site.yml names and
    what happens next; the two 申请表 as printable pages; 互动交流 where site.yml names channels."""
    context = {**common, "site": catalog.site, **_apply_context(catalog),
               "refused": list(zip(REFUSED, REFUSAL_GROUNDS, strict=True))}
    pages = [PageSpec(APPLY_PAGE, "依申请公开", "xxgk_apply.html", context, in_nav=True, date=config_date)]
    for key, name in APPLICANTS.items():
        pages.append(PageSpec(apply_form_uri(key), f"政府信息公开申请表（{name}）", "apply_form_page.html", {
            **common, "site": catalog.site, **_apply_context(catalog), "applicant": key, "applicant_name": name,
            "pdf": apply_form_pdf(key)}, hide=("toc", "navigation"), date=config_date))
    website = catalog.site.website if catalog.site else {}
    if website.get("interaction") or website.get("services"):
        pages.append(PageSpec(INTERACTION_PAGE, "互动交流", "interaction.html", {
            **common, **_apply_context(catalog), "interaction": links_of(website, "interaction"),
            "services": links_of(website, "services")}, date=config_date))
    return pages


def annual_report_tables(catalog: Catalog, report) -> dict:
    """Tables 2–4 of a report page: table 2 counted from the records (each figure with the records
    it counts), tables 3 and 4 from the office's data file."""
    return {"report": report, "table2": table2(catalog, report.year), "table3": table3_rows(report.data),
            "table3_columns": REPORT_APPLICANTS, "table4": table4_row(report.data), "review_kinds": REVIEW_KINDS,
            "review_results": REVIEW_RESULTS, "legal_persons": len(LEGAL_PERSONS),
            "xlsx": annual_report_download(report, "xlsx"), "csv": annual_report_download(report, "csv")}


def _bulletin_pages(catalog: Catalog, common: dict, boards: dict[str, dict], pdfs: bool,
                    changed: dict | None = None) -> list[PageSpec]:
    towns = [{"place": t, "uri": bulletin_uri(t), "pdf": pdf_path(t) if pdfs else "",
              "children": [{"place": c, "uri": bulletin_uri(c), "pdf": pdf_path(c) if pdfs else ""}
                           for c in catalog.children_of(t)]}
             for t in catalog.children_of(catalog.district)]
    pages = [PageSpec(BULLETINS_INDEX, "政务公开栏", "bulletins_index.html", {**common, "towns": towns},
                      in_nav=True, date=newest(catalog.postings))]
    for board in boards.values():
        place = board["place"]
        pages.append(PageSpec(bulletin_uri(place), f"{place.name}政务公开栏", "bulletin.html", {
            **common, **board, "pdf": pdf_path(place) if pdfs else "",
            "handbook": board["handbook"] if pdfs and catalog.halls else "",
            "pdf_a3": pdf_path(place, "A3") if pdfs else ""}, hide=("toc", "navigation"),  # items: zwgk-noindex
            date=newest(board["postings"], board["items"], changed=changed)))
    for posting in catalog.postings:
        pages.append(PageSpec(posting.src_uri, posting.title, "posting.html", {
            **common, "posting": posting, "bulletin_uri": bulletin_uri(posting.place),
            "build_date": catalog.build_date}, generated=False))
    return pages


NAMED_VIEWS = ("home",)  # what a hand-written page may ask for with `zwgk_view:` in its front matter


