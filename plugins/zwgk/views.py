"""Views: pure functions from a Catalog to page specs and tables. No MkDocs, no HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from .model import Catalog, Domain, Item
from .schema import field_reference

DOMAINS_INDEX = "domains/index.md"
FIELDS_PAGE = "help/fields.md"


def item_uri(item: Item) -> str:
    """The source path of an item page; its URL follows the id, never the title."""
    return f"items/{item.id}.md"


def domain_uri(domain: Domain) -> str:
    return f"domains/{domain.id}.md"


@dataclass(frozen=True)
class PageSpec:
    """A page the plugin generates: where it lives, its title, and what renders its body."""

    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    in_nav: bool = False
    hide: tuple[str, ...] = ("toc",)


# ---------------------------------------------------------------- the standard catalog table


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    item: Item | None = None  # set on the cell that links to the item page


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

    domain: Domain
    matter_depth: int
    channels: tuple
    levels: tuple
    rows: tuple[Row, ...]

    @property
    def matter_headers(self) -> tuple[str, ...]:
        return ("一级事项", "二级事项", "三级事项")[: self.matter_depth]


def _matter_key(item: Item) -> tuple:
    return (*item.matter, item.id)


def catalog_table(catalog: Catalog, domain: Domain) -> CatalogTable:
    """Rows sorted by 事项 so that equal 一级 (and 二级) cells merge over the rows they cover."""
    items = sorted(catalog.items_in(domain), key=_matter_key)
    depth = max([2, *(len(i.matter) for i in items)])
    spans = _merge_spans([i.matter for i in items], depth)
    rows = []
    for n, item in enumerate(items):
        cells = []
        for col, text in enumerate(item.matter):
            last = col == len(item.matter) - 1
            if last:
                cells.append(Cell(text, colspan=depth - col, item=item))
            elif spans[n][col]:
                cells.append(Cell(text, rowspan=spans[n][col]))
        rows.append(Row(
            number=n + 1, item=item, matter=tuple(cells),
            channels=tuple(c in item.channels for c in catalog.channels),
            levels=tuple(level in item.levels for level in catalog.levels),
        ))
    return CatalogTable(domain, depth, catalog.channels.terms, catalog.levels.terms, tuple(rows))


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


# ---------------------------------------------------------------- pages


def home(catalog: Catalog) -> dict:
    """What the home page shows below the editors' welcome text."""
    domains = [
        {"domain": d, "uri": domain_uri(d), "count": len(catalog.items_in(d)),
         "services": sum(1 for i in catalog.items_in(d) if i.guide)}
        for d in catalog.active_domains
    ]
    latest = sorted(catalog.items, key=lambda i: (i.published_date, i.id), reverse=True)[:8]
    return {
        "district": catalog.district,
        "domains": domains,
        "item_count": len(catalog.items),
        "service_count": sum(1 for i in catalog.items if i.guide),
        "latest": [{"item": i, "uri": item_uri(i)} for i in latest],
        "domains_index": DOMAINS_INDEX,
    }


def site_pages(catalog: Catalog) -> list[PageSpec]:
    """Every page the catalog generates, in a stable order."""
    pages = [PageSpec(DOMAINS_INDEX, "标准目录", "domains_index.html", home(catalog), in_nav=True)]
    for domain in catalog.active_domains:
        pages.append(PageSpec(
            domain_uri(domain), f"{domain.name}领域基层政务公开标准目录", "domain.html",
            {"table": catalog_table(catalog, domain), "item_uri": item_uri,
             "domains_index": DOMAINS_INDEX},
            hide=("toc", "navigation"),
        ))
    for item in catalog.items:
        pages.append(PageSpec(
            item_uri(item), item.title, "item.html",
            {"item": item, "channels": catalog.channels.terms, "levels": catalog.levels.terms,
             "domain_uri": domain_uri(item.domain), "domains_index": DOMAINS_INDEX},
        ))
    pages.append(PageSpec(FIELDS_PAGE, "字段参考", "fields.html",
                          {"rows": field_reference("item")}, in_nav=True))
    return pages


NAMED_VIEWS = {"home": ("home.html", home)}
