"""Import an office's 标准目录 table (XLSX or CSV) into catalog YAML files.

Takes every variant of formats.md §1: one to three 事项 levels, one or two header rows
with merged cells, a title row, merged 一级事项 cells, √/■ marks, ■/□ checklists or
free-text channels, header name variants and 公开时限 phrases. Whatever it cannot
read is reported with sheet, row and column; nothing is written unless all of it reads.
Re-importing updates existing items in place, keeping fields and comments the table
does not carry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pypinyin import lazy_pinyin
from ruamel.yaml import YAML

from ..content import timelimits
from ..content.errors import ContentError
from ..content.layout import ITEMS_DIR, taxonomy_file
from ..content.model import Vocabulary, normalise_term
from ..outputs.files import write_atomically
from ..outputs.spreadsheets import unguard
from ..site.columns import (
    AUDIENCE,
    AUDIENCES,
    BASIS,
    CHANNELS,
    CONTENT,
    GROUPS,
    ID_COLUMN,
    LEVELS,
    MARK,
    MATTER,
    MATTER_HEADERS,
    MODE,
    MODE_DISCLOSURES,
    NUMBER,
    PUBLISHER,
    SINGLE_COLUMNS,
    SPECIFIC_GROUP,
    TIME_LIMIT,
    UNUSED,
    USED,
)


def _norm(value) -> str:
    """A header or mark as compared: NFKC (full-width brackets and letters as ASCII), no spaces."""
    text = "" if value is None else str(value)
    return "".join(unicodedata.normalize("NFKC", text).split())


# our columns' names (columns.py) and other provinces' spellings of them
MARKS = {MARK, USED, "✓", "✔", "●", "是", "y", "yes", "v", "1"}
BLANKS = {"", UNUSED, "×", "✗", "否", "无", "-", "—", "/", "n", "no", "0"}
_CHECKED = re.compile(f"{USED}([^{USED}{UNUSED}\n]+)")  # the channels ticked in a ■/□ checklist
_SPLIT_CHANNELS = re.compile(r"[\s、，,；;]+")
_SPLIT_LINES = re.compile(r"\s*(?:\n|；|;)\s*")
_MATTER = {**{name: n for n, name in enumerate(MATTER_HEADERS)}, "一级": 0, "二级": 1, "三级": 2}
_FIELDS = {_norm(name): field for name, field in {  # header text (normalised) → field
    NUMBER: "number", MATTER: "matter", "事项名称": "matter",
    CONTENT: "content", "公开内容": "content", "公开要素": "content",
    BASIS: "basis", TIME_LIMIT: "time_limit", PUBLISHER: "publisher",
    CHANNELS: "channels", "公开渠道": "channels", "公开载体": "channels",
    AUDIENCE: "audience", MODE: "mode", LEVELS: "levels", ID_COLUMN: "id", "备注": "notes",
}.items()}
_AUDIENCE = {**{a: a for a in AUDIENCES}, "特定群众": SPECIFIC_GROUP, "特定对象": SPECIFIC_GROUP}
_MODE = {name: disclosure for mode, disclosure in MODE_DISCLOSURES.items() for name in (mode, disclosure)}
# the header row names the 事项 and what is published of them
_HEADER_MATTER = {name for name, field in _FIELDS.items() if field == "matter"} | {MATTER_HEADERS[0]}
_HEADER_CONTENT = {name for name, field in _FIELDS.items() if field in ("content", "basis")}


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # merged ranges already filled with their top-left value


@dataclass
class Column:
    index: int
    field: str
    key: object = None  # matter level, audience/mode value, levels, or channel


@dataclass
class Row:
    sheet: str
    number: int  # spreadsheet row number (1-based)
    values: dict = field(default_factory=dict)


@dataclass
class Change:
    path: Path
    item_id: str
    new: bool
    changed: list[str]
    data: object


@dataclass
class ImportResult:
    changes: list[Change]
    problems: list[ContentError]
    rows: int = 0


# ---------------------------------------------------------------- reading files


def read_sheets(path: Path) -> list[Sheet]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        book = load_workbook(path, data_only=True)
        sheets = []
        for ws in book.worksheets:
            grid = [[_cell_text(cell) for cell in row] for row in ws.iter_rows()]
            for merged in ws.merged_cells.ranges:
                # down a merge (一级事项 over its rows, a header over both header rows) the value
                # repeats; across one (a 二级事项 spanning the 三级 column) it stays in its first cell
                value = grid[merged.min_row - 1][merged.min_col - 1]
                for r in range(merged.min_row - 1, merged.max_row):
                    grid[r][merged.min_col - 1] = value
            sheets.append(Sheet(ws.title, grid))
        return sheets
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")  # Excel in China saves CSV as GBK; a ValueError if neither
    rows = [[unguard(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    width = max((len(r) for r in rows), default=0)
    return [Sheet(path.stem, [r + [""] * (width - len(r)) for r in rows])]


def _cell_text(cell) -> str:
    """A cell as text, without the quote our CSV export put before = + - @ (kept when a copy of it
    was saved as XLSX); a cell Excel marks quote-prefixed is text already and is taken as it is."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value if cell.quotePrefix else unguard(value)
    return str(value)


# ---------------------------------------------------------------- understanding a sheet


class SheetReader:
    def __init__(self, sheet: Sheet, file: str, vocabularies: dict):
        self.sheet, self.file, self.v = sheet, file, vocabularies
        self.problems: list[ContentError] = []

    def problem(self, row: int, col: int | None, message: str, hint: str = "") -> None:
        cell = f"{get_column_letter(col + 1)}{row}" if col is not None else f"{row}行"
        where = f"{self.sheet.name}!{cell}"
        self.problems.append(ContentError(self.file, row, where, message, hint))

    def header_start(self) -> int | None:
        for r, row in enumerate(self.sheet.rows[:12]):
            cells = {_norm(c) for c in row}
            if cells & _HEADER_MATTER and cells & _HEADER_CONTENT:
                return r
        return None

    def title(self, header: int) -> str:
        return " ".join(c for row in self.sheet.rows[:header] for c in row if c.strip())

    def columns(self, header: int) -> tuple[list[Column], int]:
        """The meaning of every column and how many header rows there are (1 or 2)."""
        top = [_norm(c) for c in self.sheet.rows[header]]
        below = [_norm(c) for c in self.sheet.rows[header + 1]] if header + 1 < len(self.sheet.rows) else []
        # two header rows: a group header (公开事项, 公开对象…) spans several columns, which the
        # row below names one by one; a flat header (CSV exports) names every column itself
        groups = {*GROUPS, CHANNELS}  # some provinces give each channel a column too
        spans = any(name in groups and index + 1 < len(top) and top[index + 1] in ("", name)
                    for index, name in enumerate(top))
        two_rows = spans and any(_MATTER.get(c) is not None or c in _AUDIENCE or c in _MODE
                                 or self._levels_of(c) for c in below)
        columns = []
        group = ""
        for index, name in enumerate(top):
            if two_rows:  # a group header merged across its columns stands only over the first
                group = name or group
                name = group
            sub = below[index] if two_rows and index < len(below) else name
            column = self._column(index, name, sub, header + 1)
            if column is not None:
                columns.append(column)
        return columns, (2 if two_rows else 1)

    def _column(self, index: int, top: str, sub: str, row: int) -> Column | None:
        if not top and not sub:
            return None
        if sub in _MATTER:
            return Column(index, "matter", _MATTER[sub])
        group = _FIELDS.get(top)
        if group in ("audience", "mode", "levels") and sub == top:
            return Column(index, group + "_text")  # one column holding the value as text
        if group == "audience" or sub in _AUDIENCE:
            if sub in _AUDIENCE:
                return Column(index, "audience", _AUDIENCE[sub])
        elif group == "mode" or sub in _MODE:
            if sub in _MODE:
                return Column(index, "mode", _MODE[sub])
        elif group == "levels" or (group is None and self._levels_of(sub)):
            levels = self._levels_of(sub)
            if levels:
                return Column(index, "level", levels)
        elif group == "channels" and sub != top:
            channel = self.v["channels"].resolve(sub)
            if channel is not None:
                return Column(index, "channel", channel)
        elif group == "matter":
            return Column(index, "matter", 0)
        elif group is not None:
            return Column(index, group)
        self.problem(row, index, f"不认识的列“{sub or top}”。",
                     f"标准目录的列是：{NUMBER}、{MATTER}（一至三级）、{'、'.join(SINGLE_COLUMNS)}、{AUDIENCE}、"
                     f"{MODE}、{LEVELS}。改正表头，或删去这一列后再导入。")
        return None

    def _levels_of(self, text: str) -> tuple:
        """'乡、村级' → town and village; '州级县级' → district; '' or unknown → ()."""
        if not text:
            return ()
        found = []
        for part in re.split(r"[、/,，]", text):
            part = part if part.endswith("级") else part + "级"
            level = self.v["levels"].resolve(part)
            if level is None:  # names run together, e.g. 州级县级: take every known one inside
                names = sorted(((normalise_term(a), lv) for lv in self.v["levels"]
                                for a in (lv.name, *lv.aliases)), key=lambda x: -len(x[0]))
                level = next((lv for a, lv in names if a in normalise_term(part)), None)
            if level is not None and level not in found:
                found.append(level)
        return tuple(found)

    def rows(self) -> tuple[list[Row], str]:
        header = self.header_start()
        if header is None:
            self.problem(1, None, "没有找到标准目录的表头（需要“公开事项”和“公开内容”等列）。",
                         "确认表头在前 12 行内，或这不是标准目录表格。")
            return [], ""
        columns, depth = self.columns(header)
        rows = []
        for r in range(header + depth, len(self.sheet.rows)):
            cells = self.sheet.rows[r]
            if not any(c.strip() for c in cells):
                continue
            if {_norm(c) for c in cells} & {MATTER, MATTER_HEADERS[0]}:
                continue  # a header repeated on the next printed page
            row = Row(self.sheet.name, r + 1)
            for column in columns:
                value = cells[column.index].strip() if column.index < len(cells) else ""
                self._read(row, column, value)
            rows.append(row)
        return rows, self.title(header)

    def _read(self, row: Row, column: Column, value: str) -> None:
        v = row.values
        if column.field == "matter":
            v.setdefault("matter", {})[column.key] = value
        elif column.field in ("audience", "mode", "level", "channel"):
            mark = self._mark(row.number, column.index, value)
            if mark:
                v.setdefault(column.field, []).extend(
                    column.key if column.field == "level" else [column.key])
        elif column.field == "channels":
            v["channels"] = self._channels(row.number, column.index, value)
        elif column.field in ("audience_text", "mode_text"):
            known = _AUDIENCE if column.field == "audience_text" else _MODE
            if value and _norm(value) not in known:
                self.problem(row.number, column.index, f"看不懂“{value}”。", "可写：" + "、".join(known) + "。")
            elif value:
                v[column.field[:-5]] = [known[_norm(value)]]
        elif column.field == "levels_text":
            levels = [level for part in re.split(r"[、,，/\s]+", value) if part
                      for level in (self._levels_of(_norm(part)) or [None])]
            if None in levels:
                self.problem(row.number, column.index, f"看不懂公开层级“{value}”。",
                             f"可写：{self.v['levels'].names()}，用顿号分开。")
            elif levels:
                v["level"] = levels
        elif column.field == "basis":
            v["basis"] = [p for p in _SPLIT_LINES.split(value) if p]
        elif column.field == "time_limit":
            if value and timelimits.parse_time_limit(value) is None:
                self.problem(row.number, column.index, f"看不懂公开时限“{value}”。", timelimits.TIME_LIMIT_HINT)
            elif value:
                v["time_limit"] = timelimits.parse_time_limit(value).text
        elif column.field != "number":
            v[column.field] = value

    def _mark(self, row: int, col: int, value: str) -> bool:
        text = _norm(value).lower()
        if text in MARKS:
            return True
        if text in BLANKS:
            return False
        self.problem(row, col, f"看不懂的标记“{value}”。", "适用的格子写“√”或“■”，不适用的留空。")
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

    def _channels(self, row: int, col: int, value: str) -> list:
        """A ■/□ checklist keeps the ■ entries; free text names the channels used."""
        text = unicodedata.normalize("NFKC", value)
        if USED in text or UNUSED in text:
            chosen = [m.strip() for m in _CHECKED.findall(text)]
        else:
            chosen = [name for token in _SPLIT_CHANNELS.split(text) if token for name in self._slashed(token)]
        found = []
        for name in chosen:
            channel = self.v["channels"].resolve(name)
            if channel is None:
                self.problem(row, col, f"不认识的公开渠道“{name}”。",
                             f"可用的渠道：{self.v['channels'].names()}；"
                             f"需要新渠道时先加到 catalog/{taxonomy_file('channels')}。")
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


def new_id(domain, title: str, taken: set[str]) -> str:
    """domain id + the pinyin of the title: readable, stable and unique."""
    words = [w for w in lazy_pinyin(title) if re.fullmatch(r"[a-z0-9]+", w)]
    base = f"{domain.id}-" + "-".join(words)[:48].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def import_table(path: Path, catalog_dir: Path, vocabularies: dict, *, domain=None, category=None,
                 published: dt.date | None = None) -> ImportResult:
    """Plan every change the table makes; nothing is written here."""
    file = path.name
    problems: list[ContentError] = []
    rows: list[tuple[Row, object]] = []
    try:
        sheets = read_sheets(path)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, csv.Error, OSError) as exc:
        # a damaged or mislabelled file (a .xls renamed to .xlsx, a truncated download)
        return ImportResult([], [ContentError(file, 0, "", f"无法读取这个表格文件（{type(exc).__name__}）。",
                                              "用 Excel 或 WPS 打开它，另存为 .xlsx 或 .csv 后再导入。")], 0)
    for sheet in sheets:
        reader = SheetReader(sheet, file, vocabularies)
        found, title = reader.rows()
        problems += reader.problems
        sheet_domain = domain or _domain_for(title + " " + sheet.name, vocabularies["domains"])
        if found and sheet_domain is None:
            problems.append(ContentError(file, 1, sheet.name, "看不出这张表属于哪个领域。",
                                         "用 --domain 指定，例如 --domain 就业创业。"))
            continue
        rows += [(row, sheet_domain) for row in found]
    existing = _existing_items(catalog_dir)
    by_matter = {(d.get("domain_id"), tuple(d.get("matter_key", ()))): k for k, d in existing.items()}
    taken = set(existing)
    changes = []
    for row, row_domain in rows:
        values = row.values
        matter = [values.get("matter", {}).get(k, "") for k in range(3)]
        while matter and not matter[-1]:
            matter.pop()
        if not matter or not all(matter):
            problems.append(ContentError(file, row.number, f"{row.sheet}!{row.number}行", "这一行没有事项名称。",
                                         "填写一级事项（及二级、三级事项），或删去这一行。"))
            continue
        for key, name in (("audience", AUDIENCE), ("mode", MODE)):
            if len(values.get(key, [])) > 1:
                problems.append(ContentError(file, row.number, f"{row.sheet}!{row.number}行",
                                             f"{name}勾选了不止一项。", f"{name}只能选一项。"))
        item_id = values.get("id") or by_matter.get((row_domain.id, tuple(matter)))
        record = existing.get(item_id) if item_id else None
        if record is None and (category is None or published is None):
            problems.append(ContentError(file, row.number, f"{row.sheet}!{row.number}行",
                                         f"“{matter[-1]}”是新事项，需要信息类别和发布日期。",
                                         "用 --category（如 --category 公共服务）和 --date 指定新事项的默认值。"))
            continue
        if record is None:
            wanted = values.get("id", "")
            item_id = wanted if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", wanted) and wanted not in taken \
                else new_id(row_domain, matter[-1], taken)
            taken.add(item_id)
        change = _apply(record, item_id, row_domain, matter, values, catalog_dir, category, published,
                        vocabularies)
        if change.changed:
            changes.append(change)
    return ImportResult(changes, problems, len(rows))


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


def _apply(record, item_id, domain, matter, values, catalog_dir, category, published, vocabularies) -> Change:
    """Set the fields the table carries; leave every other field (and comment) alone."""
    if record is None:
        data = {"id": item_id, "domain": domain.name, "category": category.name}
        path = catalog_dir / ITEMS_DIR / domain.id / f"{item_id}.yml"
    else:
        data, path = record["data"], record["path"]
    updates = {"matter": {f"level{n + 1}": m for n, m in enumerate(matter)}}
    for key in ("content", "basis", "time_limit", "publisher", "notes"):
        if values.get(key):
            updates[key] = values[key]
    if "channels" in values or "channel" in values:
        updates["channels"] = [c.name for c in values.get("channels", []) + values.get("channel", [])]
    if values.get("audience"):
        updates["audience"] = values["audience"][0]
    if values.get("mode"):
        updates["disclosure"] = values["mode"][0]
    if values.get("level"):
        updates["levels"] = [lv.name for lv in values["level"]]
    changed = []
    for key, value in updates.items():
        if _plain(data.get(key)) != _plain(value):
            vocabulary = vocabularies.get(key)  # channels, levels: 公示栏 and its full name are one
            if vocabulary is not None and _same_terms(data.get(key), value, vocabulary):
                continue
            if key == "audience" and _AUDIENCE.get(str(data.get(key))) == value:
                continue
            data[key] = value
            changed.append(key)
    if record is None:
        data.setdefault("published_date", published)
        changed = ["（新事项）", *changed]
    return Change(path, item_id, record is None, changed, data)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _same_terms(old, new, vocabulary: Vocabulary) -> bool:
    def ids(values):
        return [getattr(vocabulary.resolve(str(v)), "id", v) for v in values]

    return isinstance(old, list) and sorted(ids(old)) == sorted(ids(new))  # order carries no meaning


def write_changes(changes: list[Change]) -> None:
    """Write every planned file atomically; an updated file keeps its mode (the office's editors
    may share the repository), new files and folders get the umask's, like any file an editor makes."""
    y = _yaml()
    for change in changes:
        change.path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.StringIO()
        y.dump(change.data, buffer)
        write_atomically(change.path, buffer.getvalue().encode("utf-8"), mode=None)
