"""The text inside a published file, piece by piece with where each piece is, so a scan can say
"page 3" or "名单!C5": PDF (pypdf), DOCX (its XML), XLSX (every sheet, hidden ones too, and every
cell), and text files (CSV, TXT, VTT/SRT captions, Markdown, HTML, JSON, XML). Files that hold no
text (pictures, audio, video) give nothing. Core module: imports nothing of the project.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

TEXT_SUFFIXES = {".csv", ".txt", ".vtt", ".srt", ".md", ".html", ".htm", ".json", ".xml", ".tsv", ".yml", ".yaml"}
BINARY_SUFFIXES = {".pdf", ".docx", ".xlsx", ".xlsm"}
SUFFIXES = TEXT_SUFFIXES | BINARY_SUFFIXES
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Piece:
    """A run of text and where it is: ``line`` for text files (1-based), ``where`` for the rest
    (第 2 页, 第 5 段, 名单!C5)."""

    text: str
    line: int = 0
    where: str = ""


class Unreadable(Exception):
    """The file is damaged or not what its name says."""


def pieces(path: Path) -> Iterator[Piece]:
    """Every piece of text of ``path`` that a reader of the published file can see."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            yield from _pdf(path)
        elif suffix == ".docx":
            yield from _docx(path)
        elif suffix in (".xlsx", ".xlsm"):
            yield from _xlsx(path)
        elif suffix in TEXT_SUFFIXES:
            yield Piece(_decode(path.read_bytes()), 1)
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind reads as unreadable
        raise Unreadable(type(exc).__name__) from exc


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _pdf(path: Path) -> Iterator[Piece]:
    from pypdf import PdfReader  # only when a PDF is published

    reader = PdfReader(path)
    for n, page in enumerate(reader.pages, start=1):
        yield Piece(page.extract_text() or "", where=f"第 {n} 页")


def _docx(path: Path) -> Iterator[Piece]:
    """Paragraphs of the body (tables included), then headers, footers, notes: runs joined, so a
    number split over several runs (Word does that after every edit) reads as one."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = ["word/document.xml"] + sorted(n for n in names if re.fullmatch(
            r"word/(header|footer|footnotes|endnotes|comments)\d*\.xml", n))
        for part in parts:
            if part not in names:
                continue
            root = ElementTree.fromstring(archive.read(part))
            label = {"word/document.xml": "正文"}.get(part, "页眉页脚" if "header" in part or "footer" in part
                                                      else "脚注或批注")
            for n, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
                text = "".join(node.text or "" if node.tag == f"{_W}t" else "\t"
                               for node in paragraph.iter() if node.tag in (f"{_W}t", f"{_W}tab"))
                if text.strip():
                    yield Piece(text, where=f"{label}第 {n} 段")


def _xlsx(path: Path) -> Iterator[Piece]:
    from openpyxl import load_workbook  # only when a workbook is published

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None or isinstance(value, bool):
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    yield Piece(str(value), where=f"{sheet.title}!{cell.coordinate}")
    finally:
        book.close()
