"""Shared fixtures: the real demo project, copies of it to break, and real MkDocs builds."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-01-15"  # fixed so visibility by 发布日期 does not depend on the clock
PROJECT_PARTS = ("mkdocs.yml", "catalog", "content", "theme")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path).read_text("utf-8")

    def assert_nowhere(self, *markers: str, suffixes: tuple[str, ...] = ()) -> None:
        """No output file (pages, search index chunks, sitemap, downloads…) holds any of the markers."""
        for path in self.site.rglob("*"):
            if path.is_file() and (not suffixes or path.suffix in suffixes):
                data = readable_bytes(path)
                for marker in markers:
                    assert marker.encode() not in data, (marker, path)


def readable_bytes(path: Path) -> bytes:
    """A file's content as a reader would get it: gzipped index chunks unpacked, every member of
    an XLSX (zip) file, the text of a PDF."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's index chunks, sitemap.xml.gz
        return gzip.decompress(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    if data[:5] == b"%PDF-":
        return subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=True).stdout
    return data


def mkdocs_build(project: Path, site: Path, *extra: str, strict: bool = True) -> BuildResult:
    """Run a real `mkdocs build --strict` of ``project`` into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f",
         str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def plan(project: Path = ROOT, day: str = BUILD_DATE, **settings):
    """The site plan of ``project`` as its build would make it (in-process, no MkDocs), on ``day``;
    ``settings`` override mkdocs.yml's (e.g. site_url=…, bulletin_pdfs=True)."""
    import dataclasses
    import datetime as dt

    from zwgk.content.catalog import check_catalog
    from zwgk.content.settings import read_settings
    from zwgk.site.plan import plan_site

    found = dataclasses.replace(read_settings(project / "mkdocs.yml"), build_date=dt.date.fromisoformat(day),
                                **settings)
    catalog, errors = check_catalog(found.catalog_dir, found.docs_dir, found.build_date, found.root)
    assert not errors, [e.format() for e in errors]
    return plan_site(catalog, found)


def copy_project(dest: Path) -> Path:
    """A private copy of the demo project that a test may break."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> BuildResult:
    """The demo district's site, built once per test session."""
    result = mkdocs_build(ROOT, tmp_path_factory.mktemp("demo") / "site")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


class _PrefixedSite(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``prefix`` only, as a county portal would serve a township's site."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-the-prefix"
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_site(site: Path, prefix: str = "/"):
    """An HTTP server for a built site under ``prefix``; yields the site's base URL."""
    handler = functools.partial(type("Handler", (_PrefixedSite,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never Playwright's own browser download)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium package is installed by scripts/test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
