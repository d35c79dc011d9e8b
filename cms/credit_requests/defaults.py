"""Default steps and deadlines (DOMAIN.md, "Deadlines") and the reviewers' permissions.

Both are data that staff may change in the admin (异议与信用修复 → 办理时限; groups). They are
filled in after every `migrate` (post_migrate) rather than by a one-off data migration, so that a
database that was flushed (`manage.py flush`, transactional tests) gets them back. Existing rows
are never overwritten: a deadline that staff changed stays changed.
"""

from django.contrib.auth.management import create_permissions

CREDIT_REVIEWERS = (
    "信用审核员"  # the group of cms.home.roles; granted here so cms/home stays untouched
)

STEP_RULES = [
    # kind, code, name, order, working days, source
    ("objection", "accept", "受理", 1, 2, "广州市信用办做法"),
    ("objection", "check", "核查", 2, 2, "广州市信用办做法"),
    ("objection", "provider_answer", "数据提供单位答复", 3, 10, "广州市信用办做法"),
    (
        "objection",
        "decide",
        "作出决定",
        4,
        5,
        "默认值（参照省级撤销决定后5个工作日内下线的做法），可修改",
    ),
    ("repair", "decide", "作出修复决定", 1, 10, "全国信用信息共享平台做法"),
    ("repair", "report", "修复结果报送", 2, 3, "全国信用信息共享平台做法"),
    # 公示异议 (third-party objection to a candidate): decided before the list is made final.
    ("public_objection", "accept", "受理", 1, 2, "参照异议受理时限"),
    ("public_objection", "check", "核查", 2, 2, "参照异议核查时限"),
    ("public_objection", "decide", "作出决定", 3, 3, "默认值，可修改"),
]

REVIEWER_PERMISSIONS = [
    "view_creditrequest",
    "process_creditrequest",
    "view_steprule",
    "change_steprule",
]


def ensure_step_rules(using="default"):
    from .models import StepRule

    for kind, code, name, order, working_days, source in STEP_RULES:
        StepRule.objects.using(using).get_or_create(
            kind=kind,
            code=code,
            defaults={"name": name, "order": order, "working_days": working_days, "source": source},
        )


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
    ensure_step_rules(using)
    grant_reviewer_permissions(using)
