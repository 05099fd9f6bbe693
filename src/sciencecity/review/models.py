"""Technical review, peer review by panels, conflicts of interest and the publication lists behind them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.proposals.models import Call, Proposal
from sciencecity.registry.models import Facility, Field, Instrument


class Panel(models.Model):
    """A review panel of a facility; its members are its reviewers and its chair."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="panels")
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=120, blank=True)
    fields = models.ManyToManyField(Field, blank=True, related_name="panels", verbose_name=_("fields"))
    calls = models.ManyToManyField(Call, blank=True, related_name="panels", verbose_name=_("calls"))

    class Meta:
        ordering = ["facility__code", "name_en"]
        verbose_name = _("panel")

    def __str__(self) -> str:
        return f"{self.facility.code} {self.name_en}"


class PanelMember(models.Model):
    """A reviewer or the chair of one panel: the scope a reviewer's rights are held for."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("reviewer")
        CHAIR = "chair", _("panel chair")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.REVIEWER)
    expertise = models.ManyToManyField(Field, blank=True, related_name="+", verbose_name=_("expertise"))

    class Meta:
        verbose_name = _("panel member")
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="one_seat_per_panel")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.panel})"


class TechnicalReview(models.Model):
    class Verdict(models.TextChoices):
        FEASIBLE = "feasible", _("feasible")
        WITH_CHANGES = "with_changes", _("feasible with changes")
        NOT_FEASIBLE = "not_feasible", _("not feasible")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="technical_reviews")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("technical review")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "instrument"], name="one_technical_review_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code}: {self.get_verdict_display()}"


class ConflictDeclaration(models.Model):
    """A reviewer's own statement that they cannot judge a proposal fairly."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="declared_conflicts")
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict")
        constraints = [models.UniqueConstraint(fields=["reviewer", "proposal"], name="one_declaration")]

    def __str__(self) -> str:
        return f"{self.reviewer} ✕ {self.proposal}"


class ReviewAssignment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="review_assignments")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_assignment_per_reviewer"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="score_between_one_and_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"


class PublicationList(models.Model):
    """A person's publications as they handed them in (BibTeX or CSL-JSON), parsed once on import."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="publication_list"
    )
    filename = models.CharField(max_length=255, blank=True)
    publications = models.JSONField(default=list)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication list")

    def __str__(self) -> str:
        return f"{self.user}: {len(self.publications)}"


class RankAdjustment(models.Model):
    """The chair moved a proposal up (steps > 0) or down (steps < 0) in the panel's ranking, and said why.

    The ranked list replays every adjustment of the panel, oldest first, on the ranking by score (see
    `review.ranking`). Rows are only added: the history of the panel's judgement stays readable.
    """

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="rank_adjustments")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rank_adjustments")
    steps = models.SmallIntegerField(_("places moved (up is positive)"))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("rank adjustment")
        constraints = [
            models.CheckConstraint(condition=~models.Q(steps=0), name="rank_adjustment_moves"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="rank_adjustment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} {self.steps:+d}"
