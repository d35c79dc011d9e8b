"""The iCalendar feed of the publicity calendar (RFC 5545, built with the icalendar library).

What Apple, Google and Outlook calendars accept:
- a recurring event is one VEVENT with an RRULE, all-day (DTSTART;VALUE=DATE and an exclusive
  DTEND), and EXDATE for each year whose date was cancelled or moved;
- a moved or explicitly dated occurrence is its own VEVENT;
- UIDs never change between downloads: <slug>@xinyong.yangjiang for the series,
  <slug>-<year>[-<round>]@xinyong.yangjiang for a single occurrence.
A whole-month event in February has no fixed length (28 or 29 days), which an RRULE cannot say,
so such an event is written as one VEVENT per year instead.
"""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from . import occurrences as occ

PRODID = "-//信用阳江//宣传日历//ZH"
FEED_YEARS_AHEAD = 2  # how far ahead single VEVENTs are written for events with no constant length


def build_calendar(events, *, name, event_url, today: date) -> bytes:
    calendar = Calendar()
    for key, value in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("x-wr-calname", name),
        ("x-wr-timezone", "Asia/Shanghai"),
        (
            "x-wr-caldesc",
            "阳江市诚信宣传节点：学雷锋活动日、3·15、6·14信用记录关爱日、诚信兴商宣传月等",
        ),
        ("x-published-ttl", "P1D"),
    ):
        calendar.add(key, value)
    for event in events:
        for vevent in event_components(event, event_url(event), today):
            calendar.add_component(vevent)
    return calendar.to_ical()


def event_components(event, url, today: date) -> list[Event]:
    schedule = event.schedule
    stamp = _stamp(event)
    if schedule.rule and not _has_variable_length(schedule):
        components = [_series(event, schedule, url, stamp)]
        singles = [
            row for row in schedule.rows if row.kind != occ.CANCELLED and row.start is not None
        ]
        components += [
            _single(event, occ.row_occurrence(event, row), url, stamp) for row in singles
        ]
        return [c for c in components if c is not None]
    last = date(today.year + FEED_YEARS_AHEAD, 12, 31)
    return [
        _single(event, o, url, stamp)
        for o in occ.expand_one(event, schedule, date(event.first_year, 1, 1), last)
    ]


def _has_variable_length(schedule) -> bool:
    return schedule.whole_month and "BYMONTH=2;" in schedule.rule + ";"


def _series(event, schedule, url, stamp):
    first = occ.first_rule_date(schedule)
    if first is None:
        return None
    vevent = _base(event, event.uid(), url, stamp, first, schedule.span_end(first))
    vevent.add("rrule", vRecur.from_ical(schedule.rule))
    skipped = _skipped_rule_dates(schedule)
    if skipped:
        vevent.add("exdate", skipped)
    return vevent


def _skipped_rule_dates(schedule) -> list[date]:
    """The rule's own dates that were cancelled or moved elsewhere (EXDATE)."""
    skipped = []
    for row in schedule.rows:
        if row.kind not in (occ.CANCELLED, occ.MOVED):
            continue
        days = occ.rule_dates(schedule, date(row.year, 1, 1), date(row.year, 12, 31))
        if 0 < row.sequence <= len(days):
            skipped.append(days[row.sequence - 1])
    return sorted(skipped)


def _single(event, occurrence, url, stamp):
    vevent = _base(
        event,
        event.uid(occurrence.year, occurrence.sequence),
        url,
        stamp,
        occurrence.start,
        occurrence.end,
    )
    if occurrence.note:
        vevent["description"] = f"{occurrence.note}\n{vevent.get('description', '')}".strip()
    return vevent


def _base(event, uid, url, stamp, start, end_inclusive):
    vevent = Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.name)
    vevent.add("dtstart", start)  # a date: VALUE=DATE, an all-day event
    vevent.add("dtend", end_inclusive + timedelta(days=1))  # DTEND of an all-day event is exclusive
    description = "\n".join(filter(None, [event.description, _units_line(event)]))
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    vevent.add("transp", "TRANSPARENT")  # a publicity day does not make anyone busy
    themes = [tag.name for tag in event.themes.all()]
    if themes:
        vevent.add("categories", themes)
    return vevent


def _units_line(event):
    return f"责任单位：{'、'.join(event.units)}" if event.units else ""


def _stamp(event):
    updated = getattr(event, "updated_at", None)
    return updated.astimezone(UTC) if updated else datetime(2016, 1, 1, tzinfo=UTC)
