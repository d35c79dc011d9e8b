"""What the calendar's routes show: upcoming list, month grid, year agenda, event archive, feeds."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import occurrences as occ
from .calendar_feed import build_calendar
from .events import PublicityEvent

MIN_YEAR, MAX_YEAR = 2000, 2100  # calendar URLs outside this range are a 404
UPCOMING_DAYS = 365
WEEKDAY_NAMES = ["一", "二", "三", "四", "五", "六", "日"]  # Chinese weeks start on Monday


@dataclass
class Entry:
    """An occurrence as shown to the public, with its live campaign if there is one."""

    occurrence: occ.Occurrence
    campaign: object = None
    event_url: str = ""

    @property
    def event(self):
        return self.occurrence.event


def sub_url(index_page, name, *args, base=None):
    """The absolute path of one of the calendar's routes, e.g. /campaigns/2026/3/."""
    return (base or index_page.url) + index_page.reverse_subpage(name, args=args)


def feed_url(index_page, slug=None):
    """/campaigns/calendar.ics or /campaigns/event/<slug>/calendar.ics (no trailing slash)."""
    url = sub_url(index_page, "event_calendar", slug) if slug else sub_url(index_page, "calendar")
    return url.rstrip("/")


def checked_year(year) -> int:
    year = int(year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("超出日历范围的年份")
    return year


def get_event(slug):
    return get_object_or_404(PublicityEvent.objects.prefetch_related("dates"), slug=slug)


def all_events():
    return list(PublicityEvent.objects.prefetch_related("dates"))


def live_campaigns(index_page):
    from .pages import CampaignPage

    return (
        CampaignPage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("event", "cover_image")
        .order_by("-start_date", "-first_published_at")
    )


def with_campaigns(index_page, occurrences) -> list[Entry]:
    """Pair each occurrence with its live campaign in one query."""
    if not occurrences:
        return []
    keys = {(o.event.pk, o.year, o.sequence) for o in occurrences}
    campaigns = live_campaigns(index_page).filter(
        event_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
    )
    by_key = {(c.event_id, c.year, c.sequence): c for c in campaigns}
    base = index_page.url
    return [
        Entry(o, by_key.get(o.key), sub_url(index_page, "event", o.event.slug, base=base))
        for o in occurrences
    ]


def upcoming_occurrences(events, today, days=UPCOMING_DAYS, limit=None):
    """Occurrences still running or starting within `days` of today."""
    found = occ.expand(events, today, today + timedelta(days=days))
    return found[:limit] if limit else found


def upcoming_context(index_page):
    today = timezone.localdate()
    return {
        "today": today,
        "entries": with_campaigns(index_page, upcoming_occurrences(all_events(), today)),
        "campaigns": live_campaigns(index_page).prefetch_related("cover_image__renditions")[:6],
        "nav_month_url": sub_url(index_page, "month", today.year, today.month),
        "nav_year_url": sub_url(index_page, "year", today.year),
        "feed_url": feed_url(index_page),
    }


def month_context(index_page, year, month):
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    entries = with_campaigns(index_page, occ.expand(all_events(), first, last))
    whole_month = [e for e in entries if e.occurrence.start <= first and e.occurrence.end >= last]
    in_cells = [e for e in entries if e not in whole_month]
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "entries": [e for e in in_cells if e.occurrence.covers(day)],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous, following = first - timedelta(days=1), last + timedelta(days=1)
    return {
        "year": year,
        "month": month,
        "today": timezone.localdate(),
        "weeks": weeks,
        "weekday_names": WEEKDAY_NAMES,
        "entries": entries,
        "whole_month": whole_month,
        "previous_url": _month_url(index_page, previous),
        "next_url": _month_url(index_page, following),
        "year_url": sub_url(index_page, "year", year),
        "nav_month_url": sub_url(index_page, "month", year, month),
        "nav_year_url": sub_url(index_page, "year", year),
    }


def _month_url(index_page, day):
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    return sub_url(index_page, "month", day.year, day.month)


def year_context(index_page, year):
    entries = with_campaigns(
        index_page,
        [
            o
            for o in occ.expand(all_events(), date(year, 1, 1), date(year, 12, 31))
            if o.year == year
        ],
    )
    base = index_page.url
    months = [
        {
            "month": m,
            "url": sub_url(index_page, "month", year, m, base=base),
            "entries": [e for e in entries if e.occurrence.start.month == m],
        }
        for m in range(1, 13)
    ]
    return {
        "year": year,
        "months": months,
        "entries": entries,
        "nav_month_url": months[0]["url"],
        "nav_year_url": sub_url(index_page, "year", year, base=base),
        "previous_url": sub_url(index_page, "year", year - 1, base=base)
        if year > MIN_YEAR
        else None,
        "next_url": sub_url(index_page, "year", year + 1, base=base) if year < MAX_YEAR else None,
    }


def event_context(index_page, event):
    today = timezone.localdate()
    campaigns = list(
        live_campaigns(index_page)
        .filter(event=event)
        .order_by("-year", "-sequence")
        .prefetch_related("cover_image__renditions")
    )
    return {
        "event": event,
        "next_occurrences": occ.expand([event], today, today + timedelta(days=2 * 366))[:3],
        "campaigns_by_year": _group_by_year(campaigns),
        "feed_url": feed_url(index_page, event.slug),
    }


def _group_by_year(campaigns):
    years = {}
    for campaign in campaigns:
        years.setdefault(campaign.year, []).append(campaign)
    return sorted(years.items(), reverse=True)


def ics_response(
    index_page, request, events, *, name="信用阳江宣传日历", filename="xinyong-yangjiang"
):
    def event_url(event):
        return request.build_absolute_uri(sub_url(index_page, "event", event.slug, base=base))

    base = index_page.url

    body = build_calendar(list(events), name=name, event_url=event_url, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response
