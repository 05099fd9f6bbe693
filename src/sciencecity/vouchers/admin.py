"""Admin of the voucher ledger, read-only and scoped to the agency's own schemes.

Every voucher step is written by a service (and ledgered); the admin only lists and filters the ledger for
the agency's platform operators. Nobody adds, changes or deletes a line here (the database refuses too).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sciencecity.vouchers.models import LedgerEntry
from sciencecity.vouchers.permissions import agencies


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "voucher", "kind", "amount", "delta", "service_year", "invoice", "actor")
    list_filter = ("kind", "voucher__scheme", "service_year")
    search_fields = ("voucher__number", "invoice__number", "voucher__beneficiary__name_en")
    list_select_related = ("voucher", "invoice", "actor")

    def get_queryset(self, request: HttpRequest) -> QuerySet[LedgerEntry]:
        return super().get_queryset(request).filter(voucher__scheme__agency__in=agencies(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return agencies(request.user).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return agencies(request.user).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
