"""The reviewers' permissions on requests, granted after every `migrate`.

Permissions only exist once auth's post_migrate has run, so they cannot be granted by a data
migration on a fresh database; this is not reference data (staff do not edit it here).
The group is cms.home.roles' 信用审核员, spelled in that one place.
"""

from django.contrib.auth.management import create_permissions

from cms.home.roles import CREDIT_REVIEWERS

REVIEWER_PERMISSIONS = [
    "view_creditrequest",
    "process_creditrequest",
    "view_steprule",
    "change_steprule",
]


def grant_reviewer_permissions(using="default"):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name=CREDIT_REVIEWERS)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="credit_requests", codename__in=REVIEWER_PERMISSIONS
    )
    group.permissions.add(*permissions)


def on_post_migrate(sender, app_config, using="default", **kwargs):
    # Our permissions are normally created by auth's own post_migrate receiver, which may run
    # after this one (apps are set up in INSTALLED_APPS order); create them first.
    create_permissions(app_config, verbosity=0, using=using)
    grant_reviewer_permissions(using)
