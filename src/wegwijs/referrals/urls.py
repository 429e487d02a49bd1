from django.urls import path

from wegwijs.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("partner/", views.partner_list, name="partner_list"),
    path("nieuw/", views.choose_service, name="new"),
    path("nieuw/<uuid:service_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/kaart/", views.card, name="card"),
    path("<int:pk>/<slug:slug>/", views.act, name="act"),
]
