"""From a message or an event to an answer.

Text (and menu clicks, whose key is a keyword): staff rules (关键词回复) first, in priority
order; then the built-in answers; then the site search; then the help text. Events: subscribe gets
the welcome message, unsubscribe is recorded, publish-job results go to the republishing side as the
`publish_job_finished` signal, and anything else is acknowledged with an empty reply.
"""

import logging

from django.utils import timezone

from wechat.signals import publish_job_finished

from . import answer_cache, sources
from .answers import EMPTY, Answer, NewsItem, news_answer, text_answer
from .models import Follower, KeywordReply, SubscriberSettings
from .models.log import hash_openid
from .models.replies import normalise_text

logger = logging.getLogger(__name__)

MAX_MATCH_LENGTH = 300  # staff patterns (regexes too) never run over more than this

# Checked in this order: "曝光名单怎么修复" is about repair.
BUILT_IN = (
    ("修复/异议", ("修复", "异议", "申诉"), sources.repair_answer),
    ("曝光/黑榜", ("曝光", "黑榜", "失信名单"), sources.exposure_answer),
    ("红榜", ("红榜", "光荣榜", "诚信典型"), sources.honor_roll_answer),
    ("日历/活动", ("日历", "活动", "宣传日"), sources.calendar_answer),
    ("教育/学校", ("教育", "学校", "课件"), sources.education_answer),
)
PUBLISH_EVENTS = ("PUBLISHJOBFINISH", "FREEPUBLISHJOBFINISH")


def rule_answer(rule: KeywordReply, request) -> Answer:
    if rule.kind == KeywordReply.Kind.NEWS:
        url = rule.news_page.get_full_url(request) if rule.news_page_id else rule.news_url
        image = ""
        if rule.news_image_id:
            image = sources.absolute(
                request, rule.news_image.get_rendition(sources.CARD_IMAGE_SPEC).url
            )
        item = NewsItem(rule.news_title, url, rule.news_description, image)
        return news_answer([item], rule=rule.name)
    return text_answer(rule.text, rule=rule.name)


def help_answer() -> Answer:
    return text_answer(SubscriberSettings.load().help_message, rule="帮助")


def answer_text(text: str, request) -> Answer:
    normalised = normalise_text(text)[:MAX_MATCH_LENGTH]
    if not normalised:
        return help_answer()
    # The Host header (checked against ALLOWED_HOSTS) tells sites apart without a query.
    return answer_cache.cached(
        "text", normalised, request.get_host(), lambda: _answer_text(normalised, request)
    )


def _answer_text(normalised: str, request) -> Answer:
    rules = KeywordReply.objects.filter(enabled=True).select_related("news_page", "news_image")
    for rule in rules:
        if rule.matches(normalised):
            return rule_answer(rule, request)
    for label, keywords, source in BUILT_IN:
        if any(keyword in normalised for keyword in keywords):
            return source(request).matched(label)
    found = sources.search_answer(request, normalised)
    if found is not None:
        return found.matched("站内搜索")
    return help_answer()


def record_follow(openid: str, subscribed: bool) -> None:
    now = timezone.now()
    stamp = {"subscribed_at": now} if subscribed else {"unsubscribed_at": now}
    follower, created = Follower.objects.get_or_create(
        openid_hash=hash_openid(openid), defaults={"subscribed": subscribed, **stamp}
    )
    if not created:
        Follower.objects.filter(pk=follower.pk).update(subscribed=subscribed, **stamp)


def answer_event(message, request) -> Answer:
    event = message.event.upper()
    if event == "SUBSCRIBE":
        record_follow(message.from_user, True)
        return text_answer(SubscriberSettings.load().welcome_message, rule="关注欢迎语")
    if event == "UNSUBSCRIBE":
        record_follow(message.from_user, False)
        return EMPTY.matched("取消关注")
    if event == "CLICK":
        return answer_text(message.event_key, request)
    if event in PUBLISH_EVENTS:
        publish_job_finished.send(sender=None, **message.publish)
        return EMPTY.matched("发布结果")
    return EMPTY


def answer(message, request) -> Answer:
    if message.is_event:
        return answer_event(message, request)
    if message.msg_type == "text":
        return answer_text(message.content, request)
    return help_answer()
