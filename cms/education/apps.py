from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "cms.education"
    label = "education"
    verbose_name = "诚信教育"

    def ready(self):
        from cms.home.roles import grant_after_every_migrate

        from .permissions import GRANTS

        grant_after_every_migrate(self, GRANTS)
