"""Demo content of the honor roll: /honor-roll/, a final list and a list in 公示 now.

Portraits are generated with Pillow; some carry GPS, camera and owner EXIF (and one a rotation
tag) as a phone photo would, so the demo shows them stripped on upload. Every honoree has a
consent record with a generated scan of the signed form; one has withdrawn consent, so staff
see how such a record stays in the admin while the public no longer sees it.

Idempotent: pages are found by slug, honorees by (list, name), pictures by title.
"""

import io
import random
from datetime import timedelta

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw

from cms.home.demo_support import ensure_child_page
from cms.home.models import HomePage
from cms.home.roles import attach_review_workflow, grant_app_permissions

from .models import HonorCategory, Honoree, HonorRollIndexPage, HonorRollPage, Town
from .models.consent import ConsentMethod
from .models.pages import ListType
from .permissions import GRANTS
from .seed_data import seed_reference_data
from .withdrawal import withdraw_consent

INDEX_SLUG = "honor-roll"
FINAL_SLUG = "cheng-xin-dian-xing"
OPEN_SLUG = "yang-jiang-hao-ren-gong-shi"

FINAL_HONOREES = [
    (
        "陈建华",
        "m",
        "诚实守信",
        "南恩街道",
        "阳江市江城区建华五金加工店",
        "捡到装有8万余元货款的挎包，冒雨等候两个多小时，原物归还失主。",
        "2025年度“阳江好人”\n江城区诚信经营示范户",
    ),
    (
        "林秀英",
        "f",
        "孝老爱亲",
        "东城镇",
        "阳东区东城镇居民",
        "照顾瘫痪在床的婆婆十八年，邻里称她为“好媳妇”。",
        "阳东区“最美家庭”",
    ),
    (
        "黄志强",
        "m",
        "见义勇为",
        "闸坡镇",
        "闸坡渔港渔民",
        "台风过境时驾船救起落水游客三人。",
        "广东省见义勇为先进个人",
    ),
    (
        "梁丽萍",
        "f",
        "敬业奉献",
        "春城街道",
        "阳春市人民医院护士",
        "扎根急诊一线二十年，参与救治危重病人上千人次。",
        "阳春市优秀护士",
    ),
    (
        "何国荣",
        "m",
        "助人为乐",
        "织篢镇",
        "阳西县织篢镇志愿者",
        "组织志愿服务队为留守老人送餐，坚持九年。",
        "阳西县优秀志愿者",
    ),
]
OPEN_HONOREES = [
    (
        "吴海燕",
        "f",
        "诚实守信",
        "城东街道",
        "阳江市某小商品批发部",
        "发现多收顾客货款，连夜按单据逐一退还。",
        "",
    ),
    (
        "莫振东",
        "m",
        "助人为乐",
        "合山镇",
        "阳东区合山镇村医",
        "三十年义务为村里老人量血压、送药上门。",
        "阳东区优秀乡村医生",
    ),
    (
        "冯桂芳",
        "f",
        "孝老爱亲",
        "沙扒镇",
        "阳西县沙扒镇居民",
        "独自照料患病父亲和智障弟弟，从不抱怨。",
        "",
    ),
    (
        "谭伟明",
        "m",
        "见义勇为",
        "中洲街道",
        "阳江市某物流公司司机",
        "高速路上扑灭前车起火，救出被困司机。",
        "阳江市见义勇为积极分子",
    ),
    (
        "邓小兰",
        "f",
        "敬业奉献",
        "合水镇",
        "阳春市合水镇中心小学教师",
        "山区任教二十五年，资助贫困学生数十名。",
        "阳春市优秀教师",
    ),
    (
        "曾伟",
        "m",
        "诚实守信",
        "双捷镇",
        "双捷镇个体运输户",
        "车辆受损后主动联系对方车主赔偿，对方恰好不在场。",
        "",
    ),
]
# Portraits with EXIF like a phone's: GPS position, camera, owner; the second also rotated.
EXIF_PORTRAITS = {0: 1, 1: 6, 3: 1}


def seed(command):
    home = HomePage.objects.first()
    if home is None:
        return
    # Both are normally there after `migrate`; a flushed database (transactional tests) needs
    # them back. Idempotent.
    seed_reference_data(HonorCategory, Town)
    grant_app_permissions(apps.get_app_config("honor_roll"), GRANTS)
    index, _ = ensure_child_page(
        home,
        HonorRollIndexPage,
        title="诚信红榜",
        slug=INDEX_SLUG,
        intro="宣传诚实守信、助人为乐、见义勇为、敬业奉献、孝老爱亲的先进典型。人选经本人书面同意后公示，公示期内接受社会监督。",
    )
    attach_review_workflow(index)
    today = timezone.localdate()
    final_start = today - timedelta(days=45)
    final, _ = ensure_child_page(
        index,
        HonorRollPage,
        title=f"{final_start.year}年度诚信典型",
        slug=FINAL_SLUG,
        year=final_start.year,
        round_label="第一批",
        list_type=ListType.MODEL,
        recommending_unit="阳江市文明办、阳江市发展和改革局",
        intro="<p>经各县（市、区）推荐、评审委员会评审并公示，现将诚信典型名单予以公布。</p>",
        publicity_start=final_start,
        publicity_end=final_start + timedelta(days=6),
    )
    open_start = today - timedelta(days=2)
    open_roll, _ = ensure_child_page(
        index,
        HonorRollPage,
        title=f"{open_start.year}年第{(open_start.month - 1) // 3 + 1}季度“阳江好人”候选人公示",
        slug=OPEN_SLUG,
        year=open_start.year,
        round_label=f"第{(open_start.month - 1) // 3 + 1}季度",
        list_type=ListType.GOOD_PEOPLE,
        recommending_unit="中共阳江市委宣传部、阳江市文明办",
        intro="<p>以下候选人经推荐和初审产生，现予以公示。公示期内如有异议，请实名提出并说明理由。</p>",
        publicity_start=open_start,
        publicity_end=open_start + timedelta(days=6),
        occurrence_page=_good_people_campaign(),
    )
    created = _ensure_honorees(final, FINAL_HONOREES, seed_base=100)
    created += _ensure_honorees(open_roll, OPEN_HONOREES, seed_base=200)
    # One honoree withdrew consent after the list was published: the record stays for staff.
    withdrawn = Honoree.objects.filter(roll=final, name=FINAL_HONOREES[-1][0]).first()
    if withdrawn is not None and withdrawn.consent_withdrawn_at is None:
        withdraw_consent(
            withdrawn.pk, user=None, reason="本人来电要求不再公开个人信息，已核实身份。"
        )
    command.stdout.write(f"诚信红榜：2 个榜单，新增 {created} 位人物")


def _good_people_campaign():
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    return CampaignPage.objects.filter(event__slug="yang-jiang-hao-ren").order_by("-year").first()


def _ensure_honorees(roll, rows, *, seed_base):
    created = 0
    for position, (name, gender, category, town, unit, deed, honours) in enumerate(rows):
        if Honoree.objects.filter(roll=roll, name=name).exists():
            continue
        photo = demo_portrait(
            f"红榜人物照片：{name}",
            seed=seed_base + position,
            orientation=EXIF_PORTRAITS.get(position),
        )
        honoree = Honoree(
            roll=roll,
            name=name,
            gender=gender,
            photo=photo,
            unit=unit,
            town=Town.objects.filter(name=town).first(),
            category=HonorCategory.objects.get(name=category),
            story=_story(name, deed),
            honours=honours,
            recommending_unit=roll.recommending_unit.split("、")[0],
            sort_order=position,
            consent_given_by=name,
            consent_given_on=roll.publicity_start - timedelta(days=10),
            consent_method=ConsentMethod.SIGNED_BY_HONOREE,
            consent_scan_type="image/png",
        )
        honoree.consent_scan.save(
            "consent.png", ContentFile(_consent_scan(seed_base + position)), save=False
        )
        honoree.save()
        created += 1
    return created


def _story(name, deed):
    return (
        f"<p>{deed}</p>"
        f"<p>{name}常说：“做人要讲诚信，帮人是本分。”多年来，{name}的事迹在街坊邻里间口口相传，"
        "带动身边越来越多的人参与志愿服务、守信践诺。</p>"
        "<p>所在单位和社区评价其“为人实在、说到做到”，是身边可亲、可敬、可学的榜样。</p>"
    )


def demo_portrait(title, *, seed, orientation=None, size=(600, 800)):
    """A generated head-and-shoulders silhouette; with `orientation`, EXIF like a phone's."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    width, height = size
    background = tuple(rng.randint(150, 215) for _ in range(3))
    canvas = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    colour = tuple(rng.randint(40, 110) for _ in range(3))
    draw.ellipse((width * 0.1, height * 0.62, width * 0.9, height * 1.3), fill=colour)
    draw.ellipse((width * 0.3, height * 0.2, width * 0.7, height * 0.6), fill=(228, 196, 170))
    draw.chord(
        (width * 0.28, height * 0.16, width * 0.72, height * 0.5), 180, 360, fill=(35, 30, 30)
    )
    buffer = io.BytesIO()
    options = {"quality": 85}
    if orientation is not None:
        if orientation == 6:  # stored sideways as a phone held upright does; the tag fixes it
            canvas = canvas.transpose(PILImage.Transpose.ROTATE_90)
        options["exif"] = phone_exif(orientation, rng)
    canvas.save(buffer, format="JPEG", **options)
    image = Image(title=title, file=ImageFile(buffer, name=f"portrait-{seed}.jpg"))
    image.save()
    return image


def phone_exif(orientation, rng):
    """EXIF as a phone writes it: camera, owner, time and a GPS position near Yangjiang."""
    exif = PILImage.Exif()
    exif[0x010F] = "DemoPhone"  # Make
    exif[0x0110] = "DemoPhone 12 Pro"  # Model
    exif[0x013B] = "张某某"  # Artist (owner)
    exif[0x0132] = "2026:05:01 09:30:00"  # DateTime
    exif[0x0112] = orientation
    gps = {
        1: "N",
        2: (21.0, 51.0, round(rng.uniform(0, 59), 2)),
        3: "E",
        4: (111.0, 58.0, round(rng.uniform(0, 59), 2)),
    }
    exif[0x8825] = gps  # GPSInfo
    return exif.tobytes()


def _consent_scan(seed):
    """A stand-in for the scanned signed form (lines of 'text', a signature scrawl)."""
    rng = random.Random(seed)
    page = PILImage.new("L", (620, 877), 250)
    draw = ImageDraw.Draw(page)
    for row in range(12):
        y = 80 + row * 40
        draw.line((60, y, 60 + rng.randint(300, 500), y), fill=90, width=6)
    points = [(380 + i * 12, 760 + rng.randint(-20, 20)) for i in range(14)]
    draw.line(points, fill=20, width=3)
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return buffer.getvalue()
