from django.apps import AppConfig


class WechatConfig(AppConfig):
    name = "wechat"
    label = "wechat"
    verbose_name = "微信公众号"

    def ready(self):
        from . import receivers
        from .renderers import pages  # noqa: F401  (registers the renderers)

        receivers.connect()
