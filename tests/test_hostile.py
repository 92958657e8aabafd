"""Hostile and careless content: what must not be public is in no output byte, script slipped
into content never runs, spreadsheets never get formulas, and a failed build keeps the old site."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from conftest import BUILD_DATE, POSTING_WITH_BODY, ROOT, copy_project, edit, mkdocs_build, serve_site, write, zwgk

MARKERS = {  # unique strings planted in records that must never be published
    "withheld item": "泄露标记甲不予公开事项",
    "draft document": "泄露标记乙草稿文件",
    "future interpretation": "泄露标记丙未到日期解读",
    "future item": "泄露标记丁未到日期事项",
    "expired posting": "泄露标记戊期满公示",
    "draft posting": "泄露标记己草稿公示",
}
SCRIPT = "<script>window.__pwned = 1</script>"


def item_text(item_id: str, title: str, extra: str = "", published: str = "2024-03-08") -> str:
    source = (ROOT / "catalog/items/jiuye/jiuye-shiye-dengji.yml").read_text("utf-8")
    source = source.replace("id: jiuye-shiye-dengji", f"id: {item_id}").replace("level3: 失业登记", f"level3: {title}")
    source = source.replace("aliases: [失业登记, 就业登记]\n", "").replace("published_date: 2024-03-08",
                                                                        f"published_date: {published}")
    return source + extra




@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The demo with a record of every kind that must stay unpublished, and hostile markup."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    items = project / "catalog/items/jiuye"
    write(items / "leak-withheld.yml", item_text("leak-withheld", MARKERS["withheld item"]).replace(
        "disclosure: 主动公开", "disclosure: 不予公开"))
    write(items / "leak-future.yml", item_text("leak-future", MARKERS["future item"], published="2026-03-01"))
    # hostile but public: shown as text everywhere, never run, never a spreadsheet formula
    write(items / "hostile.yml", item_text("hostile", f"恶意标题{SCRIPT}", published="2026-01-14").replace(
        "content: 办理依据", "content: '=HYPERLINK(\"http://evil.example\",\"点我\")'\nnotes: 办理依据"))
    document = project / "catalog/documents/gongzuo-dongtai/leak-draft.md"
    write(document, f"""---
id: leak-draft
title: {MARKERS["draft document"]}
category: 工作动态
publisher: 洛龙区人民政府办公室
topic: 综合政务
written_date: 2025-06-01
published_date: 2025-06-02
draft: true
---
{MARKERS["draft document"]}正文。
""")
    write(project / "catalog/documents/gongzuo-dongtai/hostile-body.md", f"""---
id: hostile-body
title: 含有不安全标记的动态
category: 工作动态
publisher: 洛龙区人民政府办公室
topic: 综合政务
written_date: 2025-06-03
published_date: 2025-06-04
---
正文里的脚本 {SCRIPT} 不会运行。

<img src="x.png" alt="图" onerror="window.__pwned = 2">
<a href="javascript:window.__pwned = 3">点我</a>
<iframe src="https://evil.example/"></iframe>
<p style="position:fixed" onclick="window.__pwned = 4">正常段落</p>
""")
    interpretation = (ROOT / "content/jiedu/dibao-shishi-banfa-jiedu.md").read_text("utf-8")
    write(project / "content/jiedu/leak-future.md", interpretation.replace(
        "title: 《洛龙区城乡最低生活保障实施办法》政策解读", f"title: {MARKERS['future interpretation']}").replace(
        "published_date: 2024-03-28", "published_date: 2026-02-01"))
    board = project / "content/gongshi/lilou-donggao"
    write(board / "leak-expired.md", POSTING_WITH_BODY.format(title=MARKERS["expired posting"], start="2025-11-03",
                                                    end="2025-11-11", extra="", body="名单：张某某"))
    write(board / "leak-draft.md", POSTING_WITH_BODY.format(title=MARKERS["draft posting"], start="2026-01-12",
                                                  end="2026-01-20", extra="draft: true\n", body="名单：李某某"))
    body = f"公示内容{SCRIPT}<img src=x onerror=\"window.__pwned=5\">"
    write(board / "hostile.md", POSTING_WITH_BODY.format(title="村务公示（含不安全标记）", start="2026-01-12",
                                                         end="2026-01-20", extra="", body=body))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.output
    pdf = zwgk(project, "pdf", "--place", "lilou-donggao", "--jobs", "1", "--out", str(project / "site"),
               "--date", BUILD_DATE)
    assert pdf.code == 0, pdf.output
    return result


@pytest.mark.parametrize("kind", MARKERS)
def test_unpublished_record_is_in_no_output_byte(planted, kind):
    """Pages, search chunks, feeds, sitemap, JSON/CSV/XLSX exports and the village's PDF."""
    assert list(planted.site.rglob("*.pdf")) and list(planted.site.rglob("*.xlsx"))
    assert list(planted.site.rglob("*.pf_fragment"))
    planted.assert_nowhere(MARKERS[kind])


def test_planted_public_records_are_published(planted):
    """The scan above reads the same files the public gets: prove it finds what is public."""
    with pytest.raises(AssertionError):
        planted.assert_nowhere("恶意标题", suffixes=(".pf_fragment",))
    with pytest.raises(AssertionError):
        planted.assert_nowhere("村务公示（含不安全标记）", suffixes=(".pdf",))


def test_no_injected_script_runs_and_yaml_markup_shows_as_text(planted, browser):
    page = browser.new_page()
    with serve_site(planted.site) as base:
        for url in ("items/hostile/", "documents/hostile-body/", "gongshi/lilou-donggao/hostile/",
                    "bulletins/lilou-donggao/", "domains/jiuye/", "search/?q=恶意标题"):
            page.goto(base + url)
            page.wait_for_timeout(300)
            assert page.evaluate("window.__pwned") is None, url
            assert page.evaluate("document.querySelectorAll('iframe, [onerror], [onclick]').length") == 0, url
            assert "javascript:" not in page.content(), url
        page.goto(base + "items/hostile/")
        assert SCRIPT in page.inner_text("h1")  # the title as the editor typed it, as text
    page.close()
    feed = planted.site.joinpath("feed.xml").read_text("utf-8")
    assert "&lt;script&gt;" in feed and "<script>" not in feed


def test_spreadsheets_never_carry_a_formula(planted):
    rows = list(csv.reader(io.StringIO((planted.site / "data/items.csv").read_text("utf-8-sig"))))
    hostile = next(r for r in rows if r[0] == "hostile")
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert any(cell.startswith("'=HYPERLINK") for cell in hostile)
    book = load_workbook(planted.site / "downloads/jiuye.xlsx")
    cells = [c for row in book.active.iter_rows() for c in row if isinstance(c.value, str)]
    formulas = [c for c in cells if c.value.startswith("=")]
    assert formulas and all(c.data_type == "s" for c in formulas)  # text, not a formula Excel would run


def test_a_failed_build_leaves_the_published_site_untouched(tmp_path, demo_build):
    """`zwgk build` renders into a new folder and swaps it in only when everything succeeded."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(demo_build.site, project / "site")  # the site published by an earlier build
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
    run = [sys.executable, "-m", "zwgk.cli", "build"]
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert len(before) > 300
    # a mistake that only shows while pages are rendered (after the catalog passed its checks)
    edit(project / "content/xxgk/zhidu/baomi-shencha.md", "---\n", "---\nzwgk_view: 不存在的视图\n")
    second = subprocess.run(run, cwd=project, env=env, capture_output=True, text=True)
    assert second.returncode != 0 and "Traceback" not in second.stderr + second.stdout
    assert "zwgk_view" in second.stderr + second.stdout
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]
