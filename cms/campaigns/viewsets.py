"""Admin views: the 宣传日历 snippet."""

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PublicityEvent


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
    # No search_fields: they restrict the search to named columns, which Wagtail's SQLite
    # full-text index does not have ("no such column: name"); the model's own index is used.
    ordering = ["month", "day", "name"]
