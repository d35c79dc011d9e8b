"""Fixtures of the honor roll tests: /honor-roll/ with a list in 公示, staff users."""

import pytest

from cms.home.roles import CREDIT_REVIEWERS, ensure_roles

from .factories import HonoreeFactory, HonorRollIndexPageFactory, HonorRollPageFactory


@pytest.fixture(autouse=True)
def _private_files(private_files):
    """Every test here: consent scans and evidence in a temporary private folder."""
    return private_files


@pytest.fixture
def index(home):
    return HonorRollIndexPageFactory(parent=home)


@pytest.fixture
def roll(index):
    return HonorRollPageFactory(parent=index, title="2026年第二季度“阳江好人”榜")


@pytest.fixture
def honoree(roll):
    return HonoreeFactory(roll=roll, name="陈好人")


@pytest.fixture
def reviewer(django_user_model, home):
    from django.contrib.auth.models import Group

    ensure_roles(home)
    user = django_user_model.objects.create_user("reviewer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=CREDIT_REVIEWERS))
    return user


@pytest.fixture
def editor(django_user_model, home):
    from django.contrib.auth.models import Group

    from cms.home.roles import PUBLICITY_STAFF

    ensure_roles(home)
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", password="x")
