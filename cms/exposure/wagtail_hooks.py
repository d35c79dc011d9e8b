"""Admin registrations of the exposure list (the views themselves live in viewsets.py)."""

from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .home_sections import latest_batches_section
from .moderation import APPROVE_ACTION, attach_review_workflow
from .status import DISMISSED_ACTION, IMPORT_ACTION, STATUS_ACTIONS
from .viewsets import ImportView, exposure_group

register_snippet(exposure_group)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("exposure/import/", ImportView.as_view(), name="exposure_import")]


@hooks.register("register_log_actions")
def register_exposure_log_actions(actions):
    for action, label in [
        *STATUS_ACTIONS.values(),
        DISMISSED_ACTION,
        IMPORT_ACTION,
        APPROVE_ACTION,
    ]:
        actions.register_action(action, label, label)


hooks.register("after_create_page", attach_review_workflow)
hooks.register("register_home_page_section", latest_batches_section)
