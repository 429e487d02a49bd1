"""URLs of the subsidy area, under /programma/subsidie/ (namespace programme:subsidy)."""

from django.urls import URLPattern, URLResolver, path, re_path

from wegwijs.programme.subsidy import views

#: A reference number such as DI-2019-0042.
REF = r"(?P<reference>[A-Z0-9]{1,10}-\d{4}-\d{4,6})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("boekhouding/<str:fmt>/", views.accounting, name="accounting"),
    path("budget/", views.budget_page, name="budget"),
    path("budget/export/<str:fmt>/", views.budget_export, name="budget_export"),
    path("aanvragen/", views.create, name="create"),
    re_path(rf"^{REF}/$", views.detail, name="detail"),
    re_path(rf"^{REF}/wijzigen/$", views.edit, name="edit"),
    re_path(rf"^{REF}/beoordelen/$", views.assess, name="assess"),
    re_path(rf"^{REF}/betaling/$", views.pay, name="pay"),
    re_path(rf"^{REF}/vaststellen/$", views.settle, name="settle"),
    re_path(rf"^{REF}/besluit\.pdf$", views.letter, name="letter"),
    re_path(rf"^{REF}/(?P<action>indienen|intrekken)/$", views.act, name="act"),
]
