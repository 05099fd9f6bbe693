"""Admin pages of the innovation map, with search, filters and CSV/XLSX import and export."""

from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from sciencecity.registry import resources
from sciencecity.registry.models import Achievement, Claim, Facility, Field, Instrument, Organisation, Project


class InstrumentInline(admin.TabularInline):
    model = Instrument
    fields = ("slug", "code", "name_en", "techniques", "access_mode", "status")
    extra = 0
    show_change_link = True


@admin.register(Field)
class FieldAdmin(ImportExportModelAdmin):
    resource_classes = [resources.FieldResource]
    list_display = ("slug", "name_en", "name_zh", "verification")
    search_fields = ("slug", "name_en", "name_zh")
    list_filter = ("verification",)


@admin.register(Organisation)
class OrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [resources.OrganisationResource]
    list_display = ("slug", "name_en", "name_zh", "kind", "region", "verification")
    list_filter = ("kind", "region", "verification")
    search_fields = ("slug", "name_en", "name_zh", "location")
    filter_horizontal = ("fields",)


@admin.register(Facility)
class FacilityAdmin(ImportExportModelAdmin):
    resource_classes = [resources.FacilityResource]
    list_display = ("code", "name_en", "kind", "status", "operator", "verification")
    list_filter = ("kind", "status", "verification", "fields")
    search_fields = ("slug", "code", "name_en", "name_zh", "subtype")
    autocomplete_fields = ("operator",)
    filter_horizontal = ("builders", "fields")
    inlines = [InstrumentInline]


@admin.register(Instrument)
class InstrumentAdmin(ImportExportModelAdmin):
    resource_classes = [resources.InstrumentResource]
    list_display = ("code", "name_en", "facility", "techniques", "access_mode", "status")
    list_filter = ("facility", "access_mode", "status", "verification")
    search_fields = ("slug", "code", "name_en", "name_zh", "techniques")
    autocomplete_fields = ("facility", "owner")


@admin.register(Project)
class ProjectAdmin(ImportExportModelAdmin):
    resource_classes = [resources.ProjectResource]
    list_display = ("name_en", "organisation", "field", "region", "status")
    list_filter = ("status", "region", "field")
    search_fields = ("slug", "name_en", "name_zh")
    autocomplete_fields = ("organisation", "facility", "field")


@admin.register(Achievement)
class AchievementAdmin(ImportExportModelAdmin):
    resource_classes = [resources.AchievementResource]
    list_display = ("title_en", "category", "date", "first_kind", "verification")
    list_filter = ("category", "first_kind", "verification", "fields")
    search_fields = ("slug", "title_en", "title_zh", "detail_en")
    date_hierarchy = "date"
    filter_horizontal = ("organisations", "facilities", "fields")


@admin.register(Claim)
class ClaimAdmin(ImportExportModelAdmin):
    resource_classes = [resources.ClaimResource]
    list_display = ("slug", "text_en", "reported_in")
    search_fields = ("slug", "text_en", "text_zh")
