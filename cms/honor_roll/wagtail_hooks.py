"""Admin registration of the honor roll (the code lives in viewsets.py, home_sections.py)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .home_sections import latest_roll_section
from .moderation import attach_workflow_to_index
from .viewsets import honor_roll_group, honoree_listing_buttons
from .withdrawal import LOG_ACTIONS

register_snippet(honor_roll_group)
hooks.register("register_snippet_listing_buttons", honoree_listing_buttons)
hooks.register("register_home_page_section", latest_roll_section)
hooks.register("after_create_page", attach_workflow_to_index)


@hooks.register("register_log_actions")
def register_honor_roll_log_actions(actions):
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
