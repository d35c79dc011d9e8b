from django.apps import AppConfig


class CreditRequestsConfig(AppConfig):
    name = "cms.credit_requests"
    label = "credit_requests"
    verbose_name = "异议与信用修复"
