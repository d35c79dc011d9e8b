"""Sections that content apps add to the home page, without the core importing them.

An app registers a function with the `register_home_page_section` hook:

    @hooks.register("register_home_page_section")
    def latest_batches(request, page):
        return HomeSection(template="exposure/includes/home_section.html",
                           context={...}, stylesheet="css/exposure.css", order=30)

It returns a HomeSection, or None when it has nothing to show. The home page links each section's
stylesheet once in its <head> and renders the sections in `order`.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from wagtail import hooks

HOOK_NAME = "register_home_page_section"


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: dict = field(default_factory=dict)
    stylesheet: str | None = None  # a static path, e.g. "css/campaigns.css"
    order: int = 100

    def render(self, request):
        return render_to_string(self.template, self.context, request=request)


def parent_url(page, request):
    """The URL of `page`'s parent without reading the parent: a child's URL is its parent's plus
    its own slug (Wagtail's url_path); anything else asks the database."""
    url = page.get_url(request) or ""
    suffix = f"/{page.slug}/"
    if url.endswith(suffix):
        return url[: -len(suffix) + 1]
    return page.get_parent().get_url(request)


def collect_home_sections(request, page):
    """The sections that have something to show, in order."""
    sections = (fn(request, page) for fn in hooks.get_hooks(HOOK_NAME))
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)


def stylesheets_of(sections):
    """Each stylesheet once, in the sections' order."""
    return list(dict.fromkeys(s.stylesheet for s in sections if s.stylesheet))
