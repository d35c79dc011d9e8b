"""Admin: download counts per document (报表 → 文件下载次数)."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import DocumentDownload


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Counts are written by downloads only; staff with the view permission read them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class DocumentDownloadViewSet(ModelViewSet):
    model = DocumentDownload
    icon = "download"
    menu_icon = "download"
    menu_label = "文件下载次数"
    menu_hook = "register_reports_menu_item"
    permission_policy = ReadOnlyPolicy(DocumentDownload)
    list_display = ["document", "count", "last_downloaded_at"]
    list_export = ["document", "count", "last_downloaded_at"]
    search_fields = ["document__title"]
    search_backend_name = None
    ordering = ["-count"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["document"]

    def get_queryset(self, request):
        return DocumentDownload.objects.select_related("document")


document_download_viewset = DocumentDownloadViewSet("document_downloads")
