"""Fixtures of the exposure tests: /exposure/ with a live batch, and helpers to build import files."""

import csv
import io
from datetime import date

from django.core.cache import cache
from django.urls import reverse

import pytest

from cms.exposure.importing.readers import COLUMNS
from cms.exposure.viewsets import entry_viewset
from cms.home.privacy import check_character

HEADER = COLUMNS  # the import file's header row


def id_number(birth="19850312", seq="123"):
    """A valid 18-character test number (tests may hold full numbers; other code may not)."""
    body = f"441702{birth}{seq}"
    return body + check_character(body)


def row(**overrides):
    values = {
        "姓名": "张三",
        "身份证号码": id_number(),
        "失信类别": "2",
        "严重程度": "严重",
        "重点领域": "食品药品",
        "失信行为": "生产销售不符合食品安全标准的食品",
        "认定依据": "《中华人民共和国食品安全法》第一百二十四条",
        "认定部门": "阳江市市场监督管理局",
        "文书号": "阳市监罚〔2026〕1号",
        "认定日期": "2026-03-01",
        "公示截止日期": "2027-03-01",
    }
    values.update(overrides)
    return [values[column] for column in HEADER]


def csv_bytes(rows, encoding="utf-8", header=HEADER):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(home):
    from tests.exposure.factories import ExposureIndexPageFactory

    return ExposureIndexPageFactory(parent=home)


@pytest.fixture
def batch(index):
    from tests.exposure.factories import ExposureListPageFactory

    return ExposureListPageFactory(parent=index, date=date(2026, 3, 1))


@pytest.fixture
def make_entry(batch):
    from tests.exposure.factories import ExposureEntryFactory

    def make(**fields):
        fields.setdefault("batch", batch)
        return ExposureEntryFactory(**fields)

    return make


@pytest.fixture
def admin_client(client, django_user_model):
    """The pytest-django client, logged in as a superuser (client.user)."""
    user = django_user_model.objects.create_superuser("boss", "boss@example.invalid", "x")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff(home, index, django_user_model):
    """(editor, reviewer, superuser) with the roles and the 信用审核 workflow on /exposure/."""
    from django.contrib.auth.models import Group

    from cms.exposure.moderation import ensure_exposure_moderation
    from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF, ensure_roles

    ensure_roles(home)
    ensure_exposure_moderation(index)
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    reviewer = django_user_model.objects.create_user("reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name=CREDIT_REVIEWERS))
    boss = django_user_model.objects.create_superuser("superuser", "su@example.invalid", "x")
    return editor, reviewer, boss


def entry_url(action="list", *args):
    """The entry admin's URL for `action` (list, edit, history …)."""
    return reverse(entry_viewset.get_url_name(action), args=args)


def entry_form_data(entry, **changes):
    """The admin edit form's fields for `entry`, with `changes` applied."""
    data = {
        "batch": entry.batch_id,
        "name": entry.name,
        "id_number": "",
        "category": entry.category,
        "severity": entry.severity,
        "key_area": entry.key_area_id,
        "key_group": "",
        "behaviour": entry.behaviour,
        "legal_basis": entry.legal_basis,
        "authority": entry.authority,
        "document_number": entry.document_number,
        "decision_date": entry.decision_date.isoformat(),
        "end_date": entry.end_date.isoformat(),
        "status": entry.status,
        "status_reason": "",
    }
    data.update(changes)
    return data
