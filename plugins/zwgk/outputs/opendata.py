"""Open data files: the datasets of site/datasets.py as JSON, CSV (spreadsheet-safe) and their
JSON Schema, by their path in the site dir."""

from __future__ import annotations

import csv
import io
import json

from ..content.model import Catalog
from ..site.addresses import DATA_DIR
from ..site.datasets import DATASETS, record, schema
from .spreadsheets import spreadsheet_safe


def _csv(fields, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.title for f in fields])
    for row in rows:
        writer.writerow(spreadsheet_safe(["；".join(v) if isinstance(v, list) else
                                          ("是" if v is True else "否" if v is False else v) for v in row.values()]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8



def open_data(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """Every open-data file by its path in the site dir."""
    files = {}
    for stem, (_, fields, records) in DATASETS.items():
        rows = [record(fields, r, site_url) for r in records(catalog)]
        files[f"{DATA_DIR}/{stem}.json"] = json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
        files[f"{DATA_DIR}/{stem}.csv"] = _csv(fields, rows)
        described = schema(stem, catalog)
        files[f"{DATA_DIR}/{stem}.schema.json"] = json.dumps(described, ensure_ascii=False, indent=1).encode()
    return files
