from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import set_language

from wegwijs.core.views import health

admin.site.site_header = "Wegwijs"
# The admin uses the same login (password, then the authenticator code) as the rest of the site.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_title = "Wegwijs"

urlpatterns = [
    path("", include("wegwijs.core.urls")),
    path("account/", include("wegwijs.accounts.urls")),
    path("netwerk/", include("wegwijs.network.urls")),
    path("balie/", include("wegwijs.desk.urls")),
    path("kennisbank/", include("wegwijs.knowledge.urls")),
    path("sociale-kaart/", include("wegwijs.socialmap.urls")),
    path("hulp/", include("wegwijs.public.urls")),
    path("doorverwijzingen/", include("wegwijs.referrals.urls")),
    path("monitor/", include("wegwijs.monitor.urls")),
    path("programma/", include("wegwijs.programme.urls")),
    path("api/v1/", include("wegwijs.api.urls")),
    path("beheer/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("health/", health, name="health"),
]

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
