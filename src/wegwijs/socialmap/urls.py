from django.urls import path

from wegwijs.socialmap import editing, views

app_name = "socialmap"

urlpatterns = [
    path("", views.directory, name="list"),
    path("controle/", views.review, name="review"),
    path("beheer/", editing.entries, name="keep"),
    path("beheer/nieuw/", editing.service_create, name="keep_create"),
    path("beheer/importeren/", editing.import_sheet, name="keep_import"),
    path("beheer/importeren/voorbeeld.<str:kind>", editing.sheet_template, name="keep_template"),
    path("beheer/<uuid:pk>/", editing.service_edit, name="keep_edit"),
    path("beheer/<uuid:pk>/status/", editing.service_status, name="keep_status"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/kaart/", views.card, name="card"),
    path("<uuid:pk>/geverifieerd/", views.verify, name="verify"),
]
