"""The composition root's URLs: admin, API, sitemap, app routes, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from .api import api_router
from .home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", home_views.favicon),
    path("credit-requests/", include("cms.credit_requests.urls")),
    path("csp-report/", include("cms.accounts.urls")),  # CONTENT_SECURITY_POLICY report-uri
    path("search/", include("cms.search.urls")),
    path("wechat/", include("wechat.subscribers.urls")),
]

if settings.SERVE_MEDIA:  # dev and tests; nginx serves /media/ in production
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's own pattern only takes paths ending in "/": let page routes that
    # end in a file name (e.g. /campaigns/calendar.ics) reach the page tree too.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", wagtail_serve, name="wagtail_serve_file_route"),
    path("", include(wagtail_urls)),
]
