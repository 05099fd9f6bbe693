from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from sciencecity.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fields = ("role", "facility", "organisation")
    autocomplete_fields = ("facility", "organisation")
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Profile", {"fields": ("display_name", "affiliation", "orcid")}),
    )
    list_display = ("username", "display_name", "affiliation", "is_staff")
    search_fields = ("username", "display_name", "affiliation", "orcid")
    inlines = [RoleGrantInline]
