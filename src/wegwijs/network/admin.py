from django.contrib import admin

from wegwijs.network.models import (
    Branch,
    Municipality,
    OpeningException,
    OpeningPeriod,
    Organisation,
    Province,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province"]
    list_filter = ["province"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "poi", "wave", "ido_model", "is_demo"]
    list_filter = ["kind", "province", "wave", "ido_model", "is_demo"]
    search_fields = ["name", "slug", "code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["provinces"]


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "place", "postcode", "has_ido", "is_demo"]
    list_filter = ["has_ido", "organisation__province", "is_demo"]
    search_fields = ["name", "place", "postcode", "organisation__name"]
    autocomplete_fields = ["organisation", "municipality"]
    inlines = [OpeningPeriodInline, OpeningExceptionInline]
