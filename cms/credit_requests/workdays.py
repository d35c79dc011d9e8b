"""Working days of the Chinese statutory calendar (法定工作日), 调休 make-up workdays included.

chinesecalendar knows each year's holidays only once the State Council has published them.
For a year it does not know we count Monday to Friday and say so (Deadline.estimated), so
that the admin can warn staff instead of silently showing a wrong deadline.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar

FALLBACK_WARNING = "该年度法定节假日数据缺失，已按周一至周五计算"


@dataclass(frozen=True)
class Deadline:
    date: date
    estimated: bool  # True when a year without holiday data was counted as Monday to Friday


@cache
def has_holiday_data(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    if has_holiday_data(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_working_days(start: date, n: int) -> Deadline:
    """The n-th working day after `start` (the day of receipt itself does not count)."""
    day, counted, estimated = start, 0, False
    while counted < n:
        day += timedelta(days=1)
        if not has_holiday_data(day.year):
            estimated = True
        if is_working_day(day):
            counted += 1
    return Deadline(date=day, estimated=estimated)
