from django.urls import path

from wegwijs.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("nieuw/", views.article_create, name="create"),
    path("beheer/", views.manage, name="manage"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/wijzigen/", views.article_edit, name="edit"),
    path("<slug:slug>/status/", views.article_status, name="status"),
    path("<slug:slug>/geschiedenis/", views.article_history, name="history"),
    path(
        "<slug:slug>/geschiedenis/<int:number>/terugzetten/", views.article_restore, name="restore"
    ),
]
