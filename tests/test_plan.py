"""The site plan (site/plan.py, site/addresses.py) in-process: the date every page shows, the feeds,
what stops publishing, and how the plan follows the content: a new item file, a document dated in
the future, a category left empty. The real build reads this same plan (test_build.py)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from conftest import ROOT, copy_project, edit, plan, render, self_check, service_item, write
from zwgk.site.addresses import (
    category_feed_uri,
    category_uri,
    document_uri,
    item_uri,
    public_url,
    record_uri,
    written_after_render,
)
from zwgk.site.tables import catalog_table


def git_date(path: str) -> dt.date:
    """The last commit date of a repository file, asked of git directly."""
    out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cs", "--", path], capture_output=True,
                         text=True, check=True).stdout.strip()
    return dt.date.fromisoformat(out)


INTERNAL = """---
id: internal
title: 内部检查
category: 工作动态
publisher: 洛龙区人民政府办公室
topic: 综合政务
written_date: 2025-06-01
published_date: 2025-06-02
disclosure: 不予公开
attachments:
  - title: 记录
    path: attachments/docs/inspection.txt
---
内部。
"""


# ---------------------------------------------------------------- dates


def test_date_of_picks_the_record_then_the_newest_record_then_git(demo_plan):
    catalog = demo_plan.catalog
    for item in catalog.items:
        assert demo_plan.date_of(item_uri(item), generated=True) == item.updated == max(
            item.published_date, item.formed_date or item.published_date)
    for document in catalog.documents:
        assert demo_plan.date_of(document_uri(document), generated=True) == document.published_date
    for posting in catalog.postings:
        assert demo_plan.date_of(posting.src_uri, generated=False) == posting.start_date
    # an interpretation is an editor's file in git, but its record's date wins over the commit's
    reading = catalog.interpretations[0]
    assert reading.src_uri in demo_plan.git_dates
    assert demo_plan.date_of(reading.src_uri, generated=False) == reading.published_date
    # a generated list shows the newest record it lists, never a later one from elsewhere
    newest = max([i.updated for i in catalog.items] + [d.published_date for d in catalog.documents]
                 + [i.published_date for i in catalog.interpretations] + [p.start_date for p in catalog.postings])
    assert demo_plan.newest == newest
    jiuye = max(i.updated for i in catalog.items_in(catalog.domains["jiuye"]))
    news = catalog.categories["gongzuo-dongtai"]
    in_news = max(d.published_date for d in catalog.documents if d.category == news)
    assert jiuye < newest  # the domain's own date is not the site's newest
    assert demo_plan.date_of("domains/jiuye.md", generated=True) == jiuye
    assert demo_plan.date_of(category_uri(news), generated=True) == in_news
    # a hand-written page without a record: its file's last commit
    # (as of the build date: a site judged on a past day never shows a page changed after it)
    assert demo_plan.date_of("help/editing.md", generated=False) == min(git_date("content/help/editing.md"),
                                                                         demo_plan.settings.build_date)
    assert demo_plan.date_of("no/such/page.md", generated=False) is None


def test_outside_a_git_checkout_a_hand_page_has_no_date(tmp_path):
    site = plan(copy_project(tmp_path / "project"))
    assert site.git_dates == {}
    assert site.date_of("help/editing.md", generated=False) is None
    assert site.date_of("domains/jiuye.md", generated=True) == max(
        i.updated for i in site.catalog.items_in(site.catalog.domains["jiuye"]))


# ---------------------------------------------------------------- feeds and problems


def test_one_feed_for_the_site_and_one_per_category(demo_plan):
    catalog = demo_plan.catalog
    site_feed, *by_category = demo_plan.feeds
    assert site_feed.path == "feed.xml" and site_feed.page_uri == "index.md"
    assert site_feed.entries == demo_plan.listing.entries
    assert [f.path for f in by_category] == [category_feed_uri(c) for c in catalog.categories]
    for feed, category in zip(by_category, catalog.categories, strict=True):
        assert feed.entries == demo_plan.listing.by_category[category.id]
        assert {e.category for e in feed.entries} <= {category}
        assert feed.page_uri == category_uri(category) and feed.title.endswith(category.name)
        assert feed.path.startswith(category_uri(category)[:-3] + "/")  # beside the category's first page


def test_the_demo_has_nothing_that_stops_publishing(demo_plan):
    assert demo_plan.problems == []


def test_problems_gather_personal_data_front_matter_and_files_at_once(tmp_path):
    project = copy_project(tmp_path / "project")
    edit(project / "catalog/items/jiuye/jiuye-shiye-dengji.yml", "guide:", "notes: 联系人 13812345678\nguide:")
    write(project / "content/xxgk/broken.md", "---\ntitle: '没有结束的引号\n---\n\n正文\n")
    # a withheld document's attachment, copied under another name and linked from a public page
    write(project / "content/attachments/docs/inspection.txt", "内部检查记录\n")
    write(project / "content/attachments/docs/copy.txt", "内部检查记录\n")
    write(project / "catalog/documents/gongzuo-dongtai/internal.md", INTERNAL)
    page = project / "content/xxgk/zhidu/index.md"
    page.write_text(page.read_text("utf-8") + "\n\n[检查记录](../../attachments/docs/copy.txt)\n", "utf-8")
    problems = plan(project).problems
    assert problems == sorted(problems)
    assert [p.file for p in problems] == sorted(["catalog/items/jiuye/jiuye-shiye-dengji.yml",
                                                 "content/xxgk/broken.md", "content/xxgk/zhidu/index.md"])
    assert [p.file for p in problems if "同一个文件" in p.message] == ["content/xxgk/zhidu/index.md"]
    assert all("13812345678" not in p.message for p in problems)


# ---------------------------------------------------------------- the plan follows the content


def test_a_new_item_file_gets_its_page_and_its_row(tmp_path):
    project = copy_project(tmp_path / "project")
    write(project / "catalog/items/jiuye/jiuye-xinzeng.yml", service_item("jiuye-xinzeng", "新增测试事项"))
    site = plan(project)
    page = site.pages["items/jiuye-xinzeng.md"]
    assert page.title == "新增测试事项" and "新增测试事项</h1>" in render(page)
    domain = site.pages["domains/jiuye.md"]
    table = domain.context["table"]
    assert "jiuye-xinzeng" in [r.item.id for r in table.rows]
    assert table == catalog_table(site.catalog, site.catalog.domains["jiuye"])
    assert "新增测试事项" in render(domain)


def test_a_document_dated_in_the_future_appears_only_from_its_date(tmp_path):
    project = copy_project(tmp_path / "p")
    doc = next(p for p in (project / "catalog/documents").rglob("*.md") if "category: 工作动态" in p.read_text("utf-8"))
    text = doc.read_text("utf-8")
    text = re.sub(r"published_date: \S+", "published_date: 2026-02-01", text)
    text = re.sub(r"written_date: \S+", "written_date: 2026-01-20", text)
    doc.write_text(text, "utf-8")
    doc_id = re.search(r"^id: (\S+)", text, re.M).group(1)
    uri = f"documents/{doc_id}.md"
    for day, shown in (("2026-01-15", False), ("2026-01-31", False), ("2026-02-01", True)):
        site = plan(project, day)
        assert (uri in site.pages) == shown, day
        listed = [e.uri for e in site.pages["categories/gongzuo-dongtai.md"].context["entries"]]
        assert (listed[:1] == [uri]) == shown and (uri in listed) == shown, day  # then the newest of its category
        assert (uri in {e.uri for e in site.listing.entries}) == shown, day


def test_an_empty_category_shows_none_and_the_check_reports_it(tmp_path):
    project = copy_project(tmp_path / "project")
    for path in (project / "catalog/documents").rglob("*.md"):
        if "category: 统计信息" in path.read_text("utf-8"):
            path.unlink()
    for path in (project / "catalog/items").rglob("*.yml"):
        assert "category: 统计信息" not in path.read_text("utf-8")
    site = plan(project)
    page = site.pages["categories/tongji-xinxi.md"]
    assert page.context["entries"] == [] and page.context["total"] == 0
    assert '<p class="zwgk-empty">暂无信息</p>' in render(page)
    report = self_check(project)
    assert report.errors == []
    assert [f.field for f in report.warnings if "空白栏目" in f.message] == ["tongji-xinxi"]
    assert any("栏目“统计信息”没有任何已发布的信息（空白栏目）" in f.message for f in report.warnings)


# ---------------------------------------------------------------- addresses


def test_an_address_follows_the_id_never_the_title(tmp_path):
    project = copy_project(tmp_path / "project")
    before = plan(project).pages["items/jiuye-shiye-dengji.md"]
    edit(project / "catalog/items/jiuye/jiuye-shiye-dengji.yml", "level3: 失业登记", "level3: 失业登记（改名）")
    after = plan(project).pages["items/jiuye-shiye-dengji.md"]
    assert before.title != after.title == "失业登记（改名）"


def test_public_urls_are_directory_addresses_under_the_site_url(demo_plan):
    assert public_url("https://a.gov.cn/", "items/x.md") == "https://a.gov.cn/items/x/"
    assert public_url("https://a.gov.cn/xxgk/luolong", "index.md") == "https://a.gov.cn/xxgk/luolong/"
    assert public_url("https://a.gov.cn/", "xxgk/zhidu/index.md") == "https://a.gov.cn/xxgk/zhidu/"
    catalog = demo_plan.catalog
    for record in (catalog.items[0], catalog.documents[0], catalog.interpretations[0], catalog.postings[0]):
        assert record_uri(record) in demo_plan.pages
    assert written_after_render("downloads/jiuye.xlsx") and written_after_render("bulletins/pdf/a.pdf")
    assert written_after_render("data/items.json") and not written_after_render("domains/jiuye.md")
