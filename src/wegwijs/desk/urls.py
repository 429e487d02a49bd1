from django.urls import path

from wegwijs.desk import views

app_name = "desk"

urlpatterns = [
    path("", views.register, name="register"),
    path("turven/", views.tally, name="tally"),
    path("suggesties/", views.suggest, name="suggest"),
    path("registraties/", views.visit_list, name="visit_list"),
    path("registraties/export.<str:fmt>", views.export, name="export"),
    path("registraties/<int:pk>/wijzigen/", views.edit, name="edit"),
    path("registraties/<int:pk>/verwijderen/", views.delete, name="delete"),
]
