"""Admin listing 前端缓存清除 (settings menu): every purge, filterable by status; read only."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import FrontCachePurge


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Purges are a record of what was sent: staff may look, nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class FrontCachePurgeViewSet(ModelViewSet):
    model = FrontCachePurge
    permission_policy = ViewOnlyPermissionPolicy(FrontCachePurge)
    menu_label = "前端缓存清除"
    name = "front-cache-purges"
    icon = "resubmit"
    add_to_settings_menu = True
    list_display = [
        "reason",
        "created_at",
        Column("get_status_display", label="状态"),
        "attempts",
        "finished_at",
    ]
    list_filter = ["status"]
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "reason",
        "created_at",
        "status",
        "attempts",
        "finished_at",
        "urls",
        "bans",
        "last_error",
    ]
    copy_view_enabled = False
    form_fields = ["reason"]  # never shown: the permission policy refuses add and edit
