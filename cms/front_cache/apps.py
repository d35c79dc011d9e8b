from django.apps import AppConfig


class FrontCacheConfig(AppConfig):
    name = "cms.front_cache"
    label = "front_cache"
    verbose_name = "前端缓存"

    def ready(self):
        from .receivers import connect_purge_signals

        connect_purge_signals()
