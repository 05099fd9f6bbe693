"""Cycles, calls and the proposals that ask for time on a facility's instruments.

A proposal's status moves only forward through `proposals.services` (see `TRANSITIONS`); every move is
written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.core.models import TimeStampedModel
from sciencecity.registry.models import Facility, Field, Instrument


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("%(name)s is not a known time zone."), params={"name": name})


class Cycle(TimeStampedModel):
    """A run period of one facility (e.g. six months), cut into shifts."""

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("facility")
    )
    name = models.CharField(_("name"), max_length=40, help_text=_("For example 2026-II."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    shift_hours = models.PositiveSmallIntegerField(_("shift length (hours)"), default=8)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )

    class Meta:
        ordering = ["facility__code", "-starts_on"]
        verbose_name = _("cycle")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="cycle_name_unique_per_facility"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="cycle_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A cycle ends after it starts.")})
        if self.shift_hours not in (4, 6, 8, 12, 24):
            raise ValidationError({"shift_hours": _("A shift lasts 4, 6, 8, 12 or 24 hours.")})

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def shifts(self) -> int:
        return self.days * 24 // self.shift_hours


class OfferedInstrument(models.Model):
    """An instrument offered in a cycle, with the user shifts it offers."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="offers", verbose_name=_("cycle"))
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="offers", verbose_name=_("instrument")
    )
    shifts = models.PositiveIntegerField(_("offered shifts"))

    class Meta:
        ordering = ["cycle", "instrument__code"]
        verbose_name = _("offered instrument")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "instrument"], name="instrument_offered_once_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code}: {self.shifts}"

    def clean(self) -> None:
        super().clean()
        if self.instrument_id and self.cycle_id:
            if self.instrument.facility_id != self.cycle.facility_id:
                raise ValidationError({"instrument": _("The instrument belongs to another facility.")})
            if self.instrument.access_mode != Instrument.AccessMode.PROPOSAL:
                raise ValidationError(
                    {"instrument": _("Only instruments allocated by proposal are offered.")}
                )
            if self.shifts > self.cycle.shifts:
                raise ValidationError({"shifts": _("More shifts than the cycle has.")})


class AccessRoute(models.TextChoices):
    STANDARD = "standard", _("standard")
    RAPID = "rapid", _("rapid access")
    INDUSTRY = "industry", _("industry proprietary")


class Call(TimeStampedModel):
    """A call for proposals on some of a cycle's instruments, open between two aware instants."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="calls", verbose_name=_("cycle"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Simplified Chinese)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    instruments = models.ManyToManyField(Instrument, related_name="calls", verbose_name=_("instruments"))
    access_routes = models.JSONField(_("access routes"), default=list)
    normalise_scores = models.BooleanField(
        _("normalise scores per reviewer"),
        default=False,
        help_text=_("Rank by each reviewer's z-scores instead of raw means."),
    )

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("call")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_it_opens"
            )
        ]

    def __str__(self) -> str:
        return self.title_en

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call closes after it opens.")})
        routes = self.access_routes
        if not isinstance(routes, list) or not routes or not set(routes) <= set(AccessRoute.values):
            raise ValidationError(
                {
                    "access_routes": _("Choose one or more of: %(routes)s.")
                    % {"routes": ", ".join(AccessRoute.values)}
                }
            )

    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.cycle.time_zone)

    def accepts_submissions(self, at: dt.datetime) -> bool:
        return self.status == self.Status.OPEN and self.opens_at <= at < self.closes_at


class Proposal(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        TECHNICAL_REVIEW = "technical_review", _("technical review")
        PEER_REVIEW = "peer_review", _("peer review")
        RANKED = "ranked", _("ranked")
        ALLOCATED = "allocated", _("allocated")
        NOT_ALLOCATED = "not_allocated", _("not allocated")
        WITHDRAWN = "withdrawn", _("withdrawn")
        REJECTED = "rejected", _("rejected")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("call"))
    reference = models.CharField(
        _("reference"), max_length=40, blank=True, help_text=_("Given at submission.")
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("field"),
    )
    access_route = models.CharField(
        _("access route"), max_length=10, choices=AccessRoute.choices, default=AccessRoute.STANDARD
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    attachment = models.FileField(_("attachment (PDF)"), upload_to="proposals/%Y/", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        indexes = [models.Index(fields=["call", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "reference"],
                condition=~models.Q(reference=""),
                name="proposal_reference_unique_per_call",
            )
        ]

    def __str__(self) -> str:
        return self.reference or self.title


class Member(models.Model):
    """A person on a proposal: its PI, or a co-proposer invited by e-mail who accepts."""

    class Role(models.TextChoices):
        PI = "pi", _("principal investigator")
        CO_PROPOSER = "co_proposer", _("co-proposer")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CO_PROPOSER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)

    class Meta:
        ordering = ["proposal", "role", "email"]
        verbose_name = _("proposal member")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "email"], name="member_once_per_proposal"),
            models.UniqueConstraint(
                fields=["proposal"], condition=models.Q(role="pi"), name="one_pi_per_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"


class Request(models.Model):
    """Shifts wanted on one of several alternative instruments, between two dates, outside blocked dates."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="requests")
    instruments = models.ManyToManyField(Instrument, related_name="requests", verbose_name=_("instruments"))
    shifts = models.PositiveIntegerField(_("shifts"))
    earliest = models.DateField(_("earliest date"), null=True, blank=True)
    latest = models.DateField(_("latest date"), null=True, blank=True)
    unavailable = models.JSONField(_("dates the team cannot come"), default=list, blank=True)
    recommended_shifts = models.PositiveIntegerField(_("recommended shifts"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("request")

    def __str__(self) -> str:
        return f"{self.shifts} shifts"

    def clean(self) -> None:
        super().clean()
        if self.shifts is not None and self.shifts < 1:
            raise ValidationError({"shifts": _("Ask for at least one shift.")})
        if self.earliest and self.latest and self.latest < self.earliest:
            raise ValidationError({"latest": _("The latest date comes after the earliest.")})
        if self.recommended_shifts is not None and self.shifts and self.recommended_shifts > self.shifts:
            raise ValidationError(
                {"recommended_shifts": _("No more shifts than requested can be recommended.")}
            )
        self.unavailable = parse_date_ranges(self.unavailable)

    @property
    def unavailable_ranges(self) -> list[tuple[dt.date, dt.date]]:
        return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in self.unavailable]


def parse_date_ranges(value: object) -> list[list[str]]:
    """[[first, last], ...] as ISO dates, each first ≤ last; raises ValidationError naming the bad range."""
    if not isinstance(value, list):
        raise ValidationError({"unavailable": _("Give blocked dates as a list of [first, last] pairs.")})
    ranges: list[list[str]] = []
    for index, pair in enumerate(value, start=1):
        try:
            first, last = (dt.date.fromisoformat(str(d)) for d in pair)
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                {"unavailable": _("Blocked range %(n)d is not a pair of dates.") % {"n": index}}
            ) from exc
        if last < first:
            raise ValidationError(
                {"unavailable": _("Blocked range %(n)d ends before it starts.") % {"n": index}}
            )
        ranges.append([first.isoformat(), last.isoformat()])
    return ranges


class Sample(models.Model):
    class Hazard(models.TextChoices):
        NONE = "none", _("no special hazard")
        CHEMICAL = "chemical", _("chemical")
        BIOLOGICAL = "biological", _("biological")
        RADIOACTIVE = "radioactive", _("radioactive")
        NANOMATERIAL = "nanomaterial", _("nanomaterial")
        TOXIC = "toxic", _("toxic")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="samples")
    name = models.CharField(_("name"), max_length=200)
    hazard = models.CharField(_("hazard class"), max_length=20, choices=Hazard.choices, default=Hazard.NONE)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("sample")

    def __str__(self) -> str:
        return self.name
