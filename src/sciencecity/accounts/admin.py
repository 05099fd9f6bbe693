from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sciencecity.accounts.models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fields = ("role", "facility", "organisation")
    autocomplete_fields = ("facility", "organisation")
    extra = 0


class OrganisationToConfirmFilter(admin.SimpleListFilter):
    """People who named an organisation the map lacks: the user office confirms (adds it, or picks one)."""

    title = _("organisation to confirm")
    parameter_name = "organisation_to_confirm"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", str(_("yes"))), ("no", str(_("no")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(organisation_named="")
        if self.value() == "no":
            return queryset.filter(organisation_named="")
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            "Profile",
            {
                "fields": (
                    "display_name",
                    "affiliation",
                    "organisation",
                    "organisation_named",
                    "country",
                    "orcid",
                )
            },
        ),
    )
    list_display = ("username", "display_name", "organisation", "organisation_named", "country", "is_staff")
    list_filter = (OrganisationToConfirmFilter, *BaseUserAdmin.list_filter)
    search_fields = ("username", "display_name", "affiliation", "orcid", "organisation_named", "email")
    autocomplete_fields = ("organisation",)
    inlines = [RoleGrantInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are seen and revoked here; never made (the owner makes them, and sees the secret once)."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
