"""Usage: who used which instrument when, as planned and as it really happened.

One record per booking (check-in, check-out or no-show), or per allocated experiment once the scheduling
side links one (the generic `experiment` link, so this app needs no import of it). The user's organisation is
copied when the record is made: machine-hours are counted internal or external by the legal entity the user
belonged to at the time (accounting/selectors.py), not by where they work today.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sciencecity.booking.models import Booking
from sciencecity.core.models import TimeStampedModel
from sciencecity.registry.models import Instrument, Organisation


class UsageRecord(TimeStampedModel):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="usage_records", verbose_name=_("instrument")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="usage_records",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usage_records",
        verbose_name=_("user's organisation at the time"),
    )
    organisation_named = models.CharField(
        _("organisation not on the map"),
        max_length=255,
        blank=True,
        help_text=_("The organisation the user named when they had none on the map."),
    )
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usage",
        verbose_name=_("booking"),
    )
    experiment_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    experiment_id = models.PositiveBigIntegerField(null=True, blank=True)
    experiment = GenericForeignKey("experiment_type", "experiment_id")
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    actual_start = models.DateTimeField(_("checked in"), null=True, blank=True)
    actual_end = models.DateTimeField(_("checked out"), null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usage_recorded",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["planned_start", "pk"]
        verbose_name = _("usage record")
        indexes = [
            models.Index(fields=["instrument", "actual_start"], name="usage_instrument_actual"),
            models.Index(fields=["user", "planned_start"], name="usage_user_planned"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")), name="usage_planned_in_order"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gt=F("actual_start")),
                name="usage_actual_in_order",
            ),
            models.CheckConstraint(
                condition=Q(no_show=False) | Q(actual_start__isnull=True, actual_end__isnull=True),
                name="usage_no_show_has_no_times",
            ),
            models.CheckConstraint(
                condition=Q(experiment_type__isnull=True, experiment_id__isnull=True)
                | Q(experiment_type__isnull=False, experiment_id__isnull=False),
                name="usage_experiment_link_whole",
            ),
            models.UniqueConstraint(
                fields=["experiment_type", "experiment_id", "user"],
                condition=Q(experiment_id__isnull=False),
                name="usage_one_per_experiment_and_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.planned_start:%Y-%m-%d %H:%M} {self.user}"

    @property
    def state(self) -> str:
        if self.no_show:
            return "no_show"
        if self.actual_end is not None:
            return "checked_out"
        if self.actual_start is not None:
            return "checked_in"
        return "planned"

    @property
    def hours(self) -> float:
        """Actual hours used (0 until checked out)."""
        if self.actual_start is None or self.actual_end is None:
            return 0.0
        return (self.actual_end - self.actual_start) / dt.timedelta(hours=1)
