"""Honor rolls go live only through the 信用审核 workflow (cms.home.roles)."""

from cms.home.roles import attach_review_workflow

from .models import HonorRollIndexPage


def attach_workflow_to_index(request, page):
    """after_create_page: a new /honor-roll/ section gets the review workflow at once."""
    if isinstance(page.specific, HonorRollIndexPage):
        attach_review_workflow(page)
