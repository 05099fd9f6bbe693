"""Slot booking of instruments: each booking instrument's rules, its bookings and its waiting list.

Times are stored in UTC and judged in the instrument's own time zone (opening hours, slot boundaries and the
week of a quota are local); two active bookings of one instrument never overlap (constraints.py).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sciencecity.booking.constraints import PostgresExclusionConstraint, half_open
from sciencecity.core.models import TimeStampedModel
from sciencecity.registry.models import Instrument

MINUTES_PER_DAY = 24 * 60


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(name)s” is not an IANA time zone."), params={"name": name})


class BookingRule(TimeStampedModel):
    """How one booking instrument may be booked; edited by its staff (permissions.py) and in the admin."""

    instrument = models.OneToOneField(
        Instrument,
        on_delete=models.CASCADE,
        related_name="booking_rule",
        limit_choices_to={"access_mode": Instrument.AccessMode.BOOKING},
        verbose_name=_("instrument"),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
        help_text=_("Opening hours, slot boundaries and the week of a quota are read in this time zone."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot granularity (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(MINUTES_PER_DAY)],
        help_text=_("Bookings start and end on these steps from local midnight; it must divide a day."),
    )
    min_minutes = models.PositiveIntegerField(_("shortest booking (minutes)"), default=30)
    max_minutes = models.PositiveIntegerField(_("longest booking (minutes)"), default=8 * 60)
    lead_minutes = models.PositiveIntegerField(
        _("lead time (minutes)"), default=60, help_text=_("How long before its start a booking must be made.")
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("booking horizon (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("How far ahead a booking may start."),
    )
    cancel_minutes = models.PositiveIntegerField(
        _("cancellation deadline (minutes before the start)"),
        default=24 * 60,
        help_text=_("Users cancel their own bookings up to this long before the start; staff at any time."),
    )
    weekly_hours = models.PositiveSmallIntegerField(
        _("hours per user per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("Empty: no quota. The week runs from Monday 00:00 in the instrument's time zone."),
    )
    approval_required = models.BooleanField(
        _("approval needed"), default=False, help_text=_("Bookings wait for staff to approve them.")
    )
    offer_minutes = models.PositiveIntegerField(
        _("waiting-list offer deadline (minutes)"),
        default=120,
        validators=[MinValueValidator(5)],
        help_text=_("How long the next in line has to accept a freed slot."),
    )

    class Meta:
        verbose_name = _("booking rule")
        verbose_name_plural = _("booking rules")

    def __str__(self) -> str:
        return str(_("Booking rules of %(instrument)s") % {"instrument": self.instrument.code})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self) -> None:
        super().clean()
        problems: dict[str, Any] = {}
        slot = self.slot_minutes or 0
        if slot and MINUTES_PER_DAY % slot:
            problems["slot_minutes"] = _("The slot must divide a day (e.g. 15, 30, 60, 120 minutes).")
        if slot and self.min_minutes % slot:
            problems["min_minutes"] = _("The shortest booking must be a whole number of slots.")
        elif self.min_minutes < slot:
            problems["min_minutes"] = _("The shortest booking is at least one slot.")
        if slot and self.max_minutes % slot:
            problems["max_minutes"] = _("The longest booking must be a whole number of slots.")
        elif self.max_minutes < self.min_minutes:
            problems["max_minutes"] = _("The longest booking cannot be shorter than the shortest.")
        if problems:
            raise ValidationError(problems)


class OpeningPeriod(models.Model):
    """The instrument is open on `weekday` from `opens` to `closes` (local time; closes 00:00 = midnight).

    A rule without any period is open around the clock; periods that meet (Monday until midnight, Tuesday
    from midnight) join, so a booking may run through them.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    rule = models.ForeignKey(
        BookingRule, on_delete=models.CASCADE, related_name="opening_periods", verbose_name=_("rule")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        verbose_name = _("opening period")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")) | Q(closes=dt.time(0, 0)),
                name="opening_period_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.opens is not None and self.closes is not None and not self.closes_after_opening:
            raise ValidationError({"closes": _("An opening period closes after it opens.")})

    @property
    def closes_after_opening(self) -> bool:
        return self.closes > self.opens or self.closes == dt.time(0, 0)


class Blackout(models.Model):
    """A time the instrument cannot be booked (maintenance, a holiday); a booking may touch, not enter it."""

    rule = models.ForeignKey(
        BookingRule, on_delete=models.CASCADE, related_name="blackouts", verbose_name=_("rule")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    reason_en = models.CharField(_("reason (English)"), max_length=200, blank=True)
    reason_zh = models.CharField(_("reason (Simplified Chinese)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("blackout")
        verbose_name_plural = _("blackouts")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="blackout_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} - {self.end:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A blackout ends after it starts.")})


class Booking(TimeStampedModel):
    """A slot on a booking instrument: requested (awaiting approval), confirmed, declined or cancelled."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    # Statuses that hold the slot: a request awaiting approval holds it too, so staff never approve two.
    ACTIVE = (Status.REQUESTED, Status.CONFIRMED)

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("instrument")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("user")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("Why it was declined or cancelled.")
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["instrument", "start"], name="booking_instrument_start"),
            models.Index(fields=["user", "start"], name="booking_user_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_ends_after_start"),
            PostgresExclusionConstraint(
                name="booking_no_overlap_per_instrument",
                expressions=[
                    ("instrument", RangeOperators.EQUAL),
                    (half_open("start", "end"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["requested", "confirmed"]),
                violation_error_message=_("The instrument is already booked for part of that time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def minutes(self) -> int:
        return int((self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)).total_seconds() // 60)


class WaitlistEntry(TimeStampedModel):
    """A user queues for a taken time; when it frees up, the first in line is offered it for a while."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered")
        BOOKED = "booked", _("booked")
        EXPIRED = "expired", _("offer expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN = (Status.WAITING, Status.OFFERED)

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("instrument")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("user")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waitlist_entry",
        verbose_name=_("booking"),
    )

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="waitlist_ends_after_start"),
            models.UniqueConstraint(
                fields=["instrument", "user", "start", "end"],
                condition=Q(status__in=["waiting", "offered"]),
                name="waitlist_one_open_entry_per_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.start:%Y-%m-%d %H:%M} {self.user} ({self.status})"
