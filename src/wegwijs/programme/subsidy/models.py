"""Models of the programme's subsidy area.

A :class:`SubsidyScheme` (regeling) has a period of budget years, a deadline, the allowed
start years and a funding schedule (:class:`SubsidyBudgetYear`, one budget per year). A
:class:`SubsidyApplication` is filed by a library (for itself) or by a POI (for several
libraries of its provinces); it has one :class:`SubsidyApplicationLine` per library, and each
line has one :class:`SubsidyLineAmount` per budget year with the requested, granted, paid and
settled amounts (``Decimal``, euros and cents). :class:`SubsidyEvent` is the audit trail,
:class:`SubsidyDecisionLetter` the letter's data frozen at the decision.

All rules live in ``services.py``; the database enforces what it can: one live application
per library and scheme (a partial unique index on the lines), non-negative amounts, a unique
reference number.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SubsidyApplication",
    "SubsidyApplicationLine",
    "SubsidyBudgetYear",
    "SubsidyDecisionLetter",
    "SubsidyEvent",
    "SubsidyLineAmount",
    "SubsidyScheme",
]

#: Amounts: up to 9,999,999,999.99 euros per amount, in cents.
AMOUNT_DIGITS = 12
BUDGET_DIGITS = 14
MAX_CONTACT = 500
MAX_NOTE = 2000


class SubsidyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ASSESSED = "assessed", _("Assessed")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: States in which an application holds its libraries: a library has at most one of these per
#: scheme. Rejected and withdrawn applications free the library for a new one.
LIVE_STATES = (
    SubsidyState.DRAFT,
    SubsidyState.SUBMITTED,
    SubsidyState.ASSESSED,
    SubsidyState.GRANTED,
    SubsidyState.PAID,
    SubsidyState.SETTLED,
)
#: States whose requested amounts count as "requested" in the budget overview.
REQUESTED_STATES = (
    SubsidyState.SUBMITTED,
    SubsidyState.ASSESSED,
    SubsidyState.GRANTED,
    SubsidyState.REJECTED,
    SubsidyState.PAID,
    SubsidyState.SETTLED,
)
#: States with a grant (granted amounts count against the budget).
GRANTED_STATES = (SubsidyState.GRANTED, SubsidyState.PAID, SubsidyState.SETTLED)
#: States with a decision (and so a decision letter).
DECIDED_STATES = (*GRANTED_STATES, SubsidyState.REJECTED)


class SubsidyScheme(models.Model):
    """A subsidy scheme (regeling) with its period, deadline and funding schedule."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=10,
        default="DI",
        help_text=_("Capital letters, e.g. DI: reference numbers look like DI-2019-0042."),
    )
    start_year = models.PositiveSmallIntegerField(_("first budget year"))
    end_year = models.PositiveSmallIntegerField(_("last budget year"))
    deadline = models.DateTimeField(
        _("deadline"),
        help_text=_(
            "Applications are accepted until this moment (Dutch time). 11 October 2019 at "
            "24.00 is 12 October 2019 at 00:00."
        ),
    )
    allowed_start_years = models.JSONField(
        _("allowed start years"),
        default=list,
        help_text=_("The years in which a library may open its IDO, e.g. [2020, 2021]."),
    )
    max_per_organisation = models.DecimalField(
        _("maximum per organisation"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: the most one library may receive over all years."),
    )
    issuer = models.TextField(
        _("letterhead"),
        default="Koninklijke Bibliotheek\nProgramma Digitale Inclusie\nPostbus 90407\n"
        "2509 LK Den Haag",
        help_text=_("The sender's lines at the top of every decision letter."),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Demo schemes show that their amounts are illustrative."),
    )

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("subsidy scheme")
        verbose_name_plural = _("subsidy schemes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="subsidy_scheme_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        """The budget years of the scheme, first to last."""
        return list(range(self.start_year, self.end_year + 1))

    @property
    def start_years(self) -> list[int]:
        return sorted(int(y) for y in self.allowed_start_years or [])

    def accepts(self, moment: datetime) -> bool:
        """Are applications accepted at ``moment``? Until the deadline, not at it."""
        return moment < self.deadline

    def reference_for(self, number: int) -> str:
        return f"{self.reference_prefix}-{self.start_year}-{number:04d}"


class SubsidyBudgetYear(models.Model):
    """One year of a scheme's funding schedule: the budget available for that year."""

    scheme = models.ForeignKey(SubsidyScheme, on_delete=models.CASCADE, related_name="budget_years")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget"), max_digits=BUDGET_DIGITS, decimal_places=2)

    class Meta:
        ordering = ["scheme", "year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("funding schedule")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="subsidy_budget_year_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="subsidy_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"


class SubsidyApplication(models.Model):
    """An application (aanvraag) by a library or a POI, with its state."""

    scheme = models.ForeignKey(
        SubsidyScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="subsidy_applications",
    )
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("reference number"), max_length=30, unique=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SubsidyState.choices,
        default=SubsidyState.DRAFT,
        db_index=True,
    )
    contact = models.TextField(_("contact"), max_length=MAX_CONTACT, blank=True)
    assessment_note = models.TextField(_("assessment"), max_length=MAX_NOTE, blank=True)
    decision_reason = models.TextField(
        _("reason for the decision"), max_length=MAX_NOTE, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subsidy application")
        verbose_name_plural = _("subsidy applications")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"], name="subsidy_application_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme:subsidy:detail", args=[self.reference])

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def is_collective(self) -> bool:
        """Filed by a POI (for one or more libraries)."""
        from wegwijs.network.models import OrganisationKind

        return self.applicant.kind == OrganisationKind.POI

    def total(self, attr: str) -> Decimal | None:
        """The sum of the lines' ``attr`` amounts (requested, granted, paid, settled); None
        when no line has one. Uses prefetched lines and amounts when there are."""
        values = [
            getattr(amount, attr)
            for line in self.lines.all()
            for amount in line.amounts.all()
            if getattr(amount, attr) is not None
        ]
        return sum(values, Decimal("0.00")) if values else None

    @property
    def totals(self) -> dict[str, str]:
        """The totals in euros as the active language writes them ("" when none)."""
        from wegwijs.programme.subsidy.formatting import format_euros

        return {
            attr: format_euros(self.total(attr))
            for attr in ("requested", "granted", "paid", "settled")
        }


class SubsidyApplicationLine(models.Model):
    """One library in an application, with the year it starts its IDO."""

    application = models.ForeignKey(
        SubsidyApplication, on_delete=models.CASCADE, related_name="lines"
    )
    #: The application's scheme, copied so the database can keep one live line per library.
    scheme = models.ForeignKey(SubsidyScheme, on_delete=models.PROTECT, related_name="+")
    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.PROTECT,
        related_name="subsidy_lines",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    #: False once the application is withdrawn or rejected: the library may apply again.
    live = models.BooleanField(_("live"), default=True)

    class Meta:
        ordering = ["application", "library__name"]
        verbose_name = _("application line")
        verbose_name_plural = _("application lines")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "library"], name="subsidy_line_library_once"
            ),
            models.UniqueConstraint(
                fields=["scheme", "library"],
                condition=models.Q(live=True),
                name="subsidy_one_live_application_per_library",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.library_id}"


class SubsidyLineAmount(models.Model):
    """The amounts of one line for one budget year: requested, and as the case goes on,
    granted, paid and settled (euros)."""

    line = models.ForeignKey(
        SubsidyApplicationLine, on_delete=models.CASCADE, related_name="amounts"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    requested = models.DecimalField(_("requested"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    granted = models.DecimalField(
        _("granted"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    paid = models.DecimalField(
        _("paid"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    settled = models.DecimalField(
        _("settled"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("amount per year")
        verbose_name_plural = _("amounts per year")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="subsidy_amount_year_once"),
            models.CheckConstraint(
                condition=models.Q(requested__gte=0)
                & (models.Q(granted__isnull=True) | models.Q(granted__gte=0))
                & (models.Q(paid__isnull=True) | models.Q(paid__gte=0))
                & (models.Q(settled__isnull=True) | models.Q(settled__gte=0)),
                name="subsidy_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.year}: {self.requested}"

    @property
    def euros(self) -> dict[str, str]:
        """The amounts in euros as the active language writes them ("" when not set)."""
        from wegwijs.programme.subsidy.formatting import format_euros

        return {
            attr: format_euros(getattr(self, attr))
            for attr in ("requested", "granted", "paid", "settled")
        }


class SubsidyEvent(models.Model):
    """The audit trail: who did what when, the state before and after, and a summary of the
    changed fields (amounts, years, organisations; free text only as "changed")."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        SUBMIT = "submit", _("submitted")
        WITHDRAW = "withdraw", _("withdrawn")
        ASSESS = "assess", _("assessed")
        GRANT = "grant", _("granted")
        REJECT = "reject", _("rejected")
        PAY = "pay", _("payment recorded")
        SETTLE = "settle", _("settled")

    application = models.ForeignKey(
        SubsidyApplication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(
        _("from"), max_length=10, choices=SubsidyState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=SubsidyState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("subsidy application event")
        verbose_name_plural = _("subsidy application events")

    def __str__(self) -> str:
        return f"{self.application_id} {self.action} {self.from_state}->{self.to_state}"


class SubsidyDecisionLetter(models.Model):
    """The decision letter's data, frozen when the decision is taken: later edits of the
    scheme, the organisations or the application do not change an issued letter."""

    application = models.OneToOneField(
        SubsidyApplication, on_delete=models.CASCADE, related_name="letter"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=SubsidyState.choices)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    data = models.JSONField(_("letter data"), default=dict)

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self) -> str:
        return f"{self.application_id} {self.decision}"
