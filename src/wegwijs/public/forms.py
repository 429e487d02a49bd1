"""The public search forms, and reading what a person typed into a place."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.geo import geocoding
from wegwijs.geo.models import in_netherlands
from wegwijs.public import locations
from wegwijs.public.courses import COURSE_FORMATS
from wegwijs.socialmap.models import Format

MAX_QUERY = geocoding.MAX_QUERY
LIMITS = (10, 25, 50)


class PlaceForm(forms.Form):
    """A postcode or place typed, or a position from "use my location" (a script fills in
    ``lat`` and ``lon``; without JavaScript the form works with the text alone)."""

    q = forms.CharField(
        label=gettext_lazy("Your postcode or place"),
        help_text=gettext_lazy("For example 1541 AB or Zaandam."),
        required=False,
        max_length=MAX_QUERY,
        error_messages={
            "max_length": gettext_lazy(
                "This is too long. Type only your postcode or the name of your place."
            )
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "spellcheck": "false", "size": 20}
        ),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (data.get("lat") is None) != (data.get("lon") is None):
            data["lat"] = data["lon"] = None
        return data


class SearchForm(PlaceForm):
    open = forms.BooleanField(label=gettext_lazy("Only show what is open now"), required=False)
    aantal = forms.TypedChoiceField(
        choices=[(n, n) for n in LIMITS],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.HiddenInput,
    )


class CourseForm(PlaceForm):
    soort = forms.ChoiceField(
        label=gettext_lazy("What kind"),
        required=False,
        choices=[("", gettext_lazy("Everything"))]
        + [(code, label) for code, label in Format.choices if code in COURSE_FORMATS],
    )


@dataclass
class Lookup:
    """What a search asked for: the place found (or None), whether it is only roughly known,
    "did you mean" places, and whether a position lay outside the Netherlands."""

    query: str = ""
    place: geocoding.Place | None = None
    approximate: bool = False
    suggestions: list[geocoding.Place] = field(default_factory=list)
    outside: bool = False

    @property
    def asked(self) -> bool:
        return bool(self.query) or self.place is not None or self.outside


def look_up(query: str, latitude: float | None = None, longitude: float | None = None) -> Lookup:
    """Never raises: a position, else the geocoder's answer, else a rough postcode area, with
    suggestions whenever the answer is not exact."""
    if latitude is not None and longitude is not None:
        if in_netherlands(latitude, longitude):
            label = _("your location")
            return Lookup(
                query, geocoding.Place(label, latitude, longitude, "coordinates", "device")
            )
        return Lookup(query, outside=True)
    query = (query or "").strip()
    if not query:
        return Lookup()
    place = geocoding.geocode(query)
    if place is not None:
        return Lookup(query, place)
    area = locations.postcode_area(query)
    suggestions = [p for p in geocoding.suggest(query, 5) if area is None or p.label != area.label]
    return Lookup(query, area, approximate=area is not None, suggestions=suggestions)
