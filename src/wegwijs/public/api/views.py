"""GET /api/v1/public/locations/?near=...: the nearest Informatiepunten, for partner websites
and apps. No login, open to every origin (CORS), rate-limited per client address."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wegwijs.public import locations
from wegwijs.public.api.serializers import (
    LocationsAnswer,
    LocationsQuery,
    location_data,
    place_data,
)
from wegwijs.public.api.throttling import PublicRateThrottle
from wegwijs.public.forms import look_up


class PublicLocationsView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]

    @extend_schema(
        summary="The nearest Informatiepunten (public, no login)",
        description=(
            "For partner websites and apps: the Informatiepunten nearest to a postcode, place "
            "or coordinates, with address, distance, when the Informatiepunt helps (its IDO "
            "model), opening and consultation hours and whether it is open now. No login; "
            "CORS is open to every origin; at most `PUBLIC_API_RATE` requests per client "
            "address (429 with `Retry-After` beyond). A place that cannot be found gives "
            "`near: null`, no results and `suggestions`."
        ),
        parameters=[LocationsQuery],
        responses={
            200: LocationsAnswer,
            (429, "application/problem+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="Too many requests from this address: try again after the number "
                "of seconds in the Retry-After header.",
            ),
        },
        auth=[],
        tags=["public"],
    )
    def get(self, request: Request) -> Response:
        query = LocationsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        lookup = look_up(data["near"])
        results = (
            locations.near(lookup.place, data["limit"], open_now=data["open_now"])
            if lookup.place is not None
            else []
        )
        return Response(
            {
                "near": place_data(lookup.place) if lookup.place is not None else None,
                "approximate": lookup.approximate,
                "suggestions": [place_data(p) for p in lookup.suggestions],
                "results": [location_data(r, request) for r in results],
            }
        )
