"""The official 标准目录 table (formats.md §1) as rows of plain values: shared by the XLSX
and CSV exports and the importer, so both sides agree on every column and mark."""

from __future__ import annotations

from .model import Catalog, Item
from .views import MATTER_HEADERS, CatalogTable

USED, UNUSED, MARK = "■", "□", "√"
CONTENT, BASIS, TIME_LIMIT = "公开内容（要素）", "公开依据", "公开时限"
PUBLISHER, CHANNELS = "公开主体", "公开渠道和载体"
AUDIENCE, MODE, LEVELS = "公开对象", "公开方式", "公开层级"
AUDIENCES = ("全社会", "特定群体")
MODES = ("主动", "依申请")
ID_COLUMN = "事项编号"  # ours, after the official columns: lets a re-import find the item again
SINGLE_COLUMNS = (CONTENT, BASIS, TIME_LIMIT, PUBLISHER, CHANNELS)


def channel_text(catalog: Catalog, item: Item) -> str:
    """The ■/□ checklist printed in a 公开渠道和载体 cell, one channel a line."""
    return "\n".join((USED if c in item.channels else UNUSED) + c.name for c in catalog.channels)


def header_rows(table: CatalogTable) -> tuple[list[str], list[str]]:
    """The two header rows; a group name repeats over the columns it spans (merged on export)."""
    top = ["序号", *["公开事项"] * table.matter_depth, *SINGLE_COLUMNS,
           *[AUDIENCE] * 2, *[MODE] * 2, *[LEVELS] * len(table.levels), ID_COLUMN]
    sub = ["序号", *table.matter_headers, *SINGLE_COLUMNS, *AUDIENCES, *MODES,
           *(level.name for level in table.levels), ID_COLUMN]
    return top, sub


def item_values(catalog: Catalog, table: CatalogTable, item: Item) -> list[str]:
    """Everything after the 事项 columns, in header order."""
    return [
        item.content, "\n".join(item.basis), item.time_limit.text, item.publisher, channel_text(catalog, item),
        *(MARK if item.audience == a else "" for a in AUDIENCES),
        *(MARK if item.mode == m else "" for m in MODES),
        *(MARK if level in item.levels else "" for level in table.levels),
        item.id,
    ]


def flat_header(table: CatalogTable) -> list[str]:
    """One header row for CSV: each column named by its sub-header."""
    return ["序号", *MATTER_HEADERS[: table.matter_depth], CONTENT, BASIS, TIME_LIMIT, PUBLISHER, CHANNELS,
            AUDIENCE, MODE, LEVELS, ID_COLUMN]


def flat_values(table: CatalogTable, number: int, item: Item) -> list[str]:
    matter = list(item.matter) + [""] * (table.matter_depth - len(item.matter))
    return [str(number), *matter, item.content, "\n".join(item.basis), item.time_limit.text, item.publisher,
            "、".join(c.name for c in item.channels), item.audience, item.mode,
            "、".join(level.name for level in item.levels), item.id]


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def spreadsheet_safe(values: list) -> list:
    """A CSV row that Excel and WPS read as text only: a cell an editor began with = + or @
    would otherwise run as a formula on the reader's machine (CSV injection)."""
    return ["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in values]


def no_formulas(sheet) -> None:
    """Every cell of an openpyxl sheet that openpyxl took for a formula (text starting with =) stays text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
