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
