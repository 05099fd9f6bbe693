"""Admin pages of the innovation map, with search, filters and CSV/XLSX import and export.

Editing is scoped (registry/permissions.py): a facility's staff list, change, delete and import only what
their grants cover; organisations, fields and claims they may read. What a save leaves out of scope is
refused and rolled back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet, URLField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from sciencecity.registry import bulk, resources
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
from sciencecity.registry.permissions import (
    SCOPED_MODELS,
    can_add,
    can_edit,
    can_edit_some,
    editable_records,
)


class ScopedEditing:
    """Admin permissions narrowed to the records the editor's grants cover."""

    model: type[Model]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        records = super().get_queryset(request)  # type: ignore[misc]
        if self.model in SCOPED_MODELS:  # reference tables stay readable: autocompletes need them
            records = records.filter(pk__in=editable_records(request.user, self.model).values("pk"))
        return records

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        allowed = super().has_add_permission(request, *args)  # type: ignore[misc]
        return bool(allowed) and can_add(request.user, self.model)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._in_scope(request, obj)

    def has_import_permission(self, request: HttpRequest) -> bool:
        allowed = super().has_import_permission(request)  # type: ignore[misc]
        return bool(allowed) and can_edit_some(request.user, self.model)

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return can_edit_some(request.user, self.model)
        return can_edit(request.user, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Facility:  # offer only the facilities the editor may place records in
            kwargs.setdefault("queryset", editable_records(request.user, Facility))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        # The admin saves inside a transaction: a record the save took out of scope is not kept.
        if not can_edit(request.user, form.instance):
            raise PermissionDenied


class BulkImportForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ScopedAdmin(ScopedEditing, ImportExportModelAdmin):
    """The import passes the editor to the resource, which refuses rows outside their scope.

    "Import a file" takes the path of `sciencecity import` (registry/bulk.py): a file of any size,
    streamed, validated whole, written whole or not at all, each row checked against the editor's scope.
    """

    change_list_template = "admin/registry/change_list.html"
    # A web address typed without a scheme is read as https:// (Django 6's default; 5.x still says http://).
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def get_urls(self) -> list[URLPattern]:
        info = self.model._meta.app_label, self.model._meta.model_name
        bulk_url = path(
            "bulk-import/",
            self.admin_site.admin_view(self.bulk_import_view),
            name="{}_{}_bulk_import".format(*info),
        )
        return [bulk_url, *super().get_urls()]

    def bulk_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        table = next(name for name, model in bulk.TABLES.items() if model is self.model)
        form = BulkImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        more = 0
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = bulk.import_rows(table, bulk.read_rows(upload.name, upload.file), user=request.user)
            except bulk.ImportRefused as refused:
                errors = [str(e) for e in refused.errors]
                more = refused.bad_rows - len(refused.errors)
            else:
                message = _("Imported %(rows)s rows (%(created)s new, %(updated)s updated).") % {
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                }
                self.message_user(request, message, messages.SUCCESS)
                return redirect(
                    f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist"
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "more": more,
            "title": _("Import a file"),
        }
        return render(request, "admin/registry/bulk_import.html", context)


class InstrumentInline(ScopedEditing, admin.TabularInline):
    model = Instrument
    fields = ("slug", "code", "name_en", "techniques", "access_mode", "status")
    extra = 0
    show_change_link = True


@admin.register(Field)
class FieldAdmin(ScopedAdmin):
    resource_classes = [resources.FieldResource]
    list_display = ("slug", "name_en", "name_zh", "verification", "translation_zh")
    search_fields = ("slug", "name_en", "name_zh")
    list_filter = ("verification", "translation_zh")


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    resource_classes = [resources.OrganisationResource]
    list_display = ("slug", "name_en", "name_zh", "kind", "region", "verification", "translation_zh")
    list_filter = ("kind", "region", "verification", "translation_zh")
    search_fields = ("slug", "name_en", "name_zh", "location")
    filter_horizontal = ("fields",)


@admin.register(Facility)
class FacilityAdmin(ScopedAdmin):
    resource_classes = [resources.FacilityResource]
    list_display = ("code", "name_en", "kind", "status", "operator", "verification", "translation_zh")
    list_filter = ("kind", "status", "verification", "translation_zh", "fields")
    search_fields = ("slug", "code", "name_en", "name_zh", "subtype")
    autocomplete_fields = ("operator",)
    filter_horizontal = ("builders", "fields")
    inlines = [InstrumentInline]


@admin.register(Instrument)
class InstrumentAdmin(ScopedAdmin):
    resource_classes = [resources.InstrumentResource]
    list_display = ("code", "name_en", "facility", "techniques", "access_mode", "status", "translation_zh")
    list_filter = ("facility", "access_mode", "status", "verification", "translation_zh")
    search_fields = ("slug", "code", "name_en", "name_zh", "techniques")
    autocomplete_fields = ("facility", "owner")


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    resource_classes = [resources.ProjectResource]
    list_display = ("name_en", "organisation", "field", "region", "status", "translation_zh")
    list_filter = ("status", "region", "field", "translation_zh")
    search_fields = ("slug", "name_en", "name_zh")
    autocomplete_fields = ("organisation", "facility", "field")


@admin.register(Achievement)
class AchievementAdmin(ScopedAdmin):
    resource_classes = [resources.AchievementResource]
    list_display = ("title_en", "category", "date", "first_kind", "verification", "translation_zh")
    list_filter = ("category", "first_kind", "verification", "translation_zh", "fields")
    search_fields = ("slug", "title_en", "title_zh", "detail_en")
    date_hierarchy = "date"
    filter_horizontal = ("organisations", "facilities", "fields")


@admin.register(Claim)
class ClaimAdmin(ScopedAdmin):
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
