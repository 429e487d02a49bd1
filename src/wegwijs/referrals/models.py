"""Referrals (doorverwijzingen) from the desk to a partner or a course, and their audit trail.

A warm referral (and a course registration) carries the citizen's contact details, given with
explicit consent, encrypted at rest (``crypto``) and erased when the referral closes or after
30 days. A cold referral stores nothing personal: the citizen takes the partner's card home.
The audit trail (``ReferralEvent``) holds codes only, never contact details or free text.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.referrals.workdays import add_working_days

#: Contact details are erased, and open referrals expire, this long after creation.
RETENTION = timedelta(days=30)
#: A referral still "sent" after this many working days is overdue.
RESPONSE_WORKING_DAYS = 2
MAX_SUMMARY = 500
MAX_NOTE = 500


class Kind(models.TextChoices):
    WARM = "warm", _("Warm referral (with consent)")
    COLD = "cold", _("Cold referral (details handed over)")
    COURSE = "course", _("Course registration (with consent)")


class Status(models.TextChoices):
    SENT = "sent", _("Sent, waiting for the partner")
    ACCEPTED = "accepted", _("Accepted by the partner")
    CONTACTED = "contacted", _("The partner contacted the citizen")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined by the partner")
    CANCELLED = "cancelled", _("Cancelled by the desk")
    EXPIRED = "expired", _("Expired")
    HANDED_OVER = "handed_over", _("Details handed over (cold)")


#: Statuses in which the partner still has work to do (and contact details may exist).
OPEN_STATUSES = (Status.SENT, Status.ACCEPTED, Status.CONTACTED)
CLOSED_STATUSES = (Status.COMPLETED, Status.DECLINED, Status.CANCELLED, Status.EXPIRED)


class DeclineReason(models.TextChoices):
    NOT_OUR_SERVICE = "not_our_service", _("Does not fit what we offer")
    NO_CAPACITY = "no_capacity", _("No place or time available")
    UNREACHABLE = "unreachable", _("Could not reach the citizen")
    CITIZEN_DECLINED = "citizen_declined", _("The citizen no longer wants help")
    OTHER = "other", _("Another reason")


class Referral(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SENT, db_index=True
    )
    question = models.ForeignKey(
        "desk.Question",
        verbose_name=_("question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    branch = models.ForeignKey(
        "network.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service = models.ForeignKey(
        "socialmap.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals",
    )
    #: Kept when the service is removed from the social map later.
    service_name = models.CharField(_("service"), max_length=200)
    #: The network organisation that keeps the service: its editors handle the referral.
    partner = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="received_referrals",
    )
    schedule = models.ForeignKey(
        "socialmap.Schedule",
        verbose_name=_("course session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    session_date = models.DateField(_("session date"), null=True, blank=True)
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    #: Name, phone and e-mail as one Fernet token (see crypto.py); empty when erased or cold.
    contact_encrypted = models.TextField(_("contact details (encrypted)"), blank=True)
    contact_erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=MAX_SUMMARY, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("explanation"), max_length=MAX_NOTE, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="created_referrals",
    )
    created_at = models.DateTimeField(_("referred at"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["partner", "status"], name="referral_partner_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="cold", contact_encrypted="", consent_given=False)
                | ~models.Q(kind="cold"),
                name="referral_cold_holds_nothing_personal",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="cold") | models.Q(consent_given=True),
                name="referral_warm_has_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="referral_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.service_name} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_encrypted)

    @property
    def response_due(self) -> datetime | None:
        """When the partner should have responded: 2 working days after sending."""
        if self.kind == Kind.COLD:
            return None
        return add_working_days(self.created_at, RESPONSE_WORKING_DAYS)

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Still waiting for the partner's first response after 2 working days."""
        due = self.response_due
        return self.status == Status.SENT and due is not None and (now or timezone.now()) > due

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def erase_by(self) -> datetime:
        return self.created_at + RETENTION


class ReferralEvent(models.Model):
    """Audit trail of a referral: who did what when, with status codes and a reason code.
    Never holds contact details or free text."""

    class Action(models.TextChoices):
        CREATE = "create", _("referred")
        ACCEPT = "accept", _("accepted")
        CONTACT = "contact", _("contacted the citizen")
        COMPLETE = "complete", _("completed")
        DECLINE = "decline", _("declined")
        CANCEL = "cancel", _("cancelled")
        EXPIRE = "expire", _("expired")
        ERASE = "erase", _("contact details erased")
        REMIND = "remind", _("reminder sent")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    #: A code: a DeclineReason, or "closed" / "retention" for an erasure.
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"#{self.referral_id} {self.action} {self.from_status}->{self.to_status}"
