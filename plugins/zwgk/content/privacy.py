"""Personal information that must never be published in full (formats.md §6).

Full 18-digit ID numbers (with a valid check digit) and mobile numbers of private
persons are found in text; masked forms such as 4103**********1234 pass.
"""

from __future__ import annotations

import re
import unicodedata

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
