"""Dashboard panel 前端缓存清除失败: purges that did not reach Varnish (shown only when there are some)."""

from datetime import timedelta

from django.utils import timezone

from wagtail.admin.ui.components import Component

from .models import FrontCachePurge

PANEL_DAYS = 7


def unsuccessful_purges():
    since = timezone.now() - timedelta(days=PANEL_DAYS)
    return FrontCachePurge.objects.filter(
        created_at__gte=since,
        status__in=[FrontCachePurge.Status.FAILED, FrontCachePurge.Status.RETRYING],
    )


class FailedPurgesPanel(Component):
    name = "front_cache_failed_purges"
    template_name = "front_cache/admin/failed_panel.html"
    order = 80

    def __init__(self, purges):
        self.purges = purges

    def get_context_data(self, parent_context):
        return {"purges": self.purges[:20], "count": len(self.purges), "days": PANEL_DAYS}


def failed_purges_panel(user):
    """The panel, or None when there is nothing to show or the user may not see it."""
    if not user.has_perm("front_cache.view_frontcachepurge"):
        return None
    purges = list(unsuccessful_purges())
    return FailedPurgesPanel(purges) if purges else None
