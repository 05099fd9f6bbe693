"""Admin of usage records, read-only and scoped to the instruments the staff member runs.

Usage is written only by the check-in, check-out and no-show services (each audited); the admin lists and
filters it for the staff, who correct a record by recording the right time through the API or the pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.permissions import usage_instruments


@admin.register(UsageRecord)
class UsageRecordAdmin(admin.ModelAdmin):
    list_display = (
        "instrument",
        "user",
        "organisation",
        "planned_start",
        "actual_start",
        "actual_end",
        "no_show",
    )
    list_filter = ("no_show", "instrument__facility", "instrument")
    search_fields = ("user__username", "user__email", "instrument__code", "organisation__name_en")
    date_hierarchy = "planned_start"
    list_select_related = ("instrument", "user", "organisation")

    def get_queryset(self, request: HttpRequest) -> QuerySet[UsageRecord]:
        return super().get_queryset(request).filter(instrument__in=usage_instruments(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
