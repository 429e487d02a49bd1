from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from wegwijs.desk.api.views import VisitViewSet
from wegwijs.knowledge.api.views import ArticleViewSet, SearchView
from wegwijs.monitor.api import MonitorView
from wegwijs.network.api.views import BranchViewSet, OrganisationViewSet
from wegwijs.public.api.views import PublicLocationsView
from wegwijs.referrals.api.views import ReferralViewSet
from wegwijs.socialmap.api.views import ServiceViewSet
from wegwijs.triage.api import TriageView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("branches", BranchViewSet, basename="branch")
router.register("visits", VisitViewSet, basename="visit")
router.register("articles", ArticleViewSet, basename="article")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("services", ServiceViewSet, basename="service")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("search/", SearchView.as_view(), name="search"),
    path("triage/", TriageView.as_view(), name="triage"),
    path("monitor/", MonitorView.as_view(), name="monitor"),
    path("public/locations/", PublicLocationsView.as_view(), name="public-locations"),
    path("", include(router.urls)),
]
