"""The public form and status pages at /credit-requests/."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.test import Client

import pytest

from cms.credit_requests import identity
from cms.credit_requests.models import CreditRequest, EvidenceFile

from . import uploads
from .fake_target import OTHER_ID, PERSON_ID

pytestmark = pytest.mark.django_db
START, APPLY, FILED, STATUS = (
    "/credit-requests/",
    "/credit-requests/apply/",
    "/credit-requests/filed/",
    "/credit-requests/status/",
)


def identify(client, name="张三", id_number=PERSON_ID):
    return client.post(START, {"name": name, "id_number": id_number})


def apply_data(kind="objection", record="fake:1", files=(), **extra):
    data = {
        "record": record,
        "kind": kind,
        "phone": "138 1234 5678",
        "reason": "处罚决定已撤销",
        "evidence": list(files),
    }
    data.update(extra)
    return data


def file_objection(client, files=()):
    identify(client)
    response = client.post(APPLY, apply_data(files=files))
    assert response.status_code == 302, response.content.decode()
    return client.get(FILED)


def text(response):
    return response.content.decode()


def test_start_page_explains_and_is_not_indexed(client):
    response = client.get(START)
    assert response.status_code == 200
    assert "异议" in text(response) and "信用修复" in text(response) and "工作日" in text(response)
    assert response["X-Robots-Tag"] == "noindex, noarchive"
    assert '<meta name="robots" content="noindex, noarchive">' in text(response)


@pytest.mark.parametrize(
    "bad", ["11010519491231002Y", "110105194912310021", "12345", "11010519491331002X"]
)
def test_a_bad_id_number_gets_a_chinese_error_400_and_is_not_echoed(client, target, bad):
    response = identify(client, id_number=bad)
    assert response.status_code == 400
    assert "身份证号码" in text(response)
    assert bad not in text(response)
    assert identity.IDENTITY_KEY not in client.session
    assert CreditRequest.objects.count() == 0


def test_a_valid_number_is_not_echoed_back_when_the_form_is_re_rendered(client, target):
    response = client.post(START, {"name": "", "id_number": PERSON_ID})
    assert response.status_code == 400 and "请填写姓名" in text(response)
    assert PERSON_ID not in text(response)


def test_no_match_gives_a_neutral_message(client, target):
    response = identify(client, id_number=OTHER_ID)
    assert response.status_code == 200
    assert "未找到与您填写的姓名和身份证号码相符的公示记录" in text(response)
    assert "张三" not in text(response).split("未找到")[1][:200]  # nothing about the listed person
    # Right number, wrong name: the same message.
    assert "未找到" in text(identify(client, name="李四"))
    assert identity.IDENTITY_KEY not in client.session


def test_identity_is_kept_server_side_without_the_number(client, target):
    response = identify(client)
    assert response.status_code == 302 and response["Location"] == APPLY
    kept = client.session[identity.IDENTITY_KEY]
    assert kept["id_last4"] == "002X" and kept["records"] == [["fake", 1]]
    assert PERSON_ID not in repr(dict(client.session))
    page = text(client.get(APPLY))
    assert page.count('type="hidden"') == 1 and 'type="hidden" name="csrfmiddlewaretoken"' in page
    assert "hash" not in page and kept["id_hash"] not in page


def test_filing_an_objection_shows_the_tracking_number_once(client, target):
    response = file_objection(client, files=[uploads.pdf(), uploads.jpeg()])
    credit_request = CreditRequest.objects.get()
    assert response.status_code == 200 and credit_request.tracking_number in text(response)
    assert credit_request.phone == "13812345678" and credit_request.kind == "objection"
    assert client.get(FILED).status_code == 302  # shown once
    assert identity.IDENTITY_KEY not in client.session
    stored = list(EvidenceFile.objects.values_list("content_type", flat=True))
    assert stored == ["application/pdf", "image/jpeg"]


def test_evidence_is_stored_outside_media_root_and_has_no_public_url(client, target, private_files):
    file_objection(client, files=[uploads.pdf()])
    item = EvidenceFile.objects.get()
    path = Path(item.file.path)
    assert path.is_file() and private_files in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert path.suffix == ".pdf" and "证明" not in path.name
    assert client.get(f"/media/{item.file.name}").status_code == 404


def test_a_png_named_pdf_is_accepted_as_png(client, target):
    file_objection(client, files=[uploads.png(name="证明.pdf")])
    item = EvidenceFile.objects.get()
    assert item.content_type == "image/png" and item.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: uploads.exe_renamed_pdf(), "不是PDF、JPG或PNG格式"),
        (lambda: uploads.pdf(size=10 * 1024 * 1024 + 1), "超过10 MB"),
        (lambda: uploads.truncated_png(), "已损坏"),
    ],
    ids=["exe-renamed-pdf", "oversized", "broken-png"],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    client, target, private_files, upload, message
):
    identify(client)
    response = client.post(APPLY, apply_data(files=[uploads.pdf(), upload()]))
    assert response.status_code == 400
    assert message in text(response)
    assert CreditRequest.objects.count() == 0 and EvidenceFile.objects.count() == 0
    assert not private_files.exists() or not any(p.is_file() for p in private_files.rglob("*"))
    assert identity.IDENTITY_KEY in client.session  # the person can correct and retry


def test_a_file_of_exactly_10_mb_is_accepted(client, target):
    file_objection(client, files=[uploads.pdf(size=10 * 1024 * 1024)])
    assert EvidenceFile.objects.get().size == 10 * 1024 * 1024


def test_at_most_five_files(client, target):
    identify(client)
    response = client.post(APPLY, apply_data(files=[uploads.pdf(f"{i}.pdf") for i in range(6)]))
    assert response.status_code == 400 and "最多上传5个文件" in text(response)
    assert CreditRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("0662-3312345", True), ("+86 13912345678", True), ("12345", False), ("2345678901", False)],
)
def test_phone_numbers(client, target, phone, ok):
    identify(client)
    response = client.post(APPLY, apply_data(phone=phone))
    assert response.status_code == (302 if ok else 400)
    if not ok:
        assert "请填写有效的手机号码" in text(response)
        assert CreditRequest.objects.count() == 0


def test_repair_before_its_date_gets_a_clear_message(client, target):
    target.records[1].repair_allowed_from = date(2099, 3, 1)
    identify(client)
    response = client.post(APPLY, apply_data(kind="repair"))
    assert response.status_code == 400 and "2099年3月1日起方可申请信用修复" in text(response)
    assert CreditRequest.objects.count() == 0


def test_a_record_not_matched_to_the_person_cannot_be_chosen(client, target):
    target.add(2, "李四", OTHER_ID)
    identify(client)
    response = client.post(APPLY, apply_data(record="fake:2"))
    assert response.status_code == 400 and CreditRequest.objects.count() == 0
    assert "李四" not in text(response)


def test_step_two_without_a_fresh_identity_goes_back_to_step_one(client, target):
    assert client.get(APPLY)["Location"] == START
    identify(client)
    session = client.session
    session[identity.IDENTITY_KEY]["expires"] = 0
    session.save()
    response = client.post(APPLY, apply_data())
    assert response.status_code == 302 and response["Location"] == START
    assert CreditRequest.objects.count() == 0


def test_csrf_is_enforced(target):
    client = Client(enforce_csrf_checks=True)
    assert client.post(START, {"name": "张三", "id_number": PERSON_ID}).status_code == 403
    assert client.post(STATUS, {"tracking_number": "XY", "id_last4": "002X"}).status_code == 403
    assert identity.IDENTITY_KEY not in client.session


def test_filing_is_rate_limited_per_ip(client, target, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "credit_requests.identify": "3/m",
        "credit_requests.file": "3/m",
        "credit_requests.status": "3/m",
    }
    codes = [identify(client, id_number="11010519491231002Y").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    assert "请求过于频繁" in text(identify(client))
    # Another client IP is not affected.
    assert identify(Client(REMOTE_ADDR="10.0.0.9")).status_code == 302


# --- status page -------------------------------------------------------------------------------


def strip_csrf(html):
    """Without the per-response tokens: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r' nonce="[^"]+"', "", html)


def test_status_with_the_right_number_and_last4_shows_the_steps(client, target):
    file_objection(client)
    credit_request = CreditRequest.objects.get()
    response = client.post(
        STATUS, {"tracking_number": credit_request.tracking_number.lower(), "id_last4": "002x"}
    )
    assert response.status_code == 200
    page = text(response)
    for name in ("受理", "核查", "数据提供单位答复", "作出决定"):
        assert name in page
    first_due = credit_request.steps.first().due_on
    assert f"截止 {first_due.year}年{first_due.month}月{first_due.day}日" in page
    assert "已提交，待受理" in page
    assert response["X-Robots-Tag"] == "noindex, noarchive"


def test_wrong_last4_and_unknown_number_give_identical_404s(client, target):
    file_objection(client)
    real = CreditRequest.objects.get().tracking_number
    wrong_last4 = client.post(STATUS, {"tracking_number": real, "id_last4": "1234"})
    unknown = client.post(STATUS, {"tracking_number": "XY20250101AAAAAAAAAAAA", "id_last4": "002X"})
    assert wrong_last4.status_code == unknown.status_code == 404
    assert strip_csrf(text(wrong_last4)) == strip_csrf(text(unknown))
    assert "查询编号或身份证号码后4位不正确" in text(unknown)
    assert real not in text(wrong_last4)


def test_status_lookups_are_rate_limited(client, target, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "credit_requests.status": "2/m"}
    data = {"tracking_number": "XY20250101AAAAAAAAAAAA", "id_last4": "0000"}
    assert [client.post(STATUS, data).status_code for _ in range(3)] == [404, 404, 429]


def test_behind_the_proxy_limits_count_each_client_and_a_request_without_the_header_is_served(
    client, target, settings
):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "credit_requests.status": "2/m"}
    data = {"tracking_number": "XY20250101AAAAAAAAAAAA", "id_last4": "0000"}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    def post(**meta):
        return client.post(STATUS, data, **meta).status_code

    assert [post(**proxy, HTTP_X_REAL_IP="198.51.100.7") for _ in range(3)] == [404, 404, 429]
    assert post(**proxy, HTTP_X_REAL_IP="198.51.100.8") == 404  # another reader, same proxy
    # Straight to the application (a health check, no header or a garbled one): counted under
    # the peer address, never a 500.
    direct = {"REMOTE_ADDR": "192.0.2.1"}
    assert [post(**direct), post(**direct, HTTP_X_REAL_IP="not-an-address")] == [404, 404]
    assert post(**direct) == 429
