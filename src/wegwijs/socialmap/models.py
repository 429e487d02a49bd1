"""The social map: local help and courses, aligned with Open Referral HSDS 3.

The tables follow HSDS's core: an organization offers services; a service is delivered at
locations (service-at-location); phones and schedules hang off any of them. HSDS ids are
UUIDs, kept as our primary keys so that an export and a re-import keep every link. What HSDS
leaves to taxonomies (our theme codes, target groups, the format, sign-up or walk-in) is stored
as codes and exported as taxonomy terms with attributes. Fields outside HSDS that the IDO
needs (owner, scope, source, last verified, "do not refer") are exported as attributes too.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Every entry is re-verified after this long.
VERIFY_INTERVAL = timedelta(days=182)


class Format(models.TextChoices):
    COACHING = "coaching", _("Coaching")
    SPREEKUUR = "spreekuur", _("Consultation hour")
    CAFE = "cafe", _("Café (drop-in meeting)")
    CURSUS = "cursus", _("Course")
    INFORMATIEBIJEENKOMST = "informatiebijeenkomst", _("Information session")


class Access(models.TextChoices):
    WALK_IN = "inloop", _("Walk in")
    SIGN_UP = "aanmelden", _("Sign up first")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class ServiceStatus(models.TextChoices):
    """HSDS 3 service status values."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class TargetGroup(models.TextChoices):
    ALL = "iedereen", _("Everyone")
    SENIORS = "ouderen", _("Older people")
    NEWCOMERS = "nieuwkomers", _("Newcomers")
    LOW_LITERACY = "laaggeletterden", _("People who find reading and writing hard")
    JOBSEEKERS = "werkzoekenden", _("Job seekers")
    PARENTS = "ouders", _("Parents")
    YOUTH = "jongeren", _("Young people")
    DISABILITY = "beperking", _("People with a disability")
    ENTREPRENEURS = "ondernemers", _("Small entrepreneurs")


class Facility(models.TextChoices):
    COMPUTERS = "computers", _("Computers")
    PRINTER = "printer", _("Printer")
    SCANNER = "scanner", _("Scanner")
    WIFI = "wifi", _("Wi-Fi")
    LOANER_TABLETS = "tablets", _("Tablets to borrow")
    QUIET_ROOM = "spreekkamer", _("Quiet room for private questions")


class SocialOrganization(models.Model):
    """An organization on the social map (HSDS ``organization``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    #: The organisation in the network that keeps this entry (a library or a local partner);
    #: its coordinators or partner editors may edit it.
    owner = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="social_organizations",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation on the social map")
        verbose_name_plural = _("organisations on the social map")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """Where services are delivered (HSDS ``location`` with one postal ``address``)."""

    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("A place to visit")
        VIRTUAL = "virtual", _("Online or by phone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, related_name="locations"
    )
    location_type = models.CharField(
        _("kind of location"),
        max_length=10,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    branch = models.ForeignKey(
        "network.Branch",
        verbose_name=_("library branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_locations",
        help_text=_("When the service is given in a library branch."),
    )
    address_1 = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    state_province = models.CharField(_("province"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    accessibility = models.TextField(
        _("accessibility of the building"), blank=True, max_length=1000
    )
    facilities = models.JSONField(_("facilities"), default=list, blank=True)
    transportation = models.CharField(_("how to get there"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        #: "Near a place": a latitude range (then longitude) picks the candidates.
        indexes = [models.Index(fields=["latitude", "longitude"], name="socialmap_loc_lat_lon")]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}" if self.city else self.name


def codes_of(themes: list[str], target_groups: list[str], format: str, access: str) -> str:
    """``Service.codes``: every code between spaces, so ``codes__contains=" digid "`` filters
    on any database."""
    return " " + " ".join([*themes, *target_groups, format, access]) + " "


class Service(models.Model):
    """Help or a course offered to citizens (HSDS ``service``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=3000)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    do_not_refer = models.BooleanField(
        _("active, but do not refer"),
        default=False,
        help_text=_("The service exists, but the desk should not send people there now."),
    )
    themes = models.JSONField(_("themes"), default=list)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    format = models.CharField(_("format"), max_length=30, choices=Format.choices)
    access = models.CharField(
        _("sign up or walk in"), max_length=10, choices=Access.choices, default=Access.WALK_IN
    )
    what_to_bring = models.JSONField(_("what to bring"), default=list, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. nl, en, ar.")
    )
    fees_description = models.CharField(
        _("cost"), max_length=300, blank=True, help_text=_("Empty when it is free.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("places per session"), null=True, blank=True, help_text=_("For courses, e.g. 8.")
    )
    intake_required = models.BooleanField(_("intake first"), default=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.LOCAL)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where this entry came from.")
    )
    last_verified = models.DateField(_("last verified"), default=timezone.localdate)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    #: " digid cursus inloop ouderen " etc.: every code, for filtering on any database.
    codes = models.CharField(max_length=500, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locations = models.ManyToManyField(
        Location, through="ServiceAtLocation", related_name="services", blank=True
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "last_verified"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_codes()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def refresh_codes(self) -> None:
        """Set ``codes`` from the code fields (``save`` does; bulk writes use ``codes_of``)."""
        self.codes = codes_of(self.themes, self.target_groups, self.format, self.access)

    @property
    def verify_by(self) -> date:
        return self.last_verified + VERIFY_INTERVAL

    def is_stale(self, today: date | None = None) -> bool:
        return self.verify_by < (today or timezone.localdate())

    @property
    def referable(self) -> bool:
        return self.status == ServiceStatus.ACTIVE and not self.do_not_refer


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")
    description = models.CharField(_("particulars at this location"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location_once")
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=30)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """When a service is open at a location (HSDS ``schedule``, RFC 5545 style): weekly
    (``freq`` WEEKLY with ``byday``) or one dated session (a course meeting)."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("Every week")
        MONTHLY = "MONTHLY", _("Every month")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(_("repeats"), max_length=10, choices=Freq.choices, blank=True)
    byday = models.CharField(_("days"), max_length=40, blank=True, help_text=_("e.g. MO or TU,TH"))
    opens_at = models.TimeField(_("from"))
    closes_at = models.TimeField(_("until"))
    dtstart = models.DateField(_("first date"), null=True, blank=True)
    until = models.DateField(_("last date"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["dtstart", "byday", "opens_at"]

    def __str__(self) -> str:
        when = self.byday or (self.dtstart.isoformat() if self.dtstart else "")
        return f"{when} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Feedback(models.Model):
    """A correction suggested by a desk worker to the keeper of an entry ("feedback op
    invoer"). The text passes the privacy guard."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Handled")

    id = models.BigAutoField(primary_key=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="feedback")
    text = models.TextField(_("suggested correction"), max_length=2000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction suggestion")
        verbose_name_plural = _("correction suggestions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.service}: {self.text[:40]}"
