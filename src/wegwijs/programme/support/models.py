"""Models of the programme's support area: the POIs' support trajectories and the Soob
learning network.

- :class:`SupportActivityType`: the catalogue (basic support everywhere, extra support only in
  the provinces where it is offered, e.g. Noord-Holland thanks to a provincial subsidy).
- :class:`SupportItem`: one activity of one library's trajectory: planned, done, by whom,
  notes (privacy-checked). At most one per library and activity.
- :class:`SoobMeeting`, :class:`SoobParticipation`, :class:`SoobMaterial`: the meetings of the
  learning network, the participating libraries with a number of people (no names), and the
  materials shared per meeting (a protected file or a link).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SoobMaterial",
    "SoobMeeting",
    "SoobParticipation",
    "SupportActivityType",
    "SupportCategory",
    "SupportItem",
    "SupportTier",
]

MAX_NOTES = 2000
MAX_DESCRIPTION = 2000


class SupportTier(models.TextChoices):
    BASIC = "basic", _("Basic support")
    EXTRA = "extra", _("Extra support")


class SupportCategory(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation or advice")
    SESSION = "session", _("Meeting or session")


class SupportActivityType(models.Model):
    """One kind of support a POI offers. Built-in types (``is_builtin``) keep their code and
    are shown with a translated label; the programme office may add others."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    tier = models.CharField(_("tier"), max_length=10, choices=SupportTier.choices)
    category = models.CharField(_("form"), max_length=20, choices=SupportCategory.choices)
    offered_everywhere = models.BooleanField(
        _("offered in every province"),
        default=False,
        help_text=_("Basic support is offered everywhere; extra support only where chosen."),
    )
    provinces = models.ManyToManyField(
        "network.Province",
        verbose_name=_("offered in"),
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    active = models.BooleanField(_("active"), default=True)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)

    class Meta:
        ordering = ["tier", "position", "name"]
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        from wegwijs.programme.support.catalogue import label

        return label(self)


class SupportItem(models.Model):
    """One activity in a library's support trajectory."""

    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="support_items",
    )
    activity = models.ForeignKey(
        SupportActivityType,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("POI consultant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_items",
    )
    notes = models.TextField(_("notes"), max_length=MAX_NOTES, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["library__name", "activity__tier", "activity__position"]
        verbose_name = _("support activity of a library")
        verbose_name_plural = _("support activities of libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "activity"], name="programme_support_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} – {self.activity}"

    @property
    def status(self) -> str:
        from wegwijs.programme.support.matrix import item_status

        return item_status(self)


class SoobMeeting(models.Model):
    """A meeting of the Soob learning network, where libraries of a province learn from
    each other."""

    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    provinces = models.ManyToManyField(
        "network.Province", verbose_name=_("provinces"), related_name="+"
    )
    organiser = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organiser (POI)"),
        on_delete=models.PROTECT,
        related_name="soob_meetings",
    )
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-date", "-starts_at", "topic"]
        verbose_name = _("Soob meeting")
        verbose_name_plural = _("Soob meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(online=True) | ~models.Q(place=""),
                name="programme_soob_meeting_has_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme:support:soob_detail", args=[self.pk])


class SoobParticipation(models.Model):
    """A library organisation taking part in a meeting, with how many people came (no names)."""

    meeting = models.ForeignKey(
        SoobMeeting, on_delete=models.CASCADE, related_name="participations"
    )
    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="soob_participations",
    )
    people = models.PositiveSmallIntegerField(_("number of people"), default=1)

    class Meta:
        ordering = ["library__name"]
        verbose_name = _("Soob participant")
        verbose_name_plural = _("Soob participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "library"], name="programme_soob_participation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(people__gte=1), name="programme_soob_participation_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} ({self.people})"


class SoobMaterial(models.Model):
    """Material shared at a meeting: an uploaded file (downloaded through a view that checks
    access, never from a public URL) or a link."""

    meeting = models.ForeignKey(SoobMeeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION, blank=True)
    file = models.FileField(_("file"), upload_to="programme/support/soob/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "title"]
        verbose_name = _("Soob material")
        verbose_name_plural = _("Soob materials")
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(file="") & models.Q(url=""))
                | (models.Q(file="") & ~models.Q(url="")),
                name="programme_soob_material_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.url)
