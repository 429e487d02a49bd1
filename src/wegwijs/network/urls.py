from django.urls import path

from wegwijs.network import views

app_name = "network"

urlpatterns = [
    path("bibliotheken/", views.library_list, name="library_list"),
    path("bibliotheken/<slug:slug>/", views.library_detail, name="library_detail"),
    path("vestigingen/", views.branch_list, name="branch_list"),
    path("vestigingen/nieuw/", views.branch_create, name="branch_create"),
    path("vestigingen/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("vestigingen/<int:pk>/bewerken/", views.branch_edit, name="branch_edit"),
]
