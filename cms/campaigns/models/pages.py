"""Page types: the campaign calendar (诚信宣传, /campaigns/) and the campaign pages under it."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.home.models import BasePage, SectionIndexPage

from .. import occurrences as occ
from ..blocks import CampaignBodyBlock
from ..calendar_feed import build_calendar
from .events import PublicityEvent

MIN_YEAR, MAX_YEAR = 2000, 2100  # calendar URLs outside this range are a 404
UPCOMING_DAYS = 365
WEEKDAY_NAMES = ["一", "二", "三", "四", "五", "六", "日"]  # Chinese weeks start on Monday


@dataclass
class CalendarEntry:
    """An occurrence as shown to the public, with its live campaign if there is one."""

    occurrence: occ.Occurrence
    campaign: object = None
    event_url: str = ""

    @property
    def event(self):
        return self.occurrence.event


def checked_year(year) -> int:
    year = int(year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("超出日历范围的年份")
    return year


class CampaignIndexPage(RoutablePageMixin, SectionIndexPage):
    """诚信宣传: upcoming publicity events, month grid, year agenda, event archives, iCalendar feeds."""

    subpage_types = ["campaigns.CampaignPage"]

    class Meta:
        verbose_name = "诚信宣传栏目"

    # Routes

    def _render(self, request, template, context):
        return TemplateResponse(request, template, {**self.get_context(request), **context})

    @path("", name="upcoming")
    def upcoming(self, request):
        return self._render(request, "campaigns/campaign_index_page.html", self.upcoming_context())

    @re_path(r"^(?P<year>\d{4})/$", name="year")
    def year_agenda(self, request, year):
        return self._render(
            request, "campaigns/year_agenda.html", self.year_context(checked_year(year))
        )

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$", name="month")
    def month_grid(self, request, year, month):
        year, month = checked_year(year), int(month)
        if not 1 <= month <= 12:
            raise Http404("没有这个月份")
        return self._render(request, "campaigns/month_grid.html", self.month_context(year, month))

    @re_path(r"^event/(?P<slug>[-\w]+)/$", name="event")
    def event_archive(self, request, slug):
        event = get_object_or_404(PublicityEvent.objects.with_dates(), slug=slug)
        return self._render(request, "campaigns/event_archive.html", self.event_context(event))

    # RoutablePageMixin matches against the path plus a "/", so feed routes end in "/" here;
    # their public URLs have none (feed_url(); cms/urls.py passes *.ics paths to Wagtail).
    @re_path(r"^calendar\.ics/$", name="calendar")
    def calendar_feed(self, request):
        return self._ics_response(
            request, PublicityEvent.objects.with_dates().prefetch_related("themes")
        )

    @re_path(r"^event/(?P<slug>[-\w]+)/calendar\.ics/$", name="event_calendar")
    def event_calendar_feed(self, request, slug):
        event = get_object_or_404(PublicityEvent.objects.with_dates(), slug=slug)
        return self._ics_response(
            request, [event], name=f"{event.name} - 信用阳江", filename=event.slug
        )

    # URLs of the routes

    def route_url(self, name, *args, base=None):
        """The absolute path of one of the calendar's routes, e.g. /campaigns/2026/3/."""
        return (base or self.url) + self.reverse_subpage(name, args=args)

    def feed_url(self, slug=None):
        """/campaigns/calendar.ics or /campaigns/event/<slug>/calendar.ics (no trailing slash)."""
        url = self.route_url("event_calendar", slug) if slug else self.route_url("calendar")
        return url.rstrip("/")

    def _month_url(self, day):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            return None
        return self.route_url("month", day.year, day.month)

    # Queries

    def live_campaigns(self):
        return (
            CampaignPage.objects.live()
            .public()
            .child_of(self)
            .select_related("event", "cover_image")
            .order_by("-start_date", "-first_published_at")
        )

    def calendar_entries(self, occurrences) -> list[CalendarEntry]:
        """Pair each occurrence with its live campaign in one query."""
        if not occurrences:
            return []
        keys = {(o.event.pk, o.year, o.sequence) for o in occurrences}
        campaigns = self.live_campaigns().filter(
            event_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
        )
        by_key = {(c.event_id, c.year, c.sequence): c for c in campaigns}
        base = self.url
        return [
            CalendarEntry(o, by_key.get(o.key), self.route_url("event", o.event.slug, base=base))
            for o in occurrences
        ]

    # What each route shows

    def upcoming_context(self):
        today = timezone.localdate()
        return {
            "today": today,
            "entries": self.calendar_entries(
                PublicityEvent.objects.upcoming(today, days=UPCOMING_DAYS)
            ),
            "campaigns": self.live_campaigns().prefetch_related("cover_image__renditions")[:6],
            "nav_month_url": self.route_url("month", today.year, today.month),
            "nav_year_url": self.route_url("year", today.year),
            "feed_url": self.feed_url(),
        }

    def month_context(self, year, month):
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        entries = self.calendar_entries(occ.expand(PublicityEvent.objects.calendar(), first, last))
        whole_month = [
            e for e in entries if e.occurrence.start <= first and e.occurrence.end >= last
        ]
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
            "previous_url": self._month_url(previous),
            "next_url": self._month_url(following),
            "year_url": self.route_url("year", year),
            "nav_month_url": self.route_url("month", year, month),
            "nav_year_url": self.route_url("year", year),
        }

    def year_context(self, year):
        occurrences = occ.expand(
            PublicityEvent.objects.calendar(), date(year, 1, 1), date(year, 12, 31)
        )
        entries = self.calendar_entries([o for o in occurrences if o.year == year])
        base = self.url
        months = [
            {
                "month": m,
                "url": self.route_url("month", year, m, base=base),
                "entries": [e for e in entries if e.occurrence.start.month == m],
            }
            for m in range(1, 13)
        ]
        return {
            "year": year,
            "months": months,
            "entries": entries,
            "nav_month_url": months[0]["url"],
            "nav_year_url": self.route_url("year", year, base=base),
            "previous_url": (
                self.route_url("year", year - 1, base=base) if year > MIN_YEAR else None
            ),
            "next_url": self.route_url("year", year + 1, base=base) if year < MAX_YEAR else None,
        }

    def event_context(self, event):
        today = timezone.localdate()
        campaigns = (
            self.live_campaigns()
            .filter(event=event)
            .order_by("-year", "-sequence")
            .prefetch_related("cover_image__renditions")
        )
        by_year = {}
        for campaign in campaigns:
            by_year.setdefault(campaign.year, []).append(campaign)
        return {
            "event": event,
            "next_occurrences": occ.expand([event], today, today + timedelta(days=2 * 366))[:3],
            "campaigns_by_year": sorted(by_year.items(), reverse=True),
            "feed_url": self.feed_url(event.slug),
        }

    def _ics_response(
        self, request, events, *, name="信用阳江宣传日历", filename="xinyong-yangjiang"
    ):
        base = self.url

        def event_url(event):
            return request.build_absolute_uri(self.route_url("event", event.slug, base=base))

        body = build_calendar(
            list(events), name=name, event_url=event_url, today=timezone.localdate()
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
        return response


class CampaignAudienceTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="tagged_audiences"
    )

    class Meta:
        verbose_name = "宣传对象"


class CampaignTopicTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )

    class Meta:
        verbose_name = "宣传话题"


class CampaignPage(BasePage):
    """宣传活动: the campaign of one occurrence (event + year [+ round]) of a publicity event."""

    event = models.ForeignKey(
        PublicityEvent, verbose_name="宣传节点", on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField("年份")
    sequence = models.PositiveSmallIntegerField(
        "批次", default=1, help_text="该节点一年有多次时（如“阳江好人”评选），填第几次"
    )
    start_date = models.DateField(
        "开始日期", null=True, blank=True, help_text="留空则取宣传节点的日期"
    )
    end_date = models.DateField(
        "结束日期", null=True, blank=True, help_text="留空则取宣传节点的日期"
    )
    organisers = models.TextField("主办/承办单位", blank=True, help_text="每行一个单位")
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(CampaignBodyBlock(), verbose_name="正文", use_json_field=True)
    audience_tags = ClusterTaggableManager(
        "宣传对象", through=CampaignAudienceTag, blank=True, related_name="audience_campaigns"
    )
    topic_tags = ClusterTaggableManager(
        "宣传话题", through=CampaignTopicTag, blank=True, related_name="topic_campaigns"
    )

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("event"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("sequence")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading="所属宣传节点",
        ),
        FieldPanel("organisers"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("audience_tags"),
        FieldPanel("topic_tags"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("year"),
        index.FilterField("start_date"),
        index.RelatedFields("event", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "宣传活动"
        indexes = [models.Index(fields=["event", "year", "sequence"])]

    @property
    def occurrence_label(self) -> str:
        round_text = f"第{self.sequence}批" if self.sequence != 1 else ""
        return f"{self.year}年{self.event.name}{round_text}" if self.event_id else ""

    @property
    def organiser_list(self) -> list[str]:
        return [line.strip() for line in self.organisers.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if not self.event_id or not self.year:
            return  # the required fields report themselves
        occurrence = occ.find_occurrence(self.event, self.year, self.sequence or 1)
        if occurrence is None:
            raise ValidationError(
                {
                    "year": f"年份：{self.event.name}在{self.year}年没有第{self.sequence}次宣传节点，请先在宣传日历中录入该年的日期。"
                }
            )
        self.start_date = self.start_date or occurrence.start
        self.end_date = self.end_date or occurrence.end
        if self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": f"结束日期：不能早于开始日期（{self.start_date:%Y-%m-%d}）。"}
            )
        rival = (
            CampaignPage.objects.filter(
                event_id=self.event_id, year=self.year, sequence=self.sequence
            )
            .exclude(pk=self.pk)
            .only("title")
            .first()
        )
        if rival is not None:
            raise ValidationError(
                {
                    "event": f"宣传节点：{self.occurrence_label}已有宣传活动《{rival.title}》，一个宣传节点只能对应一个宣传活动。"
                }
            )
