"""Models of the programme's contact area: "Meer weten?" requests routed to a POI's experts,
news items, and the library of (promotional) materials.

A contact request carries the contact details someone typed into the public form (an e-mail
address and/or a phone number, optionally their organisation) as one Fernet token (the
referrals' ``crypto`` helper) and a short question that passed the privacy guard. Both are
erased the moment an expert marks the request handled, and after
``CONTACT_REQUESTS_KEEP_DAYS`` days at the latest; what stays (POI, province, dates, outcome
code) is for counts only. The event log holds codes and users, never contact details or text.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.referrals.workdays import add_working_days

__all__ = [
    "ContactExpert",
    "ContactRequest",
    "ContactRequestEvent",
    "NewsItem",
    "PromoMaterial",
]

#: An open request is overdue (the experts get one reminder) after this many working days.
RESPONSE_WORKING_DAYS = 2
MAX_QUESTION = 1000
MAX_ORGANISATION = 200


def keep_days() -> int:
    """Days an unhandled request keeps its contact details (``CONTACT_REQUESTS_KEEP_DAYS``)."""
    return int(settings.CONTACT_REQUESTS_KEEP_DAYS)


class ContactExpert(models.Model):
    """A POI consultant who is the POI's Digitale Inclusie expert: "Meer weten?" requests for
    the POI go to its experts (to all its POI consultants when it names none)."""

    poi = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("POI"),
        on_delete=models.CASCADE,
        related_name="contact_experts",
        limit_choices_to={"kind": "poi"},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="contact_expert_of",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["poi__name", "user__first_name", "user__last_name", "pk"]
        verbose_name = _("Digitale Inclusie expert")
        verbose_name_plural = _("Digitale Inclusie experts")
        constraints = [
            models.UniqueConstraint(fields=["poi", "user"], name="contact_expert_once_per_poi"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.poi})"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")
    EXPIRED = "expired", _("Erased unhandled")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Question answered")
    APPOINTMENT = "appointment", _("Appointment made")
    REFERRED = "referred", _("Passed on to someone else")
    UNREACHABLE = "unreachable", _("Could not reach the person")
    NO_QUESTION = "no_question", _("No real question (test or spam)")


class ContactRequest(models.Model):
    poi = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("POI"),
        on_delete=models.PROTECT,
        related_name="contact_requests",
    )
    province = models.ForeignKey(
        "network.Province",
        verbose_name=_("province"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_index=True,
    )
    #: E-mail address, phone number and organisation as one Fernet token (referrals.crypto);
    #: empty once erased.
    contact_encrypted = models.TextField(_("contact details (encrypted)"), blank=True)
    #: Passed the privacy guard; erased together with the contact details.
    question = models.TextField(_("question"), max_length=MAX_QUESTION, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    erased_at = models.DateTimeField(_("details erased at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        indexes = [models.Index(fields=["poi", "status"], name="contact_request_poi_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open")
                | (models.Q(contact_encrypted="") & models.Q(question="")),
                name="contact_request_closed_holds_nothing_personal",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.poi_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def response_due(self) -> datetime:
        return add_working_days(self.created_at, RESPONSE_WORKING_DAYS)

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and (now or timezone.now()) > self.response_due

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def erase_by(self) -> datetime:
        return self.created_at + timedelta(days=keep_days())


class ContactRequestEvent(models.Model):
    """Who did what with a request, when: codes only (viewing is logged too)."""

    class Action(models.TextChoices):
        CREATE = "create", _("received")
        VIEW = "view", _("viewed")
        HANDLE = "handle", _("handled")
        EXPIRE = "expire", _("erased unhandled (retention)")
        ERASE = "erase", _("details erased")
        REMIND = "remind", _("reminder sent")

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    #: An Outcome code for "handle"; "handled" or "retention" for "erase".
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
        verbose_name = _("contact request event")
        verbose_name_plural = _("contact request events")

    def __str__(self) -> str:
        return f"#{self.request_id} {self.action}"


# -- news ---------------------------------------------------------------------------------
class Audience(models.TextChoices):
    ALL = "all", _("Everyone who logs in")
    LIBRARIES = "libraries", _("Libraries")
    POIS = "pois", _("POIs")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


MAX_NEWS_TITLE = 200
MAX_NEWS_SUMMARY = 400
MAX_NEWS_BODY = 10_000


class NewsItem(models.Model):
    title = models.CharField(_("title"), max_length=MAX_NEWS_TITLE)
    summary = models.TextField(_("summary"), max_length=MAX_NEWS_SUMMARY)
    #: Plain text; an empty line starts a new paragraph; web addresses become links.
    body = models.TextField(_("text"), max_length=MAX_NEWS_BODY, blank=True)
    publish_on = models.DateField(_("publish date"), default=timezone.localdate, db_index=True)
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    #: Written by a POI for its provinces (empty: national, by the programme office).
    poi = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("POI"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_items",
        limit_choices_to={"kind": "poi"},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-publish_on", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme:contact:news_detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.publish_on <= timezone.localdate()


# -- materials ----------------------------------------------------------------------------
class MaterialCategory(models.TextChoices):
    FLYER = "flyer", _("Flyer")
    POSTER = "poster", _("Poster")
    CAMPAIGN = "campaign", _("Campaign")
    HOUSE_STYLE = "house_style", _("House style")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRESENTATION = "presentation", _("Presentation")
    FORM = "form", _("Form or template")
    OTHER = "other", _("Other")


class MaterialLanguage(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    FY = "fy", _("Frisian")
    AR = "ar", _("Arabic")
    TR = "tr", _("Turkish")
    PL = "pl", _("Polish")
    UK = "uk", _("Ukrainian")
    MULTI = "multi", _("Several languages")
    NONE = "none", _("No text")


MAX_MATERIAL_DESCRIPTION = 2000


class PromoMaterial(models.Model):
    """A flyer, poster, campaign kit, house-style handbook... as an uploaded file (checked by
    content, at most 10 MB) or a link to where it lives."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=MAX_MATERIAL_DESCRIPTION, blank=True
    )
    category = models.CharField(_("category"), max_length=20, choices=MaterialCategory.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=MaterialLanguage.choices, default=MaterialLanguage.NL
    )
    file = models.FileField(
        _("file"), upload_to="programme/contact/materials/%Y/", blank=True, max_length=255
    )
    #: The name the file is downloaded as (the uploader's name, cleaned).
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    #: The type found in the file's content (core.uploads.KINDS), e.g. "pdf", "docx", "png".
    file_kind = models.CharField(_("file type"), max_length=10, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    #: A PNG made by us from an uploaded image (never the upload itself).
    thumbnail = models.FileField(
        _("preview image"),
        upload_to="programme/contact/thumbnails/%Y/",
        blank=True,
        max_length=255,
    )
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="promo_material_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.url)
