"""Personal information that must never be published in full (formats.md §6).

Full 18-digit ID numbers (with a valid check digit) and mobile numbers of private
persons are found in text; masked forms such as 4103**********1234 pass. One scan for
everything that reads text for them: a posting when it is loaded, every other published
file in the self-inspection (and the build that runs it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .filecache import FileCache
from .layout import POSTINGS_DIR, SITE_FILE, in_folder
from .model import Catalog

_ID = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![\d-])(1[3-9]\d{9})(?!\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
ID_NUMBER, MOBILE = "身份证号", "手机号"


@dataclass(frozen=True)
class Finding:
    line: int  # in the file (or the text) scanned, from 1
    kind: str  # ID_NUMBER or MOBILE
    value: str  # the number as found (NFKC: full-width digits read as digits)

    @property
    def masked(self) -> str:
        """The number with its middle hidden, so a report does not spread it further."""
        if self.kind == ID_NUMBER:
            return self.value[:4] + "*" * 10 + self.value[-4:]
        return self.value[:3] + "****" + self.value[-4:]


def valid_id_number(number: str) -> bool:
    """GB 11643 check digit."""
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def scan_text(text: str, allowed: Iterable[str] = (), first_line: int = 1) -> list[Finding]:
    """Each full ID or mobile number in ``text`` whose first line is ``first_line`` of its file,
    except the ``allowed`` numbers (site.yml's allowed_numbers, written in any form)."""
    found = []
    for n, line in enumerate(unicodedata.normalize("NFKC", text).split("\n"), start=first_line):
        found += [Finding(n, ID_NUMBER, m) for m in _ID.findall(line) if valid_id_number(m)]
        found += [Finding(n, MOBILE, m) for m in _MOBILE.findall(line)]
    return _without(found, allowed)


_SCANS: FileCache[list[Finding]] = FileCache()  # a preview rescans only the files that changed


def scan_file(path: Path, allowed: Iterable[str] = ()) -> list[Finding]:
    """scan_text of a whole file. A file that cannot be read, or is not UTF-8, has no findings
    here: the rule that reads it reports it."""

    def scan() -> list[Finding]:
        try:
            return scan_text(path.read_text("utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            return []

    return _without(_SCANS.get(path, None, scan), allowed)


def _without(found: list[Finding], allowed: Iterable[str]) -> list[Finding]:
    numbers = {re.sub(r"[^0-9Xx]", "", n).upper() for n in allowed}
    return [f for f in found if f.value.upper() not in numbers] if numbers else found


def describe(finding: Finding, posting: bool = False) -> tuple[str, str]:
    """The message and hint an editor sees. A posting (公示) names residents: its hint says what
    to write of them instead."""
    message = f"含有完整的{finding.kind}“{finding.masked}”（已在此处隐去部分数字）。"
    if posting:
        return ("正文" + message,
                f"公示只写姓名和村组，不写完整{finding.kind}；确需写身份证号的，写成 4103**********1234 这样。")
    return message, ("公开内容不得有完整的身份证号和私人手机号：删去或写成 4103**********1234；"
                     f"确属可以公开的号码（值班手机、许可证编号等），加到 catalog/{SITE_FILE} 的 allowed_numbers。")


# ---------------------------------------------------------------- published content


def personal_data(catalog: Catalog, pages: list, root: Path) -> list[ContentError]:
    """Full ID numbers and private mobile numbers in anything that is published: records' files
    and the hand-written pages (postings are scanned when they are loaded)."""
    allowed = catalog.site.allowed_numbers if catalog.site else ()
    files = {i.source.file for i in catalog.items} | {d.source.file for d in catalog.documents}
    files |= {p.file for p in pages if not in_folder(p.src_uri, POSTINGS_DIR)}
    found = []
    for file in sorted(files):
        path = Path(file) if Path(file).is_absolute() else root / file
        for finding in scan_file(path, allowed):
            found.append(ContentError(file, finding.line, finding.kind, *describe(finding)))
    return found
