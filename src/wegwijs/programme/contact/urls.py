from django.urls import URLPattern, URLResolver, path

from wegwijs.programme.contact import material_views, news_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    # Public, no login ("Meer weten?"); the prefix is in accounts.middleware.OPEN_PREFIXES.
    path("meer-weten/", views.public_index, name="public_index"),
    path("meer-weten/<slug:poi_slug>/", views.public_form, name="public_form"),
    path("meer-weten/<slug:poi_slug>/verzonden/", views.public_thanks, name="public_thanks"),
    # The experts' requests
    path("verzoeken/", views.request_list, name="request_list"),
    path("verzoeken/overzicht/", views.request_counts, name="request_counts"),
    path("verzoeken/<int:pk>/", views.request_detail, name="request_detail"),
    path("verzoeken/<int:pk>/afhandelen/", views.request_handle, name="request_handle"),
    path("experts/", views.experts, name="experts"),
    path("experts/<slug:poi_slug>/", views.experts_poi, name="experts_poi"),
    path(
        "experts/<slug:poi_slug>/<int:pk>/verwijderen/",
        views.expert_remove,
        name="expert_remove",
    ),
    # News
    path("nieuws/", news_views.news_list, name="news_list"),
    path("nieuws/feed/", news_views.news_feed, name="news_feed"),
    path("nieuws/beheer/", news_views.news_manage, name="news_manage"),
    path("nieuws/nieuw/", news_views.news_create, name="news_create"),
    path("nieuws/<int:pk>/", news_views.news_detail, name="news_detail"),
    path("nieuws/<int:pk>/wijzigen/", news_views.news_edit, name="news_edit"),
    path("nieuws/<int:pk>/verwijderen/", news_views.news_delete, name="news_delete"),
    # Materials
    path("materialen/", material_views.material_list, name="material_list"),
    path("materialen/export.<str:fmt>", material_views.material_export, name="material_export"),
    path("materialen/nieuw/", material_views.material_create, name="material_create"),
    path("materialen/<int:pk>/wijzigen/", material_views.material_edit, name="material_edit"),
    path(
        "materialen/<int:pk>/verwijderen/", material_views.material_delete, name="material_delete"
    ),
    path(
        "materialen/<int:pk>/download/", material_views.material_download, name="material_download"
    ),
    path(
        "materialen/<int:pk>/voorbeeld/",
        material_views.material_thumbnail,
        name="material_thumbnail",
    ),
]
