"""`seed_demo` builds the demo site once; a second run changes nothing."""

from django.test import Client

from wagtail.models import Site

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.home.models import ArticlePage, HomePage, SiteFooterSettings
from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF
from tests.otp import current_code
from tests.seeding import DEMO_ADMIN_PASSWORD, row_counts, seed_demo

pytestmark = pytest.mark.django_db


def test_seed_twice_changes_nothing(seeded, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", DEMO_ADMIN_PASSWORD)
    before = row_counts()
    seed_demo()
    assert row_counts() == before
    assert before["home.ArticlePage"] >= 7


def test_seed_builds_site_tree_with_home_at_root(seeded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = Client().get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for column in ("政策解读", "信用知识", "工作动态"):
        assert column in body


def test_first_policy_article_is_the_seed_document_in_simplified_chinese(seeded):
    article = ArticlePage.objects.get(slug="fen-gong-fang-an-jie-du")
    text = str(article.body[0].value)
    assert "<h2>一、出台背景</h2>" in text
    assert "个人诚信建设是社会信用体系建设的基础" in text
    assert "臺" not in text and "誠" not in text and "關于我們" not in text


def test_footer_comes_from_the_real_site(seeded):
    footer = SiteFooterSettings.for_site(Site.objects.get(is_default_site=True))
    assert footer.sponsor == "阳江市人民政府办公室"
    assert footer.maintainer == "阳江市政务服务和数据管理局"
    assert footer.site_code == "4417000019"
    assert footer.icp_record == "粤ICP备16010311号-3"
    assert footer.fault_report_phone == "0662-3367662"
    assert footer.public_security_record == "粤公网安备 44170202000121号"
    body = Client().get("/").content.decode()
    assert "粤ICP备16010311号-3" in body and "0662-3367662" in body and "关于我们" in body


def test_seed_creates_roles_and_demo_admin(seeded, django_user_model):
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name__in=[PUBLICITY_STAFF, CREDIT_REVIEWERS]).count() == 2
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_ADMIN_PASSWORD)
    client = Client()
    signed_in = client.post("/admin/login/", {"username": "admin", "password": DEMO_ADMIN_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/admin/").url.startswith("/admin/security/verify/")  # second factor next
    device = TOTPDevice.objects.get(user=admin)
    verified = client.post("/admin/security/verify/", {"code": current_code(device)})
    assert verified.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_shipped_seed_document_matches_shared_copy():
    from pathlib import Path

    from cms.home.demo import SEED_DOCUMENT

    shared = Path(__file__).resolve().parents[2].parent / "shared" / "content" / SEED_DOCUMENT.name
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert SEED_DOCUMENT.read_bytes() == shared.read_bytes()


def test_home_page_links_the_stylesheet_of_each_section_once(seeded):
    body = Client().get("/").content.decode()
    head, page = body.split("</head>", 1)
    # The calendar and the live exposure batches each add a section with its own stylesheet.
    assert "近期宣传节点" in page and 'class="exposure-home' in page
    for stylesheet in ("/static/css/campaigns.css", "/static/css/exposure.css"):
        assert head.count(f'<link rel="stylesheet" href="{stylesheet}">') == 1, stylesheet
    assert Client().get("/static/css/exposure.css").status_code == 200
