"""The IDO network: provinces, municipalities, organisations, branches and their hours."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijs.network.validators import normalise_postcode, validate_postcode


class Province(models.Model):
    code = models.CharField(
        _("code"), max_length=5, unique=True, help_text="ISO 3166-2, e.g. NL-NH"
    )
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    LIBRARY = "library", _("Library organisation")
    POI = "poi", _("POI (provincial support organisation)")
    PROGRAMME = "programme", _("Programme office")
    AGENCY = "agency", _("Public service provider")
    PARTNER = "partner", _("Local partner")


class Wave(models.TextChoices):
    KOPGROEP_2019 = "kopgroep-2019", _("Kopgroep 2019")
    WAVE_2020 = "2020", _("2020")
    WAVE_2021 = "2021", _("2021")
    LATER = "later", _("Later")


class IdoModel(models.TextChoices):
    BASIS = "basis", _("Basic (consultation hours)")
    ALTIJD = "altijd", _("Always available (all opening hours)")
    BREED = "breed", _("Broad service (part of a wider information desk)")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def libraries(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.LIBRARY)

    def pois(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.POI)


class Organisation(models.Model):
    """Any organisation a user can belong to. Library fields apply to kind ``library`` only."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("Stable organisation code for public service providers, e.g. uwv."),
    )
    website = models.URLField(_("website"), blank=True)
    # Library organisations
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="libraries",
    )
    poi = models.ForeignKey(
        "self",
        verbose_name=_("POI"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_libraries",
        limit_choices_to={"kind": OrganisationKind.POI},
    )
    wave = models.CharField(_("rollout wave"), max_length=20, choices=Wave.choices, blank=True)
    ido_model = models.CharField(
        _("IDO model"), max_length=20, choices=IdoModel.choices, blank=True
    )
    # POIs
    provinces = models.ManyToManyField(
        Province, verbose_name=_("provinces served"), blank=True, related_name="pois"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="organisation_code_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="library")
                | (models.Q(province__isnull=False) & ~models.Q(wave="") & ~models.Q(ido_model="")),
                name="library_has_province_wave_model",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:library_detail", args=[self.slug])

    @property
    def is_library(self) -> bool:
        return self.kind == OrganisationKind.LIBRARY

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == OrganisationKind.LIBRARY:
            if not self.province_id:
                errors["province"] = _("A library organisation needs a province.")
            if not self.wave:
                errors["wave"] = _("Choose the rollout wave.")
            if not self.ido_model:
                errors["ido_model"] = _("Choose the IDO model.")
            if self.poi_id and self.poi is not None and self.poi.kind != OrganisationKind.POI:
                errors["poi"] = _("Choose a POI.")
        if self.kind == OrganisationKind.AGENCY and not self.code:
            errors["code"] = _("A public service provider needs its organisation code.")
        if errors:
            raise ValidationError(errors)


class Branch(models.Model):
    """A library branch (vestiging); ``has_ido`` marks the branches with an Informatiepunt."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("library organisation"),
        on_delete=models.PROTECT,
        related_name="branches",
        limit_choices_to={"kind": OrganisationKind.LIBRARY},
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[validate_postcode])
    place = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50.7), MaxValueValidator(53.6)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3.3), MaxValueValidator(7.3)],
    )
    has_ido = models.BooleanField(_("has an Informatiepunt"), default=False)
    staff_count = models.PositiveSmallIntegerField(_("staff at the IDO"), default=0)
    volunteer_count = models.PositiveSmallIntegerField(_("volunteers at the IDO"), default=0)
    accessibility = models.TextField(
        _("accessibility of the building"),
        blank=True,
        help_text=_("For example: step-free entrance, lift, accessible toilet."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="branch_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:branch_detail", args=[self.pk])

    def clean(self) -> None:
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as exc:
                raise ValidationError({"postcode": exc.messages}) from exc
        if self.organisation_id and self.organisation.kind != OrganisationKind.LIBRARY:
            raise ValidationError(
                {"organisation": _("A branch belongs to a library organisation.")}
            )

    @property
    def province(self) -> Province | None:
        return self.organisation.province


class HoursKind(models.TextChoices):
    OPEN = "open", _("Opening hours")
    CONSULTATION = "spreekuur", _("Consultation hours")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OpeningPeriod(models.Model):
    """One range of the weekly schedule of a branch's IDO (opening or consultation hours)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="opening_periods")
    kind = models.CharField(
        _("kind"), max_length=10, choices=HoursKind.choices, default=HoursKind.OPEN
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["branch", "kind", "weekday", "opens"]
        verbose_name = _("opening period")
        verbose_name_plural = _("opening periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="period_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A date with other hours than usual: a holiday (closed) or special opening hours."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        ordering = ["branch", "date"]
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        constraints = [
            models.UniqueConstraint(fields=["branch", "date"], name="one_exception_per_day"),
            models.CheckConstraint(
                condition=models.Q(closed=True)
                | (
                    models.Q(opens__isnull=False)
                    & models.Q(closes__isnull=False)
                    & models.Q(closes__gt=models.F("opens"))
                ),
                name="exception_hours_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"

    def clean(self) -> None:
        if not self.closed:
            if self.opens is None or self.closes is None:
                raise ValidationError(_("Give the opening and closing time, or tick 'closed'."))
            if self.closes <= self.opens:
                raise ValidationError(
                    {"closes": _("The closing time must be later than the opening time.")}
                )
