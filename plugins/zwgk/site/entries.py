"""Entries: every published record as one line of a list, computed once per build.

Category pages, the five-disclosure views, the home page, feeds, the sitemap's dates and the
self-inspection all read the same :class:`Listing`. Imports the content model and addresses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..content.model import Catalog, Category, Domain, Item
from .addresses import category_uri, document_uri, item_uri


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
    update: object = None  # history.Change: its latest change after its first publication, if any

    @property
    def changed_on(self) -> dt.date:
        """When a reader last had news of the record: its publication, a later change of an item,
        or the latest change its history shows."""
        day = self.record.updated if isinstance(self.record, Item) else self.date
        return max(day, self.update.date) if self.update else day


@dataclass(frozen=True)
class Listing:
    """Every published record, newest first, and the same grouped by information category."""

    entries: tuple[Entry, ...]
    by_category: dict[str, tuple[Entry, ...]] = field(compare=False)

    @classmethod
    def of(cls, catalog: Catalog, updates: dict | None = None) -> Listing:
        """``updates``: each record's latest history.Change after publication, by its page."""
        found = entries(catalog)
        if updates:
            found = [replace(e, update=updates[e.uri]) if e.uri in updates else e for e in found]
        grouped: dict[str, list[Entry]] = {c.id: [] for c in catalog.categories}
        for entry in found:
            grouped[entry.category.id].append(entry)
        return cls(tuple(found), {k: tuple(v) for k, v in grouped.items()})

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]


def entries(catalog: Catalog) -> list[Entry]:
    """Every published record, newest first (then by address, so the order is stable)."""
    found = [Entry(i.title, item_uri(i), i.published_date, "事项", i.category, i.domain, i) for i in catalog.items]
    found += [Entry(d.title, document_uri(d), d.published_date, "文件", d.category, d.domain, d,
                    "" if d.in_force else f"已{d.validity}") for d in catalog.documents]
    found += [Entry(i.title, i.src_uri, i.published_date, "解读", catalog.interpretation_category,
                    next((d.domain for d in i.documents if d.domain), None), i, i.form.name)
              for i in catalog.interpretations]
    return sorted(found, key=lambda e: (-e.date.toordinal(), e.uri))


def overview(catalog: Catalog, listing: Listing) -> dict:
    """五公开 × 信息类别 × 领域: how many records each cell holds."""
    domains = catalog.active_domains
    rows = []
    for disclosure in catalog.disclosures:
        categories = [c for c in catalog.categories if c.disclosure == disclosure]
        for n, category in enumerate(categories):
            found = listing.by_category[category.id]
            counts = [sum(1 for e in found if e.domain == d) for d in domains]
            rows.append({"disclosure": disclosure, "span": len(categories) if n == 0 else 0,
                         "category": category, "uri": category_uri(category), "counts": counts,
                         "general": sum(1 for e in found if e.domain is None), "total": len(found)})
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(domains))]
    return {"domains": domains, "rows": rows, "totals": totals,
            "general": sum(r["general"] for r in rows), "total": sum(r["total"] for r in rows)}


def record_dates(catalog: Catalog, listing: Listing) -> tuple[dict[str, dt.date], dt.date | None]:
    """Each record page's date by source path (shown on it and the sitemap's <lastmod>), and the
    newest of them (for list and index pages)."""
    dates = {e.uri: e.changed_on for e in listing.entries}
    for posting in catalog.postings:
        dates[posting.src_uri] = posting.start_date
    return dates, max(dates.values(), default=None)


SEARCH_KINDS = {"事项": "item", "文件": "document", "解读": "interpretation", "公示": "posting"}


def search_filters(catalog: Catalog, listing: Listing) -> dict[str, dict[str, str]]:
    """What each record's page tells the search index to filter it by (Pagefind filters): its kind,
    and its domain and category where it has them; by source path."""
    found = {}
    for e in listing.entries:
        found[e.uri] = {"kind": SEARCH_KINDS[e.kind], "category": e.category.id,
                        **({"domain": e.domain.id} if e.domain else {})}
    for posting in catalog.postings:
        found[posting.src_uri] = {"kind": SEARCH_KINDS["公示"]}
    return found


def search_options(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """The values the search page offers for each filter, as (id, name)."""
    return {"domain": [(d.id, d.name) for d in catalog.active_domains],
            "category": [(c.id, c.name) for c in catalog.categories],
            "kind": [(v, k) for k, v in SEARCH_KINDS.items()]}
