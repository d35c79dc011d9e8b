from django.apps import AppConfig


class SubscribersConfig(AppConfig):
    """公众号互动: WeChat's server callback, automatic replies, follower events and the custom menu."""

    name = "wechat.subscribers"
    label = "wechat_subscribers"
    verbose_name = "公众号互动"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings check)
        from .answer_cache import connect_invalidation

        connect_invalidation()
