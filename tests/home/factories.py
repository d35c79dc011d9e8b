"""Test factories for the core page types (wagtail-factories / factory_boy)."""

from wagtail.models import Site

import factory
import wagtail_factories

from cms.home.models import ArticleIndexPage, ArticlePage, HomePage, SitemapPage, StandardPage


def paragraph_body(text="正文内容"):
    return [("paragraph", f"<p>{text}</p>")]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "信用阳江"
    slug = "home"
    hero_title = "诚信阳江 你我共建"

    class Meta:
        model = HomePage


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"栏目{n}")
    intro = "栏目介绍"
    show_in_menus = True

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"信用知识文章{n}")
    summary = "文章摘要"
    body = factory.LazyFunction(paragraph_body)

    class Meta:
        model = ArticlePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"普通页面{n}")
    body = factory.LazyFunction(paragraph_body)

    class Meta:
        model = StandardPage


class SitemapPageFactory(wagtail_factories.PageFactory):
    title = "网站地图"

    class Meta:
        model = SitemapPage


def make_site_with_home():
    """A HomePage as the default site's root, as seed_demo sets it up."""
    from wagtail.models import Page

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page and its Site
    home = HomePageFactory(parent=root)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, site_name="信用阳江", is_default_site=True
    )
    return home
