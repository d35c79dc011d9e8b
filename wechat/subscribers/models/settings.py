"""公众号互动设置: the welcome message, the help text and the custom menu, edited in 设置."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from ..blocks import MenuBlock

DEFAULT_WELCOME = (
    "感谢关注“信用阳江”！\n"
    "回复“日历”查看近期诚信宣传活动，“红榜”查看诚信红榜，“曝光”查看失信曝光批次，"
    "“修复”了解异议与信用修复办理，“教育”获取诚信教育资料。"
)
DEFAULT_HELP = (
    "暂未找到相关内容。您可以回复“日历”“红榜”“曝光”“修复”“教育”等关键词，或访问“信用阳江”网站查询。"
)


@register_setting(icon="comment")
class SubscriberSettings(BaseGenericSetting):
    welcome_message = models.TextField(
        "关注欢迎语", max_length=600, default=DEFAULT_WELCOME, help_text="用户关注公众号时自动回复"
    )
    help_message = models.TextField(
        "未匹配时的提示",
        max_length=600,
        default=DEFAULT_HELP,
        help_text="消息没有匹配到关键词、站内搜索也没有结果时回复",
    )
    menu = StreamField(
        MenuBlock(),
        verbose_name="自定义菜单",
        blank=True,
        use_json_field=True,
        help_text="保存后运行 python manage.py wechat_sync_menu 推送到公众号",
    )

    panels = [FieldPanel("welcome_message"), FieldPanel("help_message"), FieldPanel("menu")]

    class Meta:
        verbose_name = "公众号互动设置"
