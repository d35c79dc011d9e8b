"""Occurrence expansion: pure functions over plain schedules (no database)."""

from dataclasses import dataclass
from datetime import date

import pytest

from cms.campaigns import occurrences as occ
from cms.campaigns.occurrences import CANCELLED, EXPLICIT, MOVED, DatedRow, Schedule


@dataclass(frozen=True)
class FakeEvent:
    name: str
    schedule: Schedule
    pk: int = 0


def fixed(month, day, *rows, name="节点"):
    return FakeEvent(
        name, Schedule(rule=f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}", rows=tuple(rows))
    )


def whole_month(month, name="整月"):
    return FakeEvent(
        name, Schedule(rule=f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY=1", whole_month=True)
    )


def dates_only(*rows, name="逐年"):
    return FakeEvent(name, Schedule(rule="", rows=tuple(rows)))


def spans(found):
    return [(o.event.name, o.year, o.sequence, o.start, o.end) for o in found]


def test_fixed_day_once_a_year_all_day():
    event = fixed(3, 15, name="国际消费者权益日")
    found = occ.expand([event], date(2025, 1, 1), date(2027, 12, 31))
    assert spans(found) == [
        ("国际消费者权益日", y, 1, date(y, 3, 15), date(y, 3, 15)) for y in (2025, 2026, 2027)
    ]
    assert all(o.all_day for o in found)


def test_whole_month_ends_on_the_months_last_day():
    june = whole_month(6, name="安全生产月")
    (occurrence,) = occ.expand(
        [june], date(2026, 6, 10), date(2026, 6, 10)
    )  # a day inside the month
    assert (occurrence.start, occurrence.end) == (date(2026, 6, 1), date(2026, 6, 30))


def test_whole_february_has_29_days_in_a_leap_year_only():
    february = whole_month(2)
    found = occ.expand([february], date(2023, 1, 1), date(2025, 12, 31))
    assert [(o.start, o.end) for o in found] == [
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 2, 1), date(2025, 2, 28)),
    ]


def test_29_february_occurs_only_in_leap_years():
    found = occ.expand([fixed(2, 29)], date(2023, 1, 1), date(2029, 12, 31))
    assert [o.start for o in found] == [date(2024, 2, 29), date(2028, 2, 29)]


def test_dates_entered_per_year_with_rounds():
    good_people = dates_only(
        DatedRow(2026, EXPLICIT, 1, date(2026, 4, 20), date(2026, 4, 26)),
        DatedRow(2026, EXPLICIT, 2, date(2026, 12, 14), date(2026, 12, 20)),
        DatedRow(2027, EXPLICIT, 1, date(2027, 4, 19), date(2027, 4, 25)),
        name="阳江好人",
    )
    found = occ.expand([good_people], date(2026, 1, 1), date(2026, 12, 31))
    assert spans(found) == [
        ("阳江好人", 2026, 1, date(2026, 4, 20), date(2026, 4, 26)),
        ("阳江好人", 2026, 2, date(2026, 12, 14), date(2026, 12, 20)),
    ]
    assert {o.key for o in found} == {(0, 2026, 1), (0, 2026, 2)}


def test_a_one_day_explicit_date_needs_no_end():
    event = dates_only(DatedRow(2026, EXPLICIT, 1, date(2026, 12, 10)))
    (occurrence,) = occ.expand([event], date(2026, 12, 1), date(2026, 12, 31))
    assert occurrence.start == occurrence.end == date(2026, 12, 10)


def test_cancelled_year_is_skipped_and_moved_year_takes_its_new_dates():
    event = fixed(
        6,
        14,
        DatedRow(2026, CANCELLED),
        DatedRow(2027, MOVED, 1, date(2027, 6, 12), date(2027, 6, 13), "周末举办"),
    )
    found = occ.expand([event], date(2025, 1, 1), date(2028, 12, 31))
    assert [(o.year, o.start, o.end, o.source) for o in found] == [
        (2025, date(2025, 6, 14), date(2025, 6, 14), "rule"),
        (2027, date(2027, 6, 12), date(2027, 6, 13), MOVED),
        (2028, date(2028, 6, 14), date(2028, 6, 14), "rule"),
    ]
    assert found[1].note == "周末举办"


def test_moved_into_the_range_from_outside_is_found_and_original_date_is_gone():
    event = fixed(3, 5, DatedRow(2026, MOVED, 1, date(2026, 4, 2)))
    assert occ.expand([event], date(2026, 3, 1), date(2026, 3, 31)) == []
    assert [o.start for o in occ.expand([event], date(2026, 4, 1), date(2026, 4, 30))] == [
        date(2026, 4, 2)
    ]


def test_cross_year_range_belongs_to_its_start_year_and_appears_in_both_years():
    event = dates_only(
        DatedRow(2026, EXPLICIT, 1, date(2026, 12, 28), date(2027, 1, 3)), name="跨年"
    )
    in_january = occ.expand([event], date(2027, 1, 1), date(2027, 1, 31))
    in_december = occ.expand([event], date(2026, 12, 1), date(2026, 12, 31))
    assert (
        spans(in_january)
        == spans(in_december)
        == [("跨年", 2026, 1, date(2026, 12, 28), date(2027, 1, 3))]
    )
    assert occ.occurrences_in_year(event, 2027) == []


def test_cross_year_rule_week_reaches_into_the_next_year():
    # The last Monday of December, for a week: the 2026 one runs 28 Dec 2026 – 3 Jan 2027.
    event = FakeEvent("年末周", Schedule(rule="FREQ=YEARLY;BYMONTH=12;BYDAY=-1MO", duration_days=7))
    found = occ.expand([event], date(2027, 1, 2), date(2027, 1, 2))
    assert spans(found) == [("年末周", 2026, 1, date(2026, 12, 28), date(2027, 1, 3))]


def test_week_rule_third_monday_of_june():
    event = FakeEvent(
        "宣传周", Schedule(rule="RRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=3MO", duration_days=7)
    )
    found = occ.expand([event], date(2026, 1, 1), date(2027, 12, 31))
    assert [(o.start, o.end) for o in found] == [
        (date(2026, 6, 15), date(2026, 6, 21)),
        (date(2027, 6, 21), date(2027, 6, 27)),
    ]


def test_rule_with_several_dates_a_year_numbers_them():
    event = FakeEvent("季度", Schedule(rule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=10"))
    found = occ.expand([event], date(2026, 6, 1), date(2026, 12, 31))
    assert [(o.year, o.sequence, o.start) for o in found] == [
        (2026, 3, date(2026, 7, 10)),
        (2026, 4, date(2026, 10, 10)),
    ]


def test_first_year_bounds_the_rule():
    event = FakeEvent(
        "新节点", Schedule(rule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5", first_year=2026)
    )
    assert [o.year for o in occ.expand([event], date(2024, 1, 1), date(2027, 12, 31))] == [
        2026,
        2027,
    ]


def test_many_events_are_sorted_by_date_then_name():
    events = [
        fixed(6, 14, name="关爱日"),
        whole_month(6, name="安全生产月"),
        fixed(3, 5, name="学雷锋"),
    ]
    found = occ.expand(events, date(2026, 1, 1), date(2026, 12, 31))
    assert [o.event.name for o in found] == ["学雷锋", "安全生产月", "关爱日"]


def test_rule_that_yields_nothing_and_bad_syntax():
    assert occ.first_rule_date(Schedule(rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")) is None
    assert occ.first_rule_date(
        Schedule(rule="FREQ=YEARLY;BYMONTH=6;BYDAY=3MO", first_year=2026)
    ) == date(2026, 6, 15)
    with pytest.raises(occ.RuleError):
        occ.parse_rule("FREQ=SOMETIMES")


def test_row_problems_name_the_field_in_chinese():
    schedule = Schedule(
        rule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
        rows=(
            DatedRow(2026, EXPLICIT, 1, date(2026, 3, 20)),  # the rule already gives 2026 round 1
            DatedRow(2026, EXPLICIT, 2, date(2026, 9, 1)),  # a second round: fine
            DatedRow(2026, EXPLICIT, 2, date(2026, 10, 1)),  # the same round twice
            DatedRow(2027, MOVED, 2, date(2027, 3, 1)),  # the rule has no second 2027 date
        ),
    )
    problems = occ.row_problems(schedule)
    assert [(index, field) for index, field, _ in problems] == [
        (0, "sequence"),
        (2, "sequence"),
        (3, "sequence"),
    ]
    assert "已由重复规则产生" in problems[0][2] and "同一年份和批次只能有一行" in problems[1][2]
    no_rule = Schedule(rule="", rows=(DatedRow(2026, CANCELLED),))
    assert occ.row_problems(no_rule) == [
        (0, "kind", "类型：该节点没有重复规则，只能填写“单独日期”。")
    ]
