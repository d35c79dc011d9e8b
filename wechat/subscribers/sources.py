"""Built-in answers from the site's own content.

The channel reads content; content never knows about WeChat. Apps that may not be installed yet
(honor rolls, education, the site search) are looked up by name, so that a missing model or module
means "nothing to show", never an ImportError. Nothing here returns a person's name: exposure
answers carry batch titles and links only, and there is no name lookup over WeChat.
"""

import logging
from datetime import date

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page, Site

from .answers import NewsItem, news_answer, text_answer

logger = logging.getLogger(__name__)

CALENDAR_DAYS, CALENDAR_LIMIT = 120, 5
EXPOSURE_LIMIT, EDUCATION_LIMIT, SEARCH_LIMIT = 3, 5, 5
MAX_QUERY_LENGTH = 50
CARD_IMAGE_SPEC = "fill-720x400"  # WeChat's large news picture is 360x200 (shown at 2x)
IMAGE_FIELDS = ("cover_image", "image", "photo", "feed_image")

HONOR_ROLL_MODEL = ("honor_roll", "HonorRollPage")
EDUCATION_MODEL = ("education", "EducationMaterialPage")


def site_root(request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute(request, path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return site_root(request).rstrip("/") + path


def page_image_url(request, page) -> str:
    for name in IMAGE_FIELDS:
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            try:
                return absolute(request, image.get_rendition(CARD_IMAGE_SPEC).url)
            except Exception:  # a missing source file must not cost the subscriber the answer
                logger.warning("no rendition for image %s of page %s", image.pk, page.pk)
    return ""


def page_summary(page) -> str:
    return (getattr(page, "summary", "") or page.search_description or "").strip()[:120]


def page_card(request, page) -> NewsItem:
    return NewsItem(
        title=page.title,
        url=page.get_full_url(request),
        description=page_summary(page),
        image_url=page_image_url(request, page),
    )


def optional_model(app_label: str, model_name: str):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def latest_live(model, limit: int):
    if model is None:
        return []
    return list(
        model.objects.live().public().specific().order_by("-first_published_at", "-pk")[:limit]
    )


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def calendar_answer(request):
    """日历/活动: the publicity events running now or starting in the next months."""
    from cms.campaigns.models import CampaignIndexPage, PublicityEvent

    index = CampaignIndexPage.objects.live().public().order_by("path").first()
    today = timezone.localdate()
    found = PublicityEvent.objects.upcoming(today, days=CALENDAR_DAYS, limit=CALENDAR_LIMIT)
    lines = ["近期诚信宣传活动："] if found else ["近期暂无诚信宣传活动安排。"]
    for occurrence in found:
        when = _day(occurrence.start)
        if occurrence.end != occurrence.start:
            when += f"至{_day(occurrence.end)}"
        if occurrence.covers(today):
            when += "（进行中）"
        name = escape(occurrence.event.name)
        if index is not None:
            url = escape(absolute(request, index.route_url("event", occurrence.event.slug)))
            name = f'<a href="{url}">{name}</a>'
        lines.append(f"· {when} {name}")
    if index is not None:
        lines.append(f'<a href="{escape(absolute(request, index.url))}">查看完整宣传日历</a>')
    return text_answer("\n".join(lines))


def honor_roll_answer(request):
    """红榜: the latest honor roll as a news card (the page, never an honoree's details)."""
    rolls = latest_live(optional_model(*HONOR_ROLL_MODEL), 1)
    if not rolls:
        return text_answer("目前还没有发布的诚信红榜，敬请关注。")
    return news_answer([page_card(request, rolls[0])])


def exposure_answer(request):
    """曝光/黑榜: the latest exposure batches, titles and links only (never a name)."""
    from cms.exposure.models import ExposureIndexPage, ExposureListPage

    batches = list(
        ExposureListPage.objects.live().public().order_by("-date", "-pk")[:EXPOSURE_LIMIT]
    )
    index = ExposureIndexPage.objects.live().public().order_by("path").first()
    if not batches:
        return text_answer("目前没有正在公示的失信曝光批次。")
    lines = ["最新失信曝光批次："]
    for batch in batches:
        lines.append(
            f'· <a href="{escape(batch.get_full_url(request))}">{escape(batch.title)}</a>'
            f"（{batch.date:%Y-%m-%d}公布）"
        )
    if index is not None:
        lines.append(f'<a href="{escape(index.get_full_url(request))}">进入失信曝光栏目</a>')
    lines.append("为保护个人信息，公众号不提供按姓名查询，请到网站查看。")
    return text_answer("\n".join(lines))


def repair_answer(request):
    """修复/异议: how to file an objection or a repair request, with the links."""
    start = absolute(request, reverse("credit_requests:start"))
    status = absolute(request, reverse("credit_requests:status"))
    return text_answer(
        "异议与信用修复办理：\n"
        "1. 认为公示信息有误，可提出异议；已纠正失信行为、履行义务的，可申请信用修复。\n"
        "2. 在网站上核验身份、选择记录、填写理由并上传证明材料（PDF或图片）。\n"
        "3. 提交后获得受理编号，可随时查询办理进度。\n"
        f'<a href="{start}">在线申请</a>　<a href="{status}">查询进度</a>'
    )


def education_answer(request):
    """教育/学校: the latest education materials as cards."""
    materials = latest_live(optional_model(*EDUCATION_MODEL), EDUCATION_LIMIT)
    if not materials:
        return text_answer("诚信教育资料正在整理中，敬请关注。")
    return news_answer(
        [page_card(request, page) for page in materials],
        text="诚信教育资料：",
        footer="学校可在网站下载课件和教案。",
    )


def _image_url(image) -> str:
    """A hit's image may be a URL or a Wagtail image."""
    if image is not None and hasattr(image, "get_rendition"):
        return image.get_rendition(CARD_IMAGE_SPEC).url
    return str(image or "")


def _search_hits(query: str, limit: int):
    """The site search's hits (cms.search when installed; Wagtail's search framework otherwise)."""
    try:
        from cms.search.services import site_search
    except ImportError:
        site_search = None
    if site_search is not None:
        return [
            NewsItem(
                title=hit.title,
                url=hit.url,
                description=(hit.summary or "")[:120],
                image_url=_image_url(getattr(hit, "image", None)),
            )
            for hit in site_search(query, limit)
        ], True
    return list(Page.objects.live().public().exclude(depth__lte=2).search(query)[:limit]), False


def search_answer(request, query: str):
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not query:
        return None
    try:
        hits, ready = _search_hits(query, SEARCH_LIMIT)
    except Exception:  # a search outage must still leave the subscriber an answer (the help text)
        logger.exception("site search failed for a WeChat message")
        return None
    if not hits:
        return None
    items = hits if ready else [page_card(request, page.specific) for page in hits]
    items = [
        NewsItem(
            title=item.title,
            url=absolute(request, item.url),
            description=item.description,
            image_url=absolute(request, item.image_url),
        )
        for item in items
    ]
    # The query is not echoed: it may be a person's name, and the reply must not read as a lookup.
    return news_answer(items, text="站内搜索到的相关内容：")
