from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CreditRequestsConfig(AppConfig):
    name = "cms.credit_requests"
    label = "credit_requests"
    verbose_name = "异议与信用修复"

    def ready(self):
        from .permissions import on_post_migrate

        post_migrate.connect(
            on_post_migrate, sender=self, dispatch_uid="credit_requests.permissions"
        )
