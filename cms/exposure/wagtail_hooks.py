"""Admin of the exposure list: entries, reference lists, import screen, audit actions, moderation."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .admin_views import ImportView
from .forms import ExposureEntryForm
from .home_sections import latest_batches_section
from .models import (
    ExposureEntry,
    ExposureImport,
    ExposureIndexPage,
    KeyArea,
    KeyGroup,
    SeverityPeriod,
)
from .moderation import ensure_exposure_moderation
from .status import DISMISSED_ACTION, IMPORT_ACTION, STATUS_ACTIONS


class ExposureEntryFilterSet(WagtailFilterSet):
    end_date = django_filters.DateFromToRangeFilter(
        label="公示截止日期", widget=DateRangePickerWidget
    )

    class Meta:
        model = ExposureEntry
        fields = ["batch", "category", "severity", "key_area", "status"]


class ExposureEntryViewSet(SnippetViewSet):
    model = ExposureEntry
    icon = "warning"
    menu_label = "失信主体"
    list_display = [
        "name",
        "masked_id",
        "batch",
        "severity",
        "key_area",
        "authority",
        "document_number",
        "end_date",
        "status",
    ]
    filterset_class = ExposureEntryFilterSet
    # Entries are not in Wagtail's search index (by design): search the table itself.
    search_fields = ["name", "masked_id", "document_number", "authority"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["id_hash", "minor_on_decision"]
    edit_handler = ObjectList(
        [
            FieldPanel("batch"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("id_number")], heading="当事人"),
            FieldRowPanel([FieldPanel("category"), FieldPanel("severity")]),
            FieldRowPanel([FieldPanel("key_area"), FieldPanel("key_group")]),
            FieldPanel("behaviour"),
            FieldPanel("legal_basis"),
            FieldRowPanel([FieldPanel("authority"), FieldPanel("document_number")]),
            FieldRowPanel([FieldPanel("decision_date"), FieldPanel("end_date")]),
            MultiFieldPanel([FieldPanel("status"), FieldPanel("status_reason")], heading="状态"),
        ],
        base_form_class=ExposureEntryForm,
    )

    def get_queryset(self, request):
        # The listing shows the batch and key area of every row: join them once.
        return ExposureEntry.objects.select_related("batch", "key_area")


class KeyAreaViewSet(SnippetViewSet):
    model = KeyArea
    icon = "tag"
    list_display = ["name", "sort_order", "active"]
    search_fields = ["name"]
    search_backend_name = None


class KeyGroupViewSet(KeyAreaViewSet):
    model = KeyGroup
    icon = "group"


class SeverityPeriodViewSet(SnippetViewSet):
    model = SeverityPeriod
    icon = "date"
    list_display = ["severity", "min_months", "max_months"]


class ExposureImportViewSet(SnippetViewSet):
    model = ExposureImport
    icon = "upload"
    list_display = [
        "file_name",
        "batch",
        "imported_by",
        "imported_at",
        "rows_total",
        "rows_created",
        "rows_unchanged",
    ]
    add_view_enabled = False  # imports come through 导入失信名单
    copy_view_enabled = False


class ExposureViewSetGroup(SnippetViewSetGroup):
    menu_label = "失信曝光"
    menu_icon = "warning"
    menu_order = 250
    items = (
        ExposureEntryViewSet,
        ExposureImportViewSet,
        KeyAreaViewSet,
        KeyGroupViewSet,
        SeverityPeriodViewSet,
    )

    def get_submenu_items(self):
        import_item = MenuItem(
            "导入失信名单", reverse("exposure_import"), icon_name="upload", order=5
        )
        return [import_item, *super().get_submenu_items()]


exposure_group = ExposureViewSetGroup()
register_snippet(exposure_group)
entry_viewset = next(
    viewset for viewset in exposure_group.registerables if viewset.model is ExposureEntry
)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("exposure/import/", ImportView.as_view(), name="exposure_import")]


@hooks.register("register_log_actions")
def register_exposure_log_actions(actions):
    for action, label in [*STATUS_ACTIONS.values(), DISMISSED_ACTION, IMPORT_ACTION]:
        actions.register_action(action, label, label)


@hooks.register("after_create_page")
def attach_review_workflow(request, page):
    if isinstance(page.specific, ExposureIndexPage):
        ensure_exposure_moderation(page)


hooks.register("register_home_page_section", latest_batches_section)
