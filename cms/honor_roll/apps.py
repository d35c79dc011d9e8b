from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HonorRollConfig(AppConfig):
    name = "cms.honor_roll"
    label = "honor_roll"
    verbose_name = "诚信红榜"

    def ready(self):
        # Candidates in 公示 are a target of 公示异议 in the one request machinery.
        from cms.credit_requests.targets import register_target

        from .permissions import on_post_migrate
        from .request_target import HonorRollRequestTarget

        register_target(HonorRollRequestTarget())
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="honor_roll.permissions")
