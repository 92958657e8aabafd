"""The official 标准目录 table (formats.md §1): the model of a domain's or level's table (merged
事项 cells, channel and level marks) that its web page shows, and its rows as plain values for
the XLSX and CSV exports, with the columns named in columns.py, by which the importer reads
them back."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..content.model import Catalog, Domain, Item
from .columns import (
    AUDIENCE,
    AUDIENCES,
    BASIS,
    CHANNELS,
    CONTENT,
    ID_COLUMN,
    LEVELS,
    MARK,
    MATTER,
    MATTER_HEADERS,
    MODE,
    MODES,
    NUMBER,
    PUBLISHER,
    SINGLE_COLUMNS,
    TIME_LIMIT,
    UNUSED,
    USED,
)


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
class CardLine:
    """One column of a row told in words, as a phone or 长者模式 shows a row: its column's name and
    what the row says there (a 公开对象 or 公开层级 mark becomes the name of its column)."""

    label: str
    values: tuple[str, ...]


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

    @property
    def columns(self) -> dict[str, str]:
        """The header texts, from the vocabulary the exports and the importer share."""
        return {"number": NUMBER, "matter": MATTER, "content": CONTENT, "basis": BASIS,
                "time_limit": TIME_LIMIT, "publisher": PUBLISHER, "channels": CHANNELS,
                "audience": AUDIENCE, "audiences": AUDIENCES, "mode": MODE, "modes": MODES, "levels": LEVELS}

    def card(self, row: Row) -> tuple[CardLine, ...]:
        """A row as labelled lines, each column named as in the table's header; the √ marks of a
        column group as the names of their columns (全社会, 主动, 区级、镇级), channels as the used ones."""
        item = row.item
        return (
            CardLine(CONTENT, (item.content,)),
            CardLine(BASIS, tuple(item.basis)),
            CardLine(TIME_LIMIT, (item.time_limit.text,)),
            CardLine(PUBLISHER, (item.publisher,)),
            CardLine(CHANNELS, tuple(c.name for c, used in zip(self.channels, row.channels, strict=True) if used)),
            CardLine(AUDIENCE, tuple(a for a in AUDIENCES if a in item.audiences)),
            CardLine(MODE, tuple(m for m in MODES if m in item.modes)),
            CardLine(LEVELS, tuple(lv.name for lv, used in zip(self.levels, row.levels, strict=True) if used)),
        )


def catalog_order(item: Item) -> tuple:
    """How the official table orders items within a domain: by 事项, then id."""
    return (*item.matter, item.id)


def catalog_table(catalog: Catalog, domain: Domain | None, items: list[Item] | None = None,
                  title: str = "") -> CatalogTable:
    """The 标准目录 of a domain (or of any items, e.g. one level's): rows sorted by 事项 so that
    equal 一级 (and 二级) cells merge over the rows they cover."""
    items = sorted(catalog.items_in(domain) if items is None else items,
                   key=lambda i: (i.domain.id if domain is None else "", *catalog_order(i)))
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



# ---------------------------------------------------------------- rows as plain values


def channel_text(catalog: Catalog, item: Item) -> str:
    """The ■/□ checklist printed in a 公开渠道和载体 cell, one channel a line."""
    return "\n".join((USED if c in item.channels else UNUSED) + c.name for c in catalog.channels)


def header_rows(table: CatalogTable) -> tuple[list[str], list[str]]:
    """The two header rows; a group name repeats over the columns it spans (merged on export)."""
    top = [NUMBER, *[MATTER] * table.matter_depth, *SINGLE_COLUMNS,
           *[AUDIENCE] * len(AUDIENCES), *[MODE] * len(MODES), *[LEVELS] * len(table.levels), ID_COLUMN]
    sub = [NUMBER, *table.matter_headers, *SINGLE_COLUMNS, *AUDIENCES, *MODES,
           *(level.name for level in table.levels), ID_COLUMN]
    return top, sub


def item_values(catalog: Catalog, table: CatalogTable, item: Item) -> list[str]:
    """Everything after the 事项 columns, in header order."""
    return [
        item.content, "\n".join(item.basis), item.time_limit.text, item.publisher, channel_text(catalog, item),
        *(MARK if a in item.audiences else "" for a in AUDIENCES),
        *(MARK if m in item.modes else "" for m in MODES),
        *(MARK if level in item.levels else "" for level in table.levels),
        item.id,
    ]


def flat_header(table: CatalogTable) -> list[str]:
    """One header row for CSV: each column named by its sub-header."""
    return [NUMBER, *MATTER_HEADERS[: table.matter_depth], *SINGLE_COLUMNS, AUDIENCE, MODE, LEVELS, ID_COLUMN]


def flat_values(table: CatalogTable, number: int, item: Item) -> list[str]:
    matter = list(item.matter) + [""] * (table.matter_depth - len(item.matter))
    return [str(number), *matter, item.content, "\n".join(item.basis), item.time_limit.text, item.publisher,
            "、".join(c.name for c in item.channels), item.audience, item.mode,
            "、".join(level.name for level in item.levels), item.id]


# OWASP's CSV-injection list: a spreadsheet may run a cell that starts with one of these as a
# formula. A leading quote joins them only before one of them, so that unguard() can tell the
# guard from an editor's own quote and an export reads back exactly as it was written.
