"""Admin wiring of the WeChat channel: audit log actions, page buttons, the 公众号 viewset."""

from wagtail import hooks

from .log_actions import LOG_ACTIONS, formatter_for
from .viewsets import WeChatPageButton, WeChatViewSet


@hooks.register("register_log_actions")
def register_wechat_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action)(formatter_for(label))


@hooks.register("register_admin_viewset")
def register_wechat_viewset():
    return WeChatViewSet()


@hooks.register("register_page_header_buttons")
def wechat_header_button(page, user, view_name, next_url=None):
    yield WeChatPageButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def wechat_listing_button(page, user, next_url=None):
    yield WeChatPageButton(page=page)
