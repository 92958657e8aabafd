"""Personal information that must never be published in full (formats.md §6).

Full 18-digit ID numbers (with a valid check digit) and mobile numbers of private
persons are found in text; masked forms such as 4103**********1234 pass.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import ContentError
from .loader import file_state
from .model import Catalog

_ID = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![\d-])(1[3-9]\d{9})(?!\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def valid_id_number(number: str) -> bool:
    """GB 11643 check digit."""
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def find_personal_data(text: str) -> list[tuple[int, str, str]]:
    """(line number, kind, the offending text) for each full ID or mobile number."""
    found = []
    for n, line in enumerate(unicodedata.normalize("NFKC", text).split("\n"), start=1):
        found += [(n, "身份证号", m) for m in _ID.findall(line) if valid_id_number(m)]
        found += [(n, "手机号", m) for m in _MOBILE.findall(line)]
    return found


def mask(kind: str, value: str) -> str:
    if kind == "身份证号":
        return value[:4] + "*" * 10 + value[-4:]
    return value[:3] + "****" + value[-4:]


# ---------------------------------------------------------------- published content


_SCANS: dict[str, tuple] = {}  # file → (mtime and size, findings): a preview rescans changed files only


def _scan(path: Path) -> list:
    state = file_state(path)
    if state is None:
        return []
    cached = _SCANS.get(str(path))
    if cached is None or cached[0] != state:
        try:
            cached = (state, find_personal_data(path.read_text("utf-8-sig")))
        except UnicodeDecodeError:  # reported as an encoding error by the rule that read it
            cached = (state, [])
        _SCANS[str(path)] = cached
    return cached[1]


def personal_data(catalog: Catalog, pages: list, root: Path) -> list[ContentError]:
    """Full ID numbers and private mobile numbers in anything that is published."""
    allowed = {re.sub(r"[^0-9Xx]", "", n).upper() for n in (catalog.site.allowed_numbers if catalog.site else ())}
    files = {i.source.file for i in catalog.items} | {d.source.file for d in catalog.documents}
    files |= {p.file for p in pages if not p.src_uri.startswith("gongshi/")}  # postings: checked on load
    found = []
    for file in sorted(files):
        path = Path(file) if Path(file).is_absolute() else root / file
        for line, kind, value in _scan(path):
            if value.upper() in allowed:
                continue
            found.append(ContentError(
                file, line, kind, f"含有完整的{kind}“{mask(kind, value)}”（已在此处隐去部分数字）。",
                "公开内容不得有完整的身份证号和私人手机号：删去或写成 4103**********1234；"
                "确属可以公开的号码（值班手机、许可证编号等），加到 catalog/site.yml 的 allowed_numbers。"))
    return found
