"""/search/?q= : the site search page."""

from urllib.parse import urlencode

from django.shortcuts import render

from cms.home.pagination import paginate

from .segmentation import MAX_QUERY_LENGTH
from .services import QueryError, parse_query, search_results, to_hit

PER_PAGE = 10


def search(request):
    raw = request.GET.get("q", "")
    context = {"search_query": raw.strip()[:MAX_QUERY_LENGTH], "max_length": MAX_QUERY_LENGTH}
    try:
        words = parse_query(raw)
    except QueryError as exc:
        context["error"] = str(exc)
        return render(request, "search/search_results.html", context, status=400)
    if words:
        results = search_results(words)
        page_obj = paginate(results, request, PER_PAGE)
        context.update(
            page_obj=page_obj,
            more_than_counted=results.more_than_counted,
            hits=[to_hit(obj, words, request) for obj in page_obj.object_list],
            query_suffix=urlencode({"q": context["search_query"]}),
        )
    return render(request, "search/search_results.html", context)
