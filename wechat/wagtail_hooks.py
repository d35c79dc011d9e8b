"""Admin wiring of the WeChat channel: audit log actions, page buttons, the 公众号文章 viewset."""

from wagtail import hooks

from .log_actions import LOG_ACTIONS, formatter_for


@hooks.register("register_log_actions")
def register_wechat_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action)(formatter_for(label))
