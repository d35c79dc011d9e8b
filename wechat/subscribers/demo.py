"""Demo content: two keyword replies and a custom menu, so that `make run` answers like production."""

from django.conf import settings

from .models import KeywordReply, SubscriberSettings

DEMO_RULES = [
    {
        "name": "信用报告查询",
        "pattern": "信用报告|征信",
        "text": "个人信用报告可登录中国人民银行征信中心网站或到当地人民银行分支机构查询；"
        "企业公共信用信息报告可在“信用中国（广东阳江）”下载。",
        "priority": 10,
    },
    {
        "name": "办公时间",
        "pattern": "电话|地址|上班时间|办公时间",
        "text": "阳江市信用办受理窗口：工作日 8:30—12:00，14:30—17:30（法定节假日除外）。",
        "priority": 20,
    },
]


def demo_menu():
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return [
        {
            "type": "button",
            "value": {"name": "宣传日历", "action": "click", "key": "日历", "url": ""},
        },
        {
            "type": "button",
            "value": {"name": "诚信红榜", "action": "click", "key": "红榜", "url": ""},
        },
        {
            "type": "button",
            "value": {
                "name": "信用服务",
                "action": "",
                "key": "",
                "url": "",
                "sub_buttons": [
                    {"name": "失信曝光", "action": "click", "key": "曝光", "url": ""},
                    {"name": "异议与信用修复", "action": "click", "key": "修复", "url": ""},
                    {"name": "诚信教育", "action": "click", "key": "教育", "url": ""},
                    {
                        "name": "访问网站",
                        "action": "view",
                        "key": "",
                        "url": f"{site}/",
                    },
                ],
            },
        },
    ]


def seed(command):
    for rule in DEMO_RULES:
        KeywordReply.objects.get_or_create(name=rule["name"], defaults=rule)
    subscriber_settings = SubscriberSettings.load()
    if not subscriber_settings.menu:  # never overwrite what staff edited
        subscriber_settings.menu = demo_menu()
        subscriber_settings.save()
