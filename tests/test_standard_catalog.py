"""A platform's standard catalog (标准目录) inherited by every site (content/standard.py): two district
sites share one standard dir; real files, real `mkdocs build`s, pages, tables, CSV and search index
read back; every editor mistake a clear Chinese error with file and line, all at once."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import (
    DAY,
    ROOT,
    WITHHELD_ID,
    WITHHELD_TITLE,
    copy_project,
    demo_catalog,
    edit,
    line_of,
    mkdocs_build,
    readable_bytes,
    write,
    zwgk,
)
from zwgk.content.catalog import check_catalog
from zwgk.content.settings import read_settings
from zwgk.content.standard import digest, repository_root

LINSHI = "shehui-jiuzhu-linshi-jiuzhu"  # inherited as written by both sites
DIBAO = "shehui-jiuzhu-dibao-shenqing"  # site A extends it
FAFANG = "shehui-jiuzhu-zijin-fafang"  # site B leaves it out
NEW_BASIS = "《临时救助操作规程（平台二〇二六年修订）》"
DIBAO_BASIS = "《低保申请标准依据甲》"
A_BASIS = "《西工区最低生活保障实施细则》"
FAFANG_CONTENT = "救助资金发放标准内容标记乙"
DIBAO_NOTE = "公示期不计入办结时限；特殊情况下审核确认可延长至45个工作日。"
REASON = "本区救助资金由市民政局统一发放并公开（市民政〔2025〕8号）"


def std_file(platform: Path, item_id: str) -> Path:
    return next((platform / "standard" / "items").rglob(f"{item_id}.yml"))


def make_platform(root: Path, sites=("a", "b")) -> Path:
    """A platform repository: the demo's items and taxonomies as the standard catalog at the top,
    and one folder per site holding the demo without them (standard_dir: ../../standard)."""
    root.mkdir(parents=True)
    write(root / "platform.yml", "# 平台仓库（测试）\n")
    shutil.copytree(ROOT / "catalog" / "items", root / "standard" / "items")
    shutil.copytree(ROOT / "catalog" / "taxonomy", root / "standard" / "taxonomy")
    for site in sites:
        folder = copy_project(root / "sites" / site)
        shutil.rmtree(folder / "catalog" / "items")
        shutil.rmtree(folder / "catalog" / "taxonomy")
        edit(folder / "mkdocs.yml", "      catalog_dir: catalog\n",
             "      catalog_dir: catalog\n      standard_dir: ../../standard\n")
    return root


def search_text(build) -> str:
    """What the site search holds: every Pagefind fragment, without the zero-width spaces it puts
    between CJK words."""
    data = b"".join(readable_bytes(p) for p in sorted((build.site / "pagefind").rglob("*.pf_fragment")))
    return data.decode("utf-8").replace("\u200b", "")


def check(site: Path):
    """(catalog or None, errors) of a site as `zwgk check` and the build load it."""
    s = read_settings(site / "mkdocs.yml")
    return check_catalog(s.catalog_dir, s.docs_dir, DAY, s.root, s.standard_dir)


def ok(site: Path):
    catalog, errors = check(site)
    assert not errors, "\n".join(e.format() for e in errors)
    return catalog


def item(catalog, item_id: str):
    return next(i for i in catalog.items if i.id == item_id)


def errors_of(site: Path) -> list:
    catalog, errors = check(site)
    assert catalog is None and errors
    return errors


def fee_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("  fee:"))


def one(errors, file: str, words: str):
    found = [e for e in errors if e.file == file and words in e.message]
    assert len(found) == 1, "\n".join(e.format() for e in errors)
    return found[0]


# ---------------------------------------------------------------- two sites, real builds


@pytest.fixture(scope="module")
def platform(tmp_path_factory) -> dict:
    """Site A extends 低保申请 (own 公开依据, 备注 and 网上办理 removed); site B leaves 资金发放 out. Then
    the platform changes the standard: 临时救助's and 低保申请's 公开依据, 资金发放's 公开内容; both
    sites are checked before and after, and built after."""
    root = make_platform(tmp_path_factory.mktemp("std") / "platform")
    write(root / "sites/a/catalog/items/local/dibao.yml",
          f"# 本区的低保申请：依据本地化\nextends: {DIBAO}\nbasis:\n  - {A_BASIS}\n"
          "remove:\n  - notes\n  - guide.online_url\n")
    write(root / "sites/b/catalog/standard.yml", f"left_out:\n  {FAFANG}: {REASON}\n")

    def state() -> dict:
        catalogs = {site: ok(root / "sites" / site) for site in "ab"}
        return {site: {i.id: i for i in catalog.items} for site, catalog in catalogs.items()}

    before = state()
    edit(std_file(root, LINSHI), "\nbasis:\n", f"\nbasis:\n  - {NEW_BASIS}\n")  # upstream changes
    edit(std_file(root, DIBAO), "  - 《社会救助暂行办法》（国务院令第649号）\n", f"  - {DIBAO_BASIS}\n")
    text = std_file(root, FAFANG).read_text("utf-8")
    write(std_file(root, FAFANG), re.sub(r"(?m)^content: .*$", f"content: {FAFANG_CONTENT}", text))
    after = state()
    builds = {site: mkdocs_build(root / "sites" / site, root / "out" / site) for site in "ab"}
    for build in builds.values():
        assert build.returncode == 0, build.output
    return {"root": root, "before": before, "after": after, **builds}


def test_a_changed_standard_basis_reaches_every_site(platform):
    for site in "ab":
        assert NEW_BASIS not in platform["before"][site][LINSHI].basis
        assert platform["after"][site][LINSHI].basis[0] == NEW_BASIS
        build = platform[site]
        assert NEW_BASIS in build.page(f"items/{LINSHI}/index.html")
        assert NEW_BASIS in build.page("downloads/shehui-jiuzhu.csv")
        assert NEW_BASIS in search_text(build)


def test_a_site_override_stays_and_removed_fields_stay_removed(platform):
    for when in ("before", "after"):  # the platform changed the item's 公开依据 in between
        assert platform[when]["a"][DIBAO].basis == (A_BASIS,)
        assert platform[when]["a"][DIBAO].notes == "" and platform[when]["b"][DIBAO].notes == DIBAO_NOTE
    assert DIBAO_BASIS not in platform["before"]["b"][DIBAO].basis
    assert DIBAO_BASIS in platform["after"]["b"][DIBAO].basis
    a, b = platform["a"].page(f"items/{DIBAO}/index.html"), platform["b"].page(f"items/{DIBAO}/index.html")
    assert A_BASIS in a and DIBAO_BASIS not in a  # the site's 公开依据 replaces the standard's
    assert DIBAO_BASIS in b and A_BASIS not in b  # the other site keeps the standard's
    assert DIBAO_NOTE in b and DIBAO_NOTE not in a
    assert "hnzwfw.example.cn" in b and "hnzwfw.example.cn" not in a
    # fields A did not write are still the standard's (办事指南 inherited)
    assert "最低生活保障" in a and "咨询电话" in a
    assert A_BASIS in platform["a"].page("downloads/shehui-jiuzhu.csv")


def test_a_left_out_item_is_nowhere_on_that_site(platform):
    assert FAFANG not in platform["before"]["b"] and FAFANG not in platform["after"]["b"]
    assert platform["after"]["a"][FAFANG].content == FAFANG_CONTENT
    a, b = platform["a"], platform["b"]
    assert FAFANG_CONTENT in a.page(f"items/{FAFANG}/index.html")
    assert FAFANG_CONTENT in a.page("downloads/shehui-jiuzhu.csv")
    assert f"items/{FAFANG}/" in a.page("domains/shehui-jiuzhu/index.html")
    assert FAFANG_CONTENT in search_text(a) and f"/items/{FAFANG}/" in search_text(a)
    assert FAFANG_CONTENT not in search_text(b) and f"/items/{FAFANG}/" not in search_text(b)
    assert not (b.site / "items" / FAFANG).exists()
    assert f"items/{FAFANG}/" not in b.page("domains/shehui-jiuzhu/index.html")  # not in its 标准目录 table
    b.assert_nowhere(FAFANG_CONTENT, FAFANG)  # pages, tables, CSV/XLSX, search index, sitemap


def test_check_shows_what_each_site_inherited_overrode_and_left_out(platform):
    a = zwgk(platform["root"] / "sites/a", "check").output
    assert "标准目录 ../../standard：原样沿用 57 项，本站扩展 1 项，不采用 0 项" in a
    assert f"扩展 {DIBAO}（catalog/items/local/dibao.yml）：改写 basis；删去 notes、guide.online_url" in a
    b = zwgk(platform["root"] / "sites/b", "check").output
    assert "原样沿用 57 项，本站扩展 0 项，不采用 1 项" in b
    assert f"不采用 {FAFANG}：{REASON}" in b
    report = json.loads(zwgk(platform["root"] / "sites/b", "check", "--format", "json").output)
    assert report["standard"]["left_out"] == [{"id": FAFANG, "reason": REASON}]
    assert LINSHI in report["standard"]["inherited"] and FAFANG not in report["standard"]["inherited"]
    assert ("标准目录审阅", 57) in [(r["rule"], r["findings"]) for r in report["rules"]]
    html = platform["root"] / "check-b.html"
    zwgk(platform["root"] / "sites/b", "check", "--html", str(html))
    assert f"<li>不采用 {FAFANG}：{REASON}</li>" in html.read_text("utf-8")


# ---------------------------------------------------------------- reviews of upstream changes


def test_a_standard_item_changed_since_review_is_a_warning_with_the_digest_to_paste(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    catalog = ok(site)
    unreviewed = {e.field.split("（")[0]: e for e in catalog.standard.reviews}
    assert len(unreviewed) == len(catalog.standard.inherited) == 58  # a new site has reviewed nothing
    current = dict(catalog.standard.digests)
    warning = unreviewed[f"reviewed.{LINSHI}"]
    assert warning.file == "catalog/standard.yml" and "还没有审阅" in warning.message
    assert f"{LINSHI}: {current[LINSHI]}" in warning.hint
    # the office pastes what check printed: no warnings left, build unaffected
    write(site / "catalog/standard.yml",
          "reviewed:\n" + "".join(f"  {i}: {d}\n" for i, d in sorted(current.items())))
    assert ok(site).standard.reviews == ()
    # reformatting the standard file or adding a comment is no change
    path = std_file(root, LINSHI)
    write(path, "# 平台注：格式调整\n" + path.read_text("utf-8").replace("basis:\n  - ", "basis:\n  -   "))
    assert ok(site).standard.reviews == ()
    # the platform changes the item's 公开依据: one warning, with the new digest, at the site's line
    edit(path, "\nbasis:\n", f"\nbasis:\n  - {NEW_BASIS}\n")
    catalog = ok(site)
    (warning,) = catalog.standard.reviews
    text = (site / "catalog/standard.yml").read_text("utf-8")
    new = dict(catalog.standard.digests)[LINSHI]
    assert new != current[LINSHI]
    assert (warning.file, warning.line) == ("catalog/standard.yml", line_of(text, f"{LINSHI}:"))
    assert unreviewed[f"reviewed.{LINSHI}"].line == 0  # no standard.yml then: no line to point at
    assert current[LINSHI] in warning.message and new in warning.message
    assert f"{LINSHI}: {new}" in warning.hint and "git log -p ../../standard/items/" in warning.hint
    out = zwgk(site, "check")
    assert out.code == 0 and "标准目录审阅 1 处" in out.output and f"{LINSHI}: {new}" in out.output
    edit(site / "catalog/standard.yml", f"{LINSHI}: {current[LINSHI]}", f"{LINSHI}: {new}")
    assert ok(site).standard.reviews == ()
    # an item never reviewed points at the reviewed: line, where its line is to be pasted
    edit(site / "catalog/standard.yml", f"  {LINSHI}: {new}\n", "")
    (warning,) = ok(site).standard.reviews
    assert warning.line == 1 and "还没有审阅" in warning.message


def test_digests_are_short_text_that_yaml_reads_back_as_written():
    values = [digest({"id": f"x{n}"}) for n in range(2000)]
    assert all(len(v) == 8 and re.fullmatch(r"[a-z2-7]{8}", v) for v in values)
    import yaml
    assert all(str(yaml.safe_load(f"k: {v}")["k"]) == v for v in values)


# ---------------------------------------------------------------- mistakes: all at once, file and line


def test_every_standard_mistake_is_reported_at_once_with_file_and_line(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    choices = write(site / "catalog/standard.yml", (
        "left_out:\n"
        f"  {FAFANG}:\n"  # no reason
        "  shehui-jiuzhu-zijin-fafan: 拼错的编号\n"
        f"  {DIBAO}: 不采用\n"
        "reviewd:\n  x: y\n")).read_text("utf-8")
    write(site / "catalog/items/local/a.yml", "extends: shehui-jiuzhu-linshi-jiuzhuu\npublisher: 某局\n")
    write(site / "catalog/items/local/b.yml", f"extends: {DIBAO}\npublisher: 某局\n")
    duplicate = (ROOT / "catalog/items/jiuye/jiuye-shiye-dengji.yml").read_text("utf-8")
    write(site / "catalog/items/local/c.yml", duplicate)
    errors = errors_of(site)
    e = one(errors, "catalog/standard.yml", "没有写理由")
    assert e.line == line_of(choices, f"  {FAFANG}:") and e.field == f"left_out.{FAFANG}（不采用的标准事项）"
    e = one(errors, "catalog/standard.yml", "没有编号为“shehui-jiuzhu-zijin-fafan”")
    assert e.line == 3 and FAFANG in e.hint
    e = one(errors, "catalog/standard.yml", "不认识的字段“reviewd”")
    assert e.line == line_of(choices, "reviewd") and "reviewed" in e.hint
    e = one(errors, "catalog/items/local/a.yml", "没有编号为“shehui-jiuzhu-linshi-jiuzhuu”")
    assert e.line == 1 and e.field == "extends（继承的标准事项）" and LINSHI in e.hint
    e = one(errors, "catalog/items/local/b.yml", "写为不采用，又在这里扩展")
    assert e.line == 1
    e = one(errors, "catalog/items/local/c.yml", "已是标准事项")
    assert e.line == line_of(duplicate, "id:") and "extends: jiuye-shiye-dengji" in e.hint
    assert all(e.line > 0 for e in errors)
    out = zwgk(site, "check")  # the editor's view: no traceback, every place listed
    assert out.code == 1 and "Traceback" not in out.output
    assert "catalog/items/local/a.yml:1  extends" in out.output and "catalog/standard.yml:2" in out.output


def test_a_standard_item_extended_twice_or_with_another_id(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    write(site / "catalog/items/local/a.yml", f"extends: {DIBAO}\npublisher: 甲局\n")
    write(site / "catalog/items/local/b.yml", f"extends: {DIBAO}\npublisher: 乙局\n")
    write(site / "catalog/items/local/c.yml", f"extends: {LINSHI}\nid: linshi-bendi\n")
    errors = errors_of(site)
    assert one(errors, "catalog/items/local/b.yml", "已由 catalog/items/local/a.yml 扩展").line == 1
    assert one(errors, "catalog/items/local/c.yml", "编号沿用").line == 2


def test_removing_fields(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    text = write(site / "catalog/items/local/a.yml", (
        f"extends: {DIBAO}\n"
        "publisher: 西工区民政局\n"
        "remove:\n"
        "  - publisher\n"  # written and removed
        "  - guide.fee\n"  # required: the merged item is invalid
        "  - guide.materials[0]\n"  # list members cannot be removed
        "  - guide.no_such_field\n"  # not in the standard item: a warning only
        "  - id\n")).read_text("utf-8")
    errors = errors_of(site)
    file = "catalog/items/local/a.yml"
    assert one(errors, file, "既在本文件里写了").line == line_of(text, "- publisher")
    assert one(errors, file, "不能删去列表中的某一项").line == line_of(text, "materials[0]")
    assert one(errors, file, "不能删去编号").line == line_of(text, "- id")
    fee = one(errors, file, "收费标准")
    assert fee.field.startswith("guide.fee") and "缺少" in fee.message
    # the legal part alone: the missing field is only warned about, the rest is published
    write(site / "catalog/items/local/a.yml", f"extends: {DIBAO}\nremove:\n  - guide.no_such_field\n  - notes\n")
    catalog = ok(site)
    assert item(catalog, DIBAO).notes == "" and item(catalog, DIBAO).guide.fee
    (warning,) = [w for w in catalog.warnings if w.file == file]
    assert warning.line == 3 and "没有字段“guide.no_such_field”" in warning.message


def test_an_error_in_an_inherited_value_names_the_site_file_and_the_standard_line(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a", "b"))
    path = std_file(root, DIBAO)
    text = re.sub(r"(?m)^  fee: .*$", "  fee:\n    - 一项", path.read_text("utf-8"))
    write(path, text)
    write(root / "sites/a/catalog/items/local/a.yml", f"extends: {DIBAO}\npublisher: 西工区民政局\n")
    errors = errors_of(root / "sites/a")
    assert not [e for e in errors if e.file.startswith("../")]  # A extends it: the error is A's
    fee = one(errors, "catalog/items/local/a.yml", "收费标准")
    assert f"继承自标准事项 ../../standard/items/shehui-jiuzhu/{DIBAO}.yml:{fee_line(text)}" in fee.message
    assert "覆盖" in fee.hint and "平台" in fee.hint
    # B uses it as written: the standard file is named, and what B can do
    errors = errors_of(root / "sites/b")
    fee = one(errors, f"../../standard/items/shehui-jiuzhu/{DIBAO}.yml", "收费标准")
    assert fee.line == fee_line(text) and "left_out" in fee.hint and "extends" in fee.hint
    # A fixes it locally by writing the field: A passes, B still fails
    write(root / "sites/a/catalog/items/local/a.yml", f"extends: {DIBAO}\nguide:\n  fee: 不收费\n")
    assert item(ok(root / "sites/a"), DIBAO).guide.fee == "不收费"


def test_a_standard_item_without_site_fields_must_be_extended_or_left_out(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    path = std_file(root, LINSHI)
    text = path.read_text("utf-8")
    write(path, re.sub(r"(?m)^(publisher|published_date): .*\n", "", text))
    errors = errors_of(root / "sites/a")
    (e,) = [e for e in errors if e.file.endswith(f"{LINSHI}.yml")]  # one error, not one per field
    assert "publisher（公开主体）" in e.message and "published_date（发布日期）" in e.message
    assert "站点 sites/a/catalog 不能原样沿用" in e.message
    assert f"extends: {LINSHI}" in e.hint and "catalog/standard.yml" in e.hint
    published = re.search(r"(?m)^published_date: (.*)$", text).group(1)
    write(root / "sites/a/catalog/items/local/l.yml",
          f"extends: {LINSHI}\npublisher: 西工区民政局\npublished_date: {published}\n")
    assert item(ok(root / "sites/a"), LINSHI).publisher == "西工区民政局"
    (root / "sites/a/catalog/items/local/l.yml").unlink()
    write(root / "sites/a/catalog/standard.yml", f"left_out:\n  {LINSHI}: 本区暂未开展临时救助\n")
    catalog = ok(root / "sites/a")
    assert LINSHI not in {i.id for i in catalog.items}
    assert catalog.standard.left_out == ((LINSHI, "本区暂未开展临时救助"),)


# ---------------------------------------------------------------- the repository boundary


def test_a_standard_dir_outside_the_repository_is_refused(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    outside = tmp_path / "elsewhere"
    shutil.copytree(root / "standard", outside)
    write(outside / "items/jiuye/secret.yml", "id: secret-item\ncontent: 仓库外的秘密内容\n")
    site = root / "sites/a"
    config = (site / "mkdocs.yml").read_text("utf-8")
    bad_site = write(site / "catalog/items/local/x.yml", "id: [1]\n")  # another mistake, reported too
    for written in ("../../../elsewhere", "../../link-out"):
        if written.endswith("link-out"):
            os.symlink(outside, root / "link-out")
        write(site / "mkdocs.yml", config.replace("standard_dir: ../../standard", f"standard_dir: {written}"))
        errors = errors_of(site)
        e = one(errors, "mkdocs.yml", "指向仓库以外")
        assert e.line == line_of(config, "standard_dir:") and e.field == "plugins › zwgk › standard_dir"
        assert written in e.message and str(tmp_path) not in e.message + e.hint
        assert any(err.file == "catalog/items/local/x.yml" for err in errors)
        assert not any("secret" in err.message for err in errors)
    build = mkdocs_build(site, tmp_path / "out")  # the real build stops on the same errors, before writing
    assert build.returncode != 0 and "Traceback" not in build.output
    assert f"mkdocs.yml:{line_of(config, 'standard_dir:')}  plugins › zwgk › standard_dir" in build.output
    assert "catalog/items/local/x.yml" in build.output and not (tmp_path / "out/index.html").exists()
    bad_site.unlink()
    write(site / "mkdocs.yml", config.replace("standard_dir: ../../standard", "standard_dir: ../../nowhere"))
    errors = errors_of(site)
    e = one(errors, "mkdocs.yml", "找不到标准目录文件夹")
    assert "../../nowhere" in e.message
    # the site's extends files wait for the standard catalog: no error of their own
    assert not [err for err in errors if err.file.startswith("catalog/items")], errors


def test_a_symlink_inside_the_standard_dir_pointing_out_is_not_read(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    write(tmp_path / "outside/secret.yml", "id: secret-item\ncontent: 仓库外的秘密内容\n")
    os.symlink(tmp_path / "outside/secret.yml", root / "standard/items/jiuye/secret.yml")
    os.symlink(tmp_path / "outside", root / "standard/taxonomy/more")
    errors = errors_of(root / "sites/a")
    links = sorted(e.file for e in errors if "符号链接" in e.message)
    assert links == ["../../standard/items/jiuye/secret.yml", "../../standard/taxonomy/more"]
    assert not any("秘密" in e.message or "secret-item" in e.message for e in errors)


def test_the_repository_is_the_nearest_folder_with_platform_yml_or_git(tmp_path):
    site = write(tmp_path / "p/sites/a/mkdocs.yml", "site_name: x\n").parent
    assert repository_root(site) == site  # none above: the site's own folder
    write(tmp_path / "p/platform.yml", "")
    assert repository_root(site) == tmp_path / "p"
    (site / ".git").mkdir()
    assert repository_root(site) == site


# ---------------------------------------------------------------- odd but legal


def test_an_empty_standard_dir_and_a_site_with_its_own_items_and_taxonomies(tmp_path):
    site = copy_project(tmp_path / "p/sites/a")
    write(tmp_path / "p/platform.yml", "")
    (tmp_path / "p/standard").mkdir()
    demo = demo_catalog()
    edit(site / "mkdocs.yml", "      catalog_dir: catalog\n",
         "      catalog_dir: catalog\n      standard_dir: ../../standard\n")
    catalog = ok(site)
    assert [i.id for i in catalog.items] == [i.id for i in demo.items]
    assert catalog.standard.inherited == () and catalog.standard.reviews == ()
    out = zwgk(site, "check").output
    assert "原样沿用 0 项，本站扩展 0 项，不采用 0 项" in out


def test_a_site_taxonomy_file_replaces_the_standard_one_others_are_shared(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    shared = ok(site)
    places = (ROOT / "catalog/taxonomy/places.yml").read_text("utf-8")
    name = shared.places.resolve("lilou").name
    write(site / "catalog/taxonomy/places.yml", places.replace(f"name: {name}", "name: 李楼新镇", 1))
    catalog = ok(site)
    assert catalog.places.resolve("lilou").name == "李楼新镇"  # the site's own places
    assert [d.id for d in catalog.domains] == [d.id for d in shared.domains]  # the standard's domains
    # a taxonomy neither has is an error naming the site's file
    (root / "standard/taxonomy/channels.yml").unlink()
    e = one(errors_of(site), "catalog/taxonomy/channels.yml", "缺少分类文件")
    assert e.line == 0 and "各站点共用的放在 ../../standard/taxonomy/ 下" in e.hint


def test_a_site_without_standard_yml_inherits_everything(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    catalog = ok(root / "sites/a")
    assert {i.id for i in catalog.items} == {i.id for i in demo_catalog().items}
    assert catalog.standard.left_out == () and catalog.standard.overridden == ()


def test_standard_yml_without_a_standard_dir_is_a_warning(project):
    write(project / "catalog/standard.yml", "left_out: {}\n")
    catalog = ok(project)
    assert catalog.standard is None
    (warning,) = [w for w in catalog.warnings if w.file == "catalog/standard.yml"]
    assert "standard_dir" in warning.message


@pytest.mark.parametrize("text, words", [
    ("extends: [a, b]\n", "没有编号为“['a', 'b']”"),
    (f"extends: {DIBAO}\nremove: notes\n", "remove 应该是一个列表"),
    (f"extends: {DIBAO}\nremove:\n  - {{a: 1}}\n", "每一项应该是一个字段名"),
    (f"extends: {DIBAO}\nextends: {LINSHI}\n", "重复出现"),
    (f"extends: {DIBAO}\nguide: 无\n", "办事指南"),
    ("extends: \"\"\n", "没有编号为“”"),
])
def test_hostile_site_files_give_errors_not_tracebacks(tmp_path, text, words):
    root = make_platform(tmp_path / "p", sites=("a",))
    write(root / "sites/a/catalog/items/local/x.yml", text)
    errors = errors_of(root / "sites/a")
    assert any(e.file == "catalog/items/local/x.yml" and words in e.message for e in errors), \
        "\n".join(e.format() for e in errors)


@pytest.mark.parametrize("text, words", [
    ("- a\n- b\n", "应该是一组字段"),
    ("left_out: [a]\n", "“left_out”应该是"),
    (f"left_out:\n  {FAFANG}: [理由]\n", "没有写理由"),
    (f"left_out:\n  {FAFANG}: true\n", "没有写理由"),
])
def test_hostile_standard_yml_gives_errors_not_tracebacks(tmp_path, text, words):
    root = make_platform(tmp_path / "p", sites=("a",))
    write(root / "sites/a/catalog/standard.yml", text)
    errors = errors_of(root / "sites/a")
    assert any(e.file == "catalog/standard.yml" and words in e.message and e.line > 0 for e in errors), \
        "\n".join(e.format() for e in errors)


def test_next_year_the_platform_renames_an_item_a_site_reviewed_and_extended(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    write(site / "catalog/items/local/d.yml", f"extends: {DIBAO}\npublisher: 西工区民政局\n")
    write(site / "catalog/standard.yml", f"reviewed:\n  {DIBAO}: {dict(ok(site).standard.digests)[DIBAO]}\n")
    path = std_file(root, DIBAO)
    edit(path, f"id: {DIBAO}", "id: shehui-jiuzhu-dibao-shenqing-2027")
    errors = errors_of(site)
    e = one(errors, "catalog/items/local/d.yml", f"没有编号为“{DIBAO}”")
    assert "shehui-jiuzhu-dibao-shenqing-2027" in e.hint
    write(site / "catalog/items/local/d.yml", "extends: shehui-jiuzhu-dibao-shenqing-2027\npublisher: 西工区民政局\n")
    catalog = ok(site)
    (gone,) = [w for w in catalog.warnings if w.file == "catalog/standard.yml"]
    assert gone.line == 2 and "已没有编号" in gone.message


def test_the_demo_uses_no_standard_catalog():
    settings = read_settings(ROOT / "mkdocs.yml")
    assert settings.standard_dir is None
    catalog, errors = check_catalog(settings.catalog_dir, settings.docs_dir, DAY, settings.root)
    assert not errors and catalog.standard is None


def test_the_editors_guide_examples_work_as_written(tmp_path):
    """The guide's extends and standard.yml examples, pasted into a site, do what the guide says."""
    guide = (ROOT / "content/help/editing.md").read_text("utf-8")
    section = guide.split("## 平台的标准目录", 1)[1].split("\n## ", 1)[0]
    extend, choices = re.findall(r"```yaml\n(.*?)```", section, re.S)
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    hall = (site / "catalog/halls/luolong-zhongxin.yml").read_text("utf-8")
    for old, new in (("id: luolong-zhongxin", "id: xigong-zhongxin"), ("洛龙区政务服务中心", "西工区政务服务中心"),
                     ("aliases: [区政务服务中心, 区政务大厅]\n", "")):
        hall = hall.replace(old, new)
    write(site / "catalog/halls/xigong-zhongxin.yml", hall)
    write(site / "catalog/items/local/dibao.yml", extend)
    write(site / "catalog/standard.yml", choices)
    catalog = ok(site)
    dibao = item(catalog, DIBAO)
    assert dibao.publisher == "西工区民政局" and dibao.basis[-1] == A_BASIS and dibao.notes == ""
    assert dibao.guide.phone == "0379-63211234" and dibao.guide.fee  # the rest of the guide is the standard's
    assert FAFANG not in {i.id for i in catalog.items}
    assert catalog.standard.left_out[0][0] == FAFANG


def test_extends_in_a_site_without_a_standard_catalog_says_what_is_missing(project):
    write(project / "catalog/items/jiuye/x.yml", "extends: jiuye-shiye-dengji\npublisher: 某局\n")
    catalog, errors = check(project)
    (e,) = [e for e in errors if e.file == "catalog/items/jiuye/x.yml" and e.field.startswith("extends")]
    assert e.line == 1 and "不认识的字段“extends”" in e.message and "standard_dir" in e.hint


def test_a_withheld_standard_item_stays_off_every_site(platform):
    for site in "ab":
        assert not (platform[site].site / "items" / WITHHELD_ID).exists()
        platform[site].assert_nowhere(WITHHELD_TITLE, WITHHELD_ID)


@pytest.mark.parametrize("text, words", [
    ("- a\n- b\n", "标准事项没有写编号"),
    ("", "文件是空的"),
    ("id: 5\ncontent: x\n", "标准事项没有写编号"),
    ("id: x\n  content: [\n", "YAML 格式错误"),
    (f"id: {LINSHI}\ncontent: 重复\n", f"标准事项编号“{LINSHI}”已被"),
    (b"id: x\ncontent: \xd6\xd0\xce\xc4\n", "不是 UTF-8 编码"),
])
def test_hostile_standard_files_give_errors_not_tracebacks(tmp_path, text, words):
    root = make_platform(tmp_path / "p", sites=("a",))
    write(root / "standard/items/zz/zz-odd.yml", text)
    errors = errors_of(root / "sites/a")
    found = [e for e in errors if e.file == "../../standard/items/zz/zz-odd.yml" and words in e.message]
    assert found, "\n".join(e.format() for e in errors)


def test_a_standard_dir_inside_a_single_site_repository(tmp_path):
    """standard_dir may live next to mkdocs.yml (one site, repository = its folder, marked by .git)."""
    site = copy_project(tmp_path / "site")
    (site / ".git").mkdir()
    shutil.move(site / "catalog/items", site / "standard/items")
    edit(site / "mkdocs.yml", "      catalog_dir: catalog\n",
         "      catalog_dir: catalog\n      standard_dir: standard\n")
    catalog = ok(site)
    assert {i.id for i in catalog.items} == {i.id for i in demo_catalog().items}
    assert catalog.standard.folder == "standard"
    assert item(catalog, LINSHI).source.file == f"standard/items/shehui-jiuzhu/{LINSHI}.yml"


def test_import_into_a_site_that_shares_the_standard_taxonomies(tmp_path):
    """`zwgk import` reads the taxonomies the site takes from the standard catalog; a new local item
    from the office's table becomes a site item beside the inherited ones."""
    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    write(tmp_path / "西工区就业.csv", (
        "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级\n"
        "1,就业服务,西工区就业见习岗位目录,见习单位、岗位、人数、补贴标准,《西工区就业见习管理办法》,"
        "信息形成之日起20个工作日内,西工区人力资源和社会保障局,政府网站,全社会,主动,区级\n"))
    result = zwgk(site, "import", str(tmp_path / "西工区就业.csv"), "--domain", "jiuye", "--category", "公共服务")
    assert "缺少分类文件" not in result.output and "新建" in result.output, result.output
    (new,) = (site / "catalog/items").rglob("*.yml")
    assert "西工区就业见习岗位目录" in new.read_text("utf-8")
    catalog = ok(site)  # a draft (no 办事指南 yet) beside the 58 inherited standard items
    assert [d.source.file for d in catalog.drafts] == [new.relative_to(site).as_posix()]
    assert len(catalog.standard.inherited) == 58


def test_a_standard_dir_that_is_not_a_path_is_a_settings_error(project):
    edit(project / "mkdocs.yml", "      catalog_dir: catalog\n",
         "      catalog_dir: catalog\n      standard_dir: [a]\n")
    result = zwgk(project, "check")
    assert result.code != 0 and "standard_dir 应写成标准目录文件夹的相对路径" in result.output
    assert "Traceback" not in result.output


def test_personal_data_in_a_standard_item_a_site_extends_stops_the_build(tmp_path):
    """The personal-data scan covers the standard file behind an extended item: the site file alone
    does not hold what the page inherits."""
    from zwgk.site.plan import plan_site

    root = make_platform(tmp_path / "p", sites=("a",))
    site = root / "sites/a"
    path = std_file(root, DIBAO)
    text = re.sub(r"(?m)^notes: .*$", "notes: 联系人身份证号 410311198001011237", path.read_text("utf-8"))
    write(path, text)
    write(site / "catalog/items/local/d.yml", f"extends: {DIBAO}\npublisher: 西工区民政局\n")
    found = plan_site(ok(site), read_settings(site / "mkdocs.yml")).personal_data
    (e,) = [e for e in found if e.file == f"../../standard/items/shehui-jiuzhu/{DIBAO}.yml"]
    assert e.line == line_of(text, "notes:")


def test_next_year_the_platform_adds_an_item_every_site_gets_it_and_is_told(tmp_path):
    root = make_platform(tmp_path / "p", sites=("a", "b"))
    for site in "ab":
        digests = ok(root / "sites" / site).standard.digests
        write(root / "sites" / site / "catalog/standard.yml",
              "reviewed:\n" + "".join(f"  {i}: {d}\n" for i, d in digests))
    text = std_file(root, LINSHI).read_text("utf-8").replace(f"id: {LINSHI}", "id: shehui-jiuzhu-linshi-jiuzhu-2027")
    write(root / "standard/items/shehui-jiuzhu/shehui-jiuzhu-linshi-jiuzhu-2027.yml", text)
    for site in "ab":
        catalog = ok(root / "sites" / site)
        assert "shehui-jiuzhu-linshi-jiuzhu-2027" in {i.id for i in catalog.items}
        (warning,) = catalog.standard.reviews
        assert "shehui-jiuzhu-linshi-jiuzhu-2027" in warning.message and "还没有审阅" in warning.message


def test_the_demo_platforms_districts_inherit_its_standard_catalog():
    """涧西区 and 伊滨区 (sites/) localise every item of the demo platform's standard/ (16 items in the
    8 domains, taken from 洛龙区's): check passes and lists what each took."""
    domains = {p.parent.name for p in (ROOT / "standard/items").rglob("*.yml")}
    assert len(domains) == 8
    for site in ("jianxi", "yibin"):
        run = zwgk(ROOT / "sites" / site, "check", "--date", "2026-01-15")
        assert run.code == 0, run.output
        assert "标准目录 ../../standard：原样沿用 0 项，本站扩展 16 项，不采用 0 项" in run.output, run.output
        assert "标准目录审阅 0 处" in run.output
