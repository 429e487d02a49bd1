"""The rollout area's pages under /programma/uitrol/ (namespace ``programme:rollout``)."""

from django.urls import URLPattern, URLResolver, path, re_path

from wegwijs.programme.rollout import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    re_path(
        r"^export/(?P<table>waves|provinces|libraries|branches)\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
    path("gemeenten/", views.coverage, name="coverage"),
    re_path(
        r"^gemeenten/export\.(?P<fmt>csv|xlsx)$", views.coverage_export, name="coverage_export"
    ),
    path("achterstand/", views.behind, name="behind"),
    re_path(r"^achterstand/export\.(?P<fmt>csv|xlsx)$", views.behind_export, name="behind_export"),
    path("bibliotheken/", views.libraries, name="libraries"),
    path("golven/", views.waves, name="waves"),
    path("golven/nieuw/", views.wave_edit, name="wave_create"),
    path("golven/<str:code>/", views.wave_edit, name="wave_edit"),
    path("stappen/", views.steps, name="steps"),
    path("stappen/nieuw/", views.step_edit, name="step_create"),
    path("stappen/<int:pk>/", views.step_edit, name="step_edit"),
    path("stappen/<int:pk>/verplaatsen/", views.step_move, name="step_move"),
    path("bibliotheek/<slug:slug>/", views.library, name="library"),
    path("bibliotheek/<slug:slug>/plan/", views.plan_edit, name="plan"),
    path("bibliotheek/<slug:slug>/stap/<int:step>/", views.step_progress, name="step"),
    path("bibliotheek/<slug:slug>/stap/<int:step>/afvinken/", views.tick, name="tick"),
    path("bibliotheek/<slug:slug>/stap/<int:step>/bewijs/", views.evidence, name="evidence"),
]
