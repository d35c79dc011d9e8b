"""Page types: the campaign calendar (诚信宣传, /campaigns/) and the campaign pages under it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.home.models import BasePage

from . import occurrences as occ
from . import views
from .blocks import CampaignBodyBlock
from .events import PublicityEvent


class CampaignIndexPage(RoutablePageMixin, BasePage):
    """诚信宣传: upcoming publicity events, month grid, year agenda, event archives, iCalendar feeds."""

    intro = models.TextField("栏目介绍", blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1
    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "诚信宣传栏目"

    def _render(self, request, template, context):
        return TemplateResponse(request, template, {**self.get_context(request), **context})

    @path("", name="upcoming")
    def upcoming(self, request):
        return self._render(
            request, "campaigns/campaign_index_page.html", views.upcoming_context(self)
        )

    @re_path(r"^(?P<year>\d{4})/$", name="year")
    def year_agenda(self, request, year):
        return self._render(
            request,
            "campaigns/year_agenda.html",
            views.year_context(self, views.checked_year(year)),
        )

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$", name="month")
    def month_grid(self, request, year, month):
        year, month = views.checked_year(year), int(month)
        if not 1 <= month <= 12:
            raise Http404("没有这个月份")
        return self._render(
            request, "campaigns/month_grid.html", views.month_context(self, year, month)
        )

    @re_path(r"^event/(?P<slug>[-\w]+)/$", name="event")
    def event_archive(self, request, slug):
        return self._render(
            request,
            "campaigns/event_archive.html",
            views.event_context(self, views.get_event(slug)),
        )

    # RoutablePageMixin matches against the path plus a "/", so feed routes end in "/" here;
    # their public URLs have none (views.feed_url; cms/urls.py passes *.ics paths to Wagtail).
    @re_path(r"^calendar\.ics/$", name="calendar")
    def calendar_feed(self, request):
        return views.ics_response(
            self, request, PublicityEvent.objects.prefetch_related("dates", "themes")
        )

    @re_path(r"^event/(?P<slug>[-\w]+)/calendar\.ics/$", name="event_calendar")
    def event_calendar_feed(self, request, slug):
        event = views.get_event(slug)
        return views.ics_response(
            self, request, [event], name=f"{event.name} - 信用阳江", filename=event.slug
        )


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
