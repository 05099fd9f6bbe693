"""Admin pages of machine calendars, runs and pins; the calendar is edited here too (and in its page)."""

from __future__ import annotations

from django.contrib import admin

from sciencecity.scheduling.models import Allocation, AllocationRun, CalendarBlock, Pin


@admin.register(CalendarBlock)
class CalendarBlockAdmin(admin.ModelAdmin):
    list_display = ("cycle", "instrument", "kind", "starts_at", "ends_at", "note")
    list_filter = ("kind", "cycle__facility", "cycle")
    search_fields = ("note", "instrument__code")


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "cycle", "call", "method", "status", "objective", "gap", "published_at")
    list_filter = ("status", "cycle__facility")
    readonly_fields = [f.name for f in AllocationRun._meta.fields]


@admin.register(Pin)
class PinAdmin(admin.ModelAdmin):
    list_display = ("cycle", "request_key", "instrument", "start_shift", "created_by")


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ("request_key", "instrument", "starts_at", "ends_at", "run")
    readonly_fields = [f.name for f in Allocation._meta.fields]
