"""Which pages are in a private section, and the site's menus, read from Django's cache.

Wagtail's `.public()` loads every PageViewRestriction on each call and `get_view_restrictions()`
costs two queries on each page served: about a third of the queries of an uncached page. Both
only need the tree paths of the restricted pages (and of alias pages, whose source's restrictions
apply to them), which change only when a restriction or a page is saved, moved or deleted. The
root's children shown in the menus and the footer change on the same events.

Both live in Django's cache as one Generation (cms/home/generations.py) that each of those
changes renews; the next request rebuilds them (two queries, and one per site root for menus).
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.signals import post_page_move

from .generations import Generation

PAGE_TREE = Generation("page-tree")


def forget_page_tree(**kwargs):
    PAGE_TREE.forget()


def _build_snapshot():
    from wagtail.models import Page

    return {
        "restricted": sorted(
            set(PageViewRestriction.objects.values_list("page__path", "page__depth").order_by())
        ),
        "aliases": list(
            Page.objects.filter(alias_of__isnull=False).order_by().values_list("path", flat=True)
        ),
    }


def visibility_snapshot():
    """{"restricted": [(path, depth), …], "aliases": [path, …]} of the whole tree."""
    return PAGE_TREE.cached("visibility", _build_snapshot)


def root_children(root):
    """The site root's live public children, in tree order (menus and footer links)."""
    from wagtail.models import Page

    return PAGE_TREE.cached(
        f"children-of-{root.pk}",
        lambda: list(
            public_pages(Page)
            .live()
            .public()
            .child_of(root)
            .select_related("content_type")
            .order_by("path")
        ),
    )


class VisibilityQuerySet(PageQuerySet):
    """`.public()` / `.not_public()` from the cached snapshot: no query of their own."""

    def private_q(self):
        q = Q()
        for path, depth in visibility_snapshot()["restricted"]:
            q |= Q(path__startswith=path) & Q(depth__gte=depth)
        return q if q else Q(pk__in=[])  # as Wagtail: match nothing when nothing is private


VisibilityPageManager = PageManager.from_queryset(VisibilityQuerySet)


def public_pages(model):
    """`model`'s pages with the cached `.public()` (for Wagtail's Page, whose manager isn't ours)."""
    return VisibilityQuerySet(model)


def in_private_section(page) -> bool:
    """Whether `.public()` leaves `page` out: it or an ancestor has a view restriction."""
    return any(page.path.startswith(path) for path, _ in visibility_snapshot()["restricted"])


def may_have_view_restrictions(page) -> bool:
    """False only when no restriction can apply: neither the page nor an ancestor is restricted
    or an alias (an alias takes its source's restrictions, which Wagtail must then look up)."""
    snapshot = visibility_snapshot()
    return any(page.path.startswith(path) for path, _ in snapshot["restricted"]) or any(
        page.path.startswith(path) for path in snapshot["aliases"]
    )


def connect_visibility_signals():
    from django.apps import apps

    from wagtail.models import Page

    for signal in (post_save, post_delete):
        signal.connect(forget_page_tree, sender=PageViewRestriction, dispatch_uid="visibility-pvr")
    post_page_move.connect(forget_page_tree, dispatch_uid="visibility-moved")
    # A new, deleted or re-pointed alias changes the snapshot too; only page models pay for it.
    for model in apps.get_models():
        if issubclass(model, Page):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_page_tree,
                    sender=model,
                    dispatch_uid=f"visibility-{signal is post_save}-{model._meta.label}",
                )
