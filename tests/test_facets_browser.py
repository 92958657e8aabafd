"""组合筛选 in Debian's headless Chromium: facets combine (any within one, all together) to exactly the
demo's matching items, the address keeps and restores the choice, counts are announced, it works
by keyboard alone and at 390 px, axe finds nothing on the panel, and without JavaScript the plain
filter links remain. Also the panels' JSON as built and the cross-index counts' links."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import demo_catalog, parse

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VILLAGE = "levels/village/"
PICKED = {"domain": ["shehui-jiuzhu", "jiuye"], "disclosure": ["fuwu"], "visit": ["yes"]}


def expected(picked: dict[str, list[str]]) -> list[str]:
    """The village-level items of the demo the choice should give, from the catalog itself."""
    found = []
    for item in demo_catalog().items:
        if not any(level.id == "village" for level in item.levels):
            continue
        if item.domain.id not in picked.get("domain", [item.domain.id]):
            continue
        if item.category.disclosure.id not in picked.get("disclosure", [item.category.disclosure.id]):
            continue
        if "visit" in picked and not item.max_one_visit:
            continue
        found.append(item.title)
    return sorted(found)




def open_page(context, url: str):
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.goto(url, wait_until="load")
    page.wait_for_selector("details.zwgk-facets:not([hidden])")
    return page


def results(page) -> list[str]:
    return sorted(page.locator(".zwgk-facets__results li a").all_text_contents())


def tick(page, key: str, value: str) -> None:
    page.locator(f'.zwgk-facets input[name="{key}"][value="{value}"]').check()


def axe_violations(page, selector: str) -> list[str]:
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    found = page.evaluate("([sel, tags]) => axe.run(sel, {runOnly: {type: 'tag', values: tags}})", [selector, WCAG])
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in found["violations"]]


def test_three_facets_combine_to_exactly_the_matching_items_and_the_address_restores_them(context, portal):
    want = expected(PICKED)
    assert 1 < len(want) < len(expected({"disclosure": ["fuwu"]}))  # the choice narrows, yet finds several
    page = open_page(context, portal + VILLAGE)
    page.locator(".zwgk-facets > summary").click()
    assert results(page) == []  # nothing ticked: the page's own list is the answer
    for key, values in PICKED.items():
        for value in values:
            tick(page, key, value)
    assert results(page) == want
    status = page.locator(".zwgk-facets__status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert f"共 {len(want)} 项" in status.text_content()
    # counts: what each option would give with the others as they are
    count = page.locator('.zwgk-facets input[name="domain"][value="jiuye"] ~ .zwgk-facets__count').text_content()
    assert count == f"（{len(expected({**PICKED, 'domain': ['jiuye']}))}）"
    query = parse_qs(urlsplit(page.url).query)
    assert {k: sorted(v[0].split(",")) for k, v in query.items()} == {k: sorted(v) for k, v in PICKED.items()}
    address = page.url
    assert page.problems == []

    again = open_page(context, address)  # a bookmark or a shared link
    assert again.locator(".zwgk-facets").get_attribute("open") is not None
    assert results(again) == want
    for key, values in PICKED.items():
        for value in values:
            assert again.locator(f'.zwgk-facets input[name="{key}"][value="{value}"]').is_checked()
    again.locator(".zwgk-facets__clear").click()
    again.wait_for_function("!location.search")
    assert results(again) == []


def test_category_count_links_restore_a_filtered_listing(context, portal, demo_build):
    """The five-disclosure overview's counts link to the category's listing filtered to the domain."""
    html = demo_build.page("disclosures/index.html")
    links = [h for h in parse(html).links if "?domain=" in h]
    assert links, "the overview's counts link to filtered listings"
    link = next(h for h in links if "gonggong-fuwu" in h and "domain=shehui-jiuzhu" in h)
    page = open_page(context, portal + "disclosures/" + link)
    catalog = demo_catalog()
    want = sorted(i.title for i in catalog.items if i.category.id == "gonggong-fuwu" and i.domain.id == "shehui-jiuzhu")
    want += sorted(d.title for d in catalog.documents if d.category.id == "gonggong-fuwu"
                   and d.domain and d.domain.id == "shehui-jiuzhu")
    assert results(page) == sorted(want)
    cell = parse(html)
    assert cell.links.count(link) == 1


def test_by_keyboard_alone_at_390_px_with_no_axe_findings(browser, portal):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = open_page(context, portal + VILLAGE)
        page.locator(".zwgk-facets > summary").focus()
        page.keyboard.press("Enter")  # opens the panel
        assert page.locator(".zwgk-facets").get_attribute("open") is not None
        wanted = {(k, v) for k, values in PICKED.items() for v in values}
        ticked = set()
        for _ in range(80):  # Tab through the boxes in page order; Space ticks the wanted ones
            page.keyboard.press("Tab")
            focused = page.evaluate("() => { const e = document.activeElement;"
                                    " return e && e.type === 'checkbox' ? [e.name, e.value] : null; }")
            if focused and tuple(focused) in wanted:
                page.keyboard.press("Space")
                ticked.add(tuple(focused))
            if ticked == wanted:
                break
        assert ticked == wanted
        for key, value in wanted:
            assert page.locator(f'.zwgk-facets input[name="{key}"][value="{value}"]').is_checked()
        assert results(page) == expected(PICKED)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator(".zwgk-facets").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert axe_violations(page, ".zwgk-facets") == []
        page.evaluate("document.documentElement.classList.add('zwgk-elder')")
        assert axe_violations(page, ".zwgk-facets") == []
        assert page.problems == []
    finally:
        context.close()


def test_without_javascript_the_panel_stays_hidden_and_the_links_remain(browser, portal):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(portal + "domains/shehui-jiuzhu/", wait_until="load")
        assert not page.locator("details.zwgk-facets").is_visible()
        assert page.locator("nav.zwgk-filters a").count() > 5
    finally:
        context.close()


def test_panel_data_is_small_and_holds_only_published_records(demo_build):
    from conftest import WITHHELD_TITLE

    files = sorted(demo_build.site.rglob("facets.json"))
    assert {f.relative_to(demo_build.site).as_posix() for f in files} >= {
        "domains/shehui-jiuzhu/facets.json", "categories/gonggong-fuwu/facets.json", "levels/village/facets.json",
        "levels/village/jiuye/facets.json", "lists/max-one-visit/facets.json", "lists/four-ways/facets.json"}
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        assert data["total"] == len(data["records"]) > 0
        for title, where, kind, codes in data["records"]:  # every link leads to a built page
            assert (path.parent / (data["root"] + where) / "index.html").resolve().is_file(), (path, where)
            assert data["kinds"][kind] in ("事项", "文件", "解读") and title and all(isinstance(c, int) for c in codes)
        assert WITHHELD_TITLE not in path.read_text("utf-8")
    domain = json.loads((demo_build.site / "domains/shehui-jiuzhu/facets.json").read_text("utf-8"))
    assert "domain" not in [f["key"] for f in domain["facets"]]  # every record shares it: nothing to filter
