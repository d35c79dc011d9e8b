"""Open Wagtail's own "add campaign page" view filled in for one occurrence.

The dashboard button links to the add view with ?occurrence=<event id>-<year>-<round>.
Wagtail builds the new page in two steps that each see half of what we need:
the `before_create_page` hook sees the request, the `init_new_page` signal sees the
new page just before its form is built.  The hook parks the parsed occurrence in a
context variable (set, or cleared, on every create request, so nothing carries over)
and the signal handler fills the page from it.
"""

import re
from contextvars import ContextVar

from django.dispatch import receiver

from wagtail.signals import init_new_page

from . import occurrences as occ
from .models import CampaignPage, PublicityEvent

OCCURRENCE_PARAM = "occurrence"
_OCCURRENCE_RE = re.compile(r"^(\d+)-(\d{4})-(\d{1,3})$")
_pending = ContextVar("campaign_prefill", default=None)


def occurrence_param(occurrence) -> str:
    return f"{occurrence.event.pk}-{occurrence.year}-{occurrence.sequence}"


def parse_occurrence_param(value):
    match = _OCCURRENCE_RE.match(value or "")
    return tuple(int(part) for part in match.groups()) if match else None


def remember_requested_occurrence(request, parent_page, page_class):
    """before_create_page hook; returns None so that Wagtail carries on."""
    wanted = None
    if request.method == "GET" and issubclass(page_class, CampaignPage):
        wanted = parse_occurrence_param(request.GET.get(OCCURRENCE_PARAM))
    _pending.set(wanted)


@receiver(init_new_page)
def fill_new_campaign(sender, page, parent, **kwargs):
    wanted = _pending.get()
    _pending.set(None)
    if wanted is None or not isinstance(page, CampaignPage):
        return
    event_id, year, sequence = wanted
    event = PublicityEvent.objects.with_dates().filter(pk=event_id).first()
    occurrence = occ.find_occurrence(event, year, sequence) if event else None
    if occurrence is None:
        return  # a stale link: the empty form is the honest answer
    page.event, page.year, page.sequence = event, year, sequence
    page.start_date, page.end_date = occurrence.start, occurrence.end
    round_text = f"（第{sequence}批）" if sequence != 1 else ""
    page.title = f"{year}年{event.name}{round_text}宣传活动"
    page.organisers = event.responsible_units
