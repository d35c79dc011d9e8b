"""The exposure pages: /exposure/ (batches, public search, 查询本人) and one page per batch.

Both are kept away from search engines and scrapers: X-Robots-Tag and the
robots meta tag, no sitemap entry, per-client rate limits on every route,
and entries only ever one paginated page at a time.
"""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from cms.home.models import BasePage, SectionIndexPage
from cms.home.pagination import paginate
from cms.home.sensitive_pages import protect, refuse_if_limited

from .entries import ExposureEntry


class ExposurePageMixin(RoutablePageMixin):
    """Rate limits, X-Robots-Tag and no sitemap for every exposure page and route."""

    def rate_limit_groups(self, request, route):
        return ("exposure.page",)

    def serve(self, request, view=None, args=None, kwargs=None):
        route = getattr(view, "__name__", "")
        response = refuse_if_limited(request, *self.rate_limit_groups(request, route))
        if response is None:
            response = super().serve(request, view, args, kwargs)
        return protect(response)

    def get_sitemap_urls(self, request=None):
        return []


class ExposureIndexPage(ExposurePageMixin, SectionIndexPage):
    """失信曝光 (/exposure/): the live batches, name search and 查询本人."""

    subpage_types = ["exposure.ExposureListPage"]

    class Meta:
        verbose_name = "失信曝光栏目"

    def rate_limit_groups(self, request, route):
        if route == "feed_route":
            return ("exposure.api",)
        if request.method == "POST":
            return ("exposure.self",)
        if request.GET.get("q"):
            return ("exposure.page", "exposure.search")
        return ("exposure.page",)

    def live_batches(self):
        return ExposureListPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    @path("")
    def index_route(self, request):
        from ..views import index_page_context

        context, status, private = index_page_context(self, request)
        response = self.render(request, context_overrides=context)
        response.status_code = status
        if private:
            # 查询本人 results concern one person: never in a shared cache.
            response["Cache-Control"] = "private, no-store"
        return response

    @path("feed/")
    def feed_route(self, request):
        from ..feeds import BatchFeed

        return BatchFeed(self)(request)


class ExposureListPage(ExposurePageMixin, BasePage):
    """A batch of the list, e.g. 2026年第3批严重失信主体名单; its entries are ExposureEntry rows."""

    intro = models.TextField("批次说明", blank=True)
    deciding_units = models.CharField(
        "认定单位", max_length=500, blank=True, help_text="多个单位用顿号分隔"
    )
    date = models.DateField("公布日期", default=timezone.localdate)

    page_size = 50

    parent_page_types = ["exposure.ExposureIndexPage"]
    subpage_types = []
    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("deciding_units"),
        FieldPanel("intro"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = "失信曝光批次"

    def rate_limit_groups(self, request, route):
        return ("exposure.api",) if route == "api_route" else ("exposure.page",)

    def public_entries(self, today=None):
        return ExposureEntry.objects.public(today, batch=self).for_display().order_by("pk")

    def entries_for_review(self, today=None):
        """What the reviewer previews before approving: the public entries and the pending ones
        (marked 待审核), i.e. what the public will see once the batch is published."""
        from ..choices import Status

        today = today or timezone.localdate()
        return (
            ExposureEntry.objects.filter(
                batch=self, status=Status.PUBLISHED, end_date__gte=today, minor_on_decision=False
            )
            .for_display()
            .order_by("pk")
        )

    @path("")
    def list_route(self, request):
        # Wagtail's preview (staff only, never cached) shows the reviewer the pending entries.
        previewing = getattr(request, "is_preview", False)
        entries = self.entries_for_review() if previewing else self.public_entries()
        return self.render(
            request,
            context_overrides={
                "entries": paginate(entries, request, self.page_size),
                "previewing": previewing,
            },
        )

    @path("api/")
    def api_route(self, request):
        from ..api import batch_entries_response

        return batch_entries_response(self, request)
