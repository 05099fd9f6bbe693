"""Admin pages of machine calendars, runs, pins and published allocations, scoped like the registry's.

Rights come from the same check as the pages (`permissions.cycles_allocated_by`): a facility's user-office
officer sees and edits the calendar blocks of that facility's cycles only, reads its runs, pins and
allocations, and nothing of another facility's. Runs, pins and allocations are written by the services
alone, so they are read-only here; block changes go to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from sciencecity.core.audit import audit_record
from sciencecity.scheduling.models import Allocation, AllocationRun, CalendarBlock, Pin
from sciencecity.scheduling.permissions import allocating_facilities, cycles_allocated_by
from sciencecity.scheduling.services import calendar_block_delete


class ScopedToCycles:
    """Only the records of the cycles the user schedules; `editable` says what the admin may change."""

    editable = False
    deletable = False
    cycle_path = "cycle"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        records = super().get_queryset(request)  # type: ignore[misc]
        return records.filter(**{f"{self.cycle_path}__in": cycles_allocated_by(request.user)})

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if not allocating_facilities(request.user).exists():
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allocating_facilities(request.user).exists()

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.editable and self._in_scope(request, None)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.editable and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (self.editable or self.deletable) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "cycle":  # a block goes only into a cycle the editor schedules
            kwargs.setdefault("queryset", cycles_allocated_by(request.user))
        if db_field.name == "instrument":
            kwargs.setdefault(
                "queryset",
                db_field.related_model.objects.filter(facility__in=allocating_facilities(request.user)),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(CalendarBlock)
class CalendarBlockAdmin(ScopedToCycles, admin.ModelAdmin):
    editable = True
    list_display = ("cycle", "instrument", "kind", "starts_at", "ends_at", "note")
    list_filter = ("kind", "cycle__facility", "cycle")
    search_fields = ("note", "instrument__code")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, target=obj, action="calendar.save", reason=str(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        calendar_block_delete(actor=request.user, block=obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for block in queryset:
            calendar_block_delete(actor=request.user, block=block)  # type: ignore[arg-type]


@admin.register(AllocationRun)
class AllocationRunAdmin(ScopedToCycles, admin.ModelAdmin):
    list_display = ("pk", "cycle", "call", "method", "status", "objective", "gap", "published_at")
    list_filter = ("status", "cycle__facility")
    readonly_fields = [f.name for f in AllocationRun._meta.fields]


@admin.register(Pin)
class PinAdmin(ScopedToCycles, admin.ModelAdmin):
    list_display = ("cycle", "request_key", "instrument", "start_shift", "created_by")
    readonly_fields = [f.name for f in Pin._meta.fields]


@admin.register(Allocation)
class AllocationAdmin(ScopedToCycles, admin.ModelAdmin):
    cycle_path = "run__cycle"
    list_display = ("request_key", "instrument", "starts_at", "ends_at", "run")
    readonly_fields = [f.name for f in Allocation._meta.fields]
