"""Residents' words (issue 20): questions asked the way people ask them — sentences, spoken words,
traditional characters, pinyin slips — find the page, through the demo's real search page and
Pagefind index in Chromium; the residents' dictionary is data an editor can get wrong and is told
how; suggestions work by keyboard and pass axe while open."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import pytest
from test_browser import axe_violations

from conftest import SUB_PATH

DONE = ("document.querySelector('[data-zwgk-status]').textContent.includes('“') && "
        "!document.querySelector('[data-zwgk-search] [aria-busy=true]')")




def ask(page, portal: str, query: str) -> list[str]:
    """Type ``query`` into the search page and press Enter; the result links, site-relative."""
    page.goto(portal + "search/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    page.wait_for_function(DONE)
    return [a.get_attribute("href").removeprefix(SUB_PATH) for a in page.query_selector_all("[data-zwgk-results] a")]


@pytest.mark.parametrize(("query", "expected"), [
    ("我想给孩子上户口去哪里办", "items/huji-guanli-chusheng-dengji/"),
    ("身份证丢了怎么补办", "items/huji-guanli-shenfenzheng-banli/"),
    ("满80岁的老人能领什么补贴", "items/yanglao-fuwu-gaoling-jintie-shenling/"),
    ("養老金怎麼領", "items/shehui-baoxian-jumin-yanglao-daiyu/"),  # traditional characters
    ("底保", "items/shehui-jiuzhu-dibao-shenqing/"),  # 低保 typed with the wrong homophone
])
def test_a_question_finds_its_page_and_says_what_was_searched(page, portal, query, expected):
    links = ask(page, portal, query)
    assert expected in links[:3], links
    status = page.inner_text("[data-zwgk-status]")
    assert status.startswith(("按“", "没有完全匹配的结果")), status
    assert "怎么" not in status.split("搜索")[0] and "去哪里" not in status  # fillers are not searched
    assert page.problems == []


def test_what_a_query_is_searched_as(page, portal):
    """The normalisations as classes, read from the page's own ``zwgkSearchTerms``."""
    page.goto(portal + "search/")
    searched = page.evaluate("""async queries => {
        const out = {};
        for (const q of queries) out[q] = (await window.zwgkSearchTerms(q)).map(s => [s.text, s.alts]);
        return out;
    }""", ["戶口遷入", "满八十岁", "８０多岁", "九十五岁以上", "二〇二五年预算", "一卡通", "门前三包", "五保户",
           "请问怎么办理居住证呢？", "身分证", "摆摊被罚款怎么办", "低保"])

    def texts(query):
        return [text for text, _ in searched[query]]

    assert "".join(texts("戶口遷入")) == "户口迁入"  # traditional → simplified
    assert texts("满八十岁") == ["80周岁"] and "80" in searched["满八十岁"][0][1]
    assert texts("８０多岁") == ["80周岁"]  # full-width digits
    assert texts("九十五岁以上") == ["95周岁"]
    assert texts("二〇二五年预算")[0].startswith("2025")
    assert texts("一卡通") == ["一卡通"] and texts("门前三包") == ["门前三包"]  # names keep their numerals
    assert texts("五保户") == ["五保户"] and "特困人员" in searched["五保户"][0][1]  # residents' words
    asked = texts("请问怎么办理居住证呢？")  # fillers go; 怎么办理 is a residents' phrase for 办事指南
    assert asked[-1] == "居住证" and not {"请问", "呢", "怎么"} & set(asked), asked
    assert any("身份证" in alt for alt in searched["身分证"][0][1])  # pinyin slip corrected
    (stall, stall_terms), (fine, fine_terms) = searched["摆摊被罚款怎么办"]  # 怎么办 dropped
    assert stall == "摆摊" and "占道经营" in stall_terms and "行政处罚" in fine_terms, (fine, fine_terms)
    assert searched["低保"][0][1][:2] == ["低保", "最低生活保障"]


def test_nothing_found_still_offers_ways_on(page, portal):
    assert ask(page, portal, "魑魅魍魉") == []
    status = page.inner_text("[data-zwgk-status]")
    assert "没有找到" in status and "12345" in status
    ways = page.locator(".zwgk-search__ways")
    assert ways.is_visible()
    links = [page.evaluate("a => a.href", a).removeprefix(portal) for a in ways.locator("a").element_handles()]
    assert "domains/jiuye/" in links and "items/shehui-jiuzhu-dibao-shenqing/" in links and "tel:12345" in links


def test_an_unknown_word_is_dropped_and_said_so(page, portal):
    links = ask(page, portal, "魑魅魍魉低保怎么申请")
    assert "items/shehui-jiuzhu-dibao-shenqing/" in links[:3], links
    status = page.inner_text("[data-zwgk-status]")
    assert "没有找到含“魑魅" in status and "已略去" in status, status


def test_no_page_with_every_word_gives_related_results_and_says_so(page, portal):
    links = ask(page, portal, "诸葛村 农机购置补贴 失能老年人护理补贴")
    assert links, "a question whose words exist must never give an empty page"
    assert page.inner_text("[data-zwgk-status]").startswith("没有完全匹配的结果，以下是相关结果")
    assert {"items/shenong-butie-nongji-gouzhi-butie/",
            "items/yanglao-fuwu-shineng-laonianren-huli-butie/"} & set(links[:5]), links


def test_a_title_the_browser_splits_otherwise_is_found(page, portal):
    """The browser splits 签约 into 签|约 while the index holds 签约服务: titles carry their words
    and characters in the index (never on the published page)."""
    assert "items/weisheng-jiankang-jiating-yisheng-qianyue/" in ask(page, portal, "家庭医生签约服务")[:3]


def test_index_words_stay_out_of_the_published_pages(demo_build):
    html = demo_build.page("items/weisheng-jiankang-jiating-yisheng-qianyue/index.html")
    assert "data-pagefind-weight=\"5\"" not in html and "data-pagefind-weight=\"2\"" not in html


def test_suggestions_by_keyboard_and_axe_finds_nothing_while_open(page, portal):
    page.goto(portal + "search/")
    box = page.locator("input[name=q]")
    box.focus()
    page.keyboard.type("低保")
    listbox = page.locator("[role=listbox]")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]").all_inner_texts()
    assert options and all("低保" in o or "最低生活保障" in o for o in options), options
    assert axe_violations(page) == []  # WCAG 2.1 A/AA with the suggestions open
    page.keyboard.press("ArrowDown")
    first = listbox.locator("[role=option]").first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    chosen = first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_function(DONE)
    assert box.input_value() == chosen and listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.query_selector_all("[data-zwgk-results] li")
    assert "q=" + urllib.parse.quote(chosen) in page.url
    box.fill("")
    page.keyboard.type("户口")  # Esc closes the list and keeps what was typed
    listbox.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert listbox.is_hidden() and box.input_value() == "户口"
    assert page.problems == []


def test_suggestions_pass_elder_mode_contrast_while_open(browser, portal):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('zwgk-elder', '1')")
    page = context.new_page()
    page.goto(portal + "search/")
    page.locator("input[name=q]").focus()
    page.keyboard.type("户口")
    page.locator("[role=listbox]").wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    assert axe_violations(page, {"type": "rule", "values": ["color-contrast-enhanced"]}) == []
    context.close()


# ---------------------------------------------------------------- the dictionary as data


def check(project):
    from zwgk.content.catalog import check_catalog

    return check_catalog(project / "catalog", project / "content", dt.date(2026, 1, 15), project)


def test_the_demo_dictionary_is_large_enough_and_loads(project):
    catalog, errors = check(project)
    assert errors == []
    words = catalog.search_words
    assert len(words.means()) >= 200 and words.pairs >= 200
    assert words.means()["摆摊"] == ("占道经营",) and "怎么" in words.fillers


def test_dictionary_mistakes_are_reported_with_file_line_and_fix(project):
    path = project / "catalog/taxonomy/search_words.yml"
    text = path.read_text("utf-8")
    text = text.replace("fillers: [\n", "fillers: [\n  低保,\n", 1)  # a filler that is also a residents' word
    text += "  - {said: [摆摊], means: [摊位]}\n  - {said: [丢了钱包], means: [12]}\n"
    path.write_text(text, "utf-8")
    catalog, errors = check(project)
    assert catalog is None
    shown = "\n".join(e.format() for e in errors)
    lines = text.splitlines()
    by_message = {e.message: e for e in errors if e.file.endswith("search_words.yml")}
    duplicate = next(e for m, e in by_message.items() if "“摆摊”已写在第" in m)
    assert lines[duplicate.line - 1].strip().startswith("- {said: [摆摊], means: [摊位]}")
    assert "合到一行" in duplicate.hint
    assert any("“低保”既是搜索时要去掉的字词" in m for m in by_message), shown
    assert any("应该是一段文字" in m for m in by_message), shown  # the schema: 12 is not a word
    assert all(e.line > 0 for e in by_message.values())


def test_an_unknown_popular_item_is_a_warning_and_left_off_the_search_page(project):
    """A slip in a 常用事项 id must not stop the site: the build warns with the line and leaves it out."""
    from zwgk.site.views import _popular

    path = project / "catalog/taxonomy/search_words.yml"
    text = path.read_text("utf-8").replace("  shehui-jiuzhu-dibao-shenqing, huji-guanli-chusheng-dengji,",
                                           "  shehui-jiuzhu-dibao-shenqin, huji-guanli-chusheng-dengji,", 1)
    path.write_text(text, "utf-8")
    catalog, errors = check(project)
    assert errors == []
    [slip] = [w for w in catalog.warnings if "shehui-jiuzhu-dibao-shenqin" in w.message]
    assert text.splitlines()[slip.line - 1].lstrip().startswith("shehui-jiuzhu-dibao-shenqin,")
    assert "常用事项里不列出它" in slip.message and "写 catalog/items/" in slip.hint
    offered = [title for title, _ in _popular(catalog)]
    assert "最低生活保障申请" not in offered and offered


def test_a_project_without_the_dictionary_still_searches(project):
    from zwgk.outputs.searchdata import search_data

    (project / "catalog/taxonomy/search_words.yml").unlink()
    catalog, errors = check(project)
    assert errors == []
    data = search_data(catalog)
    assert data["words"] == [] and data["fillers"] == []
    assert "低保" in data["aliases"] and "东高村" in data["places"]  # item aliases and places still suggested


def test_character_tables_come_from_the_libraries():
    from zwgk.outputs.searchdata import pinyin_table, t2s_table

    pairs = t2s_table()
    table = dict(zip(pairs[0::2], pairs[1::2], strict=True))
    assert table["養"] == "养" and table["證"] == "证" and table["麼"] == "么"
    assert all(ord(c) <= 0xFFFF for c in pairs)  # the browser reads it two UTF-16 units at a time
    readings = pinyin_table()
    assert "低" in readings["di"] and "底" in readings["di"]
    assert "行" in readings["xing"] and "行" in readings["hang"]  # every reading of a polyphone
    assert len(json.dumps(readings, ensure_ascii=False).encode()) < 40_000
