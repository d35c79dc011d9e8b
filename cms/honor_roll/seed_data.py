"""Default reference data, seeded once by a data migration; staff edit it afterwards."""

CATEGORIES = ["诚实守信", "助人为乐", "见义勇为", "敬业奉献", "孝老爱亲"]

TOWNS = [
    (
        "江城区",
        [
            "南恩街道",
            "城南街道",
            "城北街道",
            "城东街道",
            "城西街道",
            "岗列街道",
            "中洲街道",
            "白沙街道",
            "埠场镇",
            "双捷镇",
        ],
    ),
    ("阳东区", ["东城镇", "北惯镇", "合山镇", "大沟镇", "东平镇", "雅韶镇"]),
    ("阳春市", ["春城街道", "合水镇", "八甲镇", "马水镇"]),
    ("阳西县", ["织篢镇", "沙扒镇", "儒洞镇", "溪头镇"]),
    ("海陵岛经济开发试验区", ["闸坡镇", "海陵镇"]),
    ("阳江高新区", ["平冈镇"]),
]


def seed_reference_data(HonorCategory, Town):
    """Idempotent: rows that exist (even renamed ones staff kept) are left alone."""
    for order, name in enumerate(CATEGORIES, start=1):
        HonorCategory.objects.get_or_create(name=name, defaults={"sort_order": order})
    order = 0
    for district, towns in TOWNS:
        for name in towns:
            order += 1
            Town.objects.get_or_create(
                name=name, defaults={"district": district, "sort_order": order}
            )
