"""PDFs with WeasyPrint: the bulletin boards (one per place, rendered in parallel processes), the
printed guides (a 办事指南 leaflet per domain and per department, a handbook per town) and the
two 政府信息公开申请表 (made with the other files written after the render).

The HTML comes from the same view and templates as the website's board or form page; each PDF
is written atomically (files.write_atomically), so a failed run leaves no half file.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..site.addresses import APPLICANTS, apply_form_pdf, apply_form_uri, pdf_path
from ..site.plan import Site
from .buildcache import BuildCache, digest
from .files import write_atomically
from .render import Renderer

SIZES = ("A4", "A3")


@dataclass(frozen=True)
class PdfRun:
    files: list[Path]
    seconds: float
    pages: int
    page_counts: tuple[int, ...] = ()  # of each file, in the order of ``files``
    reused: int = 0  # copied from the previous build (same HTML), not printed again


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


def forms_css() -> str:
    return resources.files("zwgk.outputs").joinpath("assets/forms.css").read_text("utf-8")


def apply_form_pdfs(site: Site, renderer: Renderer | None = None) -> dict[str, bytes]:
    """The 申请表 of each applicant kind as an A4 PDF (site-relative path → bytes), from the same
    view data as its web page; the CJK font is embedded (subset) by WeasyPrint."""
    renderer = renderer or Renderer(site.settings.templates_dir)
    css = forms_css()
    found = {}
    for key in APPLICANTS:
        spec = site.pages.get(apply_form_uri(key))
        if spec is not None:
            html = renderer.render("apply_form_print.html", {**spec.context, "css": css})
            found[apply_form_pdf(key)] = _pdf_bytes(html)[0]
    return found


def guides_css() -> str:
    return resources.files("zwgk.outputs").joinpath("assets/guides.css").read_text("utf-8")


def guide_documents(site: Site, renderer: Renderer | None = None, kinds=None,
                    towns=None) -> list[tuple[str, str]]:
    """(site-relative PDF path, standalone HTML) of every printed guide the plan holds: the
    leaflets (domain, department) and the towns' handbooks; ``kinds`` picks some of them, ``towns``
    (place ids) some of the handbooks."""
    renderer = renderer or Renderer(site.settings.templates_dir)
    css = guides_css()
    template = {"domain": "leaflet_print.html", "department": "leaflet_print.html", "town": "handbook_print.html"}
    return [(guide["path"], renderer.render(template[guide["kind"]], {**guide, "css": css}))
            for guide in site.guides if (kinds is None or guide["kind"] in kinds)
            and (towns is None or guide["kind"] != "town" or guide["town"].id in towns)]


def render_guide_pdfs(site: Site, out_dir: Path, jobs: int | None = None, renderer: Renderer | None = None,
                      kinds=None, towns=None) -> PdfRun:
    """Write every printed guide (or those ``kinds`` and ``towns`` pick) under ``out_dir``, in parallel."""
    return PdfBatch(guide_documents(site, renderer, kinds, towns), out_dir, jobs=jobs).result()


def pdf_key(html: str) -> str:
    """What a PDF is made from: its HTML (CSS and QR codes inline) and the printer's version."""
    from weasyprint import __version__

    return f"weasyprint {__version__} {digest(html)}"


class PdfBatch:
    """PDFs written under ``out_dir`` by worker processes, started at once so that they render
    while the rest of the build goes on; ``result()`` waits for them. With a build cache, a PDF
    whose HTML is the one the previous build printed is copied from the previous site instead."""

    def __init__(self, documents: list[tuple[str, str]], out_dir: Path, cache: BuildCache | None = None,
                 jobs: int | None = None) -> None:
        self.started = time.perf_counter()
        self.cache = cache
        self.order = [rel for rel, _ in documents]
        self.out_dir = out_dir
        self.pages: dict[str, int] = {}
        self.reused = 0
        pending = []
        for rel, html in documents:
            key = pdf_key(html) if cache is not None else ""
            if cache is not None and cache.reuse(rel, key):
                write_atomically(out_dir / rel, cache.read(rel))
                self.pages[rel] = cache.extra(rel) or 0
                self.reused += 1
            else:
                pending.append((rel, key, (str(out_dir / rel), html)))
        workers = min(jobs or os.cpu_count() or 1, len(pending) or 1)
        self.pool = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
            self.pending = [(rel, key, self.pool.submit(_write_pdf, job)) for rel, key, job in pending]
        else:
            self.pending = [(rel, key, job) for rel, key, job in pending]

    def result(self) -> PdfRun:
        """Wait for the PDFs (a worker's error is raised here); record them in the cache."""
        try:
            for rel, key, work in self.pending:
                pages, data_digest = work.result() if self.pool is not None else _write_pdf(work)
                self.pages[rel] = pages
                if self.cache is not None:
                    self.cache.record(rel, key, data_digest=data_digest, extra=pages)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
        counts = tuple(self.pages[rel] for rel in self.order)
        return PdfRun([self.out_dir / rel for rel in self.order], time.perf_counter() - self.started, sum(counts),
                      counts, self.reused)


    def cancel(self) -> None:
        """The build failed: stop printing."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _context():
    """Fork where there is fork (the workers need no pickled plan and start at once)."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _pdf_bytes(html: str) -> tuple[bytes, int]:
    """One standalone HTML document as PDF bytes and its page count."""
    from weasyprint import HTML  # imported here: workers need it, the website build does not
    from weasyprint.urls import URLFetcher

    # everything a document prints is inline (CSS, SVG QR codes): a URL in an editor's text (an
    # outside host, a file: path) is never fetched, so printing reads nothing outside the repository
    inline_only = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=inline_only).render()
    return document.write_pdf(), len(document.pages)


def _write_pdf(job: tuple[str, str]) -> tuple[int, str]:
    """Render one HTML document to ``path``; return its page count and the digest of its bytes.
    Runs in a worker process."""
    path, html = job
    data, pages = _pdf_bytes(html)
    # `zwgk pdf --out` may make the folders: 0755 and a 0644 file, whatever the umask
    write_atomically(Path(path), data)
    return pages, digest(data)


def render_bulletin_pdfs(site: Site, out_dir: Path, sizes=("A4",), jobs: int | None = None,
                         renderer: Renderer | None = None, places: list | None = None) -> PdfRun:
    """Write every place's (or the given places') bulletin PDF under ``out_dir``, in parallel."""
    return PdfBatch(site_pdf_documents(site, sizes, renderer, places, guides=False), out_dir, jobs=jobs).result()


def site_pdf_documents(site: Site, sizes=("A4",), renderer: Renderer | None = None, places: list | None = None,
                       guides: bool = True) -> list[tuple[str, str]]:
    """Every board in every size, then (``guides``) every printed guide: what a build prints."""
    documents = [doc for size in sizes for doc in bulletin_documents(site, size, renderer, places)]
    return documents + (guide_documents(site, renderer) if guides else [])
