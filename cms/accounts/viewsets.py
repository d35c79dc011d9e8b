"""Admin views of staff security, grouped in one Wagtail ViewSet under /admin/security/."""

from django.urls import path, reverse

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .views import (
    BackupCodesView,
    EnrolView,
    SecurityAuditView,
    StaffSecurityView,
    VerifyView,
    has_security_permission,
)


class PermittedMenuItem(MenuItem):
    """A menu item shown only to staff holding `permission` (an accounts permission codename)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return has_security_permission(request.user, self.permission)


class StaffSecurityViewSet(ViewSet):
    name = "accounts"
    url_prefix = "security"
    icon = "lock"
    menu_label = "员工账号安全"
    add_to_settings_menu = True

    def get_urlpatterns(self):
        return [
            path("", StaffSecurityView.as_view(), name="staff"),
            path("verify/", VerifyView.as_view(), name="verify"),
            path("enrol/", EnrolView.as_view(), name="enrol"),
            path("my-second-factor/", BackupCodesView.as_view(), name="my_second_factor"),
            path("audit/", SecurityAuditView.as_view(), name="audit"),
            path(
                "audit/results/", SecurityAuditView.as_view(results_only=True), name="audit_results"
            ),
        ]

    def get_menu_item(self, order=None):
        return PermittedMenuItem(
            self.menu_label,
            reverse("accounts:staff"),
            name="staff-security",
            icon_name="lock",
            order=order or 900,
            permission="manage_staff_security",
        )


def audit_menu_item():
    return PermittedMenuItem(
        "安全审计日志",
        reverse("accounts:audit"),
        name="security-audit",
        icon_name="history",
        order=1001,
        permission="view_security_audit",
    )


def account_menu_item(request):
    return {
        "url": reverse("accounts:my_second_factor"),
        "label": "双因素验证",
        "help_text": "查看已绑定的身份验证器，重新生成备用验证码。",
    }
