"""Search narrowed by the index's own filters (Pagefind's data-pagefind-filter): 领域, 信息类别 and 类型
(事项/文件/解读/公示), kept in the address (?q=…&domain=…), in Debian's headless Chromium on the demo."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

from conftest import SUB_PATH, demo_catalog

DONE = ("() => { const s = document.querySelector('[data-zwgk-status]').textContent;"
        " return s.includes('搜索的结果') || s.includes('相关结果') || s.includes('没有找到'); }")


def marks(html: str) -> dict[str, str]:
    """The filters a built page gives the search index."""
    return dict(re.findall(r'data-pagefind-filter="(\w+):([^"]+)"', html))




def search(page, portal: str, query: str) -> list[str]:
    """The result pages' paths from the site root, after the search of ``query`` (with its filters)."""
    page.goto(portal + "search/" + query, wait_until="load")
    page.wait_for_function(DONE, timeout=30000)
    return [href.split(SUB_PATH, 1)[-1].lstrip("/") for href in
            page.locator("[data-zwgk-results] li > a").evaluate_all("links => links.map(a => a.pathname)")]


def test_every_record_page_names_its_filters(demo_build):
    catalog = demo_catalog()
    for item in catalog.items:
        found = marks(demo_build.page(f"items/{item.id}/index.html"))
        assert found == {"kind": "item", "domain": item.domain.id, "category": item.category.id}, item.id
    for document in catalog.documents:
        found = marks(demo_build.page(f"documents/{document.id}/index.html"))
        want = {"kind": "document", "category": document.category.id}
        if document.domain:
            want["domain"] = document.domain.id
        assert found == want, document.id
    for posting in catalog.postings:
        assert marks(demo_build.page(posting.src_uri[:-3] + "/index.html")) == {"kind": "posting"}
    assert marks(demo_build.page("domains/shehui-jiuzhu/index.html")) == {}  # list pages are not records


def test_dibao_filtered_to_shehui_jiuzhu_returns_only_its_pages(page, portal, demo_build):
    everything = search(page, portal, "?q=" + quote("低保"))
    domains = {p: marks(demo_build.page(p + "index.html")).get("domain") for p in everything}
    assert any(d != "shehui-jiuzhu" for d in domains.values()), "unfiltered, 低保 also finds other pages"

    narrowed = search(page, portal, "?q=" + quote("低保") + "&domain=shehui-jiuzhu")
    assert narrowed, "低保 in 社会救助 finds pages"
    for path in narrowed:
        assert marks(demo_build.page(path + "index.html")).get("domain") == "shehui-jiuzhu", path
    assert page.locator('select[name="domain"]').input_value() == "shehui-jiuzhu"  # the address restored it
    assert "只看：社会救助" in page.locator("[data-zwgk-status]").text_content()
    assert page.problems == []


def test_choosing_a_kind_narrows_again_and_goes_into_the_address(page, portal, demo_build):
    search(page, portal, "?q=" + quote("低保") + "&domain=shehui-jiuzhu")
    page.locator('select[name="kind"]').select_option("document")  # 文件
    page.wait_for_function("() => location.search.includes('kind=document')")
    page.wait_for_function(DONE)
    page.wait_for_function("() => document.querySelector('[data-zwgk-status]').textContent.includes('文件')")
    found = [href.split(SUB_PATH, 1)[-1].lstrip("/") for href in
             page.locator("[data-zwgk-results] li > a").evaluate_all("links => links.map(a => a.pathname)")]
    assert found and all(p.startswith("documents/") for p in found)
    for path in found:
        assert marks(demo_build.page(path + "index.html")) .get("domain") == "shehui-jiuzhu"
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["低保"], "domain": ["shehui-jiuzhu"], "kind": ["document"]}


def test_category_filter_by_keyboard(page, portal):
    search(page, portal, "?q=" + quote("补贴"))
    page.locator('select[name="category"]').focus()
    page.keyboard.press("End")  # the last category, chosen by keyboard alone
    page.wait_for_function("() => new URLSearchParams(location.search).get('category')")
    chosen = parse_qs(urlsplit(page.url).query)["category"][0]
    assert chosen == demo_catalog().categories.terms[-1].id


def test_filter_index_is_the_same_whatever_order_pagefind_wrote_it(demo_build):
    """Pagefind writes filter values in hash-map order; the stored index sorts them, so building the
    same pages twice gives the same files (test_build compares two whole builds byte for byte)."""
    import gzip

    from zwgk.outputs.search import CHUNK_MAGIC, _cbor_head, _cbor_skip, _items, stable_filters

    root = demo_build.site / "pagefind"
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert stable_filters(files) == files  # what the build stored is already in order
    name = next(n for n in files if n.startswith("filter/"))
    raw = gzip.decompress(files[name])
    start = _cbor_skip(raw, _cbor_head(raw, len(CHUNK_MAGIC))[2])
    spans, _, at = _items(raw, start)
    assert len(spans) > 1
    shuffled = raw[:at] + b"".join(raw[a:b] for a, b in reversed(spans))  # as another run might write it
    again = stable_filters({**files, name: gzip.compress(shuffled)})
    assert again == files
    assert stable_filters({"pagefind-entry.json": b"{}", "filter/zh_1.pf_filter": b"not gzip"}) == {
        "pagefind-entry.json": b"{}", "filter/zh_1.pf_filter": b"not gzip"}  # unexpected: left as it is
