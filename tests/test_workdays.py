"""Working days for years whose 调休 schedule is not published yet: estimated, marked provisional,
never a reason to stop a build; official data, once installed, wins and re-judges the periods."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from conftest import copy_project, document, line_of, make_project, mkdocs_build, posting, zwgk
from zwgk.content import workdays
from zwgk.content.catalog import check_catalog
from zwgk.tools.selfcheck import late_disclosure

D = dt.date
FUTURE = range(2027, 2036)
# First day of the lunar year and the Mid-Autumn Festival, from published almanacs (not from the
# holidays package the estimate uses).
SPRING_FESTIVAL = {2027: D(2027, 2, 6), 2028: D(2028, 1, 26), 2029: D(2029, 2, 13), 2030: D(2030, 2, 3),
                   2031: D(2031, 1, 23), 2032: D(2032, 2, 11), 2033: D(2033, 1, 31), 2034: D(2034, 2, 19),
                   2035: D(2035, 2, 8)}
MID_AUTUMN = {2027: D(2027, 9, 15), 2028: D(2028, 10, 3), 2029: D(2029, 9, 22), 2030: D(2030, 9, 12),
              2031: D(2031, 10, 1), 2032: D(2032, 9, 19), 2033: D(2033, 9, 8), 2034: D(2034, 9, 27),
              2035: D(2035, 9, 16)}


def days_of(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


class NoticeFor2027:
    """An official source that has the (imagined) 2027 notice: 春节 5–13 February off, Sunday
    14 February and Saturday 20 February worked; every other year as chinesecalendar has it."""

    OFF = {D(2027, 2, 5) + dt.timedelta(days=n) for n in range(9)} | {D(2027, 1, 1)}
    ON = {D(2027, 2, 14), D(2027, 2, 20)}

    def knows(self, year: int) -> bool:
        return year == 2027 or workdays.ChineseCalendar().knows(year)

    def is_working_day(self, day: dt.date) -> bool:
        if day.year != 2027:
            return chinese_calendar.is_workday(day)
        return day in self.ON or (day.weekday() < 5 and day not in self.OFF)


# ---------------------------------------------------------------- the calendar


def test_the_installed_package_has_no_2027_yet():
    """The premise of this file; when chinesecalendar learns 2027, move FUTURE on by a year."""
    assert workdays.ChineseCalendar().knows(2026) and not workdays.ChineseCalendar().knows(2027)


@pytest.mark.parametrize("year", FUTURE)
def test_future_years_never_count_spring_festival_national_day_or_weekends(year):
    new_year = SPRING_FESTIVAL[year]
    off = {new_year + dt.timedelta(days=n) for n in (-1, 0, 1, 2)}  # 除夕 and the first three days
    off |= {D(year, 10, 1), D(year, 10, 2), D(year, 10, 3), D(year, 1, 1), D(year, 5, 1), D(year, 5, 2),
            MID_AUTUMN[year]}
    working = 0
    for day in days_of(year):
        result = workdays.is_working_day(day)
        assert result.provisional and result.estimated == (year,)
        if day in off or day.weekday() >= 5:
            assert not result.value, day
        working += result.value
    # 261 weekdays a year, less 13 statutory days and the weekdays given for those on a weekend
    assert 240 <= working <= 250, working
    if D(year, 1, 1).weekday() >= 5:  # 元旦 on a weekend: the Monday after is off (放假办法：适逢周末应补假)
        assert not workdays.is_working_day(D(year, 1, 1) + dt.timedelta(days=7 - D(year, 1, 1).weekday())).value


def test_a_known_year_is_chinesecalendar_exactly():
    for day in days_of(2026):
        result = workdays.is_working_day(day)
        assert result.value == chinese_calendar.is_workday(day) and not result.provisional, day
    counted = workdays.working_days_between(D(2026, 1, 1), D(2026, 12, 31))
    assert counted == workdays.Counted(248)
    assert counted.value == sum(chinese_calendar.is_workday(d) for d in days_of(2026))
    for start in (D(2026, 1, 1), D(2026, 2, 12), D(2026, 9, 28), D(2026, 11, 30)):
        for n in (1, 7, 15, 20):
            end = workdays.add_working_days(start, n)
            assert not end.provisional
            assert chinese_calendar.is_workday(end.value)
            assert len(chinese_calendar.get_workdays(start, end.value)) == n


def test_only_the_estimated_years_are_named():
    counted = workdays.working_days_between(D(2026, 12, 21), D(2028, 1, 10))
    assert counted.estimated == (2027, 2028)
    assert workdays.add_working_days(D(2026, 12, 21), 7) == workdays.Counted(D(2026, 12, 29))
    assert workdays.add_working_days(D(2026, 12, 28), 7).estimated == (2027,)


def test_official_data_replaces_the_estimate():
    """The same question asked of a source that has the 2027 notice: official, and different."""
    start, end = D(2027, 2, 1), D(2027, 2, 15)
    estimate = workdays.working_days_between(start, end)
    official = workdays.Calendar(official=NoticeFor2027()).working_days_between(start, end)
    # estimate: 1–4 Feb, 11, 12, 15 Feb (5–10 Feb: 除夕, 春节 and the weekdays for its weekend days)
    assert estimate == workdays.Counted(7, (2027,))
    # notice: 1–4 Feb, then nothing until Sunday 14 Feb, then 15 Feb
    assert official == workdays.Counted(6)


def test_wording_for_unpublished_and_old_years():
    assert workdays.provisional_note([2027]) == "2027 年调休安排尚未公布，按法定节假日和周一至周五估算"
    assert "2001 年调休安排不在 chinesecalendar 软件包里" in workdays.provisional_note([2001])


def test_odd_but_legal_inputs_do_not_hang_or_crash():
    assert workdays.add_working_days(D(9999, 12, 1), 100).value == D(9999, 12, 31)
    assert workdays.working_days_between(D(1900, 1, 1), D(1900, 1, 7)) == workdays.Counted(5, (1900,))
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2026, 1, 1), 0)


# ---------------------------------------------------------------- postings


def load(tmp_path, text, day: dt.date | None = None):
    day = day or D(2027, 1, 4)
    catalog_dir = make_project(tmp_path, pages={"gongshi/lilou-donggao/a.md": text})
    return check_catalog(catalog_dir, tmp_path / "content", day, root=tmp_path)


def dated(start: dt.date, end: dt.date) -> str:
    return posting(replace={"start_date: 2026-01-05": f"start_date: {start}",
                            "end_date: 2026-01-16": f"end_date: {end}"})


def test_period_into_an_unpublished_year_builds_with_a_warning(tmp_path):
    # 28–31 Dec 2026 (4, official) + 4–6 Jan 2027 (3, estimated; 1 Jan is 元旦) = 7 working days
    text = dated(D(2026, 12, 28), D(2027, 1, 6))
    catalog, errors = load(tmp_path, text)
    assert errors == [] and [p.id for p in catalog.postings] == ["a"]
    [warning] = catalog.warnings
    assert warning.file.endswith("gongshi/lilou-donggao/a.md") and warning.line == line_of(text, "end_date:")
    assert warning.message.startswith("2027 年调休安排尚未公布，按法定节假日和周一至周五估算")
    assert "暂按 7 个工作日计" in warning.message and "chinesecalendar" in warning.hint


def test_period_already_long_enough_in_the_known_year_is_named_but_reassures(tmp_path):
    # 21–31 Dec 2026 already hold 9 official working days; what 2027 brings cannot shorten that,
    # but the record still counts estimated days, so the office sees it named with that verdict
    catalog, errors = load(tmp_path, dated(D(2026, 12, 21), D(2027, 1, 8)))
    [warning] = catalog.warnings
    assert errors == [] and warning.message.startswith("2027 年调休安排尚未公布")
    assert "2026-12-29 已满“公示7个工作日”，正式安排公布后也不会不够" in warning.message


def test_period_too_short_even_by_the_estimate_is_an_error(tmp_path):
    text = dated(D(2027, 1, 4), D(2027, 1, 8))
    catalog, errors = load(tmp_path, text)
    [error] = errors
    assert catalog is None and error.line == line_of(text, "end_date:")
    assert "公示期按估算只有 5 个工作日，少于要求的“公示7个工作日”" in error.message
    assert "2027-01-12 或之后（暂估：2027 年调休安排尚未公布" in error.hint


@pytest.mark.parametrize("year", FUTURE)
def test_spring_festival_postings_in_future_years(tmp_path, year):
    """Across 春节 of every coming year: the estimated seventh working day passes with a warning,
    the day before it is an error that names it."""
    start = SPRING_FESTIVAL[year] - dt.timedelta(days=3)
    seventh = workdays.add_working_days(start, 7).value
    assert seventh > SPRING_FESTIVAL[year] + dt.timedelta(days=2)
    catalog, errors = load(tmp_path / "ok", dated(start, seventh), day=start)
    assert errors == [] and len(catalog.warnings) == 1
    catalog, errors = load(tmp_path / "short", dated(start, seventh - dt.timedelta(days=1)), day=start)
    [error] = errors
    assert "按估算只有 6 个工作日" in error.message and f"{seventh} 或之后" in error.hint


def test_when_the_notice_arrives_a_period_that_became_too_short_is_an_error(tmp_path, monkeypatch):
    text = dated(D(2027, 2, 1), D(2027, 2, 15))
    catalog, errors = load(tmp_path / "before", text, day=D(2027, 2, 1))
    assert errors == [] and "暂按 7 个工作日计" in catalog.warnings[0].message
    monkeypatch.setattr(workdays, "CALENDAR", workdays.Calendar(official=NoticeFor2027()))
    catalog, errors = load(tmp_path / "after", text, day=D(2027, 2, 1))
    [error] = errors
    assert "公示期只有 6 个工作日，少于要求的“公示7个工作日”" in error.message
    assert "2027-02-16 或之后（已扣除周末和法定节假日，计入调休上班日）" in error.hint


# ---------------------------------------------------------------- late disclosure


def documents_catalog(tmp_path, written: str, published: str):
    catalog_dir = make_project(tmp_path, documents={"guifanxing-wenjian/a.md": document(
        replace={"written_date: 2024-03-01": f"written_date: {written}",
                 "published_date: 2024-03-05": f"published_date: {published}"})})
    catalog, errors = check_catalog(catalog_dir, tmp_path / "content", D(2027, 3, 1), root=tmp_path)
    assert errors == [], errors
    return catalog


def test_late_disclosure_into_an_unpublished_year_is_judged_and_says_so(tmp_path):
    # written Sunday 2026-12-20: 9 working days in December, 元旦 off, 11 more: due Monday 18 January;
    # 19 January … 26 February less 春节 (除夕 5 February to 10 February): 25 working days late
    catalog = documents_catalog(tmp_path, "2026-12-20", "2027-02-26")
    [found] = late_disclosure(catalog)
    assert "应在 2027-01-18 前公开，实际发布于 2027-02-26，晚了 25 个工作日" in found.message
    assert "2027 年调休安排尚未公布" in found.message and "是否超期是暂估的" in found.message
    assert "chinesecalendar" in found.hint


def test_late_disclosure_with_an_official_due_date_only_estimates_the_delay(tmp_path):
    # written Friday 2026-10-09; Saturday 10 October is an official 调休 working day: due 5 November
    catalog = documents_catalog(tmp_path, "2026-10-09", "2027-01-05")
    [found] = late_disclosure(catalog)
    assert "应在 2026-11-05 前公开" in found.message and "晚了几个工作日是暂估的" in found.message


def test_on_time_in_an_unpublished_year_is_no_finding(tmp_path):
    assert late_disclosure(documents_catalog(tmp_path, "2026-12-20", "2027-01-15")) == []


# ---------------------------------------------------------------- the real build and check


def test_year_end_postings_build_and_check_warns(tmp_path):
    project = copy_project(tmp_path / "p")
    folder = project / "content/gongshi/lilou-donggao"
    long_enough = dated(D(2026, 12, 21), D(2027, 1, 8)).replace("2026年第一季度低保拟保对象名单公示",
                                                                "2027年度低保拟保对象名单公示")
    at_the_minimum = dated(D(2026, 12, 28), D(2027, 1, 6)).replace("2026年第一季度低保拟保对象名单公示",
                                                                   "2027年度特困供养拟保对象名单公示")
    (folder / "2027-dibao.md").write_text(long_enough, "utf-8")
    (folder / "2027-tekun.md").write_text(at_the_minimum, "utf-8")
    result = mkdocs_build(project, tmp_path / "site", day="2026-12-29")
    assert result.returncode == 0, result.output
    page = result.page("gongshi/lilou-donggao/2027-tekun/index.html")
    assert "2027年度特困供养拟保对象名单公示" in page and "2026年12月28日" in page and "2027年1月6日" in page
    assert "2027年度低保拟保对象名单公示" in result.page("gongshi/lilou-donggao/2027-dibao/index.html")

    check = zwgk(project, "check", "--date", "2026-12-29")
    assert check.code == 0, check.output
    where = f"content/gongshi/lilou-donggao/2027-tekun.md:{line_of(at_the_minimum, 'end_date:')}"
    assert f"{where}  end_date（" in check.output
    assert "问题：2027 年调休安排尚未公布，按法定节假日和周一至周五估算" in check.output
    assert "2027-dibao.md" in check.output and "正式安排公布后也不会不够" in check.output
