"""Views of the staff-security layer: lockout page, second factor, staff security, audit, CSP reports."""

import json
import logging
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import IntegerField, Value
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry

import django_otp
from axes.utils import reset as axes_reset

from . import audit, second_factor
from .lockout import locked_accounts_and_addresses

logger = logging.getLogger(__name__)


def has_security_permission(user, codename):
    """An accounts permission (see models/audit.py): superusers and the groups given it."""
    return user.is_active and user.has_perm(f"accounts.{codename}")


def lockout(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' refusal for a locked account or IP: a Chinese page, 429."""
    hours = settings.AXES_COOLOFF_TIME
    minutes = round(float(hours) * 60) if hours else None
    return render(
        request,
        "accounts/lockout.html",
        {"cooloff_minutes": minutes},
        status=429,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=32,
        help_text="手机身份验证器显示的 6 位数字，或一个备用验证码。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


class VerifyView(FormView):
    """Second step of the admin login: a TOTP code or a backup code."""

    template_name = "accounts/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_verified():
            return redirect(_next_url(request))
        if not second_factor.all_devices(user):
            return redirect(
                f"{reverse('accounts:enrol')}?{urlencode({'next': _next_url(request)})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            blocked=second_factor.blocked_reason(self.request.user),
            next=_next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        try:
            device = second_factor.verify(user, form.cleaned_data["code"])
        except second_factor.SecondFactorError as error:
            audit.record_own(self.request, "accounts.otp_failed", str(error))
            form.add_error("code", str(error))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        audit.record_own(self.request, "accounts.otp_verified", device.name)
        return redirect(_next_url(self.request))


class EnrolView(FormView):
    """First login (or after a staff reset): scan the QR code, confirm with a code, keep the backup codes."""

    template_name = "accounts/enrol.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if second_factor.all_devices(request.user):
            # Bound already, revoked or expired: binding again is a staff decision.
            return redirect(
                f"{reverse('accounts:verify')}?{urlencode({'next': _next_url(request)})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = second_factor.pending_device(
            self.request.user, second_factor.enrolment_key(self.request.session)
        )
        return super().get_context_data(
            qr_svg=second_factor.qr_svg(device.config_url),
            secret=second_factor.secret_text(device),
            next=_next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        try:
            device, codes = second_factor.confirm_enrolment(
                user, self.request.session, form.cleaned_data["code"]
            )
        except second_factor.SecondFactorError as error:
            form.add_error("code", str(error))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        audit.record_own(self.request, "accounts.otp_enrolled", device.name)
        return render(
            self.request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": _next_url(self.request)},
        )


class BackupCodesView(WagtailAdminTemplateMixin, TemplateView):
    """The signed-in user's own second factor: when bound, and a new set of backup codes."""

    template_name = "accounts/my_second_factor.html"
    page_title = "双因素验证"
    header_icon = "key"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            devices=second_factor.all_devices(self.request.user), **kwargs
        )

    def post(self, request):
        codes = second_factor.replace_backup_codes(request.user)
        audit.record_own(request, "accounts.backup_codes_renewed")
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": reverse("accounts:my_second_factor")},
        )


class StaffSecurityView(WagtailAdminTemplateMixin, TemplateView):
    """员工账号安全: lockouts to lift, second factors to revoke or reset."""

    template_name = "accounts/staff_security.html"
    page_title = "员工账号安全"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not has_security_permission(request.user, "manage_staff_security"):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        locked = locked_accounts_and_addresses()
        staff = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("username")
            .prefetch_related("groups")
        )
        rows = [
            {
                "user": user,
                "devices": second_factor.all_devices(user),
                "blocked": second_factor.blocked_reason(user),
            }
            for user in staff
            if user.is_superuser or user.has_perm("wagtailadmin.access_admin")
        ]
        return super().get_context_data(locked=locked, rows=rows, **kwargs)

    def post(self, request):
        action = request.POST.get("action")
        if action == "unlock":
            username, ip = request.POST.get("username"), request.POST.get("ip")
            if username:
                axes_reset(username=username)
                target = audit.user_named(username) or request.user
            elif ip:
                axes_reset(ip=ip)
                target = request.user
            else:
                return HttpResponseNotAllowed(["POST"])
            audit.record(
                "accounts.unlocked",
                target,
                request=request,
                username=username or "",
                detail=f"IP {ip}" if ip else "",
            )
            messages.success(request, f"已解除锁定：{username or ip}")
        elif action in ("revoke", "reset"):
            user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
            if action == "revoke":
                second_factor.revoke(user)
                event, text = "accounts.otp_revoked", "已停用其双因素设备"
            else:
                second_factor.reset(user)
                event, text = "accounts.otp_removed", "已重置双因素验证，下次登录时重新绑定"
            audit.record(event, user, request=request, username=user.get_username())
            messages.success(request, f"{user.get_username()}：{text}。")
        else:
            return HttpResponseNotAllowed(["POST"])
        return redirect("accounts:staff")


class SecurityAuditView(LogEntriesView):
    """安全审计日志: only the account events, with IP and account in the CSV/XLSX export."""

    page_title = "安全审计日志"
    index_url_name = "accounts:audit"
    index_results_url_name = "accounts:audit_results"

    def dispatch(self, request, *args, **kwargs):
        if not has_security_permission(request.user, "view_security_audit"):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    export_headings = {**LogEntriesView.export_headings, "message": "详情（账号、IP）"}
    list_export = [*LogEntriesView.list_export, "message"]

    def get_filename(self):
        return super().get_filename().replace("audit-log", "security-audit-log")

    def get_filtered_queryset(self):
        self.log_models = [ModelLogEntry]
        queryset = (
            ModelLogEntry.objects.filter(action__startswith="accounts.")
            .values("pk", "timestamp")
            .annotate(log_model_index=Value(0, output_field=IntegerField()))
        )
        return self.filter_queryset(queryset).order_by("-timestamp")


@csrf_exempt
def csp_report(request):
    """Browsers post CSP violations here; they go to the log, nothing is stored."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        report = json.loads(request.body[:10_000] or b"{}")
    except ValueError:
        report = {"unparsed": request.body[:500].decode("utf-8", "replace")}
    body = report.get("csp-report", report) if isinstance(report, dict) else report
    logger.warning("CSP violation: %s", json.dumps(body, ensure_ascii=False)[:2000])
    return HttpResponse(status=204)
