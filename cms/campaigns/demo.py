"""Demo content: every publicity event of the plan, the 诚信宣传 calendar page and a few campaigns."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cms.home.demo_support import demo_image, ensure_child_page
from cms.home.models import HomePage

from . import occurrences as occ
from .models import CampaignIndexPage, CampaignPage, PublicityEvent, PublicityEventDate
from .models.events import DateKind, RecurrenceKind

FIXED, MONTH, DATES = RecurrenceKind.FIXED_DAY, RecurrenceKind.WHOLE_MONTH, RecurrenceKind.DATES
THEMES = ["全国文明城市创建", "社会主义核心价值观宣传"]

# (name, slug, kind, month, day, responsible units, description, explicit dates {year: [(round, start, end, note)]})
EVENTS = [
    (
        "学雷锋活动日",
        "xue-lei-feng",
        FIXED,
        3,
        5,
        ["市文明办", "团市委"],
        "弘扬雷锋精神，开展志愿服务和诚信宣传。",
        {},
    ),
    (
        "国际消费者权益日",
        "3-15",
        FIXED,
        3,
        15,
        ["市市场监督管理局", "市消费者委员会"],
        "3·15 消费维权与诚信经营宣传。",
        {},
    ),
    (
        "学生资助诚信教育月",
        "xue-sheng-zi-zhu",
        MONTH,
        5,
        None,
        ["市教育局"],
        "面向受资助学生开展诚信教育，讲清助学贷款的信用责任。",
        {},
    ),
    (
        "安全生产月",
        "an-quan-sheng-chan-yue",
        MONTH,
        6,
        None,
        ["市应急管理局"],
        "安全生产领域信用监管与失信惩戒宣传。",
        {},
    ),
    (
        "6·14信用记录关爱日",
        "6-14",
        FIXED,
        6,
        14,
        ["市发展和改革局", "中国人民银行阳江市分行"],
        "普及个人信用记录、信用报告、信用修复和异议申诉知识。",
        {},
    ),
    (
        "食品安全宣传周",
        "shi-pin-an-quan-zhou",
        DATES,
        None,
        None,
        ["市食品安全委员会办公室", "市市场监督管理局"],
        "食品安全领域诚信宣传，日期以当年通知为准。",
        {
            2026: [(1, date(2026, 6, 15), date(2026, 6, 21), "以当年通知为准")],
            2027: [(1, date(2027, 6, 14), date(2027, 6, 20), "以当年通知为准")],
        },
    ),
    (
        "诚信兴商宣传月",
        "cheng-xin-xing-shang",
        MONTH,
        9,
        None,
        ["市商务局", "市市场监督管理局"],
        "诚信经营承诺、诚信企业评选和消费维权咨询。",
        {},
    ),
    (
        "网络诚信宣传日",
        "wang-luo-cheng-xin",
        DATES,
        None,
        None,
        ["市委网信办"],
        "网络空间诚信建设宣传，日期以当年通知为准。",
        {
            2026: [(1, date(2026, 12, 10), date(2026, 12, 10), "以当年通知为准")],
            2027: [(1, date(2027, 12, 9), date(2027, 12, 9), "以当年通知为准")],
        },
    ),
    (
        "“阳江好人”评选",
        "yang-jiang-hao-ren",
        DATES,
        None,
        None,
        ["市委宣传部", "市文明办"],
        "每年分批评选“阳江好人”，候选人公示一周。",
        {
            2026: [
                (1, date(2026, 4, 20), date(2026, 4, 26), "第一批候选人公示"),
                (2, date(2026, 12, 14), date(2026, 12, 20), "第二批候选人公示"),
            ],
            2027: [
                (1, date(2027, 4, 19), date(2027, 4, 25), "第一批候选人公示"),
                (2, date(2027, 12, 13), date(2027, 12, 19), "第二批候选人公示"),
            ],
        },
    ),
]


def seed(command):
    home = HomePage.objects.first()
    if home is None:
        return  # cms.home seeds first; without a site there is nothing to hang the calendar on
    events = {slug: _ensure_event(*spec) for spec in EVENTS for slug in [spec[1]]}
    index, _ = ensure_child_page(
        home,
        CampaignIndexPage,
        title="诚信宣传",
        slug="campaigns",
        show_in_menus=True,
        intro="全年诚信宣传节点与宣传活动：学雷锋活动日、3·15、6·14信用记录关爱日、诚信兴商宣传月等。",
    )
    _ensure_campaigns(index, events)
    command.stdout.write(
        f"宣传日历：{len(events)} 个宣传节点，{CampaignPage.objects.count()} 个宣传活动"
    )


def _ensure_event(name, slug, kind, month, day, units, description, dates):
    event = PublicityEvent.objects.filter(slug=slug).first()
    if event is not None:
        return event  # staff edits survive re-seeding
    event = PublicityEvent(
        name=name,
        slug=slug,
        recurrence_kind=kind,
        month=month,
        day=day,
        responsible_units="\n".join(units),
        description=description,
        first_year=2016,
    )
    event.full_clean()
    event.save()
    event.themes.add(*THEMES)
    event.save()
    for year, rounds in dates.items():
        for sequence, start, end, note in rounds:
            PublicityEventDate.objects.create(
                event=event,
                year=year,
                sequence=sequence,
                kind=DateKind.EXPLICIT,
                start_date=start,
                end_date=end,
                note=note,
            )
    return event


def _body(title, seed):
    return [
        (
            "paragraph",
            f"<p>{title}期间，各责任单位在城区广场、商圈、校园和社区设置宣传点，发放信用知识手册，现场解答信用修复、异议申诉等问题。</p>"
            "<p>活动同步在信用阳江网、阳江日报、阳江广播电视台和信用阳江微信公众号开展线上宣传。</p>",
        ),
        (
            "gallery",
            {
                "title": "活动现场",
                "images": [
                    {"image": demo_image(f"{title}现场一", seed=seed + 1), "caption": "宣传咨询台"},
                    {
                        "image": demo_image(f"{title}现场二", seed=seed + 2),
                        "caption": "志愿者讲解信用知识",
                    },
                ],
            },
        ),
        ("quote", {"text": "人无信不立，业无信不兴。", "attribution": "活动倡议"}),
    ]


def _ensure_campaigns(index, events):
    today = timezone.localdate()
    # Past and live: published campaigns of occurrences that have already begun.
    for slug, year, seed in (
        ("3-15", today.year, 300),
        ("6-14", today.year, 310),
        ("cheng-xin-xing-shang", today.year, 320),
        ("6-14", today.year - 1, 330),
    ):
        _ensure_campaign(index, events[slug], year, seed)
    # Scheduled: the next 学雷锋活动日, set to go live a few days before it.
    event = events["xue-lei-feng"]
    upcoming = occ.expand([event], today + timedelta(days=5), today + timedelta(days=400))[0]
    go_live = datetime.combine(
        upcoming.start - timedelta(days=4), time(9, 0), tzinfo=timezone.get_current_timezone()
    )
    _ensure_campaign(
        index,
        event,
        upcoming.year,
        340,
        go_live_at=max(go_live, timezone.now() + timedelta(days=1)),
    )


def _ensure_campaign(index, event, year, seed, **extra):
    occurrence = occ.find_occurrence(event, year)
    if occurrence is None or occurrence.start > timezone.localdate() and not extra:
        return None
    title = f"{year}年{event.name}主题宣传活动"
    page, _ = ensure_child_page(
        index,
        CampaignPage,
        title=title,
        slug=f"{year}-{event.slug}",
        event=event,
        year=year,
        sequence=1,
        start_date=occurrence.start,
        end_date=occurrence.end,
        organisers=event.responsible_units,
        summary=f"{year}年{event.name}，全市开展诚信主题宣传。",
        cover_image=demo_image(f"{title}封面", seed=seed),
        body=_body(title, seed),
        **extra,
    )
    return page
