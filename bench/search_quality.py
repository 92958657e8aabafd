"""Search quality and first-query cost, measured in Debian's headless Chromium on a built site.

Used by bench.py for both options (Pagefind and Material's own search): the same realistic
queries, each with the page a resident expects among the first three results.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import yaml

# what residents type → the page they expect (real demo items among thousands of generated look-alikes).
# Written the way people ask (issue 20), in five kinds.
ITEM = "items/"
RESIDENT_QUERIES = {
    "question": [
        ("我想给孩子上户口去哪里办", ITEM + "huji-guanli-chusheng-dengji/"),
        ("身份证丢了怎么补办", ITEM + "huji-guanli-shenfenzheng-banli/"),
        ("满80岁的老人能领什么补贴", ITEM + "yanglao-fuwu-gaoling-jintie-shenling/"),
        ("失业了去哪里登记", ITEM + "jiuye-shiye-dengji/"),
        ("怎么申请低保", ITEM + "shehui-jiuzhu-dibao-shenqing/"),
        ("家里老人瘫痪在床有没有护理补贴", ITEM + "yanglao-fuwu-shineng-laonianren-huli-butie/"),
        ("自己开个小诊所要办什么手续", ITEM + "weisheng-jiankang-zhensuo-beian/"),
        ("农民种地有什么补贴", ITEM + "shenong-butie-gengdi-dili-baohu-shenbao/"),
        ("买农机国家给补贴吗", ITEM + "shenong-butie-nongji-gouzhi-butie/"),
        ("上班受伤了怎么认定工伤", ITEM + "shehui-baoxian-gongshang-rending/"),
        ("今年的医保怎么交", ITEM + "shehui-baoxian-jumin-yibao-jiaofei/"),
        ("农村老人的养老金怎么领", ITEM + "shehui-baoxian-jumin-yanglao-daiyu/"),
        ("想自己创业能贷款吗", ITEM + "jiuye-chuangye-danbao-daikuan/"),
        ("外地人在这里长住要办什么证", ITEM + "huji-guanli-juzhuzheng-banli/"),
        ("家里突然遇到急事难处能申请救助吗", ITEM + "shehui-jiuzhu-linshi-jiuzhu/"),
        ("看病花钱太多了能申请医疗救助吗", ITEM + "shehui-jiuzhu-yiliao-jiuzhu/"),
        ("怎么跟家庭医生签约", ITEM + "weisheng-jiankang-jiating-yisheng-qianyue/"),
        ("生了二胎要去登记吗", ITEM + "weisheng-jiankang-shengyu-dengji/"),
        ("在店门口挂个大广告牌要审批吗", ITEM + "chengshi-zhifa-huwai-guanggao-shezhi/"),
        ("装修的建筑垃圾怎么处理才合规", ITEM + "chengshi-zhifa-jianzhu-laji-chuzhi-hezhun/"),
        ("我的社保交了多少年在哪查", ITEM + "shehui-baoxian-quanyi-jilu-chaxun/"),
        ("丢了工作能领失业金吗", ITEM + "shehui-baoxian-shiye-baoxianjin/"),
        ("孤寡老人没人照顾能申请特困供养吗", ITEM + "shehui-jiuzhu-tekun-rending/"),
        ("开办养老院需要备案吗", ITEM + "yanglao-fuwu-yanglao-jigou-beian/"),
        ("户口怎么迁到城里来", ITEM + "huji-guanli-hukou-qianru/"),
    ],
    "colloquial": [
        ("养老金", ITEM + "shehui-baoxian-jumin-yanglao-daiyu/"),
        ("失业金", ITEM + "shehui-baoxian-shiye-baoxianjin/"),
        ("五保户", ITEM + "shehui-jiuzhu-tekun-rending/"),
        ("老人补贴", ITEM + "yanglao-fuwu-gaoling-jintie-shenling/"),
        ("生孩子登记", ITEM + "weisheng-jiankang-shengyu-dengji/"),
        ("开诊所", ITEM + "weisheng-jiankang-zhensuo-beian/"),
        ("招牌审批", ITEM + "chengshi-zhifa-huwai-guanggao-shezhi/"),
        ("渣土处置", ITEM + "chengshi-zhifa-jianzhu-laji-chuzhi-hezhun/"),
        ("买农机补贴", ITEM + "shenong-butie-nongji-gouzhi-butie/"),
        ("瘫痪老人补贴", ITEM + "yanglao-fuwu-shineng-laonianren-huli-butie/"),
        ("社保查询", ITEM + "shehui-baoxian-quanyi-jilu-chaxun/"),
        ("迁户口", ITEM + "huji-guanli-hukou-qianru/"),
        ("暂住证", ITEM + "huji-guanli-juzhuzheng-banli/"),
        ("公益岗", ITEM + "jiuye-gongyixing-gangwei-zhaopin/"),
        ("交合作医疗", ITEM + "shehui-baoxian-jumin-yibao-jiaofei/"),
    ],
    "typo_or_traditional": [
        ("養老金怎麼領", ITEM + "shehui-baoxian-jumin-yanglao-daiyu/"),
        ("身份證補辦", ITEM + "huji-guanli-shenfenzheng-banli/"),
        ("低保申請", ITEM + "shehui-jiuzhu-dibao-shenqing/"),
        ("高齡津貼", ITEM + "yanglao-fuwu-gaoling-jintie-shenling/"),
        ("戶口遷入", ITEM + "huji-guanli-hukou-qianru/"),
        ("底保", ITEM + "shehui-jiuzhu-dibao-shenqing/"),
        ("身分证", ITEM + "huji-guanli-shenfenzheng-banli/"),
        ("高龄金贴", ITEM + "yanglao-fuwu-gaoling-jintie-shenling/"),
        ("失业登计", ITEM + "jiuye-shiye-dengji/"),
        ("家庭医声签约", ITEM + "weisheng-jiankang-jiating-yisheng-qianyue/"),
    ],
    "place": [
        ("东高村", "bulletins/lilou-donggao/"),
        ("李楼镇", "bulletins/lilou/"),
        ("安乐镇西岗村", "bulletins/anle-xigang/"),
        ("白马寺镇", "bulletins/baimasi/"),
        ("龙康社区", "bulletins/guanlin-longkang/"),
        ("东高村公示", "bulletins/lilou-donggao/"),
        ("大学城社区", "bulletins/xuefu-daxuecheng/"),
        ("诸葛村", "bulletins/yichuan-zhuge/"),
        ("关林村", "bulletins/guanlin-guanlincun/"),
        ("开元湖社区公开栏", "bulletins/kaiyuan-kaiyuanhu/"),
    ],
    "official": [
        ("失业登记", ITEM + "jiuye-shiye-dengji/"),
        ("最低生活保障申请", ITEM + "shehui-jiuzhu-dibao-shenqing/"),
        ("高龄津贴", ITEM + "yanglao-fuwu-gaoling-jintie-shenling/"),
        ("居住证", ITEM + "huji-guanli-juzhuzheng-banli/"),
        ("创业担保贷款", ITEM + "jiuye-chuangye-danbao-daikuan/"),
        ("工伤认定", ITEM + "shehui-baoxian-gongshang-rending/"),
        ("临时救助", ITEM + "shehui-jiuzhu-linshi-jiuzhu/"),
        ("农机购置补贴", ITEM + "shenong-butie-nongji-gouzhi-butie/"),
        ("家庭医生签约服务", ITEM + "weisheng-jiankang-jiating-yisheng-qianyue/"),
        ("诊所备案", ITEM + "weisheng-jiankang-zhensuo-beian/"),
        ("户外广告", ITEM + "chengshi-zhifa-huwai-guanggao-shezhi/"),
        ("建筑垃圾处置核准", ITEM + "chengshi-zhifa-jianzhu-laji-chuzhi-hezhun/"),
        ("门前三包", ITEM + "chengshi-zhifa-menqian-sanbao/"),
        ("生育登记", ITEM + "weisheng-jiankang-shengyu-dengji/"),
        ("经济困难失能老年人护理补贴", ITEM + "yanglao-fuwu-shineng-laonianren-huli-butie/"),
        ("耕地地力保护补贴面积申报", ITEM + "shenong-butie-gengdi-dili-baohu-shenbao/"),
        ("特困人员认定", ITEM + "shehui-jiuzhu-tekun-rending/"),
        ("就业困难人员认定", ITEM + "jiuye-kunnan-renyuan-rending/"),
        ("失业保险金申领", ITEM + "shehui-baoxian-shiye-baoxianjin/"),
        ("养老机构备案", ITEM + "yanglao-fuwu-yanglao-jigou-beian/"),
    ],
}
KIND_NAMES = {"question": "full-sentence questions", "colloquial": "colloquial words",
              "typo_or_traditional": "typos / traditional characters", "place": "place names",
              "official": "official terms"}
# the earlier 21 short queries (official terms and aliases), kept for Material's comparison
SERVICE_QUERIES = [(q, e) for q, e in RESIDENT_QUERIES["official"]] + [
    ("低保", ITEM + "shehui-jiuzhu-dibao-shenqing/"), ("上户口", ITEM + "huji-guanli-chusheng-dengji/")]


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


def resident_queries() -> list[tuple[str, str, str]]:
    """(query, expected page, kind) for every query of RESIDENT_QUERIES."""
    return [(query, expected, kind) for kind, found in RESIDENT_QUERIES.items() for query, expected in found]


def measure(site: Path, kind: str, queries: list[tuple]) -> dict:
    """Run every query through the site's real search UI; return hits in the top 3 and top 10 and
    empty result lists (overall and per kind of query), the misses, bytes downloaded for the first
    query on a fresh page, and the median query time. ``queries``: (query, expected[, kind])."""
    from playwright.sync_api import sync_playwright

    by_kind: dict[str, dict] = {}
    misses, times, first_bytes = [], [], 0
    with _Site(site) as base, sync_playwright() as playwright:
        browser = _launch(playwright)
        page = browser.new_page()
        loaded = []
        page.on("response", lambda r: loaded.append(r))
        for n, (query, expected, *rest) in enumerate(queries):
            counts = by_kind.setdefault(rest[0] if rest else "all", {"top3": 0, "top10": 0, "empty": 0, "total": 0})
            started = time.perf_counter()
            links = _pagefind(page, base, query) if kind == "pagefind" else _material(page, base, query)
            times.append(time.perf_counter() - started)
            if n == 0:
                first_bytes = sum(len(r.body()) for r in loaded if "search" in r.url or "pagefind" in r.url)
            found = [link.split("/xxgk/district/")[-1] for link in links]
            rank = found.index(expected) if expected in found else None
            counts["total"] += 1
            counts["top3"] += rank is not None and rank < 3
            counts["top10"] += rank is not None and rank < 10
            counts["empty"] += not found
            if rank is None or rank >= 3:
                misses.append(f"{query}→{'#' + str(rank + 1) if rank is not None else found[:3]}")
        browser.close()
    times.sort()
    hits = sum(c["top3"] for c in by_kind.values())
    return {"hits": hits, "total": len(queries), "misses": misses, "first_bytes": first_bytes,
            "median_s": times[len(times) // 2], "by_kind": by_kind}


def table(result: dict) -> list[str]:
    """The per-kind lines of a ``measure`` result."""
    lines = [f"{'kind':34} {'top 3':>9} {'top 10':>9} {'empty':>6}"]
    for name, c in result["by_kind"].items():
        label = f"{KIND_NAMES.get(name, name)} ({c['total']})"
        lines.append(f"{label:34} {c['top3']:>5} {c['top3'] / c['total']:4.0%} {c['top10']:>5} "
                     f"{c['top10'] / c['total']:4.0%} {c['empty']:>6}")
    return lines


def _pagefind(page, base: str, query: str) -> list[str]:
    page.goto(base + "search/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    # done: the status names the query, and nothing is still loading (aria-busy while it searches)
    page.wait_for_function("document.querySelector('[data-zwgk-status]').textContent.includes('“') && "
                           "!document.querySelector('[data-zwgk-search] [aria-busy=true]')", timeout=60000)
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


def main() -> None:
    """``python bench/search_quality.py SITE``: the resident queries against one built site."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--kind", help="only this kind of query")
    args = parser.parse_args()
    queries = [q for q in resident_queries() if not args.kind or q[2] == args.kind]
    result = measure(args.site, "pagefind", queries)
    print("\n".join(table(result)))
    print(f"all: {result['hits']}/{result['total']} in the top 3; first query downloads "
          f"{result['first_bytes'] / 1e3:.0f} KB; median {result['median_s']:.2f} s a query")
    print("misses: " + "; ".join(result["misses"]))


if __name__ == "__main__":
    main()
