"""Staff side: the request list (filters, search), the process view, evidence download, the
dashboard panels (deadlines; locked identity lookups and evidence storage).

Requests are created by the public and changed only through the steps (services.advance), so
the viewset offers no add, edit or delete; staff with the process permission advance a request.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import HistoryView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from cms.home.sensitive_pages import locked_lookups, unlock_lookups

from . import services
from .choices import KIND_CHOICES
from .models import CreditRequest, EvidenceFile, StepRule
from .targets import all_targets, get_target
from .workdays import FALLBACK_WARNING

PROCESS_PERMISSION = "credit_requests.process_creditrequest"
STEP_ACTIONS = {
    "credit_requests.file": "提交申请",
    "credit_requests.accept": "受理",
    "credit_requests.check": "核查",
    "credit_requests.provider_answer": "数据提供单位答复",
    "credit_requests.report": "结果报送",
}


class DecisionFormatter(LogFormatter):
    label = "作出决定"

    def format_message(self, log_entry):
        return f"作出决定：{log_entry.data.get('label', '')}"

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


DUE_SOON_DAYS = 3


def can_process(user):
    return user.has_perm(PROCESS_PERMISSION)


def can_view(user):
    return can_process(user) or user.has_perm("credit_requests.view_creditrequest")


class CreditRequestPermissionPolicy(ModelPermissionPolicy):
    """view = view or process permission; add/change/delete are never offered (see module doc)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "view":
            return can_view(user)
        return super().user_has_permission(user, action)


def target_choices():
    return [(target.key, target.label) for target in all_targets()]


class CreditRequestFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="申请类型", choices=KIND_CHOICES)
    status = django_filters.ChoiceFilter(label="状态", choices=CreditRequest.STATUS_CHOICES)
    target_key = django_filters.ChoiceFilter(label="记录类型", choices=target_choices)
    overdue = django_filters.BooleanFilter(label="已超期", method="filter_overdue")

    class Meta:
        model = CreditRequest
        fields = ["kind", "status", "target_key", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(next_due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class DueColumn(Column):
    cell_template_name = "credit_requests/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue(timezone.localdate())
        return context


class TargetColumn(Column):
    cell_template_name = "wagtailadmin/tables/cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = target_label(instance.target_key)
        return context


def target_label(key):
    try:
        return get_target(key).label
    except KeyError:
        return key


class ProcessView(InspectView):
    """The request, its record, its steps with deadlines, evidence, and the buttons to advance it."""

    template_name = "credit_requests/admin/process.html"
    page_title = "办理"
    any_permission_required = ["view"]

    def post(self, request, *args, **kwargs):
        if not can_process(request.user):
            raise PermissionDenied
        try:
            services.advance(
                self.object,
                user=request.user,
                action=request.POST.get("action", ""),
                note=request.POST.get("note", ""),
                http_request=request,
            )
        except services.RequestNotAllowed as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "已办理，并记入操作日志。")
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        credit_request, today = self.object, timezone.localdate()
        try:
            target = get_target(credit_request.target_key)
        except KeyError:
            target = None
        context.update(
            credit_request=credit_request,
            target=target,
            target_label=target_label(credit_request.target_key),
            staff_description=target.staff_description(credit_request.record_id) if target else "",
            record_admin_url=target.admin_url(credit_request.record_id) if target else None,
            steps=[(step, step.state(today)) for step in credit_request.steps.all()],
            evidence_files=credit_request.evidence_files.all(),
            actions=services.available_actions(credit_request)
            if can_process(self.request.user)
            else [],
            fallback_warning=FALLBACK_WARNING if credit_request.uses_estimated_calendar else "",
            today=today,
        )
        return context


class RequestHistoryView(HistoryView):
    """The audit trail is for everyone who may see the request (the default needs add/change/delete)."""

    any_permission_required = ["view"]


def download_evidence(request, pk):
    """Staff only: evidence is not under MEDIA_ROOT and has no public URL."""
    if not can_view(request.user):
        raise PermissionDenied
    item = get_object_or_404(EvidenceFile, pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("evidence file missing") from None
    filename = f"{item.request.tracking_number}-{item.pk}.{item.extension}"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class CreditRequestViewSet(ModelViewSet):
    model = CreditRequest
    icon = "form"
    menu_label = "申请办理"
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = ProcessView
    history_view_class = RequestHistoryView
    copy_view_enabled = False
    filterset_class = CreditRequestFilterSet
    search_fields = ["tracking_number", "name"]
    search_backend_name = None  # plain database lookups: a tracking number is an exact string
    list_display = [
        "tracking_number",
        "kind",
        TargetColumn("target", label="记录类型"),
        "name",
        "status",
        DueColumn("next_due_on", label="当前环节截止"),
        "filed_on",
    ]
    list_per_page = 50
    ordering = ["-created_at"]

    @property
    def permission_policy(self):
        return CreditRequestPermissionPolicy(self.model)

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(
            add_url_name=None, edit_url_name=None, delete_url_name=None, usage_url_name=None
        )
        return view_kwargs

    def get_urlpatterns(self):
        # No add/edit/delete routes: requests come from the public and change only through steps.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("evidence/<int:pk>/", download_evidence, name="evidence"),
        ]


class StepRuleViewSet(ModelViewSet):
    model = StepRule
    icon = "time"
    menu_label = "办理时限"
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["name", "working_days", "source"]
    list_display = ["kind", "order", "name", "working_days", "source"]
    list_filter = ["kind"]


class CreditRequestsViewSetGroup(ModelViewSetGroup):
    menu_label = "异议与信用修复"
    menu_icon = "form"
    menu_order = 310
    items = (CreditRequestViewSet("creditrequest"), StepRuleViewSet("steprule"))


class DeadlinesPanel(Component):
    """Dashboard: overdue and soon-due requests, so they stand out."""

    name = "credit_requests_deadlines"
    template_name = "credit_requests/admin/dashboard_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        open_requests = CreditRequest.objects.exclude(next_due_on__isnull=True).order_by(
            "next_due_on"
        )
        return {
            "overdue": list(open_requests.filter(next_due_on__lt=today)[:20]),
            "due_soon": list(
                open_requests.filter(
                    next_due_on__gte=today, next_due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
                )[:20]
            ),
            "today": today,
        }


class PrivacyPanel(Component):
    """Dashboard: identity lookups locked after too many failures (someone may be walking the
    candidates of a listed person's number), and how full the evidence storage is."""

    name = "credit_requests_privacy"
    template_name = "credit_requests/admin/privacy_panel.html"
    order = 95

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        used, quota = EvidenceFile.bytes_used(), settings.CREDIT_REQUEST_EVIDENCE_QUOTA
        return {
            "locks": locked_lookups(),
            "can_unlock": can_process(self.user),
            "evidence_used": used,
            "evidence_quota": quota,
            "evidence_percent": round(100 * used / quota, 1) if quota else 0,
            "csrf_token": parent_context.get("csrf_token"),
            "request": parent_context.get("request"),
        }


@require_POST
def unlock_lookup(request, key):
    """Lift a lock, e.g. once the person came to the counter with their ID card."""
    if not can_process(request.user):
        raise PermissionDenied
    unlock_lookups(key)
    messages.success(request, "已解除该号码的查询锁定。")
    return redirect("wagtailadmin_home")


def add_dashboard_panels(request, panels):
    """construct_homepage_panels: the two panels, for staff who may see requests."""
    if can_view(request.user):
        panels.append(DeadlinesPanel(request.user))
        panels.append(PrivacyPanel(request.user))
