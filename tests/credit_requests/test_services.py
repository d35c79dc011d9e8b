"""Filing and processing requests: steps, deadlines, decisions, audit log, tracking numbers."""

import re
from datetime import date

from wagtail.models import ModelLogEntry

import pytest

from cms.credit_requests import services
from cms.credit_requests.models import CreditRequest, StepRule
from cms.credit_requests.tracking import ALPHABET, new_tracking_number, normalize_tracking_number

from .fake_target import PERSON_ID

pytestmark = pytest.mark.django_db
HASH = None


def file(record, kind="objection", today=date(2025, 9, 26), **extra):
    from cms.home.privacy import parse_id_number

    person = parse_id_number(PERSON_ID)
    fields = {
        "kind": kind,
        "record": record,
        "name": "张三",
        "id_hash": person.keyed_hash,
        "id_last4": person.last4,
        "phone": "13812345678",
        "reason": "记录有误",
        "today": today,
    }
    fields.update(extra)
    return services.file_request(**fields)


def due_dates(credit_request):
    return {step.code: step.due_on for step in credit_request.steps.all()}


def test_objection_steps_and_deadlines_across_national_day(record):
    credit_request = file(record, today=date(2025, 9, 26))
    assert [s.name for s in credit_request.steps.all()] == [
        "受理",
        "核查",
        "数据提供单位答复",
        "作出决定",
    ]
    assert due_dates(credit_request) == {
        "accept": date(2025, 9, 29),  # 2 working days, make-up Sunday 09-28 counted
        "check": date(2025, 10, 9),  # 2 more: 09-30, then 10-09 after the holiday
        "provider_answer": date(2025, 10, 22),  # 10 more: 10-10, 11 (make-up Sat), 13 … 22
        "decide": date(2025, 10, 29),  # 5 more (configurable default)
    }
    assert credit_request.next_due_on == date(2025, 9, 29)
    assert credit_request.status == CreditRequest.RECEIVED
    assert credit_request.id_last4 == "002X" and len(credit_request.id_hash) == 64


def test_later_deadlines_count_from_the_day_a_step_was_done(record, admin_user):
    credit_request = file(record, today=date(2025, 9, 26))
    services.advance(credit_request, user=admin_user, action="accept", today=date(2025, 9, 30))
    credit_request.refresh_from_db()
    assert due_dates(credit_request)["check"] == date(2025, 10, 10)
    assert credit_request.next_due_on == date(2025, 10, 10)
    assert credit_request.status == CreditRequest.PROCESSING
    accepted = credit_request.steps.get(code="accept")
    assert accepted.completed_on == date(2025, 9, 30) and accepted.completed_by == admin_user


def test_repair_deadlines_decision_and_report(target, record, admin_user):
    credit_request = file(record, kind="repair", today=date(2025, 9, 30))
    assert due_dates(credit_request) == {"decide": date(2025, 10, 21), "report": date(2025, 10, 24)}
    services.advance(
        credit_request, user=admin_user, action="grant", note="已履行义务", today=date(2025, 10, 20)
    )
    credit_request.refresh_from_db()
    assert target.decisions == [(1, "repair", "repaired", "已履行义务")]
    assert credit_request.outcome == "repaired" and credit_request.status == CreditRequest.DECIDED
    assert due_dates(credit_request)["report"] == date(
        2025, 10, 23
    )  # 3 working days after the decision
    services.advance(credit_request, user=admin_user, action="report", today=date(2025, 10, 21))
    credit_request.refresh_from_db()
    assert credit_request.status == CreditRequest.CLOSED and credit_request.next_due_on is None


@pytest.mark.parametrize(
    ("action", "outcome"),
    [("withdraw", "withdrawn"), ("correct", "corrected"), ("dismiss", "dismissed")],
)
def test_objection_decisions_reach_the_target(target, record, admin_user, action, outcome):
    credit_request = file(record)
    for step in ("accept", "check", "provider_answer"):
        services.advance(credit_request, user=admin_user, action=step, today=date(2025, 10, 9))
    services.advance(
        credit_request, user=admin_user, action=action, note="核查结论", today=date(2025, 10, 10)
    )
    credit_request.refresh_from_db()
    assert target.decisions == [(1, "objection", outcome, "核查结论")]
    assert credit_request.status == CreditRequest.CLOSED and credit_request.outcome == outcome


def test_a_decision_needs_a_reason_and_steps_go_in_order(target, record, admin_user):
    credit_request = file(record, kind="repair", today=date(2025, 9, 30))
    with pytest.raises(services.RequestNotAllowed, match="必须填写理由"):
        services.advance(credit_request, user=admin_user, action="dismiss", note="  ")
    with pytest.raises(services.RequestNotAllowed):
        services.advance(credit_request, user=admin_user, action="report")
    with pytest.raises(services.RequestNotAllowed):
        services.advance(
            credit_request, user=admin_user, action="withdraw", note="x"
        )  # objection only
    assert target.decisions == []
    assert credit_request.steps.filter(completed_on__isnull=False).count() == 0


def test_repair_refused_before_the_minimum_period_with_the_date(target):
    target.add(2, "张三", PERSON_ID, repair_allowed_from=date(2026, 6, 1))
    with pytest.raises(services.RequestNotAllowed, match="2026年6月1日起方可申请信用修复"):
        file(target.get_record(2), kind="repair", today=date(2026, 5, 31))
    assert CreditRequest.objects.count() == 0
    assert file(target.get_record(2), kind="repair", today=date(2026, 6, 1)).kind == "repair"


def test_every_step_is_in_the_audit_log(record, admin_user):
    credit_request = file(record, kind="repair", today=date(2025, 9, 30))
    services.advance(
        credit_request,
        user=admin_user,
        action="dismiss",
        note="不符合条件",
        today=date(2025, 10, 9),
    )
    services.advance(credit_request, user=admin_user, action="report", today=date(2025, 10, 10))
    entries = ModelLogEntry.objects.for_instance(credit_request).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [
        "credit_requests.file",
        "credit_requests.decide",
        "credit_requests.report",
    ]
    decision = entries[1]
    assert decision.user == admin_user and decision.data["outcome"] == "dismissed"
    assert decision.data["note"] == "不符合条件"
    assert "作出决定" in decision.message


def test_changed_step_rules_apply_to_new_requests(record):
    StepRule.objects.filter(kind="objection", code="accept").update(working_days=5)
    credit_request = file(record, today=date(2025, 9, 26))
    # 5 working days from Fri 09-26: 28 (Sun, make-up), 29, 30, 10-09, 10-10.
    assert due_dates(credit_request)["accept"] == date(2025, 10, 10)


def test_tracking_numbers_are_random_unique_and_well_formed():
    numbers = {new_tracking_number(date(2025, 10, 9)) for _ in range(5000)}
    assert len(numbers) == 5000
    assert all(re.fullmatch(rf"XY20251009[{ALPHABET}]{{12}}", n) for n in numbers)
    # Every position draws from the whole alphabet: nothing sequential or date-derived to guess.
    for position in range(10, 22):
        assert len({n[position] for n in numbers}) == len(ALPHABET)


def test_requests_get_distinct_tracking_numbers(record):
    first, second = file(record), file(record, id_hash="0" * 64)
    assert first.tracking_number != second.tracking_number
    assert first.tracking_number[:10] == "XY20250926"


def test_tracking_number_input_is_normalised():
    assert normalize_tracking_number(" xy2025 1009-abcd\u3000ＥＦＧＨ ") == "XY20251009ABCDEFGH"


def test_a_failure_while_filing_leaves_no_row_and_no_file(record, private_files, monkeypatch):
    from cms.credit_requests import services as module

    from .uploads import pdf

    def failing_log(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(module, "log", failing_log)
    with pytest.raises(RuntimeError):
        file(record, evidence_files=[pdf(), pdf("2.pdf")])
    assert CreditRequest.objects.count() == 0
    assert not any(p.is_file() for p in private_files.rglob("*"))
