"""Chinese working days: weekends and public holidays off, make-up weekend days (调休) on.

The calendar comes from the maintained ``chinese_calendar`` package, which follows the
State Council's yearly holiday notice; a year it does not know yet is an error, never a guess.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


class CalendarUnknown(ValueError):
    """The holiday schedule of a year has not been published (or the package is too old)."""


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:
        raise CalendarUnknown(day.year) from exc


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from start to end, both included."""
    return sum(1 for n in range((end - start).days + 1) if is_working_day(start + dt.timedelta(days=n)))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day on which a period of ``days`` working days that begins on ``start`` ends."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)
