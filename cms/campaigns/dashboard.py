"""Admin dashboard panel 即将到来的宣传节点: what is coming and what is not prepared yet."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component

from . import occurrences as occ
from .models import CampaignIndexPage, PublicityEvent
from .prefill import OCCURRENCE_PARAM, occurrence_param
from .status import plan

PANEL_DAYS = 90


class UpcomingEventsPanel(Component):
    name = "campaigns_upcoming_events"
    template_name = "campaigns/admin/upcoming_panel.html"
    order = 90  # above Wagtail's own moderation panels: this is the publicity staff's to-do list

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        today = timezone.localdate()
        rows = plan(
            occ.expand(
                PublicityEvent.objects.calendar(), today, today + timedelta(days=PANEL_DAYS)
            ),
            today,
        )
        index = CampaignIndexPage.objects.order_by("path").first()
        can_add = index is not None and index.permissions_for_user(request.user).can_add_subpage()
        for row in rows:
            row.edit_url = (
                reverse("wagtailadmin_pages:edit", args=[row.page.pk]) if row.page else None
            )
            row.add_url = (
                (
                    reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", index.pk])
                    + f"?{OCCURRENCE_PARAM}={occurrence_param(row.occurrence)}"
                )
                if can_add and row.page is None
                else None
            )
        return {
            "rows": rows,
            "today": today,
            "days": PANEL_DAYS,
            "index": index,
            "attention_count": sum(row.needs_attention for row in rows),
        }


def add_upcoming_events_panel(request, panels):
    """construct_homepage_panels hook."""
    panels.append(UpcomingEventsPanel())
