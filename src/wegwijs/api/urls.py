from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from wegwijs.desk.api.views import VisitViewSet
from wegwijs.knowledge.api.views import ArticleViewSet, SearchView
from wegwijs.network.api.views import BranchViewSet, OrganisationViewSet
from wegwijs.triage.api import TriageView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("branches", BranchViewSet, basename="branch")
router.register("visits", VisitViewSet, basename="visit")
router.register("articles", ArticleViewSet, basename="article")

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
    path("", include(router.urls)),
]
