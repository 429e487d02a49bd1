from django.urls import path

from wegwijs.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("code/", views.otp_verify, name="otp"),
    path("code/instellen/", views.otp_setup, name="otp_setup"),
]
