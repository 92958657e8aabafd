"""A corpus of 标准目录 tables as offices really keep them (formats.md §1 and the conventions of
published county and provincial catalogs), each built here from the same three records and
imported for real into a copy of the demo project: every shape must give the same records.
Cells the importer cannot interpret are warned with ``sheet!cell`` and their rows still import;
a file is refused only when no header can be found, with its first rows in the message."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from conftest import BUILD_DATE, copy_project
from zwgk.content.catalog import load_catalog, load_vocabularies
from zwgk.tools.importer import import_table, write_changes

DAY = dt.date.fromisoformat(BUILD_DATE)

# the three records every shape holds (社会救助; names the demo does not have yet)
RECORDS = [
    dict(matter=("临时救助", "临时救助标准"), content="救助标准、资金来源",
         basis=("《社会救助暂行办法》", "《河南省临时救助实施办法》"), time="信息形成或者变更之日起20个工作日内",
         publisher="洛龙区民政局", channels={"website", "board"}, audiences=("全社会",), modes=("主动",),
         levels=("district", "town")),
    dict(matter=("临时救助", "临时救助对象公示"), content="救助对象姓名、村组、救助金额",
         basis=("《社会救助暂行办法》",), time="公示7个工作日", publisher="各镇人民政府、街道办事处",
         channels={"board", "door-to-door"}, audiences=("特定群体",), modes=("主动",), levels=("town", "village")),
    dict(matter=("孤儿救助", "孤儿基本生活费发放"), content="发放标准、发放程序",
         basis=("《国务院办公厅关于加强孤儿保障工作的意见》",), time="制定或获取信息之日起10个工作日内",
         publisher="洛龙区民政局", channels={"website", "service-center"}, audiences=("特定群体",),
         modes=("依申请",), levels=("district",)),
]
CHANNEL_NAMES = {"website": "政府网站", "board": "社区/企事业单位/村公示栏（电子屏）", "door-to-door": "入户/现场",
                 "service-center": "政务服务中心"}
ALL_CHANNELS = ["政府网站", "政府公报", "两微一端", "政务服务中心", "便民服务站", "入户/现场",
                "社区/企事业单位/村公示栏（电子屏）"]
LEVEL_HEADERS = {"district": "县级", "town": "乡级", "village": "村级"}
TITLE = "洛龙区社会救助领域基层政务公开标准目录"


def checklist(record) -> str:
    return "\n".join(("■" if n in {CHANNEL_NAMES[c] for c in record["channels"]} else "□") + n for n in ALL_CHANNELS)


def channel_text(record) -> str:
    return " ".join(CHANNEL_NAMES[c] for c in sorted(record["channels"]))


def values(record, number: int, mark: str = "√", channels=checklist) -> dict:
    """A record's cells by column key."""
    return {
        "no": number, "l1": record["matter"][0], "l2": record["matter"][1], "content": record["content"],
        "basis": "\n".join(record["basis"]), "time": record["time"], "publisher": record["publisher"],
        "channels": channels(record),
        "all": mark if "全社会" in record["audiences"] else "",
        "some": mark if "特定群体" in record["audiences"] else "",
        "active": mark if "主动" in record["modes"] else "", "request": mark if "依申请" in record["modes"] else "",
        **{f"lv_{lv}": mark if lv in record["levels"] else "" for lv in LEVEL_HEADERS},
    }


STANDARD = ["no", "l1", "l2", "content", "basis", "time", "publisher", "channels", "all", "some", "active",
            "request", "lv_district", "lv_town", "lv_village"]
SUB = {"no": "序号", "l1": "一级事项", "l2": "二级事项", "content": "公开内容（要素）", "basis": "公开依据",
       "time": "公开时限", "publisher": "公开主体", "channels": "公开渠道和载体", "all": "全社会", "some": "特定群体",
       "active": "主动", "request": "依申请", "lv_district": "县级", "lv_town": "乡级", "lv_village": "村级"}
GROUP = {"l1": "公开事项", "l2": "公开事项", "all": "公开对象", "some": "公开对象", "active": "公开方式",
         "request": "公开方式", "lv_district": "公开层级", "lv_town": "公开层级", "lv_village": "公开层级"}


def flattened(joiner) -> list[str]:
    """One header row: group and column name joined, e.g. 公开对象-全社会."""
    return [joiner(GROUP[k], SUB[k]) if k in GROUP else SUB[k] for k in STANDARD]


def save_xlsx(path: Path, rows: list[list], merges=(), hidden=(), title="社会救助") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    for column in hidden:
        ws.column_dimensions[column].hidden = True
    book.save(path)
    return path


def data_rows(keys=STANDARD, **options) -> list[list]:
    return [[values(r, n + 1, **options)[k] for k in keys] for n, r in enumerate(RECORDS)]


# ---------------------------------------------------------------- the shapes


def official_two_rows(path: Path) -> Path:
    """Title row, two header rows with merged groups, 一级事项 merged down, ■/□ checklist."""
    top = [SUB[k] if k not in GROUP else GROUP[k] for k in STANDARD]
    sub = [SUB[k] if k in GROUP else None for k in STANDARD]
    top = [t if i == 0 or top[i - 1] != t or t not in GROUP.values() else None for i, t in enumerate(top)]
    rows = data_rows()
    rows[1][1] = None  # merged with the row above
    merges = ["A1:O1", "B2:C2", "I2:J2", "K2:L2", "M2:O2", "B4:B5"]
    merges += [f"{c}2:{c}3" for c in "ADEFGH"]
    return save_xlsx(path, [[TITLE], top, sub, *rows], merges)


def flattened_dash(path: Path) -> Path:
    return save_xlsx(path, [[TITLE], flattened(lambda g, s: f"{g}-{s}"), *data_rows()])


def flattened_mixed_joiners(path: Path) -> Path:
    """Each group joined another way: _ / · and a full-width space."""
    joiners = iter([lambda g, s: f"{g}_{s}", lambda g, s: f"{g}_{s}", lambda g, s: f"{g}/{s}",
                    lambda g, s: f"{g}/{s}", lambda g, s: f"{g}·{s}", lambda g, s: f"{g}·{s}",
                    lambda g, s: f"{g}\u3000{s}", lambda g, s: f"{g} {s}", lambda g, s: f"{g} {s}"])
    header = [next(joiners)(GROUP[k], SUB[k]) if k in GROUP else SUB[k] for k in STANDARD]
    return save_xlsx(path, [[TITLE], header, *data_rows()])


def flattened_brackets(path: Path) -> Path:
    """公开对象（全社会）, 公开方式【主动】, 特定群体(公开对象): brackets of every kind, before or after."""
    styles = {"l1": "公开事项（一级事项）", "l2": "公开事项（二级事项）", "all": "公开对象（全社会）",
              "some": "特定群体(公开对象)", "active": "公开方式【主动】", "request": "公开方式【依申请】",
              "lv_district": "公开层级[县级]", "lv_town": "公开层级〔乡级〕", "lv_village": "公开层级(村级)"}
    return save_xlsx(path, [[TITLE], [styles.get(k, SUB[k]) for k in STANDARD], *data_rows()])


def groups_dropped_reordered_extra(path: Path) -> Path:
    """Only the sub-column names, in another order, 特定群众 and 依申请公开 spellings, and an extra
    column the office keeps (责任科室), which goes to the notes."""
    keys = ["no", "l1", "l2", "publisher", "content", "time", "basis", "channels", "active", "request", "all",
            "some", "lv_village", "lv_town", "lv_district", "dept"]
    names = {**SUB, "some": "特定群众", "request": "依申请公开", "dept": "责任科室"}
    rows = [[{**values(r, n + 1), "dept": "社会救助股"}[k] for k in keys] for n, r in enumerate(RECORDS)]
    return save_xlsx(path, [[names[k] for k in keys], *rows])


def notes_above_and_below(path: Path) -> Path:
    """A unit/date line and the title above, blank separator rows between records, notes and the
    clerk's name below (as county catalogs are printed)."""
    rows = data_rows()
    return save_xlsx(path, [["填报单位：洛龙区民政局", None, None, None, "填报日期：2025年3月"], [TITLE], [],
                            [SUB[k] for k in STANDARD], rows[0], [], rows[1], [None] * 15, rows[2], [],
                            ["注：1.公开渠道中“■”表示采用，“□”表示不采用。"],
                            ["填表人：王某某", None, "审核人：李某某"]],
                     merges=["A13:O13"])


def first_level_written_once(path: Path) -> Path:
    """一级事项 only on the first row of its group, the cells below left empty (not merged), and a
    heading row that names the next 一级事项 alone."""
    rows = data_rows()
    rows[1][1] = ""
    heading = [None, "孤儿救助"] + [None] * 13
    rows[2][1] = ""
    return save_xlsx(path, [[TITLE], [SUB[k] for k in STANDARD], rows[0], rows[1], heading, rows[2]])


def hidden_column_text_numbers(path: Path) -> Path:
    """序号 stored as text ("001"), a hidden internal column, 公开时限 as a number of working days
    under a header that gives the unit (the third record), a one-row header."""
    keys = ["no", "internal", *STANDARD[1:]]
    names = {**SUB, "internal": "内部编码", "time": "公开时限（工作日）"}
    rows = []
    for n, record in enumerate(RECORDS):
        cells = {**values(record, f"{n + 1:03d}"), "internal": f"MZ-{n}"}
        rows.append([cells[k] for k in keys])
    rows[2][keys.index("time")] = 10  # a number cell: 10 working days
    return save_xlsx(path, [[names[k] for k in keys], *rows], hidden=["B"])


def csv_rows(marks="√") -> list[list[str]]:
    header = [SUB[k] for k in STANDARD[:8]] + ["公开对象", "公开方式", "公开层级"]
    rows = []
    for n, r in enumerate(RECORDS):
        v = values(r, n + 1, channels=channel_text)
        rows.append([str(v[k]) for k in STANDARD[:8]] + [
            "、".join(r["audiences"]), "、".join(m + "公开" for m in r["modes"]),
            "、".join(LEVEL_HEADERS[lv] for lv in r["levels"])])
    return [header, *rows]


def write_csv(path: Path, rows, encoding: str, delimiter: str = ",") -> Path:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def gbk_csv(path: Path) -> Path:
    """Excel's “CSV (逗号分隔)” in China: GBK, one header row, values as text, free-text channels."""
    return write_csv(path, [[TITLE], *csv_rows()], "gbk")


def utf8_bom_tab_csv(path: Path) -> Path:
    """UTF-8 with BOM, tab separated (WPS “文本文件”), multi-line 公开依据 cells."""
    return write_csv(path, csv_rows(), "utf-8-sig", "\t")


utf8_bom_tab_csv.file_name = "社会救助目录"  # no title row: the domain is read from the file name


def other_province_headers(path: Path) -> Path:
    """Another province's spellings: 一级目录/二级目录, 公开内容, 责任主体, 公开渠道 as free text,
    公开范围 / 公开形式 / 公开层级 as text columns, 区级、镇（街道）级 written in its own words."""
    header = ["序号", "一级目录", "二级目录", "公开内容", "依据", "公开时限", "责任主体", "公开渠道", "公开范围",
              "公开形式", "公开层级"]
    names = {"district": "区级", "town": "镇级", "village": "村级"}
    rows = [[n + 1, *r["matter"], r["content"], "；".join(r["basis"]), r["time"], r["publisher"], channel_text(r),
             "、".join(r["audiences"]), "、".join(r["modes"]), "/".join(names[lv] for lv in r["levels"])]
            for n, r in enumerate(RECORDS)]
    return save_xlsx(path, [header, *rows])


def channel_columns_two_rows(path: Path) -> Path:
    """Provinces that give each channel its own ticked column under 公开渠道和载体, a header
    repeated on the second printed page, and 市级 as a level the district does not have."""
    top, sub = ["序号", "公开事项", None], [None, "一级事项", "二级事项"]
    for name in ("公开内容（要素）", "公开依据", "公开时限", "公开主体"):
        top.append(name)
        sub.append(None)
    channels = ["政府网站", "政务服务中心", "入户/现场", "社区/企事业单位/村公示栏（电子屏）"]
    top += ["公开渠道和载体"] + [None] * (len(channels) - 1) + ["公开对象", None, "公开方式", None, "公开层级",
                                                                  None, None, None]
    sub += channels + ["全社会", "特定群体", "主动", "依申请", "市级", "县级", "乡级", "村级"]
    rows = []
    for n, r in enumerate(RECORDS):
        v = values(r, n + 1)
        rows.append([v["no"], v["l1"], v["l2"], v["content"], v["basis"], v["time"], v["publisher"],
                     *("√" if c in {CHANNEL_NAMES[x] for x in r["channels"]} else "" for c in channels),
                     v["all"], v["some"], v["active"], v["request"], "", v["lv_district"], v["lv_town"],
                     v["lv_village"]])
    return save_xlsx(path, [[TITLE], top, sub, rows[0], rows[1], top, sub, rows[2]])


def mark_variety(path: Path) -> Path:
    """Every mark offices use for “applies” (✓ ✔ ● ■ ☑ 是 有 Y) and for “does not” (□ 否, empty)."""
    rows = data_rows()
    yes = iter(["✓", "✔", "●", "■", "☑", "是", "有", "Y", "y"] * 4)
    no = iter(["□", "否", "", " "] * 8)
    for row in rows:
        for i in range(8, 15):
            row[i] = next(yes) if row[i] else next(no)
    return save_xlsx(path, [[TITLE], [SUB[k] for k in STANDARD], *rows])


def wps_xlsx(path: Path) -> Path:
    """An XLS re-saved as XLSX by WPS: inline strings, a shared string split into rich-text runs,
    a formula 序号 with its cached value, a wrong <dimension>, merged cells, WPS's app properties."""
    rows = [[TITLE], [SUB[k] for k in STANDARD], *data_rows()]

    def cell(r: int, c: int, value) -> str:
        ref = f"{get_column_letter(c)}{r}"
        if value in (None, ""):
            return ""
        if c == 1 and r > 3:  # 序号 = the row above + 1, as WPS keeps it
            return f'<c r="{ref}"><f>A{r - 1}+1</f><v>{value}</v></c>'
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        if (r, c) == (2, 2):
            return f'<c r="{ref}" t="s"><v>0</v></c>'  # 一级事项 from sharedStrings, in two runs
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'

    rows[2][0] = 1
    sheet_rows = "".join(f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(row, 1)) + "</row>"
                         for r, row in enumerate(rows, 1))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/'
        f'workbook.xml"/><Relationship Id="rId2" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.'
        'org/officeDocument/2006/extended-properties"><Application>WPS 表格</Application></Properties>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet '
        'name="社会救助" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="1" uniqueCount="1"><si>'
        "<r><t>一级</t></r><r><rPr><b/></rPr><t>事项</t></r></si></sst>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><dimension ref="A1"/>'
        f'<sheetData>{sheet_rows}</sheetData><mergeCells count="1"><mergeCell ref="A1:O1"/></mergeCells>'
        "</worksheet>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


# shapes whose records differ from RECORDS on purpose
def both_ticked_and_phrases(path: Path) -> Path:
    """Both 公开方式 ticked, both 公开对象 ticked, and 公开时限 phrases with qualifiers before and
    after a rule, and one without any rule (kept as written, with a warning)."""
    rows = data_rows()
    rows[0][STANDARD.index("request")] = "√"
    rows[1][STANDARD.index("all")] = "√"
    rows[0][STANDARD.index("time")] = "常态化公开，自信息形成或者变更之日起20个工作日内予以公开"
    rows[1][STANDARD.index("time")] = "公示期不少于7个工作日"
    rows[2][STANDARD.index("time")] = "按年度更新"
    return save_xlsx(path, [[TITLE], [SUB[k] for k in STANDARD], *rows])


def sections_of_two_domains(path: Path) -> Path:
    """One sheet holding two domains, each under a section row that names it (no --domain): the
    third record belongs to 养老服务 here."""
    rows = data_rows()
    return save_xlsx(path, [["洛龙区基层政务公开标准目录"], [SUB[k] for k in STANDARD], ["一、社会救助领域"],
                            rows[0], rows[1], ["二、养老服务领域"], rows[2]], merges=["A3:O3", "A6:O6"])


SHAPES = [official_two_rows, flattened_dash, flattened_mixed_joiners, flattened_brackets,
          groups_dropped_reordered_extra, notes_above_and_below, first_level_written_once,
          hidden_column_text_numbers, gbk_csv, utf8_bom_tab_csv, other_province_headers,
          channel_columns_two_rows, mark_variety, wps_xlsx]


def expected(shape) -> list[dict]:
    records = [dict(r) for r in RECORDS]
    if shape is hidden_column_text_numbers:
        records[2]["time"] = "10个工作日内"
    if shape is both_ticked_and_phrases:
        records[0].update(modes=("主动", "依申请"), time="常态化公开，自信息形成或者变更之日起20个工作日内予以公开")
        records[1].update(audiences=("全社会", "特定群体"), time="公示期不少于7个工作日")
        records[2]["time"] = "按年度更新"
    return records


# ---------------------------------------------------------------- importing them


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("corpus") / "project")


def fresh(base: Path, tmp_path: Path) -> Path:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(base, project)
    return project


def do_import(project: Path, table: Path, load: bool = True, **options):
    vocabularies, errors = load_vocabularies(project / "catalog", project)
    assert not errors
    options = {k: vocabularies["domains" if k == "domain" else "categories"].resolve(v) for k, v in options.items()}
    result = import_table(table, project / "catalog", vocabularies, published=DAY,
                          category=options.get("category", vocabularies["categories"].resolve("通知公告")),
                          domain=options.get("domain"))
    assert not result.problems, [p.format() for p in result.problems]
    write_changes(result.changes)
    return result, (load_catalog(project / "catalog", project / "content", DAY, project) if load else None)


def assert_records(catalog, records: list[dict], domains=("shehui-jiuzhu",) * 3) -> None:
    items = {i.matter: i for i in catalog.items}
    for record, domain in zip(records, domains, strict=True):
        item = items[record["matter"]]
        got = dict(domain=item.domain.id, content=item.content, basis=item.basis, time=item.time_limit.text,
                   publisher=item.publisher, channels={c.id for c in item.channels}, audiences=item.audiences,
                   modes=item.modes, levels=tuple(lv.id for lv in item.levels))
        want = {k: v for k, v in record.items() if k != "matter"} | {"domain": domain}
        assert got == want, record["matter"]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.__name__)
def test_every_shape_gives_the_same_records(base, tmp_path, shape):
    project = fresh(base, tmp_path)
    suffix = ".csv" if shape.__name__.endswith("csv") else ".xlsx"
    table = shape(tmp_path / f"{getattr(shape, 'file_name', '目录')}{suffix}")
    result, catalog = do_import(project, table)
    assert result.rows == 3 and len(result.changes) == 3 and result.skipped == 0
    assert_records(catalog, expected(shape))
    again, _ = do_import(project, table, load=False)  # the same table again changes nothing
    assert again.changes == []


def test_extra_and_hidden_columns_are_reported_once(base, tmp_path):
    project = fresh(base, tmp_path)
    result, catalog = do_import(project, groups_dropped_reordered_extra(tmp_path / "t.xlsx"))
    assert [w.field for w in result.warnings] == ["社会救助!P1"]
    assert "“责任科室”不是标准目录的列" in result.warnings[0].message
    assert {i.notes for i in catalog.items if i.matter[0] in ("临时救助", "孤儿救助")} >= {"责任科室：社会救助股"}
    result, _ = do_import(fresh(base, tmp_path / "h"), hidden_column_text_numbers(tmp_path / "h.xlsx"))
    assert [(w.field, w.message) for w in result.warnings] == [("社会救助!B1", "隐藏的列“内部编码”没有导入。")]


def test_unknown_level_column_is_reported_and_the_rest_imports(base, tmp_path):
    project = fresh(base, tmp_path)
    result, _ = do_import(project, channel_columns_two_rows(tmp_path / "t.xlsx"))
    assert [w.field for w in result.warnings] == ["社会救助!P3"]
    assert "公开层级“市级”不在本区的层级里" in result.warnings[0].message


def test_both_ticked_and_phrases_with_qualifiers(base, tmp_path):
    project = fresh(base, tmp_path)
    result, catalog = do_import(project, both_ticked_and_phrases(tmp_path / "t.xlsx"))
    assert_records(catalog, expected(both_ticked_and_phrases))
    items = {i.title: i for i in catalog.items}
    assert items["临时救助标准"].time_limit.days == 20 and items["临时救助标准"].time_limit.rule == "期限"
    assert items["临时救助对象公示"].time_limit.rule == "公示" and items["临时救助对象公示"].time_limit.days == 7
    assert items["孤儿基本生活费发放"].time_limit.rule is None  # kept, no late-disclosure check
    assert [(w.field, "看不出公开的期限" in w.message) for w in result.warnings] == [("社会救助!F5", True)]
    text = (project / "catalog/items/shehui-jiuzhu").glob("*.yml")
    both = [p.read_text("utf-8") for p in text if "临时救助标准" in p.read_text("utf-8")][0]
    assert "disclosure:\n  - 主动公开\n  - 依申请公开" in both


def test_section_rows_name_the_domain_of_the_rows_below(base, tmp_path):
    project = fresh(base, tmp_path)
    result, catalog = do_import(project, sections_of_two_domains(tmp_path / "目录.xlsx"))
    assert result.warnings == []
    assert_records(catalog, RECORDS, domains=("shehui-jiuzhu", "shehui-jiuzhu", "yanglao-fuwu"))


def test_new_rows_without_a_category_follow_their_siblings_as_drafts(base, tmp_path):
    """No --category: the category of the domain's items under the same 一级事项, written as a
    draft to be checked; the site keeps building."""
    project = fresh(base, tmp_path)
    vocabularies, _ = load_vocabularies(project / "catalog", project)
    result = import_table(official_two_rows(tmp_path / "t.xlsx"), project / "catalog", vocabularies, published=DAY)
    assert {c.draft for c in result.changes} == {True}
    write_changes(result.changes)
    catalog = load_catalog(project / "catalog", project / "content", DAY, project)
    assert not {r["matter"] for r in RECORDS} & {i.matter for i in catalog.items}
    assert len([d for d in catalog.drafts if d.domain.id == "shehui-jiuzhu"]) == 3
    text = next((project / "catalog/items/shehui-jiuzhu").glob("*lin-shi-jiu-zhu-biao-zhun*.yml")).read_text("utf-8")
    assert text.startswith("# 导入时新建的草稿") and "推测" in text.splitlines()[0]


@pytest.mark.parametrize(("content", "says"), [
    (["姓名", "性别", "身份证号", "村组"], "第 1 行：“姓名”、“性别”、“身份证号”、“村组”"),
    (["2024年低保资金发放明细"], "第 1 行：“2024年低保资金发放明细”"),
])
def test_a_table_without_a_catalog_header_is_refused_with_what_it_holds(base, tmp_path, content, says):
    project = fresh(base, tmp_path)
    table = save_xlsx(tmp_path / "名单.xlsx", [content, ["张三", "男", "", "东高村"]])
    vocabularies, _ = load_vocabularies(project / "catalog", project)
    result = import_table(table, project / "catalog", vocabularies, published=DAY)
    assert result.changes == [] and len(result.problems) == 1
    assert "没有找到标准目录的表头" in result.problems[0].message and says in result.problems[0].message


@pytest.mark.parametrize(("data", "says"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧版 Excel 97-2003"),
    ("<html><table><tr><td>序号</td></tr></table></html>".encode(), "网页（HTML）"),
    (b"PK\x03\x04broken", "无法读取这个表格文件"),
])
def test_files_that_are_no_table_are_refused_with_how_to_save_them(base, tmp_path, data, says):
    table = tmp_path / "目录.xls"
    table.write_bytes(data)
    vocabularies, _ = load_vocabularies(base / "catalog", base)
    result = import_table(table, base / "catalog", vocabularies, published=DAY)
    assert result.changes == [] and says in result.problems[0].message and result.problems[0].hint


def test_cli_refusal_writes_nothing_and_import_warnings_do_not_stop(base, tmp_path):
    import subprocess
    import sys

    project = fresh(base, tmp_path)
    snapshot = {p: p.read_bytes() for p in (project / "catalog").rglob("*") if p.is_file()}
    table = save_xlsx(tmp_path / "名单.xlsx", [["姓名", "身份证号"], ["张三", "x"]])
    run = subprocess.run([sys.executable, "-m", "zwgk.cli", "import", str(table)], cwd=project, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1 and "没有写入任何文件" in run.stdout and "Traceback" not in run.stderr
    assert {p: p.read_bytes() for p in (project / "catalog").rglob("*") if p.is_file()} == snapshot
    run = subprocess.run([sys.executable, "-m", "zwgk.cli", "import", str(both_ticked_and_phrases(tmp_path / "t.xlsx")),
                          "--category", "通知公告"], cwd=project, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "社会救助!F5" in run.stdout and "检查通过" in run.stdout, run.stdout
