"""Admin: the failed-purge panel on the dashboard."""

from wagtail import hooks

from .dashboard import failed_purges_panel


@hooks.register("construct_homepage_panels")
def add_failed_purges_panel(request, panels):
    if panel := failed_purges_panel(request.user):
        panels.append(panel)
