"""更新记录: each record's and hand-written page's changes read from a real git repository, the feed
carrying the latest change's note, and nothing of an unpublished revision ever shown."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import (
    BUILD_DATE,
    WITHHELD_DOCUMENT,
    commit_all,
    copy_project,
    edit,
    mkdocs_build,
    plan,
)

ITEM = "catalog/items/shehui-jiuzhu/shehui-jiuzhu-dibao-shenqing.yml"
ITEM_PAGE = "items/shehui-jiuzhu-dibao-shenqing.md"
ON_REQUEST_DOC = "catalog/documents/zhongdian-gongzuo/llmz-2025-yanglao-jiancha.md"
ATOM = "{http://www.w3.org/2005/Atom}"


def commit(project: Path, message: str, date: str) -> None:
    """One commit of everything changed, made on ``date`` (Beijing time) with ``message``."""
    stamp = f"{date}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    git = ["git", "-C", str(project), "-c", "user.name=编辑", "-c", "user.email=bj@example.invalid"]
    subprocess.run([*git, "add", "-A"], check=True, env=env, capture_output=True)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, env=env, capture_output=True)


def set_note(path: Path, note: str, also: tuple[str, str] | None = None) -> None:
    """Write ``change_note`` into a YAML record (replacing the last one), and maybe change a line."""
    text = re.sub(r"(?m)^change_note:.*\n", "", path.read_text("utf-8"))
    if also:
        assert also[0] in text
        text = text.replace(also[0], also[1], 1)
    path.write_text(text + f"change_note: {note}\n", "utf-8")


def history_of(html: str) -> list[tuple[str, str]]:
    """(date, note) of each line of a built page's 更新记录, in page order."""
    section = html.split('<section class="zwgk-history"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<time datetime="([0-9-]+)">[^<]*</time><span class="zwgk-history__note">([^<]*)</span>',
                      section)


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The demo committed on 2026-01-10, then 低保申请 edited twice with notes, a reformat skipped,
    a commit that leaves the note alone, and unpublished revisions in between; built for real."""
    project = copy_project(tmp_path_factory.mktemp("history") / "project")
    commit_all(project)
    item = project / ITEM
    set_note(item, "申请材料不再需要户口簿复印件", ("channels:", "channels:"))
    commit(project, "低保申请：材料清单", "2026-01-11")
    text = item.read_text("utf-8")
    item.write_text(text.replace("\nid:", "\n\nid:", 1), "utf-8")  # a reformat, marked to be left out
    commit(project, "整理格式\n\nhistory: skip", "2026-01-12")
    set_note(item, "承诺办结时限缩短为10个工作日")
    commit(project, "低保申请：办结时限", "2026-01-13")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.output
    return project, result, None


def test_item_edited_twice_shows_three_entries_newest_first(edited):
    _, build, _ = edited
    entries = history_of(build.page("items/shehui-jiuzhu-dibao-shenqing/index.html"))
    published = plan().catalog  # the record's 发布日期 from the demo itself
    first = next(i for i in published.items if i.id == "shehui-jiuzhu-dibao-shenqing").published_date
    assert entries == [("2026-01-13", "承诺办结时限缩短为10个工作日"),
                       ("2026-01-11", "申请材料不再需要户口簿复印件"),
                       (first.isoformat(), "首次发布")]
    html = build.page("items/shehui-jiuzhu-dibao-shenqing/index.html")
    assert "更新日期：2026年1月13日" in html  # the page's date is its latest change
    assert "整理格式" not in html  # the skipped reformat


def test_untouched_item_shows_its_first_publication_only(edited):
    _, build, _ = edited
    entries = history_of(build.page("items/shehui-jiuzhu-linshi-jiuzhu/index.html"))
    assert len(entries) == 1 and entries[0][1] == "首次发布"


def test_feed_carries_the_update_and_its_note(edited):
    _, build, _ = edited
    for feed in ("feed.xml", "categories/gonggong-fuwu/feed.xml"):
        path = build.site / feed
        if not path.exists():
            continue
        root = ET.fromstring(path.read_bytes())
        entry = next(e for e in root.iter(f"{ATOM}entry")
                     if e.find(f"{ATOM}id").text.endswith("/items/shehui-jiuzhu-dibao-shenqing/"))
        assert entry.find(f"{ATOM}updated").text.startswith("2026-01-13")
        assert entry.find(f"{ATOM}summary").text == "2026年1月13日更新：承诺办结时限缩短为10个工作日"


def test_commit_subject_when_the_note_did_not_change(tmp_path):
    project = copy_project(tmp_path / "p")
    commit_all(project)
    edit(project / ITEM, "channels:", "channels:  ")
    commit(project, "更正办理地点的门牌号", "2026-01-12")
    site = plan(project)
    changes = site.history[ITEM_PAGE]
    assert [(c.date.isoformat(), c.note) for c in changes][:1] == [("2026-01-12", "更正办理地点的门牌号")]
    # the item's page and the lists that hold it show that day (page date and sitemap <lastmod>)
    for uri in (ITEM_PAGE, "domains/shehui-jiuzhu.md", "levels/village/shehui-jiuzhu.md", "lists/max-one-visit.md"):
        assert site.date_of(uri, generated=True).isoformat() == "2026-01-12", uri


def test_a_commit_that_also_touched_an_unpublished_record_shows_no_subject(tmp_path):
    """A commit subject may name what else the commit changed: when that includes a withheld record,
    the published record's history says 内容更新, never the subject."""
    project = copy_project(tmp_path / "p")
    commit_all(project)
    edit(project / ITEM, "channels:", "channels:  ")
    withheld = next((project / "catalog/documents").rglob(f"{WITHHELD_DOCUMENT}.md"))
    withheld.write_text(withheld.read_text("utf-8") + "\n补充。\n", "utf-8")
    commit(project, "新增内部评分细则SECRET9并更正低保地址", "2026-01-12")
    site = plan(project)
    notes = [(c.date.isoformat(), c.note) for c in site.history[ITEM_PAGE]]
    assert notes[0] == ("2026-01-12", "内容更新")
    assert not any("SECRET9" in c.note for changes in site.history.values() for c in changes)


def test_unpublished_revisions_say_nothing(tmp_path):
    """A draft, a 不予公开 and a not-yet-due revision, each with a note and a commit subject holding a
    secret, leave no trace; a 依申请公开 document's commit subject (it may speak of its unpublished
    text) is not shown; a note holding a mobile number is not shown."""
    project = copy_project(tmp_path / "p")
    commit_all(project)
    item = project / ITEM
    original = item.read_text("utf-8")
    set_note(item, "草稿备注SECRET1")
    item.write_text(item.read_text("utf-8") + "draft: true\n", "utf-8")
    commit(project, "草稿SECRET2", "2026-01-11")
    item.write_text(original.replace("disclosure: 主动公开", "disclosure: 不予公开") + "change_note: 内部SECRET3\n",
                    "utf-8")
    commit(project, "不予公开SECRET4", "2026-01-12")
    item.write_text(re.sub(r"published_date: .*", "published_date: 2027-01-01", original)
                    + "change_note: 未到期SECRET5\n", "utf-8")
    commit(project, "未到期SECRET6", "2026-01-13")
    item.write_text(original + "change_note: 恢复发布，联系电话13812345678\n", "utf-8")
    commit(project, "恢复发布", "2026-01-14")
    doc = project / ON_REQUEST_DOC
    edit(doc, "\n---\n", "\nchange_note: 更正文号\n---\n")
    commit(project, "正文第三条改为SECRET7", "2026-01-14")
    doc.write_text(doc.read_text("utf-8") + "\n补充说明。\n", "utf-8")
    commit(project, "正文附件SECRET8", "2026-01-15")

    site = plan(project)
    shown = " ".join(c.note for changes in site.history.values() for c in changes)
    for n in range(1, 9):
        assert f"SECRET{n}" not in shown
    assert "13812345678" not in shown
    item_notes = [(c.date.isoformat(), c.note) for c in site.history[ITEM_PAGE]]
    assert item_notes[0] == ("2026-01-14", "内容更新")  # the note held a mobile number
    assert len(item_notes) == 2
    doc_uri = next(uri for uri in site.history if uri.endswith("llmz-2025-yanglao-jiancha.md"))
    assert [c.note for c in site.history[doc_uri]][:2] == ["内容更新", "更正文号"]
    assert not any(WITHHELD_DOCUMENT in uri for uri in site.history)  # withheld records have no history


def test_shallow_clone_falls_back_to_record_dates_with_a_warning(tmp_path):
    source = copy_project(tmp_path / "full")
    commit_all(source)
    set_note(source / ITEM, "申请材料不再需要户口簿复印件")
    commit(source, "低保申请：材料清单", "2026-01-11")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(shallow)], check=True,
                   capture_output=True)
    site = plan(shallow)
    assert "浅克隆" in site.history_warning.message
    item = next(i for i in site.catalog.items if i.id == "shehui-jiuzhu-dibao-shenqing")
    changes = site.history[ITEM_PAGE]
    assert changes[-1].first and changes[-1].date == item.published_date
    if item.formed_date and item.formed_date > item.published_date:
        assert changes[0].note == "申请材料不再需要户口簿复印件"
    from zwgk.tools.selfcheck import inspect
    assert any("浅克隆" in w.message for w in inspect(site).warnings)


def test_tarball_build_warns_and_still_publishes(tmp_path):
    project = copy_project(tmp_path / "p")  # not a git repository at all
    site = plan(project)
    assert "不是 git 仓库" in site.history_warning.message
    assert all(changes[-1].first for changes in site.history.values() if changes)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "更新记录" in result.output and "不是 git 仓库" in result.output


def test_hand_written_page_history_uses_commits(tmp_path):
    project = copy_project(tmp_path / "p")
    page = next(p for p in sorted((project / "content").rglob("*.md"))
                if p.read_text("utf-8").startswith("---") and "zwgk_view" not in p.read_text("utf-8")
                and "/jiedu/" not in p.as_posix() and "/gongshi/" not in p.as_posix()
                and "/help/" not in p.as_posix() and "/nianbao/" not in p.as_posix())
    commit_all(project)
    edit(page, "---\n", "---\nchange_note: 更新了办公地址\n")
    commit(project, "地址", "2026-01-12")
    src_uri = page.relative_to(project / "content").as_posix()
    changes = plan(project).history[src_uri]
    assert [(c.date.isoformat(), c.note) for c in changes] == [
        ("2026-01-12", "更新了办公地址"), ("2026-01-10", "首次发布")]


def test_commits_after_the_build_date_are_not_history_yet(tmp_path):
    project = copy_project(tmp_path / "p")
    commit_all(project)
    set_note(project / ITEM, "以后的改动")
    commit(project, "x", "2026-03-01")
    changes = plan(project, BUILD_DATE).history[ITEM_PAGE]
    assert [c.note for c in changes] == ["首次发布"]
    later = plan(project, "2026-03-02").history[ITEM_PAGE]
    assert [(c.date.isoformat(), c.note) for c in later][0] == ("2026-03-01", "以后的改动")


def test_an_import_writes_its_note_and_the_history_shows_it(tmp_path):
    """`zwgk import` fills change_note on the items it changes (which table, which fields), and the
    commit of the import becomes that note in the items' 更新记录."""
    from test_import_export import office_workbook, run

    project = copy_project(tmp_path / "p")
    commit_all(project)
    table = office_workbook(tmp_path / "就业目录.xlsx")
    assert run(project, "import", str(table), "--category", "通知公告", "--date", "2026-01-10").returncode == 0
    text = (project / "catalog/items/jiuye/jiuye-shiye-dengji.yml").read_text("utf-8")
    note = re.search(r"(?m)^change_note: (.*)$", text)[1]
    assert note.startswith("按《就业目录》导入，更新了") and "公开内容" in note
    commit(project, "导入就业目录", "2026-01-12")
    changes = plan(project).history["items/jiuye-shiye-dengji.md"]
    assert (changes[0].date.isoformat(), changes[0].note) == ("2026-01-12", note)


def test_revisions_are_read_in_every_yaml_form(tmp_path):
    """A revision whose 公开属性 is a block list at the key's indent, whose note is a folded block, is
    read as it is meant (published, its note joined), not dropped."""
    project = copy_project(tmp_path / "p")
    commit_all(project)
    item = project / ITEM
    text = item.read_text("utf-8").replace("disclosure: 主动公开\n", "disclosure:\n- 主动公开\n- 依申请公开\n")
    item.write_text(text + "change_note: >\n  材料清单\n  更新\n", "utf-8")
    commit(project, "两种公开方式", "2026-01-12")
    assert [c.note for c in plan(project).history[ITEM_PAGE]][0] == "材料清单 更新"


def test_hostile_notes_are_text_on_the_page_and_in_the_feed(tmp_path):
    """A note with markup is shown as text (page, feed); a commit subject that runs on is cut to a line."""
    project = copy_project(tmp_path / "p")
    commit_all(project)
    set_note(project / ITEM, '"<script>alert(1)</script> & <b>粗体</b>"')
    commit(project, "x", "2026-01-12")
    edit(project / ITEM, "channels:", "channels: ")
    commit(project, "很长的提交说明" * 60, "2026-01-13")
    site = plan(project)
    notes = [c.note for c in site.history[ITEM_PAGE]]
    assert notes[1] == "<script>alert(1)</script> & <b>粗体</b>"
    assert len(notes[0]) == 200 and notes[0].endswith("…")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = result.page("items/shehui-jiuzhu-dibao-shenqing/index.html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    feed = (tmp_path / "site" / "feed.xml").read_text("utf-8")
    assert "<script>" not in feed
