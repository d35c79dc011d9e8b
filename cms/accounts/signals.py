"""Receivers that put account events into the audit log (connected in AppConfig.ready)."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from wagtail.models import GroupCollectionPermission, GroupPagePermission

from axes.models import AccessAttempt, AccessFailureLog
from axes.signals import user_locked_out

from . import audit
from .middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY


def _logged_in(sender, request, user, **kwargs):
    now = time.time()
    if hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now
    audit.record("accounts.login", user, request=request, actor=user, username=user.get_username())


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(
            "accounts.logout", user, request=request, actor=user, username=user.get_username()
        )


def _login_failed(sender, instance, created, **kwargs):
    """django-axes writes one AccessFailureLog row per failed login, on every login path."""
    if not created:
        return
    target = audit.user_named(instance.username) or instance
    audit.record(
        "accounts.login_failed",
        target,
        actor=None,
        username=instance.username or "",
        ip=instance.ip_address or "",
    )


def _locked_out(sender, request, username, ip_address, **kwargs):
    target = audit.user_named(username)
    if target is None:
        target = (
            AccessAttempt.objects.filter(ip_address=ip_address).order_by("-attempt_time").first()
        )
    if target is not None:
        what = (
            f"账号 {username} 或 IP {ip_address} 连续登录失败" if username else f"IP {ip_address}"
        )
        audit.record(
            "accounts.locked_out",
            target,
            request=request,
            actor=None,
            username=username or "",
            detail=what,
        )


PRIVILEGE_FLAGS = {"is_superuser": "超级管理员", "is_staff": "职员状态", "is_active": "账号启用"}


def _remember_flags(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(PRIVILEGE_FLAGS):
        return  # e.g. last_login on every sign-in
    if instance.pk:
        old = sender._default_manager.filter(pk=instance.pk).values(*PRIVILEGE_FLAGS).first()
        instance._accounts_old_flags = old


def _user_saved(sender, instance, created, **kwargs):
    if created:
        return
    # AbstractBaseUser keeps the new raw password in _password until save() is done.
    if getattr(instance, "_password", None) is not None:
        audit.record("accounts.password_changed", instance, username=instance.get_username())
    old = getattr(instance, "_accounts_old_flags", None) or {}
    changes = [
        f"{label}：{'是' if old[flag] else '否'}→{'是' if getattr(instance, flag) else '否'}"
        for flag, label in PRIVILEGE_FLAGS.items()
        if flag in old and old[flag] != getattr(instance, flag)
    ]
    if changes:
        audit.record(
            "accounts.permissions_changed",
            instance,
            username=instance.get_username(),
            detail="，".join(changes),
        )


def _membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or (
        action != "post_clear" and not pk_set
    ):
        return
    verb = {"post_add": "加入", "post_remove": "移出", "post_clear": "清空"}[action]
    names = "、".join(str(obj) for obj in model._default_manager.filter(pk__in=pk_set or []))
    if sender is get_user_model().groups.through:
        event = "accounts.groups_changed"
    else:
        event = "accounts.permissions_changed"
    targets = (
        [instance] if not reverse else list(model._default_manager.filter(pk__in=pk_set or []))
    )
    for target in targets:
        label = names if not reverse else str(instance)
        audit.record(event, target, username=_name_of(target), detail=f"{verb}：{label}")


def _object_permission_changed(sender, instance, **kwargs):
    verb = "撤销" if kwargs.get("signal") is post_delete else "授予"
    scope = getattr(instance, "page", None) or getattr(instance, "collection", None)
    audit.record(
        "accounts.permissions_changed",
        instance.group,
        detail=f"{verb}：{instance.permission.name}（{scope}）",
    )


def _name_of(target):
    return target.get_username() if hasattr(target, "get_username") else str(target)


def connect():
    User = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="accounts_logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="accounts_logged_out")
    post_save.connect(_login_failed, sender=AccessFailureLog, dispatch_uid="accounts_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts_locked_out")
    pre_save.connect(_remember_flags, sender=User, dispatch_uid="accounts_user_flags")
    post_save.connect(_user_saved, sender=User, dispatch_uid="accounts_user_saved")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_membership_changed, sender=through, dispatch_uid=f"accounts_{through}")
    for model in (GroupPagePermission, GroupCollectionPermission):
        for signal in (post_save, post_delete):
            signal.connect(
                _object_permission_changed, sender=model, dispatch_uid=f"accounts_{model}_{signal}"
            )
