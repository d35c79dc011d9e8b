"""公示异议: anyone objects to a candidate through the public form during the window; staff
process it with the request machinery's steps; upheld, the candidate leaves every surface."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
import time_machine

from cms.credit_requests import services
from cms.credit_requests.models import CreditRequest
from cms.home.signals import content_left_public
from cms.honor_roll.models import Honoree

from .factories import HonoreeFactory, HonorRollPageFactory, png_bytes

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
FORM_URL = "/credit-requests/objection/honor_roll/"


def at(year, month, day, hour=10):
    return time_machine.travel(datetime(year, month, day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def june_roll(index):
    return HonorRollPageFactory(
        parent=index,
        title="2026年第二季度“阳江好人”榜",
        publicity_start=date(2026, 6, 1),
        publicity_end=date(2026, 6, 7),
    )


@pytest.fixture
def candidate(june_roll):
    return HonoreeFactory(roll=june_roll, name="谭伟明")


def objection(record_id, **extra):
    data = {
        "record": record_id,
        "name": "李举报",
        "phone": "13800138000",
        "reason": "该人选所述见义勇为事迹与事实不符，当时在场者可以作证。",
    }
    data.update(extra)
    return data


def test_third_party_objection_filed_and_upheld(
    client, candidate, june_roll, reviewer, django_capture_on_commit_callbacks
):
    with at(2026, 6, 3):
        form = client.get(FORM_URL, {"group": june_roll.pk, "record": candidate.pk})
        assert form.status_code == 200
        assert "谭伟明" in form.content.decode()
        assert "身份证" not in form.content.decode().split("<form", 1)[1]  # no ID number asked
        assert form["X-Robots-Tag"] == "noindex, noarchive"
        evidence = SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")
        response = client.post(FORM_URL, objection(candidate.pk, evidence=evidence))
        assert response.status_code == 302
        filed = client.get(response["Location"]).content.decode()

    request = CreditRequest.objects.get()
    assert request.tracking_number in filed and "联系电话后4位" in filed
    assert request.kind == "public_objection" and request.target_key == "honor_roll"
    assert request.record_id == candidate.pk and request.name == "李举报"
    assert request.id_hash == "" and request.evidence_files.count() == 1
    assert [s.code for s in request.steps.all()] == ["accept", "check", "decide"]
    assert request.next_due_on == date(2026, 6, 5)  # 2 working days from Wednesday 3 June

    # The filer follows it with the tracking number and the phone's last 4 digits.
    status = client.post(
        reverse("credit_requests:status"),
        {"tracking_number": request.tracking_number, "id_last4": "8000"},
    )
    assert status.status_code == 200 and "受理" in status.content.decode()

    # Staff process it in the admin with the same steps, and uphold it.
    client.force_login(reviewer)
    process_url = f"/admin/creditrequest/inspect/{request.pk}/"
    page = client.get(process_url).content.decode()
    assert "谭伟明" in page and "公示异议，未核验身份" in page
    received = []

    def listener(sender, instances, reason, **kwargs):
        received.append((sender, [i.pk for i in instances], reason))

    content_left_public.connect(listener)
    try:
        with at(2026, 6, 4), django_capture_on_commit_callbacks(execute=True):
            for action, note in [("accept", ""), ("check", "经核实"), ("withdraw", "事迹不实")]:
                response = client.post(process_url, {"action": action, "note": note})
                assert response.status_code == 302
    finally:
        content_left_public.disconnect(listener)

    request.refresh_from_db()
    assert request.outcome == "withdrawn" and request.status == CreditRequest.CLOSED
    candidate.refresh_from_db()
    assert candidate.removed_at is not None and candidate.removal_reason == "事迹不实"
    assert candidate.removed_by == reviewer
    assert received == [(Honoree, [candidate.pk], "withdrawn")]
    client.logout()
    with at(2026, 6, 4):
        assert "谭伟明" not in client.get(june_roll.url).content.decode()
        assert client.get(candidate.get_url()).status_code == 404
        # Nor can it be objected to again: it is no longer a candidate.
        again = client.post(FORM_URL, objection(candidate.pk))
    assert again.status_code == 400 and "已不在公示名单中" in again.content.decode()


def test_objection_after_the_window_is_refused_with_a_clear_message(client, candidate):
    with at(2026, 6, 8):
        form = client.get(FORM_URL).content.decode()
        response = client.post(FORM_URL, objection(candidate.pk))
    assert "目前没有正在公示" in form
    text = response.content.decode()
    assert response.status_code == 400
    assert "公示期已于2026年6月7日结束，不再受理公示异议" in text
    assert not CreditRequest.objects.exists()


def test_objection_before_the_window_is_refused(client, candidate):
    with at(2026, 5, 30):
        response = client.post(FORM_URL, objection(candidate.pk))
    assert "将于2026年6月1日开始公示" in response.content.decode()
    assert not CreditRequest.objects.exists()


def test_bad_input_is_refused_and_nothing_is_saved(client, candidate):
    with at(2026, 6, 2):
        response = client.post(FORM_URL, objection(candidate.pk, phone="12345", name="", reason=""))
    text = response.content.decode()
    assert response.status_code == 400
    assert "请填写有效的手机号码" in text and "请填写您的姓名" in text and "请填写异议理由" in text
    assert not CreditRequest.objects.exists()


def test_dismissed_objection_leaves_the_candidate_public(client, candidate, reviewer):
    with at(2026, 6, 2):
        client.post(FORM_URL, objection(candidate.pk))
    request = CreditRequest.objects.get()
    for action, note in [("accept", ""), ("check", ""), ("dismiss", "经核实，事迹属实")]:
        services.advance(request, user=reviewer, action=action, note=note)
    assert Honoree.objects.public().filter(pk=candidate.pk).exists()


def test_a_target_that_takes_no_public_objections_is_404(client):
    assert client.get("/credit-requests/objection/exposure/").status_code == 404
    assert client.get("/credit-requests/objection/nope/").status_code == 404
