from django.urls import path, re_path

from wegwijs.monitor import views, views_feedback, views_reports

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export/(?P<key>[a-z]{1,20})\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("rapport/", views_reports.reports, name="reports"),
    path("rapport/<int:year>/<int:quarter>/", views_reports.report_pdf, name="report_pdf"),
    path("abonnementen/", views_reports.subscription, name="subscription"),
    path("abonnementen/afmelden/<str:token>/", views_reports.unsubscribe, name="unsubscribe"),
    path("open-data/", views_reports.opendata_page, name="opendata"),
    path("feedback/", views_feedback.feedback, name="feedback"),
    re_path(
        r"^feedback/export/(?P<key>[a-z]{1,20})\.(?P<fmt>csv|xlsx)$",
        views_feedback.export,
        name="feedback_export",
    ),
]
