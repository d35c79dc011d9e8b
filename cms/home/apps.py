from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = "网站核心"

    def ready(self):
        from .caching import connect_purge_signals

        connect_purge_signals()
