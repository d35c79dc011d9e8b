from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EducationConfig(AppConfig):
    name = "cms.education"
    label = "education"
    verbose_name = "诚信教育"

    def ready(self):
        from .permissions import grant_download_report

        post_migrate.connect(grant_download_report, sender=self, dispatch_uid="education.perms")
