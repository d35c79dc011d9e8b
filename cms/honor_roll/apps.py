from django.apps import AppConfig
from django.db.models.signals import pre_delete


class HonorRollConfig(AppConfig):
    name = "cms.honor_roll"
    label = "honor_roll"
    verbose_name = "诚信红榜"

    def ready(self):
        from cms.credit_requests.targets import register_target
        from cms.home.roles import grant_after_every_migrate

        from .models import Honoree
        from .permissions import GRANTS
        from .request_target import HonorRollRequestTarget
        from .withdrawal import announce_deleted

        # Candidates in 公示 are a target of 公示异议 in the one request machinery.
        register_target(HonorRollRequestTarget())
        pre_delete.connect(announce_deleted, sender=Honoree, dispatch_uid="honor_roll.deleted")
        grant_after_every_migrate(self, GRANTS)
