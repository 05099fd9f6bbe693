"""Admin of courses and training records, scoped like the staff page (visits/permissions.py).

Staff see and change only the courses they look after and those courses' records; a record entered here
notes who entered it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sciencecity.visits.models import Course, TrainingRecord
from sciencecity.visits.permissions import courses_enterable_by


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_zh", "kind", "scope", "instrument", "facility", "validity_days")
    list_filter = ("kind", "scope", "required")
    search_fields = ("slug", "name_en", "name_zh")
    autocomplete_fields = ("instrument", "facility")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Course]:
        return super().get_queryset(request).filter(pk__in=courses_enterable_by(request.user).values("pk"))


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "completed_at", "expires_at", "entered_by")
    list_filter = ("course__kind", "course")
    search_fields = ("user__username", "user__email", "course__slug", "course__name_en")
    autocomplete_fields = ("user", "course")
    readonly_fields = ("entered_by",)
    date_hierarchy = "completed_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[TrainingRecord]:
        courses = courses_enterable_by(request.user)
        return super().get_queryset(request).filter(course__in=courses).select_related("user", "course")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "course":
            kwargs["queryset"] = courses_enterable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: TrainingRecord, form: Any, change: bool) -> None:
        if not change:
            obj.entered_by = request.user  # type: ignore[assignment]
            if obj.expires_at is None:
                obj.expires_at = obj.course.expiry_after(obj.completed_at)
        super().save_model(request, obj, form, change)
