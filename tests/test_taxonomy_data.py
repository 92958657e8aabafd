"""Taxonomies are data: a county renames or adds a power type, a “四办” way, an interpretation form or
a place kind, or files its interpretations under another category, in catalog/taxonomy/ only — and
the site follows. A wrong, duplicate or missing entry is a Chinese error with file and line."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_DATE, copy_project, line_of, mkdocs_build
from zwgk.content.annual import table2
from zwgk.content.catalog import check_catalog
from zwgk.outputs.opendata import open_data
from zwgk.outputs.render import Renderer
from zwgk.site.boards import boards
from zwgk.site.entries import Listing
from zwgk.site.views import site_pages

DAY = dt.date.fromisoformat(BUILD_DATE)
SITE_URL = "https://www.example.gov.cn/"
TAXONOMY = "catalog/taxonomy"


@pytest.fixture
def county(tmp_path) -> Path:
    """A copy of the demo project that a test adapts the way a county would."""
    return copy_project(tmp_path / "county")


def edit(project: Path, path: str, *pairs: tuple[str, str]) -> str:
    """Replace text in a project file (each old text must be there once); the new text is returned."""
    file = project / path
    text = file.read_text("utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, (path, old)
        text = text.replace(old, new)
    file.write_text(text, "utf-8")
    return text


def write(project: Path, path: str, text: str) -> str:
    file = project / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, "utf-8")
    return text


def load(project: Path):
    catalog, errors = check_catalog(project / "catalog", project / "content", DAY, project)
    assert not errors, [e.format() for e in errors]
    return catalog


def errors_of(project: Path) -> list:
    catalog, errors = check_catalog(project / "catalog", project / "content", DAY, project)
    assert catalog is None and errors
    return errors


def pages_of(catalog) -> dict:
    listing = Listing.of(catalog)
    return {p.src_uri: p for p in site_pages(catalog, listing, boards(catalog, SITE_URL), editors=True)}


def html(page) -> str:
    """A page body as the site renders it (links left as source paths)."""
    return Renderer().render(page.template, {**page.context, "content": "", "here": page.src_uri}, lambda u: u)


def text_of(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


# ---------------------------------------------------------------- power types


def test_renamed_and_new_power_types_page_the_power_list(county):
    edit(county, f"{TAXONOMY}/power_types.yml",
         ("power_types:\n", "power_types:\n  - {id: gonggong-fuwu, name: 公共服务事项, aliases: [公共服务]}\n"),
         ("{id: qita, name: 其他行政权力}", "{id: qita, name: 其他权力, aliases: [其他行政权力]}"))
    powers = yaml.safe_load((county / "catalog/lists/powers.yml").read_text("utf-8"))["powers"]
    moved = [p["code"] for p in powers if p["type"] == "行政给付"][:3]
    written = iter(("公共服务", "gonggong-fuwu", "公共服务事项"))  # by alias, id and name
    lines, code = [], None
    for line in (county / "catalog/lists/powers.yml").read_text("utf-8").splitlines(keepends=True):
        code = line.split("code:")[1].strip() if line.startswith("- code:") else code
        lines.append(line.replace("行政给付", next(written)) if code in moved and "type:" in line else line)
    (county / "catalog/lists/powers.yml").write_text("".join(lines), "utf-8")

    catalog = load(county)
    pages = pages_of(catalog)
    new = pages["lists/powers/gonggong-fuwu.md"]
    assert new.title == "权责清单：公共服务事项"
    assert [p.code for p in new.context["powers"]] == moved
    assert pages["lists/powers/qita.md"].title == "权责清单：其他权力"  # the old name still resolves
    assert len(pages["lists/powers/qita.md"].context["powers"]) == sum(p["type"] == "其他行政权力" for p in powers)
    index = pages["lists/powers/index.md"]
    names = [t.name for t, _, _ in index.context["types"]]
    assert names[0] == "公共服务事项" and names[-1] == "其他权力" and "其他行政权力" not in names  # the file's order
    assert sum(n for _, n, _ in index.context["types"]) == len(powers)
    body = html(index)
    assert '<a href="lists/powers/gonggong-fuwu.md">公共服务事项（3）</a>' in body
    assert "其他权力（" in body and "其他行政权力" not in body
    assert '<h1 id="zwgk-title">权责清单：公共服务事项</h1>' in html(new)


def test_unknown_power_type_is_reported_with_its_line_and_the_valid_names(county):
    path = county / "catalog/lists/powers.yml"
    text = path.read_text("utf-8").replace("  type: 行政裁决\n", "  type: 行政审批\n", 1)
    text = text.replace("  type: 行政奖励\n", "  type: 奖励\n", 1)
    path.write_text(text, "utf-8")
    errors = errors_of(county)
    assert [(e.file, e.line) for e in errors] == sorted([
        ("catalog/lists/powers.yml", line_of(text, "type: 行政审批")),
        ("catalog/lists/powers.yml", line_of(text, "type: 奖励"))])
    for error in errors:
        assert error.message in ("未知的权力类型“行政审批”。", "未知的权力类型“奖励”。")
        assert "行政许可、行政处罚" in error.hint and "catalog/taxonomy/power_types.yml" in error.hint
        assert re.fullmatch(r"powers\[\d+\]\.type", error.field)


# ---------------------------------------------------------------- “四办”


FOUR_WAYS = """\
four_ways:
  - {id: yiwang, name: 一网通办}
  - {id: mashang, name: 即来即办, aliases: [马上办]}
  - {id: wangshang, name: 网上办}
  - {id: jiujin, name: 就近办}
  - {id: yici, name: 一次办}
"""


def test_renamed_and_new_four_ways_reach_every_list_page_and_the_open_data(county):
    write(county, f"{TAXONOMY}/four_ways.yml", FOUR_WAYS)
    item = "catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml"
    edit(county, item, ("four_ways: [网上办, 一次办]", "four_ways: [yiwang, 马上办, 即来即办, 网上办]"))

    catalog = load(county)
    moved = next(i for i in catalog.items if i.id == "huji-guanli-hukou-qianru")
    assert [w.name for w in moved.four_ways] == ["一网通办", "即来即办", "网上办"]  # id, alias, name; once each
    pages = pages_of(catalog)
    groups = pages["lists/four-ways.md"].context["groups"]
    assert [w.name for w, _ in groups] == ["一网通办", "即来即办", "网上办", "就近办", "一次办"]
    assert [i.id for i in groups[0][1]] == ["huji-guanli-hukou-qianru"]
    body = html(pages["lists/four-ways.md"])
    assert "按“一网通办、即来即办、网上办、就近办、一次办”分类列出" in body
    assert '<h2 id="way-1">一网通办 <small>（1 个）</small></h2>' in body and "马上办" not in body
    assert "一网通办" in text_of(html(pages["lists/index.md"]))
    assert '<li class="zwgk-badge">一网通办</li>' in html(pages[f"items/{moved.id}.md"])

    files = open_data(catalog, SITE_URL)
    record = next(r for r in json.loads(files["data/items.json"]) if r["id"] == moved.id)
    assert record["four_ways"] == ["一网通办", "即来即办", "网上办"]
    described = json.loads(files["data/items.schema.json"])["items"]["properties"]["four_ways"]["description"]
    assert described == "一网通办、即来即办、网上办、就近办、一次办"
    fields = pages["help/fields.md"].context["schemas"][0][3]
    assert next(r for r in fields if r["path"] == "four_ways")["choices"] == described


def test_unknown_four_way_lists_what_may_be_written(county):
    item = "catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml"
    text = edit(county, item, ("four_ways: [网上办, 一次办]", "four_ways:\n  - 网上办\n  - 掌上办\n"))
    [error] = errors_of(county)
    assert (error.file, error.line) == (item, line_of(text, "- 掌上办"))
    assert error.message == "未知的“四办”方式“掌上办”。"
    assert "马上办、网上办、就近办、一次办" in error.hint and "catalog/taxonomy/four_ways.yml" in error.hint
    assert error.field.startswith("four_ways[1]")


# ---------------------------------------------------------------- interpretation forms


FORMS = """\
forms:
  - {id: wenzi, name: 文字}
  - {id: tujie, name: 一图读懂, aliases: [图解], requires: image}
  - {id: yinpin, name: 音频, requires: audio}
  - {id: shipin, name: 视频, requires: video}
  - {id: shuju, name: 数据, requires: data}
  - {id: fangtan, name: 在线访谈}
  - {id: h5, name: H5动画, requires: image}
"""


def test_renamed_and_new_interpretation_forms_group_the_index_and_label_the_pages(county):
    write(county, f"{TAXONOMY}/interpretation_forms.yml", FORMS)
    edit(county, "content/jiedu/dibao-shishi-banfa-jiedu.md", ("form: 文字", "form: fangtan"))
    catalog = load(county)
    forms = {i.id: i.form.name for i in catalog.interpretations}
    assert forms["yitu-dudong-gaoling-jintie"] == "一图读懂"  # written 图解, now an alias
    assert forms["dibao-shishi-banfa-jiedu"] == "在线访谈"
    pages = pages_of(catalog)
    index = html(pages["jiedu/index.md"])
    assert "用文字、一图读懂、音频、视频、数据、在线访谈和H5动画解读本区出台的政策文件" in index
    headings = re.findall(r'<h2 id="form-\d+">(.*?)解读 <small>（(\d+) 篇）', index)
    assert headings == [("文字", "3"), ("一图读懂", "2"), ("音频", "1"), ("视频", "1"), ("数据", "2"),
                        ("在线访谈", "1"), ("H5动画", "0")]
    page = html(pages["jiedu/dibao-shishi-banfa-jiedu.md"])
    assert '<span class="zwgk-tag">在线访谈解读</span>' in page
    category = Listing.of(catalog).by_category[catalog.interpretation_category.id]
    assert {e.note for e in category if e.kind == "解读"} == {"文字", "一图读懂", "音频", "视频", "数据", "在线访谈"}
    fields = pages["help/fields.md"].context["schemas"][2][3]
    choices = next(r for r in fields if r["path"] == "form")["choices"]
    assert choices == "文字、一图读懂、音频、视频、数据、在线访谈、H5动画"


@pytest.mark.parametrize(("form", "message"), [
    ("H5动画", "H5动画形式的解读正文里没有图片。"),  # a new form that requires a picture
    ("一图读懂", "一图读懂形式的解读正文里没有图片。"),  # the renamed 图解 keeps its rule
    ("yinpin", "“音频”形式的解读必须写 audio。"),  # written by id
    ("漫画", "未知的解读形式“漫画”。"),
])
def test_what_a_form_requires_comes_from_its_entry(county, form, message):
    write(county, f"{TAXONOMY}/interpretation_forms.yml", FORMS)
    page = "content/jiedu/dibao-shishi-banfa-jiedu.md"
    text = edit(county, page, ("form: 文字", f"form: {form}"))
    [error] = errors_of(county)
    assert (error.file, error.line, error.message) == (page, line_of(text, "form:"), message)
    if form == "漫画":
        assert "文字、一图读懂、音频" in error.hint and "interpretation_forms.yml" in error.hint


def test_a_form_may_drop_its_requirement(county):
    edit(county, f"{TAXONOMY}/interpretation_forms.yml", ("{id: tujie, name: 图解, requires: image}",
                                                          "{id: tujie, name: 图解}"))
    page = "content/jiedu/yitu-dudong-gaoling-jintie.md"
    text = (county / page).read_text("utf-8")
    (county / page).write_text(re.sub(r"!\[[^\]]*\]\([^)]*\)", "（图略）", text), "utf-8")
    catalog = load(county)
    reading = next(i for i in catalog.interpretations if i.id == "yitu-dudong-gaoling-jintie")
    assert reading.form.name == "图解" and reading.images == ()


# ---------------------------------------------------------------- place kinds


def test_a_new_place_kind_gets_its_level_and_board(county):
    edit(county, f"{TAXONOMY}/place_kinds.yml",
         ("  - {id: town, name: 镇}\n", "  - {id: town, name: 镇}\n  - {id: xiang, name: 乡}\n"),
         ("{id: village, name: 村}", "{id: village, name: 行政村, aliases: [村]}"))
    edit(county, f"{TAXONOMY}/levels.yml", ("place_kinds: [town, subdistrict]", "place_kinds: [town, 乡, 街道办事处]"))
    edit(county, f"{TAXONOMY}/places.yml", ("  kind: district\n  children:\n", "  kind: district\n  children:\n"
                                            "    - id: shanhou\n      name: 山后乡\n      kind: 乡\n      children:\n"
                                            "        - {id: shanhou-nangou, name: 南沟村, kind: 村}\n"))
    catalog = load(county)
    xiang, village = catalog.places.by_id["shanhou"], catalog.places.by_id["shanhou-nangou"]
    assert (xiang.kind.id, xiang.kind_name, village.kind_name) == ("xiang", "乡", "行政村")
    assert catalog.level_of(xiang) == catalog.levels["town"] and catalog.level_of(village) == catalog.levels["village"]
    pages = pages_of(catalog)
    board = pages["bulletins/shanhou.md"]
    town_board = pages["bulletins/lilou.md"]
    assert [i["item"].id for i in board.context["items"]] == [i["item"].id for i in town_board.context["items"]]
    assert board.context["items"]
    assert '<p class="zwgk-board__org">洛龙区 · 山后乡</p>' in html(pages["bulletins/shanhou-nangou.md"])
    assert '<p class="zwgk-board__org">洛龙区</p>' in html(board)
    towns = pages["bulletins/index.md"].context["towns"]
    assert [c["place"].id for t in towns if t["place"].id == "shanhou" for c in t["children"]] == ["shanhou-nangou"]


def test_the_district_kind_may_be_renamed_too(county):
    """A county (县) rather than a district: the root of places.yml is the top, whatever its kind."""
    edit(county, f"{TAXONOMY}/place_kinds.yml", ("{id: district, name: 区}", "{id: county, name: 县}"))
    edit(county, f"{TAXONOMY}/levels.yml", ("place_kinds: [district]", "place_kinds: [县]"))
    edit(county, f"{TAXONOMY}/places.yml", ("  kind: district\n", "  kind: county\n"))
    catalog = load(county)
    assert catalog.district.id == "luolong" and catalog.district.kind_name == "县"
    pages = pages_of(catalog)
    assert "bulletins/luolong.md" not in pages and "bulletins/lilou.md" in pages
    assert '<p class="zwgk-board__org">洛龙区 · 李楼镇</p>' in html(pages["bulletins/lilou-donggao.md"])


def test_unknown_place_kind_in_places_and_levels(county):
    places = edit(county, f"{TAXONOMY}/places.yml", ("{id: lilou-xigao, name: 西高村, kind: village}",
                                                     "{id: lilou-xigao, name: 西高村, kind: 自然村}"))
    levels = edit(county, f"{TAXONOMY}/levels.yml", ("place_kinds: [village, community]",
                                                     "place_kinds: [village, 居委会]"))
    errors = errors_of(county)
    found = {(e.file, e.line, e.message) for e in errors}
    assert found == {(f"{TAXONOMY}/places.yml", line_of(places, "自然村"), "未知的地点类型“自然村”。"),
                     (f"{TAXONOMY}/levels.yml", line_of(levels, "居委会"), "未知的地点类型“居委会”。")}
    assert all("区、镇、街道办事处、村、社区" in e.hint and "place_kinds.yml" in e.hint for e in errors)


def test_a_place_kind_in_no_level_is_a_warning(county):
    edit(county, f"{TAXONOMY}/place_kinds.yml", ("{id: community, name: 社区}",
                                                 "{id: community, name: 社区}\n  - {id: xiaoqu, name: 小区}"))
    places = edit(county, f"{TAXONOMY}/places.yml", ("{id: lilou-xigao, name: 西高村, kind: village}",
                                                     "{id: lilou-xigao, name: 西高小区, kind: 小区}"))
    catalog = load(county)  # publishable: the board is empty, not wrong
    [warning] = [w for w in catalog.warnings if "公开层级" in w.message]
    assert (warning.file, warning.line) == (f"{TAXONOMY}/places.yml", line_of(places, "西高小区"))
    assert warning.message == "地点类型“小区”不属于任何公开层级，西高小区的公开栏上不会有公开事项。"
    assert "levels.yml" in warning.hint
    assert pages_of(catalog)["bulletins/lilou-xigao.md"].context["items"] == []


# ---------------------------------------------------------------- the interpretation category


def test_interpretations_follow_the_category_that_carries_the_role(county):
    edit(county, f"{TAXONOMY}/categories.yml",
         ("{id: zhengce-jiedu, name: 政策解读, disclosure: juece, interpretations: true}",
          "{id: zhengce-jiedu, name: 政策文件, aliases: [政策解读], disclosure: juece}\n"
          "  - {id: jiedu-huiying, name: 解读回应, disclosure: juece, interpretations: true}"))
    # the category that lost the role now takes documents
    doc = next(str(p.relative_to(county)) for p in (county / "catalog/documents").rglob("llzb-2024-05.md"))
    edit(county, doc, ("category: 规范性文件", "category: 政策文件"))
    catalog = load(county)
    assert catalog.interpretation_category.id == "jiedu-huiying"
    grouped = Listing.of(catalog).by_category
    assert {e.kind for e in grouped["jiedu-huiying"]} == {"解读"}
    assert len(grouped["jiedu-huiying"]) == len(catalog.interpretations)
    assert [e.record.id for e in grouped["zhengce-jiedu"] if e.kind == "文件"] == ["llzb-2024-05"]
    assert not any(e.kind == "解读" for e in grouped["zhengce-jiedu"])
    pages = pages_of(catalog)
    reading = catalog.interpretations[0]
    assert pages[reading.src_uri].context["category_uri"] == "categories/jiedu-huiying.md"
    assert "解读回应" in text_of(html(pages["categories/jiedu-huiying.md"]))
    assert reading.title in html(pages["categories/jiedu-huiying.md"])

    # and a document filed under the new role's category is refused, naming it
    text = edit(county, doc, ("category: 政策文件", "category: 解读回应"))
    [error] = errors_of(county)
    assert (error.file, error.line) == (doc, line_of(text, "category:"))
    assert error.message == "解读回应不写在 catalog/documents/ 里。" and "归入“解读回应”类" in error.hint


def test_no_category_with_the_interpretation_role(county):
    text = edit(county, f"{TAXONOMY}/categories.yml", (", interpretations: true}", "}"))
    [error] = errors_of(county)
    assert (error.file, error.line) == (f"{TAXONOMY}/categories.yml", line_of(text, "categories:"))
    assert error.message == "没有标明政策解读归入哪一类。" and "interpretations: true" in error.hint


def test_two_categories_with_the_interpretation_role(county):
    text = edit(county, f"{TAXONOMY}/categories.yml",
                ("{id: gongzuo-baogao, name: 政府工作报告, disclosure: zhixing}",
                 "{id: gongzuo-baogao, name: 政府工作报告, disclosure: zhixing, interpretations: true}"),
                ("{id: tongji-xinxi, name: 统计信息, disclosure: jieguo}",
                 "{id: tongji-xinxi, name: 统计信息, disclosure: jieguo, interpretations: true}"))
    errors = errors_of(county)
    assert [(e.file, e.line) for e in errors] == [(f"{TAXONOMY}/categories.yml", line_of(text, "政府工作报告")),
                                                  (f"{TAXONOMY}/categories.yml", line_of(text, "统计信息"))]
    assert errors[0].message == "“政府工作报告”和“政策解读”都标了 interpretations: true。"
    assert errors[1].message == "“统计信息”和“政策解读”都标了 interpretations: true。"
    assert all("只在其中一类写 interpretations: true" in e.hint for e in errors)


# ---------------------------------------------------------------- the annual report follows the categories


def test_annual_report_rows_follow_the_category_flag(county):
    before = table2(load(county), 2024).rules
    assert before["行政规范性文件"][0].value > 0 and [f.value for f in before["规章"]] == [0, 0, 0]
    edit(county, f"{TAXONOMY}/categories.yml",
         ("{id: guifanxing-wenjian, name: 规范性文件,",
          "{id: guifanxing-wenjian, name: 行政规范性文件, aliases: [规范性文件],"))
    renamed = table2(load(county), 2024).rules
    assert [f.value for f in renamed["行政规范性文件"]] == [f.value for f in before["行政规范性文件"]]
    edit(county, f"{TAXONOMY}/categories.yml", ("     report_row: 行政规范性文件}", "     report_row: 规章}"))
    moved = table2(load(county), 2024).rules
    assert [f.value for f in moved["规章"]] == [f.value for f in before["行政规范性文件"]]
    assert [f.value for f in moved["行政规范性文件"]] == [0, 0, 0]


# ---------------------------------------------------------------- the taxonomy files themselves


@pytest.mark.parametrize("file", ["power_types", "four_ways", "interpretation_forms", "place_kinds"])
def test_a_missing_taxonomy_file_is_named(county, file):
    (county / TAXONOMY / f"{file}.yml").unlink()
    [error] = errors_of(county)
    assert error.file == f"{TAXONOMY}/{file}.yml" and error.message == "缺少分类文件。"
    assert "catalog/taxonomy/" in error.hint


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("power_types.yml", "{id: chufa, name: 行政处罚}", "{id: chufa, name: 行政许可}", "“行政许可”已经是“xuke”的"),
    ("four_ways.yml", "{id: yici, name: 一次办}", "{id: mashang, name: 一次办}", "编号“mashang”重复"),
    ("interpretation_forms.yml", "{id: shuju, name: 数据, requires: data}",
     "{id: shuju, name: 数据, aliases: [文字], requires: data}", "“文字”已经是“wenzi”的"),
    ("interpretation_forms.yml", "requires: data}", "requires: csv}", "“必须具备”不能写“csv”"),
    ("place_kinds.yml", "{id: community, name: 社区}", "{id: community, name: 社区, aliases: [村]}",
     "“村”已经是“village”的"),
])
def test_mistakes_in_the_new_taxonomy_files(county, file, old, new, message):
    text = edit(county, f"{TAXONOMY}/{file}", (old, new))
    [error] = errors_of(county)
    assert error.file == f"{TAXONOMY}/{file}" and error.line == line_of(text, new)
    assert message in error.message


# ---------------------------------------------------------------- one real site


def test_a_county_with_its_own_taxonomies_builds(county, tmp_path):
    write(county, f"{TAXONOMY}/four_ways.yml", FOUR_WAYS)
    write(county, f"{TAXONOMY}/interpretation_forms.yml", FORMS)
    edit(county, f"{TAXONOMY}/power_types.yml", ("{id: qita, name: 其他行政权力}",
                                                 "{id: qita, name: 其他权力, aliases: [其他行政权力]}"))
    edit(county, f"{TAXONOMY}/categories.yml",
         ("{id: zhengce-jiedu, name: 政策解读, disclosure: juece, interpretations: true}",
          "{id: zhengce-jiedu, name: 解读回应, aliases: [政策解读], disclosure: juece, interpretations: true}"))
    edit(county, "catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml",
         ("four_ways: [网上办, 一次办]", "four_ways: [一网通办, 马上办]"))
    result = mkdocs_build(county, tmp_path / "site")
    assert result.returncode == 0, result.output
    four = result.page("lists/four-ways/index.html")
    assert '<h2 id="way-1">一网通办 <small>（1 个）</small></h2>' in four and "马上办" not in four
    assert '<h1 id="zwgk-title">权责清单：其他权力</h1>' in result.page("lists/powers/qita/index.html")
    assert "H5动画解读" in result.page("jiedu/index.html")
    item = result.page("items/huji-guanli-hukou-qianru/index.html")
    assert '<li class="zwgk-badge">一网通办</li><li class="zwgk-badge">即来即办</li>' in item
    category = result.page("categories/zhengce-jiedu/index.html")
    assert '<h1 id="zwgk-title">解读回应' in category and "一图读懂《洛龙区高龄老人津贴发放管理办法》" in category


HOSTILE = '<b>办&“理”</b>{{ x }}</script>'


def test_hostile_names_in_the_new_taxonomies_stay_text(county):
    """Names are data: markup or template syntax in one is shown as written, never run."""
    from markupsafe import escape

    quoted = HOSTILE.replace("'", "''")
    for file, term_id, old, n in (("four_ways", "mashang", "马上办", 1), ("interpretation_forms", "wenzi", "文字", 2),
                                  ("power_types", "xuke", "行政许可", 3), ("place_kinds", "town", "镇", 4)):
        edit(county, f"{TAXONOMY}/{file}.yml", (f"{{id: {term_id}, name: {old}}}",
                                                f"{{id: {term_id}, name: '{quoted}{n}', aliases: [{old}]}}"))
    catalog = load(county)
    assert catalog.places.by_id["lilou"].kind_name == HOSTILE + "4"
    pages = pages_of(catalog)
    rendered = {uri: html(pages[uri]) for uri in ("lists/four-ways.md", "lists/index.md", "jiedu/index.md",
                                                  "lists/powers/index.md", "lists/powers/xuke.md",
                                                  "items/shehui-baoxian-jumin-yanglao-canbao.md", "help/fields.md")}
    for uri, n in (("lists/four-ways.md", 1), ("jiedu/index.md", 2), ("lists/powers/xuke.md", 3),
                   ("items/shehui-baoxian-jumin-yanglao-canbao.md", 1), ("help/fields.md", 2)):
        assert str(escape(HOSTILE + str(n))) in rendered[uri], uri
    for uri, body in rendered.items():
        assert "<b>办" not in body and "</script>" not in body, uri
    assert all(p.src_uri.isascii() for p in pages.values())  # addresses come from ids
    record = next(r for r in json.loads(open_data(catalog, SITE_URL)["data/items.json"])
                  if r["id"] == "shehui-baoxian-jumin-yanglao-canbao")
    assert record["four_ways"] == [HOSTILE + "1", "网上办", "就近办"]
