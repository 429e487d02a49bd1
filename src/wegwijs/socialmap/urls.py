from django.urls import path

from wegwijs.socialmap import views

app_name = "socialmap"

urlpatterns = [
    path("", views.directory, name="list"),
    path("controle/", views.review, name="review"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/geverifieerd/", views.verify, name="verify"),
]
