"""Documents, interpretations, lists and reports: loading, validation and visibility."""

import datetime as dt

import pytest

from conftest import document, interpretation, line_of, make_project, single
from zwgk.content.catalog import check_catalog

DAY = dt.date(2026, 1, 1)


def check(tmp_path, **parts):
    catalog_dir = make_project(tmp_path, **parts)
    return check_catalog(catalog_dir, tmp_path / "content", DAY, root=tmp_path)


def only_error(tmp_path, **parts):
    return single(check(tmp_path, **parts))


def test_document_with_interpretation_links_both_ways(tmp_path):
    catalog, errors = check(tmp_path, documents={"a/doc.md": document()},
                            pages={"jiedu/dibao.md": interpretation()})
    assert errors == []
    [doc] = catalog.documents
    assert doc.publisher.name == "洛龙区人民政府办公室" and doc.topic.id == "minzheng"
    assert doc.index_number == "11410311MB0000002B/2024-00001"
    assert "为保障困难群众基本生活" in doc.body
    [reading] = catalog.interpretations
    assert reading.documents == (doc,) and reading.src_uri == "jiedu/dibao.md"
    assert catalog.interpretations_of(doc) == [reading]


def test_index_numbers_follow_publication_order_and_skip_taken_ones(tmp_path):
    catalog, _ = check(tmp_path, documents={
        "a/1.md": document("doc-b", replace={"published_date: 2024-03-05": "published_date: 2024-05-01"}),
        "a/2.md": document("doc-a"),
        "a/3.md": document("doc-c", replace={
            "doc_number:": "index_number: 11410311MB0000002B/2024-00002\ndoc_number:"}),
    })
    numbers = {d.id: d.index_number for d in catalog.documents}
    assert numbers == {"doc-a": "11410311MB0000002B/2024-00001", "doc-c": "11410311MB0000002B/2024-00002",
                       "doc-b": "11410311MB0000002B/2024-00003"}


def test_duplicate_explicit_index_number(tmp_path):
    extra = {"doc_number:": "index_number: X/2024-1\ndoc_number:"}
    text = document("doc-b", replace=extra)
    error = only_error(tmp_path, documents={"a/1.md": document("doc-a", replace=extra), "a/2.md": text})
    assert error.file.endswith("a/2.md") and error.line == line_of(text, "index_number:")
    assert "已被文件“doc-a”使用" in error.message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("publisher: 区政府办公室", "publisher: 区长办公室", "未知的发布机构“区长办公室”"),
        ("topic: 民政、扶贫、救灾", "topic: 民生", "未知的主题分类“民生”"),
        ("written_date: 2024-03-01", "written_date: 2024-04-01", "成文日期 2024-04-01 晚于发布日期"),
        ("category: 规范性文件", "category: 政策解读", "政策解读不写在 catalog/documents/ 里"),
        ("written_date: 2024-03-01", "written_date: 2024-02-30", "不是一个存在的日期"),
        ("title: 关于印发低保实施办法的通知", "titel: 关于印发低保实施办法的通知", "不认识的字段“titel”"),
    ],
)
def test_document_mistakes(tmp_path, old, new, message):
    text = document(replace={old: new})
    error = only_error(tmp_path, documents={"a/doc.md": text})
    assert message in error.message
    assert error.line == line_of(text, new.split(":")[0] + ":")


def test_front_matter_must_be_closed(tmp_path):
    error = only_error(tmp_path, documents={"a/doc.md": "---\nid: a\n正文\n"})
    assert error.line == 1 and "没有结束" in error.message


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("interprets: [llzb-2024-05]", "interprets: [llzb-2099-01]", "interprets:", "找不到编号为“llzb-2099-01”的文件"),
        ("form: 文字", "form: 音频", "form:", "“音频”形式的解读必须写 audio"),
        ("form: 文字", "form: 图解", "form:", "图解形式的解读正文里没有图片"),
        ("解读正文。", "![](../media/a.png)", "![](", "没有替代文字"),
        ("published_date: 2024-03-10", "published_date: 2024-03-01", "published_date:", "早于被解读文件"),
        ("form: 文字", "form: 动画", "form:", "未知的解读形式“动画”"),
    ],
)
def test_interpretation_mistakes(tmp_path, old, new, needle, message):
    text = interpretation(replace={old: new})
    error = only_error(tmp_path, documents={"a/doc.md": document()}, pages={"jiedu/x.md": text})
    assert error.file == "content/jiedu/x.md"
    assert message in error.message
    assert error.line == line_of(text, needle)


def test_data_interpretation_reads_its_csv(tmp_path):
    data = ("data:\n  csv: media/d.csv\n  caption: 低保标准\n  label: 年份\n  values: [城市, 农村]\n"
            "  unit: 元/月\n  chart: 折线图\nform: 数据")
    text = interpretation(replace={"form: 文字": data})
    catalog, errors = check(tmp_path, documents={"a/doc.md": document()},
                            pages={"jiedu/x.md": text, "media/d.csv": "年份,城市,农村\n2023,720,530\n2024,760,560\n"})
    assert errors == []
    series = catalog.interpretations[0].data
    assert series.rows == (("2023", (720.0, 530.0)), ("2024", (760.0, 560.0))) and series.chart == "折线图"


def test_data_interpretation_with_wrong_column(tmp_path):
    data = "data:\n  csv: media/d.csv\n  caption: 低保标准\n  label: 年度\n  values: [城市]\nform: 数据"
    error = only_error(tmp_path, documents={"a/doc.md": document()},
                       pages={"jiedu/x.md": interpretation(replace={"form: 文字": data}),
                              "media/d.csv": "年份,城市\n2024,760\n"})
    assert "没有“年度”这一列" in error.message and "年份、城市" in error.hint


def test_interpreting_a_withheld_document_is_refused(tmp_path):
    secret = document(replace={"domain: 社会救助": "domain: 社会救助\ndisclosure: 不予公开"})
    error = only_error(tmp_path, documents={"a/doc.md": secret}, pages={"jiedu/x.md": interpretation()})
    assert "不予公开" in error.message and error.file == "content/jiedu/x.md"


def test_withheld_and_future_records_never_reach_the_catalog(tmp_path):
    future = {"published_date: 2024-03-05": "published_date: 2026-03-05",
              "written_date: 2024-03-01": "written_date: 2026-03-01"}
    catalog, errors = check(tmp_path, documents={
        "a/public.md": document("doc-public"),
        "a/secret.md": document("doc-secret", replace={"domain: 社会救助": "disclosure: 不予公开"}),
        "a/future.md": document("doc-future", replace=future),
    }, pages={
        "jiedu/public.md": interpretation(doc_id="doc-public"),
        "jiedu/later.md": interpretation(doc_id="doc-future",
                                         replace={"published_date: 2024-03-10": "published_date: 2026-03-10"}),
        "jiedu/hidden.md": interpretation(doc_id="doc-public", replace={
            "form: 文字": "form: 图解\ndisclosure: 不予公开", "解读正文。": "![内部流程图](../media/secret.svg)"}),
        "media/secret.svg": "<svg/>",
    })
    assert errors == []
    assert [d.id for d in catalog.documents] == ["doc-public"]
    assert [i.id for i in catalog.interpretations] == ["public"]
    assert catalog.unpublished_pages == {"jiedu/later.md", "jiedu/hidden.md"}
    assert catalog.unpublished_files == {"media/secret.svg"}


def test_power_codes_must_be_unique(tmp_path):
    catalog_dir = make_project(tmp_path)
    (catalog_dir / "lists").mkdir()
    text = ("title: 权责清单\npowers:\n"
            "  - {code: CF-1, name: 甲, type: 行政处罚, department: 区城管局, basis: 某法}\n"
            "  - {code: CF-1, name: 乙, type: 行政处罚, department: 区城管局, basis: 某法}\n")
    (catalog_dir / "lists" / "powers.yml").write_text(text, "utf-8")
    _, [error] = check_catalog(catalog_dir, tmp_path / "content", DAY, root=tmp_path)
    assert error.line == 4 and "与第 1 项重复" in error.message


def test_report_needs_a_year(tmp_path):
    from zwgk.content.readers import REPORT_MARKERS, REPORT_SECTIONS

    body = "".join(f"## {section}\n\n" + (f"{REPORT_MARKERS[n - 1]}\n\n" if 1 <= n <= 3 else "正文\n\n")
                   for n, section in enumerate(REPORT_SECTIONS))
    error = only_error(tmp_path, pages={"xxgk/nianbao/2024.md": "---\ntitle: 年报\n---\n" + body})
    assert error.file == "content/xxgk/nianbao/2024.md" and "year" in error.message
