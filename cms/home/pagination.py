"""One way to paginate public listings: a bad or out-of-range ?page= shows the first page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(items, request, per_page):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)
