"""Published files are readable by a web server that runs as another user, whatever the umask of
the person or job that builds: every file 0644, every folder 0755."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_DATE, copy_project, demo_catalog, zwgk
from zwgk.outputs.exports import csv_text
from zwgk.site.tables import catalog_table

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}


def private_umask() -> None:
    os.umask(0o077)  # what a careful admin's shell or a CI job may have: new files 0600, folders 0700


@contextlib.contextmanager
def private_umask_here():
    """The private umask for a command run in this process (zwgk pdf, zwgk import)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def zwgk_build(project: Path) -> subprocess.CompletedProcess:
    """The real `zwgk build` in a process of its own, under the private umask."""
    return subprocess.run([sys.executable, "-m", "zwgk.cli", "build"], cwd=project, env=ENV, capture_output=True,
                          text=True, timeout=600, preexec_fn=private_umask)


def unreadable(root: Path) -> dict[str, str]:
    """Every path under ``root`` (and ``root``) whose mode is not 0755 for a folder, 0644 for a file."""
    wrong = {}
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode != (0o755 if path.is_dir() else 0o644):
            wrong[str(path.relative_to(root))] = oct(mode)
    return wrong


def test_a_build_under_a_private_umask_publishes_a_readable_site(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/attachments/forms/dibao-shenqingshu.docx").chmod(0o600)  # an editor's private copy
    result = zwgk_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    assert unreadable(site) == {}
    kinds = {  # what each writer made: MkDocs pages and copies, our downloads, data and feeds, Pagefind
        "page": "domains/jiuye/index.html", "theme copy": "assets/stylesheets",
        "editor's file": "attachments/forms/dibao-shenqingshu.docx",
        "download": "downloads/jiuye.xlsx", "open data": "data/items.csv", "feed": "feed.xml",
        "search index": "pagefind/pagefind.js", "sitemap": "sitemap.xml.gz", "our asset": "assets/zwgk/reader.js",
    }
    missing = {kind: path for kind, path in kinds.items() if not (site / path).exists()}
    assert missing == {}
    assert not list(project.glob("site.*")), "the swap leaves no folder behind"


def test_bulletin_pdfs_written_outside_the_site_are_readable(tmp_path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "print" / "2026"  # neither folder exists yet
    with private_umask_here():
        result = zwgk(project, "pdf", "--place", "lilou-donggao", "--size", "A4", "--size", "A3", "--out", str(out),
                      "--date", BUILD_DATE, "--jobs", "1")
    assert result.code == 0, result.output
    assert sorted(p.name for p in (out / "bulletins/pdf").iterdir()) == ["lilou-donggao-a3.pdf", "lilou-donggao.pdf"]
    assert unreadable(tmp_path / "print") == {}


def test_an_import_keeps_the_mode_of_the_files_it_updates(tmp_path):
    project = copy_project(tmp_path / "project")
    catalog = demo_catalog()  # the copy's content, as it was before the edit below
    table = tmp_path / "就业.csv"
    table.write_text(csv_text(catalog_table(catalog, catalog.domains["jiuye"])), "utf-8")
    path = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    path.write_text(path.read_text("utf-8").replace("content: 办理依据", "content: 旧的办理依据"), "utf-8")
    path.chmod(0o664)  # group-writable: the office's editors share the repository
    with private_umask_here():
        result = zwgk(project, "import", str(table), "--domain", "jiuye")
    assert "更新" in result.output and "jiuye-shiye-dengji.yml" in result.output, result.output
    assert "content: 办理依据" in path.read_text("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
