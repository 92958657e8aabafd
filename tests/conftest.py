"""Shared fixtures: the real demo project, copies of it to break, and real MkDocs builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
        """No output file (pages, search index, sitemap, downloads…) holds any of the markers."""
        for path in self.site.rglob("*"):
            if path.is_file() and (not suffixes or path.suffix in suffixes):
                data = path.read_bytes()
                for marker in markers:
                    assert marker.encode() not in data, (marker, path)


def mkdocs_build(project: Path, site: Path, *extra: str, strict: bool = True) -> BuildResult:
    """Run a real `mkdocs build --strict` of ``project`` into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f",
         str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


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
