from django.urls import path

from . import views

app_name = "wechat_subscribers"

urlpatterns = [path("callback/", views.callback, name="callback")]
