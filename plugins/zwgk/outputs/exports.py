"""The catalog back out as the official table: XLSX (two header rows, merged cells, ■/□
channels) and CSV, per domain and per level. Bytes are reproducible for a given build date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from ..content.annual import report_grids
from ..content.model import Catalog
from ..site.addresses import SEARCH_TITLES, SEARCH_WORDS, annual_report_download, download_path
from ..site.columns import BASIS, CHANNELS, CONTENT, ID_COLUMN, NUMBER, PUBLISHER, SINGLE_COLUMNS, TIME_LIMIT
from ..site.plan import Site
from ..site.tables import CatalogTable, catalog_table, flat_header, flat_values, header_rows, item_values
from .background import InBackground
from .files import write_atomically
from .opendata import open_data
from .pdf import apply_form_pdfs
from .searchdata import search_titles_file, search_words_file
from .spreadsheets import no_formulas, sheet_title, spreadsheet_safe

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
_STYLES = {  # registered once per workbook: assigning a name is much cheaper than four style objects
    "zwgk-head": dict(font=Font(bold=True), alignment=_CENTER, border=_BORDER),
    "zwgk-text": dict(alignment=_WRAP, border=_BORDER),
    "zwgk-mark": dict(alignment=_CENTER, border=_BORDER),
}
_WIDTHS = {NUMBER: 5, CONTENT: 28, BASIS: 30, TIME_LIMIT: 16, PUBLISHER: 16, CHANNELS: 26, ID_COLUMN: 24}


def domain_tables(catalog: Catalog) -> list[CatalogTable]:
    return [catalog_table(catalog, d) for d in catalog.active_domains]


def level_table(catalog: Catalog, level) -> CatalogTable:
    items = [i for i in catalog.items if level in i.levels]
    return catalog_table(catalog, None, items, f"{catalog.district.name}{level.name}基层政务公开标准目录")


def workbook_bytes(catalog: Catalog, table: CatalogTable) -> bytes:
    """One table as an .xlsx file laid out like the printed catalog."""
    book = Workbook()
    for name, parts in _STYLES.items():
        book.add_named_style(NamedStyle(name=name, **parts))
    sheet = book.active
    sheet.title = sheet_title(table.domain.name if table.domain else table.title)  # names may hold / : [ ]
    top, sub = header_rows(table)
    width = len(top)
    sheet.cell(1, 1, table.title).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = _CENTER
    _merge(sheet, start_row=1, start_column=1, end_row=1, end_column=width)
    col = 1
    while col <= width:  # group headers: merge across their span, or down over both header rows
        span = 1
        while col + span <= width and top[col + span - 1] == top[col - 1] and top[col - 1] != sub[col - 1]:
            span += 1
        for c in range(col, col + span):
            sheet.cell(3, c, sub[c - 1])
        sheet.cell(2, col, top[col - 1])
        if top[col - 1] == sub[col - 1]:
            _merge(sheet, start_row=2, start_column=col, end_row=3, end_column=col)
        elif span > 1:
            _merge(sheet, start_row=2, start_column=col, end_row=2, end_column=col + span - 1)
        col += span
    for row in (2, 3):
        for c in range(1, width + 1):
            sheet.cell(row, c).style = "zwgk-head"
    first_data = 4
    for n, row in enumerate(table.rows):
        r = first_data + n
        sheet.cell(r, 1, row.number)
        for cell in row.matter:
            c = 2 + cell.column
            sheet.cell(r, c, cell.text)
            if cell.rowspan > 1 or cell.colspan > 1:
                _merge(sheet, start_row=r, start_column=c, end_row=r + cell.rowspan - 1,
                                  end_column=c + cell.colspan - 1)
        for offset, value in enumerate(item_values(catalog, table, row.item)):
            sheet.cell(r, 2 + table.matter_depth + offset, value)
        for c in range(1, width + 1):
            sheet.cell(r, c).style = "zwgk-mark" if c > 1 + table.matter_depth + len(SINGLE_COLUMNS) else "zwgk-text"
    for c in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(sub[c - 1], 12 if c <= 4 else 6)
    sheet.freeze_panes = sheet.cell(first_data, 2 + table.matter_depth)
    stamp = dt.datetime.combine(catalog.build_date, dt.time())
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    no_formulas(sheet)
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue(), stamp)


def _merge(sheet, *, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """``sheet.merge_cells`` without its check against every range merged before, which makes a
    district's table (thousands of merged 事项 cells) quadratic: five seconds of every build.
    A table's merged cells never overlap, so the check finds nothing; the same set of ranges
    is written, in the same order."""
    mcr = MergedCellRange(sheet, CellRange(min_col=start_column, min_row=start_row, max_col=end_column,
                                           max_row=end_row).coord)
    ranges = sheet.merged_cells.ranges
    clean = getattr(sheet, "_clean_merge_range", None)
    if not isinstance(ranges, set) or clean is None:  # another openpyxl: its own way
        sheet.merge_cells(start_row=start_row, start_column=start_column, end_row=end_row, end_column=end_column)
        return
    ranges.add(mcr)
    clean(mcr)


def csv_text(table: CatalogTable) -> str:
    """The same table as CSV (UTF-8 with BOM so Excel opens Chinese text correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spreadsheet_safe(flat_header(table)))
    for row in table.rows:
        writer.writerow(spreadsheet_safe(flat_values(table, row.number, row.item)))
    return "\ufeff" + out.getvalue()


def _fixed_zip_times(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the xlsx zip with one timestamp, so the same build gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time into it
                when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when, data)
            target.writestr(fixed, data)
    return out.getvalue()


def downloads(catalog: Catalog) -> dict[str, bytes]:
    """Every table download the site offers: per domain and per level, XLSX and CSV."""
    tables = [(d.id, catalog_table(catalog, d)) for d in catalog.active_domains]
    tables += [(f"level-{level.id}", level_table(catalog, level)) for level in catalog.levels]
    files = {}
    for name, table in tables:
        files[download_path(name, "xlsx")] = workbook_bytes(catalog, table)
        files[download_path(name, "csv")] = csv_text(table).encode("utf-8")
    return files


def grid_workbook_bytes(title: str, grids: dict[str, list[list[tuple]]], stamp: dt.datetime) -> bytes:
    """Tables of merged cells (value, rowspan, colspan), one sheet each, laid out as printed."""
    book = Workbook()
    for name, parts in _STYLES.items():
        book.add_named_style(NamedStyle(name=name, **parts))
    book.remove(book.active)
    book.properties.created = book.properties.modified = stamp
    for name, rows in grids.items():
        sheet = book.create_sheet(sheet_title(name[:2], book.sheetnames))
        sheet.cell(1, 1, f"{title} {name}").font = Font(bold=True, size=13)
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows, start=3):
            c = 1
            for value, rowspan, colspan in row:
                while (r, c) in taken:
                    c += 1
                cell = sheet.cell(r, c, value)
                cell.style = "zwgk-mark" if isinstance(value, int | float) else "zwgk-head"
                if rowspan > 1 or colspan > 1:
                    _merge(sheet, start_row=r, start_column=c, end_row=r + rowspan - 1, end_column=c + colspan - 1)
                taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
                c += colspan
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    for sheet in book.worksheets:
        no_formulas(sheet)
    book.save(out)
    return _fixed_zip_times(out.getvalue(), stamp)


def grid_csv_bytes(grids: dict[str, list[list[tuple]]]) -> bytes:
    """The same tables as CSV, one after another under their names; a merged cell fills its first column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for name, rows in grids.items():
        writer.writerow(spreadsheet_safe([name]))
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            line: list = []
            c = 0
            for value, rowspan, colspan in row:
                while (r, c) in taken:
                    line.append("")
                    c += 1
                line += [value] + [""] * (colspan - 1)
                taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
                c += colspan
            writer.writerow(spreadsheet_safe(line))
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_downloads(catalog: Catalog) -> dict[str, bytes]:
    """Tables 2–4 of every annual report as XLSX and CSV."""
    files = {}
    stamp = dt.datetime.combine(catalog.build_date, dt.time())
    for report in catalog.reports:
        grids = report_grids(catalog, report.data)
        files[annual_report_download(report, "xlsx")] = grid_workbook_bytes(report.title, grids, stamp)
        files[annual_report_download(report, "csv")] = grid_csv_bytes(grids)
    return files


def data_files(site: Site) -> dict[str, bytes]:
    """The table downloads and the open data: every file made from the plan after the pages."""
    catalog = site.catalog
    return {**downloads(catalog), **report_downloads(catalog), **open_data(catalog, site.settings.site_url)}


def files_after_render(site: Site) -> dict[str, bytes]:
    """Everything a public build writes after the pages: the data files, the 申请表 PDFs and what
    the search page knows besides the index (its tables of pinyin and of traditional characters
    take a third of a second to make: off the render's core)."""
    search = {SEARCH_WORDS: search_words_file(site.catalog), SEARCH_TITLES: search_titles_file(site.catalog)} \
        if site.settings.search_index else {}
    return {**data_files(site), **apply_form_pdfs(site), **search}


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Write files (site-relative path → bytes) under ``out_dir``; their paths, in order."""
    for uri, data in files.items():
        write_atomically(out_dir / uri, data)
    return list(files)


def _write_data_files(site: Site, out_dir: Path) -> list[str]:
    return write_files(out_dir, files_after_render(site))


def data_files_in_background(site: Site, out_dir: Path) -> InBackground:
    """Write :func:`files_after_render` under ``out_dir`` from a forked process while the site renders
    on the other core: the child inherits the plan and writes the files itself, so only their paths
    cross the pipe (at 10,000 items the files are 20 MB the build would otherwise hold to its end).
    Its ``result()`` is the paths written (or the worker's error, raised); wait for it before the
    folder is moved or removed."""
    return InBackground(_write_data_files, site, out_dir)
