"""Deadlines in working days: 2025 National Day (10-01..08 off; Sun 09-28 and Sat 10-11 worked)."""

from datetime import date

import chinese_calendar
import pytest

from cms.credit_requests.workdays import add_working_days, has_holiday_data, is_working_day


def test_the_installed_calendar_has_the_2025_national_day_arrangement():
    # The assumptions of the tests below, checked against the library itself.
    assert not any(chinese_calendar.is_workday(date(2025, 10, d)) for d in range(1, 9))
    assert chinese_calendar.is_workday(date(2025, 9, 28)) and date(2025, 9, 28).weekday() == 6
    assert chinese_calendar.is_workday(date(2025, 10, 11)) and date(2025, 10, 11).weekday() == 5


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Friday before the holiday: the make-up Sunday 09-28 counts, so day 2 is Monday 09-29.
        (date(2025, 9, 26), 2, date(2025, 9, 29)),
        # Filed on the last day before the holiday: eight days off do not count.
        (date(2025, 9, 30), 2, date(2025, 10, 10)),
        # Friday after the holiday: the make-up Saturday 10-11 is the next working day.
        (date(2025, 10, 10), 1, date(2025, 10, 11)),
        # 10 working days from 09-30: 10-09, 10, 11, 13, 14, 15, 16, 17, 20, 21.
        (date(2025, 9, 30), 10, date(2025, 10, 21)),
        # Filed during the holiday: counting starts on the first working day after it.
        (date(2025, 10, 3), 1, date(2025, 10, 9)),
    ],
)
def test_working_days_across_national_day(start, days, due):
    deadline = add_working_days(start, days)
    assert deadline.date == due
    assert deadline.estimated is False


def test_a_year_without_holiday_data_falls_back_to_monday_to_friday_and_says_so():
    assert not has_holiday_data(2099)
    # 2099-01-01 is a Thursday; New Year's Day would be off in a known year, here it is not known.
    assert is_working_day(date(2099, 1, 1)) and not is_working_day(date(2099, 1, 3))
    deadline = add_working_days(date(2099, 1, 1), 2)
    assert deadline.date == date(2099, 1, 5)  # Fri 01-02, then Mon 01-05
    assert deadline.estimated is True


def test_a_deadline_reaching_into_an_unknown_year_is_estimated():
    last_known = max(year for year in range(2004, 2100) if has_holiday_data(year))
    deadline = add_working_days(date(last_known, 12, 28), 10)
    assert deadline.date.year == last_known + 1
    assert deadline.estimated is True
