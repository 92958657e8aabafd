"""Readers and printers in Debian's Chromium: the 标准目录 on every screen (a table with sticky
headers on wide screens, one card a row on phones, in 长者模式 and on kiosks), the skip link and
字号 by keyboard, the kiosk's home button, tiles, large QR code and idle return, and the browser's
own print of wide tables (nothing cut off). Screenshots to look at land in tests/output/screens/."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
import zxingcpp
from PIL import Image

from conftest import ROOT, contrast, copy_project, mkdocs_build, plan, serve_site

SCREENS = ROOT / "tests/output/screens"
SITE_URL = "https://luolong.example.gov.cn/"
DOMAIN = "shehui-jiuzhu"  # three 事项 levels, merged 一级 cells, items at several levels


@pytest.fixture(scope="module")
def portal(demo_build):
    with serve_site(demo_build.site) as base:
        yield base


@pytest.fixture(scope="module")
def table():
    from zwgk.site.tables import catalog_table

    site = plan()
    return catalog_table(site.catalog, site.catalog.domains.by_id[DOMAIN])


def new_page(browser, width: int, height: int = 900, elder: bool = False, kiosk: bool = False, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **options)
    if elder:
        context.add_init_script("localStorage.setItem('zwgk-elder', '1')")
    if kiosk:
        context.add_init_script("localStorage.setItem('zwgk-kiosk', '1')")
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


CARDS = """() => [...document.querySelectorAll('.zwgk-row-card')].map(card => ({
    title: card.querySelector('h2').innerText.replace(/^\\d+\\.\\s*/, '').replace(/\\s+/g, ''),
    lines: Object.fromEntries([...card.querySelectorAll('.zwgk-row-card__line')].map(
        line => [line.querySelector('dt').innerText, line.querySelector('dd').innerText.replace(/\\s+/g, '')]))}))"""


@pytest.mark.parametrize("width, elder", [(390, False), (320, False), (390, True), (1366, True)])
def test_catalog_rows_are_cards_on_phones_and_in_elder_mode(browser, portal, table, width, elder):
    page = new_page(browser, width, elder=elder)
    page.goto(f"{portal}domains/{DOMAIN}/")
    assert not page.locator("table.zwgk-catalog").is_visible()
    cards = page.evaluate(CARDS)
    assert len(cards) == len(table.rows)
    for card, row in zip(cards, table.rows, strict=True):
        item = row.item
        assert card["title"] == "›".join(item.matter)  # the 事项 path is the card's heading
        lines = card["lines"]
        assert list(lines) == ["公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
                               "公开方式", "公开层级"]
        assert lines["公开对象"] == item.audience  # marks as words, not √
        assert lines["公开方式"] == item.mode
        assert lines["公开层级"] == "、".join(lv.name for lv in table.levels if lv in item.levels)
        assert lines["公开渠道和载体"] == "、".join(c.name for c in item.channels if c in table.channels) or "—"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.problems == []
    if width == 390:
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.locator(".zwgk-row-card").first.evaluate(  # the first card just below the site's header
            "card => window.scrollTo(0, card.getBoundingClientRect().top + scrollY - 140)")
        page.screenshot(path=str(SCREENS / f"domain-table-phone-{'elder' if elder else 'normal'}.png"))
    page.context.close()


def test_catalog_table_on_a_wide_screen_keeps_its_headers_and_items_in_view(browser, portal, table):
    page = new_page(browser, 1366)
    page.goto(f"{portal}domains/{DOMAIN}/")
    assert page.locator("table.zwgk-catalog").is_visible()
    assert not page.locator(".zwgk-row-card").first.is_visible()
    # header association: column groups for the grouped headers, the item's name heads its row
    structure = page.evaluate("""() => {
        const t = document.querySelector('table.zwgk-catalog');
        const groups = [...t.querySelectorAll('colgroup')].map(g => g.querySelectorAll('col').length);
        const rows = [...t.tBodies[0].rows].map(r => [...r.querySelectorAll('th[scope=row]')].map(th => th.innerText));
        return {groups, rows, columns: t.tBodies[0].rows[0].cells.length};
    }""")
    assert structure["groups"] == [1, table.matter_depth, 5, 2, 2, len(table.levels)]
    assert structure["rows"] == [[row.item.matter[-1]] for row in table.rows]
    region = page.locator(".zwgk-catalog-view--table")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert page.evaluate("e => e.scrollWidth > e.clientWidth", region.element_handle())  # it does scroll
    # scrolled right and down inside its region: the header row and the 事项 stay where they were
    before = page.evaluate("""() => ({head: document.querySelector('.zwgk-catalog thead').getBoundingClientRect().top,
        item: document.querySelector('.zwgk-catalog tbody th[scope=row]').getBoundingClientRect().left})""")
    region.focus()
    for key in ("End", "ArrowRight", "ArrowRight", "PageDown"):  # the keyboard scrolls it
        page.keyboard.press(key)
    page.evaluate("e => { e.scrollLeft = e.scrollWidth; }", region.element_handle())
    # keyboard scrolling is animated: measure once the region and the page have come to rest, and
    # the header and the region's top in the same frame
    scrolled = page.evaluate("""async r => {
        const frame = () => new Promise(done => requestAnimationFrame(done));
        const where = () => [r.scrollLeft, r.scrollTop, window.scrollY].join();
        let last = '', same = 0;
        while (same < 5) { await frame(); const now = where(); same = now === last ? same + 1 : 0; last = now; }
        return {left: r.scrollLeft, top: r.scrollTop, region: r.getBoundingClientRect().top,
                head: document.querySelector('.zwgk-catalog thead').getBoundingClientRect().top,
                item: document.querySelector('.zwgk-catalog tbody th[scope=row]').getBoundingClientRect().left};
    }""", region.element_handle())
    assert scrolled["left"] > 100 and scrolled["top"] > 0
    assert scrolled["item"] == pytest.approx(before["item"], abs=1)
    assert scrolled["head"] == pytest.approx(scrolled["region"] + 1, abs=2)
    page.context.close()


def test_level_and_list_tables_are_cards_in_elder_mode_with_the_item_as_heading(browser, portal):
    page = new_page(browser, 1366, elder=True)
    for url in ("levels/village/shehui-jiuzhu/", "lists/max-one-visit/"):
        page.goto(portal + url)
        row = page.locator("table.zwgk-stack tbody tr").first
        assert page.evaluate("r => getComputedStyle(r).display", row.element_handle()) == "flex"
        heading = row.locator("th[scope=row]")
        assert heading.bounding_box()["y"] <= row.locator("td").first.bounding_box()["y"]  # heading first
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.context.close()


def test_skip_link_is_the_first_tab_stop_and_lands_on_the_h1(browser, portal):
    page = new_page(browser, 1366)
    for url in ("", "items/jiuye-shiye-dengji/", "xxgk/nianbao/2024/", "bulletins/lilou-donggao/"):
        page.goto(portal + url)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
        assert page.locator(".zwgk-skip").is_visible()  # shown while it has focus
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement === document.querySelector('article h1')"), url
        page.keyboard.press("Tab")  # the next stop comes after the h1, not from the top again
        after = page.evaluate("""() => document.querySelector('article h1')
            .compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING""")
        assert after, url
    page.context.close()


def test_font_size_buttons_work_in_elder_mode_too(browser, portal):
    page = new_page(browser, 1366, elder=True)
    page.goto(portal + "items/jiuye-shiye-dengji/")
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    elder = size()
    page.get_by_role("button", name="字号大").click()
    assert size() > elder * 1.15
    assert page.get_by_role("button", name="字号大").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="字号小").click()
    assert size() < elder
    page.get_by_role("button", name="字号中").click()
    assert size() == elder
    page.context.close()


def test_void_tag_and_small_text_meet_7_to_1_in_elder_mode(browser, portal):
    """The 已废止 tag is 5.9:1 in the normal mode (AA); 长者模式 asks for 7:1 on everything."""
    page = new_page(browser, 390, elder=True)
    page.goto(portal + "categories/guifanxing-wenjian/")
    tags = page.locator(".zwgk-tag--void")
    assert tags.count() > 0
    color = page.evaluate("e => getComputedStyle(e).color", tags.first.element_handle())
    assert contrast(color, "rgb(255, 255, 255)") >= 7
    page.context.close()


def test_kiosk_home_tiles_browse_to_an_item_by_touch_and_return_when_idle(browser, portal):
    page = new_page(browser, 1080, 1920, has_touch=True)
    page.clock.install()
    page.goto(portal + "?kiosk=1")
    assert page.evaluate("document.documentElement.classList.contains('zwgk-kiosk')")
    tiles = page.locator(".zwgk-cards").first.locator("a")
    boxes = [tiles.nth(n).bounding_box() for n in range(tiles.count())]
    assert min(b["height"] for b in boxes) >= 96 and min(b["width"] for b in boxes) >= 240  # large tiles
    # a domain's name is never broken inside a word (就业创/业): each title is on one line
    lines = page.evaluate("""() => [...document.querySelectorAll('.zwgk-card__title')].map(t => {
        const range = document.createRange(); range.selectNodeContents(t);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })""")
    assert set(lines) == {1}, lines
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "kiosk-home.png"))
    # browse without typing: domain tile → the domain's cards → an item
    page.locator(".zwgk-card a", has_text="社会救助").first.tap()
    page.wait_for_url("**/domains/shehui-jiuzhu/")
    assert page.locator(".zwgk-row-card").first.is_visible()
    page.locator(".zwgk-row-card h2 a").first.tap()
    page.wait_for_url("**/items/**")
    item_url = page.url
    home = page.locator("[data-zwgk-home]")
    assert home.is_visible() and home.bounding_box()["height"] >= 48
    # the page's QR code, open and large, opens this page
    code = page.locator("[data-zwgk-qr] svg")
    code.wait_for()
    assert code.bounding_box()["width"] >= 240
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert [r.text for r in found] == [SITE_URL + item_url.split("/", 3)[3]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1080
    # a touch keeps it; after idle_seconds (120 by default) untouched it goes home by itself
    page.clock.fast_forward(100_000)
    page.touchscreen.tap(540, 1500)
    page.clock.fast_forward(100_000)
    assert page.url == item_url
    page.clock.fast_forward(30_000)
    page.wait_for_url(portal)
    assert page.problems == []
    page.context.close()


def test_browser_print_of_the_catalog_is_landscape_and_keeps_every_column(browser, portal, table, tmp_path):
    page = new_page(browser, 1366)
    page.goto(f"{portal}domains/{DOMAIN}/")
    pdf = tmp_path / "catalog.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    sizes = page_sizes(pdf)
    assert sizes and all(w > h for w, h in sizes), sizes  # landscape pages
    text = pdf_text(pdf)
    headers = ("序号", "公开内容（要素）", "公开渠道和载体", "特定群体", "依申请", *(lv.name for lv in table.levels))
    for header in headers:
        assert squeeze(header) in text, header
    for row in table.rows:
        assert squeeze(row.item.matter[-1]) in text
    # nothing printed beyond the page's right edge: every word box lies on the page
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)) <= page_width
    page.context.close()


def test_browser_print_of_a_board_keeps_the_whole_posting_table(browser, portal, tmp_path):
    """The 8-column 民主评议 table, 评议意见 last, printed whole from the board page (Ctrl+P)."""
    page = new_page(browser, 1280)
    page.goto(f"{portal}bulletins/anle-dongzhaike/")
    pdf = tmp_path / "board.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    text = pdf_text(pdf)
    for word in ("评议意见", "弃权票", "不同意上报", "郭某某"):
        assert word in text, word
    assert text.count("同意上报") == 5
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)) <= page_width
    SCREENS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(SCREENS / "board-browser-print")], check=True)
    page.context.close()


def page_sizes(pdf) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages]


def pdf_text(pdf) -> str:
    """The PDF's text in the order it was drawn (a narrow column's header runs one character a line)."""
    return squeeze(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)



def test_card_words_are_the_marked_columns_of_the_official_table():
    """A card says in words what the table and its Excel export mark with √ (one source of truth)."""
    from zwgk.site.columns import AUDIENCES, LEVELS, MARK, MODES, SINGLE_COLUMNS
    from zwgk.site.tables import catalog_table, header_rows, item_values

    site = plan()
    catalog = site.catalog
    for domain in catalog.active_domains:
        table = catalog_table(catalog, domain)
        _, sub = header_rows(table)
        for row in table.rows:
            values = item_values(catalog, table, row.item)  # the row after its 事项 columns, as exported
            marked = [name for name, value in zip(sub[1 + table.matter_depth:], values, strict=True) if value == MARK]
            card = {line.label: line.values for line in table.card(row)}
            assert list(card)[:5] == list(SINGLE_COLUMNS)
            assert card["公开对象"] == tuple(m for m in marked if m in AUDIENCES)
            assert card["公开方式"] == tuple(m for m in marked if m in MODES)
            assert card[LEVELS] == tuple(m for m in marked if m in {lv.name for lv in table.levels})
            assert card["公开内容（要素）"] == (values[0],)


def test_a_kiosk_build_is_a_kiosk_without_asking_and_uses_its_idle_time(browser, tmp_path):
    """extra.kiosk in mkdocs.yml: always on for a kiosk's own build (?kiosk=0 still turns it off)."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  kiosk:\n    idle_seconds: 120\n" in text
    kiosk = "  kiosk:\n    idle_seconds: 30\n    always: true\n"
    config.write_text(text.replace("  kiosk:\n    idle_seconds: 120\n", kiosk), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    with serve_site(result.site) as base:
        page = new_page(browser, 1080, 1920, has_touch=True)
        page.clock.install()
        page.goto(base + "items/jiuye-shiye-dengji/")
        assert page.evaluate("document.documentElement.classList.contains('zwgk-kiosk')")
        assert page.locator("[data-zwgk-home]").is_visible()
        page.clock.fast_forward(31_000)
        page.wait_for_url(base)
        page.goto(base + "?kiosk=0")
        assert not page.evaluate("document.documentElement.classList.contains('zwgk-kiosk')")
        page.context.close()
