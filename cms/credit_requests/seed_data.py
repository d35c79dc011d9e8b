"""Default steps and deadlines of requests (办理时限), which staff edit in the admin.

Seeded by the data migration 0003 (idempotent get_or_create, like exposure's reference lists)
and again by seed_demo, which puts them back after a flush; a deadline that staff changed is
never overwritten. The rules behind the numbers: docs/credit-requests.md.
"""

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


def seed_step_rules(StepRule):
    """Create the missing rules; takes the model class so that migrations can pass the historical one."""
    for kind, code, name, order, working_days, source in STEP_RULES:
        StepRule.objects.get_or_create(
            kind=kind,
            code=code,
            defaults={"name": name, "order": order, "working_days": working_days, "source": source},
        )
