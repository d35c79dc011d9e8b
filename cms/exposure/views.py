"""Public views of the exposure list that are not plain page rendering."""

from .forms import NameSearchForm, SelfLookupForm
from .search import SearchError, search_by_name, search_own_records


def index_page_context(page, request):
    """(context, status, private) for /exposure/: batches, a name search or 查询本人 (POST).

    The ID number typed into 查询本人 is read once from POST and dropped: it is
    not put in the context, so the re-rendered form never echoes it. A name search that
    holds an ID number is refused before anything is echoed (the query is not put back).
    """
    context = {
        "batches": page.live_batches(),
        "mode": "list",
        "search_form": NameSearchForm(),
        "self_form": SelfLookupForm(
            initial={"name": request.POST.get("name", "")} if request.method == "POST" else None
        ),
    }
    if request.method == "POST":
        context["mode"] = "self"
        try:
            context["results"] = list(
                search_own_records(request.POST.get("name", ""), request.POST.get("id_number", ""))
            )
        except SearchError as exc:
            context["self_error"] = str(exc)
            return context, 400, True
        return context, 200, True
    query = request.GET.get("q", "").strip()
    if query:
        last4 = request.GET.get("last4", "").strip()
        context.update(
            mode="search",
            query=query,
            last4=last4,
            search_form=NameSearchForm(initial={"q": query, "last4": last4}),
        )
        try:
            context["results"] = list(search_by_name(query, last4))
        except SearchError as exc:
            context.update(search_error=str(exc), query="", last4="", search_form=NameSearchForm())
            return context, 400, False
    return context, 200, False
