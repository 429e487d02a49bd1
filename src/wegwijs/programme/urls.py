from django.urls import include, path

from wegwijs.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("uitrol/", include(("wegwijs.programme.rollout.urls", "rollout"))),
    path("subsidie/", include(("wegwijs.programme.subsidy.urls", "subsidy"))),
    path("ondersteuning/", include(("wegwijs.programme.support.urls", "support"))),
    path("samenwerking/", include(("wegwijs.programme.partnerships.urls", "partnerships"))),
    path("training/", include(("wegwijs.programme.training.urls", "training"))),
    path("contact/", include(("wegwijs.programme.contact.urls", "contact"))),
]
