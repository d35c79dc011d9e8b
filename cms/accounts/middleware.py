"""Middleware of the staff-security layer (see docs/security.md).

Order matters and is set in settings: the network gate and the CSP come right
after SecurityMiddleware; session limits and the second-factor requirement
right after django-otp's OTPMiddleware.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve, reverse

from axes.handlers.proxy import AxesProxyHandler
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from cms.home.sensitive_pages import refuse_if_limited

from . import audit
from .network import admin_reachable_from, client_ip
from .second_factor import all_devices
from .views import lockout

SESSION_STARTED_KEY = "accounts_session_started"
SESSION_SEEN_KEY = "accounts_session_seen"
# Write the last-seen time at most this often: one session write a minute, not one a request.
SEEN_GRANULARITY_SECONDS = 60

DJANGO_ADMIN_PREFIX = "/django-admin/"

# Admin URLs a signed-in user reaches before the second factor.
BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "accounts:verify",
    "accounts:enrol",
}
# Requests that are not the person at work: polling must not keep a session alive.
NOT_ACTIVITY_NAMESPACES = {"wagtailadmin_editing_sessions"}


def admin_prefix():
    return reverse("wagtailadmin_home")


def is_admin_path(path):
    return path.startswith((admin_prefix(), DJANGO_ADMIN_PREFIX))


def _url_match(request):
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


class AdminNetworkGateMiddleware:
    """Outside ADMIN_ALLOWED_NETWORKS the admin does not exist: 404, like any unknown path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_path(request.path_info) and not admin_reachable_from(client_ip(request)):
            raise Http404("admin not reachable from this network")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the admin's own policy (inline scripts, no nonce) under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            # A nonce would switch 'unsafe-inline' off, which Wagtail's own widgets need.
            directives = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            return PolicyParts(default_config(directives), parts.update, parts.replace, None)
        return parts


class AdminSessionMiddleware:
    """Signed-in sessions end after ADMIN_SESSION_IDLE_SECONDS idle and ADMIN_SESSION_MAX_SECONDS in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                audit.log_session_expired(request, request.user, expired)
                logout(request)
                if is_admin_path(request.path_info):
                    messages.warning(request, _expired_message(expired))
                    return redirect_to_login(
                        request.get_full_path(), login_url=reverse("wagtailadmin_login")
                    )
        return self.get_response(request)

    def _expired(self, request):
        now = time.time()
        session = request.session
        started = session.setdefault(SESSION_STARTED_KEY, now)
        seen = session.get(SESSION_SEEN_KEY, now)
        if now - started > settings.ADMIN_SESSION_MAX_SECONDS:
            return "max"
        if now - seen > settings.ADMIN_SESSION_IDLE_SECONDS:
            return "idle"
        match = _url_match(request)
        is_activity = match is None or match.namespace not in NOT_ACTIVITY_NAMESPACES
        if is_activity and (
            now - seen >= SEEN_GRANULARITY_SECONDS or SESSION_SEEN_KEY not in session
        ):
            session[SESSION_SEEN_KEY] = now
        return None


def _expired_message(why):
    if why == "idle":
        minutes = settings.ADMIN_SESSION_IDLE_SECONDS // 60
        return f"您已超过 {minutes} 分钟未操作，为保护账号安全已自动退出，请重新登录。"
    hours = settings.ADMIN_SESSION_MAX_SECONDS / 3600
    return f"本次登录已超过 {hours:g} 小时，为保护账号安全已自动退出，请重新登录。"


class SecondFactorRequiredMiddleware:
    """No admin page, viewset or admin API answers a session without a verified second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            is_admin_path(request.path_info)
            and request.user.is_authenticated
            and not request.user.is_verified()
        ):
            match = _url_match(request)
            if match is None or match.view_name not in BEFORE_SECOND_FACTOR:
                step = "accounts:enrol" if not all_devices(request.user) else "accounts:verify"
                return redirect_to_login(request.get_full_path(), login_url=reverse(step))
        return self.get_response(request)


PASSWORD_RESET_VIEWS = {"wagtailadmin_password_reset", "wagtailadmin_password_reset_confirm"}


class PasswordResetGuardMiddleware:
    """The password reset is a login path too: a locked IP is refused, and requests are rate limited."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and is_admin_path(request.path_info):
            match = _url_match(request)
            if match is not None and match.view_name in PASSWORD_RESET_VIEWS:
                refused = self._refusal(request)
                if refused is not None:
                    return refused
        return self.get_response(request)

    def _refusal(self, request):
        if AxesProxyHandler.is_locked(request, {"username": None}):
            return lockout(request)
        return refuse_if_limited(request, "accounts.password_reset")


class AuditContextMiddleware:
    """Makes the request known to audit receivers (group and permission changes) for its IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            audit.current_request.reset(token)
