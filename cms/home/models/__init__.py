"""The core page types (pages.py) and the site-wide settings (site_settings.py)."""

from .pages import ArticleIndexPage, ArticlePage, BasePage, HomePage, SitemapPage, StandardPage
from .site_settings import SiteFooterSettings

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "BasePage",
    "HomePage",
    "SiteFooterSettings",
    "SitemapPage",
    "StandardPage",
]
