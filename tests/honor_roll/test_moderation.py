"""Honor rolls go live only through the 信用审核 workflow: editors submit, reviewers approve."""

from django.urls import reverse

from wagtail.models import WorkflowPage

import pytest

from cms.home.roles import REVIEW_WORKFLOW, attach_review_workflow
from cms.honor_roll.models import HonorRollIndexPage, HonorRollPage

from .factories import HonoreeFactory
from .test_consent import page_form_data, rich

pytestmark = pytest.mark.django_db


def test_a_new_honor_roll_section_gets_the_review_workflow(client, superuser, home, reviewer):
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["honor_roll", "honorrollindexpage", home.pk]),
        {
            "title": "诚信红榜",
            "slug": "honor-roll",
            "intro": "",
            "summary": "",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    index = HonorRollIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=index).workflow.name == REVIEW_WORKFLOW


def add_roll(client, index, action):
    data = page_form_data(
        HonorRollPage(
            title="2026年第三季度“阳江好人”榜",
            slug="2026-q3",
            year=2026,
            round_label="第三季度",
            list_type="good_people",
            recommending_unit="阳江市文明办",
            publicity_start=__import__("datetime").date(2026, 9, 1),
            publicity_end=__import__("datetime").date(2026, 9, 7),
        ),
        **{action: "1"},
    )
    data["intro"] = rich("")
    return client.post(
        reverse("wagtailadmin_pages:add", args=["honor_roll", "honorrollpage", index.pk]), data
    )


def test_editor_cannot_publish_and_reviewer_approves(client, index, editor, reviewer):
    attach_review_workflow(index)
    client.force_login(editor)
    add_roll(client, index, "action-publish")
    roll = HonorRollPage.objects.get()
    assert not roll.live  # no publish permission: at most a draft

    HonoreeFactory(roll=roll, name="待同意", without_consent=True)
    edit_url = reverse("wagtailadmin_pages:edit", args=[roll.pk])
    refused = client.post(edit_url, page_form_data(roll, **{"action-submit": "1"}))
    assert "待同意" in refused.content.decode() and roll.current_workflow_state is None

    roll.honorees.update(consent_given_by="待同意", consent_given_on="2026-08-20")
    roll.honorees.update(consent_method="signed", consent_scan="honor-roll/consent/x.png")
    response = client.post(edit_url, page_form_data(roll, **{"action-submit": "1"}))
    assert response.status_code == 302
    roll.refresh_from_db()
    state = roll.current_workflow_state
    assert state is not None and state.workflow.name == REVIEW_WORKFLOW and not roll.live

    client.force_login(reviewer)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[roll.pk, "approve", task_state.pk]),
        {"comment": "同意发布"},
    )
    assert response.status_code in (200, 302)
    roll.refresh_from_db()
    assert roll.live
    client.logout()
    assert "待同意" in client.get(roll.url).content.decode()


def test_honorees_are_searchable_through_public_only(roll):
    from wagtail.search.backends import get_search_backend

    HonoreeFactory(roll=roll, name="梁丽萍", story="<p>扎根急诊一线二十年</p>")
    HonoreeFactory(roll=roll, name="何国荣", story="<p>急诊室外的志愿者</p>", without_consent=True)
    from cms.honor_roll.models import Honoree

    backend = get_search_backend()
    assert [h.name for h in backend.search("梁丽萍", Honoree.objects.public())] == ["梁丽萍"]
    assert list(backend.search("何国荣", Honoree.objects.public())) == []
    assert [h.name for h in backend.search("何国荣", Honoree.objects.all())] == ["何国荣"]
