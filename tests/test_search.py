"""Site search: the real Pagefind index of the demo site, queried by the real search page in Chromium,
with the site served under a county portal's sub-path."""

from __future__ import annotations

import urllib.request

import pytest

from conftest import SUB_PATH

# what residents type → the page that must be among the first three results
QUERIES = [
    ("失业登记", "items/jiuye-shiye-dengji/"),
    ("最低生活保障", "items/shehui-jiuzhu-dibao-shenqing/"),
    ("高龄津贴", "items/yanglao-fuwu-gaoling-jintie-shenling/"),
    ("东高村", "bulletins/lilou-donggao/"),
]


def search(page, base: str, query: str) -> list[str]:
    page.goto(base + "search/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    page.wait_for_function("document.querySelector('[data-zwgk-status]').textContent.includes('“')")
    return [a.get_attribute("href") for a in page.query_selector_all("[data-zwgk-results] a")]



@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_chinese_query_finds_the_page_under_a_sub_path(browser, portal, query, expected):
    page = browser.new_page()
    links = search(page, portal, query)
    assert SUB_PATH + expected in links[:3], links
    page.click(f"[data-zwgk-results] a[href='{SUB_PATH}{expected}']")
    page.wait_for_url(portal + expected)
    assert page.title() and "404" not in page.title()
    page.close()


def test_header_search_link_and_a_query_in_the_address(browser, portal):
    page = browser.new_page()
    page.goto(portal + "items/jiuye-shiye-dengji/")
    page.click("a.zwgk-search-link")
    page.wait_for_url(portal + "search/")
    page.goto(portal + "search/?q=" + urllib.request.quote("营业执照"))
    page.wait_for_function("document.querySelector('[data-zwgk-status]').textContent.includes('营业执照')")
    assert page.query_selector_all("[data-zwgk-results] li")
    page.close()


def test_nothing_found_says_so(browser, portal):
    page = browser.new_page()
    assert search(page, portal, "魑魅魍魉") == []
    assert "没有找到" in page.inner_text("[data-zwgk-status]")
    page.close()


def test_boards_are_found_by_place_but_their_copies_of_items_are_not_indexed(browser, portal):
    """A village's board repeats ~25 item summaries; those copies would crowd out the item pages."""
    page = browser.new_page()
    links = search(page, portal, "失业登记")
    assert not [link for link in links if "/bulletins/" in link], links
    page.close()


def test_index_chunks_hold_the_item_text(demo_build):
    """The check above (and the withheld-record tests) read the real gzipped chunks: prove they can."""
    demo_build.assert_nowhere("魑魅魍魉")
    with pytest.raises(AssertionError):
        demo_build.assert_nowhere("失业登记", suffixes=(".pf_fragment",))
