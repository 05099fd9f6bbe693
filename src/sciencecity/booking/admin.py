"""Admin of booking rules (with opening hours and blackouts) and a read-only view of bookings.

Scoped like the pages (permissions.py): staff see and change the rules of the instruments they run, and
see those instruments' bookings. Bookings change only through the services (pages, API), which keep the
rules and the overlap guarantee; here they are read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sciencecity.booking.models import Blackout, Booking, BookingRule, OpeningPeriod, WaitlistEntry
from sciencecity.booking.permissions import staff_instruments


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class BlackoutInline(admin.TabularInline):
    model = Blackout
    extra = 0


class ScopedToStaff:
    """Only the rows of instruments the user runs; the platform operator and superusers see all."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)  # type: ignore[misc]
        return rows.filter(instrument__in=staff_instruments(request.user))

    def _runs_some(self, request: HttpRequest) -> bool:
        return staff_instruments(request.user).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._runs_some(request) and (
            obj is None or staff_instruments(request.user).filter(pk=obj.instrument_id).exists()
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._runs_some(request)


@admin.register(BookingRule)
class BookingRuleAdmin(ScopedToStaff, admin.ModelAdmin):
    list_display = (
        "instrument",
        "time_zone",
        "slot_minutes",
        "min_minutes",
        "max_minutes",
        "weekly_hours",
        "approval_required",
    )
    list_filter = ("approval_required", "time_zone")
    search_fields = ("instrument__code", "instrument__slug", "instrument__name_en")
    inlines = (OpeningPeriodInline, BlackoutInline)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._runs_some(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "instrument":
            kwargs["queryset"] = staff_instruments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnly, ScopedToStaff, admin.ModelAdmin):
    list_display = ("instrument", "user", "start", "end", "status", "decided_by")
    list_filter = ("status", "instrument")
    search_fields = ("user__username", "user__email", "instrument__code")
    date_hierarchy = "start"
    list_select_related = ("instrument", "user", "decided_by")


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnly, ScopedToStaff, admin.ModelAdmin):
    list_display = ("instrument", "user", "start", "end", "status", "offer_expires_at")
    list_filter = ("status", "instrument")
    list_select_related = ("instrument", "user")
