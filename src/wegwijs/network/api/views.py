"""Read organisations and branches; coordinators and the programme office also write branches."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from wegwijs.accounts import scoping
from wegwijs.network import hours
from wegwijs.network.api.serializers import BranchSerializer, OrganisationSerializer
from wegwijs.network.filters import BranchApiFilter, OrganisationApiFilter
from wegwijs.network.models import Branch, Organisation
from wegwijs.network.services import save_branch


def _path_errors(exc: DjangoValidationError) -> dict[str, Any]:
    """Map service error keys (``periods.2``) onto the API's field paths
    (``opening_hours.2.opens``)."""
    renamed = {"periods": "opening_hours", "exceptions": "exceptions"}
    result: dict[str, Any] = {}
    for key, messages in exc.message_dict.items():
        head, _, rest = key.partition(".")
        name = renamed.get(head, head)
        if head == "periods" and rest.isdigit():
            # The serializer already refused closing before opening: what the service finds
            # is an overlap, marked at the opening time of the later row (as on the form).
            rest = f"{rest}.opens"
        result[f"{name}.{rest}" if rest else name] = messages
    return result


@extend_schema_view(
    list=extend_schema(summary="List the organisations you may see"),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = OrganisationApiFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            scoping.visible_organisations(self.request.user)
            .select_related("province", "poi")
            .prefetch_related("provinces")
            .order_by("name")
        )


@extend_schema_view(
    list=extend_schema(summary="List the branches you may see, with opening status"),
    retrieve=extend_schema(summary="One branch with its hours"),
    create=extend_schema(
        summary="Add a branch (coordinator of the organisation, programme office)"
    ),
    update=extend_schema(summary="Replace a branch and its hours"),
    partial_update=extend_schema(summary="Change part of a branch"),
)
class BranchViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = BranchSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_class = BranchApiFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Branch]:
        # A change to a branch the user may not change is refused with 403 (see get_object),
        # as on the edit page, also when the branch lies outside the user's directory.
        writing = self.request.method in ("PUT", "PATCH")
        return (
            (Branch.objects.all() if writing else scoping.visible_branches(self.request.user))
            .select_related("organisation", "organisation__province", "municipality")
            .prefetch_related(*hours.hours_prefetch())
            .order_by("pk")
        )

    def get_object(self) -> Branch:
        branch = super().get_object()
        if self.request.method in ("PUT", "PATCH") and not scoping.can_edit_branch(
            self.request.user, branch
        ):
            raise PermissionDenied("U mag deze vestiging niet wijzigen.")
        return branch

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def _save(self, serializer: serializers.BaseSerializer, instance: Branch | None) -> None:
        data = dict(serializer.validated_data)
        periods = BranchSerializer.period_data(data.pop("opening_periods", None))
        exceptions = BranchSerializer.exception_data(data.pop("opening_exceptions", None))
        branch = instance or Branch()
        for field, value in data.items():
            setattr(branch, field, value)
        if (
            not scoping.libraries_editable_by(self.request.user)
            .filter(pk=branch.organisation_id)
            .exists()
        ):
            raise PermissionDenied("U mag geen vestigingen van deze organisatie wijzigen.")
        try:
            serializer.instance = save_branch(branch, periods=periods, exceptions=exceptions)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_path_errors(exc)) from exc

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        instance = serializer.instance
        assert isinstance(instance, Branch)
        if not scoping.can_edit_branch(self.request.user, instance):
            raise PermissionDenied("U mag deze vestiging niet wijzigen.")
        self._save(serializer, instance)
