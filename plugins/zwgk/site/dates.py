"""When each page last changed, for the sitemap's <lastmod> and the date shown on hand-written
pages: from the records themselves, or from git for pages editors write by hand (never the
build clock, so a rebuild of the same content gives the same sitemap)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from ..outputs.feeds import changed_on
from ..content.model import Catalog
from .views import entries


def record_dates(catalog: Catalog) -> tuple[dict[str, dt.date], dt.date | None]:
    """Each record page's date by source URI, and the newest of them (for list and index pages)."""
    dates = {e.uri: changed_on(e) for e in entries(catalog)}
    for posting in catalog.postings:
        dates[posting.src_uri] = posting.start_date
    return dates, max(dates.values(), default=None)


def git_dates(repo: Path, folder: Path) -> dict[str, dt.date]:
    """Last commit date of every file under ``folder`` (relative to it); {} outside a git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", "--format=%x00%cs", "--name-only", "--relative",
                              "--", str(folder)], capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = str(folder.resolve().relative_to(repo.resolve())).rstrip("/") + "/"
    dates: dict[str, dt.date] = {}
    for block in out.split("\x00")[1:]:
        day, *names = block.strip().splitlines()
        for name in names:
            if name.startswith(prefix):
                dates.setdefault(name[len(prefix):], dt.date.fromisoformat(day))  # newest commit first
    return dates
