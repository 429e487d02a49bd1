from django.urls import path, re_path

from wegwijs.monitor import views

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export/(?P<key>[a-z]{1,20})\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
