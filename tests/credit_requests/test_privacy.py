"""The full ID number never appears in a response, a log record, the database or the audit log."""

import logging

from django.db import connection
from django.test import Client

import pytest

from cms.credit_requests.models import CreditRequest
from tests.otp import SecondFactorClient

from .fake_target import PERSON_ID

pytestmark = pytest.mark.django_db


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    """Every log record at DEBUG, SQL included (works with or without pytest's logging plugin)."""
    handler, root = Collect(), logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sql = logging.getLogger("django.db.backends")
    old_sql = sql.level
    sql.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    yield handler.lines
    connection.force_debug_cursor = False
    sql.setLevel(old_sql)
    root.setLevel(old_level)
    root.removeHandler(handler)


def test_no_full_id_number_anywhere(target, admin_user, log_lines):
    client = Client()
    responses = [
        client.get("/credit-requests/"),
        client.post(
            "/credit-requests/", {"name": "张三", "id_number": PERSON_ID[:-1] + "1"}
        ),  # bad check char
        client.post(
            "/credit-requests/", {"name": "", "id_number": PERSON_ID}
        ),  # valid number, other error
        client.post("/credit-requests/", {"name": "王五", "id_number": PERSON_ID}),  # no match
        client.post("/credit-requests/", {"name": "张三", "id_number": PERSON_ID.lower()}),
        client.get("/credit-requests/apply/"),
        client.post(
            "/credit-requests/apply/",
            {"record": "fake:1", "kind": "objection", "phone": "1", "reason": "x"},
        ),
        client.post(
            "/credit-requests/apply/",
            {"record": "fake:1", "kind": "objection", "phone": "13812345678", "reason": "x"},
        ),
        client.get("/credit-requests/filed/", follow=True),
    ]
    credit_request = CreditRequest.objects.get()
    responses.append(
        client.post(
            "/credit-requests/status/",
            {"tracking_number": credit_request.tracking_number, "id_last4": "002X"},
        )
    )
    staff = SecondFactorClient()  # admin pages answer only after the second factor
    staff.force_login(admin_user)
    responses += [
        staff.get("/admin/creditrequest/"),
        staff.get(f"/admin/creditrequest/inspect/{credit_request.pk}/"),
        staff.get(f"/admin/creditrequest/history/{credit_request.pk}/"),
        staff.get("/admin/"),
    ]
    assert all(r.status_code < 500 for r in responses)
    assert len(log_lines) > 10  # SQL and request logging were captured
    for variant in (
        PERSON_ID,
        PERSON_ID.lower(),
        PERSON_ID[:-1] + "1",
        PERSON_ID[6:14] + PERSON_ID[14:],
    ):
        assert not any(variant in r.content.decode() for r in responses)
        assert not any(variant in line for line in log_lines)
    with connection.cursor() as cursor:
        for table in ("credit_requests_creditrequest", "wagtailcore_modellogentry"):
            cursor.execute(f"SELECT * FROM {table}")
            assert PERSON_ID not in repr(cursor.fetchall())
    from django.contrib.sessions.models import Session

    sessions = [session.get_decoded() for session in Session.objects.all()]
    assert sessions and not any(PERSON_ID in repr(data) for data in sessions)
