"""Admin registrations: the 异议与信用修复 menu, audit log actions, dashboard panels, admin URLs.

The views and panels themselves live in viewsets.py.
"""

from django.urls import path

from wagtail import hooks

from .viewsets import (
    STEP_ACTIONS,
    CreditRequestsViewSetGroup,
    DecisionFormatter,
    add_dashboard_panels,
    unlock_lookup,
)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CreditRequestsViewSetGroup()


@hooks.register("register_admin_urls")
def register_unlock_url():
    return [
        path(
            "credit-requests/lookup-locks/<str:key>/unlock/",
            unlock_lookup,
            name="credit_requests_unlock_lookup",
        )
    ]


@hooks.register("register_log_actions")
def register_credit_request_actions(actions):
    for action, label in STEP_ACTIONS.items():
        actions.register_action(action, label, label)
    actions.register_action("credit_requests.decide")(DecisionFormatter)


hooks.register("construct_homepage_panels", add_dashboard_panels)
