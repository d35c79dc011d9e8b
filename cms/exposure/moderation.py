"""Exposure batches and their entries go live only through the 信用审核 workflow (cms.home.roles).

A batch page is published by a reviewer (editors have no publish permission). Its entries are
rows of their own, so new and changed entries wait as `pending_review` (never public) until a
reviewer publishes the batch again: an import, an edit in the admin or a restored status all
set it, and the batch's publication approves exactly the entries changed before the revision
that the reviewer approved. An entry changed after that revision waits for the next review.
"""

from django.db import transaction

from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage

from cms.home.roles import REVIEW_WORKFLOW

APPROVE_ACTION = ("exposure.entries.approved", "审核通过新增或修改的失信主体")


def ensure_exposure_moderation(index_page):
    """Attach the review workflow to /exposure/ explicitly, so that it holds even if the
    site root's assignment is changed.  Returns the workflow (None if roles are not set up)."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def attach_review_workflow(request, page):
    """after_create_page: a new /exposure/ gets the workflow at once."""
    from .models import ExposureIndexPage

    if isinstance(page.specific, ExposureIndexPage):
        ensure_exposure_moderation(page)


def approve_pending_entries(sender, instance, revision=None, **kwargs):
    """page_published of a batch: its pending entries changed up to the approved revision go public."""
    from .models import ExposureEntry

    pending = ExposureEntry.objects.pending().filter(batch=instance)
    if revision is not None:
        pending = pending.filter(updated_at__lte=revision.created_at)
    with transaction.atomic():
        count = pending.update(pending_review=False)
        if count:
            log(
                instance=instance,
                action=APPROVE_ACTION[0],
                data={"count": count, "revision": revision.pk if revision is not None else None},
            )
    return count
