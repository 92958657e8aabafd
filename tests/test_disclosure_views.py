"""The disclosure views as the real demo build renders them, one page kind at a time: categories,
five disclosures, levels, lists, documents, interpretations and the 政府信息公开 column. What each
view lists and counts is checked in-process in test_views.py and test_plan.py."""

from __future__ import annotations

import re

from conftest import ROOT, WITHHELD_DOCUMENT, WITHHELD_DOCUMENT_TITLE, demo_catalog
from zwgk.site.entries import Listing


def dates_on(html: str) -> list[str]:
    return re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)


def test_category_page_lists_its_records_newest_first(demo_build):
    listing = Listing.of(demo_catalog())
    category, found = max(listing.by_category.items(), key=lambda kv: len(kv[1]))
    html = demo_build.page(f"categories/{category}/index.html")
    assert dates_on(html) == [e.date.isoformat() for e in found[:30]]
    assert f"共 {len(found)} 条" in html


def test_five_disclosure_pages_and_overview_add_up(demo_build):
    catalog = demo_catalog()
    total = len(Listing.of(catalog).entries)
    overview = demo_build.page("disclosures/index.html")
    assert re.search(rf"<tfoot>.*<strong>{total}</strong>", overview, re.S)
    for disclosure in catalog.disclosures:
        html = demo_build.page(f"disclosures/{disclosure.id}/index.html")
        names = [c.name for c in catalog.categories if c.disclosure == disclosure]
        for name in names:
            assert f">{name}</a>" in html
        assert html.count("<h2 ") == len(names)


def test_level_pages_link_their_items_and_count_them(demo_build):
    catalog = demo_catalog()
    village = catalog.levels["village"]
    overview = demo_build.page("levels/village/index.html")
    page = demo_build.page("levels/village/jiuye/index.html")
    for item in catalog.items_in(catalog.domains["jiuye"]):
        assert (f'href="../../../items/{item.id}/"' in page) == (village in item.levels), item.id
    for domain in catalog.active_domains:
        count = sum(1 for i in catalog.items_in(domain) if village in i.levels)
        assert f"{domain.name}</a></th><td>{count}</td>" in overview or count == 0


def test_service_list_pages_show_one_row_per_item(demo_build):
    catalog = demo_catalog()
    one_visit = demo_build.page("lists/max-one-visit/index.html")
    assert one_visit.count('<th scope="row">') == sum(i.max_one_visit for i in catalog.items)
    four = demo_build.page("lists/four-ways/index.html")
    for n, way in enumerate(("马上办", "网上办", "就近办", "一次办"), start=1):
        section = four.split(f'id="way-{n}"', 1)[1].split("<h2", 1)[0]
        members = sum(way in [w.name for w in i.four_ways] for i in catalog.items)
        assert section.count('<th scope="row">') == members
    certificates = demo_build.page("lists/certificates/index.html")
    assert certificates.count('<th scope="row">') == 25


def test_power_list_pages_by_type_hold_every_row(demo_build):
    catalog = demo_catalog()
    rows = 0
    for page in (demo_build.site / "lists/powers").glob("*/index.html"):
        rows += page.read_text("utf-8").count('<td data-label="编码">')
    assert rows == len(catalog.powers.entries)
    assert "行政处罚（" in demo_build.page("lists/powers/index.html")


def test_document_page_has_metadata_header_and_related_interpretations(demo_build):
    catalog = demo_catalog()
    doc = next(d for d in catalog.documents if d.id == "llzb-2024-05")
    html = demo_build.page("documents/llzb-2024-05/index.html")
    for label, value in (("索引号", doc.index_number), ("发布机构", doc.publisher.name),
                         ("主题分类", doc.topic.name), ("文号", doc.doc_number), ("有效性", doc.validity)):
        assert re.search(rf'<th scope="row">{label}</th><td>{re.escape(value)}', html), label
    readings = catalog.interpretations_of(doc)
    assert readings
    for reading in readings:
        assert f'href="../../{reading.src_uri[:-3]}/"' in html
        page = demo_build.page(f"{reading.src_uri[:-3]}/index.html")
        assert 'href="../../documents/llzb-2024-05/"' in page and "解读文件" in page


def test_a_repealed_document_is_marked_on_its_page_and_in_its_list(demo_build):
    doc = next(d for d in demo_catalog().documents if d.validity == "废止")
    assert "本文件已废止" in demo_build.page(f"documents/{doc.id}/index.html")
    listing = demo_build.page(f"categories/{doc.category.id}/index.html")
    assert re.search(rf'{re.escape(doc.title)}</a>.*?已废止', listing, re.S)


def test_media_interpretations_are_accessible(demo_build):
    catalog = demo_catalog()
    for reading in catalog.interpretations:
        html = demo_build.page(f"{reading.src_uri[:-3]}/index.html")
        assert all(alt.strip() for alt in re.findall(r'<img[^>]*alt="([^"]*)"', html))
        if reading.audio:
            assert "<audio controls" in html and reading.audio.transcript[:20] in html
        if reading.video:
            assert "<video controls" in html and reading.video.transcript[:20] in html
            if reading.video.captions:
                assert '<track kind="captions"' in html
        if reading.data:
            assert '<svg class="zwgk-chart__svg"' in html and "<title id=\"chart-title\">" in html
            assert html.count("<tr><th scope=\"row\">") >= len(reading.data.rows)


def test_withheld_document_is_in_no_output_file(demo_build):
    assert (ROOT / "catalog/documents/renshi-renmian" / f"{WITHHELD_DOCUMENT}.md").exists()
    demo_build.assert_nowhere(WITHHELD_DOCUMENT, WITHHELD_DOCUMENT_TITLE)


def test_disclosure_column_follows_the_national_structure(demo_build):
    html = demo_build.page("xxgk/index.html")
    for part in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert part in html
    guide = demo_build.page("xxgk/guide/index.html")
    assert "0379-65000000" in guide and "依申请公开" in guide and "行政复议" in guide
    reports = demo_build.page("xxgk/nianbao/index.html")
    assert reports.count("政府信息公开工作年度报告</a>") == 2
    nav = demo_build.page("index.html").split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'class="md-tabs__link[^"]*">\s*([^<\s][^<]*?)\s*</a>', nav) == [
        "首页", "政府信息公开", "标准目录", "政策解读", "办事清单", "办事大厅", "政务公开栏"]  # 编辑指南: preview only
