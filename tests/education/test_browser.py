"""At phone width: filtering materials by stage, and a search from the header."""

import pytest

from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory, make_site_with_home
from tests.phone import no_horizontal_scroll

from .factories import EducationIndexPageFactory, make_material

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(wagtail_tree):
    home = make_site_with_home()
    education = EducationIndexPageFactory(parent=home, show_in_menus=True)
    make_material(education, title="曾子杀猪", stage="xiaoxue", tags=["诚信故事"])
    make_material(education, title="社会信用体系与红黑名单", stage="gaozhong", tags=["信用常识"])
    column = ArticleIndexPageFactory(parent=home, title="信用知识")
    ArticlePageFactory(
        parent=column,
        title="办事指南",
        body=[("paragraph", "<p>失信主体申请信用修复需提交信用承诺书和相关证明材料。</p>")],
    )
    return home


def test_filter_materials_by_stage_at_phone_width(site, phone):
    page, base, problems = phone
    page.goto(f"{base}/education/")
    cards = page.locator(".education-card__title")
    assert sorted(cards.all_inner_texts()) == ["曾子杀猪", "社会信用体系与红黑名单"]
    assert no_horizontal_scroll(page)

    page.get_by_role("link", name="高中", exact=True).click()
    page.wait_for_url(f"{base}/education/gaozhong/")
    assert cards.all_inner_texts() == ["社会信用体系与红黑名单"]
    assert page.locator('.education-filter__stage[aria-current="page"]').inner_text() == "高中"

    page.get_by_role("link", name="全部学段").click()
    page.get_by_role("link", name="诚信故事").click()
    assert cards.all_inner_texts() == ["曾子杀猪"]
    assert no_horizontal_scroll(page)
    assert (problems.failed, problems.console, problems.foreign) == ([], [], [])


def test_search_from_the_header_at_phone_width(site, phone):
    page, base, problems = phone
    page.goto(f"{base}/")
    box = page.get_by_role("searchbox", name="搜索全站")
    assert box.is_visible()
    box.fill("修复")
    box.press("Enter")
    page.wait_for_url(f"{base}/search/?q=%E4%BF%AE%E5%A4%8D")

    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.locator(".search-result__title").inner_text() == "办事指南"
    assert results.locator("mark").first.inner_text() == "修复"
    assert no_horizontal_scroll(page)

    page.get_by_role("searchbox", name="搜索全站").fill("！！！")
    page.get_by_role("button", name="搜索").first.click()
    assert page.get_by_role("alert").inner_text().startswith("搜索内容只有标点")
    # Only the punctuation-only search answers 400, on purpose.
    assert [url for url in problems.failed if "/search/" not in url] == []
    assert problems.failed and problems.foreign == []
