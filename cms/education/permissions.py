"""Staff of both roles may read the download counts (granted after every migrate, idempotent)."""

from django.contrib.auth.management import create_permissions

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF

VIEW_DOWNLOADS = "view_documentdownload"


def grant_download_report(sender, app_config, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    # auth's own post_migrate receiver may run after this one: create ours first.
    create_permissions(app_config, verbosity=0, using=using)
    permission = Permission.objects.using(using).get(
        content_type__app_label="education", codename=VIEW_DOWNLOADS
    )
    for name in (PUBLICITY_STAFF, CREDIT_REVIEWERS):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(permission)
