from django.contrib import admin

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.geo.models import Pc4Area


@admin.register(Pc4Area)
class Pc4AreaAdmin(ReadOnlyAdmin):
    """Imported with ``wegwijs geo import-pc4``; never edited by hand."""

    list_display = ["pc4", "place", "municipality", "province", "latitude", "longitude"]
    list_filter = ["province"]
    search_fields = ["pc4", "place", "municipality"]
