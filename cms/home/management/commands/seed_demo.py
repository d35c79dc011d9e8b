"""Seed the demo site: every installed app with a `demo` module contributes its content.

Idempotent: a second run changes nothing.  Apps are seeded in INSTALLED_APPS
order, so the core (cms.home) builds the site tree before content apps add to it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

PROJECT_PACKAGES = ("cms.", "wechat")


class Command(BaseCommand):
    help = "创建演示站点内容（可重复运行，不会重复创建）"

    def handle(self, *args, **options):
        self.notices = []  # lines worth seeing at the end (e.g. the admin login)
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not app_config.name.startswith(PROJECT_PACKAGES):
                    continue
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(self)
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
        for notice in self.notices:
            self.stdout.write(notice)
