"""Chinese working days: weekends and public holidays off, make-up weekend days (调休) on.

The official calendar comes from the maintained ``chinese_calendar`` package, which follows the
State Council's yearly holiday notice. That notice comes out only in the last weeks of the year
before, yet a village posts a list on 21 December for a period that ends in January; so a year the
package does not know is never an error. It is estimated from the statutory holidays
(《全国年节及纪念日放假办法》: 元旦, 春节 with 除夕, 清明, 劳动节, 端午, 中秋, 国庆, and a weekday off when
one falls on a weekend, as the ``holidays`` package computes them from the lunar calendar) with
Monday to Friday as working days and no make-up weekend days. Every figure carries the years it
had to estimate, so a caller can say the figure is provisional (暂估) and ask for a re-check once the
notice is out.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import chinese_calendar

T = TypeVar("T")
MAX_DAYS = 3660  # no disclosure rule asks for more working days than ten years hold


@dataclass(frozen=True)
class Counted(Generic[T]):
    """A figure from the calendar and the years it estimated (empty: official throughout)."""

    value: T
    estimated: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.estimated)


class Schedule(Protocol):
    """An official holiday schedule: which years it covers and, in them, which days are worked."""

    def knows(self, year: int) -> bool: ...

    def is_working_day(self, day: dt.date) -> bool: ...


class ChineseCalendar:
    """The State Council's notices as the installed ``chinese_calendar`` package carries them."""

    def knows(self, year: int) -> bool:
        return _chinese_calendar_knows(year)

    def is_working_day(self, day: dt.date) -> bool:
        return chinese_calendar.is_workday(day)


@functools.cache
def _chinese_calendar_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def statutory_holidays(year: int) -> frozenset[dt.date]:
    """Statutory days off of a year, lunar festivals included, with the weekday off for a weekend one."""
    import holidays  # 80 ms, and only needed once a date leaves the official calendar

    return frozenset(holidays.China(years=year))


def estimated_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in statutory_holidays(day.year)


class Calendar:
    """Working days from an official schedule where it knows the year, estimated elsewhere."""

    def __init__(self, official: Schedule | None = None):
        self.official = official if official is not None else ChineseCalendar()

    def is_working_day(self, day: dt.date) -> Counted[bool]:
        if self.official.knows(day.year):
            return Counted(self.official.is_working_day(day))
        return Counted(estimated_working_day(day), (day.year,))

    def working_days_between(self, start: dt.date, end: dt.date) -> Counted[int]:
        """Working days from start to end, both included."""
        days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        return _total(self.is_working_day(day) for day in days)

    def add_working_days(self, start: dt.date, days: int) -> Counted[dt.date]:
        """The day on which a period of ``days`` working days that begins on ``start`` ends
        (9999-12-31 when the calendar ends first)."""
        if not 1 <= days <= MAX_DAYS:
            raise ValueError(f"between 1 and {MAX_DAYS} working days, not {days}")
        day, counted, estimated = start, 0, set()
        while day < dt.date.max:
            working = self.is_working_day(day)
            estimated.update(working.estimated)
            counted += working.value
            if counted == days:
                break
            day += dt.timedelta(days=1)
        return Counted(day, tuple(sorted(estimated)))


def _total(flags) -> Counted[int]:
    total, estimated = 0, set()
    for flag in flags:
        total += flag.value
        estimated.update(flag.estimated)
    return Counted(total, tuple(sorted(estimated)))


CALENDAR = Calendar()  # the data source every check uses


def is_working_day(day: dt.date) -> Counted[bool]:
    return CALENDAR.is_working_day(day)


def working_days_between(start: dt.date, end: dt.date) -> Counted[int]:
    """Working days from start to end, both included."""
    return CALENDAR.working_days_between(start, end)


def add_working_days(start: dt.date, days: int) -> Counted[dt.date]:
    """The day on which a period of ``days`` working days that begins on ``start`` ends."""
    return CALENDAR.add_working_days(start, days)


def years_text(years) -> str:
    """2027 → "2027 年"; 2027, 2028 → "2027、2028 年"."""
    return "、".join(str(y) for y in years) + " 年"


def provisional_note(years) -> str:
    """Why a figure is provisional, in the editors' words: a year after the last one the official
    schedule knows is not published yet; an earlier one is simply not in the package."""
    official = CALENDAR.official
    past = any(official.knows(later) for year in years for later in range(year + 1, year + 60))
    what = "调休安排不在 chinesecalendar 软件包里" if past else "调休安排尚未公布"
    return f"{years_text(years)}{what}，按法定节假日和周一至周五估算"
