"""The exposure list as a target of objections (异议) and repair requests (信用修复).

cms.credit_requests calls this through the RequestTarget contract; this app
imports that one, never the other way round.
"""

from django.db import transaction
from django.urls import reverse

from cms.credit_requests.targets import (
    OBJECTION,
    OUTCOME_CORRECTED,
    OUTCOME_DISMISSED,
    OUTCOME_REPAIRED,
    OUTCOME_WITHDRAWN,
    MatchedRecord,
    RequestTarget,
)
from cms.home.privacy import InvalidPersonName, clean_person_name

from .choices import Status
from .models import ExposureEntry, ExposureStatusChange, SeverityPeriod
from .models.reference import period_bounds
from .status import change_status, record_decision_without_change

OUTCOME_STATUS = {
    OUTCOME_REPAIRED: Status.REPAIRED,
    OUTCOME_WITHDRAWN: Status.WITHDRAWN,
    OUTCOME_CORRECTED: Status.CORRECTED,
}
KIND_LABELS = {OBJECTION: "异议", "repair": "信用修复"}


class ExposureRequestTarget(RequestTarget):
    key = "exposure"
    label = "严重失信主体名单"

    def _candidates(self):
        """Only what is public now: a name and an ID number reveal nothing else (an expired,
        corrected, pending or minor's entry, or one of an unpublished or private batch, gets
        the same answer as no entry at all)."""
        return ExposureEntry.objects.public().select_related("batch", "key_area")

    def find_records(self, *, name, id_hash):
        try:
            name = clean_person_name(name)
        except InvalidPersonName:
            return []
        entries = (
            self._candidates().filter(name=name, id_hash=id_hash).order_by("-decision_date", "pk")
        )
        return self._matched(list(entries))

    def get_record(self, record_id):
        entry = self._candidates().filter(pk=record_id).first()
        return self._matched([entry])[0] if entry else None

    def staff_description(self, record_id):
        entry = (
            ExposureEntry.objects.select_related("batch", "key_area").filter(pk=record_id).first()
        )
        if entry is None:
            return "（记录已不存在）"
        return "\n".join(
            [
                f"批次：{entry.batch.title}",
                f"姓名：{entry.name}　身份证号码：{entry.masked_id}",
                f"失信类别：{entry.get_category_display()}　严重程度：{entry.get_severity_display()}　重点领域：{entry.key_area}",
                f"失信行为：{entry.behaviour}",
                f"认定依据：{entry.legal_basis}",
                f"认定部门：{entry.authority}　文书号：{entry.document_number}",
                f"认定日期：{entry.decision_date:%Y-%m-%d}　公示截止：{entry.end_date:%Y-%m-%d}　状态：{entry.get_status_display()}",
            ]
        )

    def admin_url(self, record_id):
        from .viewsets import entry_viewset

        return reverse(entry_viewset.get_url_name("edit"), args=[record_id])

    def apply_decision(self, record_id, *, kind, outcome, user, reason, request):
        text = f"{KIND_LABELS.get(kind, kind)}：{reason}"
        with transaction.atomic():
            entry = ExposureEntry.objects.select_for_update().get(pk=record_id)
            if outcome == OUTCOME_DISMISSED:
                record_decision_without_change(entry, reason=text, user=user)
            elif outcome in OUTCOME_STATUS:
                change_status(
                    [entry],
                    OUTCOME_STATUS[outcome],
                    reason=text,
                    user=user,
                    source=ExposureStatusChange.Source.REQUEST,
                )
            else:
                raise ValueError(f"unknown outcome {outcome!r}")

    def demo_records(self, limit):
        entries = (
            ExposureEntry.objects.public()
            .select_related("batch", "key_area")
            .order_by("pk")[:limit]
        )
        return [
            (record, entry.name, entry.id_hash, entry.id_last4)
            for entry, record in zip(entries, self._matched(list(entries)), strict=False)
        ]

    def _matched(self, entries):
        bounds = SeverityPeriod.objects.bounds()
        return [
            MatchedRecord(
                target_key=self.key,
                record_id=entry.pk,
                summary=f"{entry.batch.title} · {entry.name} · {entry.masked_id} · 文书号 {entry.document_number}",
                repair_allowed_from=(
                    period_bounds(entry.decision_date, bounds[entry.severity])[0]
                    if entry.severity in bounds
                    else None
                ),
            )
            for entry in entries
        ]
