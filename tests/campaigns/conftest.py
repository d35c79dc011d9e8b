"""Fixtures: the 诚信宣传 calendar page under the home page, and a few publicity events."""

import pytest

from cms.campaigns.models.events import DateKind, RecurrenceKind
from tests.campaigns.factories import (
    CampaignIndexPageFactory,
    PublicityEventDateFactory,
    PublicityEventFactory,
)


@pytest.fixture
def index(home):
    return CampaignIndexPageFactory(parent=home)


@pytest.fixture
def consumer_day(db):
    return PublicityEventFactory(name="国际消费者权益日", slug="3-15", month=3, day=15)


@pytest.fixture
def safety_month(db):
    return PublicityEventFactory(
        name="安全生产月",
        slug="safety",
        recurrence_kind=RecurrenceKind.WHOLE_MONTH,
        month=6,
        day=None,
    )


@pytest.fixture
def good_people(db):
    event = PublicityEventFactory(
        name="“阳江好人”评选",
        slug="good-people",
        recurrence_kind=RecurrenceKind.DATES,
        month=None,
        day=None,
    )
    for sequence, start, end in ((1, "2026-04-20", "2026-04-26"), (2, "2026-12-14", "2026-12-20")):
        PublicityEventDateFactory(
            event=event,
            year=2026,
            sequence=sequence,
            kind=DateKind.EXPLICIT,
            start_date=start,
            end_date=end,
        )
    return event


@pytest.fixture
def admin_client(client, admin_user):
    """A superuser's admin session on the `client` fixture."""
    client.force_login(admin_user)
    return client
