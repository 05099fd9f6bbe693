"""Admin pages of the innovation map, with search, filters and CSV/XLSX import and export."""

from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from sciencecity.registry import resources
from sciencecity.registry.models import (
    Achievement,
    AttributeLabel,
    Claim,
    Facility,
    Field,
    Instrument,
    Organisation,
    Project,
)


class InstrumentInline(admin.TabularInline):
    model = Instrument
    fields = ("slug", "code", "name_en", "techniques", "access_mode", "status")
    extra = 0
    show_change_link = True


@admin.register(Field)
class FieldAdmin(ImportExportModelAdmin):
    resource_classes = [resources.FieldResource]
    list_display = ("slug", "name_en", "name_zh", "verification", "translation_zh")
    search_fields = ("slug", "name_en", "name_zh")
    list_filter = ("verification", "translation_zh")


@admin.register(Organisation)
class OrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [resources.OrganisationResource]
    list_display = ("slug", "name_en", "name_zh", "kind", "region", "verification", "translation_zh")
    list_filter = ("kind", "region", "verification", "translation_zh")
    search_fields = ("slug", "name_en", "name_zh", "location")
    filter_horizontal = ("fields",)


@admin.register(Facility)
class FacilityAdmin(ImportExportModelAdmin):
    resource_classes = [resources.FacilityResource]
    list_display = ("code", "name_en", "kind", "status", "operator", "verification", "translation_zh")
    list_filter = ("kind", "status", "verification", "translation_zh", "fields")
    search_fields = ("slug", "code", "name_en", "name_zh", "subtype")
    autocomplete_fields = ("operator",)
    filter_horizontal = ("builders", "fields")
    inlines = [InstrumentInline]


@admin.register(Instrument)
class InstrumentAdmin(ImportExportModelAdmin):
    resource_classes = [resources.InstrumentResource]
    list_display = ("code", "name_en", "facility", "techniques", "access_mode", "status", "translation_zh")
    list_filter = ("facility", "access_mode", "status", "verification", "translation_zh")
    search_fields = ("slug", "code", "name_en", "name_zh", "techniques")
    autocomplete_fields = ("facility", "owner")


@admin.register(Project)
class ProjectAdmin(ImportExportModelAdmin):
    resource_classes = [resources.ProjectResource]
    list_display = ("name_en", "organisation", "field", "region", "status", "translation_zh")
    list_filter = ("status", "region", "field", "translation_zh")
    search_fields = ("slug", "name_en", "name_zh")
    autocomplete_fields = ("organisation", "facility", "field")


@admin.register(Achievement)
class AchievementAdmin(ImportExportModelAdmin):
    resource_classes = [resources.AchievementResource]
    list_display = ("title_en", "category", "date", "first_kind", "verification", "translation_zh")
    list_filter = ("category", "first_kind", "verification", "translation_zh", "fields")
    search_fields = ("slug", "title_en", "title_zh", "detail_en")
    date_hierarchy = "date"
    filter_horizontal = ("organisations", "facilities", "fields")


@admin.register(Claim)
class ClaimAdmin(ImportExportModelAdmin):
    resource_classes = [resources.ClaimResource]
    list_display = ("slug", "text_en", "reported_in", "translation_zh")
    list_filter = ("translation_zh",)
    search_fields = ("slug", "text_en", "text_zh")


@admin.register(AttributeLabel)
class AttributeLabelAdmin(admin.ModelAdmin):
    """What readers see for a specification or an unconfirmed attribute, in both languages."""

    list_display = ("key", "label_en", "label_zh", "translation_zh")
    list_filter = ("translation_zh",)
    search_fields = ("key", "label_en", "label_zh")
