"""django-axes counting an account and a client IP against separate limits.

Axes compares one number with one limit.  An office behind one NAT address
must not be locked out because one colleague mistyped five times, so the IP
gets a higher limit (AXES_IP_FAILURE_LIMIT) than an account (AXES_FAILURE_LIMIT).
"""

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username, get_cool_off
from axes.models import AccessAttempt


def limit_for(filter_kwargs):
    if set(filter_kwargs) == {"ip_address"}:
        return settings.AXES_IP_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class AccountAndNetworkHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """AXES_FAILURE_LIMIT once any group reached its own limit, else below it."""
        username = get_client_username(request, credentials)
        groups = get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        )
        counts = []
        for filter_kwargs in groups:
            attempts = AccessAttempt.objects.filter(**filter_kwargs)
            if settings.AXES_COOLOFF_TIME is not None:
                attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if failures >= limit_for(filter_kwargs):
                return settings.AXES_FAILURE_LIMIT
            counts.append(failures)
        return min(max(counts, default=0), settings.AXES_FAILURE_LIMIT - 1)


def locked_accounts_and_addresses():
    """What is locked now: [(kind, value, failures, last attempt)] for the staff page."""
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - get_cool_off())
    locked = []
    for field, kind, limit in (
        ("username", "account", settings.AXES_FAILURE_LIMIT),
        ("ip_address", "ip", settings.AXES_IP_FAILURE_LIMIT),
    ):
        rows = (
            attempts.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        locked += [(kind, row[field], row["failures"], row["last"]) for row in rows]
    return locked
