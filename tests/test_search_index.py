"""The search index is complete or the build fails: concurrent builds on a busy machine, an index
that cannot be written in full, a page that does not reach the index; and the search page tells
the editors' preview apart from a published site whose index does not load."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import BUILD_DATE, ROOT, copy_project, mkdocs_build, serve_site

sys.path.insert(0, str(ROOT / "bench"))
from search_stress import QUERY, index_problems, start_hogs, stop_hogs  # noqa: E402 - bench is not a package

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}


def indexed_pages(site: Path) -> int:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def search_status(browser, base: str, query: str = QUERY[0]) -> tuple[str, list[str], list[str]]:
    """What the search page says and lists for ``query``: (status text, result links, status links)."""
    page = browser.new_page()
    page.goto(base + "search/?q=" + urllib.parse.quote(query))
    page.wait_for_function("document.querySelector('[data-zwgk-status]').textContent.trim()"
                           " && !document.querySelector('[data-zwgk-status]').textContent.includes('正在搜索')")
    status = page.inner_text("[data-zwgk-status]")
    results = [a.get_attribute("href") for a in page.query_selector_all("[data-zwgk-results] a")]
    links = [a.get_attribute("href") for a in page.query_selector_all("[data-zwgk-status] a")]
    page.close()
    return status, results, links


def test_concurrent_builds_on_a_busy_machine_are_complete_or_fail(tmp_path, demo_build, browser):
    """The measured failure: under load, parallel builds exited 0 with empty index files."""
    projects = [copy_project(tmp_path / f"project-{n}") for n in range(4)]
    hogs = start_hogs(os.cpu_count() or 1)
    try:
        with ThreadPoolExecutor(4) as pool:
            builds = list(pool.map(lambda p: mkdocs_build(p, p.parent / f"site-{p.name}"), projects))
    finally:
        stop_hogs(hogs)
    complete = 0
    for build in builds:
        if build.returncode:
            assert "搜索索引" in build.output, build.output[-3000:]  # failed loudly, for the index
            continue
        assert index_problems(build.site, indexed_pages(demo_build.site)) == []
        assert not list(build.site.glob("pagefind.*")), "no half-written index folder left behind"
        with serve_site(build.site, "/xxgk/luolong/") as base:
            status, results, _ = search_status(browser, base)
        assert "/xxgk/luolong/" + QUERY[1] in results, (status, results)
        complete += 1
    assert complete, [build.output[-2000:] for build in builds]


WRITE_UNDER_A_FILE_SIZE_LIMIT = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from zwgk.outputs.search import SearchIndexer, SearchUnavailable

    demo, site = Path(sys.argv[1]), Path(sys.argv[2])
    indexer = SearchIndexer()
    for page in sorted(demo.rglob("index.html")):
        if not page.is_relative_to(demo / "search"):
            indexer.add("/" + page.parent.relative_to(demo).as_posix() + "/", page.read_text("utf-8"))
    # like a nearly full disk or a quota: files may grow to 100 KB only (Python ignores SIGXFSZ)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    try:
        indexer.write(site)
    except SearchUnavailable as exc:
        print(exc)
        sys.exit(1)
""")


def test_an_index_that_cannot_be_written_in_full_fails_and_keeps_the_old_one(tmp_path, demo_build):
    """Pagefind hands over files larger than the write step can write: the check finds them short,
    names them, and the index already published stays as it was."""
    site = tmp_path / "site"
    shutil.copytree(demo_build.site / "pagefind", site / "pagefind")
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    proc = subprocess.run([sys.executable, "-c", WRITE_UNDER_A_FILE_SIZE_LIMIT, str(demo_build.site), str(site)],
                          capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    message = proc.stdout
    assert message.startswith("搜索索引不完整，本次构建失败"), message
    big = sorted(p.name for p in (demo_build.site / "pagefind").iterdir() if p.is_file() and p.stat().st_size > 100_000)
    assert big, "the demo index has files over the limit"
    for name in big:  # every short file, all in one message, with the reason from the system
        size = (demo_build.site / "pagefind" / name).stat().st_size
        assert f"pagefind/{name} 只写入了 100000 字节，应有 {size} 字节（File too large）" in message, message
    assert "磁盘空间不足" in message and "Traceback" not in proc.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # the old index untouched, nothing half-written beside it


LANDING = """{% extends "main.html" %}
{% block container %}<div class="landing">{{ page.content }}</div>{% endblock %}
"""


def test_a_page_that_does_not_reach_the_index_fails_the_build_and_keeps_the_site(project, tmp_path, browser,
                                                                                  demo_build):
    """A page fed to the index that Pagefind leaves out (its template has no article): the build fails
    naming the page's file, `zwgk build` keeps the published site, and the fix the message gives works."""
    site = tmp_path / "site"
    shutil.copytree(demo_build.site, site)  # the site an earlier build published
    cli = [sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(site)]
    (project / "theme/landing.html").write_text(LANDING, "utf-8")
    page = project / "content/zhuanti-landing.md"
    page.write_text("---\ntitle: 专题\ntemplate: landing.html\n---\n\n专题页面的正文。\n", "utf-8")
    failed = subprocess.run(cli, capture_output=True, text=True, env=ENV, cwd=project, timeout=600)
    assert failed.returncode == 1
    assert "页面 /zhuanti-landing/（content/zhuanti-landing.md） 不在搜索索引里" in failed.stderr, failed.stderr[-3000:]
    assert "search: {exclude: true}" in failed.stderr and "Traceback" not in failed.stderr
    assert not (site / "zhuanti-landing").exists()  # the published site is the earlier one
    assert index_problems(site, indexed_pages(site)) == []
    with serve_site(site, "/") as base:
        assert "/" + QUERY[1] in search_status(browser, base)[1]

    page.write_text("---\ntitle: 专题\ntemplate: landing.html\nsearch: {exclude: true}\n---\n\n正文。\n", "utf-8")
    fixed = subprocess.run(cli, capture_output=True, text=True, env=ENV, cwd=project, timeout=600)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert (site / "zhuanti-landing/index.html").exists() and index_problems(site) == []


@pytest.mark.parametrize("damage", ["empty entry file", "no index folder"])
def test_a_published_site_whose_index_fails_says_search_is_unavailable(tmp_path, demo_build, browser, damage):
    site = tmp_path / "site"
    shutil.copytree(demo_build.site, site)
    if damage == "empty entry file":  # what the old builds left under load
        (site / "pagefind/pagefind-entry.json").write_bytes(b"")
    else:
        shutil.rmtree(site / "pagefind")
    with serve_site(site, "/xxgk/luolong/") as base:
        status, results, links = search_status(browser, base)
    assert status.startswith("搜索暂时不可用"), status
    assert "12345" in status and "预览" not in status and not results
    assert links == ["../domains/"]  # the 标准目录, a way on without search


def serving(url: str, timeout: float = 120) -> str:
    """The page at ``url`` once the preview server answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_preview_says_it_builds_no_index(project, browser):
    """`mkdocs serve` renders the search page but builds no index, by design: it says so, not 'unavailable'."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert "data-zwgk-preview" in serving(base + "search/")
        status, results, links = search_status(browser, base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "预览时不生成搜索索引" in status and "暂时不可用" not in status and not results, status
    assert links == ["../domains/"]


def test_a_published_search_page_carries_no_preview_flag(demo_build):
    page = demo_build.page("search/index.html")
    assert "data-zwgk-search" in page and "data-zwgk-preview" not in page and "预览" not in page
