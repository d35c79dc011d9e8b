"""Wagtail API v2 (read-only JSON for schools and other consumers)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.education.api import EducationMaterialsAPIViewSet
from cms.honor_roll.models import Honoree


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images, except photos of honorees the public may not see (no consent yet, consent
    withdrawn, objection upheld, list not published)."""

    def get_queryset(self):
        return super().get_queryset().exclude(pk__in=Honoree.objects.hidden_photo_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("education", EducationMaterialsAPIViewSet)
