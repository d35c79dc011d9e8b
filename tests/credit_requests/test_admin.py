"""Staff side: list with filters and search, process view, evidence download, dashboard, audit log."""

import itertools
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from cms.credit_requests import services
from cms.home.privacy import check_character, parse_id_number
from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF, ensure_roles

from . import uploads
from .fake_target import PERSON_ID

pytestmark = pytest.mark.django_db
INDEX = "/admin/creditrequest/"


@pytest.fixture
def reviewer(home, django_user_model):
    ensure_roles(home)
    user = django_user_model.objects.create_user("reviewer", password="x")
    user.groups.add(Group.objects.get(name=CREDIT_REVIEWERS))
    return user


@pytest.fixture
def editor(home, django_user_model):
    ensure_roles(home)
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    return user


_people = itertools.count(1)


def file(record, kind="objection", today=None, files=(), id_number=None):
    """A request by a new person each time (one person may have one open request per record)."""
    if id_number is None:
        body = f"11010519800101{next(_people):03d}"
        id_number = body + check_character(body)
    person = parse_id_number(id_number)
    return services.file_request(
        kind=kind,
        record=record,
        name="张三",
        id_hash=person.keyed_hash,
        id_last4=person.last4,
        phone="13812345678",
        reason="记录有误",
        evidence_files=list(files),
        today=today,
    )


def inspect_url(credit_request):
    return f"{INDEX}inspect/{credit_request.pk}/"


def test_reviewers_see_the_list_filter_overdue_and_search(client, reviewer, record):
    overdue = file(record, today=timezone.localdate() - timedelta(days=30))
    fresh = file(record)
    client.force_login(reviewer)
    page = client.get(INDEX).content.decode()
    assert overdue.tracking_number in page and fresh.tracking_number in page
    assert "已超期" in page
    only_overdue = client.get(INDEX, {"overdue": "true"}).content.decode()
    assert overdue.tracking_number in only_overdue and fresh.tracking_number not in only_overdue
    found = client.get(INDEX, {"q": fresh.tracking_number}).content.decode()
    assert fresh.tracking_number in found and overdue.tracking_number not in found
    by_kind = client.get(INDEX, {"kind": "repair"}).content.decode()
    assert fresh.tracking_number not in by_kind


def test_the_menu_and_list_are_closed_to_staff_without_permission(client, editor, record):
    credit_request = file(record)
    client.force_login(editor)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(inspect_url(credit_request)).status_code in (302, 403)
    assert "/admin/creditrequest/" not in client.get("/admin/").content.decode()  # no menu item


def test_no_add_edit_or_delete_in_the_admin(client, admin_user, record):
    credit_request = file(record)
    client.force_login(admin_user)
    assert client.get(f"{INDEX}new/").status_code == 404
    assert client.get(f"{INDEX}edit/{credit_request.pk}/").status_code == 404
    assert client.get(f"{INDEX}delete/{credit_request.pk}/").status_code == 404


def test_process_view_shows_record_steps_and_advances(client, reviewer, target, record):
    credit_request = file(record, kind="repair", today=timezone.localdate() - timedelta(days=40))
    client.force_login(reviewer)
    page = client.get(inspect_url(credit_request)).content.decode()
    assert "测试记录 张三 110105********002X" in page  # target.staff_description
    assert "作出修复决定" in page and "已超期" in page
    assert "准予信用修复" in page and "不予支持" in page
    assert PERSON_ID not in page

    refused = client.post(inspect_url(credit_request), {"action": "grant", "note": ""}, follow=True)
    assert "必须填写理由" in refused.content.decode() and target.decisions == []

    client.post(inspect_url(credit_request), {"action": "grant", "note": "已履行全部义务"})
    credit_request.refresh_from_db()
    assert target.decisions == [(1, "repair", "repaired", "已履行全部义务")]
    assert credit_request.outcome == "repaired" and credit_request.decided_by == reviewer
    log = ModelLogEntry.objects.for_instance(credit_request).get(action="credit_requests.decide")
    assert log.user == reviewer

    history = client.get(f"{INDEX}history/{credit_request.pk}/").content.decode()
    assert "作出决定" in history and "提交申请" in history


def test_staff_who_may_only_view_cannot_advance(client, django_user_model, home, target, record):
    from django.contrib.auth.models import Permission

    ensure_roles(home)
    viewer = django_user_model.objects.create_user("viewer", password="x")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_creditrequest"),
    )
    credit_request = file(record)
    client.force_login(viewer)
    page = client.get(inspect_url(credit_request))
    assert page.status_code == 200 and 'name="action"' not in page.content.decode()
    assert client.post(inspect_url(credit_request), {"action": "accept"}).status_code in (302, 403)
    assert credit_request.steps.filter(completed_on__isnull=False).count() == 0


def test_evidence_download_is_for_staff_only(client, reviewer, editor, record):
    credit_request = file(record, files=[uploads.png("scan.pdf")])
    item = credit_request.evidence_files.get()
    url = f"{INDEX}evidence/{item.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert f"{INDEX}evidence/{item.pk}/" in client.get(inspect_url(credit_request)).content.decode()


def test_dashboard_lists_overdue_and_due_soon_requests(client, reviewer, editor, record):
    overdue = file(record, today=timezone.localdate() - timedelta(days=30))
    due_soon = file(record)
    due_soon.next_due_on = timezone.localdate() + timedelta(days=1)
    due_soon.save()
    later = file(record)
    later.next_due_on = timezone.localdate() + timedelta(days=30)
    later.save()
    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    assert "超期和即将到期的申请" in page
    assert overdue.tracking_number in page and due_soon.tracking_number in page
    assert later.tracking_number not in page
    client.force_login(editor)
    assert overdue.tracking_number not in client.get("/admin/").content.decode()


def test_the_admin_warns_when_holiday_data_is_missing(client, reviewer, record):
    estimated = file(record, today=date(2099, 3, 2))
    known = file(record, today=date(2025, 9, 26))
    client.force_login(reviewer)
    assert (
        "该年度法定节假日数据缺失，已按周一至周五计算"
        in client.get(inspect_url(estimated)).content.decode()
    )
    assert "该年度法定节假日数据缺失" not in client.get(inspect_url(known)).content.decode()


def test_reviewers_may_change_the_deadlines(client, reviewer):
    from cms.credit_requests.models import StepRule

    rule = StepRule.objects.get(kind="repair", code="decide")
    client.force_login(reviewer)
    response = client.post(
        f"/admin/steprule/edit/{rule.pk}/",
        {"name": rule.name, "working_days": 7, "source": "市信用办"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.working_days == 7


def test_reviewers_have_the_menu(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    # Sidebar labels are JSON-escaped in the page; the menu links are not.
    assert "/admin/creditrequest/" in page and "/admin/steprule/" in page
