"""Test factories for the exposure app (wagtail-factories / factory_boy)."""

import random
from datetime import date

import factory
import wagtail_factories
from dateutil.relativedelta import relativedelta

from cms.exposure.choices import Category, Severity, Status
from cms.exposure.fakes import fake_id_number, fake_name
from cms.exposure.models import ExposureEntry, ExposureIndexPage, ExposureListPage, KeyArea
from cms.home.privacy import parse_id_number


class ExposureIndexPageFactory(wagtail_factories.PageFactory):
    title = "失信曝光"
    slug = "exposure"
    show_in_menus = True

    class Meta:
        model = ExposureIndexPage


class ExposureListPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"2026年第{n + 1}批严重失信主体名单")
    slug = factory.Sequence(lambda n: f"batch-{n + 1}")
    deciding_units = "阳江市市场监督管理局"
    date = date(2026, 3, 1)

    class Meta:
        model = ExposureListPage


class ExposureEntryFactory(factory.django.DjangoModelFactory):
    """Pass `id_number=` for a known number; otherwise a generated one is used."""

    class Meta:
        model = ExposureEntry

    class Params:
        id_number = factory.Sequence(lambda n: fake_id_number(random.Random(n)))

    batch = factory.SubFactory(ExposureListPageFactory)
    name = factory.Sequence(lambda n: fake_name(random.Random(n)))
    masked_id = factory.LazyAttribute(lambda o: parse_id_number(o.id_number).masked)
    id_hash = factory.LazyAttribute(lambda o: parse_id_number(o.id_number).keyed_hash)
    adult_from_sealed = factory.LazyAttribute(
        lambda o: parse_id_number(o.id_number).sealed_adult_from
    )
    category = Category.MARKET_ORDER
    severity = Severity.SERIOUS
    key_area = factory.LazyFunction(lambda: KeyArea.objects.get(name="食品药品"))
    behaviour = "生产销售不符合食品安全标准的食品"
    legal_basis = "《中华人民共和国食品安全法》第一百二十四条"
    authority = "阳江市市场监督管理局"
    document_number = factory.Sequence(lambda n: f"阳市监罚〔2026〕{n + 1}号")
    decision_date = date(2026, 1, 15)
    end_date = factory.LazyAttribute(lambda o: o.decision_date + relativedelta(years=1))
    status = Status.PUBLISHED
    pending_review = False  # as if the reviewer had approved it; tests of review set True
