"""Admin and framework registrations of the core app (the code lives in its own modules)."""

from wagtail import hooks

from .caching import is_request_cacheable, is_response_cacheable

hooks.register("is_request_cacheable", is_request_cacheable)
hooks.register("is_response_cacheable", is_response_cacheable)
