"""The exposure list as a credit_requests target (CREDIT_REQUESTS_CONTRACT.md)."""

from datetime import date

from wagtail.models import ModelLogEntry

import pytest

from cms.credit_requests.targets import MatchedRecord, get_target
from cms.exposure.choices import Severity, Status
from cms.exposure.models import ExposureEntry, ExposureStatusChange
from cms.home.privacy import hash_id_number
from cms.home.signals import content_left_public

from .conftest import id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    return get_target("exposure")


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user("reviewer")


@pytest.fixture
def signals():
    received = []

    def listener(sender, instances, reason, **kwargs):
        received.append((sender, [i.pk for i in instances], reason))

    content_left_public.connect(listener)
    yield received
    content_left_public.disconnect(listener)


def test_registered_by_the_app(target):
    assert target.label == "严重失信主体名单" and set(target.kinds) == {"objection", "repair"}


def test_find_records_by_name_and_hash(target, make_entry):
    number = id_number("19800808", "808")
    entry = make_entry(
        name="张三", id_number=number, severity=Severity.SERIOUS, decision_date=date(2026, 1, 15)
    )
    make_entry(name="张三")  # same name, someone else

    records = target.find_records(name=" 张三", id_hash=hash_id_number(number))
    assert records == [
        MatchedRecord(
            target_key="exposure",
            record_id=entry.pk,
            summary=f"{entry.batch.title} · 张三 · {entry.masked_id} · 文书号 {entry.document_number}",
            repair_allowed_from=date(2027, 1, 15),  # serious: 1 year minimum
        )
    ]
    assert target.find_records(name="李四", id_hash=hash_id_number(number)) == []
    assert target.get_record(entry.pk) == records[0]
    assert target.get_record(999999) is None


def test_repaired_and_withdrawn_records_are_no_longer_found(target, make_entry):
    entry = make_entry(status=Status.REPAIRED)
    assert target.get_record(entry.pk) is None


def test_staff_description_shows_masked_id_only(target, make_entry):
    number = id_number("19800808", "808")
    entry = make_entry(id_number=number)
    text = target.staff_description(entry.pk)
    assert entry.masked_id in text and entry.document_number in text and number not in text
    assert target.admin_url(entry.pk).startswith("/admin/")


@pytest.mark.parametrize(
    "outcome, status",
    [
        ("repaired", Status.REPAIRED),
        ("withdrawn", Status.WITHDRAWN),
        ("corrected", Status.CORRECTED),
    ],
)
def test_granting_takes_the_entry_offline_with_history_audit_and_signal(
    target,
    make_entry,
    reviewer,
    signals,
    django_capture_on_commit_callbacks,
    outcome,
    status,
):
    entry = make_entry()
    with django_capture_on_commit_callbacks(execute=True):
        target.apply_decision(
            entry.pk, kind="repair", outcome=outcome, user=reviewer, reason="材料齐全", request=None
        )

    entry.refresh_from_db()
    assert entry.status == status
    assert not ExposureEntry.objects.public().filter(pk=entry.pk).exists()
    change = ExposureStatusChange.objects.get(entry=entry)
    assert (change.changed_by, change.source, change.reason) == (
        reviewer,
        "request",
        "信用修复：材料齐全",
    )
    log = ModelLogEntry.objects.get(object_id=str(entry.pk), action=f"exposure.status.{status}")
    assert log.user == reviewer and log.data["reason"] == "信用修复：材料齐全"
    assert signals == [(ExposureEntry, [entry.pk], str(status))]


def test_dismissed_keeps_the_entry_and_records_the_reason(
    target,
    make_entry,
    reviewer,
    signals,
    django_capture_on_commit_callbacks,
):
    entry = make_entry()
    with django_capture_on_commit_callbacks(execute=True):
        target.apply_decision(
            entry.pk,
            kind="objection",
            outcome="dismissed",
            user=reviewer,
            reason="认定事实清楚",
            request=None,
        )
    entry.refresh_from_db()
    assert (
        entry.status == Status.PUBLISHED
        and ExposureEntry.objects.public().filter(pk=entry.pk).exists()
    )
    change = ExposureStatusChange.objects.get(entry=entry)
    assert change.reason == "异议：认定事实清楚" and change.from_status == change.to_status
    assert ModelLogEntry.objects.filter(
        object_id=str(entry.pk), action="exposure.request.dismissed"
    ).exists()
    assert signals == []


def test_unknown_outcome_is_refused(target, make_entry, reviewer):
    entry = make_entry()
    with pytest.raises(ValueError):
        target.apply_decision(
            entry.pk, kind="repair", outcome="maybe", user=reviewer, reason="", request=None
        )
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED


def test_demo_records_give_what_a_demo_request_needs(target, make_entry):
    entry = make_entry()
    [(record, name, id_hash, last4)] = target.demo_records(5)
    assert record.record_id == entry.pk
    assert (name, id_hash, last4) == (entry.name, entry.id_hash, entry.masked_id[-4:])
