"""The custom menu as WeChat's menu/create body, built from 公众号互动设置."""

from .models import SubscriberSettings


def _button(value) -> dict:
    button = {"name": value["name"].strip()}
    if value["action"] == "click":
        button.update(type="click", key=value["key"].strip())
    else:
        button.update(type="view", url=value["url"].strip())
    return button


def menu_body(settings: SubscriberSettings | None = None) -> dict:
    """{"button": [...]} with at most 3 buttons, each a click, a link or up to 5 sub-buttons."""
    settings = settings or SubscriberSettings.load()
    buttons = []
    for block in settings.menu:
        value = block.value
        subs = [_button(sub) for sub in value.get("sub_buttons") or []]
        if subs:
            buttons.append({"name": value["name"].strip(), "sub_button": subs})
        else:
            buttons.append(_button(value))
    return {"button": buttons}
