"""Error reports (the 500 debug page, mail to ADMINS) never carry a citizen ID number.

Every form that takes one names its field `id_number` (查询本人, objections and repairs, the
admin entry form), so those POST fields are hidden wherever an error happens. Beyond that, any
POST or GET value, the request's URL and query string, and any frame variable that holds a
full number in any spelling (full-width digits, spaces, dashes: cms.home.privacy finds them
all) is cleansed, instead of each view having to remember `sensitive_post_parameters` and
`sensitive_variables`.
"""

from urllib.parse import unquote_plus

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .privacy import contains_id_number, redact_id_numbers

SENSITIVE_FIELD_MARKERS = ("id_number", "id_last4")


class IdNumberSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if request is None:
            return parameters
        cleansed = parameters.copy()
        for key, values in parameters.lists():
            if any(marker in key for marker in SENSITIVE_FIELD_MARKERS) or any(
                _shows_id_number(value) for value in values
            ):
                cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: self.cleansed_substitute if _shows_id_number(value) else value
            for key, value in meta.items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        """Local variables that hold (or show) a full ID number are cleansed in every frame."""
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [
            (name, self.cleansed_substitute if _shows_id_number(value) else value)
            for name, value in variables
        ]


class IdNumberSafeExceptionReporter(ExceptionReporter):
    """GET values and the URL are not filtered by Django at all: cleanse them here."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        substitute = self.filter.cleansed_substitute
        if "request_GET_items" in data:
            data["request_GET_items"] = [
                (key, substitute if _shows_id_number(value) else value)
                for key, value in self.request.GET.items()
            ]
        if "request_insecure_uri" in data:
            uri = data["request_insecure_uri"]
            if _shows_id_number(uri):
                data["request_insecure_uri"] = redact_id_numbers(unquote_plus(uri))
        return data


def _shows_id_number(value) -> bool:
    try:
        text = value if isinstance(value, str) else repr(value)
    except Exception:  # a broken __repr__ must not break the error report
        return False
    # URL-encoded values (the query string in META, the URL) count in their decoded form too.
    return contains_id_number(text) or ("%" in text and contains_id_number(unquote_plus(text)))
