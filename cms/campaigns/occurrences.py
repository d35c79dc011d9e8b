"""Occurrences (宣传节点) of publicity events for any date range.

Pure functions over plain data: no database access, no clock.  A model hands
its recurrence over as a `Schedule` (see `PublicityEvent.schedule`), and
`expand(events, start, end)` returns the occurrences that touch [start, end].

All dates are calendar days in Asia/Shanghai and every occurrence is all-day;
`end` is inclusive here (the iCalendar feed converts to an exclusive DTEND).

Identity: an occurrence is keyed (event, year, sequence).  Most events occur
once a year, so their key is (event, year, 1).  Events with several dates a
year (“阳江好人” rounds, or a rule yielding several dates) number them 1, 2, …
in date order for rule dates, and by the staff-entered 批次 for explicit dates.
The year of an occurrence is the year its first day falls in, so a range from
28 Dec 2026 to 3 Jan 2027 is the 2026 occurrence.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.rrule import rrulestr

RULE_SEARCH_YEARS = 50  # a rule with no date in this many years "produces no date"
HORIZON_YEAR = 2100  # rule dates are computed up to here (the calendar pages stop at 2100 too)
MAX_SPAN_DAYS = 366

EXPLICIT, MOVED, CANCELLED = "explicit", "moved", "cancelled"


@dataclass(frozen=True)
class DatedRow:
    """A per-year exception or explicitly dated occurrence entered by staff."""

    year: int
    kind: str  # EXPLICIT | MOVED | CANCELLED
    sequence: int = 1
    start: date | None = None
    end: date | None = None  # inclusive; None means a one-day occurrence
    note: str = ""


@dataclass(frozen=True)
class Schedule:
    """How one event recurs: an RFC 5545 RRULE (or none) plus per-year rows."""

    rule: str = ""  # e.g. "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5"; "" = dates entered per year
    first_year: int = 2016
    duration_days: int = 1
    whole_month: bool = False  # each rule date opens a month that ends on its last day
    rows: tuple[DatedRow, ...] = ()

    def span_end(self, start: date) -> date:
        """The last day of a rule occurrence starting on `start`."""
        if self.whole_month:
            return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        return start + timedelta(days=max(self.duration_days, 1) - 1)

    @property
    def max_span_days(self) -> int:
        return 31 if self.whole_month else max(self.duration_days, 1)


@dataclass(frozen=True)
class Occurrence:
    event: object
    year: int
    sequence: int
    start: date
    end: date  # inclusive
    source: str = "rule"  # "rule" | MOVED | EXPLICIT
    note: str = ""
    all_day: bool = field(default=True)

    @property
    def key(self):
        return (getattr(self.event, "pk", self.event), self.year, self.sequence)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class RuleError(ValueError):
    """An RRULE that cannot be parsed."""


@lru_cache(maxsize=2048)
def _parsed_rule(rule: str, first_year: int):
    try:
        return rrulestr(normalise_rule(rule), dtstart=datetime(first_year, 1, 1))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RuleError(str(exc)) from exc


def normalise_rule(rule: str) -> str:
    """Strip whitespace and a leading "RRULE:" so both spellings are accepted."""
    text = (rule or "").strip()
    return text[len("RRULE:") :] if text.upper().startswith("RRULE:") else text


def parse_rule(rule: str, first_year: int = 2016):
    """The dateutil rrule for `rule`; RuleError if it is not valid RFC 5545."""
    return _parsed_rule(normalise_rule(rule), first_year)


@lru_cache(maxsize=4096)
def _rule_date_list(rule: str, first_year: int, last_year: int) -> tuple[date, ...]:
    """Every date the rule yields from its first year to `last_year`, computed once per process.

    dateutil walks a rule from DTSTART on every call (about 1 ms per yearly rule per call);
    a sorted tuple and bisect make each later lookup a few microseconds."""
    parsed = parse_rule(rule, first_year)
    horizon = datetime(last_year, 12, 31)
    if parsed._count is None:  # bound the walk; a rule with COUNT ends by itself
        until = parsed._until
        parsed = parsed.replace(until=min(until, horizon) if until else horizon)
    return tuple(moment.date() for moment in parsed if moment <= horizon)


def rule_dates(schedule: Schedule, start: date, end: date) -> list[date]:
    """The dates the rule yields between start and end (inclusive)."""
    if not schedule.rule or end < start:
        return []
    # Computed up to the end of the decade asked for, so that the cache serves many ranges.
    last_year = min(HORIZON_YEAR, max(end.year // 10 * 10 + 9, schedule.first_year))
    dates = _rule_date_list(normalise_rule(schedule.rule), schedule.first_year, last_year)
    return list(dates[bisect_left(dates, start) : bisect_right(dates, end)])


def first_rule_date(schedule: Schedule, horizon_years: int = RULE_SEARCH_YEARS) -> date | None:
    """The first date the rule yields within `horizon_years`, or None if it yields none."""
    if not schedule.rule:
        return None
    last_year = min(HORIZON_YEAR, schedule.first_year + horizon_years)
    dates = _rule_date_list(normalise_rule(schedule.rule), schedule.first_year, last_year)
    if dates and dates[0].year <= schedule.first_year + horizon_years:
        return dates[0]
    return None


def _rule_occurrences(event, schedule: Schedule, start: date, end: date) -> dict:
    """Rule occurrences touching [start, end], keyed (year, sequence)."""
    if not schedule.rule:
        return {}
    # Whole years, so that each date's sequence within its year is right, and from
    # far enough back to catch an occurrence that began before `start`.
    first_year = (start - timedelta(days=schedule.max_span_days - 1)).year
    by_year: dict[int, list[date]] = {}
    for day in rule_dates(schedule, date(first_year, 1, 1), date(end.year, 12, 31)):
        by_year.setdefault(day.year, []).append(day)
    occurrences = {}
    for year, days in by_year.items():
        for sequence, day in enumerate(days, start=1):
            occurrences[(year, sequence)] = Occurrence(
                event, year, sequence, day, schedule.span_end(day)
            )
    return occurrences


def row_occurrence(event, row: DatedRow) -> Occurrence:
    return Occurrence(
        event,
        row.year,
        row.sequence,
        row.start,
        row.end or row.start,
        source=row.kind,
        note=row.note,
    )


def expand_one(event, schedule: Schedule, start: date, end: date) -> list[Occurrence]:
    """Occurrences of one event that touch [start, end], with its exceptions applied."""
    occurrences = _rule_occurrences(event, schedule, start, end)
    for row in schedule.rows:
        key = (row.year, row.sequence)
        if row.kind == CANCELLED:
            occurrences.pop(key, None)
        elif row.start is not None:  # MOVED replaces the rule's date, EXPLICIT adds one
            occurrences[key] = row_occurrence(event, row)
    return [o for o in occurrences.values() if o.end >= start and o.start <= end]


def _sort_key(occurrence: Occurrence):
    event = occurrence.event
    return (
        occurrence.start,
        occurrence.end,
        str(getattr(event, "name", event)),
        occurrence.year,
        occurrence.sequence,
    )


def expand(events, start: date, end: date) -> list[Occurrence]:
    """Every occurrence of `events` (objects with a `schedule` attribute or
    property returning a Schedule) touching [start, end], sorted by date."""
    found = []
    for event in events:
        found.extend(expand_one(event, event.schedule, start, end))
    return sorted(found, key=_sort_key)


def occurrences_in_year(event, year: int) -> list[Occurrence]:
    """The occurrences that belong to `year` (their first day is in that year)."""
    return [
        o
        for o in expand_one(event, event.schedule, date(year, 1, 1), date(year + 1, 12, 31))
        if o.year == year
    ]


def find_occurrence(event, year: int, sequence: int = 1) -> Occurrence | None:
    return next((o for o in occurrences_in_year(event, year) if o.sequence == sequence), None)


def row_problems(schedule: Schedule) -> list[tuple[int, str, str]]:
    """Rows that contradict the rule or each other: (row index, field name, message in Chinese)."""
    problems = []
    seen = {}
    rule_keys_by_year: dict[int, set] = {}

    def rule_keys(year):
        if year not in rule_keys_by_year:
            days = rule_dates(schedule, date(year, 1, 1), date(year, 12, 31))
            rule_keys_by_year[year] = {(year, n) for n in range(1, len(days) + 1)}
        return rule_keys_by_year[year]

    for index, row in enumerate(schedule.rows):
        if row.year is None:
            continue  # the row's own validation has already said so
        key = (row.year, row.sequence)
        if key in seen:
            problems.append(
                (
                    index,
                    "sequence",
                    f"批次：{row.year}年第{row.sequence}次已在第{seen[key] + 1}行填写，同一年份和批次只能有一行。",
                )
            )
            continue
        seen[key] = index
        if row.kind in (MOVED, CANCELLED) and not schedule.rule:
            problems.append((index, "kind", "类型：该节点没有重复规则，只能填写“单独日期”。"))
        elif row.kind in (MOVED, CANCELLED) and key not in rule_keys(row.year):
            problems.append(
                (
                    index,
                    "sequence",
                    f"批次：重复规则在{row.year}年没有第{row.sequence}次，无法改期或取消。",
                )
            )
        elif row.kind == EXPLICIT and schedule.rule and key in rule_keys(row.year):
            problems.append(
                (
                    index,
                    "sequence",
                    f"批次：{row.year}年第{row.sequence}次已由重复规则产生，请改选“改期”，或填写另一个批次号。",
                )
            )
    return problems
