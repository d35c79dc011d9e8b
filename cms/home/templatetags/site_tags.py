"""Template tags for the base layout: main navigation and footer links."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """Top-level pages shown in menus; the one containing the current page is marked."""
    root = _site_root(context["request"])
    current = context.get("page")
    current_path = getattr(current, "path", "")
    items = []
    if root is not None:
        pages = Page.objects.live().public().in_menu().child_of(root).order_by("path")
        items = [(item, current_path.startswith(item.path)) for item in pages]
    return {"root": root, "items": items, "is_home": root is not None and current_path == root.path}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """关于我们 | 网站帮助 | 网站地图 | 隐私申明: the root's plain pages and the sitemap page."""
    root = _site_root(context["request"])
    links = []
    if root is not None:
        links = (
            Page.objects.live().public().child_of(root)
            .filter(content_type__model__in=["standardpage", "sitemappage"], content_type__app_label="home")
            .order_by("path")
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def home_page_sections(context):
    """Sections that content apps add to the home page through the
    `insert_home_page_sections` hook: fn(request, page) -> safe HTML."""
    from django.utils.safestring import mark_safe
    from wagtail import hooks

    request, page = context["request"], context.get("page")
    return mark_safe("".join(str(fn(request, page)) for fn in hooks.get_hooks("insert_home_page_sections")))
