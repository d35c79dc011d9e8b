"""Requests cannot fill the disk, and carry no ID number in their free text."""

import pytest

from cms.credit_requests.models import CreditRequest, EvidenceFile
from cms.home.privacy import check_character, parse_id_number
from tests.otp import SecondFactorClient

from . import uploads
from .fake_target import PERSON_ID
from .test_public import APPLY, FILED, START, apply_data, identify, text

pytestmark = pytest.mark.django_db


def file(client, **extra):
    identify(client)
    return client.post(APPLY, apply_data(**extra))


def test_one_open_request_per_record_kind_and_person(client, target):
    assert file(client).status_code == 302
    again = file(client)
    assert again.status_code == 400 and "已就该记录提交过同类申请" in text(again)
    assert CreditRequest.objects.count() == 1
    # Another kind on the same record is another matter.
    assert file(client, kind="repair").status_code == 302


def test_a_daily_cap_per_person(client, target, settings):
    settings.CREDIT_REQUEST_DAILY_LIMIT = 2
    for record_id in (2, 3, 4):
        target.add(record_id, "张三", PERSON_ID)
    assert file(client, record="fake:2").status_code == 302
    assert file(client, record="fake:3").status_code == 302
    refused = file(client, record="fake:4")
    assert refused.status_code == 400 and "每天最多提交2件申请" in text(refused)
    assert CreditRequest.objects.count() == 2


def test_evidence_quota_refuses_with_a_clear_message_and_staff_see_the_usage(
    client, target, settings, django_user_model
):
    settings.CREDIT_REQUEST_EVIDENCE_QUOTA = 2000
    assert file(client, files=[uploads.pdf(size=1500)]).status_code == 302
    target.add(2, "张三", PERSON_ID)
    refused = file(client, record="fake:2", files=[uploads.pdf(size=1000)])
    assert refused.status_code == 400 and "证明材料存储空间已满" in text(refused)
    assert EvidenceFile.objects.count() == 1 and CreditRequest.objects.count() == 1
    boss = django_user_model.objects.create_superuser("boss", "boss@example.invalid", "x")
    staff = SecondFactorClient()
    staff.force_login(boss)
    dashboard = staff.get("/admin/").content.decode()
    assert "证明材料已占用" in dashboard and "75.0%" in dashboard


def test_the_reason_may_not_carry_an_id_number(client, target):
    spaced = f"{PERSON_ID[:6]} {PERSON_ID[6:14]} {PERSON_ID[14:]}"
    refused = file(client, reason=f"本人身份证号{spaced}，记录有误")
    assert refused.status_code == 400 and "申请理由中请不要填写身份证号码" in text(refused)
    assert PERSON_ID[:14] not in text(refused) and spaced not in text(refused)
    assert "110105********002X" in text(refused)  # re-shown masked, for the person to edit
    assert not CreditRequest.objects.exists()


def test_evidence_named_after_an_id_number_keeps_it_masked(client, target):
    masked = parse_id_number(PERSON_ID).masked
    assert file(client, files=[uploads.png(f"身份证正面_{PERSON_ID}.png")]).status_code == 302
    item = EvidenceFile.objects.get()
    assert PERSON_ID not in item.original_name and masked in item.original_name
    assert PERSON_ID not in item.file.name
    client.get(FILED)


def test_step_one_refuses_a_name_with_digits(client, target):
    body = f"44170219800101{123:03d}"
    number = body + check_character(body)
    response = client.post(START, {"name": f"张三{number}", "id_number": PERSON_ID})
    assert response.status_code == 400 and "姓名中不能包含身份证号码" in text(response)
    assert number not in text(response)
