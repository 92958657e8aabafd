"""Review dates (复核): review_by on items and documents, the annual 标准目录 review as the default
(from the record's last change or site.yml's catalog_review), review_days per category; `zwgk check`
warns when a review date has passed and lists those due in the next 30 days."""

from __future__ import annotations

import json
import re

from test_history import commit, set_note

from conftest import BUILD_DATE, commit_all, edit, findings, self_check, zwgk

ITEM = "catalog/items/shehui-jiuzhu/shehui-jiuzhu-dibao-shenqing.yml"
DOCUMENT = "catalog/documents/guifanxing-wenjian/llzb-2024-05.md"
SITE = "catalog/site.yml"


def without_catalog_review(project) -> None:
    path = project / SITE
    path.write_text(re.sub(r"(?m)^catalog_review:.*\n", "", path.read_text("utf-8")), "utf-8")


def test_demo_is_reviewed_and_nothing_is_due(project):
    report = self_check(project)
    assert dict(report.rules)["复核过期"] == 0 and report.upcoming_reviews == []


def test_annual_review_is_the_default_from_the_last_change(project):
    """Without a full review on record, every item last changed more than a year before is due."""
    from conftest import demo_catalog

    without_catalog_review(project)
    report = self_check(project)
    old = [i for i in demo_catalog().items if (demo_catalog().build_date - i.updated).days > 365]
    overdue = findings(report, "前复核（按标准目录每年复核一次），已过期")
    assert len(overdue) == len(old) == dict(report.rules)["复核过期"] > 0
    item = min(old, key=lambda i: i.updated)
    [found] = [f for f in overdue if f.file == item.source.file]
    due = item.updated.replace(year=item.updated.year + 1, day=min(item.updated.day, 28))
    assert found.line == item.source.line and f"“{item.title}”" in found.message
    if item.updated.day <= 28:
        assert f"应在 {due} 前复核" in found.message  # a year after its last change
    assert "review_by:" in found.hint and "change_note" in found.hint
    assert report.errors == []  # a warning: it does not stop publishing


def test_review_by_past_warns_and_soon_is_listed_not_warned(project):
    edit(project / ITEM, "published_date:", "review_by: 2026-01-10\npublished_date:")
    edit(project / DOCUMENT, "published_date:", "review_by: 2026-02-05\npublished_date:")
    report = self_check(project)
    [late] = findings(report, "应在 2026-01-10 前复核")
    assert late.file == ITEM and late.field == "review_by（复核日期）" and "已过期 5 天" in late.message
    [soon] = report.upcoming_reviews
    assert soon.file == DOCUMENT and "还有 21 天" in soon.message
    assert not findings(report, "2026-02-05")
    out = zwgk(project, "check", "--date", BUILD_DATE)
    assert "30 天内到期的复核：1 项" in out.output and "还有 21 天" in out.output
    report_file = project / "自查报告.html"
    zwgk(project, "check", "--date", BUILD_DATE, "--html", str(report_file))
    html = report_file.read_text("utf-8")
    assert "30 天内到期的复核：1 项" in html and "还有 21 天" in html and "已过期 5 天" in html
    data = json.loads(zwgk(project, "check", "--date", BUILD_DATE, "--format", "json").output)
    assert [d["file"] for d in data["upcoming_reviews"]] == [DOCUMENT]
    assert any(w["field"] == "review_by（复核日期）" for w in data["warnings"])


def test_review_days_per_category(project):
    without_catalog_review(project)
    categories = project / "catalog/taxonomy/categories.yml"
    edit(categories, "{id: gonggong-fuwu, name: 公共服务, disclosure: fuwu,",
         "{id: gonggong-fuwu, name: 公共服务, disclosure: fuwu, review_days: 0,")
    edit(categories, "{id: guifanxing-wenjian, name: 规范性文件, disclosure: juece,",
         "{id: guifanxing-wenjian, name: 规范性文件, disclosure: juece, review_days: 400,")
    report = self_check(project)
    found = findings(report, "复核")
    assert not [f for f in found if "/shehui-jiuzhu-dibao-shenqing.yml" in f.file]  # 公共服务: none
    docs = [f for f in found if f.file.startswith("catalog/documents/guifanxing-wenjian/")]
    assert docs and all("按规范性文件类每 400 天复核一次" in f.message for f in docs)
    assert not [f for f in found if f.file.startswith("catalog/documents/tongzhi-gonggao/")]  # documents: opt-in


def test_a_malformed_review_date_is_a_clear_error(project):
    edit(project / ITEM, "published_date:", "review_by: 2026-13-01\npublished_date:")
    out = zwgk(project, "check", "--date", BUILD_DATE)
    assert out.code == 1 and f"{ITEM}:" in out.output and "review_by" in out.output
    assert "2026-13-01" in out.output and "不是一个存在的日期" in out.output
    assert "Traceback" not in out.output


def test_a_change_in_git_restarts_the_year(project):
    """An item edited (a commit with a change_note) is reviewed: its year runs from that commit."""
    without_catalog_review(project)
    old = "catalog/items/weisheng-jiankang/weisheng-jiankang-zhensuo-beian.yml"
    commit_all(project)
    assert [f for f in findings(self_check(project), "前复核") if f.file == old]
    set_note(project / old, "复核：备案材料清单不变，更新咨询电话")
    commit(project, "诊所备案复核", "2026-01-12")
    assert not [f for f in findings(self_check(project), "前复核") if f.file == old]
