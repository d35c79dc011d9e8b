from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cms.search"
    label = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from .index_sync import connect_index_signals

        connect_index_signals()
