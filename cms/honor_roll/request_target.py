"""Honor roll candidates as the target of 公示异议 (third-party objections) during 公示.

cms.credit_requests runs the steps, deadlines and audit log; this module only says which
candidates may be objected to today and what an upheld objection does to them.
"""

from django.urls import reverse
from django.utils import timezone

from cms.credit_requests.targets import (
    OUTCOME_CORRECTED,
    OUTCOME_DISMISSED,
    OUTCOME_WITHDRAWN,
    THIRD_PARTY_OBJECTION,
    MatchedRecord,
    RequestTarget,
)

from .models import Honoree
from .withdrawal import record_dismissed_objection, remove_after_objection

TARGET_KEY = "honor_roll"


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


class HonorRollRequestTarget(RequestTarget):
    key = TARGET_KEY
    label = "诚信红榜公示人选"
    kinds = (THIRD_PARTY_OBJECTION,)

    def find_records(self, *, name, id_hash):
        return []  # no ID numbers are collected for honorees

    def _open(self, today=None):
        today = today or timezone.localdate()
        return (
            Honoree.objects.public()
            .filter(roll__publicity_start__lte=today, roll__publicity_end__gte=today)
            .select_related("roll", "category")
            .order_by("roll__publicity_end", "roll_id", "sort_order", "pk")
        )

    def third_party_records(self, *, group=None):
        honorees = self._open()
        if group is not None:
            honorees = honorees.filter(roll_id=int(group)) if str(group).isdigit() else []
        return [self._matched(h) for h in honorees]

    def third_party_refusal(self, record_id, today):
        honoree = Honoree.objects.public().select_related("roll").filter(pk=record_id).first()
        if honoree is None:
            return "未找到该人选，或该人选已不在公示名单中。"
        roll = honoree.roll
        if today < roll.publicity_start:
            return f"“{roll.title}”将于{chinese_date(roll.publicity_start)}开始公示，公示期内方可提出异议。"
        if today > roll.publicity_end:
            return (
                f"“{roll.title}”的公示期已于{chinese_date(roll.publicity_end)}结束，"
                "不再受理公示异议。如有问题，请与推荐单位或市信用办联系。"
            )
        return None

    def get_record(self, record_id):
        honoree = (
            Honoree.objects.public().select_related("roll", "category").filter(pk=record_id).first()
        )
        return self._matched(honoree) if honoree else None

    def staff_description(self, record_id):
        honoree = (
            Honoree.objects.select_related("roll", "category", "town").filter(pk=record_id).first()
        )
        if honoree is None:
            return "（记录已不存在）"
        roll = honoree.roll
        return "\n".join(
            [
                f"榜单：{roll.title}（公示期 {roll.publicity_start:%Y-%m-%d} 至 {roll.publicity_end:%Y-%m-%d}）",
                f"人选：{honoree.name}　类别：{honoree.category}　所在单位/镇街：{honoree.place}",
                f"推荐单位：{honoree.recommending_unit or roll.recommending_unit}",
                f"当前状态：{honoree.public_state}",
            ]
        )

    def admin_url(self, record_id):
        from .viewsets import honoree_viewset

        return reverse(honoree_viewset.get_url_name("edit"), args=[record_id])

    def apply_decision(self, record_id, *, kind, outcome, user, reason, request):
        if outcome in (OUTCOME_WITHDRAWN, OUTCOME_CORRECTED):
            remove_after_objection(record_id, outcome=outcome, user=user, reason=reason)
        elif outcome == OUTCOME_DISMISSED:
            record_dismissed_objection(record_id, user=user, reason=reason)
        else:
            raise ValueError(f"unknown outcome {outcome!r}")

    def _matched(self, honoree):
        return MatchedRecord(
            target_key=self.key,
            record_id=honoree.pk,
            summary=f"{honoree.roll.title} · {honoree.name}（{honoree.category}）",
            repair_allowed_from=None,
        )
