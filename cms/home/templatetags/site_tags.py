"""Template tags for the base layout: main navigation and footer links."""

from django import template

from wagtail.models import Site

from ..visibility import root_children

register = template.Library()

FOOTER_PAGE_TYPES = {("home", "standardpage"), ("home", "sitemappage")}


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def _root_children(request, root):
    """The root's live public children, fetched once per request for nav and footer."""
    children = getattr(request, "_site_root_children", None)
    if children is None:
        children = root_children(root)
        request._site_root_children = children
    return children


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """Top-level pages shown in menus; the one containing the current page is marked."""
    root = _site_root(context["request"])
    current = context.get("page")
    current_path = getattr(current, "path", "")
    items = []
    if root is not None:
        pages = [page for page in _root_children(context["request"], root) if page.show_in_menus]
        items = [(item, current_path.startswith(item.path)) for item in pages]
    return {
        "root": root,
        "items": items,
        "is_home": root is not None and current_path == root.path,
        "request": context["request"],  # {% pageurl %} then reuses the request's site root paths
    }


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """关于我们 | 网站帮助 | 网站地图 | 隐私申明: the root's plain pages and the sitemap page."""
    root = _site_root(context["request"])
    links = []
    if root is not None:
        links = [
            page
            for page in _root_children(context["request"], root)
            if (page.content_type.app_label, page.content_type.model) in FOOTER_PAGE_TYPES
        ]
    return {"links": links, "request": context["request"]}


@register.simple_tag(takes_context=True)
def render_home_section(context, section):
    """One section that a content app added (cms/home/sections.py)."""
    from django.utils.safestring import mark_safe

    return mark_safe(section.render(context["request"]))
