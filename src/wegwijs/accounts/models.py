"""Users, their organisation and their role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import Branch, Organisation, OrganisationKind


class Role(models.TextChoices):
    DESK_WORKER = "desk_worker", _("Desk worker")
    COORDINATOR = "coordinator", _("IDO coordinator")
    POI_CONSULTANT = "poi_consultant", _("POI consultant")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    AGENCY_ANALYST = "agency_analyst", _("Agency analyst")
    PARTNER_EDITOR = "partner_editor", _("Partner editor")
    ADMIN = "admin", _("Administrator")


#: The kind of organisation each role belongs to (administrators: any).
ROLE_ORGANISATION_KIND: dict[str, str | None] = {
    Role.DESK_WORKER: OrganisationKind.LIBRARY,
    Role.COORDINATOR: OrganisationKind.LIBRARY,
    Role.POI_CONSULTANT: OrganisationKind.POI,
    Role.PROGRAMME_OFFICE: OrganisationKind.PROGRAMME,
    Role.AGENCY_ANALYST: OrganisationKind.AGENCY,
    Role.PARTNER_EDITOR: OrganisationKind.PARTNER,
    Role.ADMIN: None,
}


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation and has one role."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.DESK_WORKER
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The branch where a desk worker works."),
    )
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if self.role != Role.ADMIN and not self.organisation_id:
            errors["organisation"] = _("Choose the organisation this person works for.")
        elif expected and self.organisation is not None and self.organisation.kind != expected:
            errors["organisation"] = _("This role needs an organisation of the kind: %(kind)s.") % {
                "kind": OrganisationKind(expected).label
            }
        if self.role == Role.DESK_WORKER and not self.branch_id:
            errors["branch"] = _("A desk worker needs a branch.")
        if (
            self.branch_id
            and self.organisation_id
            and self.branch is not None
            and self.branch.organisation_id != self.organisation_id
        ):
            errors["branch"] = _("The branch must belong to the user's organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def needs_two_factor(self) -> bool:
        from django.conf import settings

        return self.is_superuser or self.role in settings.WEGWIJS_TWO_FACTOR_ROLES
