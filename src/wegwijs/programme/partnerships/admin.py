"""Admin pages of the programme's partnerships area (the pages under /programma/samenwerking/
are the normal way in; the admin is for support)."""

from django.contrib import admin

from wegwijs.programme.partnerships.models import (
    PartnershipAdviceSettings,
    PartnershipContribution,
    PartnershipCriterion,
    PartnershipGoal,
    PartnershipNationalCriterion,
    PartnershipPartner,
    PartnershipScore,
    PartnershipTactic,
)


class ScoreInline(admin.TabularInline):
    model = PartnershipScore
    extra = 0
    autocomplete_fields = ["criterion"]


class ContributionInline(admin.TabularInline):
    model = PartnershipContribution
    extra = 0


class TacticInline(admin.TabularInline):
    model = PartnershipTactic
    extra = 0


@admin.register(PartnershipPartner)
class PartnershipPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "sector", "status", "influence", "added_value"]
    list_filter = ["status", "sector"]
    search_fields = ["name", "library__name"]
    raw_id_fields = ["library", "social_organization", "updated_by"]
    inlines = [ScoreInline, ContributionInline, TacticInline]


@admin.register(PartnershipNationalCriterion)
class PartnershipNationalCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "position"]


@admin.register(PartnershipCriterion)
class PartnershipCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "weight", "position"]
    search_fields = ["name", "library__name"]
    raw_id_fields = ["library"]


@admin.register(PartnershipAdviceSettings)
class PartnershipAdviceSettingsAdmin(admin.ModelAdmin):
    list_display = ["library", "start_from", "explore_from"]
    raw_id_fields = ["library"]


@admin.register(PartnershipGoal)
class PartnershipGoalAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "position"]
    search_fields = ["name", "library__name"]
    raw_id_fields = ["library"]
