"""End to end across apps: a person files through the public form, staff decide through the request
machinery, and the exposure entry is gone from every public surface at once (the page cache on)."""

from datetime import date

from django.core.cache import caches
from django.test import Client

import pytest

from cms.credit_requests import services
from cms.credit_requests.models import CreditRequest
from cms.exposure.choices import Severity, Status
from cms.home.privacy import check_character
from tests.exposure.factories import (
    ExposureEntryFactory,
    ExposureIndexPageFactory,
    ExposureListPageFactory,
)

pytestmark = pytest.mark.django_db

BODY = "44170219800101123"
ID_NUMBER = BODY + check_character(BODY)
NAME = "陈修复"


@pytest.fixture
def published_entry(home, settings):
    settings.WAGTAIL_CACHE = True
    caches["pages"].clear()
    index = ExposureIndexPageFactory(parent=home)
    batch = ExposureListPageFactory(parent=index, date=date(2026, 1, 20))
    # 一般: repair may be asked for three months after the decision, i.e. already today.
    entry = ExposureEntryFactory(
        batch=batch,
        name=NAME,
        id_number=ID_NUMBER,
        severity=Severity.ORDINARY,
        decision_date=date(2026, 1, 15),
        end_date=date(2026, 12, 31),
    )
    yield index, batch, entry
    caches["pages"].clear()


def _public_surfaces(index, batch):
    """Every public place an entry can show, as an anonymous visitor sees it."""
    visitor = Client()
    return {
        "batch page": visitor.get(batch.url).content.decode(),
        "batch api": visitor.get(batch.url + "api/").content.decode(),
        "feed": visitor.get(index.url + "feed/").content.decode(),
        "name search": visitor.get(index.url, {"q": NAME}).content.decode(),
        "self lookup": visitor.post(
            index.url, {"name": NAME, "id_number": ID_NUMBER}
        ).content.decode(),
        "sitemap": visitor.get("/sitemap.xml").content.decode(),
        "home": visitor.get("/").content.decode(),
    }


def _file_through_public_form(kind):
    person = Client()
    step1 = person.post("/credit-requests/", {"name": NAME, "id_number": ID_NUMBER})
    assert step1.status_code == 302, step1.content.decode()[:2000]
    form_page = person.get(step1["Location"])
    record_value = form_page.context["form"].fields["record"].choices[0][0]
    filed = person.post(
        step1["Location"],
        {
            "record": record_value,
            "kind": kind,
            "phone": "13800138000",
            "reason": "已履行全部法定义务",
        },
    )
    assert filed.status_code == 302, filed.content.decode()[:3000]
    return CreditRequest.objects.get()


@pytest.mark.parametrize(
    "kind, actions, status",
    [
        ("repair", ["grant"], Status.REPAIRED),
        ("objection", ["accept", "check", "provider_answer", "withdraw"], Status.WITHDRAWN),
    ],
)
def test_upheld_request_takes_the_entry_offline_everywhere(
    published_entry,
    admin_user,
    django_capture_on_commit_callbacks,
    kind,
    actions,
    status,
):
    index, batch, entry = published_entry
    before = _public_surfaces(index, batch)
    for surface in ("batch page", "batch api", "name search", "self lookup"):
        assert entry.masked_id in before[surface], surface
    assert ID_NUMBER not in "".join(before.values())

    credit_request = _file_through_public_form(kind)
    assert credit_request.id_last4 == ID_NUMBER[-4:] and credit_request.record_id == entry.pk
    with django_capture_on_commit_callbacks(execute=True):
        for action in actions:
            services.advance(credit_request, user=admin_user, action=action, note="核实无误")

    entry.refresh_from_db()
    assert entry.status == status
    after = _public_surfaces(index, batch)
    for surface, body in after.items():
        assert entry.masked_id not in body, (
            surface
        )  # the search form may echo the name typed, not the entry
    assert NAME not in after["batch page"] and NAME not in after["batch api"]


def test_dismissed_request_keeps_the_entry_with_its_reason(published_entry, admin_user):
    index, batch, entry = published_entry
    credit_request = _file_through_public_form("repair")
    services.advance(credit_request, user=admin_user, action="dismiss", note="尚未履行行政处罚决定")
    entry.refresh_from_db()
    credit_request.refresh_from_db()
    assert entry.status == Status.PUBLISHED
    assert credit_request.decision_reason == "尚未履行行政处罚决定"
    assert entry.masked_id in _public_surfaces(index, batch)["batch page"]
