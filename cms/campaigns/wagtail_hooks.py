"""Admin: the 宣传日历 snippet, the dashboard panel, campaign prefill, and home page sections."""

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import UpcomingEventsPanel
from .events import PublicityEvent
from .home_sections import campaign_home_section
from .prefill import remember_requested_occurrence


class PublicityEventFilterSet(WagtailFilterSet):
    class Meta:
        model = PublicityEvent
        fields = ["recurrence_kind", "month"]


class PublicityEventViewSet(SnippetViewSet):
    model = PublicityEvent
    menu_label = "宣传日历"
    menu_name = "publicity-calendar"
    icon = "date"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("recurrence_label", label="重复方式"),
        "lead_time_days",
        "updated_at",
    ]
    filterset_class = PublicityEventFilterSet
    search_fields = ["name", "description"]
    ordering = ["month", "day", "name"]


register_snippet(PublicityEventViewSet)


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    panels.append(UpcomingEventsPanel())


hooks.register("before_create_page", remember_requested_occurrence)


hooks.register("register_home_page_section", campaign_home_section)
