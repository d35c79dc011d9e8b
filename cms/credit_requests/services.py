"""The domain logic of requests: filing one and moving it through its steps.

Views (public and admin) stay thin and call these two functions. Every change is written to
Wagtail's audit log (ModelLogEntry) with the actions registered in wagtail_hooks.py.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from . import evidence
from .choices import ACCEPT, CHECK, DECIDE, PROVIDER_ANSWER, REPORT
from .models import CreditRequest, EvidenceFile, RequestStep, StepRule
from .targets import (
    OBJECTION,
    OBJECTION_KINDS,
    OUTCOME_CORRECTED,
    OUTCOME_DISMISSED,
    OUTCOME_REPAIRED,
    OUTCOME_WITHDRAWN,
    REPAIR,
    THIRD_PARTY_OBJECTION,
    MatchedRecord,
    get_target,
)
from .tracking import new_tracking_number
from .workdays import add_working_days


class RequestNotAllowed(ValidationError):
    """A request or a processing step that the rules refuse; the message is in Chinese.

    `field` names the form field the message belongs to (None: the form as a whole).
    """

    def __init__(self, message, field="kind"):
        super().__init__(message)
        self.field = field


DUPLICATE_MESSAGE = (
    "您已就该记录提交过同类申请，正在办理中，请勿重复提交。可凭查询编号查询办理进度。"
)
QUOTA_MESSAGE = (
    "证明材料存储空间已满，暂时无法接收上传的文件。"
    "您可以不附材料先提交申请，再将材料送至信用阳江服务窗口；或稍后再试。"
)


def check_person_limits(kind: str, record: MatchedRecord, id_hash: str, today) -> None:
    """One open request per record, kind and person, and a daily cap per person."""
    open_requests = CreditRequest.objects.filter(
        target_key=record.target_key, record_id=record.record_id, kind=kind, id_hash=id_hash
    ).exclude(status=CreditRequest.CLOSED)
    if open_requests.exists():
        raise RequestNotAllowed(DUPLICATE_MESSAGE, field=None)
    daily_limit = settings.CREDIT_REQUEST_DAILY_LIMIT
    if CreditRequest.objects.filter(id_hash=id_hash, filed_on=today).count() >= daily_limit:
        raise RequestNotAllowed(
            f"同一申请人每天最多提交{daily_limit}件申请，请明天再提交。", field=None
        )


def check_evidence_quota(checked_files) -> None:
    incoming = sum(upload.size for upload, _type in checked_files)
    if incoming and EvidenceFile.bytes_used() + incoming > settings.CREDIT_REQUEST_EVIDENCE_QUOTA:
        raise RequestNotAllowed(QUOTA_MESSAGE, field="evidence")


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    step: str
    outcome: str = ""
    kinds: tuple = (OBJECTION, REPAIR, THIRD_PARTY_OBJECTION)

    @property
    def is_decision(self):
        return bool(self.outcome)


ACTIONS = {
    action.code: action
    for action in [
        Action("accept", "受理", ACCEPT),
        Action("check", "核查完成", CHECK),
        Action("provider_answer", "数据提供单位已答复", PROVIDER_ANSWER),
        Action("grant", "准予信用修复", DECIDE, OUTCOME_REPAIRED, kinds=(REPAIR,)),
        Action("withdraw", "异议成立：撤下记录", DECIDE, OUTCOME_WITHDRAWN, kinds=OBJECTION_KINDS),
        Action("correct", "异议成立：更正记录", DECIDE, OUTCOME_CORRECTED, kinds=OBJECTION_KINDS),
        Action("dismiss", "不予支持", DECIDE, OUTCOME_DISMISSED),
        Action("report", "结果已报送", REPORT),
    ]
}


def check_kind_allowed(kind: str, record: MatchedRecord, today) -> None:
    """Raise RequestNotAllowed (Chinese) unless this kind of request may be filed for the record today."""
    target = get_target(record.target_key)
    if kind not in target.kinds:
        raise RequestNotAllowed(f"{target.label}不接受此类申请。")
    if kind == REPAIR:
        if record.repair_allowed_from is None:
            raise RequestNotAllowed("该记录不适用信用修复。")
        if record.repair_allowed_from > today:
            raise RequestNotAllowed(
                f"该记录自{record.repair_allowed_from.year}年{record.repair_allowed_from.month}月"
                f"{record.repair_allowed_from.day}日起方可申请信用修复。"
            )


def file_request(
    *,
    kind: str,
    record: MatchedRecord,
    name: str,
    id_hash: str,
    id_last4: str,
    phone: str,
    reason: str,
    evidence_files=(),
    today=None,
) -> CreditRequest:
    """Create the request with an unguessable tracking number, its steps and working-day deadlines."""
    today = today or timezone.localdate()
    check_kind_allowed(kind, record, today)
    check_person_limits(kind, record, id_hash, today)
    checked_files = evidence.check_uploads(evidence_files)
    check_evidence_quota(checked_files)
    rules = list(StepRule.objects.filter(kind=kind).order_by("order"))
    if not rules:
        raise RequestNotAllowed("办理环节尚未配置，请联系网站管理员。")
    stored = []
    try:
        with transaction.atomic():
            credit_request = _create_with_unique_tracking_number(
                kind=kind,
                target_key=record.target_key,
                record_id=record.record_id,
                record_summary=record.summary[:500],
                name=name,
                id_hash=id_hash,
                id_last4=id_last4,
                phone=phone,
                reason=reason,
                filed_on=today,
            )
            _create_steps(credit_request, rules, start=today)
            for upload, content_type in checked_files:
                stored.append(_store_evidence(credit_request, upload, content_type))
            log(
                instance=credit_request,
                action="credit_requests.file",
                user=None,
                data={"kind": kind, "target": record.target_key, "record_id": record.record_id},
            )
    except BaseException as error:
        # The rows are rolled back; remove the files written so far, or they would linger unseen.
        for item in stored:
            item.file.storage.delete(item.file.name)
        if isinstance(error, IntegrityError):
            # A second open request of the same person raced the first one past the check.
            raise RequestNotAllowed(DUPLICATE_MESSAGE, field=None) from None
        raise
    return credit_request


def file_third_party_objection(
    *,
    target_key: str,
    record_id: int,
    name: str,
    phone: str,
    reason: str,
    evidence_files=(),
    today=None,
) -> CreditRequest:
    """公示异议: a member of the public objects to a record; the filer is not matched against it.

    The target refuses it outside the record's publicity window (RequestNotAllowed, Chinese).
    No ID number is asked, so the filer looks the status up with the last 4 digits of the phone
    number, kept where an identified filer's last 4 ID characters go.
    """
    today = today or timezone.localdate()
    try:
        target = get_target(target_key)
    except KeyError:
        raise RequestNotAllowed("未找到该记录。") from None
    if THIRD_PARTY_OBJECTION not in target.kinds:
        raise RequestNotAllowed(f"{target.label}不接受公示异议。")
    refusal = target.third_party_refusal(record_id, today)
    record = None if refusal else target.get_record(record_id)
    if refusal or record is None:
        raise RequestNotAllowed(refusal or "未找到该记录，或该记录已不再公示。")
    return file_request(
        kind=THIRD_PARTY_OBJECTION,
        record=record,
        name=name,
        id_hash="",
        id_last4=phone[-4:],
        phone=phone,
        reason=reason,
        evidence_files=evidence_files,
        today=today,
    )


def _create_with_unique_tracking_number(**fields) -> CreditRequest:
    for _ in range(5):
        fields["tracking_number"] = new_tracking_number(fields["filed_on"])
        try:
            with transaction.atomic():
                return CreditRequest.objects.create(**fields)
        except IntegrityError:
            if not CreditRequest.objects.filter(tracking_number=fields["tracking_number"]).exists():
                raise  # not the tracking number: another open request of the same person
            # 60 random bits make this practically unreachable; retry rather than fail.
            continue
    raise RuntimeError("could not allocate a unique tracking number")


def _create_steps(credit_request, rules, *, start):
    previous_due = start
    for rule in rules:
        deadline = add_working_days(previous_due, rule.working_days)
        RequestStep.objects.create(
            request=credit_request,
            order=rule.order,
            code=rule.code,
            name=rule.name,
            working_days=rule.working_days,
            due_on=deadline.date,
            calendar_estimated=deadline.estimated,
        )
        previous_due = deadline.date
    credit_request.next_due_on = credit_request.steps.order_by("order").first().due_on
    credit_request.save(update_fields=["next_due_on"])


def _store_evidence(credit_request, upload, content_type):
    item = EvidenceFile(
        request=credit_request,
        original_name=evidence.display_name(upload),
        content_type=content_type,
        size=upload.size,
    )
    upload.seek(0)
    item.file.save("evidence", upload, save=False)
    item.save()
    return item


def available_actions(credit_request) -> list[Action]:
    step = credit_request.current_step()
    if step is None:
        return []
    return [a for a in ACTIONS.values() if a.step == step.code and credit_request.kind in a.kinds]


def advance(
    request: CreditRequest, *, user, action: str, note: str = "", today=None, http_request=None
) -> CreditRequest:
    """Complete the current step with `action`; a decision calls the target's apply_decision().

    `http_request` (optional, an addition to the contract) is passed on to apply_decision.
    """
    credit_request = request
    today = today or timezone.localdate()
    note = (note or "").strip()
    with transaction.atomic():
        credit_request = CreditRequest.objects.select_for_update().get(pk=credit_request.pk)
        chosen = ACTIONS.get(action)
        if chosen is None or chosen not in available_actions(credit_request):
            raise RequestNotAllowed("该申请当前环节不能执行此操作，请刷新页面后重试。")
        if chosen.is_decision and not note:
            raise RequestNotAllowed("作出决定时必须填写理由。")
        step = credit_request.current_step()
        step.completed_on, step.completed_at, step.completed_by, step.note = (
            today,
            timezone.now(),
            user,
            note,
        )
        step.save()
        if chosen.is_decision:
            _record_decision(
                credit_request, chosen, user=user, note=note, http_request=http_request
            )
        _reschedule_following_steps(credit_request, after=step)
        log(
            instance=credit_request,
            action=f"credit_requests.{chosen.step}",
            user=user,
            data={
                "action": chosen.code,
                "label": chosen.label,
                "outcome": chosen.outcome,
                "note": note,
            },
        )
    return credit_request


def _record_decision(credit_request, chosen, *, user, note, http_request):
    credit_request.outcome = chosen.outcome
    credit_request.decision_reason = note
    credit_request.decided_at = timezone.now()
    credit_request.decided_by = user
    target = get_target(credit_request.target_key)
    target.apply_decision(
        credit_request.record_id,
        kind=credit_request.kind,
        outcome=chosen.outcome,
        user=user,
        reason=note,
        request=http_request,
    )


def _reschedule_following_steps(credit_request, *, after):
    """Deadlines of the steps still to come count from the day the previous one was done."""
    previous_due = after.completed_on
    following = list(
        credit_request.steps.filter(order__gt=after.order, completed_on__isnull=True).order_by(
            "order"
        )
    )
    for step in following:
        deadline = add_working_days(previous_due, step.working_days)
        step.due_on, step.calendar_estimated = deadline.date, deadline.estimated
        step.save(update_fields=["due_on", "calendar_estimated"])
        previous_due = deadline.date
    if not following:
        credit_request.status, credit_request.next_due_on = CreditRequest.CLOSED, None
    else:
        credit_request.next_due_on = following[0].due_on
        credit_request.status = (
            CreditRequest.DECIDED if credit_request.outcome else CreditRequest.PROCESSING
        )
    credit_request.save()
