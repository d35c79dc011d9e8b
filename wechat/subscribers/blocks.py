"""The custom menu (自定义菜单) as StreamField blocks, with WeChat's limits checked on save.

WeChat allows 3 top-level buttons of at most 16 bytes each (4 Chinese characters), each with at
most 5 sub-buttons of at most 60 bytes; a click button's key is at most 128 bytes and a link at
most 1024 bytes.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks

TOP_NAME_BYTES, SUB_NAME_BYTES, KEY_BYTES, URL_BYTES = 16, 60, 128, 1024
MAX_TOP_BUTTONS, MAX_SUB_BUTTONS = 3, 5

ACTION_CHOICES = [
    ("click", "回复消息（点击推送关键词）"),
    ("view", "打开网页"),
]


def _too_long(value: str, limit: int) -> bool:
    return len(value.encode("utf-8")) > limit


def check_action(value, name_limit: int) -> dict:
    """Errors of one button (name, key or url) by field, in Chinese."""
    errors = {}
    name = (value.get("name") or "").strip()
    if _too_long(name, name_limit):
        errors["name"] = f"菜单名称最多 {name_limit} 个字节（约 {name_limit // 3} 个汉字）"
    action = value.get("action")
    if action == "click":
        key = (value.get("key") or "").strip()
        if not key:
            errors["key"] = "“回复消息”按钮须填写关键词"
        elif _too_long(key, KEY_BYTES):
            errors["key"] = f"关键词最多 {KEY_BYTES} 个字节"
    elif action == "view":
        url = (value.get("url") or "").strip()
        if not url:
            errors["url"] = "“打开网页”按钮须填写网址"
        elif _too_long(url, URL_BYTES):
            errors["url"] = f"网址最多 {URL_BYTES} 个字节"
    return errors


def raise_if_any(errors: dict) -> None:
    if errors:
        raise blocks.StructBlockValidationError(
            {field: ValidationError(message) for field, message in errors.items()}
        )


class MenuActionFields(blocks.StructBlock):
    name = blocks.CharBlock(label="菜单名称", max_length=60)
    action = blocks.ChoiceBlock(choices=ACTION_CHOICES, label="动作", required=False)
    key = blocks.CharBlock(
        label="关键词",
        required=False,
        help_text="点击后按这个关键词自动回复，例如“日历”“红榜”“信用修复”",
    )
    url = blocks.URLBlock(label="网址", required=False)


class SubButtonBlock(MenuActionFields):
    class Meta:
        label = "子菜单"
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("action"):
            raise_if_any({"action": "请选择动作"})
        errors = check_action(value, SUB_NAME_BYTES)
        raise_if_any(errors)
        return value


class TopButtonBlock(MenuActionFields):
    sub_buttons = blocks.ListBlock(
        SubButtonBlock(), label="子菜单", max_num=MAX_SUB_BUTTONS, min_num=0, default=[]
    )

    class Meta:
        label = "一级菜单"
        icon = "list-ul"
        help_text = "有子菜单时，一级菜单只展开子菜单，动作可不选"

    def clean(self, value):
        value = super().clean(value)
        if value.get("sub_buttons"):
            errors = check_action({"name": value.get("name")}, TOP_NAME_BYTES)
        elif not value.get("action"):
            errors = {"action": "没有子菜单时请选择动作"}
        else:
            errors = check_action(value, TOP_NAME_BYTES)
        raise_if_any(errors)
        return value


class MenuBlock(blocks.StreamBlock):
    button = TopButtonBlock()

    class Meta:
        max_num = MAX_TOP_BUTTONS
