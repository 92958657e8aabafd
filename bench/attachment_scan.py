"""What the personal-data scan of attachments and media adds to a district build: prints one line
per figure. Generates a district (``zwgk generate``), attaches ``--pdfs`` multi-page PDFs (lists
of names as county sites publish them) to its documents, then times the scan of everything
published with and without the files under content/, cold (a fresh process, as ``mkdocs build``)
and warm (a preview rebuild, nothing changed).

    python bench/attachment_scan.py --items 3000 --pdfs 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def add_pdfs(project: Path, count: int, pages: int) -> None:
    """``count`` PDFs of ``pages`` pages (a table of names, villages, masked ID numbers), each
    attached to one of the generated documents."""
    from weasyprint import HTML

    rng = random.Random(7)
    rows = "".join(f"<tr><td>{n}</td><td>张{n}</td><td>东高村{n % 9}组</td><td>4103**********{n:04d}</td></tr>"
                   for n in range(40 * pages))
    pdf = HTML(string=f"<table>{rows}</table>").write_pdf()
    documents = sorted((project / "catalog" / "documents").rglob("*.md"))
    folder = project / "content" / "attachments" / "lists"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"mingdan-{n}.pdf").write_bytes(pdf + f"\n% {n}\n".encode())  # distinct files
        doc = documents[rng.randrange(len(documents))]
        text = doc.read_text("utf-8")
        entry = f"  - title: 名单{n}\n    path: attachments/lists/mingdan-{n}.pdf\n"
        if "\nattachments:\n" in text:
            text = text.replace("\nattachments:\n", "\nattachments:\n" + entry, 1)
        else:
            text = text.replace("\n---\n", "\nattachments:\n" + entry + "---\n", 1)
        doc.write_text(text, "utf-8")


def measure(project: Path) -> None:
    from zwgk.content.catalog import load_catalog
    from zwgk.content.privacy import personal_data
    from zwgk.content.settings import read_settings
    from zwgk.site.plan import plan_site

    day = dt.date(2026, 1, 15)
    settings = replace(read_settings(project / "mkdocs.yml"), build_date=day)
    catalog = load_catalog(project / "catalog", project / "content", day, project)
    site = plan_site(catalog, settings)  # the plan scans once: what a build pays (cold)
    hand, files = site.hand_pages, site.files.uris
    scanned = [u for u in files if Path(u).suffix.lower() in {".pdf", ".docx", ".xlsx", ".csv", ".txt", ".vtt",
                                                               ".srt"}]
    size = sum((settings.docs_dir / u).stat().st_size for u in scanned)

    def timed(**kwargs) -> float:
        started = time.perf_counter()
        personal_data(catalog, hand, project, settings.catalog_dir, settings.docs_dir, **kwargs)
        return time.perf_counter() - started

    warm_all = timed(files=files)
    warm_text = timed(files=())
    print(f"published files scanned: {len(scanned)} ({size / 1e6:.1f} MB)")
    print(f"warm rescan (preview, nothing changed): {warm_all * 1000:.0f} ms with files, "
          f"{warm_text * 1000:.0f} ms records and pages only")


def cold(project: Path, with_files: bool) -> float:
    code = f"""
import datetime as dt, time, sys
from dataclasses import replace
from pathlib import Path
from zwgk.content.catalog import load_catalog
from zwgk.content.privacy import personal_data
from zwgk.content.settings import read_settings
from zwgk.site.plan import plan_site
p = Path({str(project)!r}); day = dt.date(2026, 1, 15)
s = replace(read_settings(p / "mkdocs.yml"), build_date=day)
c = load_catalog(p / "catalog", p / "content", day, p)
from zwgk.content import pages, published
from zwgk.site.addresses import document_uri
hand = tuple(pages.content_pages(c, s.docs_dir, s.root))
files = published.published_files(c, hand, s.docs_dir, s.root, document_uri, s.configured_files).uris
t = time.perf_counter()
personal_data(c, hand, p, s.catalog_dir, s.docs_dir, files if {with_files} else ())
print(time.perf_counter() - t)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--places", type=int, default=129)
    parser.add_argument("--pdfs", type=int, default=200)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "district"
        subprocess.run([sys.executable, "-m", "zwgk.cli", "generate", str(project), "--demo", str(ROOT),
                        "--items", str(args.items), "--places", str(args.places)], check=True, capture_output=True)
        add_pdfs(project, args.pdfs, args.pages)
        print(f"district: {args.items} items, {args.places} places, +{args.pdfs} PDFs of {args.pages} pages")
        with_files = min(cold(project, True) for _ in range(3))  # best of three: the machine is shared
        without = min(cold(project, False) for _ in range(3))
        print(f"cold scan (build): {with_files:.2f} s with attachments and media, {without:.2f} s without "
              f"→ attachments add {with_files - without:.2f} s")
        measure(project)


if __name__ == "__main__":
    main()
