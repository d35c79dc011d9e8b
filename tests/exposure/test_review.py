"""New and changed entries reach the public only through the 信用审核 reviewer."""

import io

from django.urls import reverse

from wagtail.models import Workflow

import pytest

from cms.exposure.importing import import_file
from cms.exposure.models import ExposureEntry
from cms.home.roles import REVIEW_WORKFLOW

from .conftest import csv_bytes, entry_form_data, entry_url, row

pytestmark = pytest.mark.django_db


def submit_and_approve(client, batch, editor, reviewer):
    """The editor submits the batch to 信用审核; the reviewer approves it in the admin."""
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    batch.save_revision(user=editor)
    state = workflow.start(batch, editor)
    client.force_login(reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[batch.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "同意"},
    )
    assert response.status_code in (200, 302)


def public_names(client, batch):
    body = client.get(batch.url).content.decode()
    return {name for name in ["张三", "李四"] if name in body}


def test_rows_imported_into_a_live_batch_wait_for_the_reviewer(client, staff, batch):
    editor, reviewer, boss = staff
    report = import_file(io.BytesIO(csv_bytes([row()])), batch, file_name="x.csv", user=boss)
    assert report.ok and ExposureEntry.objects.get().pending_review
    assert public_names(client, batch) == set()  # not public, though the batch is live

    client.force_login(boss)
    listing = client.get(entry_url(), {"pending_review": "true"})
    assert "张三" in listing.content.decode() and "待审核（未公开）" in listing.content.decode()

    # The reviewer sees in the batch's preview what approving it will make public.
    client.force_login(reviewer)
    batch.save_revision(user=editor)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[batch.pk]))
    assert "张三" in preview.content.decode() and "待审核" in preview.content.decode()

    submit_and_approve(client, batch, editor, reviewer)
    client.logout()
    assert public_names(client, batch) == {"张三"}
    assert not ExposureEntry.objects.get().pending_review


def test_an_edit_of_a_live_entry_leaves_the_public_until_approved(client, staff, batch, make_entry):
    editor, reviewer, boss = staff
    entry = make_entry(name="李四")
    assert public_names(client, batch) == {"李四"}
    client.force_login(boss)
    data = entry_form_data(entry, behaviour="改过的失信行为")
    response = client.post(entry_url("edit", entry.pk), data)
    assert response.status_code == 302
    client.logout()
    assert public_names(client, batch) == set()  # the unreviewed change is not public

    submit_and_approve(client, batch, editor, reviewer)
    client.logout()
    body = client.get(batch.url).content.decode()
    assert "改过的失信行为" in body


def test_an_entry_changed_after_submission_waits_for_the_next_review(client, staff, batch):
    editor, reviewer, boss = staff
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    batch.save_revision(user=editor)
    state = workflow.start(batch, editor)
    import_file(io.BytesIO(csv_bytes([row()])), batch, file_name="x.csv", user=boss)
    client.force_login(reviewer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[batch.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "同意"},
    )
    client.logout()
    assert public_names(client, batch) == set()
    assert ExposureEntry.objects.get().pending_review
