"""The Django side of allocation: machine calendars, allocation runs, pins, published allocations, feeds.

- A `CalendarBlock` closes an instrument (or, with no instrument, the whole facility) for a span of shifts
  of a cycle; the blocks are the `down` ranges of the cycle's allocation problem.
- An `AllocationRun` freezes a call's problem (with the cycle's calendar and pins), is solved by a task and
  keeps its progress and solution; at most one run per cycle is published (a database constraint).
- A `Pin` fixes one request to an instrument and a first shift; every later run keeps it.
- An `Allocation` is one published placement, in aware datetimes, so that pages, feeds and the API read
  the published dates without parsing the solution.
- A `CalendarFeed` is a person's secret feed address (a token that can be rotated).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.core.models import TimeStampedModel
from sciencecity.proposals.models import Call, Cycle, Proposal, Request
from sciencecity.registry.models import Instrument
from sciencecity.scheduling import shifts


class CalendarBlock(TimeStampedModel):
    """Shifts of a cycle in which an instrument (or the whole facility) gives no user time."""

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("maintenance")
        MACHINE_DEVELOPMENT = "machine_development", _("machine development")
        SHUTDOWN = "shutdown", _("shutdown")
        IN_HOUSE = "in_house", _("in-house research")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="calendar_blocks", verbose_name=_("cycle")
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_blocks",
        verbose_name=_("instrument"),
        help_text=_("Leave empty for a block of the whole facility."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("The first moment after the block."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["cycle", "starts_at", "instrument__code"]
        verbose_name = _("calendar block")
        indexes = [models.Index(fields=["cycle", "instrument"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="calendar_block_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["maintenance", "machine_development", "shutdown", "in_house"]),
                name="calendar_block_kind_known",
            ),
        ]

    def __str__(self) -> str:
        where = self.instrument.code if self.instrument is not None else _("whole facility")
        return f"{where}: {self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        super().clean()
        if not (self.cycle_id and self.starts_at and self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A block ends after it starts.")})
        if self.instrument is not None and self.instrument.facility_id != self.cycle.facility_id:
            raise ValidationError({"instrument": _("The instrument belongs to another facility.")})
        for name in ("starts_at", "ends_at"):
            moment = getattr(self, name)
            try:
                shifts.shift_at(self.cycle, moment, end=name == "ends_at")
            except ValueError as exc:
                raise ValidationError({name: str(exc)}) from exc

    @property
    def first_shift(self) -> int:
        return shifts.shift_at(self.cycle, self.starts_at)

    @property
    def last_shift(self) -> int:
        """The last shift the block closes (inclusive)."""
        return shifts.shift_at(self.cycle, self.ends_at, end=True) - 1


class AllocationRun(TimeStampedModel):
    """One solve of a call's ranked requests: its frozen problem, live progress and solution."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="allocation_runs", verbose_name=_("cycle")
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="allocation_runs", verbose_name=_("call")
    )
    method = models.CharField(_("method"), max_length=20)
    time_limit_s = models.FloatField(_("time limit (s)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("cancellation asked"), default=False)
    # progress (the latest the solver reported) and, when done, the solution's figures
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("upper bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    elapsed_s = models.FloatField(_("elapsed (s)"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    problem = models.JSONField(_("problem"), help_text=_("The frozen sciencecity-allocation/1 problem."))
    left_out = models.JSONField(
        _("requests left out"), default=list, blank=True, help_text=_("[request id, why] pairs.")
    )
    solution = models.JSONField(_("solution"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("allocation run")
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(published_at__isnull=False),
                name="one_published_run_per_cycle",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status="done"),
                name="only_done_runs_are_published",
            ),
            models.CheckConstraint(condition=models.Q(time_limit_s__gt=0), name="run_time_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} run {self.pk} ({self.method}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Pin(models.Model):
    """A request fixed to an instrument and a first shift; each run of the cycle freezes the pins it finds."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="pins", verbose_name=_("cycle"))
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="pins", verbose_name=_("request")
    )
    request_key = models.CharField(
        _("request id"), max_length=60, help_text=_("The allocation request id, <reference>-R<n>.")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="pins", verbose_name=_("instrument")
    )
    start_shift = models.PositiveIntegerField(_("first shift"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pinned by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "request_key"]
        verbose_name = _("pin")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "request"], name="one_pin_per_request"),
            models.UniqueConstraint(fields=["cycle", "request_key"], name="one_pin_per_request_key"),
        ]

    def __str__(self) -> str:
        return f"{self.request_key} → {self.instrument.code} @{self.start_shift}"

    @property
    def starts_at(self) -> dt.datetime:
        return shifts.shift_start(self.cycle, self.start_shift)

    def as_problem_pin(self) -> dict[str, object]:
        return {"request": self.request_key, "instrument": self.instrument.slug, "start": self.start_shift}


class Allocation(models.Model):
    """One request's published time: the run that placed it, the instrument and the dates."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("run")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("proposal")
    )
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("request")
    )
    request_key = models.CharField(_("request id"), max_length=60)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("instrument")
    )
    first_shift = models.PositiveIntegerField(_("first shift"))
    shifts = models.PositiveIntegerField(_("shifts"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at", "instrument__code"]
        verbose_name = _("allocation")
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="request_allocated_once_per_run"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="allocation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_key} on {self.instrument.code} {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A person's private calendar address: whoever has the token reads that person's dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"feed of {self.user}"
