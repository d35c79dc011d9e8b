"""Admin: the failed-purge panel on the dashboard and the purge listing."""

from wagtail import hooks

from .dashboard import failed_purges_panel
from .viewsets import FrontCachePurgeViewSet


@hooks.register("construct_homepage_panels")
def add_failed_purges_panel(request, panels):
    if panel := failed_purges_panel(request.user):
        panels.append(panel)


@hooks.register("register_admin_viewset")
def register_purge_listing():
    return FrontCachePurgeViewSet()
