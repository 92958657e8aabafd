"""Where to go and what to bring: the service halls (1+N) as data and pages, the policy behind each
service linked both ways, and the printed guides (a leaflet per domain and per department, a
handbook per town) read back from real PDFs: fonts embedded, every QR code decoding to its item."""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from test_bulletins import pdf_build, squeeze  # noqa: F401  (the one build with the PDF option)

from conftest import (
    BUILD_DATE,
    DAY,
    ROOT,
    SITE_URL,
    WITHHELD_DOCUMENT,
    copy_project,
    demo_catalog,
    edit,
    findings,
    line_of,
    plan,
    render,
    self_check,
    write,
    zwgk,
)
from zwgk.content.catalog import check_catalog
from zwgk.outputs.pdf import bulletin_documents, guide_documents
from zwgk.site.addresses import handbook_pdf, leaflet_pdf, public_url
from zwgk.site.halls import handbooks, leaflets

GAOLING = "yanglao-fuwu-gaoling-jintie-shenling"


def load(project: Path):
    return check_catalog(project / "catalog", project / "content", DAY, project)


def section(page: str, anchor: str) -> str:
    """The part of a page from the heading with ``id=anchor`` to the next h2."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return page[start:end if end > 0 else None]


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


# ---------------------------------------------------------------- halls as data


def test_the_demo_has_one_district_centre_a_centre_per_town_and_a_station_per_village():
    catalog = demo_catalog()
    assert Counter(h.level.id for h in catalog.halls) == {"district": 1, "town": 12, "village": 24}
    assert sorted(h.place.id for h in catalog.halls) == sorted(p.id for p in catalog.places)  # one per place
    services = [i for i in catalog.items if i.guide]
    assert services and all(i.guide.halls for i in services)  # every guide names its hall(s)
    assert all(not i.guide.location and not i.guide.hours for i in services)  # the hall's, written once
    assert not [w for w in catalog.warnings if "办理大厅" in w.message or "办理地点" in w.message]


def test_hours_are_structure_said_in_words():
    catalog = demo_catalog()
    centre = catalog.halls.by_id["luolong-zhongxin"]
    assert centre.hours.lines[:3] == (
        "周一至周五 上午 8:30—12:00，下午 14:30—17:30（12:00—14:30 午休）",
        "夏季（5月1日至9月30日）上午 8:30—12:00，下午 15:00—18:00（12:00—15:00 午休）",
        "法定节假日休息，调休上班日照常办公")
    assert catalog.halls.by_id["guanlin-zhongxin"].hours.holiday_text.startswith("法定节假日安排值班")
    community = catalog.halls.by_id["guanlin-longkang-zhan"]
    assert community.hours.regular.startswith("周一至周六")


HOURS = [  # hours as an office writes them → the words residents read (the first lines)
    ("{days: 每天, times: ['8:00-20:00']}", ["每天 8:00—20:00", "法定节假日休息，调休上班日照常办公"]),
    ("{days: 工作日, times: [9:00-11:30, 13:30-17:00], holidays: 照常}",
     ["工作日 上午 9:00—11:30，下午 13:30—17:00（11:30—13:30 午休）", "法定节假日照常办公"]),
    ("{days: 周一、周三至周五, times: [8:30-12:00, 14:30-17:30, 19:00-21:00], holidays: 值班}",
     ["周一、周三至周五 上午 8:30—12:00，下午 14:30—17:30，晚上 19:00—21:00（12:00—14:30、17:30—19:00 午休）",
      "法定节假日安排值班，具体以节前公告为准"]),
    ("{days: 周一至周六, times: ['08:30 - 12:00', '14:00～17:00'], extra: [周日上午值班]}",
     ["周一至周六 上午 8:30—12:00，下午 14:00—17:00（12:00—14:00 午休）", "法定节假日休息，调休上班日照常办公",
      "周日上午值班"]),
    ("{days: 周一至周五, times: [8:30-12:00, 14:30-17:30],"
     " summer: {from: 6-1, to: 8-31, times: [8:00-11:30, 15:00-18:00]}}",
     ["周一至周五 上午 8:30—12:00，下午 14:30—17:30（12:00—14:30 午休）",
      "夏季（6月1日至8月31日）上午 8:00—11:30，下午 15:00—18:00（11:30—15:00 午休）"]),
]


def test_hours_as_offices_write_them_read_in_words(tmp_path):
    project = copy_project(tmp_path / "project")
    for n, (hours, _) in enumerate(HOURS):
        write(project / f"catalog/halls/zz-{n}.yml", f"id: zz-{n}\nname: 第{n}服务点\nplace: lilou-donggao\n"
              f"address: 东高村\nhours: {hours}\nphone: 0379-65030011\n"
              "windows: [{id: daiban, name: 代办窗口}]\n")  # the window items of its level name
    catalog, errors = load(project)
    assert errors == [], [e.format() for e in errors]
    for n, (_, lines) in enumerate(HOURS):
        assert list(catalog.halls.by_id[f"zz-{n}"].hours.lines[:len(lines)]) == lines


def test_mistakes_in_halls_and_guides_are_all_reported_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    hall = write(project / "catalog/halls/zz-bad.yml", """\
id: lilou-zhongxin
name: 李楼镇第二便民服务中心
place: lilou-nowhere
level: 区级
address: 某地
hours:
  days: 周一到周五
  times: [14:30-17:30, 8:30-12:00, 18:00-17:00]
  summer:
    from: 13-01
    to: 09-30
    times: [8:30]
phone: 0379-65030001
windows:
  - {id: minzheng, name: 民政窗口}
  - {id: minzheng, name: 第二民政窗口}
""").read_text("utf-8")
    level_mismatch = write(project / "catalog/halls/mismatch.yml", """\
id: lilou-erzhan
name: 东高村第二便民服务站
place: lilou-donggao
level: 镇（街道）级
address: 东高村
hours: {days: 周一至周五, times: [14:30-17:30, 8:30-12:00]}
phone: 0379-65030011
windows:
  - {id: daiban, name: 代办窗口}
  - {id: daiban, name: 代办窗口二}
""").read_text("utf-8")
    item_path = next((project / "catalog/items").rglob(f"{GAOLING}.yml"))
    item = edit(item_path, "    - hall: 镇（街道）级\n      window: minzheng\n",
                "    - hall: nowhere-zhongxin\n    - hall: 镇（街道）级\n      window: nongye\n")
    item = edit(item_path, "    - document: 洛龙政办〔2024〕15号\n",
                "    - document: 洛龙政办〔2099〕1号\n    - document: " + WITHHELD_DOCUMENT + "\n")
    catalog, errors = load(project)
    assert catalog is None
    def at(text, file, needle, *words):
        here = [e for e in errors if (e.file, e.line) == (file, line_of(text, needle))]
        assert any(all(w in e.message + e.hint for w in words) for e in here), (needle, [e.format() for e in errors])

    hall_file, mismatch_file = "catalog/halls/zz-bad.yml", "catalog/halls/mismatch.yml"
    at(hall, hall_file, "id: lilou-zhongxin", "大厅编号", "已被")
    at(hall, hall_file, "place: lilou-nowhere", "未知的地点")
    at(hall, hall_file, "days:", "办公日", "周一至周五")
    at(hall, hall_file, "from: 13-01", "开始日期", "05-01")
    at(hall, hall_file, "times: [8:30]", "时段", "数字 510")  # YAML reads 8:30 as a number: said so
    at(level_mismatch, mismatch_file, "level:", "村（社区）级", "删去 level")
    at(level_mismatch, mismatch_file, "- {id: daiban, name: 代办窗口二}", "窗口编号", "重复")
    item_file = item_path.relative_to(project).as_posix()
    at(item, item_file, "hall: nowhere-zhongxin", "找不到编号为“nowhere-zhongxin”的办理大厅", "catalog/halls/")
    at(item, item_file, "window: nongye", "没有编号为“nongye”的窗口", "古城街道便民服务中心")
    at(item, item_file, "洛龙政办〔2099〕1号", "找不到编号或文号为“洛龙政办〔2099〕1号”的文件")
    at(item, item_file, WITHHELD_DOCUMENT, "不予公开")
    assert all(re.search(r"[\u4e00-\u9fff]", e.message) for e in errors)


def test_sessions_out_of_order_are_errors_at_their_line(tmp_path):
    project = copy_project(tmp_path / "project")
    text = edit(project / "catalog/halls/anle-zhongxin.yml", "times: ['8:30-12:00', '14:30-17:30']",
                "times: ['14:30-17:30', '8:30-12:00', '18:00-17:00']")
    catalog, errors = load(project)
    assert catalog is None
    lines = {e.line for e in errors if e.file == "catalog/halls/anle-zhongxin.yml"}
    assert lines == {line_of(text, "times: ['14:30")}
    assert {m for e in errors for m in ("重叠或顺序颠倒", "结束时间不晚于开始时间") if m in e.message} == {
        "重叠或顺序颠倒", "结束时间不晚于开始时间"}


def test_free_text_location_still_publishes_and_check_lists_it(tmp_path):
    project = copy_project(tmp_path / "project")
    path = next((project / "catalog/items").rglob("yanglao-fuwu-yanglao-jigou-beian.yml"))
    text = edit(path, "  halls:\n    - hall: luolong-zhongxin\n      window: minzheng\n",
                "  location: 洛龙区政务服务中心二楼民政窗口\n  hours: 工作日 8:30—17:30\n")
    site = plan(project)
    item = next(i for i in site.catalog.items if i.id == "yanglao-fuwu-yanglao-jigou-beian")
    assert item.guide.location == "洛龙区政务服务中心二楼民政窗口" and not item.guide.halls
    found = findings(self_check(project), "办理地点还是一段文字")
    assert [(f.file, f.line) for f in found] == [(path.relative_to(project).as_posix(), line_of(text, "location:"))]
    assert "halls" in found[0].hint
    page = render(site.pages["items/yanglao-fuwu-yanglao-jigou-beian.md"])
    assert "办理地点：洛龙区政务服务中心二楼民政窗口" in page


def test_a_guide_with_neither_hall_nor_location_is_an_error(tmp_path):
    project = copy_project(tmp_path / "project")
    path = next((project / "catalog/items").rglob("yanglao-fuwu-yanglao-jigou-beian.yml"))
    edit(path, "  halls:\n    - hall: luolong-zhongxin\n      window: minzheng\n", "")
    catalog, errors = load(project)
    assert catalog is None and {e.message for e in errors} == {"办事指南缺少办理地点。", "办事指南缺少办理时间。"}


# ---------------------------------------------------------------- pages


def test_every_hall_page_lists_its_items_hours_and_map_links(demo_build):
    catalog = demo_catalog()
    for hall in catalog.halls:
        page = demo_build.page(f"halls/{hall.id}/index.html")
        items = catalog.items_at(hall)
        assert items, hall.id
        listed = section(page, "items")
        for item, _ in items:
            assert f'href="../../items/{item.id}/"' in listed, (hall.id, item.id)
        for domain in {i.domain for i, _ in items}:  # grouped by domain
            assert f'id="domain-{domain.id}"' in listed
        words = text_of(page)
        assert hall.address in words and all(line in words for line in hall.hours.lines)
        assert ("uri.amap.com/marker" if hall.coordinates else "uri.amap.com/search") in page
        assert "<iframe" not in page and 'src="http' not in page  # map apps are links, not embeds
    assert catalog.halls.by_id["yichuan-zhongxin"].coordinates is None  # the case without coordinates


def test_the_halls_index_groups_by_town_with_an_inline_schematic(demo_build):
    catalog = demo_catalog()
    page = demo_build.page("halls/index.html")
    for hall in catalog.halls:
        assert f'href="{hall.id}/"' in page, hall.id
    towns = catalog.children_of(catalog.district)
    positions = [page.index(f'id="town-{t.id}"') for t in towns]
    assert positions == sorted(positions)
    for town in towns:  # each town's stations under its own heading
        block = page[page.index(f'id="town-{town.id}"'):]
        block = block[:block.find("<h3", 10)]
        for village in catalog.children_of(town):
            assert f'href="{village.id}-zhan/"' in block
    svg = page[page.index('<svg viewBox'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count("<circle") == len(catalog.places) and "<image" not in svg and "href" not in svg
    assert 'role="img"' in svg and "<title" in svg


def test_nothing_claims_a_hall_is_open_now(demo_build):
    demo_build.assert_nowhere("现在开放", "正在营业", "营业中", suffixes=(".html", ".json"))


def test_item_pages_show_their_halls_and_hours(demo_build):
    catalog = demo_catalog()
    for item in (i for i in catalog.items if i.guide):
        where = text_of(section(demo_build.page(f"items/{item.id}/index.html"), "guide-where"))
        for ref in item.guide.halls:
            if ref.hall is not None:
                assert ref.hall.name in where and ref.hall.hours.lines[0] in where, item.id
                if ref.window:
                    assert ref.hall.window(ref.window).name in where
            else:
                assert {"town": "各镇（街道）便民服务中心", "village": "各村（社区）便民服务站"}[ref.level.id] in where
    page = demo_build.page(f"items/{GAOLING}/index.html")
    where = section(page, "guide-where")
    assert 'href="../../halls/luolong-zhongxin/"' in where and 'href="../../halls/#level-town"' in where
    # the town centres share their regular hours: shown once, with a pointer to the one that differs
    assert "个别大厅另有安排" in text_of(where)


def test_each_board_shows_its_station_and_its_town_centre(demo_build, demo_plan):
    catalog = demo_catalog()
    for place in (p for p in catalog.places if p.parent):
        page = demo_build.page(f"bulletins/{place.id}/index.html")
        block = text_of(page[page.index('id="board-halls"'):page.index('id="board-items"')])
        own, above = catalog.hall_of(place), catalog.hall_of(catalog.places.by_id[place.parent])
        assert block.index(own.name) < block.index(above.name), place.id
        assert own.address in block and above.phone in block
    village = catalog.places.by_id["lilou-donggao"]
    [(_, printed)] = bulletin_documents(demo_plan, places=[village])
    assert "东高村便民服务站" in printed and "李楼镇便民服务中心" in printed and "<a " not in printed.split(
        'id="board-halls"')[1].split('id="board-items"')[0]  # paper has no links


def test_the_home_page_offers_where_to_go(demo_build):
    page = demo_build.page("index.html")
    assert re.search(r'<a class="[^"]*zwgk-where__button[^"]*" href="halls/">我要去哪里办</a>', page)


# ---------------------------------------------------------------- policy links both ways


def test_every_cited_document_shows_on_its_item_and_the_item_on_the_document(demo_build):
    catalog = demo_catalog()
    cited = [(item, document) for item in catalog.items for document in item.policies]
    assert len(cited) >= 6 and len({d.id for _, d in cited}) >= 4
    for item, document in cited:
        policies = section(demo_build.page(f"items/{item.id}/index.html"), "policies")
        assert f'href="../../documents/{document.id}/"' in policies, (item.id, document.id)
        for reading in catalog.interpretations_of(document):
            assert reading.title in html.unescape(policies) and f">{reading.form.name}<" in policies
        back = section(demo_build.page(f"documents/{document.id}/index.html"), "items")
        assert f'href="../../items/{item.id}/"' in back
    for document in catalog.documents:  # and only those: no document lists an item that does not cite it
        page = demo_build.page(f"documents/{document.id}/index.html")
        assert ('id="items"' in page) == any(document in i.policies for i in catalog.items)


def test_the_gaoling_guide_links_its_measures_and_their_picture_and_audio():
    catalog = demo_catalog()
    item = next(i for i in catalog.items if i.id == GAOLING)
    [measures] = item.policies
    assert measures.doc_number == "洛龙政办〔2024〕15号"
    assert {i.form.name for i in catalog.interpretations_of(measures)} >= {"图解", "音频"}
    # the 设定依据 line reads as the document, not as the reference the editor typed
    assert f"{measures.title}（洛龙政办〔2024〕15号）第二章 申领条件和程序" in item.guide.legal_basis
    gengdi = next(i for i in catalog.items if i.id == "shenong-butie-gengdi-dili-baohu-shenbao")
    assert [d.doc_number for d in gengdi.policies] == ["洛龙农〔2024〕3号"]  # written 洛龙农［2024］3号


def test_a_document_not_yet_published_is_cited_without_a_link(tmp_path):
    project = copy_project(tmp_path / "project")
    doc = next((project / "catalog/documents").rglob("llzb-2024-15.md"))
    edit(doc, "published_date: 2024-06-24", "published_date: 2026-03-01")
    for reading in ("yitu-dudong-gaoling-jintie.md", "gaoling-jintie-yinpin-jiedu.md"):
        path = project / "content/jiedu" / reading
        path.write_text(re.sub(r"published_date: \S+", "published_date: 2026-04-01", path.read_text("utf-8")))
    site = plan(project)
    item = next(i for i in site.catalog.items if i.id == GAOLING)
    assert item.policies == () and "洛龙政办〔2024〕15号" in item.guide.legal_basis
    assert "高龄老人津贴发放管理办法" not in render(site.pages[f"items/{GAOLING}.md"])


# ---------------------------------------------------------------- printed guides


@pytest.fixture(scope="module")
def guide_pdfs(pdf_build) -> Path:  # noqa: F811
    """Every leaflet and handbook as the build with the PDF option writes them (the same build the
    bulletin tests read: the guides are rendered once per test session)."""
    return pdf_build.site


def decoded(pdf: Path, folder: Path, dpi: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True)
    return [code.text for png in sorted(folder.glob("p-*.png")) for code in zxingcpp.read_barcodes(Image.open(png))]


def pdf_text(path: Path) -> str:
    """The text in reading order (the leaflet's three panels one after another), without spaces."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return squeeze(text)


def page_sizes(pdf: Path) -> set[tuple[int, int]]:
    from pypdf import PdfReader

    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages}


def test_a_leaflet_per_domain_and_department_and_a_handbook_per_town(guide_pdfs):
    catalog = demo_catalog()
    written = {p.relative_to(guide_pdfs).as_posix() for p in (guide_pdfs / "downloads").glob("*.pdf")
               if p.name.startswith(("zhinan-", "shouce-"))}
    domains = {leaflet_pdf(d) for d in catalog.active_domains}
    towns = {handbook_pdf(t) for t in catalog.children_of(catalog.district)}
    assert len(domains) == 8 and len(towns) == 12 and domains | towns <= written
    assert len([p for p in written if "zhinan-bumen-" in p]) == len({i.publisher for i in catalog.items if i.guide})
    for path in sorted(written):
        fonts = subprocess.run(["pdffonts", str(guide_pdfs / path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert any("CJK" in row for row in rows) and all(" yes yes " in row for row in rows), (path, fonts)
        sizes = page_sizes(guide_pdfs / path)
        assert sizes == ({(842, 595)} if "zhinan-" in path else {(595, 842)}), path


def test_every_qr_code_in_the_leaflets_opens_its_item(guide_pdfs, tmp_path):
    catalog = demo_catalog()
    for leaflet in leaflets(catalog, SITE_URL):
        urls = decoded(guide_pdfs / leaflet["path"], tmp_path / Path(leaflet["path"]).stem, 150)
        expected = [public_url(SITE_URL, f"items/{e['item'].id}.md") for e in leaflet["items"]]
        assert Counter(urls) == Counter(expected), leaflet["path"]  # three panels: read in any order
        text = pdf_text(guide_pdfs / leaflet["path"])
        for entry in leaflet["items"]:  # conditions, materials, hall, phone of each item
            guide = entry["item"].guide
            assert squeeze(guide.conditions[0])[:10] in text and squeeze(guide.materials[0].name) in text
            assert squeeze(entry["halls"][0]["name"]) in text and guide.phone in text


def test_every_qr_code_in_the_handbooks_opens_its_item(guide_pdfs, tmp_path):
    catalog = demo_catalog()
    for book in handbooks(catalog, SITE_URL):
        pdf = guide_pdfs / book["path"]
        expected = [public_url(SITE_URL, f"items/{e['item'].id}.md") for g in book["groups"] for e in g["items"]]
        assert len(expected) == len(catalog.items_at(book["centre"]))
        assert decoded(pdf, tmp_path / book["town"].id, 110) == expected, book["path"]
        text = pdf_text(pdf)
        assert squeeze(f"{book['town'].name}便民服务手册") in text and "一册在手" in text and "目录" in text
        assert squeeze(book["centre"].address) in text and all(squeeze(s.name) in text for s in book["stations"])
        # the contents give page numbers: the last item's title is followed by a number
        last = book["groups"][-1]["items"][-1]["item"].title
        assert re.search(re.escape(squeeze(last)) + r"\.+\d+", text), book["path"]
        # in a town's handbook, “each town centre” is that town's own centre
        assert squeeze("各镇（街道）便民服务中心") not in text


def test_the_pdf_option_builds_the_guides_and_pages_link_them(pdf_build):  # noqa: F811
    catalog = demo_catalog()
    site = pdf_build.site
    for domain in catalog.active_domains:
        assert (site / leaflet_pdf(domain)).read_bytes().startswith(b"%PDF")
        assert f'href="../../{leaflet_pdf(domain)}"' in pdf_build.page(f"domains/{domain.id}/index.html")
    for town in catalog.children_of(catalog.district):
        path = handbook_pdf(town)
        assert (site / path).read_bytes().startswith(b"%PDF")
        assert f'href="../../{path}"' in pdf_build.page(f"halls/{town.id}-zhongxin/index.html")
        for place in (town, *catalog.children_of(town)):
            assert f'href="../../{path}"' in pdf_build.page(f"bulletins/{place.id}/index.html")
    index = pdf_build.page("halls/index.html")
    assert all(f'href="../{leaflet_pdf(d)}"' in index for d in catalog.active_domains)


def test_a_hall_name_with_markup_stays_text_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    edit(project / "catalog/halls/lilou-zhongxin.yml", "name: 李楼镇便民服务中心",
         'name: 李楼镇<script>alert(1)</script>便民服务中心 & "一站式"')
    site = plan(project, bulletin_pdfs=True)
    pages = [site.pages["halls/lilou-zhongxin.md"], site.pages["halls/index.md"],
             site.pages["bulletins/lilou-donggao.md"]]
    for page in pages:
        body = render(page)
        assert "<script>" not in body and "&lt;script&gt;" in body, page.src_uri
    body = render(site.pages["halls/lilou-zhongxin.md"])
    links = [href for href in re.findall(r'href="([^"]+)"', body) if "map" in href]
    assert links and all("<" not in href and '"' not in href and " " not in href for href in links)
    book = next(g for g in site.guides if g["kind"] == "town" and g["town"].id == "lilou")
    [printed] = [text for path, text in guide_documents(site, kinds=("town",)) if path == book["path"]]
    assert "<script>" not in printed and "&lt;script&gt;" in printed


def test_the_lists_and_boards_name_each_items_halls(demo_build):
    catalog = demo_catalog()
    page = text_of(demo_build.page("lists/max-one-visit/index.html"))
    for item in (i for i in catalog.items if i.max_one_visit and i.guide):
        assert "；".join(ref.label for ref in item.guide.halls) in page, item.id
    assert "各村（社区）便民服务站 代办服务窗口" in page and "洛龙区政务服务中心 二楼民政窗口" in page


def test_a_publication_basis_may_cite_a_document_too_and_tables_show_its_title(tmp_path):
    project = copy_project(tmp_path / "project")
    path = next((project / "catalog/items").rglob("yanglao-fuwu-yanglao-jigou-beian.yml"))
    text = edit(path, "basis:\n", "basis:\n  - document: 洛龙民〔2025〕2号\n    text: 第三部分\n")
    site = plan(project)
    item = next(i for i in site.catalog.items if i.id == "yanglao-fuwu-yanglao-jigou-beian")
    [plan_doc] = item.policies
    assert plan_doc.id == "llmz-2025-02" and item.basis[0] == f"{plan_doc.title}（洛龙民〔2025〕2号）第三部分"
    table = render(site.pages["domains/yanglao-fuwu.md"])
    assert html.escape(plan_doc.title, quote=False) in table  # the official table's 公开依据 column
    back = render(site.pages["documents/llmz-2025-02.md"])
    assert "items/yanglao-fuwu-yanglao-jigou-beian.md" in back
    edit(path, "  - document: 洛龙民〔2025〕2号\n", "  - document: 洛龙民〔2025〕20号\n")
    catalog, errors = load(project)
    assert catalog is None and [(e.line, e.field) for e in errors] == [
        (line_of(text, "document: 洛龙民"), "basis（公开依据）")]


def test_the_command_prints_one_towns_handbook(tmp_path):
    run = zwgk(ROOT, "pdf", "--guides", "--place", "anle-donggang", "--out", str(tmp_path), "--date", BUILD_DATE,
               "--jobs", "1")
    assert run.code == 0 and "已生成 1 份办事指南和便民服务手册 PDF" in run.output, run.output
    [pdf] = (tmp_path / "downloads").iterdir()
    assert pdf.name == "shouce-anle.pdf" and squeeze("安乐镇便民服务手册") in pdf_text(pdf)
    assert zwgk(ROOT, "pdf", "--guides", "--place", "nowhere", "--out", str(tmp_path)).code == 1
