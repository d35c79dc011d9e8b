"""失信曝光 on the home page: the three latest batches, titles only (no names on the home page)."""

from cms.home.sections import HomeSection, parent_url

from .models import ExposureListPage


def latest_batches_section(request, page):
    batches = list(ExposureListPage.objects.live().public().order_by("-date", "-pk")[:3])
    if not batches:
        return None
    return HomeSection(
        template="exposure/includes/home_section.html",
        context={"batches": batches, "index_url": parent_url(batches[0], request)},
        stylesheet="css/exposure.css",
        order=30,
    )
