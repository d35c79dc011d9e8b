"""Demo content of the core: the site tree, footer settings, roles, articles and plain pages."""

import os
import re
import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.models import Page, Site

from opencc import OpenCC

from .demo_support import demo_image, ensure_child_page
from .models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    SiteFooterSettings,
    SitemapPage,
    StandardPage,
)
from .roles import ensure_roles

# The city's own interpretation of the plan, as published (Traditional characters).
SEED_DOCUMENT = Path(__file__).parent / "demo_content" / "integrity-plan-interpretation.zh-Hant.txt"
SEED_DOCUMENT_TITLE = "《阳江市加强个人诚信体系建设分工方案》政策解读"
DEMO_ADMIN_USERNAME = "admin"
PASSWORD_FILE = Path(settings.BASE_DIR) / ".demo-admin-password"

COLUMNS = [
    ("政策解读", "zheng-ce-jie-du", "信用政策文件的权威解读。"),
    ("信用知识", "xin-yong-zhi-shi", "信用修复、异议申诉、信用报告等常识。"),
    ("工作动态", "gong-zuo-dong-tai", "阳江市社会信用体系建设工作动态。"),
]

KNOWLEDGE_ARTICLES = [
    (
        "什么是严重失信主体名单",
        date(2026, 4, 8),
        [
            "严重失信主体名单是依法依规认定的、存在严重失信行为的主体名单。根据国办发〔2020〕49号文件，名单限定在四类严重失信行为之内。",
            "列入名单须有法律、法规或党中央、国务院政策文件依据，并履行告知、公示等程序，保障当事人的陈述申辩权利。",
        ],
    ),
    (
        "信用修复怎么办理",
        date(2026, 5, 20),
        [
            "失信信息公示期满最短期限后，当事人可以申请信用修复。申请人需提交身份证明、已履行法定义务的证明材料和信用承诺书。",
            "认定部门一般在10个工作日内作出决定；修复成功后，相关信息不再通过任何信用网站或公众号公示。",
        ],
    ),
    (
        "对公示信息有异议怎么办",
        date(2026, 6, 14),
        [
            "当事人认为公示的信用信息存在错误、遗漏的，可以提出异议申请。受理、核查、数据提供单位答复均有明确的工作日时限。",
            "提交申请后会获得查询编号，可随时查看办理进度和每一步的截止日期。",
        ],
    ),
]

NEWS_ARTICLES = [
    (
        "我市开展“6·14信用记录关爱日”主题宣传活动",
        date(2026, 6, 15),
        [
            "6月14日，市发展改革局联合各县（市、区）在江城区人民广场开展“6·14信用记录关爱日”主题宣传活动，现场发放宣传资料两千余份。",
            "活动通过展板、有奖问答等形式，向市民普及个人信用记录的重要性以及信用修复、异议申诉的办理渠道。",
        ],
    ),
    (
        "诚信兴商宣传月活动在阳东区启动",
        date(2026, 9, 2),
        [
            "9月1日，2026年阳江市“诚信兴商宣传月”活动在阳东区启动，各商会、行业协会代表共同发出诚信经营倡议。",
            "宣传月期间，全市将开展诚信企业评选、诚信经营承诺、消费维权咨询等系列活动。",
        ],
    ),
    (
        "市信用办召开个人诚信体系建设工作推进会",
        date(2026, 10, 28),
        ["会议通报了个人诚信体系建设分工方案落实情况，部署下一阶段重点领域个人诚信记录建设工作。"],
    ),
]

STANDARD_PAGES = [
    (
        "关于我们",
        "guan-yu-wo-men",
        [
            "“信用阳江”是阳江市社会信用体系建设的官方宣传平台，发布信用政策、诚信宣传活动、守信红榜和依法公示的严重失信主体名单。",
            "本网站由阳江市人民政府办公室主办，阳江市政务服务和数据管理局负责管理维护。",
        ],
    ),
    (
        "网站帮助",
        "wang-zhan-bang-zhu",
        [
            "本网站适配手机和电脑浏览。点击页面右上角的“大字版”按钮可放大文字，再次点击恢复标准字号，您的选择会被记住。",
            "如发现网站故障，请拨打页脚所列的网站报障电话。",
        ],
    ),
    (
        "隐私申明",
        "yin-si-shen-ming",
        [
            "本网站仅在法律法规规定的范围内公示必要的信用信息。公民身份号码一律以脱敏形式显示（前6位和后4位），系统不保存完整号码。",
            "公示期满或信用修复完成的信息将从网站、搜索、接口、订阅源和微信公众号中同时撤下。未满十八周岁的人员不予公示。",
        ],
    ),
]


def seed(command):
    home = _ensure_home_page()
    ensure_roles(home)
    _ensure_footer_settings(Site.objects.get(is_default_site=True))
    columns = {
        title: ensure_child_page(
            home, ArticleIndexPage, title=title, slug=slug, intro=intro, show_in_menus=True
        )[0]
        for title, slug, intro in COLUMNS
    }
    _ensure_policy_article(columns["政策解读"])
    for index, (title, when, paragraphs) in enumerate(KNOWLEDGE_ARTICLES):
        _ensure_article(columns["信用知识"], title, when, paragraphs, seed=100 + index)
    for index, (title, when, paragraphs) in enumerate(NEWS_ARTICLES):
        _ensure_article(columns["工作动态"], title, when, paragraphs, seed=200 + index)
    for title, slug, paragraphs in STANDARD_PAGES:
        ensure_child_page(
            home, StandardPage, title=title, slug=slug, body=_paragraph_blocks(paragraphs)
        )
    ensure_child_page(home, SitemapPage, title="网站地图", slug="wang-zhan-di-tu")
    _ensure_demo_admin(command)


def _ensure_home_page():
    """Put a HomePage at the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    tree_root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="信用阳江",
            slug="xin-yong-yang-jiang",
            hero_title="诚信阳江 你我共建",
            hero_text="宣传诚信典型，曝光严重失信，共建守信光荣、失信可耻的社会氛围。",
        )
        tree_root.add_child(instance=home)
        home.save_revision().publish()
    old_root = site.root_page if site else None
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page, site.site_name = home, "信用阳江"
    site.save()
    if old_root is not None and old_root.pk != home.pk and not old_root.get_children().exists():
        old_root.delete()
    return home


def _ensure_footer_settings(site):
    """Footer values as published on the real site (the seed document's last lines)."""
    footer = SiteFooterSettings.for_site(site)
    if footer.sponsor:
        return
    text = _seed_document_simplified()
    fields = {
        "sponsor": r"主办单位:(\S+)",
        "maintainer": r"管理维护:(\S+)",
        "site_code": r"网站标识码:(\S+)",
        "icp_record": r"备案序号:(\S+)",
        "fault_report_phone": r"网站报障:(\S+)",
        "public_security_record": r"(粤公网安备\s*\d+号)",
    }
    for field, pattern in fields.items():
        match = re.search(pattern, text)
        setattr(footer, field, match.group(1) if match else "")
    footer.wechat_account_name = "信用阳江"
    footer.save()


def _seed_document_simplified():
    return OpenCC("t2s").convert(SEED_DOCUMENT.read_text(encoding="utf-8"))


def _ensure_policy_article(column):
    """The seed document in Simplified Chinese: headings become h2, the footer lines are dropped."""
    text = _seed_document_simplified()
    body_text = text.split("\n关于我们")[0]
    html_parts = []
    for line in filter(None, (line.strip() for line in body_text.splitlines())):
        if re.match(r"^[一二三四五六七八九十]+、", line):
            html_parts.append(f"<h2>{line}</h2>")
        else:
            html_parts.append(f"<p>{line}</p>")
    ensure_child_page(
        column,
        ArticlePage,
        title=SEED_DOCUMENT_TITLE,
        slug="fen-gong-fang-an-jie-du",
        date=date(2017, 12, 20),
        source="阳江市发展和改革局",
        summary="解读《阳江市加强个人诚信体系建设分工方案》的出台背景、主要内容和主要特点。",
        cover_image=demo_image("政策解读封面", seed=1),
        body=[("paragraph", "".join(html_parts))],
    )


def _ensure_article(column, title, when, paragraphs, *, seed):
    ensure_child_page(
        column,
        ArticlePage,
        title=title,
        date=when,
        summary=paragraphs[0][:120],
        cover_image=demo_image(f"{title}封面", seed=seed),
        body=_paragraph_blocks(paragraphs),
    )


def _paragraph_blocks(paragraphs):
    return [("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))]


def _ensure_demo_admin(command):
    """The demo superuser; its password comes from DEMO_ADMIN_PASSWORD or is generated once."""
    User = get_user_model()
    password = os.environ.get("DEMO_ADMIN_PASSWORD")
    user = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if user is None:
        if not password:
            password = (
                PASSWORD_FILE.read_text().strip()
                if PASSWORD_FILE.exists()
                else secrets.token_urlsafe(12)
            )
            PASSWORD_FILE.write_text(password)
            PASSWORD_FILE.chmod(0o600)
        User.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.invalid", password)
    elif password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    if not password and PASSWORD_FILE.exists():
        password = PASSWORD_FILE.read_text().strip()
    shown = password or "（已设置，未更改；可用 DEMO_ADMIN_PASSWORD 重设）"
    port = os.environ.get("PORT", "8000")
    command.notices.append(
        f"后台登录：http://127.0.0.1:{port}/admin/  用户名 {DEMO_ADMIN_USERNAME}  密码 {shown}"
    )
