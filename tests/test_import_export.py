"""Office tables in and out: every variant of formats.md §1 imports; export → import keeps
every field the table carries; mistakes are reported with sheet, row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from conftest import BUILD_DATE, copy_project
from zwgk.content.catalog import load_catalog
from zwgk.outputs.exports import csv_text, level_table, workbook_bytes
from zwgk.outputs.spreadsheets import spreadsheet_safe, unguard
from zwgk.site.tables import catalog_table

DAY = dt.date.fromisoformat(BUILD_DATE)


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *args], cwd=project, capture_output=True,
                          text=True, timeout=120)


def catalog_of(project: Path):
    return load_catalog(project / "catalog", project / "content", DAY, project)


def office_workbook(path: Path) -> Path:
    """A county-style table: title row, two merged header rows, three 事项 levels, merged 一级事项,
    √ and ■ marks, a ■/□ checklist, 特定群众, 依申请公开 and the 县级/乡、村级 header names."""
    book = Workbook()
    ws = book.active
    ws.title = "就业"
    ws.append(["洛龙区就业领域基层政务公开标准目录"])
    ws.append(["序号", "公开事项", None, None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "公开对象", None, "公开方式", None, "公开层级", None, "备注"])
    ws.append([None, "一级事项", "二级事项", "三级事项", None, None, None, None, None,
               "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级", None])
    ws.append([1, "就业服务", "就业失业登记", "失业登记", "办理依据、申请条件、办理流程",
               "《中华人民共和国就业促进法》\n《就业服务与就业管理规定》", "信息形成或者变更之日起20个工作日内",
               "洛龙区人力资源和社会保障局", "■政府网站\n□政府公报\n■两微一端\n■社区/企事业单位/村公示栏（电子屏）",
               "√", None, "√", None, "√", "√", None])
    ws.append([2, None, "就业创业证", "就业创业证申领", "申领条件、材料、办理地点",
               "《就业服务与就业管理规定》", "实时", "洛龙区公共就业和人才服务中心", "■政府网站\n■政务服务中心",
               "■", None, "■", None, "■", None, "窗口可当场办结"])
    ws.append([3, "就业援助", "公益性岗位安置人员名单", None, "安置人员姓名、岗位、补贴期限",
               "《就业补助资金管理办法》", "公示7个工作日", "洛龙区人力资源和社会保障局", "■入户/现场\n■便民服务站",
               None, "√", None, "√", None, "√", None])
    ws.merge_cells("A1:P1")
    ws.merge_cells("B2:D2")
    ws.merge_cells("J2:K2")
    ws.merge_cells("L2:M2")
    ws.merge_cells("N2:O2")
    for col in "AEFGHIP":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("B4:B5")  # 一级事项 over the rows it covers
    ws.merge_cells("C6:D6")  # a two-level row in a three-level table
    book.save(path)
    return path


def test_office_workbook_imports_every_variant(tmp_path):
    project = copy_project(tmp_path / "p")
    table = office_workbook(tmp_path / "就业.xlsx")
    result = run(project, "import", str(table), "--category", "通知公告", "--date", "2026-01-10")
    assert result.returncode == 0, result.stdout + result.stderr
    catalog = catalog_of(project)
    by_title = {i.title: i for i in catalog.items}
    card = by_title["就业创业证申领"]
    assert card.domain.id == "jiuye" and card.matter == ("就业服务", "就业创业证", "就业创业证申领")
    assert card.time_limit.rule == "实时" and card.audience == "全社会" and card.mode == "主动"
    assert [c.name for c in card.channels] == ["政府网站", "政务服务中心"]
    assert [level.id for level in card.levels] == ["district"] and card.notes == "窗口可当场办结"
    assert card.id.startswith("jiuye-jiu-ye-chuang-ye-zheng")
    names = by_title["公益性岗位安置人员名单"]
    assert names.matter == ("就业援助", "公益性岗位安置人员名单")
    assert names.audience == "特定群体" and names.mode == "依申请"
    assert [level.id for level in names.levels] == ["town", "village"]  # 乡、村级 is both
    assert names.time_limit.text == "公示7个工作日"
    assert {c.id for c in names.channels} == {"door-to-door", "service-station"}


def test_reimport_updates_in_place_and_keeps_what_the_table_lacks(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    before = path.read_text("utf-8")
    table = office_workbook(tmp_path / "就业.xlsx")
    assert run(project, "import", str(table), "--category", "通知公告", "--date", "2026-01-10").returncode == 0
    after = path.read_text("utf-8")
    item = next(i for i in catalog_of(project).items if i.id == "jiuye-shiye-dengji")
    assert item.content == "办理依据、申请条件、办理流程"  # the table's new text
    assert item.guide and item.guide.fee == "不收费" and item.four_ways  # untouched fields stay
    assert after.splitlines()[0] == before.splitlines()[0]  # the editor's comment stays
    assert not list(project.rglob("*.part"))


def test_new_service_items_are_written_as_drafts_and_the_site_keeps_building(tmp_path):
    project = copy_project(tmp_path / "p")
    table = office_workbook(tmp_path / "就业.xlsx")
    result = run(project, "import", str(table), "--category", "公共服务", "--date", "2026-01-10")
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stdout
    assert "新建草稿" in result.stdout and "检查通过" in result.stdout
    written = (project / "catalog/items/jiuye/jiuye-jiu-ye-chuang-ye-zheng-shen-ling.yml").read_text("utf-8")
    assert "draft: true" in written and "办事指南" in written.splitlines()[0]
    assert "就业创业证申领" not in {i.title for i in catalog_of(project).items}  # a draft is not published


def test_dry_run_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    table = office_workbook(tmp_path / "就业.xlsx")
    snapshot = {p: p.read_bytes() for p in (project / "catalog").rglob("*") if p.is_file()}
    result = run(project, "import", str(table), "--category", "公共服务", "--date", "2026-01-10", "--dry-run")
    assert result.returncode == 0 and "试运行" in result.stdout and "新建" in result.stdout
    assert {p: p.read_bytes() for p in (project / "catalog").rglob("*") if p.is_file()} == snapshot


def test_gbk_csv_with_one_header_row_and_free_text_channels(tmp_path):
    project = copy_project(tmp_path / "p")
    rows = ["序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体,"
            "全社会,特定群体,主动,依申请,区级,镇级,村级",
            "1,临时救助,临时救助对象公示,救助对象、金额,《社会救助暂行办法》,制定或获取信息之日起10个工作日内,"
            "洛龙区民政局,政府网站 入户/现场 公示栏,,■,■,,■,■,■"]
    table = tmp_path / "救助.csv"
    table.write_bytes("\n".join(rows).encode("gbk"))
    result = run(project, "import", str(table), "--domain", "社会救助", "--category", "通知公告",
                 "--date", "2026-01-10")
    assert result.returncode == 0, result.stdout
    item = next(i for i in catalog_of(project).items if i.title == "临时救助对象公示")
    assert item.domain.id == "shehui-jiuzhu" and item.audience == "特定群体"
    assert {c.id for c in item.channels} == {"website", "door-to-door", "board"}
    assert [level.id for level in item.levels] == ["district", "town", "village"]
    assert item.time_limit.trigger == "制定或获取信息之日起" and item.time_limit.days == 10


def test_one_level_table(tmp_path):
    project = copy_project(tmp_path / "p")
    book = Workbook()
    ws = book.active
    ws.append(["卫生健康领域公开目录"])
    ws.append(["序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "全社会", "特定群体", "主动", "依申请", "区级"])
    ws.append([1, "预防接种门诊名单", "门诊名称、地址、时间", "《疫苗管理法》", "实时", "洛龙区卫生健康委员会",
               "政府网站", "√", "", "√", "", "√"])
    book.save(tmp_path / "t.xlsx")
    result = run(project, "import", str(tmp_path / "t.xlsx"), "--category", "通知公告", "--date", "2026-01-10")
    assert result.returncode == 0, result.stdout
    item = next(i for i in catalog_of(project).items if i.title == "预防接种门诊名单")
    assert item.matter == ("预防接种门诊名单",) and item.domain.id == "weisheng-jiankang"


def test_unknown_columns_and_unreadable_cells_are_reported_and_the_row_imported(tmp_path):
    project = copy_project(tmp_path / "p")
    book = Workbook()
    ws = book.active
    ws.title = "表1"
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "全社会", "特定群体", "主动", "依申请", "责任科室"])
    ws.append([1, "就业服务", "招聘会信息", "时间地点", "《就业促进法》", "尽快", "区人社局", "政府网站 村广播",
               "可能", "", "√", "", "就业股"])
    book.save(tmp_path / "bad.xlsx")
    result = run(project, "import", str(tmp_path / "bad.xlsx"), "--domain", "就业创业", "--category", "通知公告",
                 "--date", "2026-01-10")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "表1!M1" in out and "“责任科室”不是标准目录的列" in out
    assert "表1!F2" in out and "公开时限“尽快”里看不出公开的期限" in out
    assert "表1!H2" in out and "不认识的公开渠道“村广播”" in out
    assert "表1!I2" in out and "标记“可能”" in out
    assert "Traceback" not in out + result.stderr
    item = next(i for i in catalog_of(project).items if i.title == "招聘会信息")
    assert item.time_limit.text == "尽快" and item.time_limit.rule is None  # kept as written, no rule
    assert "村广播" in item.notes and "责任科室：就业股" in item.notes


# cells a spreadsheet could run (OWASP: = + - @), a plain negative number that must stay a number,
# and quotes an editor typed, which the importer must not take for the export's guard quote
HOSTILE_CELLS = {
    "catalog/items/jiuye/jiuye-shiye-dengji.yml": {
        "content: 办理依据、申请条件、申请材料、办理流程、办理时限、办理地点、咨询电话": 'content: "=1+1"',
        "  level3: 失业登记": '  level3: "-人"',
        "publisher: 洛龙区人力资源和社会保障局": 'publisher: "+86"',
    },
    "catalog/items/jiuye/jiuye-zhengce-wenjian.yml": {
        "content: 国家、省、市和本区出台的就业创业政策文件及其解读": 'content: "-3.5"',
        "publisher: 洛龙区人力资源和社会保障局": "publisher: \"'=x\"",
    },
    "catalog/items/jiuye/jiuye-buzhu-zijin-shiyong.yml": {
        "content: 资金来源和规模、": 'content: "@x 资金来源" # ',
        "publisher: 洛龙区人力资源和社会保障局": "publisher: \"'引号\"",
    },
}


def plant_hostile_cells(project: Path) -> None:
    for name, replacements in HOSTILE_CELLS.items():
        path = project / name
        text = path.read_text("utf-8")
        for old, new in replacements.items():
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_export_then_import_keeps_every_table_field(tmp_path, kind):
    project = copy_project(tmp_path / "p")
    plant_hostile_cells(project)
    original = catalog_of(project)
    by_id = {i.id: i for i in original.items}
    assert by_id["jiuye-shiye-dengji"].content == "=1+1" and by_id["jiuye-zhengce-wenjian"].content == "-3.5"
    exported = []
    for domain in original.active_domains:
        table = catalog_table(original, domain)
        path = tmp_path / f"{domain.name}.{kind}"
        if kind == "xlsx":
            path.write_bytes(workbook_bytes(original, table))
        else:
            path.write_text(csv_text(table), "utf-8")
        exported.append((domain, path))
    jiuye = dict(exported)[original.domains["jiuye"]]
    if kind == "csv":  # the file a reader opens runs nothing: guarded cells carry a leading quote
        cells = [c for row in csv.reader(io.StringIO(jiuye.read_text("utf-8-sig"))) for c in row]
        assert {"'=1+1", "'-人", "'+86", "''=x", "-3.5", "'引号", "'@x 资金来源"} <= set(cells)
        assert not any(c.startswith(("=", "+", "@")) or c.startswith("-") and c != "-3.5" for c in cells)
    else:  # text cells Excel flags as text (no visible quote), and -3.5 left alone
        cells = {c.value: c for row in load_workbook(jiuye).active.iter_rows() for c in row if c.value}
        assert all(cells[v].quotePrefix for v in ("=1+1", "-人", "+86", "'=x", "@x 资金来源"))
        assert not cells["-3.5"].quotePrefix and not cells["'引号"].quotePrefix
    for path in (project / "catalog/items").rglob("*.yml"):
        if "不予公开" not in path.read_text("utf-8"):
            path.unlink()  # start from an empty catalog: everything must come from the tables
    for domain, path in exported:
        result = run(project, "import", str(path), "--domain", domain.id, "--category", "通知公告",
                     "--date", "2024-01-01")
        assert result.returncode == 0, result.stdout
    again = {i.id: i for i in catalog_of(project).items}
    assert set(again) == {i.id for i in original.items}
    for item in original.items:
        copy = again[item.id]
        assert (copy.domain, copy.matter, copy.content, copy.basis, copy.time_limit, copy.publisher,
                set(copy.channels), copy.audience, copy.mode, copy.levels) == (
                item.domain, item.matter, item.content, item.basis, item.time_limit, item.publisher,
                set(item.channels), item.audience, item.mode, item.levels), item.id


def test_export_is_the_official_layout(tmp_path):
    catalog = catalog_of(copy_project(tmp_path / "p"))
    table = catalog_table(catalog, catalog.domains["jiuye"])
    path = tmp_path / "jiuye.xlsx"
    path.write_bytes(workbook_bytes(catalog, table))
    ws = load_workbook(path).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:A3", "B2:D2", "J2:K2", "L2:M2", "N2:P2"} <= merged
    assert ws["B3"].value == "一级事项" and ws["J3"].value == "全社会" and ws["N3"].value == "区级"
    assert ws["A1"].value == "就业创业领域基层政务公开标准目录"
    channels = [ws.cell(r, 9).value for r in range(4, 4 + len(table.rows))]
    assert all(text.count("■") + text.count("□") == len(catalog.channels) for text in channels)
    assert workbook_bytes(catalog, table) == path.read_bytes()  # same build, same bytes


def test_site_offers_the_tables_for_download(demo_build):
    html = demo_build.page("domains/jiuye/index.html")
    assert 'href="../../downloads/jiuye.xlsx"' in html
    book = load_workbook(demo_build.site / "downloads/jiuye.xlsx")
    assert book.active["A1"].value == "就业创业领域基层政务公开标准目录"
    assert (demo_build.site / "downloads/level-village.csv").read_text("utf-8-sig").startswith("序号,一级事项")


def test_level_table_holds_the_items_of_that_level(tmp_path):
    catalog = catalog_of(copy_project(tmp_path / "p"))
    village = catalog.levels["village"]
    table = level_table(catalog, village)
    assert {r.item.id for r in table.rows} == {i.id for i in catalog.items if village in i.levels}


@given(st.lists(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "3.5", "1", "人", " "]), max_size=5).map("".join)
       | st.text())
def test_the_spreadsheet_guard_reads_back_exactly(text):
    """Any cell survives CSV export and import unchanged, and never reaches a spreadsheet as a formula."""
    guarded = spreadsheet_safe([text])[0]
    out = io.StringIO()
    csv.writer(out).writerow([guarded])
    [[read]] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert read == guarded and unguard(read) == text
    runnable = guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not runnable or (guarded == text and re.fullmatch(r"-[0-9]+(\.[0-9]+)?", text))  # -3.5 stays a number
