"""The admin: entry listing with filters and search, the entry form, the import screen, moderation."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import ModelLogEntry, Workflow

import pytest

from cms.exposure.choices import Status
from cms.exposure.models import ExposureEntry, ExposureStatusChange
from cms.home.privacy import hash_id_number
from cms.home.roles import REVIEW_WORKFLOW
from tests.exposure.factories import ExposureListPageFactory

from .conftest import csv_bytes, entry_form_data, entry_url, id_number, row

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def test_listing_filters_and_searches(admin_client, batch, index, make_entry):
    other = ExposureListPageFactory(parent=index)
    make_entry(name="张三", status=Status.PUBLISHED)
    make_entry(name="李四", status=Status.REPAIRED)
    make_entry(name="王五", batch=other)

    def names(params):
        response = admin_client.get(entry_url(), params)
        assert response.status_code == 200
        body = response.content.decode()
        return {name for name in ["张三", "李四", "王五"] if name in body}

    assert names({}) == {"张三", "李四", "王五"}
    assert names({"batch": other.pk}) == {"王五"}
    assert names({"status": "repaired"}) == {"李四"}
    assert names({"q": "张三"}) == {"张三"}
    assert names({"end_date_from": "2030-01-01"}) == set()
    assert names({"end_date_to": "2030-01-01"}) == {"张三", "李四", "王五"}


def test_listing_query_count_does_not_grow_with_entries(
    admin_client, batch, make_entry, django_assert_max_num_queries
):
    for _ in range(40):
        make_entry()
    admin_client.get(entry_url())  # warm caches (permissions, site)
    with django_assert_max_num_queries(40):
        assert admin_client.get(entry_url()).status_code == 200


def test_creating_an_entry_keeps_only_masked_id_and_hash(admin_client, batch):
    from cms.exposure.models import KeyArea

    number = id_number("19820202", "202")
    data = {
        "batch": batch.pk,
        "name": "陈一",
        "id_number": number,
        "category": 2,
        "severity": "serious",
        "key_area": KeyArea.objects.get(name="食品药品").pk,
        "key_group": "",
        "behaviour": "行为",
        "legal_basis": "依据",
        "authority": "阳江市市场监督管理局",
        "document_number": "阳市监罚〔2026〕77号",
        "decision_date": "2026-01-10",
        "end_date": "2027-01-10",
        "status_reason": "",
    }
    response = admin_client.post(entry_url("add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ExposureEntry.objects.get()
    assert (
        entry.id_hash == hash_id_number(number)
        and entry.masked_id == number[:6] + "********" + number[-4:]
    )
    assert entry.status == Status.PUBLISHED


def test_bad_id_in_the_form_is_not_echoed(admin_client, batch):
    bad = id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")
    response = admin_client.post(
        entry_url("add"), {"batch": batch.pk, "name": "陈一", "id_number": bad}
    )
    body = response.content.decode()
    assert "校验位" in body and bad not in body
    assert not ExposureEntry.objects.exists()


def test_status_change_in_the_admin_needs_a_reason_and_is_recorded(admin_client, make_entry):
    entry = make_entry()
    data = entry_form_data(entry, status="withdrawn")
    response = admin_client.post(entry_url("edit", entry.pk), data)
    assert "请填写原因" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED

    data["status_reason"] = "认定部门撤销决定"
    assert admin_client.post(entry_url("edit", entry.pk), data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.WITHDRAWN
    change = ExposureStatusChange.objects.get(entry=entry)
    assert (change.changed_by, change.reason, change.source) == (
        admin_client.user,
        "认定部门撤销决定",
        "admin",
    )
    assert ModelLogEntry.objects.filter(
        object_id=str(entry.pk), action="exposure.status.withdrawn"
    ).exists()
    history = admin_client.get(entry_url("history", entry.pk)).content.decode()
    assert "撤回" in history


class TestImportScreen:
    def upload(self, client, batch, data, name="名单.csv"):
        return client.post(
            reverse("exposure_import"), {"batch": batch.pk, "file": SimpleUploadedFile(name, data)}
        )

    def test_preview_then_confirm(self, admin_client, batch):
        rows = [
            row(),
            row(**{"姓名": "李四", "身份证号码": id_number("19900101", "456"), "文书号": "X2"}),
        ]
        preview = self.upload(admin_client, batch, csv_bytes(rows, "gb18030"))
        body = preview.content.decode()
        assert preview.status_code == 200
        assert "将新增 <strong>2</strong> 条" in body and "李四" in body
        assert not FULL_ID.search(body)
        assert ExposureEntry.objects.count() == 0  # nothing before confirming

        token = re.search(r'name="token" value="([0-9a-f]+)"', body).group(1)
        confirm = admin_client.post(reverse("exposure_import"), {"token": token})
        assert confirm.status_code == 302
        assert ExposureEntry.objects.filter(batch=batch).count() == 2
        # The import is logged on the batch page (the staff login is logged on the user).
        assert not ModelLogEntry.objects.exclude(action__startswith="accounts.").exists()
        from wagtail.models import PageLogEntry

        assert PageLogEntry.objects.filter(page=batch, action="exposure.import").exists()
        # the token is single-use
        again = admin_client.post(reverse("exposure_import"), {"token": token}, follow=True)
        assert "预览已失效" in again.content.decode()
        assert ExposureEntry.objects.count() == 2

    def test_bad_file_shows_every_error_and_offers_no_confirm(self, admin_client, batch):
        rows = [row(**{"严重程度": "很严重"}), row(**{"认定日期": "昨天", "文书号": "X2"})]
        response = self.upload(admin_client, batch, csv_bytes(rows))
        body = response.content.decode()
        assert response.status_code == 400
        assert "第2行" in body and "第3行" in body and "严重程度" in body and "认定日期" in body
        assert 'name="token"' not in body

    def test_staff_without_permission_cannot_import(self, client, django_user_model, batch):
        user = django_user_model.objects.create_user("plain", password="x")
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        response = self.upload(client, batch, csv_bytes([row()]))
        assert response.status_code in (302, 403)
        assert not ExposureEntry.objects.exists()


class TestModeration:
    def test_exposure_index_has_the_review_workflow_explicitly(self, staff, index):
        from wagtail.models import WorkflowPage

        assert WorkflowPage.objects.get(page=index).workflow.name == REVIEW_WORKFLOW

    def test_editor_cannot_publish_a_batch_directly(self, staff, client, index):
        editor, _reviewer, _boss = staff
        assert not index.permissions_for_user(editor).can_publish_subpage()
        client.force_login(editor)
        response = client.post(
            reverse("wagtailadmin_pages:add", args=["exposure", "exposurelistpage", index.pk]),
            {
                "title": "2026年第9批严重失信主体名单",
                "slug": "batch-9",
                "date": "2026-05-01",
                "intro": "",
                "deciding_units": "",
                "summary": "",
                "action-publish": "publish",
            },
        )
        assert response.status_code in (302, 403)
        index.refresh_from_db()
        batch = index.get_children().filter(title="2026年第9批严重失信主体名单").first()
        assert batch is None or not batch.live

    def test_editor_submits_and_reviewer_approves_to_publish(self, staff, client, index):
        editor, reviewer, _boss = staff
        client.force_login(editor)
        response = client.post(
            reverse("wagtailadmin_pages:add", args=["exposure", "exposurelistpage", index.pk]),
            {
                "title": "2026年第9批严重失信主体名单",
                "slug": "batch-9",
                "date": "2026-05-01",
                "intro": "",
                "deciding_units": "",
                "summary": "",
                "action-submit": "submit",
            },
        )
        assert response.status_code == 302
        index.refresh_from_db()  # numchild changed
        batch = index.get_children().get(title="2026年第9批严重失信主体名单").specific
        assert not batch.live
        state = batch.current_workflow_state
        assert state is not None and state.workflow.name == REVIEW_WORKFLOW

        client.force_login(reviewer)
        task_state = state.current_task_state
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action", args=[batch.pk, "approve", task_state.pk]
            ),
            {"comment": "同意发布"},
        )
        assert response.status_code in (200, 302)
        batch.refresh_from_db()
        assert batch.live
        assert Workflow.objects.get(name=REVIEW_WORKFLOW) == batch.get_workflow()
