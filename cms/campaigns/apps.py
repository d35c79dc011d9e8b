from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """诚信宣传: the calendar of publicity events (宣传日历) and the campaigns tied to its occurrences."""

    name = "cms.campaigns"
    label = "campaigns"
    verbose_name = "诚信宣传"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import prefill  # noqa: F401  (fills a new campaign page from the dashboard button)
        from .models import PublicityEvent, PublicityEventDate
        from .models.events import CALENDAR

        # The cached calendar (PublicityEventQuerySet.calendar) is rebuilt after any change.
        for model in (PublicityEvent, PublicityEventDate):
            for signal in (post_save, post_delete):
                signal.connect(
                    CALENDAR.forget,
                    sender=model,
                    dispatch_uid=f"calendar-{signal is post_save}-{model.__name__}",
                )
