"""`zwgk check` self-inspection: every rule fails on a planted problem and passes on the demo.
The rules run in-process on the site plan (tools/selfcheck.inspect); the command's own output
(text, JSON, HTML report, exit codes) is checked here and in test_cli.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import BUILD_DATE, ROOT, edit, findings, line_of, mkdocs_build, plan, self_check, zwgk

RULES = ["网站标识", "首页更新", "空白栏目", "栏目不更新", "页面没有发布日期", "链接失效", "公开不及时",
         "过期文件仍标有效", "个人信息", "疑似个人信息", "不能发布的文件", "未被引用的文件", "页面元数据", "正文 HTML",
         "内容提醒", "待完成的草稿", "复核过期"]


def test_demo_passes_every_rule_clean_in_json():
    """The real command, as CI runs it: JSON on stdout, exit code 0."""
    result = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--format", "json", "--date", BUILD_DATE],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["ok"] is True and data["errors"] == [] and data["warnings"] == []
    assert [r["rule"] for r in data["rules"]] == RULES and all(r["findings"] == 0 for r in data["rules"])
    assert data["date"] == BUILD_DATE and "57 个公开事项" in data["summary"]


def test_text_report_is_readable():
    result = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--date", BUILD_DATE],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith(f"自查日期：{BUILD_DATE}。检查通过")
    assert "检查规则：网站标识 0 处；首页更新 0 处；空白栏目 0 处；栏目不更新 0 处" in result.stdout


def test_stale_columns_and_home_page():
    report = self_check(ROOT, "2026-03-01")
    stale = findings(report, "更新")
    assert any("栏目“工作动态”最新一条信息发布于 2026-01-12，已 48 天未更新（要求 14 天内）" in f.message
               for f in stale)
    assert any(f.field == "首页" and "首页已 48 天没有更新" in f.message for f in stale)
    assert report.errors == []  # warnings do not fail the check
    assert dict(report.rules)["栏目不更新"] + dict(report.rules)["首页更新"] == len(stale)


def test_blank_column(project):
    for path in (project / "catalog/documents/tongji-xinxi").glob("*.md"):
        path.unlink()
    [found] = findings(self_check(project), "空白栏目")
    assert found.field == "tongji-xinxi" and "统计信息" in found.message


def test_undated_page(project):
    edit(project / "content/index.md", "date: 2026-01-05\n", "")
    [found] = findings(self_check(project), "没有发布日期")
    assert found.file == "content/index.md" and "date:" in found.hint


def test_broken_link_is_an_error(project):
    page = project / "content/help/editing.md"
    text = edit(page, "# 编辑指南\n", "# 编辑指南\n\n见[标准目录](../domains/index.md)和[旧页面](../old/page.md)。\n")
    report = self_check(project)
    [found] = findings(report, "指向的页面或文件不存在")
    assert found.file == "content/help/editing.md" and "../old/page.md" in found.message
    assert found.line == line_of(text, "旧页面") and found in report.errors  # domains/index.md (generated) resolves


def test_late_disclosure_names_the_due_date(project):
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    text = edit(item, "published_date: 2024-03-08", "published_date: 2024-04-15")
    [found] = findings(self_check(project), "公开不及时")
    # formed 2024-03-01 (Fri); the 20th working day after it is 2024-03-29; from there to 04-15 the
    # Qingming holiday (04-04..06) does not count and Sunday 04-07 (调休) does: 10 working days
    assert "应在 2024-03-29 前公开，实际发布于 2024-04-15，晚了 10 个工作日" in found.message
    assert found.line == line_of(text, "published_date:")


def test_expired_document_still_marked_valid(project):
    edit(project / "catalog/documents/guifanxing-wenjian/llzb-2025-18.md", "valid_until: 2030-12-31",
         "valid_until: 2025-12-31")
    [found] = findings(self_check(project), "已过期")
    assert "llzb-2025-18.md" in found.file and found.field == "validity"


@pytest.mark.parametrize(("planted", "kind"), [("11010519491231002X", "身份证号"), ("13812345678", "手机号")])
def test_personal_data_in_public_content(project, planted, kind):
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    edit(item, "guide:", f"notes: 联系人 {planted}\nguide:")
    report = self_check(project)
    [found] = findings(report, f"完整的{kind}")
    assert found.file == "catalog/items/jiuye/jiuye-shiye-dengji.yml" and planted not in found.message
    assert found in report.errors
    assert found in plan(project).problems  # what the build refuses to publish (see the next test)
    edit(project / "catalog/site.yml", "allowed_numbers:\n", f'allowed_numbers:\n  - "{planted}"\n')
    assert findings(self_check(project), f"完整的{kind}") == []


def test_the_build_refuses_to_publish_personal_data(project, tmp_path):
    edit(project / "catalog/items/jiuye/jiuye-shiye-dengji.yml", "guide:", "notes: 联系人 11010519491231002X\nguide:")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "完整的身份证号" in result.output and "Traceback" not in result.output
    assert "11010519491231002X" not in result.output
    assert not (tmp_path / "site").exists()


def test_text_and_html_reports_for_the_office(project, tmp_path):
    clean = zwgk(project, "check", "--date", BUILD_DATE)
    assert clean.code == 0 and clean.output.startswith(f"自查日期：{BUILD_DATE}。检查通过：")
    assert "检查规则：网站标识 0 处；首页更新 0 处；空白栏目 0 处；栏目不更新 0 处" in clean.output
    assert "另有 12 条不予公开、草稿、未到发布日期或公示期已过" in clean.output

    edit(project / "content/index.md", "date: 2026-01-05\n", "")
    out = tmp_path / "report.html"
    result = zwgk(project, "check", "--date", BUILD_DATE, "--html", str(out))
    # the copy is outside git, so the clean check already reminds that history falls back to record dates
    reminders = re.compile(r"提醒（不影响发布）：(\d+) 处")
    before = int(m.group(1)) if (m := reminders.search(clean.output)) else 0
    assert result.code == 0 and "content/index.md" in result.output
    assert int(reminders.search(result.output).group(1)) == before + 1
    html = out.read_text("utf-8")
    assert "政务公开网站自查报告" in html and "content/index.md" in html and "页面没有发布日期" in html
    assert re.search(r"<td>页面没有发布日期</td><td>1 处</td>", html)
