"""Admin of the exposure list: entry and reference-list viewsets, and the 导入失信名单 screen.

The import screen goes upload → preview (dry run) → confirm. The preview step keeps only
validated rows (masked ID, keyed hash and sealed 18th birthday, never the raw number) in a
private temporary file named by a random token held in the session; confirming imports exactly
those rows, all-or-nothing. Imported rows wait for the reviewer (cms.exposure.moderation).
"""

import os
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import View

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .forms import ExposureEntryForm, ImportUploadForm
from .importing import COLUMNS, import_file, import_saved_rows
from .models import (
    ExposureEntry,
    ExposureImport,
    ExposureListPage,
    KeyArea,
    KeyGroup,
    SeverityPeriod,
)


class ExposureEntryFilterSet(WagtailFilterSet):
    end_date = django_filters.DateFromToRangeFilter(
        label="公示截止日期", widget=DateRangePickerWidget
    )

    pending_review = django_filters.BooleanFilter(label="待审核")

    class Meta:
        model = ExposureEntry
        fields = ["batch", "category", "severity", "key_area", "status", "pending_review"]


class PublicStateColumn(Column):
    """公众所见: computed today, beside the stored status (e.g. 已到期（待归档）)."""

    cell_template_name = "exposure/admin/public_state_cell.html"

    def get_value(self, instance):
        public_batches = {instance.batch_id} if instance.batch_is_public else set()
        return instance.public_state(timezone.localdate(), public_batch_ids=public_batches)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["is_public"] = context["value"] == "公示中"
        return context


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
        PublicStateColumn("public_state", label="公众所见"),
    ]
    filterset_class = ExposureEntryFilterSet
    # Entries are not in Wagtail's search index (by design): search the table itself.
    search_fields = ["name", "masked_id", "document_number", "authority"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["id_hash", "adult_from_sealed", "minor_on_decision"]
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
        # The listing shows the batch and key area of every row: join them once; whether the
        # batch is public (for 公众所见) comes with the same query.
        public_batches = ExposureListPage.objects.live().public().filter(pk=OuterRef("batch_id"))
        return ExposureEntry.objects.select_related("batch", "key_area").annotate(
            batch_is_public=Exists(public_batches)
        )


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
entry_viewset = next(
    viewset for viewset in exposure_group.registerables if viewset.model is ExposureEntry
)


SESSION_KEY = "exposure_import_preview"
STALE_AFTER = 24 * 3600


def preview_dir() -> Path:
    folder = Path(
        getattr(
            settings, "EXPOSURE_IMPORT_TMP", Path(tempfile.gettempdir()) / "xyyj-exposure-imports"
        )
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _preview_path(token) -> Path:
    if not token or not token.isalnum():
        raise PermissionDenied
    return preview_dir() / f"{token}.jsonl"


def _remove_stale_previews():
    cutoff = time.time() - STALE_AFTER
    for path in preview_dir().glob("*.jsonl"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


class ImportView(WagtailAdminTemplateMixin, View):
    page_title = "导入失信名单"
    header_icon = "upload"
    template_name = "exposure/admin/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("exposure.add_exposureentry"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request):
        initial = {}
        if request.GET.get("batch", "").isdigit():
            initial["batch"] = request.GET["batch"]
        return self.render_to_response(
            self.get_context_data(form=ImportUploadForm(initial=initial), columns=COLUMNS)
        )

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, columns=COLUMNS), status=400
            )
        _remove_stale_previews()
        token = secrets.token_hex(16)
        path = _preview_path(token)
        upload, batch = form.cleaned_data["file"], form.cleaned_data["batch"]
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as kept:
            report = import_file(
                upload.open("rb"), batch, file_name=upload.name, dry_run=True, keep_rows=kept
            )
        if report.ok:
            request.session[SESSION_KEY] = {
                "token": token,
                "batch": batch.pk,
                "file_name": upload.name,
            }
        else:
            path.unlink(missing_ok=True)
        status = 200 if report.ok else 400
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                batch=batch,
                token=token if report.ok else "",
                columns=COLUMNS,
            ),
            status=status,
        )

    def confirm(self, request):
        pending = request.session.get(SESSION_KEY) or {}
        if pending.get("token") != request.POST["token"]:
            messages.error(request, "预览已失效，请重新上传文件")
            return redirect("exposure_import")
        path = _preview_path(pending["token"])
        batch = ExposureListPage.objects.filter(pk=pending["batch"]).first()
        if batch is None or not path.exists():
            messages.error(request, "预览已失效，请重新上传文件")
            return redirect("exposure_import")
        try:
            with path.open(encoding="utf-8") as lines:
                report = import_saved_rows(
                    lines, batch, file_name=pending["file_name"], user=request.user
                )
        finally:
            path.unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
        if not report.ok:
            return self.render_to_response(
                self.get_context_data(
                    form=ImportUploadForm(), report=report, batch=batch, columns=COLUMNS
                ),
                status=409,
            )
        messages.success(
            request,
            f"已导入到《{batch.title}》：新增{report.created}条，未变化{report.unchanged}条。"
            "新增记录待审核：请提交该批次送信用审核，审核通过后公开。",
        )
        return redirect(reverse(entry_viewset.get_url_name("list")) + f"?batch={batch.pk}")
