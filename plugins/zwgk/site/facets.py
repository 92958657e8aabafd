"""Facets: the data of the combined filter panel (组合筛选) of catalog and list pages.

A listing (a domain's items, a category's records, a level's items, the 最多跑一次 and 四办 lists)
gets one small JSON file beside its page: each record's title, link and facet values, and the
facets' options with their names. The panel (assets/facets.js) combines facets (any of the
options ticked within one facet, all facets together), keeps them in the page's address and
counts what each option would give; without JavaScript the filter bar's plain links remain.
Pure: imports the content model and addresses only.
"""

from __future__ import annotations

import posixpath

from ..content.model import Catalog, Document, Interpretation, Item
from .addresses import record_uri, site_path

FACETS_FILE = "facets.json"
# (key, name) in the panel's order; the keys are the address's query parameters
FACETS = (("domain", "领域"), ("category", "信息类别"), ("disclosure", "五公开"), ("level", "公开层级"),
          ("audience", "公开对象"), ("visit", "最多跑一次"), ("way", "四办"), ("online", "网上办理"))
AUDIENCES = {"全社会": "all", "特定群体": "group"}


def facet_uri(page_uri: str) -> str:
    """The JSON of a listing page, in its own folder (domains/jiuye.md → domains/jiuye/facets.json);
    a category's later pages share the first page's."""
    return posixpath.join(site_path(page_uri), FACETS_FILE)


def values_of(record, catalog: Catalog) -> dict[str, list[str]]:
    """A record's value ids for each facet it has (a document has no level, audience…)."""
    category = catalog.interpretation_category if isinstance(record, Interpretation) else record.category
    found: dict[str, list[str]] = {"category": [category.id]}
    if category.disclosure:
        found["disclosure"] = [category.disclosure.id]
    domain = getattr(record, "domain", None)
    if isinstance(record, Interpretation):
        domain = next((d.domain for d in record.documents if d.domain), None)
    if domain is not None:
        found["domain"] = [domain.id]
    if isinstance(record, Item):
        found["level"] = [lv.id for lv in record.levels]
        found["audience"] = [AUDIENCES[a] for a in record.audiences if a in AUDIENCES]
        if record.max_one_visit:
            found["visit"] = ["yes"]
        if record.four_ways:
            found["way"] = [w.id for w in record.four_ways]
        if record.guide and record.guide.online_url:
            found["online"] = ["yes"]
    return found


def _kind(record) -> str:
    if isinstance(record, Item):
        return "事项"
    if isinstance(record, Document):
        return "文件"
    return "解读"


def _options(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    return {
        "domain": [(d.id, d.name) for d in catalog.active_domains],
        "category": [(c.id, c.name) for c in catalog.categories],
        "disclosure": [(d.id, d.name) for d in catalog.disclosures],
        "level": [(lv.id, lv.name) for lv in catalog.levels],
        "audience": [(v, k) for k, v in AUDIENCES.items()],
        "visit": [("yes", "最多跑一次")],
        "way": [(w.id, w.name) for w in catalog.four_ways] if catalog.four_ways else [],
        "online": [("yes", "可网上办理")],
    }


def listing_data(catalog: Catalog, page_uri: str, records: list) -> dict:
    """The JSON of one listing, compact (a district's level list holds thousands of records): the
    facets it offers (only options its records have), and each record as [title, path from the
    site root, index into ``kinds``, indexes into the offered options, all facets in a row]; ``root``
    leads from the JSON's folder to the site root, so the site works under any sub-path."""
    folder = posixpath.dirname(facet_uri(page_uri))
    found = [(record, values_of(record, catalog)) for record in records]
    used = {(k, v) for _, values in found for k, vs in values.items() for v in vs}
    facets, codes = [], {}
    for key, name in FACETS:
        options = [[v, label] for v, label in _options(catalog)[key] if (key, v) in used]
        whole = len(options) == 1 and all(options[0][0] in values.get(key, ()) for _, values in found)
        if options and not whole:  # a facet every record shares (the domain on its own page) filters nothing
            facets.append({"key": key, "name": name, "options": options})
            codes |= {(key, v): len(codes) + n for n, (v, _) in enumerate(options)}
    kinds = ["事项", "文件", "解读"]
    rows = [[record.title, site_path(record_uri(record)).rstrip("/"), kinds.index(_kind(record)),
             sorted(codes[k, v] for k, vs in values.items() for v in vs if (k, v) in codes)]
            for record, values in found]
    root = posixpath.relpath(".", folder) + "/" if folder else ""
    return {"total": len(rows), "root": root, "kinds": kinds, "facets": facets, "records": rows}
