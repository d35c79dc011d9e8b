"""The iCalendar feed, parsed back with icalendar, gives the calendar staff entered."""

from datetime import date, datetime

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from cms.campaigns.models.events import DateKind, RecurrenceKind
from tests.campaigns.factories import PublicityEventDateFactory, PublicityEventFactory

pytestmark = pytest.mark.django_db


def feed(client, url="/campaigns/calendar.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def dates_in_year(vevent, year):
    """The start dates a recurring VEVENT yields in `year`, EXDATEs removed (as a calendar app does)."""
    start = vevent.decoded("dtstart")
    rule = rrulestr(vevent["rrule"].to_ical().decode(), dtstart=start)
    excluded = set()
    exdates = vevent.get("exdate")
    for exdate in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        excluded.update(d.dt for d in exdate.dts)
    found = rule.between(datetime(year, 1, 1), datetime(year, 12, 31), inc=True)
    return [d.date() for d in found if d.date() not in excluded]


def test_feed_for_a_year_gives_the_expected_events_and_rrules(
    client, index, consumer_day, safety_month, good_people
):
    PublicityEventDateFactory(
        event=consumer_day, year=2026, kind=DateKind.MOVED, start_date="2026-03-16", note="周一举办"
    )
    PublicityEventDateFactory(event=safety_month, year=2025, kind=DateKind.CANCELLED)
    calendar = feed(client)
    assert str(calendar["x-wr-calname"]) == "信用阳江宣传日历"
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"
    events = vevents(calendar)
    assert set(events) == {
        "3-15@xinyong.yangjiang",
        "3-15-2026@xinyong.yangjiang",
        "safety@xinyong.yangjiang",
        "good-people-2026@xinyong.yangjiang",
        "good-people-2026-2@xinyong.yangjiang",
    }
    consumer = events["3-15@xinyong.yangjiang"]
    assert dict(consumer["rrule"]) == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYMONTHDAY": [15]}
    assert consumer.decoded("dtstart") == date(2016, 3, 15) and consumer.decoded("dtend") == date(
        2016, 3, 16
    )
    assert consumer["dtstart"].params["VALUE"] == "DATE"
    assert dates_in_year(consumer, 2026) == []  # moved: EXDATE removes the rule's own date
    assert dates_in_year(consumer, 2027) == [date(2027, 3, 15)]
    moved = events["3-15-2026@xinyong.yangjiang"]
    assert (moved.decoded("dtstart"), moved.decoded("dtend")) == (
        date(2026, 3, 16),
        date(2026, 3, 17),
    )
    assert "周一举办" in str(moved["description"])
    safety = events["safety@xinyong.yangjiang"]
    assert (safety.decoded("dtstart"), safety.decoded("dtend")) == (
        date(2016, 6, 1),
        date(2016, 7, 1),
    )  # exclusive end
    assert dates_in_year(safety, 2025) == [] and dates_in_year(safety, 2026) == [date(2026, 6, 1)]
    second_round = events["good-people-2026-2@xinyong.yangjiang"]
    assert (second_round.decoded("dtstart"), second_round.decoded("dtend")) == (
        date(2026, 12, 14),
        date(2026, 12, 21),
    )
    assert "rrule" not in second_round
    assert str(second_round["url"]).endswith("/campaigns/event/good-people/")


def test_uids_are_stable_between_downloads(client, index, consumer_day, good_people):
    first = client.get("/campaigns/calendar.ics").content
    assert client.get("/campaigns/calendar.ics").content == first


def test_whole_february_is_written_per_year_because_its_length_varies(client, index):
    PublicityEventFactory(
        name="二月整月",
        slug="feb",
        recurrence_kind=RecurrenceKind.WHOLE_MONTH,
        month=2,
        day=None,
        first_year=2024,
    )
    events = vevents(feed(client))
    leap = events["feb-2024@xinyong.yangjiang"]
    assert (leap.decoded("dtstart"), leap.decoded("dtend")) == (date(2024, 2, 1), date(2024, 3, 1))
    plain = events["feb-2025@xinyong.yangjiang"]
    assert plain.decoded("dtend") == date(2025, 3, 1) and "rrule" not in plain


def test_one_event_feed(client, index, consumer_day, good_people):
    events = vevents(feed(client, "/campaigns/event/good-people/calendar.ics"))
    assert set(events) == {
        "good-people-2026@xinyong.yangjiang",
        "good-people-2026-2@xinyong.yangjiang",
    }
