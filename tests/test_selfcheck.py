"""`zwgk check` self-inspection: every rule fails on a planted problem and passes on the demo."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project, mkdocs_build


def check(project, *args):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", "check", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


def report(project, *args) -> dict:
    result = check(project, "--format", "json", *args)
    data = json.loads(result.stdout)
    data["exit"] = result.returncode
    return data


def findings(data: dict, rule_text: str) -> list[dict]:
    return [f for f in data["errors"] + data["warnings"] if rule_text in f["message"]]


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_demo_passes_every_rule_clean():
    data = report(ROOT, "--date", "2026-01-15")
    assert data["exit"] == 0 and data["errors"] == [] and data["warnings"] == []
    assert [r["rule"] for r in data["rules"]] == ["空白栏目", "栏目不更新", "页面没有发布日期", "链接失效",
                                                 "公开不及时", "过期文件仍标有效", "个人信息", "疑似个人信息",
                                                 "不能发布的文件", "未被引用的文件", "页面元数据",
                                                 "正文 HTML", "内容提醒", "待完成的草稿"]


def test_text_report_is_readable():
    result = check(ROOT, "--date", "2026-01-15")
    assert result.returncode == 0 and result.stdout.startswith("自查日期：2026-01-15。检查通过")
    assert "检查规则：空白栏目 0 处；栏目不更新 0 处" in result.stdout


def test_stale_columns_and_home_page():
    data = report(ROOT, "--date", "2026-03-01")
    stale = findings(data, "更新")
    assert any("栏目“工作动态”最新一条信息发布于 2026-01-12，已 48 天未更新（要求 14 天内）" in f["message"]
               for f in stale)
    assert any(f["field"] == "首页" and "首页已 48 天没有更新" in f["message"] for f in stale)
    assert data["exit"] == 0  # warnings do not fail the check


def test_blank_column(tmp_path):
    project = copy_project(tmp_path / "p")
    for path in (project / "catalog/documents/tongji-xinxi").glob("*.md"):
        path.unlink()
    [found] = findings(report(project, "--date", "2026-01-15"), "空白栏目")
    assert found["field"] == "tongji-xinxi" and "统计信息" in found["message"]


def test_undated_page(tmp_path):
    project = copy_project(tmp_path / "p")
    edit(project / "content/index.md", "date: 2026-01-05\n", "")
    [found] = findings(report(project, "--date", "2026-01-15"), "没有发布日期")
    assert found["file"] == "content/index.md" and "date:" in found["hint"]


def test_broken_link_is_an_error(tmp_path):
    project = copy_project(tmp_path / "p")
    page = project / "content/help/editing.md"
    edit(page, "# 编辑指南\n", "# 编辑指南\n\n见[标准目录](../domains/index.md)和[旧页面](../old/page.md)。\n")
    data = report(project, "--date", "2026-01-15")
    [found] = findings(data, "指向的页面或文件不存在")
    assert found["file"] == "content/help/editing.md" and "../old/page.md" in found["message"]
    line = next(n for n, text in enumerate(page.read_text("utf-8").splitlines(), 1) if "旧页面" in text)
    assert found["line"] == line and data["exit"] == 1  # generated pages (domains/index.md) resolve


def test_late_disclosure_names_the_due_date(tmp_path):
    project = copy_project(tmp_path / "p")
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    edit(item, "published_date: 2024-03-08", "published_date: 2024-04-15")
    [found] = findings(report(project, "--date", "2026-01-15"), "公开不及时")
    # formed 2024-03-01 (Fri); the 20th working day after it is 2024-03-29; from there to 04-15 the
    # Qingming holiday (04-04..06) does not count and Sunday 04-07 (调休) does: 10 working days
    assert "应在 2024-03-29 前公开，实际发布于 2024-04-15，晚了 10 个工作日" in found["message"]
    assert found["line"] == next(n for n, t in enumerate(item.read_text("utf-8").splitlines(), 1)
                                 if t.startswith("published_date:"))


def test_expired_document_still_marked_valid(tmp_path):
    project = copy_project(tmp_path / "p")
    edit(project / "catalog/documents/guifanxing-wenjian/llzb-2025-18.md", "valid_until: 2030-12-31",
         "valid_until: 2025-12-31")
    [found] = findings(report(project, "--date", "2026-01-15"), "已过期")
    assert "llzb-2025-18.md" in found["file"] and found["field"] == "validity"


@pytest.mark.parametrize(("planted", "kind"), [("11010519491231002X", "身份证号"), ("13812345678", "手机号")])
def test_personal_data_in_public_content(tmp_path, planted, kind):
    project = copy_project(tmp_path / "p")
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    edit(item, "guide:", f"notes: 联系人 {planted}\nguide:")
    data = report(project, "--date", "2026-01-15")
    [found] = findings(data, f"完整的{kind}")
    assert found["file"] == "catalog/items/jiuye/jiuye-shiye-dengji.yml" and planted not in found["message"]
    assert data["exit"] == 1
    result = mkdocs_build(project, tmp_path / "site")  # the build refuses to publish it too
    assert result.returncode != 0 and f"完整的{kind}" in result.output
    edit(project / "catalog/site.yml", "allowed_numbers:\n", f'allowed_numbers:\n  - "{planted}"\n')
    assert findings(report(project, "--date", "2026-01-15"), f"完整的{kind}") == []


def test_html_report_for_the_office(tmp_path):
    project = copy_project(tmp_path / "p")
    edit(project / "content/index.md", "date: 2026-01-05\n", "")
    out = tmp_path / "report.html"
    assert check(project, "--date", "2026-01-15", "--html", str(out)).returncode == 0
    html = out.read_text("utf-8")
    assert "政务公开网站自查报告" in html and "content/index.md" in html and "页面没有发布日期" in html
    assert re.search(r"<td>页面没有发布日期</td><td>1 处</td>", html)
