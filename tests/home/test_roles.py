"""宣传人员 edit and submit; 信用审核员 approve and publish."""

from wagtail.models import Workflow

import pytest

from cms.home.roles import CREDIT_REVIEWERS, REVIEW_WORKFLOW, ensure_roles
from tests.home.factories import ArticleIndexPageFactory

pytestmark = pytest.mark.django_db


def test_editor_can_edit_but_not_publish(staff, home):
    editor, reviewer = staff
    column = ArticleIndexPageFactory(parent=home)
    editor_perms = column.permissions_for_user(editor)
    reviewer_perms = column.permissions_for_user(reviewer)
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert reviewer_perms.can_edit() and reviewer_perms.can_publish()


def test_review_workflow_covers_the_site(staff, home):
    column = ArticleIndexPageFactory(parent=home)
    workflow = column.get_workflow()
    assert workflow == Workflow.objects.get(name=REVIEW_WORKFLOW)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [CREDIT_REVIEWERS]


def test_ensure_roles_is_idempotent(staff, home):
    from wagtail.models import GroupPagePermission

    count = GroupPagePermission.objects.count()
    ensure_roles(home)
    assert GroupPagePermission.objects.count() == count
