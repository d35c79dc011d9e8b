"""The core page types (pages.py) and the site-wide settings (site_settings.py)."""

from .pages import (
    ArticleIndexPage,
    ArticlePage,
    BasePage,
    HomePage,
    SectionIndexPage,
    SitemapPage,
    StandardPage,
)
from .site_settings import SiteFooterSettings

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "BasePage",
    "HomePage",
    "SectionIndexPage",
    "SiteFooterSettings",
    "SitemapPage",
    "StandardPage",
]
