"""Bulletin-board PDFs with WeasyPrint: one per place, rendered in parallel processes.

The HTML comes from the same view and templates as the website's board; each PDF is
written to a temporary name and moved into place, so a failed run leaves no half file.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..site.addresses import pdf_path
from ..site.plan import Site
from .modes import FILE_MODE, make_dirs
from .render import Renderer

SIZES = ("A4", "A3")


@dataclass(frozen=True)
class PdfRun:
    files: list[Path]
    seconds: float
    pages: int


def bulletin_css() -> str:
    return resources.files("zwgk.outputs").joinpath("assets/bulletin.css").read_text("utf-8")


def bulletin_documents(site: Site, size: str = "A4", renderer: Renderer | None = None,
                       places: list | None = None) -> list[tuple[str, str]]:
    """(site-relative PDF path, standalone HTML) for every place's board (or the given places):
    the same boards the website shows."""
    renderer = renderer or Renderer()
    css = bulletin_css()
    chosen = [site.boards[p.id] for p in places] if places else list(site.boards.values())
    return [(pdf_path(board["place"], size),
             renderer.render("bulletin_print.html", {**board, "css": css, "size": size}))
            for board in chosen]


def _write_pdf(job: tuple[str, str]) -> int:
    """Render one HTML document to ``path``; return its page count. Runs in a worker process."""
    from weasyprint import HTML  # imported here: workers need it, the website build does not
    from weasyprint.urls import URLFetcher

    path, html = job
    # everything a board prints is inline (CSS, SVG QR codes): a URL in an editor's posting (an
    # outside host, a file: path) is never fetched, so printing reads nothing outside the repository
    inline_only = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=inline_only).render()
    target = Path(path)
    make_dirs(target.parent)  # `zwgk pdf --out` may make them: 0755, not the umask's
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".pdf.part")
    os.close(handle)
    try:
        document.write_pdf(tmp)
        os.chmod(tmp, FILE_MODE)  # mkstemp makes it private; a web server must be able to read it
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(document.pages)


def render_bulletin_pdfs(site: Site, out_dir: Path, sizes=("A4",), jobs: int | None = None,
                         renderer: Renderer | None = None, places: list | None = None) -> PdfRun:
    """Write every place's (or the given places') bulletin PDF under ``out_dir``, in parallel."""
    started = time.perf_counter()
    work = [(str(out_dir / rel), html) for size in sizes
            for rel, html in bulletin_documents(site, size, renderer, places)]
    workers = min(jobs or os.cpu_count() or 1, len(work) or 1)
    if workers == 1:
        pages = [_write_pdf(job) for job in work]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pages = list(pool.map(_write_pdf, work, chunksize=1))
    return PdfRun([Path(p) for p, _ in work], time.perf_counter() - started, sum(pages))
