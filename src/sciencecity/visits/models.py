"""Training: the courses an instrument, a facility or the whole platform requires, and who holds them.

A course is required for an instrument when it is that instrument's, its facility's, or a general one. A
record is valid from its completion up to (not including) its expiry: a booking or visit is covered only when
the whole of it falls inside that interval (visits/selectors.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.core.models import TimeStampedModel, in_current_language
from sciencecity.registry.models import Facility, Instrument


class Course(TimeStampedModel):
    class Kind(models.TextChoices):
        GENERAL_SAFETY = "general_safety", _("general safety")
        RADIATION_SAFETY = "radiation_safety", _("radiation safety")
        INSTRUMENT = "instrument", _("instrument-specific")

    class Scope(models.TextChoices):
        INSTRUMENT = "instrument", _("one instrument")
        FACILITY = "facility", _("a facility")
        GENERAL = "general", _("every instrument")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Simplified Chinese)"), blank=True)
    kind = models.CharField(_("kind of course"), max_length=20, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    facility = models.ForeignKey(
        Facility,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("facility"),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("instrument"),
    )
    validity_days = models.PositiveIntegerField(
        _("valid for (days)"),
        null=True,
        blank=True,
        help_text=_("How long a completed course stays valid; empty if it never expires."),
    )
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Whether using the instruments in scope needs this course.")
    )

    class Meta:
        ordering = ["scope", "name_en"]
        verbose_name = _("course")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="instrument", instrument__isnull=False, facility__isnull=True)
                    | models.Q(scope="facility", instrument__isnull=True, facility__isnull=False)
                    | models.Q(scope="general", instrument__isnull=True, facility__isnull=True)
                ),
                name="course_scope_matches_its_target",
            ),
            models.CheckConstraint(
                condition=models.Q(validity_days__isnull=True) | models.Q(validity_days__gt=0),
                name="course_validity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return in_current_language(self, "name")

    @property
    def description(self) -> str:
        return in_current_language(self, "description")

    @property
    def scope_facility(self) -> Facility | None:
        """The facility whose staff look after the course (none for a general course)."""
        if self.instrument is not None:
            return self.instrument.facility
        return self.facility

    def clean(self) -> None:
        super().clean()
        targets = {
            self.Scope.INSTRUMENT: (bool(self.instrument_id), not self.facility_id),
            self.Scope.FACILITY: (bool(self.facility_id), not self.instrument_id),
            self.Scope.GENERAL: (not self.facility_id, not self.instrument_id),
        }
        if self.scope in targets and not all(targets[self.scope]):  # type: ignore[index]
            raise ValidationError(
                _(
                    "An instrument course names its instrument, a facility course its facility, "
                    "a general one neither."
                )
            )
        if self.validity_days == 0:
            raise ValidationError({"validity_days": _("A course is valid for at least one day.")})

    def expiry_after(self, completed_at: dt.datetime) -> dt.datetime | None:
        return completed_at + dt.timedelta(days=self.validity_days) if self.validity_days else None


class TrainingRecord(TimeStampedModel):
    """One person's completion of one course; valid over [completed_at, expires_at)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_records",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="records", verbose_name=_("course")
    )
    completed_at = models.DateTimeField(_("completed at"))
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: the record never expires.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_records_entered",
        verbose_name=_("entered by"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-completed_at", "id"]
        verbose_name = _("training record")
        indexes = [models.Index(fields=["user", "course", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("completed_at")),
                name="training_record_expires_after_completion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"

    def valid_over(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.completed_at <= start and (self.expires_at is None or self.expires_at >= end)
