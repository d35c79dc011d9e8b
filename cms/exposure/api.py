"""A small paginated JSON API of one batch's public entries (/exposure/<batch>/api/?page=N).

It serves exactly what the batch page shows, one page at a time, from
ExposureEntry.objects.public(); entries that ended are simply absent.
"""

from django.http import JsonResponse

from cms.home.pagination import paginate

API_PAGE_SIZE = 50


def entry_as_json(entry):
    return {
        "name": entry.name,
        "masked_id": entry.masked_id,
        "category": entry.get_category_display(),
        "severity": entry.get_severity_display(),
        "key_area": entry.key_area.name,
        "behaviour": entry.behaviour,
        "legal_basis": entry.legal_basis,
        "authority": entry.authority,
        "document_number": entry.document_number,
        "decision_date": entry.decision_date.isoformat(),
        "end_date": entry.end_date.isoformat(),
    }


def batch_entries_response(batch, request):
    page = paginate(batch.public_entries(), request, API_PAGE_SIZE)
    base = batch.get_url(request) + "api/"
    return JsonResponse(
        {
            "batch": {
                "title": batch.title,
                "date": batch.date.isoformat(),
                "deciding_units": batch.deciding_units,
            },
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "previous": f"{base}?page={page.previous_page_number()}"
            if page.has_previous()
            else None,
            "results": [entry_as_json(entry) for entry in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )
