"""Models of the programme's training area: who is trained, in what, and when.

- :class:`TrainingPerson`: a staff member or volunteer of a library who is trained; either a
  Wegwijs user of the library or a person without an account (name only). Personal data with
  one purpose (training records): the fewest fields, seen only by the library's coordinator and
  its POI; deleted ``TRAINING_RECORDS_KEEP_DAYS`` after the person left (``retention.py``).
- :class:`TrainingType`: the e-learning (with practical assignments) and the sessions
  ('doorvragen', 'zakelijke empathie', 'privacy', and more the programme office adds); which
  are required to count as trained is set per type.
- :class:`TrainingSession`: a dated session of one type, with its :class:`TrainingAttendance`.
- :class:`TrainingRecord`: per person and type, started (e-learning) and completed dates.
- :class:`TrainingPolicy`: one row: the threshold of trained people per weekly opening hour.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "PersonRole",
    "TrainingAttendance",
    "TrainingKind",
    "TrainingPerson",
    "TrainingPolicy",
    "TrainingRecord",
    "TrainingSession",
    "TrainingType",
]

#: The default threshold: one trained person per four weekly opening hours (see figures.py).
DEFAULT_MIN_TRAINED_PER_HOUR = Decimal("0.25")


class TrainingKind(models.TextChoices):
    ELEARNING = "elearning", _("E-learning")
    SESSION = "session", _("Session")


class PersonRole(models.TextChoices):
    STAFF = "staff", _("Staff member")
    VOLUNTEER = "volunteer", _("Volunteer")


class TrainingType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("Someone counts as trained when every required training is completed."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    active = models.BooleanField(_("in use"), default=True)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from wegwijs.programme.training.catalogue import label

        return label(self)

    @property
    def is_elearning(self) -> bool:
        return self.kind == TrainingKind.ELEARNING


class TrainingPolicy(models.Model):
    """The one row of settings of the training figures (kept by the programme office)."""

    min_trained_per_hour = models.DecimalField(
        _("trained people per weekly opening hour, at least"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_MIN_TRAINED_PER_HOUR,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10"))],
    )
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
        verbose_name = _("training settings")
        verbose_name_plural = _("training settings")

    def __str__(self) -> str:
        return f"{self.min_trained_per_hour}"

    @classmethod
    def current(cls) -> TrainingPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class TrainingPerson(models.Model):
    """A staff member or volunteer who is trained. With an account, the name comes from the
    account (``name`` stays empty); without one, ``name`` is all there is."""

    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="training_people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Wegwijs account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_person",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices)
    branches = models.ManyToManyField(
        "network.Branch", verbose_name=_("branches"), blank=True, related_name="training_people"
    )
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("The record is deleted a while after someone left."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["library__name", "name", "pk"]
        verbose_name = _("trained person")
        verbose_name_plural = _("trained people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.name or str(_("(account removed)"))

    @property
    def active(self) -> bool:
        return self.left_on is None


class TrainingSession(models.Model):
    """A dated session of one training type."""

    training = models.ForeignKey(
        TrainingType,
        verbose_name=_("training"),
        on_delete=models.PROTECT,
        related_name="sessions",
        limit_choices_to={"kind": TrainingKind.SESSION},
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    given_by = models.CharField(_("given by"), max_length=120, blank=True)
    organiser = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "training__position"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.training}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme:training:session", args=[self.pk])


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(TrainingPerson, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="programme_training_attendance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} – {self.person_id}"


class TrainingRecord(models.Model):
    """A person's progress in one training: started (the e-learning) and completed."""

    person = models.ForeignKey(TrainingPerson, on_delete=models.CASCADE, related_name="records")
    training = models.ForeignKey(
        TrainingType, verbose_name=_("training"), on_delete=models.PROTECT, related_name="records"
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The session the completion came from, if any."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["person", "training__position"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"], name="programme_training_record_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("started_on")),
                name="programme_training_record_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} – {self.training}"
