"""A government website an inspector accepts (issue 18): the footer marks of 国办发〔2017〕47号 on
every page, nothing for editors on the public site, the 依申请公开 route with its 申请表 (web page
and A4 PDF), dates that come from the records, and `zwgk check`'s verdict in the terms of the
inspection (国办秘函〔2019〕19号)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_serve import free_port, wait_for

from conftest import BUILD_DATE, ROOT, copy_project, mkdocs_build, parse, plan, readable_bytes, serve_site
from zwgk.content.catalog import check_catalog

SCREENS = ROOT / "tests/output/government"
MARKS = ("主办单位：洛阳市洛龙区人民政府办公室", "承办单位：洛阳市洛龙区政务公开办公室", "网站标识码：4103110001",
         ">豫ICP备12345678号-1</a>", ">豫公网安备 41031102000123号</a>", "电话：", "邮箱：")
EDITORS_MARKERS = ("guide.materials[].blank_form", "本页写给政务公开办和各部门负责维护内容的同志", "编辑指南")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def check(project: Path, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--format", "json", "--date", BUILD_DATE,
                             *args], cwd=project, capture_output=True, text=True, timeout=120)
    data = json.loads(result.stdout)
    data["exit"] = result.returncode
    return data


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def target_of(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link of a built page names (None for other hosts and tel:/mailto:)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = site if parts.path.startswith("/") else page.parent  # 404.html links from the site root
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target / "index.html" if target.is_dir() else target


# ---------------------------------------------------------------- footer marks, no generator notice


def test_every_public_page_carries_the_footer_marks_and_no_generator_notice(demo_build):
    pages = html_pages(demo_build.site)
    assert len(pages) > 300
    for page in pages:
        html = page.read_text("utf-8")
        footer = html.split('<footer class="md-footer">', 1)[1].split("</footer>", 1)[0]
        for mark in MARKS:
            assert mark in footer, (page, mark)
        assert 'href="https://beian.miit.gov.cn/"' in footer, page
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=41031102000123"' in footer, page
        assert 'href="https://bszs.conac.cn/"' in footer, page  # the 党政机关网站标识's registry
        [mark] = [s for s in parse(footer).links if s.endswith("dangzheng-jiguan-shili.svg")]
        assert target_of(demo_build.site, page, mark).is_file(), page  # the image reaches every depth
        assert "Material for MkDocs" not in html and "squidfunk" not in html, page
    # the mark is published because the footer names it, and it is the office's placeholder
    assert "示例" in (demo_build.site / "attachments/biaoshi/dangzheng-jiguan-shili.svg").read_text("utf-8")


def test_header_offers_the_site_level_entries(demo_build):
    home = demo_build.page("index.html")
    header = home.split('<header class="md-header"', 1)[1].split("</header>", 1)[0]
    assert '<a href="https://www.hnzwfw.gov.cn/" rel="noopener" class="zwgk-header-links__link">网上办事</a>' in header
    assert '<a href="hudong/" class="zwgk-header-links__link">互动交流</a>' in header
    interaction = demo_build.page("hudong/index.html")
    for text in ('href="tel:12345"', "12345 政务服务便民热线", "https://12345.luoyang.example.gov.cn/",
                 "河南政务服务网", "依申请公开"):
        assert text in interaction, text


def test_marks_are_escaped_and_a_missing_operator_or_logo_changes_only_its_line(project, tmp_path):
    site_yml = project / "catalog/site.yml"
    edit(site_yml, "  sponsor: 洛阳市洛龙区人民政府办公室\n", '  sponsor: "洛龙区<script>alert(1)</script>办公室"\n')
    edit(site_yml, "  operator: 洛阳市洛龙区政务公开办公室\n", "")
    edit(site_yml, "      url: https://www.hnzwfw.gov.cn/\n", "      url: 'https://x.example.gov.cn/\"onmouseover=\"alert(1)'\n")
    logo = project / "content/attachments/biaoshi/quhui.png"
    logo.write_bytes((ROOT / "content/media/jiedu/zhengfu-gongzuo-baogao-2025-poster.jpg").read_bytes())
    edit(site_yml, "  services:\n", "  logo: attachments/biaoshi/quhui.png\n  services:\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = result.page("items/jiuye-shiye-dengji/index.html")
    assert "<script>alert(1)</script>" not in html and "洛龙区&lt;script&gt;alert(1)&lt;/script&gt;办公室" in html
    assert '"onmouseover="' not in html and "&#34;onmouseover=&#34;" in html
    assert "承办单位" not in html
    assert '<img src="../../attachments/biaoshi/quhui.png" alt="">' in html  # the emblem slot
    assert (result.site / "attachments/biaoshi/quhui.png").is_file()


# ---------------------------------------------------------------- missing or malformed marks


def test_missing_marks_stop_a_public_build_are_check_errors_and_preview_warnings(project, tmp_path):
    site_yml = project / "catalog/site.yml"
    edit(site_yml, "  icp: 豫ICP备12345678号-1\n", "")
    edit(site_yml, "  party_mark: attachments/biaoshi/dangzheng-jiguan-shili.svg\n",
         "  party_mark: attachments/biaoshi/不存在.svg\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "缺少网站标识“ICP 备案编号”" in result.output and "beian.miit.gov.cn" in result.output
    assert "图片“attachments/biaoshi/不存在.svg”不存在" in result.output  # both at once
    assert not (tmp_path / "site").exists()

    data = check(project)
    found = [e for e in data["errors"] if e["field"].startswith("website.")]
    assert data["exit"] == 1 and {e["field"] for e in found} == {"website.icp（网站标识 › ICP 备案编号）",
                                                                 "website.party_mark（网站标识 › 党政机关网站标识）"}
    assert all(e["file"] == "catalog/site.yml" and e["line"] > 0 and e["hint"] for e in found)
    assert "网站标识缺 2 项" in data["verdict"]["line"]
    preview = check(project, "--preview")
    assert preview["exit"] == 0 and preview["preview"] is True
    assert {e["field"] for e in preview["warnings"] if e["field"].startswith("website.")} == {e["field"] for e in found}


def test_preview_builds_the_editors_pages_and_warns_about_missing_marks(project):
    """`mkdocs serve` is the editors' preview: the field reference and the editor guide are there,
    in the nav, and a missing mark is a warning, not a stop."""
    edit(project / "catalog/site.yml", '  site_code: "4103110001"\n', "")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f",
                               str(project / "mkdocs.yml")], cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        fields = wait_for(f"http://127.0.0.1:{port}/help/fields/", lambda html: "字段参考" in html, timeout=180)
        assert "guide.materials[].blank_form" in fields and "网站标识码" in fields
        guide = wait_for(f"http://127.0.0.1:{port}/help/editing/", lambda html: "编辑指南" in html, timeout=30)
        assert re.search(r'class="md-tabs__link[^"]*">\s*编辑指南', guide)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        log = server.communicate(timeout=30)[1]
    assert "缺少网站标识“网站标识码”" in log and "WARNING" in log


@pytest.mark.parametrize(("field", "value", "ok"), [
    ("icp", "豫ICP备12345678号-1", True),
    ("icp", "京ICP备05070602号", True),  # an old number without a site suffix
    ("icp", "ICP备12345678号", False),  # no province
    ("icp", "豫ICP证12345678号", False),  # a licence (证), not a filing (备)
    ("police", "豫公网安备41030302000001号", True),  # written without the space
    ("police", "豫公网安备 4103030200001号", False),  # 13 digits
    ("site_code", "bm09000001", True),  # a department's code
    ("site_code", "410311000", False),  # 9 characters
    ("email", "llqzwgk@", False),
    ("postcode", "47100", False),
])
def test_mark_formats_follow_their_registries(tmp_path, field, value, ok):
    project = copy_project(tmp_path / "p")
    site_yml = project / "catalog/site.yml"
    text = site_yml.read_text("utf-8")
    website = text.index("website:\n")
    line = re.compile(rf"^  {field}: .*$", re.M).search(text, website)
    site_yml.write_text(text[:line.start()] + f'  {field}: "{value}"' + text[line.end():], "utf-8")
    catalog, errors = check_catalog(project / "catalog", project / "content", dt.date(2026, 1, 15), project)
    if ok:
        assert not errors and catalog.site.website[field] == value
    else:
        [error] = errors
        assert error.file == "catalog/site.yml" and error.field.startswith(f"website.{field}（网站标识 › ")
        assert value in error.message and "写法不对" in error.message and error.hint


def test_a_mark_image_must_be_an_image_inside_the_docs_dir(project):
    site_yml = project / "catalog/site.yml"
    for path, problem in (("attachments/docs/llzb-2024-05-dibao-shenqingshu.docx", "不是图片文件"),
                          ("../catalog/site.yml", "content/ 文件夹以外")):
        text = site_yml.read_text("utf-8")
        site_yml.write_text(re.sub(r"party_mark: .*", f"party_mark: {path}", text), "utf-8")
        catalog, errors = check_catalog(project / "catalog", project / "content", dt.date(2026, 1, 15), project)
        [gap] = catalog.site.identity_gaps
        assert problem in gap.message and gap.field == "website.party_mark（网站标识 › 党政机关网站标识）"


# ---------------------------------------------------------------- editors' pages


def test_public_build_has_no_editors_page_anywhere(demo_build):
    site = demo_build.site
    assert not (site / "help").exists()
    for page in html_pages(site):
        html = page.read_text("utf-8")
        assert not any("help/" in link for link in parse(html).links), page
        assert "编辑指南" not in html and "字段参考" not in html, page
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/help/" not in sitemap
    for chunk in (site / "pagefind").rglob("*"):  # the search index
        if chunk.is_file():
            data = readable_bytes(chunk)
            for marker in EDITORS_MARKERS:
                assert marker.encode() not in data, (chunk, marker)


def test_a_build_for_editors_is_a_separate_output(project, tmp_path):
    """editor_pages: true makes an internal copy with the editors' pages (never the public site)."""
    edit(project / "mkdocs.yml", "      catalog_dir: catalog\n",
         "      catalog_dir: catalog\n      editor_pages: true\n")
    result = mkdocs_build(project, tmp_path / "editors-site")
    assert result.returncode == 0, result.output
    assert "guide.materials[].blank_form" in result.page("help/fields/index.html")
    assert EDITORS_MARKERS[1] in result.page("help/editing/index.html")


def test_a_public_page_linking_an_editors_page_is_a_check_error(project):
    edit(project / "content/xxgk/zhidu/baomi-shencha.md", "# 保密审查制度\n",
         "# 保密审查制度\n\n填写方法见[字段参考](../../help/fields.md)。\n")
    data = check(project)
    [found] = [e for e in data["errors"] if "只给编辑人员看" in e["message"]]
    assert found["file"] == "content/xxgk/zhidu/baomi-shencha.md" and found["line"] == 8


# ---------------------------------------------------------------- 依申请公开


def test_apply_page_says_how_to_apply_and_what_happens_next(demo_build):
    html = demo_build.page("xxgk/ysqgk/index.html")
    for text in (
        # the channels as site.yml configures them: address, postcode, phone, hours, fax, e-mail
        "当面申请", "区政务服务中心一楼政府信息公开查阅点", "开元大道 000 号区行政服务中心 1 楼",
        "工作日 上午 8:30—12:00", "信函申请（邮寄）", "471000", "传真申请", "0379-65000001", "电子邮件申请",
        'href="mailto:llqzwgk@example.gov.cn"', 'href="tel:037965000000"',
        # what happens next
        "补正", "7 个工作日内一次性告知", "<strong>20 个工作日</strong>内答复",
        "延长的期限最长不超过 <strong>20 个工作日</strong>",
        "属于国家秘密", "属于行政查询事项", "不予重复处理",
        # fees per 国办函〔2020〕109号
        "国办函〔2020〕109号", "10 件以下（含 10 件）", "每件 100 元", "30 页以下（含 30 页）", "每页 40 元",
        "行政复议",
    ):
        assert text in html, text
    assert html.count("<li><strong>") >= 8  # the eight 不予公开 grounds
    links = parse(html).links
    for wanted in ("gongmin/", "faren/", "ysqgk-shenqingbiao-gongmin.pdf", "ysqgk-shenqingbiao-faren.pdf"):
        [href] = [link for link in links if link.endswith(wanted)]
        assert target_of(demo_build.site, demo_build.site / "xxgk/ysqgk/index.html", href).is_file(), wanted
    tabs = demo_build.page("xxgk/index.html").split('class="md-nav md-nav--primary', 1)[1]
    assert re.search(r'href="ysqgk/"[^>]*>\s*(<span[^>]*>\s*)?依申请公开', tabs)  # under 政府信息公开


def test_guide_promises_only_what_exists_and_all_its_links_resolve(demo_build):
    page = demo_build.site / "xxgk/guide/index.html"
    html = page.read_text("utf-8")
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    assert "在线填写" not in article and "网上申请" not in article  # no online channel the site lacks
    for text in ("依申请公开", "政府信息公开申请表（公民）", "政府信息公开申请表（法人或者其他组织）", "下载 PDF（A4）",
                 "电子邮件申请", "llqzwgk@example.gov.cn"):
        assert text in article, text
    for href in parse(article).links:
        target = target_of(demo_build.site, page, href)
        assert target is None or target.is_file(), href
    rules = demo_build.page("xxgk/zhidu/yishenqing-gongkai/index.html")
    assert "在线提交" not in rules and 'href="../../ysqgk/"' in rules


def test_an_on_request_document_links_the_apply_page(demo_build):
    html = demo_build.page("documents/llmz-2025-yanglao-jiancha/index.html")
    assert 'href="../../xxgk/ysqgk/"' in html and "本信息依申请公开" in html


@pytest.mark.parametrize(("applicant", "fields"), [
    ("gongmin", ("姓名", "证件名称", "证件号码", "居民身份证")),
    ("faren", ("名称", "统一社会信用代码", "法定代表人或者负责人", "联系人姓名", "加盖公章")),
])
def test_application_form_pdf_is_one_a4_page_with_the_office_data_and_embedded_cjk_fonts(
        demo_build, applicant, fields):
    pdf = demo_build.site / f"downloads/ysqgk-shenqingbiao-{applicant}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts  # emb = yes
    text = re.sub(r"\s+", "", readable_bytes(pdf).decode("utf-8"))
    for wanted in ("政府信息公开申请表", "申请人信息", "所需信息情况", "获取方式", "申请人签名", "日期", "纸质",
                   "电子邮件",
                   "受理机关：洛龙区人民政府办公室（区政务公开办公室）", "开元大道000号区行政服务中心1楼", "471000",
                   "0379-65000000", "0379-65000001", "llqzwgk@example.gov.cn", "20个工作日", *fields):
        assert re.sub(r"\s+", "", wanted) in text, wanted
    page = demo_build.page(f"xxgk/ysqgk/{applicant}/index.html")
    assert "打印申请表（A4）" in page and "申请人信息" in page


def test_without_a_channel_the_apply_page_still_says_where_to_go(project):
    site_yml = project / "catalog/site.yml"
    text = site_yml.read_text("utf-8")
    start = text.index("  channels:\n")
    site_yml.write_text(text[:start] + text[text.index("  time_limit:"):], "utf-8")
    from zwgk.outputs.render import Renderer

    site = plan(project)
    spec = site.pages["xxgk/ysqgk/index.md"]
    html = Renderer().render(spec.template, {**spec.context, "content": "", "here": spec.src_uri}, lambda u: u)
    assert "请到洛阳市洛龙区开元大道 000 号区行政服务中心 3 楼当面提交" in html


# ---------------------------------------------------------------- dates


def test_home_page_date_is_its_newest_record(demo_build):
    site = plan()
    newest = site.home["latest"][0].date
    assert newest == dt.date(2026, 1, 12) and site.date_of("index.md", generated=False) == newest
    assert "更新日期：2026年1月12日" in demo_build.page("index.html")


def test_a_newer_record_moves_the_home_page_and_its_lists_but_no_other(project):
    before = plan(project)
    doc = next((project / "catalog/documents").rglob("*.md"))
    text = doc.read_text("utf-8")
    text = re.sub(r"published_date: .*", "published_date: 2026-01-14", text, count=1)
    doc.write_text(re.sub(r"written_date: .*", "written_date: 2026-01-13", text, count=1), "utf-8")
    after = plan(project)
    moved = {uri for uri in after.pages if after.date_of(uri, True) != before.date_of(uri, True)}
    category = next(d for d in after.catalog.documents if d.source.file.endswith(doc.name)).category
    assert after.date_of("index.md", generated=False) == dt.date(2026, 1, 14)
    assert f"categories/{category.id}.md" in moved and "xxgk/fdzdgknr.md" in moved
    assert "domains/index.md" not in moved and "lists/index.md" not in moved  # they list items only
    for uri, spec in after.pages.items():  # every list shows its newest record's date
        if spec.context.get("entries"):
            assert after.date_of(uri, True) == max(e.changed_on for e in spec.context["entries"]), uri


def test_no_page_shows_a_date_after_the_build_date(demo_build):
    last = dt.date.fromisoformat(BUILD_DATE)
    for page in html_pages(demo_build.site):
        for y, m, d in re.findall(r"更新日期：(\d{4})年(\d{1,2})月(\d{1,2})日", page.read_text("utf-8")):
            assert dt.date(int(y), int(m), int(d)) <= last, page


def test_pages_from_site_yml_are_dated_by_its_commit_and_hand_pages_by_theirs(project):
    """Outside git (a copy of the demo) they have no date to show; records never need git."""
    site = plan(project)
    assert site.date_of("xxgk/guide.md", True) is None and site.date_of("xxgk/zhidu/baomi-shencha.md", False) is None
    assert site.date_of("items/jiuye-shiye-dengji.md", True) is not None
    repo = plan()  # the repository: git knows site.yml
    assert repo.date_of("xxgk/guide.md", True) is not None


# ---------------------------------------------------------------- the inspection's verdict


def test_demo_verdict_passes_every_veto_in_scope():
    data = check(ROOT)
    verdict = data["verdict"]
    assert data["exit"] == 0 and verdict["failed"] is False
    assert [(v["item"], v["result"]) for v in verdict["vetoes"]] == [
        ("首页更新", "通过"), ("栏目更新", "通过"), ("空白栏目", "通过"), ("互动回应", "通过"),
        ("站点无法访问", "不在自查范围")]
    text = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--date", BUILD_DATE], cwd=ROOT,
                          capture_output=True, text=True, timeout=120).stdout
    assert f"自查结论：{verdict['line']}" in text  # text and JSON say the same
    assert "单项否决 4 项" in verdict["line"] and "全部通过" in verdict["line"] and "网站标识齐全" in verdict["line"]


def test_a_stale_home_page_is_vetoed():
    data = check(ROOT, "--date", "2026-03-01")
    verdict = data["verdict"]
    assert verdict["failed"] is True and verdict["result"] == "不合格"
    home = next(v for v in verdict["vetoes"] if v["item"] == "首页更新")
    assert home["result"] == "单项否决" and "2026-01-12" in home["found"] and "48 天" in home["found"]
    assert verdict["line"].startswith("按国办秘函〔2019〕19号：不合格（单项否决：首页更新")


def test_five_blank_columns_are_vetoed_and_four_are_not(project):
    site = plan(project)
    interpreted = {d.id for i in site.catalog.interpretations for d in i.documents}
    only_documents = [c.id for c in site.catalog.categories if (found := site.listing.by_category[c.id])
                      and {e.kind for e in found} == {"文件"} and not any(e.record.id in interpreted for e in found)]

    def blank(categories):
        for category in categories:
            for path in (project / "catalog/documents" / category).glob("*.md"):
                path.unlink()
        return next(v for v in check(project)["verdict"]["vetoes"] if v["item"] == "空白栏目")

    four = blank(only_documents[:4])
    assert four["result"] == "通过" and four["found"].startswith("4 个空白栏目")
    five = blank(only_documents[4:5])
    assert five["result"] == "单项否决" and five["found"].startswith("5 个空白栏目")


def test_without_an_interaction_channel_the_verdict_says_so_and_the_header_drops_it(project):
    site_yml = project / "catalog/site.yml"
    text = site_yml.read_text("utf-8")
    site_yml.write_text(text[:text.index("  interaction:\n")] + text[text.index("# 检查个人信息时"):], "utf-8")
    veto = next(v for v in check(project)["verdict"]["vetoes"] if v["item"] == "互动回应")
    assert veto["result"] == "通过" and "没有互动交流渠道" in veto["found"]
    site = plan(project)
    assert site.chrome["interaction"] == [] and "hudong.md" in site.pages  # 网上办事 is still listed there


# ---------------------------------------------------------------- how it looks


@pytest.mark.parametrize(("device", "viewport"), [("desktop", {"width": 1280, "height": 900}),
                                                  ("phone", {"width": 390, "height": 844})])
def test_home_page_header_and_footer_screenshots(demo_build, browser, device, viewport):
    """Screenshots for people to look at (tests/output/government/), and what they must show."""
    import axe_playwright_python

    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        with serve_site(demo_build.site) as base:
            page = context.new_page()
            page.goto(base, wait_until="load")
            header = page.locator("header.md-header")
            header.screenshot(path=str(SCREENS / f"home-header-{device}.png"))
            footer = page.locator("footer.md-footer")
            footer.scroll_into_view_if_needed()
            footer.screenshot(path=str(SCREENS / f"home-footer-{device}.png"))
            assert page.locator(".zwgk-footer__party img").evaluate("img => img.complete && img.naturalWidth > 0")
            text = footer.inner_text()
            for mark in ("主办单位", "网站标识码：4103110001", "豫ICP备12345678号-1", "豫公网安备 41031102000123号",
                         "网上办事", "互动交流"):
                assert mark in text, mark
            entries = page.locator(".zwgk-header-links")
            assert entries.is_visible() == (device == "desktop")  # on phones: in the footer only
            box = footer.bounding_box()
            assert box["width"] <= viewport["width"]  # nothing sideways on a phone
            page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
            result = page.evaluate("() => axe.run('footer.md-footer', {runOnly: {type: 'tag', values: "
                                   "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
            assert result["violations"] == [], [v["id"] for v in result["violations"]]
    finally:
        context.close()
