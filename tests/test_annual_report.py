"""The annual report (国办公开办函〔2021〕30号): table 2 counted from the demo's records, tables 3
and 4 from the office's data files with every rule checked, the page, its print and exports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from conftest import BUILD_DATE, mkdocs_build
from zwgk.content.catalog import check_catalog


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def table(html: str, caption: str) -> str:
    start = html.index(caption)
    return text_of(html[start:html.index("</table>", start)])


# what the demo's records give (counted by hand from catalog/documents/)
TABLE2 = {
    2023: "规章 0 0 0 行政规范性文件 5 1 4 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 0 "
          "第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 0 行政强制 0 第二十条第（八）项 "
          "信息内容 本年收费金额（单位：万元） 行政事业性收费 0",
    # made: llny-2024-03, llzb-2024-05/09/15/21; repealed: llzb-2023-04, -08, -11; in force at year end: 6;
    # permits: 5 in the Q3 施工许可 notice; penalties: llsc-2024-cf-015, llwj-2024-cf-006; coercion: llsc-2024-qz-003
    2024: "规章 0 0 0 行政规范性文件 5 3 6 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 5 "
          "第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 2 行政强制 1 第二十条第（八）项 "
          "信息内容 本年收费金额（单位：万元） 行政事业性收费 186.4",
}


@pytest.mark.parametrize("year", [2023, 2024])
def test_table_two_is_counted_from_the_records(demo_build, year):
    html = demo_build.page(f"xxgk/nianbao/{year}/index.html")
    assert TABLE2[year] in table(html, "表二 主动公开政府信息情况")


def test_each_table_two_figure_links_to_the_records_it_counts(demo_build):
    html = demo_build.page("xxgk/nianbao/2024/index.html")
    basis = html[html.index('id="t2-3-行政规范性文件"'):]
    basis = basis[:basis.index("</ul>")]
    assert basis.count("<li>") == 6
    for document in ("llzb-2024-05", "llzb-2023-20", "llny-2024-03"):
        assert f"documents/{document}/" in basis
    assert 'href="#t2-行政处罚"' in html
    penalties = html[html.index('id="t2-行政处罚"'):]
    penalties = penalties[:penalties.index("</ul>")]
    assert "llsc-2024-cf-015" in penalties and "llwj-2024-cf-006" in penalties and "llcg-2025" not in penalties


def test_tables_three_and_four_and_the_six_sections_in_order(demo_build):
    html = demo_build.page("xxgk/nianbao/2024/index.html")
    three = table(html, "表三 收到和处理政府信息公开申请情况")
    assert "一、本年新收政府信息公开申请数量 23 5 0 0 1 0 29" in three
    assert "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1" in three
    assert "（七）总计 24 5 0 0 1 0 30" in three and "四、结转下年度继续办理 0 0 0 0 0 0 0" in three
    assert 'colspan="5">法人或其他组织' in html  # the official merged header
    four = table(html, "表四 政府信息公开行政复议、行政诉讼情况")
    assert four.strip().endswith("1 1 0 0 2 1 0 0 0 1 0 0 0 0 0")
    body = text_of(html[html.index("<article"):])
    sections = ("一、总体情况", "表二 主动公开", "表三 收到和处理", "表四 政府信息公开行政复议",
                "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    positions = [body.index(s) for s in sections]
    assert positions == sorted(positions)
    index = demo_build.page("xxgk/nianbao/index.html")
    assert "2024年政府信息公开工作年度报告" in index and "2023年政府信息公开工作年度报告" in index


def test_report_tables_download_as_xlsx_and_csv(demo_build):
    book = load_workbook(demo_build.site / "downloads/nianbao-2024.xlsx")
    assert book.sheetnames == ["表二", "表三", "表四"]
    two = [[c for c in row if c is not None] for row in book["表二"].iter_rows(values_only=True)]
    assert ["行政规范性文件", 5, 3, 6] in two and ["行政事业性收费", 186.4] in two
    assert book["表三"].merged_cells.ranges  # merged headers as printed
    rows = list(csv.reader(io.StringIO((demo_build.site / "downloads/nianbao-2024.csv").read_text("utf-8-sig"))))
    assert ["一、本年新收政府信息公开申请数量", "23", "5", "0", "0", "1", "0", "29"] in rows
    assert 'href="../../../downloads/nianbao-2024.xlsx"' in demo_build.page("xxgk/nianbao/2024/index.html")


def test_report_prints_on_a4(demo_build, browser):
    from pypdf import PdfReader

    from conftest import serve_site

    with serve_site(demo_build.site) as base:
        page = browser.new_page()
        page.goto(base + "xxgk/nianbao/2024/")
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        page.close()
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "表三" in text and "结转下年度继续办理" in text and "打印本页" not in text and "字号" not in text
    for sheet in pdf.pages:  # A4: 595 × 842 pt
        assert abs(float(sheet.mediabox.width) - 595.3) < 2 and abs(float(sheet.mediabox.height) - 841.9) < 2


# ---------------------------------------------------------------- the office's data file, broken on purpose


def broken(project, year: int, old: str, new: str, count: int = 1) -> None:
    path = project / f"catalog/reports/{year}.yml"
    text = path.read_text("utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), "utf-8")


def errors_of(project) -> str:
    import datetime as dt

    catalog, errors = check_catalog(project / "catalog", project / "content", dt.date.fromisoformat(BUILD_DATE),
                                    project)
    assert catalog is None
    return "\n".join(e.format() for e in errors)


def test_every_rule_of_the_data_file_is_checked_at_once(project):
    broken(project, 2024, "    本年新收: 23", "    本年新收: 22")                     # 新收+结转 ≠ 结果+结转
    broken(project, 2024, "      保护第三方合法权益: 2", "      保护第三方合法权益: 2\n      小计: 5")  # 小计 wrong
    broken(project, 2024, "行政复议: {结果维持: 1, 结果纠正: 1, 其他结果: 0, 尚未审结: 0}",
           "行政复议: {结果维持: 1, 结果纠正: 1, 其他结果: 0, 尚未审结: 0, 总计: 3}")      # table 4 total wrong
    broken(project, 2023, "    本年新收: 4", "    本年新收: -4")                       # negative
    message = errors_of(project)
    assert re.search(r"catalog/reports/2024\.yml:\d+ +表三 自然人 列", message)
    assert "本年新收 22 + 上年结转 1 = 23，但办理结果总计 24 + 结转下年度 0 = 24" in message
    assert "表三 自然人 列 不予公开" in message and "小计写的是 5，但各项原因相加是 3" in message
    assert "表四 行政复议 总计" in message and "总计写的是 3" in message
    assert re.search(r"catalog/reports/2023\.yml:\d+ +applications\.商业企业\.本年新收", message)
    assert "Traceback" not in message


def test_carry_over_between_years_is_checked(project):
    broken(project, 2023, "    结转下年度: 1", "    结转下年度: 2")
    broken(project, 2023, "    予以公开: 9", "    予以公开: 8")  # keep 2023 balanced: 18 + 1 = 17 + 2
    message = errors_of(project)
    assert "2024 年的上年结转是 1，但 2023 年报告的结转下年度是 2" in message
    assert "表三 自然人 列 上年结转" in message


def test_report_page_needs_its_data_file_markers_and_sections(project, tmp_path):
    (project / "catalog/reports/2023.yml").unlink()
    report = project / "content/xxgk/nianbao/2024.md"
    text = report.read_text("utf-8").replace("<!-- 表三 -->\n", "").replace("## 五、存在的主要问题及改进情况",
                                                                          "## 五、问题和改进")
    report.write_text(text, "utf-8")
    message = errors_of(project)
    assert "2023 年度报告缺少表三、表四的数据文件" in message and "catalog/reports/2023.yml" in message
    assert "没有 <!-- 表三 --> 这一行" in message
    assert "六个部分不全或顺序不对：这里是“五、问题和改进”" in message
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.output
    assert not (tmp_path / "site").exists()  # nothing half-written


def test_a_repealed_document_needs_its_date(project):
    path = project / "catalog/documents/guifanxing-wenjian/llzb-2023-04.md"
    path.write_text(path.read_text("utf-8").replace("valid_until: 2024-03-31\n", ""), "utf-8")
    assert "文件已废止，但没有写废止日期" in errors_of(project)

