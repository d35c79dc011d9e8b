"""Default steps and deadlines (DOMAIN.md, "Deadlines") and the reviewers' permissions.

Both are data, not code: staff change the deadlines in the admin (异议与信用修复 → 办理时限).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CREDIT_REVIEWERS = "信用审核员"  # cms.home.roles.CREDIT_REVIEWERS; a migration must not import app code

STEP_RULES = [
    # kind, code, name, order, working days, source
    ("objection", "accept", "受理", 1, 2, "广州市信用办做法"),
    ("objection", "check", "核查", 2, 2, "广州市信用办做法"),
    ("objection", "provider_answer", "数据提供单位答复", 3, 10, "广州市信用办做法"),
    ("objection", "decide", "作出决定", 4, 5, "默认值（参照省级撤销决定后5个工作日内下线的做法），可修改"),
    ("repair", "decide", "作出修复决定", 1, 10, "全国信用信息共享平台做法"),
    ("repair", "report", "修复结果报送", 2, 3, "全国信用信息共享平台做法"),
]

REVIEWER_PERMISSIONS = [
    ("creditrequest", "view_creditrequest"),
    ("creditrequest", "process_creditrequest"),
    ("steprule", "view_steprule"),
    ("steprule", "change_steprule"),
]


def seed_step_rules(apps, schema_editor):
    StepRule = apps.get_model("credit_requests", "StepRule")
    for kind, code, name, order, working_days, source in STEP_RULES:
        StepRule.objects.get_or_create(
            kind=kind, code=code,
            defaults={"name": name, "order": order, "working_days": working_days, "source": source},
        )


def grant_reviewer_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate); create ours now.
    app_config = apps.get_app_config("credit_requests")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CREDIT_REVIEWERS)
    for model, codename in REVIEWER_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="credit_requests", content_type__model=model, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("credit_requests", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed_step_rules, migrations.RunPython.noop),
        migrations.RunPython(grant_reviewer_permissions, migrations.RunPython.noop),
    ]
