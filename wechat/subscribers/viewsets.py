"""Admin: 关键词回复 (snippets), the read-only 消息记录 and 关注者, grouped under 公众号互动."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Follower, KeywordReply, MessageLog


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records written by the callback: staff may look, nobody (superusers included) may edit."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class ReadOnlyViewSet(ModelViewSet):
    copy_view_enabled = False
    exclude_form_fields = []  # required by ModelViewSet; the policy opens no form

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)


class KeywordReplyViewSet(SnippetViewSet):
    model = KeywordReply
    menu_label = "关键词回复"
    menu_name = "wechat-keyword-replies"
    icon = "comment"
    list_display = ["name", "pattern", "match", "kind", "priority", "enabled", "updated_at"]
    list_filter = ["enabled", "match", "kind"]
    search_fields = ["name", "pattern"]
    ordering = ["priority", "pk"]


class MessageLogViewSet(ReadOnlyViewSet):
    model = MessageLog
    name = "wechat-messages"
    menu_label = "消息记录"
    icon = "list-ul"
    list_display = [
        "received_at",
        "msg_type",
        "event",
        "keyword",
        Column("get_reply_type_display", label="回复类型"),
        "content_length",
        "duration_ms",
        "encrypted",
        Column("short_sender", label="发送者（加密标识）"),
    ]
    list_filter = ["msg_type", "reply_type", "encrypted", "received_at"]
    search_fields = ["keyword", "sender_hash"]
    ordering = ["-received_at", "-pk"]
    inspect_view_enabled = True


class FollowerViewSet(ReadOnlyViewSet):
    model = Follower
    name = "wechat-followers"
    menu_label = "关注者"
    icon = "group"
    list_display = ["openid_hash", "subscribed", "subscribed_at", "unsubscribed_at"]
    list_filter = ["subscribed"]
    ordering = ["-subscribed_at", "-pk"]


class SubscribersViewSetGroup(ViewSetGroup):
    menu_label = "公众号互动"
    menu_icon = "comment"
    menu_order = 480
    items = (KeywordReplyViewSet, MessageLogViewSet, FollowerViewSet)
