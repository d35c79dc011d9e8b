"""Who may do what with honorees, granted to the two staff roles after every `migrate`.

宣传人员 prepare honorees and their consent records; 信用审核员 may also download consent scans
and record a withdrawal. Done after migrate (like cms.credit_requests.permissions) so a flushed
database gets them back; existing grants are only ever added to.
"""

from django.contrib.auth.management import create_permissions

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF

EDITOR_PERMISSIONS = [
    "add_honoree",
    "change_honoree",
    "view_honoree",
    "view_honorcategory",
    "view_town",
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + ["delete_honoree", "manage_consent"]


def on_post_migrate(sender, app_config, using="default", **kwargs):
    # Our permissions are normally created by auth's own post_migrate receiver, which may run
    # after this one; create them first.
    create_permissions(app_config, verbosity=0, using=using)
    grant_permissions(using)


def grant_permissions(using="default"):
    from django.contrib.auth.models import Group, Permission

    for group_name, codenames in (
        (PUBLICITY_STAFF, EDITOR_PERMISSIONS),
        (CREDIT_REVIEWERS, REVIEWER_PERMISSIONS),
    ):
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label="honor_roll", codename__in=codenames
            )
        )
