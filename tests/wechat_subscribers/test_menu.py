"""The custom menu: edited in the settings, checked against WeChat's limits, pushed to the stand-in."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from wechat.subscribers.blocks import MenuBlock
from wechat.subscribers.models import SubscriberSettings

pytestmark = pytest.mark.django_db

MENU = [
    {"type": "button", "value": {"name": "活动日历", "action": "click", "key": "日历", "url": ""}},
    {
        "type": "button",
        "value": {
            "name": "信用服务",
            "action": "",
            "key": "",
            "url": "",
            "sub_buttons": [
                {"name": "信用修复", "action": "click", "key": "修复", "url": ""},
                {
                    "name": "失信曝光",
                    "action": "view",
                    "key": "",
                    "url": "https://credit.example/exposure/",
                },
            ],
        },
    },
]
EXPECTED = {
    "button": [
        {"name": "活动日历", "type": "click", "key": "日历"},
        {
            "name": "信用服务",
            "sub_button": [
                {"name": "信用修复", "type": "click", "key": "修复"},
                {"name": "失信曝光", "type": "view", "url": "https://credit.example/exposure/"},
            ],
        },
    ]
}


@pytest.fixture
def menu(db):
    settings = SubscriberSettings.load()
    settings.menu = MENU
    settings.save()
    return settings


def test_sync_menu_pushes_the_edited_menu(menu, wechat_standin):
    out = StringIO()
    call_command("wechat_sync_menu", stdout=out)
    creates = [c for c in wechat_standin.calls if c.endpoint == "menu/create"]
    assert len(creates) == 1
    assert creates[0].json == EXPECTED
    assert wechat_standin.account.menu == EXPECTED
    assert "已推送 2 个一级菜单" in out.getvalue()


def test_dry_run_calls_nothing(menu, wechat_standin):
    out = StringIO()
    call_command("wechat_sync_menu", "--dry-run", stdout=out)
    assert "信用修复" in out.getvalue()
    assert not [c for c in wechat_standin.calls if c.endpoint == "menu/create"]


def test_refusal_from_wechat_is_a_clear_error(menu, wechat_standin):
    wechat_standin.fail_next(40013, endpoint="menu/create")
    with pytest.raises(CommandError, match="AppID 无效"):
        call_command("wechat_sync_menu", stdout=StringIO())
    assert wechat_standin.account.menu is None


def test_empty_menu_is_not_pushed(db, wechat_standin):
    with pytest.raises(CommandError, match="自定义菜单为空"):
        call_command("wechat_sync_menu", stdout=StringIO())
    assert not [c for c in wechat_standin.calls if c.endpoint == "menu/create"]


def clean(raw):
    block = MenuBlock()
    return block.clean(block.to_python(raw))


def error_text(raw) -> str:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        clean(raw)
    return str(
        caught.value.as_json_data() if hasattr(caught.value, "as_json_data") else caught.value
    )


def test_menu_limits_are_checked_on_save():
    assert clean(MENU)
    too_long = [{"type": "button", "value": {**MENU[0]["value"], "name": "诚信宣传活动日历"}}]
    assert "16 个字节" in error_text(too_long)
    no_key = [{"type": "button", "value": {**MENU[0]["value"], "key": ""}}]
    assert "须填写关键词" in error_text(no_key)
    four = [MENU[0]] * 4
    assert error_text(four)
    six_subs = [
        {
            "type": "button",
            "value": {**MENU[1]["value"], "sub_buttons": [MENU[1]["value"]["sub_buttons"][0]] * 6},
        }
    ]
    assert error_text(six_subs)
