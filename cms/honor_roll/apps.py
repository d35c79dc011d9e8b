from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_delete


class HonorRollConfig(AppConfig):
    name = "cms.honor_roll"
    label = "honor_roll"
    verbose_name = "诚信红榜"

    def ready(self):
        from cms.credit_requests.targets import register_target

        from .models import Honoree
        from .permissions import on_post_migrate
        from .request_target import HonorRollRequestTarget
        from .withdrawal import announce_deleted

        # Candidates in 公示 are a target of 公示异议 in the one request machinery.
        register_target(HonorRollRequestTarget())
        pre_delete.connect(announce_deleted, sender=Honoree, dispatch_uid="honor_roll.deleted")
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="honor_roll.permissions")
