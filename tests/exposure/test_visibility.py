"""Public visibility is computed: an entry vanishes at Asia/Shanghai midnight after its end date."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from cms.exposure.choices import Status
from cms.exposure.models import ExposureEntry, ExposureStatusChange
from cms.home.signals import content_left_public

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def ends_june_30(make_entry):
    return make_entry(name="赵六", decision_date=date(2025, 12, 31), end_date=date(2026, 6, 30))


def test_visible_through_the_last_second_of_the_end_date(client, batch, ends_june_30):
    with time_machine.travel(datetime(2026, 6, 30, 23, 59, 59, tzinfo=SHANGHAI), tick=False):
        assert list(ExposureEntry.objects.public()) == [ends_june_30]
        assert "赵六" in client.get(batch.url).content.decode()
        assert ends_june_30.masked_id in client.get("/exposure/", {"q": "赵六"}).content.decode()


def test_gone_at_shanghai_midnight_without_any_job(client, batch, ends_june_30):
    # 2026-07-01 00:00 in Shanghai is still 2026-06-30 16:00 UTC: the local date decides.
    with time_machine.travel(datetime(2026, 7, 1, 0, 0, 0, tzinfo=SHANGHAI), tick=False):
        assert list(ExposureEntry.objects.public()) == []
        assert "赵六" not in client.get(batch.url).content.decode()
        # (the query itself is echoed in the search box; the result would show the masked ID)
        assert (
            ends_june_30.masked_id not in client.get("/exposure/", {"q": "赵六"}).content.decode()
        )
        assert "赵六" not in client.get(batch.url + "api/").content.decode()
    assert ExposureEntry.objects.get().status == Status.PUBLISHED  # nothing was written


def test_unpublished_batch_hides_its_entries(batch, make_entry):
    make_entry()
    batch.unpublish()
    assert not ExposureEntry.objects.public().exists()


def test_a_batch_asked_for_by_itself_follows_the_same_rules(batch, make_entry):
    """public(batch=…) checks the batch in Python rather than in SQL: same answer."""
    from wagtail.models import PageViewRestriction

    entry = make_entry()
    assert list(batch.public_entries()) == [entry]
    restriction = PageViewRestriction.objects.create(
        page=batch, restriction_type=PageViewRestriction.LOGIN
    )
    assert list(batch.public_entries()) == []
    assert not ExposureEntry.objects.public().exists()
    restriction.delete()
    assert list(batch.public_entries()) == [entry]
    batch.unpublish()
    assert list(batch.public_entries()) == []


def test_minors_are_never_public(make_entry):
    make_entry(minor_on_decision=True)
    assert not ExposureEntry.objects.public().exists()


@pytest.mark.parametrize(
    "status", [Status.WITHDRAWN, Status.CORRECTED, Status.REPAIRED, Status.EXPIRED]
)
def test_only_published_entries_are_public(make_entry, status):
    make_entry(status=status)
    assert not ExposureEntry.objects.public().exists()


class TestExpireCommand:
    def test_records_expiry_and_tells_the_channels(
        self, ends_june_30, make_entry, django_capture_on_commit_callbacks
    ):
        still_public = make_entry(name="钱七", end_date=date(2026, 7, 1))
        received = []

        def listener(sender, instances, reason, **kwargs):
            received.append((sender, [i.pk for i in instances], reason))

        content_left_public.connect(listener)
        try:
            with (
                time_machine.travel(datetime(2026, 7, 1, 0, 5, tzinfo=SHANGHAI), tick=False),
                django_capture_on_commit_callbacks(execute=True),
            ):
                call_command("expire_exposures", stdout=io.StringIO())
        finally:
            content_left_public.disconnect(listener)

        assert received == [(ExposureEntry, [ends_june_30.pk], "expired")]
        ends_june_30.refresh_from_db()
        still_public.refresh_from_db()
        assert ends_june_30.status == Status.EXPIRED and still_public.status == Status.PUBLISHED
        change = ExposureStatusChange.objects.get(entry=ends_june_30)
        assert (change.from_status, change.to_status, change.source) == (
            "published",
            "expired",
            "expiry",
        )
        assert ModelLogEntry.objects.filter(
            action="exposure.status.expired", object_id=str(ends_june_30.pk)
        ).exists()

    def test_second_run_sends_nothing(self, ends_june_30, django_capture_on_commit_callbacks):
        received = []
        content_left_public.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
        try:
            with (
                time_machine.travel(datetime(2026, 7, 2, tzinfo=SHANGHAI), tick=False),
                django_capture_on_commit_callbacks(execute=True),
            ):
                call_command("expire_exposures", stdout=io.StringIO())
                call_command("expire_exposures", stdout=io.StringIO())
        finally:
            content_left_public.disconnect(dispatch_uid="t")
        assert len(received) == 1
        assert ExposureStatusChange.objects.count() == 1
