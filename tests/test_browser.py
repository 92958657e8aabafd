"""Every reader, in Debian's headless Chromium: each page type loads cleanly, axe-core finds no
WCAG 2.1 A/AA violation, 长者模式 and 字号 work by keyboard and persist, kiosks get 48 px
targets, and every page offers 打印本页, 扫一扫 (a QR code of its own address), 纠错 and its date.
Screenshots land in tests/output/screens/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import ROOT, contrast

SCREENS = ROOT / "tests/output/screens"
PAGE_TYPES = {  # what a reader opens → its address in the site
    "home": "",
    "item": "items/jiuye-shiye-dengji/",
    "domain table": "domains/jiuye/",
    "category index": "categories/gonggong-fuwu/",
    "five disclosures": "disclosures/fuwu/",
    "document": "documents/llzb-2024-05/",
    "interpretation with video": "jiedu/zhengfu-gongzuo-baogao-2025-shipin/",
    "interpretation with audio": "jiedu/gaoling-jintie-yinpin-jiedu/",
    "bulletin board": "bulletins/lilou-donggao/",
    "level list": "levels/village/jiuye/",
    "最多跑一次": "lists/max-one-visit/",
    "open data": "xxgk/data/",
    "annual report": "xxgk/nianbao/2024/",
    "search results": "search/?q=%E4%BD%8E%E4%BF%9D",  # 低保
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]




def open_page(context, url: str):
    """A page with every console error and every request to another host recorded (and refused)."""
    page = context.new_page()
    page.problems = []

    def guard(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            page.problems.append(f"request to another host: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.goto(url, wait_until="load")
    if "search/?q=" in url:
        page.wait_for_function("document.querySelectorAll('[data-zwgk-results] li').length > 0")
    return page


def axe_violations(page, run_only: dict | None = None) -> list[str]:
    """axe-core's findings on the page as it is now (WCAG 2.1 A and AA unless told otherwise)."""
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    result = page.evaluate("only => axe.run(document, {runOnly: only})", run_only or {"type": "tag", "values": WCAG})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_loads_cleanly_and_passes_axe(context, portal, kind):
    page = open_page(context, portal + PAGE_TYPES[kind])
    assert page.problems == []
    assert page.title() and "404" not in page.title()
    assert axe_violations(page) == []
    # on every page: print, scan-to-phone, report a problem, last-updated date
    tools = page.locator(".zwgk-page-tools")
    assert tools.locator("button", has_text="打印本页").is_visible()
    assert tools.locator("summary", has_text="扫一扫在手机上打开").is_visible()
    assert tools.locator("a", has_text="我为政府网站找错").is_visible()
    assert "更新日期：" in tools.inner_text()


def test_elder_mode_by_keyboard_alone_persists_and_has_high_contrast(context, portal):
    page = open_page(context, portal + "items/jiuye-shiye-dengji/")
    reached = []
    for _ in range(12):  # the reader bar comes first in the tab order
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "长者模式":
            break
    assert reached[-1] == "长者模式", reached
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus visible
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('zwgk-elder')")
    style = page.evaluate("""() => {
        const text = getComputedStyle(document.querySelector('article.md-content__inner p'));
        const link = getComputedStyle(
            document.querySelector('article.md-content__inner p a, article.md-content__inner td a'));
        const bg = getComputedStyle(document.body).backgroundColor;
        const nav = document.querySelector('.md-sidebar--primary');
        return {text: text.color, link: link.color, bg, size: parseFloat(text.fontSize),
                line: parseFloat(text.lineHeight), nav: nav ? getComputedStyle(nav).display : 'none'};
    }""")
    assert contrast(style["text"], style["bg"]) >= 7 and contrast(style["link"], style["bg"]) >= 7, style
    assert style["size"] >= 20 and style["line"] >= 1.5 * style["size"], style
    assert style["nav"] == "none"  # one column
    page.goto(portal + "domains/jiuye/")  # remembered on the next page, without asking again
    assert page.evaluate("document.documentElement.classList.contains('zwgk-elder')")
    assert page.locator("[data-zwgk-elder-button]").inner_text() == "退出长者模式"
    assert axe_violations(page) == []
    assert page.problems == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_elder_mode_has_7_to_1_contrast_on_every_page_type(browser, portal, kind):
    """长者模式 asks for ≥ 7:1 (WCAG AAA 1.4.6) on all text, not only AA's 4.5:1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('zwgk-elder', '1')")
    page = open_page(context, portal + PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.classList.contains('zwgk-elder')")
    assert axe_violations(page, {"type": "rule", "values": ["color-contrast-enhanced"]}) == []
    assert axe_violations(page) == []
    context.close()


def test_font_size_buttons_scale_the_text_and_persist(context, portal):
    page = open_page(context, portal)
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    medium = size()
    page.get_by_role("button", name="字号大").click()
    assert size() > medium * 1.15
    page.reload()
    assert size() > medium * 1.15
    assert page.get_by_role("button", name="字号大").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="字号小").click()
    assert size() < medium


def test_scan_to_phone_qr_code_holds_the_page_address(context, portal, demo_build):
    import zxingcpp
    from PIL import Image

    page = open_page(context, portal + "items/jiuye-shiye-dengji/")
    page.locator("summary", has_text="扫一扫在手机上打开").click()
    code = page.locator("[data-zwgk-qr] svg")
    code.wait_for()
    image = Image.open(io.BytesIO(code.screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == ["https://luolong.example.gov.cn/items/jiuye-shiye-dengji/"]
    assert page.problems == []


def test_kiosk_touch_targets_are_at_least_48_px(browser, portal):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=True, is_mobile=False)
    page = open_page(context, portal + "?kiosk=1")
    for url in ("", "domains/jiuye/", "lists/max-one-visit/"):
        page.goto(portal + url)
        small = page.evaluate("""() => [...document.querySelectorAll(
            'button, summary, .md-button, .zwgk-filters a, .zwgk-cards a, .md-tabs__link, .md-header__button')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim().slice(0, 20), e.getBoundingClientRect().height])
            .filter(([, h]) => h < 48)""")
        assert small == [], (url, small)
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_screenshots_phone_and_desktop(browser, portal, width, mode):
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = open_page(context, portal)
    if mode == "elder":
        page.evaluate("localStorage.setItem('zwgk-elder', '1')")
    for name, url in (("home", ""), ("item", "items/jiuye-shiye-dengji/")):
        page.goto(portal + url)
        path = SCREENS / f"{name}-{'phone' if width < 500 else 'desktop'}-{mode}.png"
        page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 10_000
        if mode == "elder":
            assert page.evaluate("document.documentElement.classList.contains('zwgk-elder')")
    assert page.problems == []
    context.close()

