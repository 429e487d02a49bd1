from django.urls import URLPattern, URLResolver, path

from wegwijs.programme.training import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("bibliotheek/<slug:slug>/", views.library, name="library"),
    path("bibliotheek/<slug:slug>/export.<str:fmt>", views.library_export, name="library_export"),
    path("bibliotheek/<slug:slug>/mensen/nieuw/", views.person_create, name="person_create"),
    path("mensen/<int:pk>/", views.person_edit, name="person"),
    path("mensen/<int:pk>/verwijderen/", views.person_delete, name="person_delete"),
    path("sessies/", views.session_list, name="sessions"),
    path("sessies/nieuw/", views.session_create, name="session_create"),
    path("sessies/<int:pk>/", views.session, name="session"),
    path("sessies/<int:pk>/bewerken/", views.session_edit, name="session_edit"),
    path("sessies/<int:pk>/verwijderen/", views.session_delete, name="session_delete"),
    path("instellingen/", views.settings_page, name="settings"),
]
