"""Bulletin-board postings: places, 公示 periods in Chinese working days, personal data."""

import datetime as dt

import pytest

from conftest import line_of, make_project, posting, single
from zwgk.content.catalog import check_catalog
from zwgk.site.boards import board_items, bulletin

DAY = dt.date(2026, 1, 15)


def check(tmp_path, pages):
    catalog_dir = make_project(tmp_path, pages=pages)
    return check_catalog(catalog_dir, tmp_path / "content", DAY, root=tmp_path)


def only_error(tmp_path, text):
    return single(check(tmp_path, {"gongshi/lilou-donggao/a.md": text}))


def test_a_valid_posting_is_on_its_place_board(tmp_path):
    catalog, errors = check(tmp_path, {"gongshi/lilou-donggao/a.md": posting()})
    assert errors == []
    [p] = catalog.postings
    assert p.place.name == "东高村" and p.kind.name == "公示名单" and p.src_uri == "gongshi/lilou-donggao/a.md"
    board = bulletin(catalog, p.place, "https://example.gov.cn/")
    assert board["postings"] == [p]
    other = bulletin(catalog, catalog.places.by_id["anle-donggang"], "https://example.gov.cn/")
    assert other["postings"] == []


def test_period_shorter_than_seven_working_days(tmp_path):
    # 2026-01-05 (Mon) … 2026-01-12 (Mon) holds 6 working days; the seventh is 2026-01-13
    text = posting(replace={"end_date: 2026-01-16": "end_date: 2026-01-12"})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "end_date:")
    assert "只有 6 个工作日" in error.message and "2026-01-13" in error.hint


def test_period_counts_holidays_and_make_up_days(tmp_path):
    # National Day 2025: Oct 1–8 off, Sat Oct 11 a working day.
    # Sep 29 … Oct 11 = 5 working days (Sep 29, 30, Oct 9, 10, 11).
    text = posting(replace={"start_date: 2026-01-05": "start_date: 2025-09-29",
                            "end_date: 2026-01-16": "end_date: 2025-10-11"})
    error = only_error(tmp_path, text)
    assert "只有 5 个工作日" in error.message and "2025-10-14" in error.hint


def test_calendar_day_rule(tmp_path):
    text = posting(replace={"kind: 公示名单": "kind: 村务公开\nperiod_rule: 公示15日"})
    error = only_error(tmp_path, text)
    assert "只有 12 个自然日" in error.message and "2026-01-19" in error.hint


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("place: lilou-donggao", "place: 东高庄", "place:", "未知的地点“东高庄”"),
        ("kind: 公示名单", "kind: 通知", "kind:", "未知的公开类别“通知”"),
        ("end_date: 2026-01-16", "end_date: 2026-01-01", "start_date:", "晚于公示结束日期"),
    ],
)
def test_posting_mistakes(tmp_path, old, new, needle, message):
    text = posting(replace={old: new})
    error = only_error(tmp_path, text)
    assert message in error.message and error.line == line_of(text, needle)


def test_place_by_unique_name(tmp_path):
    catalog, errors = check(tmp_path, {"gongshi/x/a.md": posting(place="东高村")})
    assert errors == [] and catalog.postings[0].place.id == "lilou-donggao"


@pytest.mark.parametrize(
    ("row", "kind"),
    [("| 1 | 王某某 | 11010519491231002X |", "身份证号"), ("| 1 | 王某某 | 电话 13812345678 |", "手机号")],
)
def test_full_personal_numbers_are_refused(tmp_path, row, kind):
    text = posting(replace={"| 1 | 王某某 | 东高村一组 |": row})
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, row) and f"完整的{kind}" in error.message
    assert "11010519491231002X" not in error.message and "13812345678" not in error.message


def test_masked_numbers_and_office_phones_pass(tmp_path):
    text = posting(replace={"| 1 | 王某某 | 东高村一组 |": "| 1 | 王某某 | 1101**********002X |"})
    _, errors = check(tmp_path, {"gongshi/lilou-donggao/a.md": text})
    assert errors == []


def test_expired_and_future_postings(tmp_path):
    expired = posting("已结束的公示", replace={"start_date: 2026-01-05": "start_date: 2025-12-01",
                                           "end_date: 2026-01-16": "end_date: 2025-12-12"})
    future = posting("下月的公示", replace={"start_date: 2026-01-05": "start_date: 2026-02-02",
                                         "end_date: 2026-01-16": "end_date: 2026-02-13"})
    catalog, errors = check(tmp_path, {"gongshi/lilou-donggao/old.md": expired,
                                       "gongshi/lilou-donggao/new.md": future,
                                       "gongshi/lilou-donggao/now.md": posting()})
    assert errors == []
    assert [p.id for p in catalog.postings] == ["now"]
    board = bulletin(catalog, catalog.places.by_id["lilou-donggao"], "https://example.gov.cn/")
    assert [p.id for p in board["postings"]] == ["now"]
    assert catalog.unpublished_pages == {"gongshi/lilou-donggao/new.md", "gongshi/lilou-donggao/old.md"}


def test_board_items_follow_level_and_channel(tmp_path):
    catalog, _ = check(tmp_path, {})
    village = catalog.places.by_id["lilou-donggao"]
    [item] = catalog.items  # the helper's item: 区级 + 村级, with 公示栏
    assert board_items(catalog, village) == [item]
    assert board_items(catalog, catalog.places.by_id["lilou"]) == []  # not disclosed at town level
