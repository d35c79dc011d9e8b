"""Reference lists seeded from the national rules (国办发〔2016〕98号 三(二); 国办发〔2025〕22号).

Staff edit these in the admin; the data migration and the demo seed only
create what is missing.
"""

KEY_AREAS = [
    "食品药品",
    "安全生产",
    "消防安全",
    "交通安全",
    "环境保护",
    "生物安全",
    "产品质量",
    "税收缴纳",
    "医疗卫生",
    "劳动保障",
    "工程建设",
    "金融服务",
    "知识产权",
    "司法诉讼",
    "电子商务",
    "志愿服务",
]

KEY_GROUPS = [
    "公务员",
    "企业法定代表人及相关责任人",
    "律师",
    "教师",
    "医师",
    "执业药师",
    "评估师",
    "税务师",
    "注册消防工程师",
    "会计审计人员",
    "房地产中介从业人员",
    "认证人员",
    "金融从业人员",
    "导游",
]

# severity -> (minimum months, maximum months) of the publicity period.
SEVERITY_PERIODS = {
    "minor": (0, 3),
    "ordinary": (3, 12),
    "serious": (12, 36),
}


def seed_reference_data(KeyArea, KeyGroup, SeverityPeriod):
    """Create the missing rows; takes the model classes so that migrations can pass historical ones."""
    for order, name in enumerate(KEY_AREAS):
        KeyArea.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(KEY_GROUPS):
        KeyGroup.objects.get_or_create(name=name, defaults={"sort_order": order})
    for severity, (minimum, maximum) in SEVERITY_PERIODS.items():
        SeverityPeriod.objects.get_or_create(
            severity=severity, defaults={"min_months": minimum, "max_months": maximum}
        )
