"""/api/v2/education/: the materials for schools' scripts (Wagtail API v2).

    ?stage=gaozhong            one school stage (小学 xiaoxue, 初中 chuzhong, 高中 gaozhong, 中职 zhongzhi, 高校 gaoxiao)
    ?topic=诚信故事             one topic tag
    ?updated_since=2026-09-01T08:00:00+08:00   only what was published or republished after that

Newest change first unless ?order= says otherwise.  Errors are 400 with a
message in Chinese.
"""

from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from rest_framework.filters import BaseFilterBackend

from .models import EducationMaterialPage
from .stages import Stage, unknown_stage_message


def parse_timestamp(value: str):
    """An aware datetime from ISO 8601 (date alone = midnight Asia/Shanghai); None if invalid."""
    value = value.strip().replace(" ", "+")  # an unencoded "+08:00" arrives as " 08:00"
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            parsed = datetime.combine(day, time.min) if day else None
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class MaterialFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        stage = request.GET.get("stage")
        if stage is not None:
            if stage not in Stage.values:
                raise BadRequestError(unknown_stage_message(stage))
            queryset = queryset.filter(stage=stage)
        topic = request.GET.get("topic", "").strip()
        if topic:
            queryset = queryset.filter(tags__name=topic).distinct()
        since = request.GET.get("updated_since")
        if since is not None:
            moment = parse_timestamp(since)
            if moment is None:
                raise BadRequestError(
                    f"updated_since 的值“{since[:50]}”不是有效的时间。"
                    "请使用 ISO 8601 格式，例如 2026-09-01T08:00:00+08:00 或 2026-09-01。"
                )
            queryset = queryset.filter(last_published_at__gt=moment)
        if "order" not in request.GET:
            queryset = queryset.order_by("-last_published_at", "-pk")
        return queryset


class EducationMaterialsAPIViewSet(PagesAPIViewSet):
    model = EducationMaterialPage
    name = "education"
    filter_backends = [MaterialFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters | {
        "stage",
        "topic",
        "updated_since",
    }
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "summary",
        "stage",
        "stage_label",
        "tags",
        "last_published_at",
        "documents",
    ]
