"""Personal data is caught wherever it hides in what the site publishes: every written form of an
ID, mobile or bank card number (tested by class: numbers generated with valid check digits and
phone formats by combination), in every record kind, page, list, site text, posting title and
summary, media text and attachment (PDF, DOCX, XLSX, CSV, TXT), reported with file and
page/sheet/cell; masked forms, look-alikes and allowed_numbers pass."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from conftest import copy_project, mkdocs_build, plan
from zwgk.content import privacy
from zwgk.content.privacy import BANK_CARD, ID_NUMBER, MOBILE, luhn, scan_file_checked, scan_text

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
AREAS = ["410311", "110105", "310115", "440305", "510107", "650102", "230103", "330106"]


def id_number(rng: random.Random, check_ok: bool = True) -> str:
    """A resident ID number with a real-looking area, a birth date and (by default) a valid check digit."""
    day = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 80 * 365))
    body = rng.choice(AREAS) + day.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    if not check_ok:
        check = next(c for c in "0123456789X" if c != check)
    return body + check


def mobile(rng: random.Random) -> str:
    return rng.choice(["13", "14", "15", "16", "17", "18", "19"]) + "".join(str(rng.randrange(10)) for _ in range(9))


def card(rng: random.Random, length: int = 19) -> str:
    body = "62" + "".join(str(rng.randrange(10)) for _ in range(length - 3))
    return body + next(d for d in "0123456789" if luhn(body + d))


def kinds(text: str, allowed=()) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in scan_text(text, allowed)]


# ---------------------------------------------------------------- the forms, by class

RNG = random.Random(16)


@pytest.mark.parametrize("number", [id_number(RNG) for _ in range(40)])
def test_id_numbers_with_valid_check_digits_are_caught_in_every_written_form(number):
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    forms = [number, number.lower(), f"{number[:6]} {number[6:14]} {number[14:]}",
             f"{number[:6]}-{number[6:14]}-{number[14:]}",
             " ".join(number[i:i + 4] for i in range(0, 18, 4)), full_width, f"身份证号：{number}。",
             f"张三（{number}）"]
    for form in forms:
        assert kinds(f"申请人 {form} 东高村") == [(ID_NUMBER, number.upper())], form


@pytest.mark.parametrize("number", [id_number(RNG) for _ in range(10)])
def test_old_15_digit_id_numbers_are_caught(number):
    old = number[:6] + number[8:17]  # first-generation: YYMMDD, no check digit
    assert kinds(f"身份证：{old}") == [(ID_NUMBER, old)]


PREFIXES = ["", "+86", "+86 ", "+86-", "0086", "0086 ", "(+86)", "（+86）", "(0086)", "86-", "+86."]
SEPARATORS = ["", " ", "-", "."]


@pytest.mark.parametrize(("prefix", "separator"), list(itertools.product(PREFIXES, SEPARATORS)))
def test_mobile_numbers_with_country_code_and_separators_are_caught(prefix, separator):
    number = mobile(random.Random(prefix + separator))
    written = prefix + separator.join((number[:3], number[3:7], number[7:]))
    assert kinds(f"联系电话：{written}，欢迎来电") == [(MOBILE, number)], written


@pytest.mark.parametrize("length", [16, 19])
def test_bank_card_numbers_passing_luhn_are_warnings(length):
    number = card(random.Random(length), length)
    for written in (number, " ".join(number[i:i + 4] for i in range(0, length, 4))):
        found = scan_text(f"开户账号 {written}")
        assert [(f.kind, f.value, f.blocking) for f in found] == [(BANK_CARD, number, False)]
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert kinds(f"开户账号 {broken}") == []


MUST_CATCH = [
    "公示对象：张三，身份证号410311198001011235，东高村",  # replaced below by a valid number
    "身份证 4103 1119 8001 0112 35",
    "联系人李四 +86 138 0013 8000",
    "手机：0086-139-1234-5678",
    "电话 (+86)15012345678",
    "王五 186.0379.1234",
    "旧身份证号 410311800101123",
    "申请人：赵六；联系方式：177 3790 1234",
    "身份证号：４１０３１１１９８００１０１１２３５",
    "13938881234（户主）",
]
LOOK_ALIKES = [
    "身份证号 4103**********1234，手机 138****8000",  # masked
    "咨询电话：0379-65010001；监督电话 12345",  # landlines and the hotline
    "统一社会信用代码 11410311MB0000003C，索引号 11410311MB0000001A/2024-00001",
    "文号：洛龙政办〔2024〕5号，成文日期 2024-03-18",
    "施工许可证编号 410311202407110101",  # allowed_numbers of the demo
    "资金 13800138000.00 元",  # an amount, not a phone (decimals follow)
    "订单号 41031119800101123512",  # 20 digits: no ID or phone inside counts
    "身份证号 410311198013011234",  # month 13: no birth date
    "邮编 471000，传真 0379-65000001",
    "编号 6222 0212 3456 7890",  # 16 digits that fail the Luhn check
]


def test_ten_must_catch_and_ten_look_alikes():
    allowed = ("410311202407110101",)
    rng = random.Random(1)
    valid = id_number(rng)
    cases = [c.replace("410311198001011235", valid).replace("4103 1119 8001 0112 35", " ".join(
        valid[i:i + 4] for i in range(0, 18, 4))) for c in MUST_CATCH]
    cases[8] = "身份证号：" + valid.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    for case in cases:
        assert [f for f in scan_text(case, allowed) if f.blocking], case
    for case in LOOK_ALIKES:
        assert scan_text(case, allowed) == [], case


def test_allowed_numbers_pass_in_any_written_form():
    number = id_number(random.Random(3))
    text = f"许可证 {number[:6]} {number[6:14]} {number[14:]}；值班手机 +86 138-0013-8000"
    assert kinds(text, allowed=[number.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                                "138 0013 8000"]) == []
    assert kinds(text, allowed=["+86 13800138000"]) == [(ID_NUMBER, number)]
    assert {k for k, _ in kinds(text)} == {ID_NUMBER, MOBILE}


# ---------------------------------------------------------------- attachments


def docx_bytes(paragraphs: list[list[str]], table: list[list[str]] = ()) -> bytes:
    """A minimal Word document; each paragraph given as its runs (Word splits text into runs)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def para(runs):
        return "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{escape(r)}</w:t></w:r>' for r in runs) + "</w:p>"

    rows = "".join("<w:tr>" + "".join(f"<w:tc>{para([c])}</w:tc>" for c in row) + "</w:tr>" for row in table)
    body = "".join(para(p) for p in paragraphs) + (f"<w:tbl>{rows}</w:tbl>" if table else "")
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
                         'org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}'
                         "</w:body></w:document>")
    return out.getvalue()


def pdf_bytes(pages: list[str]) -> bytes:
    from weasyprint import HTML

    html = "".join(f'<p style="page-break-after: always">{escape(p)}</p>' for p in pages)
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


def xlsx_bytes(number: str) -> bytes:
    import io

    book = Workbook()
    book.active.title = "说明"
    book.active["A1"] = "2025年临时救助对象名单"
    names = book.create_sheet("名单")
    names.append(["序号", "姓名", "身份证号", "村组"])
    names.append([1, "张三", number, "东高村一组"])
    names.sheet_state = "hidden"  # hidden sheets are published with the file too
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attach(project: Path, name: str, data: bytes) -> str:
    """Put ``name`` under content/attachments/docs/ and attach it to a published document."""
    (project / "content/attachments/docs" / name).write_bytes(data)
    doc = project / "catalog/documents/guifanxing-wenjian/llzb-2024-05.md"
    text = doc.read_text("utf-8")
    doc.write_text(text.replace("attachments:\n", f"attachments:\n  - title: 附件{name}\n"
                                f"    path: attachments/docs/{name}\n", 1), "utf-8")
    return f"content/attachments/docs/{name}"


def findings(site, file: str) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in site.personal_data if e.file == file]


def test_attachments_with_a_full_id_number_are_caught_with_page_sheet_or_paragraph(tmp_path):
    project = copy_project(tmp_path / "p")
    number, masked = id_number(random.Random(5)), "4103**********1234"
    pdf = attach(project, "mingdan.pdf", pdf_bytes(["第一页：名单说明", f"张三 {number} 东高村"]))
    docx = attach(project, "mingdan.docx", docx_bytes([["公示名单"], ["李四 ", number[:8], number[8:]]],
                                                      [["姓名", "身份证号"], ["王五", number]]))
    xlsx = attach(project, "mingdan.xlsx", xlsx_bytes(number))
    csv_file = attach(project, "mingdan.csv", f"姓名,身份证号\n张三,{number}\n".encode("gbk"))
    txt = attach(project, "mingdan.txt", f"名单\n\n赵六 {number}\n".encode())
    ok = attach(project, "masked.pdf", pdf_bytes([f"张三 {masked} 东高村，电话 138****8000"]))
    site = plan(project)
    shown = number[:4] + "*" * 10 + number[-4:]
    assert findings(site, pdf) == [("第 2 页", f"第 2 页含有完整的身份证号“{shown}”（已在此处隐去部分数字）。")]
    assert [f for f, _ in findings(site, docx)] == ["正文第 2 段", "正文第 6 段"]
    assert [f for f, _ in findings(site, xlsx)] == ["名单!C2"]
    assert [(f, m.startswith("含有完整的身份证号")) for f, m in findings(site, csv_file)] == [("身份证号", True)]
    assert [e.line for e in site.personal_data if e.file == csv_file] == [2]
    assert [e.line for e in site.personal_data if e.file == txt] == [3]
    assert findings(site, ok) == []
    assert number not in "".join(e.message + e.hint for e in site.personal_data)  # the report spreads nothing


def test_every_published_text_is_scanned(tmp_path):
    project = copy_project(tmp_path / "p")
    rng = random.Random(9)
    numbers = {name: id_number(rng) for name in ("list", "vtt", "csv", "page")}
    path = project / "catalog/lists/certificates.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("已通过电子证照", f"联系人身份证{numbers['list']}，已通过电子证照", 1), "utf-8")
    path = project / "catalog/site.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  phone: 0379-65000000", "  phone: 0379-65000000，值班 +86 139 1234 5678"), "utf-8")
    path = project / "content/media/jiedu/zhengfu-gongzuo-baogao-2025.vtt"
    path.write_text(path.read_text("utf-8") + f"\n99\n00:09:00.000 --> 00:09:02.000\n身份证号 {numbers['vtt']}\n",
                    "utf-8")
    path = project / "content/media/jiedu/dibao-biaozhun.csv"
    path.write_text(path.read_text("utf-8") + f"{numbers['csv'][:4]},600,400\n联系 {numbers['csv']},0,0\n", "utf-8")
    path = project / "content/xxgk/zhidu/baomi-shencha.md"
    path.write_text(path.read_text("utf-8").replace("title: 保密审查制度", f"title: 保密审查制度 {numbers['page']}"),
                    "utf-8")
    site = plan(project)
    files = {e.file for e in site.personal_data}
    assert {"catalog/lists/certificates.yml", "catalog/site.yml", "content/media/jiedu/zhengfu-gongzuo-baogao-2025.vtt",
            "content/xxgk/zhidu/baomi-shencha.md"} <= files
    assert any(e.file == "content/media/jiedu/dibao-biaozhun.csv" for e in site.personal_data)
    site_yml = next(e for e in site.personal_data if e.file == "catalog/site.yml")
    assert "手机号" in site_yml.message and site_yml.line > 0


def test_postings_scan_title_and_summary_and_respect_allowed_numbers(tmp_path):
    from zwgk.content.catalog import check_catalog

    project = copy_project(tmp_path / "p")
    number = id_number(random.Random(11))
    posting = project / "content/gongshi/lilou-donggao/2025q4-caiwu.md"
    text = posting.read_text("utf-8")
    title_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("title:"))
    text = text.replace("\ntitle: ", f"\ntitle: 经手人 {number} ", 1)
    text = text.replace("\nsummary: ", "\nsummary: 报账员手机 13912345678，", 1)
    posting.write_text(text.replace("现将", "值班手机 13800138000，现将", 1), "utf-8")
    site_yml = project / "catalog/site.yml"
    text = site_yml.read_text("utf-8")
    site_yml.write_text(text.replace("allowed_numbers:\n", "allowed_numbers:\n  - 138-0013-8000\n"), "utf-8")
    _, errors = check_catalog(project / "catalog", project / "content", dt.date(2025, 11, 1), project)
    mine = [(e.line, e.field, e.message) for e in errors if e.file.endswith("2025q4-caiwu.md")]
    assert [line for line, _, _ in mine][:1] == [title_line] and len(mine) == 2
    assert any("手机号" in m and "summary" in f for _, f, m in mine)
    assert not any("1380" in m for _, _, m in mine)  # the allowed duty mobile passes in the body


def test_scans_are_kept_while_the_file_is_unchanged(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("没有号码", "utf-8")
    assert scan_file_checked(path) == ([], "")
    assert privacy._SCANS.get(path, None, lambda: pytest.fail("rescanned an unchanged file")) == ((), "")
    number = id_number(random.Random(2))
    path.write_text(f"有号码 {number}", "utf-8")
    assert [f.value for f in scan_file_checked(path)[0]] == [number]
    assert privacy._SCANS.get(path, None, lambda: pytest.fail("rescanned an unchanged file"))


def test_damaged_attachment_is_reported_as_unchecked(tmp_path):
    project = copy_project(tmp_path / "p")
    broken = attach(project, "broken.pdf", b"%PDF-1.4 not really")
    site = plan(project)
    assert [e.file for e in site.personal_data_warnings] == [broken]
    assert "没有检查其中的个人信息" in site.personal_data_warnings[0].message


def test_the_build_stops_on_an_id_number_in_an_attachment(tmp_path):
    project = copy_project(tmp_path / "p")
    number = id_number(random.Random(7))
    attach(project, "gongshi-mingdan.xlsx", xlsx_bytes(number))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "content/attachments/docs/gongshi-mingdan.xlsx" in result.output and "名单!C2" in result.output
    assert number not in result.output and not (tmp_path / "site/attachments/docs/gongshi-mingdan.xlsx").exists()
