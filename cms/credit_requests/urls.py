from django.urls import path

from . import views

app_name = "credit_requests"

urlpatterns = [
    path("", views.start, name="start"),
    path("apply/", views.apply, name="apply"),
    path("filed/", views.filed, name="filed"),
    path("status/", views.status, name="status"),
    path(
        "objection/<slug:target_key>/",
        views.third_party_objection,
        name="third_party_objection",
    ),
]
