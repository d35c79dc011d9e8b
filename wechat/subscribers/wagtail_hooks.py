"""Registers the 公众号互动 admin menu (keyword replies, message log, followers)."""

from wagtail import hooks

from .viewsets import SubscribersViewSetGroup


@hooks.register("register_admin_viewset")
def register_subscribers_viewsets():
    return SubscribersViewSetGroup()
