"""Real `mkdocs build --strict` runs of the demo site and of broken copies of it."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from conftest import ROOT, WITHHELD_ID, WITHHELD_TITLE, copy_built_project, demo_catalog, mkdocs_build, parse, plan
from zwgk.outputs.render import Renderer
from zwgk.site.tables import catalog_table


def test_demo_builds_strict_without_warnings(demo_build):
    assert "WARNING" not in demo_build.output
    catalog = demo_catalog()
    pages = list(demo_build.site.rglob("index.html"))
    item_pages = list((demo_build.site / "items").glob("*/index.html"))
    assert len(item_pages) == len(catalog.items) >= 40
    assert len(pages) >= len(item_pages) + 8 + 3  # domains, index pages, guide


def test_item_page_shows_catalog_row_and_guide(demo_build):
    html = demo_build.page("items/jiuye-shiye-dengji/index.html")
    assert '<h1 id="zwgk-title">失业登记</h1>' in html
    for text in ("就业服务 › 就业失业登记 › 失业登记", "信息形成或者变更之日起20个工作日内",
                 "洛龙区人力资源和社会保障局", "区级、镇（街道）级、村（社区）级", "公共服务</a>（服务公开）",
                 "办事指南", "设定依据", "申请条件", "申请材料", "办理流程", "法定办结时限：即办",
                 "不收费", "办理地点", "办理时间", "最多跑一次", "网上办", "2024年3月8日"):
        assert text in html, text
    assert 'href="tel:037965010001"' in html
    links = parse(html).links
    form = next(link for link in links if link.endswith("shiye-dengji-shenqingbiao.docx"))
    assert (demo_build.site / "items/jiuye-shiye-dengji" / form).resolve().is_file()


def test_domain_page_is_the_official_table(demo_build):
    html = demo_build.page("domains/jiuye/index.html")
    headers = parse(html.split("<tbody>", 1)[0]).headers  # the column headers; each row's 事项 is a th too
    assert headers[:11] == ["序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                            "公开渠道和载体", "公开对象", "公开方式", "公开层级", "一级事项"]
    assert headers[-7:] == ["全社会", "特定群体", "主动", "依申请", "区级", "镇（街道）级", "村（社区）级"]
    row = re.search(r'<tr id="jiuye-shiye-dengji">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "■政府网站" in row and "□政府公报" in row and "■社区/企事业单位/村公示栏（电子屏）" in row
    # 全社会 √, 特定群体 empty, 主动 √, 依申请 empty, then all three levels √
    assert [c.strip() for c in cells[-7:]] == ["√", "", "√", "", "√", "√", "√"]
    assert 'href="../../items/jiuye-shiye-dengji/"' in row


def test_domain_table_renders_its_merged_cells_and_every_row(demo_build):
    """The table's model (merges, marks) is checked in test_views; here: the template writes it."""
    catalog = demo_catalog()
    table = catalog_table(catalog, catalog.domains["jiuye"])
    html = demo_build.page("domains/jiuye/index.html")
    merged = [c for r in table.rows for c in r.matter if c.rowspan > 1]
    assert merged
    for cell in merged:
        assert re.search(rf'<td class="[^"]*" rowspan="{cell.rowspan}">{re.escape(cell.text)}</td>', html), cell
    assert html.count("<tr id=") == len(table.rows)


def test_withheld_item_is_in_no_output_file(demo_build):
    assert (ROOT / "catalog/items/jiuye" / f"{WITHHELD_ID}.yml").exists()
    demo_build.assert_nowhere(WITHHELD_ID, WITHHELD_TITLE)


def test_every_internal_link_resolves(demo_build):
    """Links, attachments and anchors (#…) of every page: 0 broken."""
    site = demo_build.site
    ids: dict = {}

    def anchors(target) -> set:
        if target not in ids:
            ids[target] = set(re.findall(r'\s(?:id|name)="([^"]+)"', target.read_text("utf-8")))
        return ids[target]

    checked = anchored = 0
    for page in site.rglob("*.html"):
        for link in parse(page.read_text("utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "tel:")):
                continue
            base = site if link.startswith("/") else page.parent  # 404.html uses root paths
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} → {link}"
            checked += 1
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in anchors(target), f"{page.relative_to(site)} → {link}"
                anchored += 1
    assert checked > 1000 and anchored > 50


def test_no_request_to_outside_hosts(demo_build):
    for page in demo_build.site.rglob("*.html"):
        html = page.read_text("utf-8")
        for tag in re.findall(r"<(?:link|script|img|iframe|audio|video|source)\b[^>]*>", html):
            if re.search(r'rel="(?:canonical|alternate)"', tag):
                continue  # an address, not a request
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page, tag)


def test_items_stay_out_of_the_navigation(demo_build):
    html = demo_build.page("items/jiuye-shiye-dengji/index.html")
    nav = html.split('<div class="md-sidebar md-sidebar--primary"', 1)[1].split("</nav>", 1)[0]
    assert "items/" not in nav
    tabs = html.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    assert "标准目录" in tabs
    # the whole navigation of every page stays small, however many items there are
    assert html.count('class="md-nav__link') < 40


def test_chinese_interface(demo_build):
    assert '<html lang="zh"' in demo_build.page("index.html")
    assert "搜索" in demo_build.page("index.html")


def test_broken_content_stops_the_build_with_every_error(project, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "published.html").write_text("上一次发布的网站", "utf-8")
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    text = item.read_text("utf-8").replace("  fee: 不收费\n", "").replace("audience: 全社会", "audience: 全体")
    item.write_text(text, "utf-8")
    (project / "catalog/items/jiuye/broken.yml").write_text("id: broken\nmatter: [\n", "utf-8")

    result = mkdocs_build(project, site)

    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "发现 3 处内容错误（涉及 2 个文件）" in result.output
    lines = text.splitlines()
    audience_line = next(i for i, line in enumerate(lines, 1) if line.startswith("audience:"))
    assert f"catalog/items/jiuye/jiuye-shiye-dengji.yml:{audience_line}  audience（公开对象）" in result.output
    assert "guide.fee（办事指南 › 收费标准）" in result.output and "怎么改：" in result.output
    assert "catalog/items/jiuye/broken.yml:3" in result.output
    assert [p.name for p in site.iterdir()] == ["published.html"]  # the last site is untouched


def test_page_colliding_with_a_generated_one_is_refused(project, tmp_path):
    (project / "content/items").mkdir()
    (project / "content/items/jiuye-shiye-dengji.md").write_text("# 手写\n", "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "与自动生成的页面同名" in result.output


def test_field_reference_comes_from_the_schema():
    """The editors' field reference (built for editors only: tests/test_government_site.py checks
    that the public site has none of it) lists every schema field with its Chinese title."""
    spec = plan(editor_pages=True).pages["help/fields.md"]
    html = Renderer().render(spec.template, {**spec.context, "content": "", "here": spec.src_uri}, lambda u: u)
    for text in ("guide.materials[].blank_form", "空白表格", "公开属性", "不予公开", "必填", "网站标识码"):
        assert text in html, text


def test_dirty_rebuild_equals_a_full_build(demo_build, tmp_path):
    """`--dirty` (what `scripts/serve` uses for its rebuilds) skips pages whose inputs did not
    change; what it writes must equal a full build of the same content, also when a production
    build ran in between."""
    project = copy_built_project(demo_build, tmp_path / "project")  # just after a full build
    site = project / "site"
    assert mkdocs_build(project, site, "--dirty", strict=False).returncode == 0  # as serve's first build
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    item.write_text(item.read_text("utf-8").replace("level3: 失业登记", "level3: 失业登记（修订）"), "utf-8")
    untouched = site / "items/jiuye-chuangye-danbao-daikuan/index.html"
    before = untouched.stat().st_mtime_ns
    dirty = mkdocs_build(project, site, "--dirty", strict=False)  # mkdocs warns about --dirty itself
    assert dirty.returncode == 0, dirty.output
    assert untouched.stat().st_mtime_ns == before  # not rebuilt
    full = mkdocs_build(project, tmp_path / "full")
    assert full.returncode == 0
    for page in (tmp_path / "full").rglob("*.html"):
        rel = page.relative_to(tmp_path / "full")
        assert (site / rel).read_bytes() == page.read_bytes(), rel
    assert "失业登记（修订）" in (site / "domains/jiuye/index.html").read_text("utf-8")
    # the search index of the dirty build still holds every page, not just the re-rendered ones
    indexed = re.compile(r"搜索索引 (\d+) 个页面")
    assert indexed.search(dirty.output).group(1) == indexed.search(full.output).group(1)
    # edited again and published by a production build, then the edit undone: a dirty build must not
    # keep the page the production build made from the undone edit
    revised = item.read_text("utf-8")
    item.write_text(revised.replace("失业登记（修订）", "失业登记（再修订）"), "utf-8")
    assert mkdocs_build(project, site).returncode == 0
    assert "失业登记（再修订）" in (site / "domains/jiuye/index.html").read_text("utf-8")
    item.write_text(revised, "utf-8")
    assert mkdocs_build(project, site, "--dirty", strict=False).returncode == 0
    domain = (site / "domains/jiuye/index.html").read_text("utf-8")
    assert "失业登记（修订）" in domain and "再修订" not in domain


def test_a_second_build_without_shared_page_chrome_gives_the_same_bytes(demo_build, tmp_path):
    """The navigation and tabs rendered once for all pages outside the nav (share_page_chrome, the
    default) must give byte for byte the site that rendering them on every page gives; and a second
    build of the same content gives the same bytes in every file (pages, index, feeds, downloads)."""
    project = copy_built_project(demo_build, tmp_path / "project", with_site=False)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - zwgk:\n", "  - zwgk:\n      share_page_chrome: false\n"),
                      "utf-8")
    slow = mkdocs_build(project, tmp_path / "slow")
    assert slow.returncode == 0, slow.output
    stamped = re.search(r"(\d+) 个页面套用所在目录共用的页面框架", demo_build.output)
    assert stamped and int(stamped.group(1)) > 200, demo_build.output  # most pages were stamped
    assert "共用的页面框架" not in slow.output
    files = sorted(p.relative_to(slow.site) for p in slow.site.rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".html"]) > 300
    assert files == sorted(p.relative_to(demo_build.site) for p in demo_build.site.rglob("*") if p.is_file())
    different = [str(rel) for rel in files if (slow.site / rel).read_bytes() != (demo_build.site / rel).read_bytes()]
    assert different == []
