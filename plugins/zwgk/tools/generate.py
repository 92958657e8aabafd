"""A synthetic but realistic district at any scale, for benchmarks and scale tests.

It writes a whole project (mkdocs.yml, catalog/, content/, theme/) whose every file is
valid under the project's own schemas: the demo district's taxonomies, site config, real
items and places, then more places (with village names) and items, documents,
interpretations and postings made from templates of real catalog rows — so a search for a
real service has thousands of look-alikes to beat. The same seed always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from ..content.layout import (
    DOCUMENTS_DIR,
    HALLS_DIR,
    INTERPRETATIONS_DIR,
    ITEMS_DIR,
    POSTINGS_DIR,
    SITE_FILE,
    TAXONOMY_DIR,
    taxonomy_file,
)

SERVICES = [  # (一级事项, 二级事项, 实施机构)
    ("就业服务", "{}就业登记", "区公共就业和人才服务中心"), ("社会救助", "{}救助申请", "区民政局"),
    ("社会保险", "{}参保登记", "区社会保险中心"), ("户籍管理", "{}户口迁移", "公安洛龙分局"),
    ("养老服务", "{}补贴申领", "区民政局"), ("医疗卫生", "{}执业登记", "区卫生健康委员会"),
    ("涉农补贴", "{}补贴申报", "区农业农村局"), ("城市管理", "{}设置审批", "区城市管理局"),
]
TOPICS = ["高龄", "残疾人", "退役军人", "困难群众", "灵活就业", "新生儿", "流动人口", "农机", "耕地", "门店招牌",
          "个体诊所", "养老机构", "失业人员", "大学生", "农民工", "特困人员", "临时", "医疗", "教育", "住房"]
PENALTIES = ["未按规定{}的处罚", "擅自{}的处罚", "拒不{}的处罚", "违反规定{}的处罚"]
ACTS = ["设置户外广告", "占道经营", "倾倒建筑垃圾", "排放油烟", "开展诊疗活动", "使用童工", "拖欠工资",
        "销售过期食品", "改变房屋用途", "焚烧秸秆", "饲养犬只", "施工扰民"]
DOMAINS = ["jiuye", "shehui-jiuzhu", "shehui-baoxian", "shenong-butie", "huji-guanli", "yanglao-fuwu",
           "weisheng-jiankang", "chengshi-zhifa"]
CATEGORIES_FOR_DOCS = ["规范性文件", "工作动态", "通知公告", "财政审计", "政府采购", "中标公示", "人事任免",
                       "规划计划", "重点工作", "双随机一公开", "统计信息", "机构职能"]
START = dt.date(2024, 1, 2)
GUIDE = {
    "legal_basis": ["《中华人民共和国行政许可法》第十二条"], "implementing_body": "",
    "conditions": ["符合规定条件的申请人"], "materials": [{"name": "居民身份证", "form": "原件"}],
    "process": [{"name": "受理"}, {"name": "审查"}, {"name": "办结"}],
    "fee": "不收费", "halls": [{"hall": "luolong-zhongxin", "window": "zonghe"}],
    "phone": "0379-65010001", "promised_limit": "5个工作日",
}


def generate(demo: Path, out: Path, items: int = 3000, places: int = 129, documents: int = 320,
             interpretations: int = 60, seed: int = 7) -> dict:
    """Write a district project into ``out`` (emptied first); return what it wrote."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "catalog").mkdir(parents=True)
    shutil.copytree(demo / "catalog" / TAXONOMY_DIR, out / "catalog" / TAXONOMY_DIR)
    shutil.copy2(demo / "catalog" / SITE_FILE, out / "catalog" / SITE_FILE)
    if (demo / "catalog" / HALLS_DIR).is_dir():  # the demo's halls: its real items name them
        shutil.copytree(demo / "catalog" / HALLS_DIR, out / "catalog" / HALLS_DIR)
    shutil.copytree(demo / "theme", out / "theme")
    (out / "content").mkdir()
    for name in ("index.md",):
        shutil.copy2(demo / "content" / name, out / "content" / name)
    shutil.copytree(demo / "content" / "help", out / "content" / "help")
    shutil.copytree(demo / "content" / "xxgk" / "zhidu", out / "content" / "xxgk" / "zhidu")
    config = (demo / "mkdocs.yml").read_text("utf-8").replace("site_name: 洛龙区基层政务公开",
                                                                "site_name: 生成区基层政务公开（测试）")
    (out / "mkdocs.yml").write_text(config, "utf-8")
    villages = _places(out, rng, places)
    # the demo's real items (with their guides and residents' words) among the generated ones
    shutil.copytree(demo / "catalog" / ITEMS_DIR, out / "catalog" / ITEMS_DIR)
    shutil.copytree(demo / "content" / "attachments", out / "content" / "attachments")
    # and the demo's documents, which those items cite as their 设定依据
    shutil.copytree(demo / "catalog" / DOCUMENTS_DIR, out / "catalog" / DOCUMENTS_DIR)
    real = sum(1 for _ in (out / "catalog" / ITEMS_DIR).rglob("*.yml"))
    counts = {"items": real + _items(out, rng, items), "documents": _documents(out, rng, documents),
              "places": places}
    counts["interpretations"] = _interpretations(out, rng, interpretations, counts["documents"])
    counts["postings"] = _postings(out, rng, villages)
    return counts


def _write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _front_matter(path: Path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body
    path.write_text(text, "utf-8")


PLACE_FIRST = "东西南北前后大小上下新老"
PLACE_CORE = "高马王李杨柳张刘陈赵孙周吴郑槐桥河湾沟坡岭营庄寨屯店"


def _place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Village names as Henan villages are named (东高、西马、柳湾): two characters, all different."""
    names = [a + b for a in PLACE_FIRST for b in PLACE_CORE]
    names += [a + b for a in PLACE_CORE for b in PLACE_CORE if a != b]
    rng.shuffle(names)
    return [n for n in names if n not in taken][:count]


def _places(out: Path, rng: random.Random, total: int) -> list[str]:
    """The demo's towns, offices, villages and communities, then more up to ``total`` places."""
    towns = yaml.safe_load((out / "catalog" / taxonomy_file("places")).read_text("utf-8"))["district"]
    parents = towns["children"]
    existing = [c for parent in parents for c in parent.get("children", [])]
    taken = {c["name"][:2] for c in existing}
    villages = [c["id"] for c in existing]
    names = iter(_place_names(rng, total, taken))
    n = 0
    while len(parents) + len(villages) < total:
        parent = parents[n % len(parents)]
        kind = "village" if parent["kind"] == "town" or n % 3 else "community"
        place_id = f"{parent['id']}-p{n:03d}"
        parent.setdefault("children", []).append(
            {"id": place_id, "name": next(names) + ("村" if kind == "village" else "社区"), "kind": kind})
        villages.append(place_id)
        n += 1
    _write_yaml(out / "catalog" / taxonomy_file("places"), {"district": towns})
    return villages


def _items(out: Path, rng: random.Random, total: int) -> int:
    services = min(total // 6, 600)
    for n in range(total):
        domain = DOMAINS[n % len(DOMAINS)]
        day = START + dt.timedelta(days=rng.randrange(0, 700))
        topic = TOPICS[n % len(TOPICS)]
        item = {"id": f"{domain}-g{n:05d}", "domain": domain,
                "content": "办理依据、申请条件、办理流程、办理时限、咨询电话",
                "basis": ["《中华人民共和国行政许可法》"], "publisher": "洛龙区人民政府办公室",
                # the boards carry the demo's real items (~25 a village, as printed there); the
                # generated ones stay on the website
                "channels": ["政府网站", "政务服务中心"], "audience": "全社会",
                "levels": ["区级", "镇（街道）级"] if n % 120 == 1 else ["区级"],
                "formed_date": day.isoformat(), "published_date": (day + dt.timedelta(days=5)).isoformat()}
        if n < services:
            level1, level2, body = SERVICES[n % len(SERVICES)]
            matter = {"level1": level1, "level2": level2.format(topic) + f"（{n}）"}
            item.update(category="公共服务", matter=matter,
                        max_one_visit=n % 4 == 0,
                        four_ways=["网上办", "一次办"] if n % 5 == 0 else [],
                        guide={**GUIDE, "implementing_body": body})
        elif n % 3:
            act = ACTS[n % len(ACTS)]
            item.update(category="依法行政", matter={"level1": "行政处罚", "level2": rng.choice(PENALTIES).format(act)
                                                     + f"（{n}）"}, time_limit="作出决定之日起7个工作日内")
        else:
            item.update(category="权责清单", matter={"level1": "权责清单", "level2": f"{topic}事项监督检查（{n}）"})
        _write_yaml(out / "catalog" / ITEMS_DIR / domain / f"{item['id']}.yml", item)
    return total


def _documents(out: Path, rng: random.Random, total: int) -> int:
    paragraph = "根据有关规定，结合本区实际，现就有关事项通知如下。各单位要提高认识，加强领导，认真抓好落实。" * 4
    for n in range(total):
        category = CATEGORIES_FOR_DOCS[n % len(CATEGORIES_FOR_DOCS)]
        day = START + dt.timedelta(days=rng.randrange(0, 700))
        meta = {"id": f"gen-{n:04d}", "title": f"关于做好{TOPICS[n % len(TOPICS)]}相关工作的{category}（第{n}号）",
                "category": category, "publisher": "洛龙区人民政府办公室", "topic": "综合政务",
                "written_date": day.isoformat(), "published_date": (day + dt.timedelta(days=3)).isoformat()}
        body = f"## 一、总体要求\n\n{paragraph}\n\n## 二、主要任务\n\n{paragraph}\n"
        _front_matter(out / "catalog" / DOCUMENTS_DIR / category / f"gen-{n:04d}.md", meta, body)
    return total


def _interpretations(out: Path, rng: random.Random, total: int, documents: int) -> int:
    for n in range(total):
        doc = n * (documents // max(total, 1))
        day = START + dt.timedelta(days=710)
        meta = {"title": f"政策解读（第{n}篇）", "interprets": [f"gen-{doc:04d}"], "form": "文字",
                "publisher": "洛龙区人民政府办公室", "published_date": day.isoformat()}
        _front_matter(out / "content" / INTERPRETATIONS_DIR / f"gen-{n:03d}.md", meta, "## 出台背景\n\n解读正文。\n")
    return total


def _postings(out: Path, rng: random.Random, villages: list[str]) -> int:
    for n, place in enumerate(villages):
        meta = {"title": f"2025年第四季度财务收支情况公开（{n}）", "place": place, "kind": "财务公开",
                "publisher": "村民委员会", "start_date": "2026-01-06", "end_date": "2026-03-31"}
        body = "| 项目 | 金额（元） |\n| --- | --- |\n| 收入 | 12000.00 |\n| 支出 | 8000.00 |\n"
        _front_matter(out / "content" / POSTINGS_DIR / place / "2025q4.md", meta, body)
    return len(villages)
