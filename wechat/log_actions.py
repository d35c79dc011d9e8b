"""Audit log actions of the WeChat channel (registered in wagtail_hooks), shown in page history."""

from wagtail.log_actions import LogFormatter

LOG_ACTIONS = {
    "wechat.draft_synced": "同步到公众号草稿箱",
    "wechat.corrected": "生成公众号更正稿（待审核）",
    "wechat.publish_submitted": "提交公众号发布",
    "wechat.published": "公众号文章已发布",
    "wechat.publish_failed": "公众号发布失败",
    "wechat.article_deleted": "删除公众号文章",
    "wechat.mass_sent": "公众号群发",
    "wechat.failed": "公众号操作失败",
}


class WeChatLogFormatter(LogFormatter):
    """The label, then what the entry's data says (upload counts, article, reason, error)."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        details = []
        if "uploads" in data:
            details.append(f"上传图片 {data['uploads']} 张，复用 {data.get('reused', 0)} 张")
        if data.get("reason"):
            details.append(f"原因：{data['reason']}")
        if data.get("objects"):
            details.append("涉及：" + "、".join(data["objects"]))
        if data.get("article_id"):
            details.append(f"article_id {data['article_id']}")
        if data.get("publish_status") is not None:
            from .models import WeChatArticle

            status = data["publish_status"]
            details.append(WeChatArticle.PUBLISH_STATUS.get(status, str(status)))
        if data.get("error"):
            details.append(data["error"])
        return self.label + ("：" + "；".join(details) if details else "")


def formatter_for(label):
    return type("Formatter", (WeChatLogFormatter,), {"label": label})
