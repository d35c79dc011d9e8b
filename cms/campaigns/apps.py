from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """诚信宣传: the calendar of publicity events (宣传日历) and the campaigns tied to its occurrences."""

    name = "cms.campaigns"
    label = "campaigns"
    verbose_name = "诚信宣传"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import prefill  # noqa: F401  (fills a new campaign page from the dashboard button)
