"""Personal information that must never be published in full (formats.md §6).

Found in text, however it is written: ID numbers of 18 digits (GB 11643 check digit) or of the
old 15 digits, also in groups separated by spaces; mobile numbers with or without +86 / 0086,
grouped by spaces, dashes or dots; bank card numbers (16 or 19 digits passing the Luhn check) as a
warning, since an account number of an office may be published. Masked forms such as
4103**********1234 or 138****8000 pass, as do the numbers of site.yml's ``allowed_numbers``
(written in any form, full-width digits too).

One scan for everything that is published: every record file and hand-written page (titles and
front matter included), postings (title and summary too, when they are loaded), the lists, site
texts and taxonomies, and every published file under content/ that holds text: attachments
(PDF, DOCX, XLSX every sheet and cell, CSV, TXT) and media text (data CSVs, VTT/SRT captions).
A finding names the file and its line, page, paragraph or cell. Results are kept per file state,
so a preview rebuild rescans only what changed.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .attachments import BINARY_SUFFIXES, SUFFIXES, Piece, Unreadable, pieces
from .errors import ContentError
from .filecache import FileCache, open_stores, save_stores
from .layout import LISTS_DIR, POSTINGS_DIR, REPORT_DATA_DIR, SITE_FILE, TAXONOMY_DIR, in_folder
from .model import Catalog

_SEP = r"[ \u00a0\-]?"  # an ID number written in groups: 410311 19800101 1234, 410311-19800101-1234
_ID18 = re.compile(rf"(?<![0-9A-Za-z])(?<![0-9][ \u00a0\-])([1-9](?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx])"
                   rf"(?![0-9A-Za-z])(?![ \u00a0\-][0-9])")
_ID15 = re.compile(rf"(?<![0-9A-Za-z])(?<![0-9][ \u00a0\-])([1-9](?:{_SEP}[0-9]){{14}})(?![0-9A-Za-z])"
                   rf"(?![ \u00a0\-][0-9])")
_GAP = r"[ \u00a0\-.]?"
_MOBILE = re.compile(
    rf"(?<![0-9])(?<![0-9][ \u00a0\-.])(?:[(（]?(?:\+|00)?86[)）]?{_GAP})?"
    rf"(1[3-9][0-9]{_GAP}[0-9]{{4}}{_GAP}[0-9]{{4}}|1[3-9][0-9]{_GAP}[0-9]{{3}}{_GAP}[0-9]{{5}})"
    rf"(?![0-9])(?![ \u00a0\-.][0-9])")
_CARD = re.compile(r"(?<![0-9])(?<![0-9][ \u00a0\-])([3-6][0-9]{3}(?:[ \u00a0\-]?[0-9]{4}){3}(?:[ \u00a0\-]?[0-9]{3})?)"
                   r"(?![0-9])(?![ \u00a0\-][0-9])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# first two digits of a resident's ID: the province (GB/T 2260), so a long number of another kind rarely fits
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
              54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
ID_NUMBER, MOBILE, BANK_CARD = "身份证号", "手机号", "银行卡号"


@dataclass(frozen=True)
class Finding:
    line: int  # in the file (or the text) scanned, from 1; 0 when ``where`` says it
    kind: str  # ID_NUMBER, MOBILE or BANK_CARD
    value: str  # the number's digits (NFKC: full-width digits read as digits; +86 and separators dropped)
    where: str = ""  # 第 2 页, 正文第 5 段, 名单!C5

    @property
    def masked(self) -> str:
        """The number with its middle hidden, so a report does not spread it further."""
        keep = 3 if self.kind == MOBILE else 4
        return self.value[:keep] + "*" * (len(self.value) - keep - 4) + self.value[-4:]

    @property
    def blocking(self) -> bool:
        """ID and mobile numbers stop publishing; a bank card number may be an office's account."""
        return self.kind != BANK_CARD


def _digits(text: str) -> str:
    return re.sub(r"[^0-9X]", "", unicodedata.normalize("NFKC", text).upper())


def normalise_number(text: str) -> str:
    """A number as compared with allowed_numbers: digits only, a mobile's +86 / 0086 dropped."""
    digits = _digits(text)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[len(prefix)] == "1":
            return digits[len(prefix):]
    return digits


def valid_id_number(number: str) -> bool:
    """GB 11643: an 18-digit number with its check digit, a plausible birth date and province."""
    if len(number) != 18 or int(number[:2]) not in _PROVINCES or not _date(number[6:14]):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def _valid_old_id(number: str) -> bool:
    """The first-generation 15-digit number: province, YYMMDD birth date, sequence."""
    return len(number) == 15 and int(number[:2]) in _PROVINCES and _date("19" + number[6:12])


def _date(text: str) -> bool:
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in
                                                                      (4, 6, 9, 11) else 31)


def luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def scan_line(line: str) -> list[tuple[str, str]]:
    """(kind, digits) of every full number in one line of NFKC text."""
    found, taken = [], []
    for match in _ID18.finditer(line):
        number = _digits(match[1])
        if valid_id_number(number):
            found.append((ID_NUMBER, number))
            taken.append(match.span(1))
    for match in _ID15.finditer(line):
        number = _digits(match[1])
        if _valid_old_id(number) and not _inside(match.span(1), taken):
            found.append((ID_NUMBER, number))
            taken.append(match.span(1))
    for match in _MOBILE.finditer(line):
        if not _inside(match.span(1), taken):
            found.append((MOBILE, _digits(match[1])))
            taken.append(match.span(1))
    for match in _CARD.finditer(line):
        number = _digits(match[1])
        if len(number) in (16, 19) and luhn(number) and not _inside(match.span(1), taken):
            found.append((BANK_CARD, number))
    return found


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in taken)


def scan_text(text: str, allowed: Iterable[str] = (), first_line: int = 1, where: str = "") -> list[Finding]:
    """Each full ID, mobile or bank card number in ``text`` whose first line is ``first_line`` of
    its file, except the ``allowed`` numbers (site.yml's allowed_numbers, written in any form)."""
    found = []
    for n, line in enumerate(unicodedata.normalize("NFKC", text).split("\n"), start=first_line):
        found += [Finding(0 if where else n, kind, number, where) for kind, number in scan_line(line)]
    return _without(found, allowed)


def scan_pieces(found: Iterable[Piece]) -> list[Finding]:
    findings = []
    for piece in found:
        findings += scan_text(piece.text, first_line=piece.line or 1, where=piece.where)
    return findings


_SCANS: FileCache[tuple] = FileCache("personal-data-scans")  # a preview rescans only the files that changed


def scan_file(path: Path, allowed: Iterable[str] = ()) -> list[Finding]:
    """The findings of a whole file (a text file, PDF, DOCX or XLSX). A file that cannot be read
    has none here: :func:`scan_file_checked` says so."""
    return scan_file_checked(path, allowed)[0]


def scan_file_checked(path: Path, allowed: Iterable[str] = ()) -> tuple[list[Finding], str]:
    """(findings, '' or why the file could not be read)."""

    found, problem = _SCANS.get(path, None, lambda: _scan_one(path))
    return _without(list(found), allowed), problem


def _without(found: list[Finding], allowed: Iterable[str]) -> list[Finding]:
    numbers = {normalise_number(n) for n in allowed}
    return [f for f in found if f.value.upper() not in numbers] if numbers else found


def describe(finding: Finding, posting: bool = False) -> tuple[str, str]:
    """The message and hint an editor sees. A posting (公示) names residents: its hint says what
    to write of them instead."""
    place = f"{finding.where}" if finding.where else ""
    if finding.kind == BANK_CARD:
        return (f"{place}含有疑似银行卡号“{finding.masked}”（已在此处隐去部分数字）。",
                "个人的银行卡号不得公开：删去或只留后四位；确属单位账户等可以公开的号码，加到 "
                f"catalog/{SITE_FILE} 的 allowed_numbers。")
    message = f"{place}含有完整的{finding.kind}“{finding.masked}”（已在此处隐去部分数字）。"
    if posting:
        return ("正文" + message if not place else message,
                f"公示只写姓名和村组，不写完整{finding.kind}；确需写身份证号的，写成 4103**********1234 这样。")
    return message, ("公开内容不得有完整的身份证号和私人手机号：删去或写成 4103**********1234、138****8000；"
                     "附件要改原文件（PDF 要从原稿重新导出）；"
                     f"确属可以公开的号码（值班手机、许可证编号等），加到 catalog/{SITE_FILE} 的 allowed_numbers。")


# ---------------------------------------------------------------- published content


@dataclass(frozen=True)
class PersonalData:
    """What the scan of everything published found: errors stop publishing, warnings do not."""

    errors: tuple[ContentError, ...] = ()
    warnings: tuple[ContentError, ...] = ()


def personal_data(catalog: Catalog, pages: list, root: Path, catalog_dir: Path | None = None,
                  docs_dir: Path | None = None, files: Iterable[str] = ()) -> PersonalData:
    """Full ID numbers, private mobile and bank card numbers in anything that is published: records'
    files, the hand-written pages (postings are scanned when they are loaded), the lists, site texts,
    taxonomies and report data under ``catalog_dir``, and the published ``files`` of ``docs_dir``."""
    allowed = catalog.site.allowed_numbers if catalog.site else ()
    sources = {i.source.file for i in catalog.items} | {d.source.file for d in catalog.documents}
    if catalog.standard is not None:  # a published item a site extends: the standard file's values too
        published = {i.id for i in catalog.items}
        sources |= {o.standard_file for o in catalog.standard.overridden if o.id in published}
    sources |= {p.file for p in pages if not in_folder(p.src_uri, POSTINGS_DIR)}
    paths = {file: Path(file) if Path(file).is_absolute() else root / file for file in sources}
    if catalog_dir is not None:
        for folder, pattern in ((LISTS_DIR, "*.yml"), (TAXONOMY_DIR, "*.yml"), (REPORT_DATA_DIR, "*.yml"),
                                ("", SITE_FILE)):
            for path in sorted((catalog_dir / folder).glob(pattern)):
                paths[_shown(root, path)] = path
    if docs_dir is not None:
        for uri in sorted(files):
            if Path(uri).suffix.lower() in SUFFIXES:
                paths[_shown(root, docs_dir / uri)] = docs_dir / uri
    open_stores((_SCANS,), root)
    _scan_in_parallel([path for path in paths.values() if path.suffix.lower() in BINARY_SUFFIXES])
    errors, warnings = [], []
    for file, path in sorted(paths.items()):
        found, problem = scan_file_checked(path, allowed)
        if problem and path.suffix.lower() in SUFFIXES and docs_dir is not None and _under(path, docs_dir):
            warnings.append(ContentError(
                file, 0, "", f"读不出这个文件的文字（{problem}），没有检查其中的个人信息。",
                "用原软件打开确认文件没有损坏，重新导出（PDF 请导出为可复制文字的版本）后再发布。"))
        for finding in found:
            error = ContentError(file, finding.line, finding.where or finding.kind, *describe(finding))
            (errors if finding.blocking else warnings).append(error)
    save_stores((_SCANS,))
    return PersonalData(tuple(errors), tuple(warnings))


_PARALLEL_FROM = 8  # files to read before it pays to start worker processes


def _scan_in_parallel(paths: list[Path]) -> None:
    """Read the PDFs, documents and workbooks not scanned yet on every core (pypdf reads some 25
    pages a second on one): a cold build of a district with hundreds of attached lists would
    otherwise wait for them one by one. The results go into the same per-file cache."""
    todo = [p for p in paths if not _SCANS.fresh(p, None)]
    workers = min(os.cpu_count() or 1, len(todo))
    if len(todo) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for path, result in zip(todo, pool.map(_scan_one, todo, chunksize=4), strict=True):
            _SCANS.get(path, None, lambda result=result: result)


def _scan_one(path: Path) -> tuple:
    try:
        return tuple(scan_pieces(pieces(path))), ""
    except Unreadable as exc:
        return (), str(exc)
    except OSError as exc:
        return (), type(exc).__name__


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
