from wagtail import hooks

from .audit import register_actions
from .viewsets import StaffSecurityViewSet, account_menu_item, audit_menu_item

hooks.register("register_admin_viewset", StaffSecurityViewSet)
hooks.register("register_log_actions", register_actions)
hooks.register("register_reports_menu_item", audit_menu_item)
hooks.register("register_account_menu_item", account_menu_item)
