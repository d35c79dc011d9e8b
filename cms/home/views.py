"""Core views shared by every app."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static


def rate_limited(request, exception=None):
    """django-ratelimit's refusal: a Chinese page with 429 Too Many Requests."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed SVG."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
