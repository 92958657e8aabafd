"""Errors where editors look: while the content has errors, `mkdocs serve` answers every address at
once with the list of errors (file, line, field, what is wrong, how to fix it), the open browser
shows it within seconds and shows the page again once the errors are fixed; a real build still
fails and leaves the published site as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_browser import axe_violations
from test_serve import free_port, wait_for

from conftest import BUILD_DATE, edit, line_of, mkdocs_build

ITEM = "catalog/items/jiuye/jiuye-shiye-dengji.yml"
OTHER = "catalog/items/jiuye/jiuye-chuangye-danbao-daikuan.yml"
DOCUMENT = "catalog/documents/caizheng-shenji/llcz-2023-juesuan.md"
ITEM_URL = "items/jiuye-shiye-dengji/"
TITLE = '<h1 id="zwgk-title">失业登记</h1>'
ERRORS_TITLE = "处错误，预览暂停"
ADDRESSES = ("", ITEM_URL, "domains/jiuye/", "no/such/page/", "xxgk/guide/", "items/jiuye-shiye-dengji")


def fetch(url: str, timeout: float = 10) -> tuple[int, str, float]:
    """(status, body, seconds) of one plain GET, as curl would make it."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, body.decode("utf-8"), time.monotonic() - start


def break_two_items(project: Path) -> list[tuple[str, int, str]]:
    """Two mistakes in two files; returns (file, line, field) of each."""
    item = project / ITEM
    edit(item, "\nid: jiuye-shiye-dengji", "\nidx: jiuye-shiye-dengji")
    other = project / OTHER
    text = other.read_text("utf-8")
    assert "\naudience: 全社会" in text
    edit(other, "\naudience: 全社会", "\naudience: 全体居民")
    return [(ITEM, line_of(item.read_text("utf-8"), "idx:"), "idx"),
            (OTHER, line_of(other.read_text("utf-8"), "audience: 全体居民"), "audience")]


def fix_two_items(project: Path) -> None:
    edit(project / ITEM, "\nidx: jiuye-shiye-dengji", "\nid: jiuye-shiye-dengji")
    edit(project / OTHER, "\naudience: 全体居民", "\naudience: 全社会")


class Serve:
    """A real `mkdocs serve --dirty` (what scripts/serve runs) of ``project`` on a free port, or
    ProperDocs' (ZWGK_ENGINE=properdocs scripts/serve)."""

    def __init__(self, project: Path, engine: str = "mkdocs"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = project.parent / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
        self.process = subprocess.Popen(
            [sys.executable, "-m", engine, "serve", "--dirty", "-a", f"127.0.0.1:{self.port}", "-f",
             str(project / "mkdocs.yml")],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=self.log.open("wb"), start_new_session=True)

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture
def serve(project):
    server = Serve(project)
    yield server
    server.stop()


def wait_in_browser(page, text: str, timeout: float) -> float:
    """Seconds until the open page shows ``text`` (reloaded by itself, never by the test)."""
    start = time.monotonic()
    page.wait_for_function("text => document.documentElement.outerHTML.includes(text)", arg=text,
                           timeout=timeout * 1000, polling=100)
    return time.monotonic() - start


def test_the_open_page_shows_every_error_within_5_s_and_the_page_again_once_fixed(serve, project, browser):
    wait_for(serve.base + ITEM_URL, lambda html: TITLE in html, timeout=180)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    outside = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(serve.base)
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(serve.base + ITEM_URL, wait_until="load")
    assert TITLE in page.content()

    broken = break_two_items(project)
    shown = wait_in_browser(page, ERRORS_TITLE, timeout=5)
    print(f"\nerror list in the open browser {shown:.2f} s after the save")
    page.wait_for_load_state("load")
    text = page.inner_text("main")
    assert "内容有 2 处错误" in text and "涉及 2 个文件" in text, text
    items = page.locator("main li").all_inner_texts()
    assert len(items) == 2, items
    for (file, line, field), shown_text in zip(sorted(broken), items, strict=True):
        assert file in shown_text and f"第 {line} 行" in shown_text, shown_text
        assert "字段" in shown_text and field in shown_text and "问题" in shown_text, shown_text
        assert "怎么改" in shown_text, shown_text  # every error comes with its fix
    assert "是不是想写“id”" in items[[b[0] for b in sorted(broken)].index(ITEM)]
    assert axe_violations(page) == []
    page.screenshot(path=str(project.parent / "serve-errors.png"), full_page=True)

    # every address answers at once with the same list, never a stale page or a hang
    for address in ADDRESSES:
        status, body, seconds = fetch(serve.base + address)
        assert seconds < 3, (address, seconds)
        assert ERRORS_TITLE in body and ITEM in body and OTHER in body, (address, status)
        assert TITLE not in body

    fix_two_items(project)
    back = wait_in_browser(page, TITLE, timeout=60)
    print(f"the page again {back:.2f} s after the fix")
    assert ERRORS_TITLE not in page.content()
    for address in ADDRESSES:  # the pages kept aside while the errors showed are back, the theme's 404 too
        status, body, seconds = fetch(serve.base + address)
        assert ERRORS_TITLE not in body and seconds < 3, (address, seconds)
        assert status == (404 if address.startswith("no/") else 200), address
    assert outside == []
    context.close()
    assert "Traceback" not in serve.output()


def test_a_broken_mkdocs_yml_does_not_hang_the_preview_either(serve, project):
    """A wrong zwgk option is listed like content; a YAML mistake in mkdocs.yml (MkDocs' own
    configuration error) is shown with what MkDocs says about it."""
    wait_for(serve.base + ITEM_URL, lambda html: TITLE in html, timeout=180)
    config = project / "mkdocs.yml"
    good = config.read_text("utf-8")
    build_date = '      build_date: !ENV [ZWGK_BUILD_DATE, "2026-01-15"]'
    assert build_date in good
    config.write_text(good.replace(build_date, '      build_date: "15.01.2026"'), "utf-8")
    body = wait_for_error(serve.base + ITEM_URL, timeout=15)
    assert "<code>mkdocs.yml</code>" in body and "build_date“15.01.2026”不是有效日期，应写成 2024-03-15" in body
    config.write_text(good.replace("docs_dir: content", "docs_dir: [content"), "utf-8")
    body = wait_for_error(serve.base + "domains/", timeout=15, other_than=body)
    assert "构建出错" in body and "mkdocs.yml" in body and "line 5" in body, body
    config.write_text(good, "utf-8")
    wait_for(serve.base + ITEM_URL, lambda html: TITLE in html, timeout=60)
    assert "Traceback" not in serve.output()


def wait_for_error(url: str, timeout: float, other_than: str = "") -> str:
    """The error page at ``url`` (a new one, if ``other_than`` is the last); no answer may take long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, body, seconds = fetch(url)
        except urllib.error.URLError:  # not listening yet
            time.sleep(0.5)
            continue
        assert seconds < 8, seconds
        if ERRORS_TITLE in body and body != other_than:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show the errors within {timeout}s")


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_serve_started_on_broken_content_shows_the_errors(project, engine):
    """An editor who starts the preview after a bad save gets the list, not a server that exits;
    the same under ProperDocs, whose server is MkDocs' own."""
    broken = break_two_items(project)
    document = project / DOCUMENT
    good = document.read_text("utf-8")
    edit(document, "\ntitle: 洛龙区2023年财政决算公开\n", "\ntitle: 洛龙区2023年财政决算公开: [未写完\n")
    server = Serve(project, engine)
    try:
        body = wait_for_error(server.base, timeout=120)
        assert "内容有 3 处错误" in body
        for file, line, field in broken:
            assert file in body and f"第 {line} 行" in body and field in body
        assert f"<code>{DOCUMENT}</code> 第 3 行" in body and "YAML 格式错误" in body  # a file that cannot be read
        assert server.process.poll() is None
        fix_two_items(project)
        document.write_text(good, "utf-8")
        wait_for(server.base + ITEM_URL, lambda html: TITLE in html, timeout=120)
    finally:
        server.stop()


def test_a_real_build_still_fails_and_leaves_the_site_alone(project, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published", "utf-8")
    broken = break_two_items(project)
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    for file, line, field in broken:
        assert f"{file}:{line}  {field}" in result.output, result.output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "published"
    assert "404.html" not in os.listdir(site) and "预览暂停" not in result.output


def test_the_error_page_shows_text_as_text_and_changes_with_the_errors():
    """Whatever an editor typed reaches the page as text; other errors give another digest, so an
    open page reloads when the editor fixes one error of two."""
    from zwgk.content.errors import ContentError
    from zwgk.outputs.preview import errors_digest, errors_page

    hostile = ContentError("catalog/items/<b>x</b>.yml", 3, "title<script>", "不能写“<script>alert(1)</script>”",
                           "删去 <img src=x onerror=alert(1)>")
    other = ContentError("catalog/items/b.yml", 0, "", "文件是空的")
    page = errors_page([hostile, other, hostile], "/zwgk-preview-errors.txt").decode("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "内容有 2 处错误" in page and "涉及 2 个文件" in page
    assert page.index("catalog/items/&lt;b&gt;x&lt;/b&gt;.yml") < page.index("catalog/items/b.yml")
    assert "第 0 行" not in page  # a whole-file error has no line
    assert errors_digest([hostile, other]) == errors_digest([other, hostile]) != errors_digest([other])
    assert f'var digest = "{errors_digest([other, hostile])}"' in page
