"""The PC4 table: one point per 4-digit postcode, imported with ``wegwijs geo import-pc4``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The European Netherlands (land and the Wadden islands), in WGS84 degrees. Every point the
#: geocoder stores or answers lies inside it.
NL_SOUTH, NL_NORTH = 50.7, 53.6
NL_WEST, NL_EAST = 3.3, 7.3


def in_netherlands(latitude: float, longitude: float) -> bool:
    return NL_SOUTH <= latitude <= NL_NORTH and NL_WEST <= longitude <= NL_EAST


class Pc4Area(models.Model):
    """A 4-digit postcode area with its main place and a representative point."""

    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4, primary_key=True)
    place = models.CharField(_("place"), max_length=100)
    municipality = models.CharField(_("municipality"), max_length=100)
    province = models.CharField(_("province"), max_length=50)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    #: Every row of one import has the same time; the geocoder's in-memory place index
    #: notices a new import by it.
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("PC4 area")
        verbose_name_plural = _("PC4 areas")
        ordering = ["pc4"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    latitude__gte=NL_SOUTH,
                    latitude__lte=NL_NORTH,
                    longitude__gte=NL_WEST,
                    longitude__lte=NL_EAST,
                ),
                name="geo_pc4area_in_netherlands",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pc4} {self.place}"
