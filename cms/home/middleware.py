"""Refuse requests whose URL carries a NUL character, before any view hands it to the database.

PostgreSQL text cannot hold NUL (psycopg raises DataError, a 500), while SQLite quietly stores or
compares it; so a `?q=%00` that SQLite answers with "nothing found" would be a server error in
production. Forms already refuse NUL (Django's ProhibitNullCharactersValidator); query strings and
paths reach page routes, search and the API unchecked, so they are checked here, once.
"""

import logging

from django.shortcuts import render

logger = logging.getLogger("django.security.NulCharacterInRequest")


def has_nul(request) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            logger.warning(
                "NUL character in the request URL: %s", request.path.replace("\x00", "\\0")
            )
            return render(request, "400.html", status=400)
        return self.get_response(request)
