"""Security events in Wagtail's audit log (ModelLogEntry), each with user, IP and time.

The actions are registered with the register_log_actions hook (wagtail_hooks.py);
the log entry's timestamp is the time, `user` the person acting, and `data` holds
the client IP and the account name, which the message shows and the CSV export carries.
"""

from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.utils.functional import LazyObject

from wagtail.log_actions import LogFormatter, get_active_log_context, log

from .network import client_ip

# The request being served, so that signal receivers (group and permission
# changes) can record who made the change and from which IP.
current_request = ContextVar("accounts_current_request", default=None)

ACTIONS = {
    "accounts.login": "登录成功（密码）",
    "accounts.login_failed": "登录失败",
    "accounts.locked_out": "登录锁定",
    "accounts.unlocked": "解除登录锁定",
    "accounts.logout": "退出登录",
    "accounts.session_expired": "会话超时退出",
    "accounts.otp_verified": "双因素验证通过",
    "accounts.otp_failed": "双因素验证失败",
    "accounts.otp_enrolled": "绑定双因素设备",
    "accounts.otp_revoked": "停用双因素设备",
    "accounts.otp_removed": "移除双因素设备",
    "accounts.backup_codes_renewed": "重新生成备用验证码",
    "accounts.password_changed": "修改密码",
    "accounts.groups_changed": "用户组变更",
    "accounts.permissions_changed": "权限变更",
}


class SecurityEventFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = [self.label]
        if data.get("username"):
            parts.append(f"账号 {data['username']}")
        if data.get("detail"):
            parts.append(data["detail"])
        parts.append(f"IP {data.get('ip') or '未知'}")
        return "；".join(parts)


def register_actions(actions):
    """The register_log_actions hook: one formatter per security action."""
    for action, label in ACTIONS.items():
        formatter = type("Formatter", (SecurityEventFormatter,), {"label": label})
        actions.register_action(action)(formatter)


def record(action, target, *, request=None, actor=None, username="", detail="", ip=None):
    """Log `action` against `target` (a user, or a lockout record for an unknown name)."""
    request = request or current_request.get()
    if actor is None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        actor = actor or get_active_log_context().user
    if isinstance(target, LazyObject):
        # request.user is wrapped twice (auth, then django-otp); Wagtail's log
        # registry unwraps once and would silently log nothing.
        target = target.__class__._default_manager.get(pk=target.pk)
    if ip is None:
        ip = client_ip(request) if request is not None else ""
    data = {"ip": ip, "username": username}
    if detail:
        data["detail"] = detail
    return log(target, action, user=actor, data=data)


def record_own(request, action, detail=""):
    """Log an event of the signed-in user's own account."""
    user = request.user
    return record(
        action, user, request=request, actor=user, username=user.get_username(), detail=detail
    )


def user_named(username):
    if not username:
        return None
    return (
        get_user_model()
        ._default_manager.filter(**{get_user_model().USERNAME_FIELD: username})
        .first()
    )


def log_session_expired(request, user, why):
    detail = "空闲超时" if why == "idle" else "超过最长登录时长"
    record(
        "accounts.session_expired",
        user,
        request=request,
        actor=user,
        username=user.get_username(),
        detail=detail,
    )
