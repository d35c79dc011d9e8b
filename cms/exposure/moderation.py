"""Exposure batches go live only through the 信用审核 workflow (cms.home.roles)."""

from wagtail.models import Workflow, WorkflowPage

from cms.home.roles import REVIEW_WORKFLOW


def ensure_exposure_moderation(index_page):
    """Attach the review workflow to /exposure/ explicitly, so that it holds even if the
    site root's assignment is changed.  Returns the workflow (None if roles are not set up)."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
