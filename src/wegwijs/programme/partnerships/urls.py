from django.urls import URLPattern, URLResolver, path

from wegwijs.programme.partnerships import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("landelijke-criteria/", views.national, name="national"),
    path("landelijke-criteria/nieuw/", views.national_form, name="national_create"),
    path("landelijke-criteria/<int:pk>/", views.national_form, name="national_edit"),
    path(
        "landelijke-criteria/<int:pk>/verwijderen/", views.national_delete, name="national_delete"
    ),
    path("<slug:library>/", views.partners, name="partners"),
    path("<slug:library>/partners/nieuw/", views.partner_form, name="partner_create"),
    path("<slug:library>/partners/<int:pk>/", views.partner_detail, name="partner"),
    path("<slug:library>/partners/<int:pk>/bewerken/", views.partner_form, name="partner_edit"),
    path(
        "<slug:library>/partners/<int:pk>/krachten/",
        views.partner_strength,
        name="partner_strength",
    ),
    path("<slug:library>/partners/<int:pk>/scores/", views.partner_scores, name="partner_scores"),
    path("<slug:library>/partners/<int:pk>/doelen/", views.partner_goals, name="partner_goals"),
    path(
        "<slug:library>/partners/<int:pk>/verwijderen/",
        views.partner_delete,
        name="partner_delete",
    ),
    path(
        "<slug:library>/partners/<int:pk>/tactieken/nieuw/",
        views.tactic_form,
        name="tactic_create",
    ),
    path(
        "<slug:library>/partners/<int:pk>/tactieken/<int:tactic>/",
        views.tactic_form,
        name="tactic_edit",
    ),
    path(
        "<slug:library>/partners/<int:pk>/tactieken/<int:tactic>/verwijderen/",
        views.tactic_delete,
        name="tactic_delete",
    ),
    path("<slug:library>/krachtenanalyse/", views.strength, name="strength"),
    path("<slug:library>/afwegingstabel/", views.weighing, name="weighing"),
    path("<slug:library>/afwegingstabel/criteria/", views.criteria, name="criteria"),
    path(
        "<slug:library>/afwegingstabel/criteria/landelijk/",
        views.criteria_add_national,
        name="criteria_add_national",
    ),
    path(
        "<slug:library>/afwegingstabel/criteria/nieuw/",
        views.criterion_form,
        name="criterion_create",
    ),
    path(
        "<slug:library>/afwegingstabel/criteria/<int:pk>/",
        views.criterion_form,
        name="criterion_edit",
    ),
    path(
        "<slug:library>/afwegingstabel/criteria/<int:pk>/verwijderen/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("<slug:library>/doelen/", views.goals, name="goals"),
    path("<slug:library>/doelen/nieuw/", views.goal_form, name="goal_create"),
    path("<slug:library>/doelen/<int:pk>/", views.goal_form, name="goal_edit"),
    path("<slug:library>/doelen/<int:pk>/verwijderen/", views.goal_delete, name="goal_delete"),
    path("<slug:library>/tactieken/", views.tactics, name="tactics"),
    path("<slug:library>/overzicht.pdf", views.overview_pdf, name="overview_pdf"),
    path("<slug:library>/export/<str:tool>.<str:fmt>", views.export, name="export"),
]
