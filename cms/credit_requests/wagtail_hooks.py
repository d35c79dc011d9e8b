"""Admin wiring: the 异议与信用修复 menu, audit log actions, and the dashboard panel."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .admin_views import CreditRequestsViewSetGroup, DeadlinesPanel, can_view

STEP_ACTIONS = {
    "credit_requests.file": "提交申请",
    "credit_requests.accept": "受理",
    "credit_requests.check": "核查",
    "credit_requests.provider_answer": "数据提供单位答复",
    "credit_requests.report": "结果报送",
}


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CreditRequestsViewSetGroup()


@hooks.register("register_log_actions")
def register_credit_request_actions(actions):
    for action, label in STEP_ACTIONS.items():
        actions.register_action(action, label, label)

    @actions.register_action("credit_requests.decide")
    class DecisionFormatter(LogFormatter):
        label = "作出决定"

        def format_message(self, log_entry):
            return f"作出决定：{log_entry.data.get('label', '')}"

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    if can_view(request.user):
        panels.append(DeadlinesPanel(request.user))
