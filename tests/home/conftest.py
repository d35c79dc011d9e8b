"""Staff of the two roles: 宣传人员 (editor) and 信用审核员 (reviewer)."""

from django.contrib.auth.models import Group

import pytest

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF, ensure_roles
from tests.seeding import seeded_once


@pytest.fixture
def staff(home, django_user_model):
    ensure_roles(home)
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    reviewer = django_user_model.objects.create_user("reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name=CREDIT_REVIEWERS))
    return editor, reviewer


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo site, seeded once for the module (tests only read it)."""
    with seeded_once(django_db_blocker):
        yield
