"""Search quality and first-query cost, measured in Debian's headless Chromium on a built site.

Used by bench.py for both options (Pagefind and Material's own search): the same realistic
queries, each with the page a resident expects among the first three results.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import yaml

# what residents type → the page they expect (real demo items among thousands of generated look-alikes)
SERVICE_QUERIES = [
    ("失业登记", "items/jiuye-shiye-dengji/"), ("低保", "items/shehui-jiuzhu-dibao-shenqing/"),
    ("最低生活保障申请", "items/shehui-jiuzhu-dibao-shenqing/"),
    ("高龄津贴", "items/yanglao-fuwu-gaoling-jintie-shenling/"), ("上户口", "items/huji-guanli-chusheng-dengji/"),
    ("办身份证", "items/huji-guanli-shenfenzheng-banli/"), ("居住证", "items/huji-guanli-juzhuzheng-banli/"),
    ("创业贷款", "items/jiuye-chuangye-danbao-daikuan/"), ("工伤认定", "items/shehui-baoxian-gongshang-rending/"),
    ("医保缴费", "items/shehui-baoxian-jumin-yibao-jiaofei/"), ("临时救助", "items/shehui-jiuzhu-linshi-jiuzhu/"),
    ("五保", "items/shehui-jiuzhu-tekun-rending/"), ("种粮补贴", "items/shenong-butie-gengdi-dili-baohu-shenbao/"),
    ("农机购置补贴", "items/shenong-butie-nongji-gouzhi-butie/"),
    ("家庭医生", "items/weisheng-jiankang-jiating-yisheng-qianyue/"),
    ("诊所备案", "items/weisheng-jiankang-zhensuo-beian/"),
    ("户外广告", "items/chengshi-zhifa-huwai-guanggao-shezhi/"),
    ("建筑垃圾", "items/chengshi-zhifa-jianzhu-laji-chuzhi-hezhun/"),
    ("门前三包", "items/chengshi-zhifa-menqian-sanbao/"), ("生育登记", "items/weisheng-jiankang-shengyu-dengji/"),
    ("失能老人护理补贴", "items/yanglao-fuwu-shineng-laonianren-huli-butie/"),
]


def village_queries(project: Path, count: int = 5) -> list[tuple[str, str]]:
    """The demo's 东高村 and a few generated villages: name → that village's board."""
    district = yaml.safe_load((project / "catalog/taxonomy/places.yml").read_text("utf-8"))["district"]
    villages = [c for town in district["children"] for c in town.get("children", [])]
    chosen = [v for v in villages if v["name"] == "东高村"] + villages[-(count - 1):]
    return [(v["name"], f"bulletins/{v['id']}/") for v in chosen]


class _Site:
    """The built site over HTTP under a sub-path, as a county portal would host it."""

    def __init__(self, site: Path):
        import sys
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from conftest import serve_site
        self._context = serve_site(site, "/xxgk/district/")

    def __enter__(self) -> str:
        return self._context.__enter__()

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def _launch(playwright):
    return playwright.chromium.launch(executable_path=shutil.which("chromium"), args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])


def measure(site: Path, kind: str, queries: list[tuple[str, str]]) -> dict:
    """Run every query through the site's real search UI; return hits in the top 3, the misses,
    bytes downloaded for the first query on a fresh page, and the median query time."""
    from playwright.sync_api import sync_playwright

    hits, misses, times, first_bytes = 0, [], [], 0
    with _Site(site) as base, sync_playwright() as playwright:
        browser = _launch(playwright)
        page = browser.new_page()
        loaded = []
        page.on("response", lambda r: loaded.append(r))
        for n, (query, expected) in enumerate(queries):
            started = time.perf_counter()
            links = _pagefind(page, base, query) if kind == "pagefind" else _material(page, base, query)
            times.append(time.perf_counter() - started)
            if n == 0:
                first_bytes = sum(len(r.body()) for r in loaded if "search" in r.url or "pagefind" in r.url)
            if any(link.endswith("/xxgk/district/" + expected) for link in links[:3]):
                hits += 1
            else:
                misses.append(f"{query}→{[link.split('/xxgk/district/')[-1] for link in links[:3]]}")
        browser.close()
    times.sort()
    return {"hits": hits, "total": len(queries), "misses": misses, "first_bytes": first_bytes,
            "median_s": times[len(times) // 2]}


def _pagefind(page, base: str, query: str) -> list[str]:
    page.goto(base + "search/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    page.wait_for_function("document.querySelector('[data-zwgk-status]').textContent.includes('“')", timeout=60000)
    return [page.evaluate("a => a.href", a) for a in page.query_selector_all("[data-zwgk-results] a")]


def _material(page, base: str, query: str) -> list[str]:
    page.goto(base)
    page.fill(".md-search__input", query)
    try:
        page.wait_for_selector(".md-search-result__item", timeout=60000)
    except Exception:  # noqa: BLE001 - no result at all within a minute is a miss
        return []
    page.wait_for_timeout(300)  # results arrive as the worker answers the last keystroke
    # one result per page: Material lists a page's matching sections under it, as one item
    return [page.evaluate("item => item.querySelector('a').href", item)
            for item in page.query_selector_all(".md-search-result__item")]
