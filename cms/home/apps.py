from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = "网站核心"

    def ready(self):
        from .caching import connect_purge_signals
        from .images import connect_metadata_stripping
        from .visibility import connect_visibility_signals

        connect_purge_signals()
        connect_metadata_stripping()
        connect_visibility_signals()
        self.connect_footer_signals()

    @staticmethod
    def connect_footer_signals():
        from django.db.models.signals import post_delete, post_save

        from wagtail.images import get_image_model

        from .models import SiteFooterSettings
        from .models.site_settings import forget_footer

        for model in (SiteFooterSettings, get_image_model()):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_footer,
                    sender=model,
                    dispatch_uid=f"footer-{signal is post_save}-{model._meta.label}",
                )
