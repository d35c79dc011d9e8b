from django.apps import AppConfig


class CreditRequestsConfig(AppConfig):
    name = "cms.credit_requests"
    label = "credit_requests"
    verbose_name = "异议与信用修复"

    def ready(self):
        from cms.home.roles import grant_after_every_migrate

        from .permissions import GRANTS

        grant_after_every_migrate(self, GRANTS)
