"""The public site under /hulp/ (Dutch paths: the addresses are printed in letters)."""

from django.urls import path, re_path

from wegwijs.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("locatie/<int:pk>/", views.location, name="location"),
    path("locatie/<int:pk>/kaart/", views.location_card, name="location_card"),
    path("cursussen/", views.course_list, name="courses"),
    path("cursussen/<uuid:pk>/", views.course_detail, name="course"),
    path("widget/", views.widget, name="widget"),
    # Last: /hulp/uwv/, /hulp/belastingdienst/... (an unknown code is a public 404 page).
    path("<slug:code>/", views.organisation, name="organisation"),
    # Anything else under /hulp/ ending in a slash gets the public 404 page, not the staff
    # one (without the slash, APPEND_SLASH first tries the address with it: /hulp/uwv works).
    re_path(r"^(?P<rest>.+/)$", views.unknown),
]
