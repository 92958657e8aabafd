"""The visibility rule: whether a record appears on the site on a given day. Written here only and
applied once, when the Catalog is built (what a Catalog does not hold, no view can publish).

A draft reads as 不予公开 (readers map it), so one test keeps both out. Core module: imports the
model only.
"""

from __future__ import annotations

import datetime as dt

from .model import Posting

WITHHELD = "不予公开"
ON_REQUEST = "依申请公开"  # the catalog entry is public; the text and attachments go to an applicant


def published_on(record, day: dt.date) -> bool:
    """Whether ``record`` is on the site on ``day``: never when withheld or a draft; a posting only
    during its 公示期 (before and after it, its names and amounts are nowhere); a report from its
    date if it has one; anything else from its 发布日期."""
    if getattr(record, "disclosure", None) == WITHHELD or getattr(record, "draft", False):
        return False
    if isinstance(record, Posting):
        return record.start_date <= day <= record.end_date
    return record.published_date is None or record.published_date <= day


def text_published(record) -> bool:
    """Whether a published record's body and attachments are published too (not 依申请公开)."""
    return getattr(record, "disclosure", None) != ON_REQUEST
