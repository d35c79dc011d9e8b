"""Registers the campaigns app with the admin and the home page; the pieces live elsewhere."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .dashboard import add_upcoming_events_panel
from .home_sections import campaign_home_section
from .prefill import remember_requested_occurrence
from .viewsets import PublicityEventViewSet

register_snippet(PublicityEventViewSet)
hooks.register("construct_homepage_panels", add_upcoming_events_panel)
hooks.register("before_create_page", remember_requested_occurrence)
hooks.register("register_home_page_section", campaign_home_section)
