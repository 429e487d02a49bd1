from django.contrib import admin

from wegwijs.socialmap.models import (
    Feedback,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    SocialOrganization,
)


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 0
    fields = ["number", "description"]


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "updated_at"]
    search_fields = ["name", "alternate_name"]
    list_filter = ["owner__kind"]
    raw_id_fields = ["owner"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "postal_code", "organization"]
    search_fields = ["name", "city", "postal_code"]
    raw_id_fields = ["organization", "branch"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "format", "status", "do_not_refer", "last_verified"]
    list_filter = ["status", "format", "access", "scope", "do_not_refer"]
    search_fields = ["name", "description"]
    raw_id_fields = ["organization", "updated_by"]
    inlines = [ServiceAtLocationInline, PhoneInline]
    exclude = ["codes"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["service_at_location", "freq", "byday", "dtstart", "opens_at", "closes_at"]
    raw_id_fields = ["service_at_location"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["service", "state", "created_at", "created_by"]
    list_filter = ["state"]
    raw_id_fields = ["service", "created_by"]
