"""Validation: each class of mistake is reported with file, line, field and a Chinese hint."""

import datetime as dt

import pytest

from conftest import line_of, make_catalog, service_item, single
from zwgk.content.catalog import check_catalog, load_catalog
from zwgk.content.errors import CatalogInvalid


def check(tmp_path, items, build_date=dt.date(2026, 1, 1)):
    catalog_dir = make_catalog(tmp_path, items)
    return check_catalog(catalog_dir, tmp_path / "content", build_date, root=tmp_path)


def only_error(tmp_path, text, name="jiuye/jiuye-test.yml"):
    return single(check(tmp_path, {name: text}))


def test_valid_item_builds_a_catalog(tmp_path):
    catalog, errors = check(tmp_path, {"jiuye/jiuye-test.yml": service_item()})
    assert errors == []
    [item] = catalog.items
    assert item.title == "测试事项" and item.domain.name == "就业创业"
    assert [c.name for c in item.channels][-1] == "社区/企事业单位/村公示栏（电子屏）"
    assert [level.id for level in item.levels] == ["district", "village"]  # 村级 is an alias
    assert item.time_limit.text == "信息形成或者变更之日起20个工作日内"  # the default rule
    assert item.mode == "主动"


def test_unknown_key_suggests_the_right_one(tmp_path):
    text = service_item(replace={"publisher:": "publsher:"})
    errors = check(tmp_path, {"jiuye/jiuye-test.yml": text})[1]
    unknown = next(e for e in errors if "不认识的字段" in e.message)
    assert unknown.file == "catalog/items/jiuye/jiuye-test.yml"
    assert unknown.line == line_of(text, "publsher:")
    assert "publisher" in unknown.hint
    # the misspelt key also leaves the real one missing: said once, in the same error
    assert "必填项“公开主体”（publisher）因此也缺失" in unknown.message
    assert len(errors) == 1


def test_wrong_type_names_the_expected_type(tmp_path):
    text = service_item(replace={"  - 《中华人民共和国就业促进法》\n": "", "\nbasis:": "\nbasis: 就业促进法"})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "basis:")
    assert error.field.startswith("basis（公开依据）")
    assert "应该是列表" in error.message


def test_missing_key_guide_element_is_an_error(tmp_path):
    text = service_item(replace={"  fee: 不收费\n": ""})
    error = only_error(tmp_path, text)
    assert error.field == "guide.fee（办事指南 › 收费标准）"
    assert error.line == line_of(text, "guide:")
    assert "缺少必填项“收费标准”" in error.message and "不收费" in error.hint


def test_service_category_requires_a_guide(tmp_path):
    text = service_item().split("guide:")[0]
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "category:")
    assert "必须写办事指南" in error.message


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("domain: 就业创业", "domain: 就业扶贫", "domain:", "未知的领域“就业扶贫”"),
        ("category: 公共服务", "category: 便民事项", "category:", "未知的信息类别“便民事项”"),
        ("channels: [政府网站, 公示栏]", "channels: [政府网站, 微信群]", "channels:", "未知的公开渠道“微信群”"),
        ("levels: [区级, 村级]", "levels: [区级, 组级]", "levels:", "未知的公开层级“组级”"),
        ("domain: 就业创业", "domain: 城乡规划", "domain:", "领域“城乡规划”在本区未启用"),
    ],
)
def test_unknown_references(tmp_path, old, new, needle, message):
    text = service_item(replace={old: new})
    error = only_error(tmp_path, text)
    assert message in error.message
    assert error.line == line_of(text, needle)
    assert "catalog/taxonomy/" in error.hint


def test_duplicate_ids_name_the_first_file(tmp_path):
    _, errors = check(tmp_path, {"jiuye/a.yml": service_item("jiuye-same"),
                                 "jiuye/b.yml": service_item("jiuye-same")})
    [error] = errors
    assert error.file == "catalog/items/jiuye/b.yml" and error.line == 1
    assert "catalog/items/jiuye/a.yml" in error.message


def test_formed_after_published_is_impossible(tmp_path):
    text = service_item(replace={"formed_date: 2024-03-01": "formed_date: 2024-04-01"})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "formed_date:") and "晚于发布日期" in error.message


def test_date_that_does_not_exist(tmp_path):
    text = service_item(replace={"published_date: 2024-03-08": "published_date: 2023-02-29"})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "published_date:") and "不是一个存在的日期" in error.message


def test_quoted_date_in_wrong_format(tmp_path):
    text = service_item(replace={"published_date: 2024-03-08": "published_date: '2024年3月8日'"})
    error = only_error(tmp_path, text)
    assert "不是有效的日期" in error.message and "2024-03-15" in error.hint


def test_yaml_syntax_error_has_its_line_and_no_traceback(tmp_path):
    text = service_item(replace={"content: 办理依据": "content: [办理依据"})
    error = only_error(tmp_path, text)
    assert error.line >= line_of(text, "content:") and "YAML 格式错误" in error.message


def test_unparseable_time_limit_is_kept_as_written_with_a_warning(tmp_path):
    text = service_item(replace={"publisher:": "time_limit: 尽快公开\npublisher:"})
    catalog, errors = check(tmp_path, {"jiuye/jiuye-test.yml": text})
    assert errors == [] and [i.time_limit.text for i in catalog.items if i.time_limit.rule is None] == ["尽快公开"]
    [warning] = [w for w in catalog.warnings if "time_limit" in w.field]
    assert warning.line == line_of(text, "time_limit:") and "看不出公开的期限" in warning.message


def test_promised_limit_longer_than_statutory(tmp_path):
    limits = "  statutory_limit: 10个工作日\n  promised_limit: 15个工作日\n"
    text = service_item(replace={"  fee: 不收费": limits + "  fee: 不收费"})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "promised_limit:") and "比法定办结时限" in error.message


def test_missing_attachment(tmp_path):
    text = service_item(replace={"      form: 原件": "      form: 原件\n      blank_form: attachments/forms/none.docx"})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "blank_form:") and "不存在" in error.message


def test_bad_id_pattern(tmp_path):
    error = only_error(tmp_path, service_item("就业 登记"))
    assert error.line == 1 and "只用小写字母" in error.hint


def test_every_error_of_every_file_is_reported_at_once(tmp_path):
    _, errors = check(tmp_path, {
        "jiuye/a.yml": service_item("jiuye-a", replace={"  fee: 不收费\n": "", "domain: 就业创业": "domain: 无"}),
        "jiuye/b.yml": "id: [oops\n",
        "jiuye/c.yml": service_item("jiuye-c", replace={"audience: 全社会": "audience: 全体"}),
    })
    assert {e.file for e in errors} == {f"catalog/items/jiuye/{n}.yml" for n in "abc"}
    assert len(errors) == 4


def test_taxonomy_mistakes_are_reported_too(tmp_path):
    catalog_dir = make_catalog(tmp_path, {"jiuye/a.yml": service_item()})
    places = catalog_dir / "taxonomy" / "places.yml"
    text = places.read_text("utf-8").replace("id: lilou-xigao", "id: lilou-donggao")
    places.write_text(text, "utf-8")
    levels = catalog_dir / "taxonomy" / "levels.yml"
    levels.write_text(levels.read_text("utf-8").replace("aliases: [村级,", "aliases: [区级, 村级,"), "utf-8")
    _, errors = check_catalog(catalog_dir, None, dt.date(2026, 1, 1), root=tmp_path)
    messages = {(e.file, e.line, e.message) for e in errors}
    assert ("catalog/taxonomy/places.yml", line_of(text, "id: lilou-donggao, name: 西高村"),
            "编号“lilou-donggao”重复。") in messages
    assert any(f == "catalog/taxonomy/levels.yml" and "已经是“district”" in m for f, _, m in messages)


def test_withheld_and_future_items_never_reach_the_catalog(tmp_path):
    catalog = load_catalog(make_catalog(tmp_path, {
        "jiuye/public.yml": service_item("jiuye-public"),
        "jiuye/secret.yml": service_item(
            "jiuye-secret", replace={"audience:": "disclosure: 不予公开\naudience:"}),
        "jiuye/future.yml": service_item(
            "jiuye-future", replace={"published_date: 2024-03-08": "published_date: 2026-06-01"}),
    }), None, dt.date(2026, 1, 1), root=tmp_path)
    assert [i.id for i in catalog.items] == ["jiuye-public"]
    assert catalog.withheld == 2


def test_load_catalog_raises_with_the_readable_report(tmp_path):
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(make_catalog(tmp_path, {"jiuye/a.yml": "id: a\n"}), None, root=tmp_path)
    report = str(info.value)
    assert report.startswith("发现 ") and "catalog/items/jiuye/a.yml:1" in report and "怎么改" in report


def test_fast_and_full_validators_agree():
    """The compiled fast path decides only valid/invalid; it must never pass what the full one fails."""
    import copy

    from jsonschema import Draft202012Validator, FormatChecker

    from conftest import ROOT as PROJECT
    from zwgk.content.loader import read_front_matter, read_yaml
    from zwgk.content.schema import is_valid, load_schema

    mutations = [
        lambda d: d.pop("publisher"), lambda d: d.update(audience="全体"), lambda d: d.update(basis="法"),
        lambda d: d.update(published_date="2024-02-30"), lambda d: d.update(extra=1),
        lambda d: d["matter"].pop("level1"), lambda d: d.update(channels=[]), lambda d: d.update(id="A B"),
        lambda d: d.update(time_limit={"days": 3}), lambda d: d.update(four_ways=["马上办", "马上办"]),
        lambda d: d.get("guide", d).update(fee=""), lambda d: d.get("guide", d).update(phone="电话"),
    ]
    full = Draft202012Validator(load_schema("item"), format_checker=FormatChecker(["date"]))
    checked = 0
    for path in sorted((PROJECT / "catalog/items").rglob("*.yml")):
        doc, _ = read_yaml(path, path.name)
        for mutate in [lambda d: None, *mutations]:
            data = copy.deepcopy(doc.data)
            mutate(data)
            assert is_valid(data, "item") == full.is_valid(data), (path.name, data)
            checked += 1
    for path in sorted((PROJECT / "catalog/documents").rglob("*.md"))[:20]:
        doc, _ = read_front_matter(path, path.name)
        data = dict(doc.data, validity="作废")
        assert not is_valid(data, "document") and is_valid(doc.data, "document")
    assert checked > 500
