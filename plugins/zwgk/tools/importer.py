"""Import an office's 标准目录 table (XLSX or CSV) into catalog YAML files.

Tables are made by hand, so the importer reads them as a person would: the header is found
wherever it is (below title and note rows, one or two rows, merged or flattened in any joining
style, group names dropped, columns in any order, other provinces' names), marks in any of the
usual forms, 公开时限 as free text. A file is refused only when no 标准目录 header can be found
(the message shows what its first rows hold). Every cell that cannot be interpreted is a
warning with ``sheet!cell``; its row is imported all the same, keeping what was written.
Re-importing updates existing items in place and writes only what differs, keeping the fields
and comments the table does not carry; new items the site could not publish yet (a service
item without its 办事指南, a category guessed) are written as drafts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pypinyin import lazy_pinyin
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..content import timelimits
from ..content.errors import ContentError
from ..content.layout import ITEMS_DIR, taxonomy_file
from ..content.model import Vocabulary, normalise_term
from ..content.schema import field_label, load_schema
from ..outputs.files import write_atomically
from ..outputs.spreadsheets import unguard
from ..site.columns import (
    AUDIENCE,
    AUDIENCES,
    BASIS,
    CHANNELS,
    CONTENT,
    EVERYONE,
    ID_COLUMN,
    LEVELS,
    MARK,
    MATTER,
    MODE,
    MODE_DISCLOSURES,
    NUMBER,
    PUBLISHER,
    SPECIFIC_GROUP,
    TIME_LIMIT,
    UNUSED,
    USED,
)


def _norm(value) -> str:
    """A header or mark as compared: NFKC (full-width brackets and letters as ASCII), no spaces."""
    text = "" if value is None else str(value)
    return "".join(unicodedata.normalize("NFKC", text).split())


# ---------------------------------------------------------------- the table's vocabulary

# marks in 公开对象 / 公开方式 / 公开层级 / channel columns: ticked, or explicitly not
MARKS = {_norm(m).lower() for m in (MARK, USED, "✓", "✔", "☑", "✅", "●", "■", "是", "有", "y", "yes", "v", "1",
                                       "√√", "○√")}
BLANKS = {_norm(m).lower() for m in ("", UNUSED, "☐", "×", "✗", "✘", "否", "无", "-", "—", "/", "n", "no", "0",
                                        "○")}
_CHECKED = re.compile(f"[{USED}☑✓✔√●]([^{USED}{UNUSED}☑☐✓✔√●\n]+)")  # the ticked entries of a checklist
_CHECKLIST = re.compile(f"[{USED}{UNUSED}☑☐]")
_SPLIT_CHANNELS = re.compile(r"[\s、，,；;]+")
_SPLIT_LINES = re.compile(r"\s*(?:\n|；|;)\s*")
_SPLIT_VALUES = re.compile(r"[、,，;；/\s]+")

# header names (normalised) → field; groups are the names written over several columns
_NAMES = {
    "number": (NUMBER, "编号", "序", "顺序号"),
    "content": (CONTENT, "公开内容", "公开要素", "公开内容要素", "公开内容及要素", "公开的内容", "具体内容",
                "公开内容(要素)", "内容"),
    "basis": (BASIS, "依据", "公开依据(法律法规)", "法律依据", "政策依据", "公开依据文件", "法律法规依据"),
    "time_limit": (TIME_LIMIT, "时限", "公开时间", "公开时效", "公开期限"),
    "publisher": (PUBLISHER, "公开责任主体", "责任主体", "公开单位", "公开责任单位", "责任单位", "公开部门"),
    "notes": ("备注", "说明", "备注说明"),
    "id": (ID_COLUMN,),
}
_FIELD_OF = {_norm(name): key for key, names in _NAMES.items() for name in names}
_MATTER_GROUP = {_norm(n) for n in (MATTER, "公开事项名称", "事项名称", "事项", "公开事项(目录)", "事项类别")}
_GROUPS = {  # group name (normalised) → the field its sub-columns belong to
    **{n: "matter" for n in _MATTER_GROUP},
    **{_norm(n): "audience" for n in (AUDIENCE, "公开范围")},
    **{_norm(n): "mode" for n in (MODE, "公开形式", "公开类别", "公开属性")},
    **{_norm(n): "levels" for n in (LEVELS, "公开层次", "公开级别")},
    **{_norm(n): "channels" for n in (CHANNELS, "公开渠道", "公开载体", "公开渠道及载体", "公开渠道与载体",
                                      "公开渠道和方式", "公开途径")},
}
_LEVEL_NAME = re.compile(r"^(?P<n>[一二三1-3])级(?:事项|目录|指标)?(?:名称)?$")
_AUDIENCE = {_norm(a): a for a in AUDIENCES} | {_norm(a): SPECIFIC_GROUP for a in ("特定群众", "特定对象",
                                                                                    "特定人群", "特定群体公开")}
_AUDIENCE |= {_norm("全社会公开"): EVERYONE, _norm("社会公众"): EVERYONE}
_MODE = {_norm(name): disclosure for mode, disclosure in MODE_DISCLOSURES.items() for name in (mode, disclosure)}
_MODE |= {_norm("依申请公开的"): MODE_DISCLOSURES["依申请"]}
_JOINERS = "-_/·・|:：~—–."
_OPENERS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "<": ">", "《": "》", "{": "}"}
_NOTE_START = re.compile(r"^(注|说明|备注|填表|制表|审核|填报|附[:：件]|数据来源|联系人|联系电话|单位[:：]|日期[:：])")
_UNIT_IN_HEADER = re.compile(r"(工作日|自然日|日|天)")


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # merged ranges already filled down with their top-left value
    hidden: frozenset = frozenset()  # column indexes hidden in the workbook


@dataclass
class Column:
    index: int
    field: str
    key: object = None  # matter level, audience/mode value, levels, channel, unit or header text
    header: str = ""  # as written, for messages and notes


@dataclass
class Row:
    sheet: str
    number: int  # spreadsheet row number (1-based)
    values: dict = field(default_factory=dict)
    domain: object = None  # a domain named by a section row above it


@dataclass
class Change:
    path: Path
    item_id: str
    new: bool
    changed: list[str]
    data: object
    draft: bool = False


@dataclass
class ImportResult:
    changes: list[Change]
    problems: list[ContentError]  # the file cannot be imported at all: nothing is written
    rows: int = 0
    warnings: list[ContentError] = field(default_factory=list)  # imported; cells to look at
    skipped: int = 0  # rows that could not become an item (reported among the warnings)


class TableRefused(Exception):
    """The file cannot be read as a table at all."""


# ---------------------------------------------------------------- reading files


def read_sheets(path: Path) -> list[Sheet]:
    """Every visible sheet as text. XLSX by its content (a WPS or Excel file of any name), else CSV
    in UTF-8 (with or without BOM), UTF-16 or GBK, comma, semicolon or tab separated."""
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        return _workbook_sheets(path)
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TableRefused("这是旧版 Excel 97-2003 格式（.xls）的文件。",
                           "用 Excel 或 WPS 打开它，“另存为” Excel 工作簿（.xlsx）或 CSV 后再导入。")
    text = _decode(raw)
    if text.lstrip()[:1] == "<":
        raise TableRefused("这个文件是网页（HTML），不是表格文件（常见于从网站下载、扩展名写成 .xls 的文件）。",
                           "用 Excel 或 WPS 打开它，“另存为” .xlsx 或 .csv 后再导入。")
    sample = text[:4096]
    delimiter = max(",\t;", key=sample.count) if any(d in sample for d in ",\t;") else ","
    rows = [[unguard(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    width = max((len(r) for r in rows), default=0)
    return [Sheet(path.stem, [r + [""] * (width - len(r)) for r in rows])]


def _decode(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")  # Excel and WPS in China save CSV as GBK
    except UnicodeDecodeError as exc:
        raise TableRefused("读不出这个文件的文字编码（既不是 UTF-8，也不是 GBK）。",
                           "用 Excel 或 WPS 打开它，另存为 .xlsx，或另存为“CSV UTF-8”后再导入。") from exc


def _workbook_sheets(path: Path) -> list[Sheet]:
    book = load_workbook(path, data_only=True)
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue  # a hidden sheet is the office's working copy, not its table
        grid = [[_cell_text(cell) for cell in row] for row in ws.iter_rows()]
        width = max((len(r) for r in grid), default=0)
        grid = [r + [""] * (width - len(r)) for r in grid]
        for merged in ws.merged_cells.ranges:
            # down a merge (一级事项 over its rows, a header over both header rows) the value
            # repeats; across one (a 二级事项 spanning the 三级 column) it stays in its first cell
            if merged.min_row - 1 >= len(grid) or merged.min_col - 1 >= width:
                continue
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                grid[r][merged.min_col - 1] = value
        hidden = set()
        for dimension in ws.column_dimensions.values():
            if dimension.hidden and dimension.min:
                hidden |= set(range(dimension.min - 1, (dimension.max or dimension.min)))
        sheets.append(Sheet(ws.title, grid, frozenset(hidden)))
    return sheets


def _cell_text(cell) -> str:
    """A cell as text, without the quote our CSV export put before = + - @ (kept when a copy of it
    was saved as XLSX); a cell Excel marks quote-prefixed is text already and is taken as it is.
    Numbers read as they are shown (1, not 1.0), dates as 2024-03-15."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value if cell.quotePrefix else unguard(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- understanding a sheet


_PREFIXES = sorted({*_GROUPS, *(n for n in _FIELD_OF if len(n) >= 2)}, key=len, reverse=True)


def _split_group(text: str) -> tuple[str, str]:
    """A flattened two-row header → (group, name): 公开对象-全社会, 公开对象_全社会, 公开对象/全社会,
    公开对象·全社会, 公开对象 全社会 (spaces are gone by now), 公开对象（全社会）, 公开对象【全社会】,
    全社会（公开对象）; also a column name with a qualifier, 公开时限（工作日）. ('', text) when no
    group or column name starts or ends it."""
    for group in _PREFIXES:
        if text.startswith(group) and len(text) > len(group):
            rest = text[len(group):]
            if rest[0] in _OPENERS:
                closer = _OPENERS[rest[0]]
                rest = rest[1:-1] if rest.endswith(closer) else rest[1:]
            rest = rest.lstrip(_JOINERS)
            if rest:
                return group, rest
        for opener, closer in _OPENERS.items():
            tail = f"{opener}{group}{closer}"
            if text.endswith(tail) and len(text) > len(tail):
                return group, text[: -len(tail)].rstrip(_JOINERS)
    return "", text


class SheetReader:
    def __init__(self, sheet: Sheet, file: str, vocabularies: dict):
        self.sheet, self.file, self.v = sheet, file, vocabularies
        self.warnings: list[ContentError] = []
        self.has_levels = False
        self._level_names = sorted(((normalise_term(a), lv) for lv in self.v["levels"]
                                    for a in (lv.name, *lv.aliases)), key=lambda x: -len(x[0]))

    def where(self, row: int, col: int | None) -> str:
        return f"{self.sheet.name}!{get_column_letter(col + 1)}{row}" if col is not None else \
            f"{self.sheet.name}!{row}行"

    def warn(self, row: int, col: int | None, message: str, hint: str = "") -> None:
        self.warnings.append(ContentError(self.file, row, self.where(row, col), message, hint))

    # ---- the header

    def classify(self, group: str, name: str, index: int = 0, header: str = "") -> Column | None:
        """What a column holds, from its group header (may be '') and its own name; None if unknown."""
        group, name = _norm(group), _norm(name)
        if group == name:
            group = ""
        if not name:
            name, group = group, ""
        if not name:
            return None
        if not group:
            if name in _FIELD_OF:
                return Column(index, _FIELD_OF[name], header=header)
            if name in _MATTER_GROUP:
                return Column(index, "matter", 0, header=header)  # a one-level table
            if name in _GROUPS:  # one column holding the values as text (or a ■/□ checklist)
                kind = _GROUPS[name]
                return Column(index, kind if kind == "channels" else kind + "_text", header=header)
            group, name = _split_group(name)
        kind = _GROUPS.get(group) or _FIELD_OF.get(group)
        level = _LEVEL_NAME.match(name)
        if level and kind in (None, "matter"):
            return Column(index, "matter", "一二三123".index(level["n"]) % 3, header=header)
        if kind in ("content", "basis", "publisher", "notes", "id"):
            return Column(index, kind, header=header)  # 公开内容（要素） written another way
        if kind == "time_limit":
            unit = _UNIT_IN_HEADER.search(name)
            return Column(index, "time_limit", unit and ("工作日" if unit[1] == "工作日" else "自然日"), header)
        if name in _AUDIENCE and kind in (None, "audience"):
            return Column(index, "audience", _AUDIENCE[name], header)
        if name in _MODE and kind in (None, "mode"):
            return Column(index, "mode", _MODE[name], header)
        if kind == "levels" or kind is None:
            levels = self.levels_of(name)
            if levels:
                return Column(index, "level", levels, header)
            if kind == "levels":
                return Column(index, "unknown_level", name, header)
        if kind == "channels" or kind is None:
            channel = self.v["channels"].resolve(name)
            if channel is not None:
                return Column(index, "channel", channel, header)
            if kind == "channels":
                return Column(index, "unknown_channel", name, header)
        return None

    def levels_of(self, text: str) -> tuple:
        """'乡、村级' → town and village; '州级县级' → district; '' or unknown → ()."""
        if not text:
            return ()
        found = []
        for part in re.split(r"[、/,，;；]", text):
            if not part:
                continue
            part = part if part.endswith("级") else part + "级"
            level = self.v["levels"].resolve(part)
            if level is None:  # names run together, e.g. 州级县级: take every known one inside
                level = next((lv for a, lv in self._level_names if a in normalise_term(part)), None)
            if level is None:
                return ()
            if level not in found:
                found.append(level)
        return tuple(found)

    def _is_header(self, row: list[str]) -> bool:
        """A row of column names (the header, or the header repeated on a printed page): it names a
        事项 column by a name no data cell has, and two more columns of the table."""
        names = {_norm(c) for c in row} - {""}
        matter = any(_LEVEL_NAME.match(n) or n in _MATTER_GROUP or _split_group(n)[0] in _MATTER_GROUP
                     for n in names)
        others = {_FIELD_OF.get(n) or _GROUPS.get(n) or _FIELD_OF.get(_split_group(n)[0])
                  or _GROUPS.get(_split_group(n)[0]) for n in names} - {None, "matter", "number"}
        return matter and len(others) >= 2

    def header_start(self) -> int | None:
        """The first row (of the first 30) that names a 事项 column and at least two other columns
        of the table; title, unit and note rows above it are passed over."""
        for r, row in enumerate(self.sheet.rows[:30]):
            if self._is_header(row):
                return r
        return None

    def columns(self, header: int) -> tuple[list[Column], int]:
        """The meaning of every column and how many header rows there are (1 or 2)."""
        rows = self.sheet.rows
        top = rows[header]
        below = rows[header + 1] if header + 1 < len(rows) else [""] * len(top)
        # a second header row names the columns under the groups (一级事项, 全社会, 主动, 县级…): a
        # group spans the next column (merged, so blank there, or written again) and names a sub-column
        def spans(i: int) -> bool:
            group = _norm(top[i])
            return (group in _GROUPS and i + 1 < len(top) and _norm(top[i + 1]) in ("", group)
                    and self.classify(group, below[i]) is not None and _norm(below[i]) not in ("", group))

        two_rows = any(_LEVEL_NAME.match(_norm(c)) for c in below) or any(spans(i) for i in range(len(top)))
        columns, group = [], ""
        for index, name in enumerate(top):
            sub = below[index] if two_rows else ""
            if two_rows:  # a group header merged across its columns stands only over the first
                if name.strip():
                    group = name
                elif not sub.strip():
                    group = ""
                name = name if name.strip() else (group if _norm(group) in _GROUPS else "")
            header_text = "-".join(t.strip() for t in dict.fromkeys((name, sub)) if t and t.strip())
            column = self.classify(name, sub, index, header_text) if two_rows else \
                self.classify("", name, index, name.strip())
            if column is None and header_text:
                column = Column(index, "extra", header_text, header_text)
            if column is not None:
                columns.append(column)
        self._report_columns(columns, header + (2 if two_rows else 1))
        return columns, (2 if two_rows else 1)

    def _report_columns(self, columns: list[Column], row: int) -> None:
        """Columns the importer cannot use, reported once each (not for every cell)."""
        for column in columns:
            hidden = column.index in self.sheet.hidden
            if column.field == "extra" and hidden:
                self.warn(row, column.index, f"隐藏的列“{column.header}”没有导入。",
                          "隐藏列通常是办公室内部用的；需要公开的，取消隐藏并改成标准目录的列名。")
            elif column.field == "extra":
                self.warn(row, column.index, f"“{column.header}”不是标准目录的列，它的内容写进了事项的备注（notes）。",
                          "标准目录的列是：序号、公开事项（一至三级）、公开内容（要素）、公开依据、公开时限、公开主体、"
                          "公开渠道和载体、公开对象、公开方式、公开层级、备注；不想导入这一列的，删去它后再导入。")
            elif column.field == "unknown_level":
                self.warn(row, column.index, f"公开层级“{column.key}”不在本区的层级里，这一列的勾选没有导入。",
                          f"本区的层级：{self.v['levels'].names()}；同一层级的别称可加到 catalog/"
                          f"{taxonomy_file('levels')} 的 aliases。")
            elif column.field == "unknown_channel":
                self.warn(row, column.index,
                          f"公开渠道“{column.key}”不在本区的渠道里，这一列勾选的写进了备注（notes）。",
                          f"可用的渠道：{self.v['channels'].names()}；需要新渠道时先加到 catalog/"
                          f"{taxonomy_file('channels')}。")

    def found_rows(self) -> str:
        """What the first rows hold, for the message of a table whose header cannot be found."""
        shown = []
        for r, row in enumerate(self.sheet.rows[:6]):
            cells = [c.strip().replace("\n", " ") for c in row if c.strip()]
            if cells:
                text = "、".join(f"“{c[:16]}”" for c in cells[:6]) + ("…" if len(cells) > 6 else "")
                shown.append(f"第 {r + 1} 行：{text}")
        return "；".join(shown) or "前几行都是空的"

    # ---- the rows

    def rows(self) -> tuple[list[Row], str] | None:
        """The data rows and the text above the header (title); None when no header is found."""
        header = self.header_start()
        if header is None:
            return None
        columns, depth = self.columns(header)
        self.has_levels = any(c.field in ("level", "levels_text", "unknown_level") for c in columns)
        title = " ".join(c for row in self.sheet.rows[:header] for c in row if c.strip())
        matter_cols = [c.index for c in columns if c.field == "matter"]
        rows, previous, domain = [], None, None
        for r in range(header + depth, len(self.sheet.rows)):
            cells = self.sheet.rows[r]
            filled = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
            number_cols = {c.index for c in columns if c.field == "number"}
            if all(i in number_cols and re.fullmatch(r"[0-9.]+", t) for i, t in filled):
                continue  # blank separator row, or a 序号 alone
            if self._is_header(cells) or any(_LEVEL_NAME.match(_norm(c)) for c in cells):
                continue  # a header (or its second row) repeated on the next printed page
            if _NOTE_START.match(filled[0][1]) and len(filled) <= 3:
                continue  # 填表人、审核人、注 under the table
            texts = {t for _, t in filled}
            if len(texts) == 1 and (filled[0][0] not in matter_cols or _NOTE_START.match(filled[0][1])
                                    or len(filled) > 1):
                text = filled[0][1]
                named = _domain_for(text, self.v["domains"])
                if named is not None and len(text) <= 40 and not _NOTE_START.match(text):
                    domain = named  # a section row naming the domain of the rows below
                elif not _NOTE_START.match(text):
                    self.warn(r + 1, filled[0][0], f"这一行只有一段文字“{text[:30]}”，当作说明，没有导入。",
                              "标准目录的每一行都要写事项名称；这是事项的，把它写进公开事项的列里。")
                continue
            row = Row(self.sheet.name, r + 1, domain=domain)
            for column in columns:
                value = cells[column.index].strip() if column.index < len(cells) else ""
                self._read(row, column, value)
            self._fill_matter(row, previous)
            if previous is not None and self._heads(previous, row):
                rows.pop()  # the row above only named the 一级事项 of the rows below it
            rows.append(row)
            previous = row
        return rows, title

    @staticmethod
    def _heads(above: Row, row: Row) -> bool:
        """Whether ``above`` holds nothing but upper 事项 levels that ``row`` continues."""
        names = {k: v for k, v in above.values.get("matter", {}).items() if v}
        others = [k for k, v in above.values.items() if v and k not in ("matter", "seen")]
        mine = row.values.get("matter", {})
        return bool(names) and not others and all(mine.get(k) == v for k, v in names.items()) \
            and any(v for k, v in mine.items() if k > max(names))

    def _fill_matter(self, row: Row, previous: Row | None) -> None:
        """一级 (and 二级) 事项 written once over the rows they cover, without merging the cells:
        an empty upper level under a filled lower one repeats the row above."""
        matter = row.values.setdefault("matter", {})
        deepest = max((k for k, v in matter.items() if v), default=None)
        if deepest is None or previous is None:
            return
        above = previous.values.get("matter", {})
        for k in range(deepest):
            if not matter.get(k) and above.get(k):
                matter[k] = above[k]

    def _read(self, row: Row, column: Column, value: str) -> None:
        v = row.values
        kind = column.field
        if kind == "matter":
            v.setdefault("matter", {})[column.key] = " ".join(value.split())
        elif kind in ("audience", "mode", "level", "channel"):
            if self._mark(row.number, column, value):
                v.setdefault(kind, []).extend(column.key if kind == "level" else [column.key])
            v.setdefault("seen", set()).add(kind)
        elif kind in ("unknown_channel", "unknown_level"):
            if value and self._mark(row.number, column, value) and kind == "unknown_channel":
                v.setdefault("kept", []).append(f"公开渠道：{column.key}")
        elif kind == "channels":
            v["channels"] = self._channels(row, column.index, value)
        elif kind in ("audience_text", "mode_text"):
            known = _AUDIENCE if kind == "audience_text" else _MODE
            text = _norm(value)
            parts = [text] if text in known else [p for p in _SPLIT_VALUES.split(text) if p]
            found = [known[p] for p in parts if p in known]
            if value and len(found) != len(parts):
                self.warn(row.number, column.index, f"看不懂{column.header}“{value}”，没有导入这一格。",
                          "可写：" + "、".join(dict.fromkeys(known.values())) + "（两项都有的用顿号分开）。")
            elif found:
                v[kind[:-5]] = list(dict.fromkeys(found))
        elif kind == "levels_text":
            levels, unknown = [], []
            for part in (p for p in re.split(r"[、,，;；\s]+", value) if p):
                found = self.levels_of(_norm(part))
                levels += found
                if not found:
                    unknown.append(part)
            if unknown:
                self.warn(row.number, column.index, f"看不懂公开层级“{'、'.join(unknown)}”，没有导入。",
                          f"可写：{self.v['levels'].names()}，用顿号分开。")
            if levels:
                v["level"] = list(dict.fromkeys(levels))
        elif kind == "basis":
            v["basis"] = [p for p in _SPLIT_LINES.split(value) if p]
        elif kind == "time_limit":
            if value:
                v["time_limit"] = self._time_limit(row.number, column, value)
        elif kind == "extra":
            if value and column.index not in self.sheet.hidden:
                v.setdefault("kept", []).append(f"{column.header}：{value}")
        elif kind == "id":
            v["id"] = value
        elif kind != "number":
            v[kind] = value

    def _time_limit(self, row: int, column: Column, value: str) -> str:
        """The phrase as written; a bare number under a header that gives the unit
        (公开时限（工作日）) becomes “20个工作日内”. No rule inside: kept, with a warning."""
        if column.key and re.fullmatch(r"[0-9]+", _norm(value)):
            value = f"{_norm(value)}个{column.key}内"
        if timelimits.parse_time_limit(value) is None:
            self.warn(row, column.index, f"公开时限“{value}”里看不出公开的期限，已按原文导入。",
                      timelimits.UNKNOWN_TIME_LIMIT_HINT)
        return value

    def _mark(self, row: int, column: Column, value: str) -> bool:
        text = _norm(value).lower()
        if text in MARKS:
            return True
        if text in BLANKS:
            return False
        self.warn(row, column.index, f"看不懂“{column.header}”这一格的标记“{value}”，按没有勾选导入。",
                  "适用的格子写“√”（也认 ✓ ✔ ● ■ ☑ 是 有 Y），不适用的留空（或写 □、否）。")
        return False

    def _slashed(self, token: str) -> list[str]:
        """'入户/现场' is one channel, '政府网站/两微一端' two: take the longest names that exist."""
        parts, names = token.split("/"), []
        while parts:
            for end in range(len(parts), 0, -1):
                name = "/".join(parts[:end])
                if end == 1 or self.v["channels"].resolve(name):
                    names.append(name)
                    parts = parts[end:]
                    break
        return names

    def _channels(self, row: Row, col: int, value: str) -> list:
        """A ■/□ checklist keeps the ticked entries; free text names the channels used. A name
        that is no channel of ours is reported and kept in the item's notes."""
        text = unicodedata.normalize("NFKC", value)
        if _CHECKLIST.search(text) or _CHECKED.search(text):
            chosen = [m.strip() for m in _CHECKED.findall(text)]
        else:
            chosen = [name for token in _SPLIT_CHANNELS.split(text) if token for name in self._slashed(token)]
        found = []
        for name in chosen:
            channel = self.v["channels"].resolve(name)
            if channel is None:
                self.warn(row.number, col, f"不认识的公开渠道“{name}”，已写进事项的备注（notes）。",
                          f"可用的渠道：{self.v['channels'].names()}；需要新渠道时先加到 catalog/"
                          f"{taxonomy_file('channels')}，再重新导入。")
                row.values.setdefault("kept", []).append(f"公开渠道：{name}")
            elif channel not in found:
                found.append(channel)
        return found


# ---------------------------------------------------------------- into YAML


def _yaml() -> YAML:
    y = YAML()
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.allow_unicode = True
    return y


def _domain_for(text: str, domains: Vocabulary):
    """The domain named in a title such as '就业领域基层政务公开标准目录'."""
    names = sorted(((normalise_term(a), d) for d in domains if d.enabled for a in (d.name, *d.aliases)),
                   key=lambda x: -len(x[0]))
    return next((d for a, d in names if a and a in normalise_term(text)), None)


def _domain_of_id(item_id: str, domains: Vocabulary):
    """The domain an id names by its prefix (ids are made as domain id + pinyin)."""
    found = [d for d in domains if d.enabled and item_id.startswith(d.id + "-")]
    return max(found, key=lambda d: len(d.id)) if found else None


def new_id(domain, title: str, taken: set[str]) -> str:
    """domain id + the pinyin of the title: readable, stable and unique."""
    words = [w for w in lazy_pinyin(title) if re.fullmatch(r"[a-z0-9]+", w)]
    base = f"{domain.id}-" + "-".join(words)[:48].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_REQUIRED = (("content", "公开内容"), ("basis", "公开依据"), ("publisher", "公开主体"), ("channels", "公开渠道"),
             ("level", "公开层级"))


def import_table(path: Path, catalog_dir: Path, vocabularies: dict, *, domain=None, category=None,
                 published: dt.date | None = None) -> ImportResult:
    """Plan every change the table makes; nothing is written here."""
    file = path.name
    try:
        sheets = read_sheets(path)
    except TableRefused as exc:
        return ImportResult([], [ContentError(file, 0, "", *exc.args)])
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, csv.Error, OSError) as exc:
        # a damaged or mislabelled file (a truncated download, a workbook a program wrote wrongly)
        return ImportResult([], [ContentError(file, 0, "", f"无法读取这个表格文件（{type(exc).__name__}）。",
                                              "用 Excel 或 WPS 打开它，另存为 .xlsx 或 .csv 后再导入。")])
    warnings: list[ContentError] = []
    rows: list[tuple[Row, object]] = []
    refused = []
    for sheet in sheets:
        reader = SheetReader(sheet, file, vocabularies)
        found = reader.rows()
        if found is None:
            if any(c.strip() for row in sheet.rows for c in row):
                refused.append((sheet, reader))
            continue
        sheet_rows, title = found
        warnings += reader.warnings
        sheet_domain = domain or _domain_for(f"{title} {sheet.name} {path.stem}", vocabularies["domains"])
        levels = None if reader.has_levels else _default_levels(f"{title} {sheet.name} {path.stem}", vocabularies)
        for row in sheet_rows:
            if levels is not None:
                row.values["default_level"] = levels
            rows.append((row, domain or row.domain or sheet_domain))
    if refused and not rows:  # no sheet holds a 标准目录: say what was found instead
        problems = [ContentError(file, 0, sheet.name, "没有找到标准目录的表头（需要“公开事项”或“一级事项”，"
                                 "以及“公开内容”“公开时限”“公开主体”等列）。这张表的前几行是："
                                 + reader.found_rows() + "。",
                                 "确认这是标准目录表格，表头在前 30 行内；表头的列名照标准目录写"
                                 "（序号、公开事项、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、"
                                 "公开对象、公开方式、公开层级）。")
                    for sheet, reader in refused]
        return ImportResult([], problems)
    warnings += [ContentError(file, 0, sheet.name, f"工作表“{sheet.name}”里没有标准目录的表头，没有导入。"
                              f"它的前几行是：{reader.found_rows()}。",
                              "这张工作表也是标准目录的，把表头改成标准目录的列名后重新导入。")
                 for sheet, reader in refused]
    return _plan(rows, catalog_dir, vocabularies, file, category, published, warnings)


def _plan(rows, catalog_dir, vocabularies, file, category, published, warnings) -> ImportResult:
    existing = _existing_items(catalog_dir)
    by_matter = {(d.get("domain_id"), tuple(d.get("matter_key", ()))): k for k, d in existing.items()}
    taken = set(existing)
    changes: dict[str, Change] = {}
    first_row: dict[str, str] = {}
    skipped = 0

    def note(row: Row, message: str, hint: str) -> None:
        warnings.append(ContentError(file, row.number, f"{row.sheet}!{row.number}行", message, hint))

    def skip(row: Row, message: str, hint: str) -> None:
        nonlocal skipped
        skipped += 1
        note(row, message, hint)

    for row, row_domain in rows:
        values = row.values
        matter = [values.get("matter", {}).get(k, "") for k in range(3)]
        while matter and not matter[-1]:
            matter.pop()
        if not matter or not all(matter):
            skip(row, "这一行没有事项名称，没有导入。", "填写一级事项（及二级、三级事项），或删去这一行。")
            continue
        wanted = values.get("id", "")
        record = existing.get(wanted) if wanted else None
        if record is not None:
            row_domain = vocabularies["domains"].by_id.get(record["domain_id"]) or row_domain
        row_domain = row_domain or (_domain_of_id(wanted, vocabularies["domains"]) if wanted else None)
        if row_domain is None:
            skip(row, f"看不出“{matter[-1]}”属于哪个领域，没有导入。",
                 "在表格标题里写上领域名称（如“就业创业领域基层政务公开标准目录”），或导入时用 --domain 指定。")
            continue
        if record is None:
            item_id = by_matter.get((row_domain.id, tuple(matter)))
            record = existing.get(item_id) if item_id else None
        if wanted and record is None and not _ID.fullmatch(wanted):
            warnings.append(ContentError(file, row.number, f"{row.sheet}!{row.number}行",
                                         f"事项编号“{wanted}”不能做网址，新事项的编号按名称的拼音生成。",
                                         "事项编号只用小写字母、数字和“-”。"))
        key = record["data"]["id"] if record else f"{row_domain.id}/{'/'.join(matter)}"
        if key in first_row:
            skip(row, f"“{matter[-1]}”与{first_row[key]}是同一个事项，这一行没有导入。",
                 "删去重复的一行，或改正事项名称。")
            continue
        first_row[key] = f"第 {row.number} 行"
        if record is None:
            folder = catalog_dir / ITEMS_DIR / row_domain.id
            change = _new_item(row, row_domain, matter, existing, taken, category, published, vocabularies, skip,
                               note, folder)
        else:
            change = _apply(record, values, matter, vocabularies)
            if change.changed:  # the 更新记录 says what the import changed
                change.data["change_note"] = _import_note(file, change.changed)
        if change is not None and change.changed:
            changes[change.item_id] = change
    return ImportResult(list(changes.values()), [], len(rows), warnings, skipped)


def _import_note(file: str, changed: list[str]) -> str:
    """The change_note of an item an import updates: which table, which fields (as the page calls them)."""
    schema = load_schema("item")
    names = "、".join(dict.fromkeys(field_label(schema, (key,)) for key in changed))
    return f"按《{Path(file).stem}》导入，更新了{names}"


def _new_item(row, domain, matter, existing, taken, category, published, vocabularies, skip, note,
              folder: Path) -> Change | None:
    """A row no item has yet: written when it carries every field an item needs; a draft when its
    category needs a 办事指南 (no table carries one) or had to be guessed from the domain's items."""
    values = row.values
    if not values.get("level") and values.get("default_level"):
        values["level"] = list(values["default_level"])
        note(row, f"表格没有公开层级一列，新事项“{matter[-1]}”按“{'、'.join(lv.name for lv in values['level'])}”导入。",
             "核对事项文件的 levels；或在表格里加上公开层级一列后重新导入。")
    if not values.get("audience") and "audience" in values.get("seen", ()):
        note(row, f"新事项“{matter[-1]}”的公开对象没有勾选，按“{EVERYONE}”导入。", "核对事项文件的 audience。")
    missing = [name for key, name in _REQUIRED if not values.get(key)
               and not (key == "channels" and values.get("channel"))]
    if missing:
        skip(row, f"新事项“{matter[-1]}”缺少{'、'.join(missing)}，没有导入。",
             "在表格里补上这些内容后重新导入。")
        return None
    guessed = category is None
    chosen = category or _guess_category(domain, matter, existing, vocabularies["categories"])
    if chosen is None:
        skip(row, f"“{matter[-1]}”是新事项，需要信息类别，没有导入。",
             "用 --category 指定新事项的信息类别，例如 --category 公共服务。")
        return None
    wanted = values.get("id", "")
    item_id = wanted if _ID.fullmatch(wanted) and wanted not in taken else new_id(domain, matter[-1], taken)
    taken.add(item_id)
    data = CommentedMap(id=item_id, domain=domain.name, category=chosen.name)
    todo = []
    if chosen.guide_required:
        todo.append(f"“{chosen.name}”类事项要写办事指南（guide）")
    if guessed:
        todo.append(f"信息类别“{chosen.name}”是按同领域事项推测的，请核对")
    change = _apply({"data": data, "path": folder / f"{item_id}.yml"},
                    values, matter, vocabularies, new=True)
    data["published_date"] = published or dt.date.today()
    if todo:
        data["draft"] = True
        data.yaml_set_start_comment("导入时新建的草稿：" + "；".join(todo) + "。完成后删去 draft: true 才会发布。")
    return Change(change.path, item_id, True, ["（新事项）", *change.changed], data, draft=bool(todo))


def _default_levels(title: str, vocabularies: dict) -> tuple:
    """The level of a table without a 公开层级 column: that of the place its title names (a
    township's own catalog), else the district's."""
    places = sorted(vocabularies["places"], key=lambda p: -len(p.name))
    place = next((p for p in places if p.name and p.name in title), None)
    place = place or next(p for p in vocabularies["places"] if p.parent is None)
    return tuple(lv for lv in vocabularies["levels"] if place.kind in lv.place_kinds)


def _guess_category(domain, matter, existing, categories: Vocabulary):
    """The category of the items under the same 一级事项 of the domain, else the domain's most
    common one; None for a domain without items."""
    same = [d["data"].get("category") for d in existing.values()
            if d["domain_id"] == domain.id and d["matter_key"][:1] == matter[:1]]
    pool = same or [d["data"].get("category") for d in existing.values() if d["domain_id"] == domain.id]
    names = Counter(c for c in pool if isinstance(c, str) and categories.resolve(c) is not None)
    return categories.resolve(names.most_common(1)[0][0]) if names else None


def _existing_items(catalog_dir: Path) -> dict:
    """id → {path, data (round-trip), domain_id, matter_key} for every item file."""
    y = _yaml()
    found = {}
    for path in sorted((catalog_dir / ITEMS_DIR).rglob("*.y*ml")):
        try:
            data = y.load(path.read_text("utf-8-sig"))
        except Exception:  # noqa: BLE001 - a broken file is `check`'s to report, not ours
            continue
        if not isinstance(data, dict) or "id" not in data:
            continue
        matter = data.get("matter") or {}
        found[str(data["id"])] = {
            "path": path, "data": data, "domain_id": path.parent.name,
            "matter_key": [matter.get(k) for k in ("level1", "level2", "level3") if matter.get(k)],
        }
    return found


def _updates(values: dict, matter: list[str], levels: Vocabulary) -> dict:
    """The fields a row sets, as an item file writes them."""
    updates = {"matter": {f"level{n + 1}": m for n, m in enumerate(matter)}}
    for key in ("content", "basis", "time_limit", "publisher"):
        if values.get(key):
            updates[key] = values[key]
    notes = [n for n in (values.get("notes", ""), *values.get("kept", ())) if n]
    if notes:
        updates["notes"] = "\n".join(notes)
    if "channels" in values or "channel" in values:
        chosen = values.get("channels", []) + values.get("channel", [])
        updates["channels"] = list(dict.fromkeys(c.name for c in chosen))
    if values.get("audience"):
        audience = list(dict.fromkeys(values["audience"]))
        updates["audience"] = audience[0] if len(audience) == 1 else audience
    if values.get("mode"):
        modes = [d for d in MODE_DISCLOSURES.values() if d in values["mode"]]
        updates["disclosure"] = modes[0] if len(modes) == 1 else modes
    if values.get("level"):  # in the taxonomy's order, whatever the table's
        updates["levels"] = [lv.name for lv in levels if lv in values["level"]]
    return updates


def _apply(record, values, matter, vocabularies, new: bool = False) -> Change:
    """Set the fields the table carries and that differ in meaning from the file; leave every other
    field (and comment) alone."""
    data, path = record["data"], record["path"]
    changed = []
    for key, value in _updates(values, matter, vocabularies["levels"]).items():
        if new or not _same(key, data.get(key), value, vocabularies):
            if key == "disclosure" and new and value == "主动公开":
                continue  # the default: a new file does not spell it out
            data[key] = value
            changed.append(key)
    if new and "audience" not in data:
        data["audience"] = EVERYONE
    return Change(path, str(data["id"]), new, changed, data)


def _as_list(value) -> list:
    return [str(v) for v in value] if isinstance(value, list) else [] if value is None else [str(value)]


def _same(key: str, old, new, vocabularies: dict) -> bool:
    """Whether a file's value already says what the table's cell says (export → import is a no-op)."""
    if key == "time_limit":
        try:
            current = timelimits.time_limit_of(_plain(old))
        except (AttributeError, TypeError):
            return False
        return current is not None and current.text == new
    if key == "disclosure":  # a withheld item stays withheld: no table publishes it
        return old == "不予公开" or set(_as_list(old) or ["主动公开"]) == set(_as_list(new))
    if key == "audience":
        def groups(value):
            return {_AUDIENCE.get(_norm(v), v) for v in _as_list(value)}
        return groups(old) == groups(new)
    vocabulary = vocabularies.get(key)  # channels, levels: 公示栏 and its full name are one
    if vocabulary is not None and isinstance(old, list):
        def ids(values):
            return sorted(getattr(vocabulary.resolve(str(v)), "id", v) for v in values)
        return ids(old) == ids(new)  # order carries no meaning
    return _plain(old) == _plain(new)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def write_changes(changes: list[Change]) -> None:
    """Write every planned file atomically; an updated file keeps its mode (the office's editors
    may share the repository), new files and folders get the umask's, like any file an editor makes."""
    y = _yaml()
    for change in changes:
        change.path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.StringIO()
        y.dump(change.data, buffer)
        write_atomically(change.path, buffer.getvalue().encode("utf-8"), mode=None)
