"""消息记录 and followers. A subscriber appears only as a keyed hash of the openid."""

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

OPENID_HASH_SALT = "wechat.subscribers.openid"


def hash_openid(openid: str) -> str:
    """HMAC-SHA256 of the openid keyed with SECRET_KEY: counts and follows one sender, names nobody."""
    return salted_hmac(OPENID_HASH_SALT, openid, algorithm="sha256").hexdigest()


class MessageLog(models.Model):
    class ReplyType(models.TextChoices):
        TEXT = "text", "文字"
        NEWS = "news", "图文"
        EMPTY = "empty", "不回复"
        DUPLICATE = "duplicate", "重复消息（已回复过）"

    # Set when the message arrives: the row itself is written a little later (message_log.py).
    received_at = models.DateTimeField(
        "收到时间", default=timezone.now, editable=False, db_index=True
    )
    sender_hash = models.CharField("发送者（加密标识）", max_length=64, db_index=True)
    msg_type = models.CharField("消息类型", max_length=20)
    event = models.CharField("事件", max_length=40, blank=True)
    content_length = models.PositiveIntegerField("消息字数", default=0)
    keyword = models.CharField("匹配规则", max_length=80, blank=True)
    reply_type = models.CharField("回复类型", max_length=10, choices=ReplyType)
    encrypted = models.BooleanField("安全模式", default=False)
    duration_ms = models.FloatField("处理耗时（毫秒）", default=0)

    class Meta:
        verbose_name = "消息记录"
        verbose_name_plural = "消息记录"
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.msg_type} {self.keyword}"

    def short_sender(self) -> str:
        return self.sender_hash[:12]


class Follower(models.Model):
    """Who follows the account, by keyed hash only: subscribe and unsubscribe are recorded here."""

    openid_hash = models.CharField("关注者（加密标识）", max_length=64, unique=True)
    subscribed = models.BooleanField("关注中", default=True)
    subscribed_at = models.DateTimeField("最近关注时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("最近取消关注时间", null=True, blank=True)

    class Meta:
        verbose_name = "关注者"
        verbose_name_plural = "关注者"

    def __str__(self):
        return self.openid_hash[:12]
