"""Admin screen 导入失信名单: upload → preview (dry run) → confirm.

The preview step keeps only validated rows (masked ID and keyed hash, never
the raw number) in a private temporary file named by a random token held in
the session; confirming imports exactly those rows, all-or-nothing.
"""

import os
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import ImportUploadForm
from .importing import COLUMNS, import_file, import_saved_rows
from .models import ExposureListPage

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
            f"已导入到《{batch.title}》：新增{report.created}条，未变化{report.unchanged}条。",
        )
        from .wagtail_hooks import entry_viewset

        return redirect(reverse(entry_viewset.get_url_name("list")) + f"?batch={batch.pk}")
