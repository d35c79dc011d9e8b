from django.urls import path

from .views import csp_report

urlpatterns = [path("", csp_report, name="csp_report")]
