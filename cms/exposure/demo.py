"""Demo content of the exposure list: /exposure/, reference lists, two live batches of generated entries.

Idempotent: pages are found by slug and entries by (文书号, 认定部门), so a
second run (even on another day) creates nothing.
"""

import random

from django.utils import timezone

from dateutil.relativedelta import relativedelta

from cms.home.demo_support import ensure_child_page
from cms.home.models import HomePage
from cms.home.privacy import parse_id_number

from .choices import Category, Severity, Status
from .fakes import fake_id_number, fake_name
from .models import (
    ExposureEntry,
    ExposureIndexPage,
    ExposureListPage,
    KeyArea,
    KeyGroup,
    SeverityPeriod,
)
from .moderation import ensure_exposure_moderation
from .seed_data import SEVERITY_PERIODS, seed_reference_data

ENTRIES_PER_BATCH = 36
BATCHES = [
    (
        "2026年第1批严重失信主体名单",
        "2026-di-1-pi",
        1,
        "阳江市市场监督管理局、阳江市应急管理局",
        "根据《关于推进社会信用体系建设高质量发展促进形成新发展格局的意见》，现将2026年第1批严重失信主体名单予以公示。",
    ),
    (
        "2026年第2批严重失信主体名单",
        "2026-di-2-pi",
        2,
        "阳江市人力资源和社会保障局、国家税务总局阳江市税务局",
        "依法认定的严重失信主体名单（第2批）。公示期满或完成信用修复的记录将自动撤下。",
    ),
]
AUTHORITIES = {
    "食品药品": (
        "阳江市市场监督管理局",
        "阳市监罚",
        "生产经营不符合食品安全标准的食品",
        "《中华人民共和国食品安全法》第一百二十四条",
    ),
    "安全生产": (
        "阳江市应急管理局",
        "阳应急罚",
        "未按规定开展安全生产隐患排查治理，情节严重",
        "《中华人民共和国安全生产法》第一百零二条",
    ),
    "劳动保障": (
        "阳江市人力资源和社会保障局",
        "阳人社罚",
        "拒不支付劳动报酬，经责令限期支付仍不支付",
        "《保障农民工工资支付条例》第四十八条",
    ),
    "税收缴纳": (
        "国家税务总局阳江市税务局",
        "阳税稽罚",
        "虚开增值税专用发票，偷逃税款数额较大",
        "《重大税收违法失信主体信息公布管理办法》第六条",
    ),
    "工程建设": (
        "阳江市住房和城乡建设局",
        "阳建罚",
        "工程质量严重不符合强制性标准",
        "《建设工程质量管理条例》第六十四条",
    ),
}
CATEGORY_BY_AREA = {"食品药品": 1, "安全生产": 1, "工程建设": 1, "劳动保障": 3, "税收缴纳": 2}


def seed(command):
    seed_reference_data(KeyArea, KeyGroup, SeverityPeriod)
    home = HomePage.objects.first()
    if home is None:
        return
    index, _ = ensure_child_page(
        home,
        ExposureIndexPage,
        title="失信曝光",
        slug="exposure",
        show_in_menus=True,
        intro="依法公示严重失信主体名单。公示期满、信用修复或撤回的信息自动撤下；未满十八周岁的人员不予公示。",
    )
    ensure_exposure_moderation(index)
    today = timezone.localdate()
    created = 0
    for title, slug, number, units, intro in BATCHES:
        batch, _ = ensure_child_page(
            index,
            ExposureListPage,
            title=title,
            slug=slug,
            deciding_units=units,
            intro=intro,
            date=today - relativedelta(months=3 - number),
        )
        created += _ensure_entries(batch, number, today)
    command.stdout.write(f"失信曝光：新增演示记录{created}条")


def _ensure_entries(batch, number, today):
    rng = random.Random(4000 + number)
    areas = {area.name: area for area in KeyArea.objects.filter(name__in=AUTHORITIES)}
    created = 0
    for position in range(ENTRIES_PER_BATCH):
        area_name = rng.choice(sorted(AUTHORITIES))
        authority, prefix, behaviour, basis = AUTHORITIES[area_name]
        severity = rng.choice(
            [Severity.MINOR, Severity.ORDINARY, Severity.SERIOUS, Severity.SERIOUS]
        )
        decision, end = _period(rng, severity, today, expired=position % 9 == 0)
        id_number = parse_id_number(fake_id_number(rng))
        _, was_created = ExposureEntry.objects.get_or_create(
            authority=authority,
            document_number=f"{prefix}〔2026〕{number * 100 + position + 1}号",
            defaults={
                "batch": batch,
                "name": fake_name(rng),
                "masked_id": id_number.masked,
                "id_hash": id_number.keyed_hash,
                "adult_from_sealed": id_number.sealed_adult_from,
                # Demo content stands for entries a reviewer has approved.
                "pending_review": False,
                "category": Category(CATEGORY_BY_AREA[area_name]),
                "severity": severity,
                "key_area": areas[area_name],
                "behaviour": behaviour,
                "legal_basis": basis,
                "decision_date": decision,
                "end_date": end,
                "status": Status.PUBLISHED,
            },
        )
        created += was_created
    return created


def _period(rng, severity, today, *, expired):
    """A decision date and an end date inside the severity's bounds; some already ended."""
    minimum, maximum = SEVERITY_PERIODS[severity]
    months = rng.randint(max(minimum, 1), maximum)
    if expired:
        decision = today - relativedelta(months=months) - relativedelta(days=rng.randint(1, 60))
    else:
        decision = today - relativedelta(days=rng.randint(1, 25))
    return decision, decision + relativedelta(months=months)
