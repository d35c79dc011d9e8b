"""The honor roll pages: /honor-roll/ (lists, filters) and one page per list with its honorees.

A list is shown to the public as candidates (公示) from publicity_start to publicity_end, and
is final afterwards. Honorees are their own model (honorees.py); a page's queries are its methods.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.home.models import BasePage, SectionIndexPage
from cms.home.pagination import paginate

from ..forms import HonorRollFilterForm, HonorRollPageForm
from .honorees import Honoree

DEFAULT_PUBLICITY_DAYS = 7
INTRO_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def current_year():
    return timezone.localdate().year


class ListType(models.TextChoices):
    GOOD_PEOPLE = "good_people", "“阳江好人”榜"
    MODEL = "model", "诚信典型"
    RED_LIST = "red_list", "守信红榜"


class PublicityState(models.TextChoices):
    UPCOMING = "upcoming", "即将公示"
    OPEN = "open", "公示中"
    FINAL = "final", "已公布"


class HonorRollIndexPage(SectionIndexPage):
    """红榜 (/honor-roll/): every live list, filtered by year, category and town."""

    page_size = 12
    subpage_types = ["honor_roll.HonorRollPage"]

    class Meta:
        verbose_name = "诚信红榜栏目"

    def live_rolls(self):
        return (
            HonorRollPage.objects.live()
            .public()
            .child_of(self)
            .order_by("-year", "-publicity_start", "-pk")
        )

    def filter_form(self, data):
        rolls = self.live_rolls()
        years = rolls.order_by("-year").values_list("year", flat=True).distinct()
        return HonorRollFilterForm(data, years=list(years))

    def filtered(self, form):
        """(lists, honorees): the lists of the chosen year; honorees only when a category or a
        town is chosen (then the visitor is looking for people, not lists)."""
        rolls = self.live_rolls()
        if not form.is_valid():
            return rolls, None
        data = form.cleaned_data
        if data.get("year"):
            rolls = rolls.filter(year=data["year"])
        if not (data.get("category") or data.get("town")):
            return rolls, None
        honorees = Honoree.objects.public().filter(roll__in=rolls).for_cards()
        if data.get("category"):
            honorees = honorees.filter(category=data["category"])
        if data.get("town"):
            honorees = honorees.filter(town=data["town"])
        return rolls, honorees.order_by("-roll__year", "-roll__publicity_start", "sort_order", "pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.filter_form(request.GET or None)
        rolls, honorees = self.filtered(form)
        context["filter_form"] = form
        context["today"] = timezone.localdate()
        if honorees is None:
            context["rolls"] = paginate(rolls, request, self.page_size)
        else:
            context["honorees"] = paginate(honorees, request, self.page_size * 2)
        return context


class HonorRollPage(RoutablePageMixin, BasePage):
    """One list, e.g. 2026年第二季度“阳江好人”榜; its honorees are Honoree rows."""

    year = models.PositiveSmallIntegerField("评选年度", default=current_year)
    round_label = models.CharField(
        "评选批次", max_length=30, blank=True, help_text="如：第二季度、第3批"
    )
    list_type = models.CharField(
        "榜单类别", max_length=20, choices=ListType.choices, default=ListType.GOOD_PEOPLE
    )
    intro = RichTextField("榜单说明", blank=True, features=INTRO_FEATURES)
    recommending_unit = models.CharField("推荐单位", max_length=200, blank=True)
    occurrence_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="对应评选活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="宣传日历中本轮“阳江好人”评选的宣传活动页面（可选）",
    )
    publicity_start = models.DateField("公示开始日期", default=timezone.localdate)
    publicity_end = models.DateField(
        "公示结束日期",
        blank=True,
        help_text=f"留空则为开始日期起{DEFAULT_PUBLICITY_DAYS}天（含开始当天）",
    )

    page_size = 48
    base_form_class = HonorRollPageForm
    parent_page_types = ["honor_roll.HonorRollIndexPage"]
    subpage_types = []
    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("year"), FieldPanel("round_label"), FieldPanel("list_type")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("publicity_start"), FieldPanel("publicity_end")])],
            heading="公示期",
        ),
        FieldPanel("recommending_unit"),
        PageChooserPanel("occurrence_page", "campaigns.CampaignPage"),
        FieldPanel("intro"),
    ]
    # Honorees are indexed as their own model; the list indexes only its own text.
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.FilterField("year"),
    ]

    class Meta:
        verbose_name = "诚信红榜榜单"

    def clean(self):
        super().clean()
        if self.publicity_start and not self.publicity_end:
            self.publicity_end = self.publicity_start + timedelta(days=DEFAULT_PUBLICITY_DAYS - 1)
        if (
            self.publicity_start
            and self.publicity_end
            and self.publicity_end < self.publicity_start
        ):
            raise ValidationError(
                {"publicity_end": "公示结束日期不能早于公示开始日期，请重新选择。"}
            )

    def save(self, *args, **kwargs):
        if self.publicity_start and not self.publicity_end:
            self.publicity_end = self.publicity_start + timedelta(days=DEFAULT_PUBLICITY_DAYS - 1)
        return super().save(*args, **kwargs)

    def publicity_state(self, today=None):
        today = today or timezone.localdate()
        if today < self.publicity_start:
            return PublicityState.UPCOMING
        if today <= self.publicity_end:
            return PublicityState.OPEN
        return PublicityState.FINAL

    def objections_open(self, today=None):
        return self.publicity_state(today) == PublicityState.OPEN

    def public_honorees(self):
        return Honoree.objects.public().filter(roll=self).for_cards().order_by("sort_order", "pk")

    def honorees_awaiting_consent(self):
        """Honorees whose written consent is not (completely) recorded yet: the list may not be
        published or submitted for review while there are any. (Withdrawn or removed honorees
        simply stay hidden.)"""
        return (
            self.honorees.filter(removed_at__isnull=True, consent_withdrawn_at__isnull=True)
            .exclude(Honoree.consent_q())
            .order_by("sort_order", "pk")
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if urls and base:
            honorees = Honoree.objects.public().filter(roll=self).only("pk", "updated_at")
            urls += [
                {
                    "location": base + self.reverse_subpage("honoree", args=[h.pk]),
                    "lastmod": h.updated_at,
                }
                for h in honorees.order_by("sort_order", "pk")
            ]
        return urls

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["today"] = today
        context["publicity_state"] = self.publicity_state(today)
        return context

    @path("")
    def list_route(self, request):
        honorees = paginate(self.public_honorees(), request, self.page_size)
        return self.render(request, context_overrides={"honorees": honorees})

    @path("<int:honoree_id>/", name="honoree")
    def honoree_route(self, request, honoree_id):
        honoree = self.public_honorees().filter(pk=honoree_id).first()
        if honoree is None:
            raise Http404("no such public honoree")
        return self.render(
            request,
            template="honor_roll/honoree_page.html",
            context_overrides={"honoree": honoree},
        )
