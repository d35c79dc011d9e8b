"""Core views shared by every app."""

from django.shortcuts import render


def rate_limited(request, exception=None):
    """django-ratelimit's refusal: a Chinese page with 429 Too Many Requests."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
