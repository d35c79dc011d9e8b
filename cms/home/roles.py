"""Staff roles and the site-wide moderation workflow.

宣传人员 (publicity staff) edit pages and submit them for moderation;
信用审核员 (credit reviewers) approve and publish.  The workflow 信用审核
is attached to the site root so that every page goes through a reviewer.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

PUBLICITY_STAFF = "宣传人员"
CREDIT_REVIEWERS = "信用审核员"
REVIEW_WORKFLOW = "信用审核"

_EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
_REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
_MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def ensure_roles(root_page):
    """Create the two groups, their permissions and the review workflow (idempotent)."""
    editors = _ensure_group(PUBLICITY_STAFF, root_page, _EDITOR_PAGE_PERMISSIONS)
    reviewers = _ensure_group(CREDIT_REVIEWERS, root_page, _REVIEWER_PAGE_PERMISSIONS)
    _ensure_workflow(root_page, reviewers)
    return editors, reviewers


def grant_app_permissions(app_config, grants, using="default"):
    """Add the app's model permissions named in `grants` ({group name: [codename, …]}) to the staff
    groups. Only ever adds, so grants staff were given by hand survive."""
    # auth's own post_migrate receiver creates the permissions and may run after ours.
    create_permissions(app_config, verbosity=0, using=using)
    for group_name, codenames in grants.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label=app_config.label, codename__in=codenames
            )
        )


def grant_after_every_migrate(app_config, grants):
    """Grant `grants` after every `migrate`: permissions exist only once auth's post_migrate has
    run, so a data migration cannot grant them on a fresh (or flushed) database."""

    def on_post_migrate(sender, app_config, using="default", **kwargs):
        grant_app_permissions(app_config, grants, using)

    post_migrate.connect(
        on_post_migrate, sender=app_config, weak=False, dispatch_uid=f"{app_config.label}.grants"
    )


def _ensure_group(name, root_page, page_permissions):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in page_permissions:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codenames in _MEDIA_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def _ensure_workflow(root_page, reviewers):
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name="信用审核员审批").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="信用审核员审批")
    task.groups.set([reviewers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=root_page, defaults={"workflow": workflow})
    return workflow


def attach_review_workflow(page):
    """Attach 信用审核 to `page` (a section such as /exposure/ or /honor-roll/) explicitly, so that
    it holds even if the site root's assignment changes. Returns the workflow (None if the roles
    are not set up yet)."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
