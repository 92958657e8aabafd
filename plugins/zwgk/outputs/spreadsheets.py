"""Spreadsheet safety for every XLSX and CSV the site writes, and for the importer that reads
them back: a cell that could run as a formula is kept as text, the guard can be taken off again
exactly, and any name can become a worksheet title."""

from __future__ import annotations

import re
import unicodedata

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?")  # -3.5 is a number to a spreadsheet, never a formula


def needs_guard(value) -> bool:
    """Whether a spreadsheet could take this cell for a formula (or it starts with a guard quote)."""
    if not isinstance(value, str):
        return False  # numbers stay numbers
    text = value.lstrip("'")
    return text.startswith(_FORMULA_START) and not _NEGATIVE_NUMBER.fullmatch(text)


def spreadsheet_safe(values: list) -> list:
    """A CSV row that Excel and WPS read as text only: a cell an editor began with = + - @ TAB or CR
    would otherwise run as a formula on the reader's machine (CSV injection); a leading quote keeps it text."""
    return ["'" + v if needs_guard(v) else v for v in values]


def unguard(text: str) -> str:
    """A cell read back from a CSV export (or a copy saved from it) as it was before spreadsheet_safe."""
    return text[1:] if text.startswith("'") and needs_guard(text[1:]) else text


def no_formulas(sheet) -> None:
    """Every cell of an openpyxl sheet stays text: what openpyxl took for a formula (text starting
    with =) is stored as a string, and every cell a spreadsheet could run is marked quote-prefixed,
    Excel's own "this is text" flag, so not even editing the cell turns it into a formula. The
    value itself is unchanged (no visible quote)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
            if needs_guard(cell.value):
                cell.quotePrefix = True


# Excel refuses these in a worksheet name; their full-width forms read the same to a Chinese reader
_SHEET_CHARS = str.maketrans({"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", "[": "［", "]": "］"})
SHEET_TITLE_MAX = 31  # Excel's limit, counted in UTF-16 units (an emoji takes two)


def sheet_title(name: str, taken=()) -> str:
    """A worksheet name Excel and openpyxl accept for any taxonomy name: forbidden characters become
    their full-width forms, no quote at either end, at most 31 units, and not the name of another
    sheet of the workbook (``taken``; Excel compares them ignoring case)."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in name)
    base = text.translate(_SHEET_CHARS).strip() or "表"
    used = {t.casefold() for t in taken} | {"history"}  # Excel keeps "History" for itself
    n = 1
    while True:
        suffix = "" if n == 1 else f"（{n}）"
        title = _utf16_prefix(base, SHEET_TITLE_MAX - len(suffix)) + suffix
        if title.startswith("'"):
            title = "＇" + title[1:]
        if title.endswith("'"):
            title = title[:-1] + "＇"
        if title.casefold() not in used:
            return title
        n += 1


def _utf16_prefix(text: str, units: int) -> str:
    """The longest start of ``text`` that takes at most ``units`` UTF-16 code units."""
    out, count = [], 0
    for ch in text:
        count += 2 if ord(ch) > 0xFFFF else 1
        if count > units:
            break
        out.append(ch)
    return "".join(out)
