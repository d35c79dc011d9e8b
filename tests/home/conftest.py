"""Staff of the two roles: 宣传人员 (editor) and 信用审核员 (reviewer)."""

from django.contrib.auth.models import Group

import pytest

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF, ensure_roles


@pytest.fixture
def staff(home, django_user_model):
    ensure_roles(home)
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    reviewer = django_user_model.objects.create_user("reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name=CREDIT_REVIEWERS))
    return editor, reviewer
