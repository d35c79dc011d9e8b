"""Test factories for the publicity calendar and campaign pages."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cms.campaigns.models import CampaignIndexPage, CampaignPage, PublicityEvent, PublicityEventDate
from cms.campaigns.models.events import DateKind, RecurrenceKind


class PublicityEventFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"宣传节点{n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    recurrence_kind = RecurrenceKind.FIXED_DAY
    month = 3
    day = 15
    first_year = 2016
    lead_time_days = 30

    class Meta:
        model = PublicityEvent


class PublicityEventDateFactory(DjangoModelFactory):
    event = factory.SubFactory(PublicityEventFactory)
    year = 2026
    sequence = 1
    kind = DateKind.EXPLICIT

    class Meta:
        model = PublicityEventDate


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "诚信宣传"
    slug = "campaigns"
    show_in_menus = True

    class Meta:
        model = CampaignIndexPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"宣传活动{n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    event = factory.SubFactory(PublicityEventFactory)
    year = 2026
    sequence = 1
    body = factory.LazyFunction(lambda: [("paragraph", "<p>活动内容</p>")])

    class Meta:
        model = CampaignPage
