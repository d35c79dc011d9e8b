"""The 微信公众号 admin area: a viewset of the list and per-page panel, and the page button to it."""

from django.urls import path, reverse

from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import views
from .renderers.base import renderer_for


class WeChatViewSet(ViewSet):
    name = "wechat"
    icon = "globe"
    menu_label = "微信公众号"
    menu_order = 400
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", views.IndexView.as_view(), name="index"),
            path("pages/<int:page_id>/", views.PanelView.as_view(), name="panel"),
            path("pages/<int:page_id>/preview/", views.PreviewView.as_view(), name="preview"),
            path("pages/<int:page_id>/draft/", views.DraftView.as_view(), name="draft"),
            path("pages/<int:page_id>/<slug:action>/", views.ActionView.as_view(), name="action"),
        ]


class WeChatPageButton(PageMenuItem):
    """公众号 in a page's header and listing menus, for page types that have a renderer."""

    label = "微信公众号"
    icon_name = "globe"
    priority = 68

    @property
    def url(self):
        return reverse("wechat:panel", args=[self.page.pk])

    def is_shown(self, user):
        return (
            renderer_for(self.page) is not None and self.page.permissions_for_user(user).can_edit()
        )
