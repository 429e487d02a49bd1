from django.urls import URLPattern, URLResolver, path

from wegwijs.programme.support import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("bibliotheek/<slug:slug>/", views.trajectory, name="trajectory"),
    path("bibliotheek/<slug:slug>/basis/", views.plan_basic, name="plan_basic"),
    path("bibliotheek/<slug:slug>/activiteit/<slug:code>/", views.item_edit, name="item"),
    path("activiteiten/", views.activity_list, name="activities"),
    path("activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path("activiteiten/<slug:code>/", views.activity_edit, name="activity_edit"),
    path("soob/", views.soob_list, name="soob"),
    path("soob/nieuw/", views.soob_create, name="soob_create"),
    path("soob/<int:pk>/", views.soob_detail, name="soob_detail"),
    path("soob/<int:pk>/bewerken/", views.soob_edit, name="soob_edit"),
    path("soob/<int:pk>/verwijderen/", views.soob_delete, name="soob_delete"),
    path("soob/<int:pk>/deelnemers/", views.soob_participants, name="soob_participants"),
    path("soob/<int:pk>/materiaal/", views.material_add, name="material_add"),
    path(
        "soob/<int:pk>/materiaal/<int:material_pk>/download/",
        views.material_download,
        name="material_download",
    ),
    path(
        "soob/<int:pk>/materiaal/<int:material_pk>/verwijderen/",
        views.material_delete,
        name="material_delete",
    ),
]
