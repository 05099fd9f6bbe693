"""Visits for allocated beamtime: who of a proposal's team comes to the facility and when, the samples they
bring, their safety form, and the safety officer's decision.

A visit belongs to one experiment: a request of a proposal that the cycle's published schedule placed
(scheduling.Allocation). It is keyed on the request, not on the allocation row, because publishing another
run of the cycle replaces the allocation rows (scheduling.services.run_publish) while the experiment and the
team's registrations stay; the experiment's current dates are those of the request's allocation.

Statuses move only through the services: draft → submitted → approved, or submitted → changes requested →
submitted again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sciencecity.core.models import TimeStampedModel
from sciencecity.proposals.models import Proposal, Request, Sample
from sciencecity.registry.models import Facility


class Visit(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        APPROVED = "approved", _("approved")

    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="visit", verbose_name=_("request")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="visits", verbose_name=_("proposal")
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("facility"),
        help_text=_("The facility of the proposal's cycle; its safety officers decide on the visit."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # the safety form
    hazards_acknowledged = models.BooleanField(
        _("hazards acknowledged"),
        default=False,
        help_text=_("The team has read the facility's safety rules and the hazards of its samples."),
    )
    handling = models.TextField(_("sample handling and protective equipment"), blank=True)
    waste = models.TextField(_("waste and what leaves with the team"), blank=True)
    needs_lab = models.BooleanField(_("needs a preparation laboratory"), default=False)
    emergency_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_phone = models.CharField(_("emergency contact's telephone"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("changes asked for"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("visit")
        indexes = [models.Index(fields=["facility", "status"])]

    def __str__(self) -> str:
        return f"{self.proposal} visit ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class Visitor(models.Model):
    """One team member registered for the visit: on site over [arrives_at, departs_at), or remote."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="visitors", verbose_name=_("visit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="site_visits",
        verbose_name=_("person"),
    )
    on_site = models.BooleanField(_("on site"), default=True, help_text=_("Unticked: takes part remotely."))
    arrives_at = models.DateTimeField(_("arrival"))
    departs_at = models.DateTimeField(_("departure"))

    class Meta:
        ordering = ["arrives_at", "pk"]
        verbose_name = _("visitor")
        indexes = [models.Index(fields=["arrives_at", "departs_at"])]
        constraints = [
            models.UniqueConstraint(fields=["visit", "user"], name="visitor_once_per_visit"),
            models.CheckConstraint(
                condition=Q(departs_at__gt=F("arrives_at")), name="visitor_departs_after_arrival"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.arrives_at:%Y-%m-%d} to {self.departs_at:%Y-%m-%d}"


class DeclaredSample(models.Model):
    """A sample the team brings, with its hazard class (the proposal's classes)."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="samples", verbose_name=_("visit")
    )
    name = models.CharField(_("name"), max_length=200)
    hazard = models.CharField(
        _("hazard class"), max_length=20, choices=Sample.Hazard.choices, default=Sample.Hazard.NONE
    )
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    from_proposal = models.ForeignKey(
        Sample,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name=_("sample of the proposal"),
    )

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("declared sample")

    def __str__(self) -> str:
        return self.name

    @property
    def hazardous(self) -> bool:
        return self.hazard != Sample.Hazard.NONE
