"""Error reports (the 500 debug page, mail to ADMINS) never carry a citizen ID number.

Every form that takes one names its field `id_number` (查询本人, objections and
repairs, the admin entry form), so one filter hides those POST fields wherever
an error happens, and any frame variable that shows a full number is cleansed,
instead of each view having to remember `sensitive_post_parameters` and
`sensitive_variables`.
"""

import re

from django.views.debug import SafeExceptionReporterFilter

SENSITIVE_FIELD_MARKERS = ("id_number", "id_last4")
# A full number in any local variable of any frame: 18 characters, or the old 15 digits.
_FULL_ID_NUMBER = re.compile(
    r"(?<![0-9])[1-8][0-9]{5}(?:(?:18|19|20)[0-9]{2}[0-9]{7}[0-9Xx]|[0-9]{9})(?![0-9])"
)


class IdNumberSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if request is None or not any(
            marker in key for key in parameters for marker in SENSITIVE_FIELD_MARKERS
        ):
            return parameters
        cleansed = parameters.copy()
        for key in cleansed:
            if any(marker in key for marker in SENSITIVE_FIELD_MARKERS):
                cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        """Local variables that hold (or show) a full ID number are cleansed in every frame."""
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [
            (name, self.cleansed_substitute if _shows_id_number(value) else value)
            for name, value in variables
        ]


def _shows_id_number(value) -> bool:
    try:
        text = value if isinstance(value, str) else repr(value)
    except Exception:  # a broken __repr__ must not break the error report
        return False
    return bool(_FULL_ID_NUMBER.search(text))
