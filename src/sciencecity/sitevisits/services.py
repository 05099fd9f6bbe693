"""Writes on visits: the team opens its experiment's visit, registers who comes, declares samples, fills in
the safety form and submits; the facility's safety officer approves or asks for changes.

Each write locks the visit's row first, so a submission and an edit (or two decisions) queue and the second
sees the first. A refused write raises `PermissionDenied` (the actor's role, 403), `StateConflict` (the
visit's state, or a registered person's missing training, 409) or `ValidationError` (input, 422).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.permissions import is_member
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits import permissions, selectors
from sciencecity.sitevisits.models import DeclaredSample, Visit, Visitor
from sciencecity.sitevisits.notices import notify_decision

FORM_FIELDS = ("hazards_acknowledged", "handling", "waste", "needs_lab", "emergency_name", "emergency_phone")


def _published(allocation: Allocation) -> Allocation:
    found = (
        Allocation.objects.select_related("proposal__call__cycle", "instrument")
        .filter(pk=allocation.pk, run__published_at__isnull=False)
        .first()
    )
    if found is None:
        raise StateConflict(_("This experiment is not in a published schedule."))
    return found


@transaction.atomic
def visit_open(*, actor: Any, allocation: Allocation) -> Visit:
    """The experiment's visit, made on first use with the proposal's samples as its first declarations."""
    allocation = _published(allocation)
    if not is_member(actor, allocation.proposal):
        raise PermissionDenied(_("Only the proposal's team registers its visit."))
    visit, created = Visit.objects.get_or_create(
        request_id=allocation.request_id,
        defaults={"proposal": allocation.proposal, "facility_id": allocation.proposal.call.cycle.facility_id},
    )
    if created:
        DeclaredSample.objects.bulk_create(
            DeclaredSample(visit=visit, name=s.name, hazard=s.hazard, from_proposal=s)
            for s in allocation.proposal.samples.all()
        )
        audit_record(actor=actor, target=visit, action="visit.open", to_state=visit.status)
    return visit


def _locked_for_team(actor: Any, visit: Visit) -> Visit:
    visit = Visit.objects.select_for_update().select_related("proposal").get(pk=visit.pk)
    if not is_member(actor, visit.proposal):
        raise PermissionDenied(_("Only the proposal's team changes its visit."))
    if not visit.is_editable:
        raise StateConflict(
            _("The visit is %(status)s; it can no longer be changed.")
            % {"status": visit.get_status_display()}
        )
    return visit


def _experiment(visit: Visit) -> Allocation:
    allocation = selectors.allocation_of(visit)
    if allocation is None:
        raise StateConflict(_("The published schedule no longer gives this request any dates."))
    return allocation


def _check_stay(allocation: Allocation, arrives_at: dt.datetime, departs_at: dt.datetime) -> None:
    if timezone.is_naive(arrives_at) or timezone.is_naive(departs_at):
        raise ValidationError(_("Give arrival and departure with their time zone."))
    if departs_at <= arrives_at:
        raise ValidationError({"departs_at": [_("Departure comes after arrival.")]})
    earliest = allocation.starts_at - selectors.EARLY_ARRIVAL
    latest = allocation.ends_at + selectors.LATE_DEPARTURE
    if (
        arrives_at < earliest
        or departs_at > latest
        or arrives_at >= allocation.ends_at
        or departs_at <= allocation.starts_at
    ):
        raise ValidationError(
            _(
                "Come during the experiment (arriving at most %(before)d days before its start and leaving "
                "at most %(after)d days after its end)."
            )
            % {"before": selectors.EARLY_ARRIVAL.days, "after": selectors.LATE_DEPARTURE.days}
        )


@transaction.atomic
def visitor_register(
    *,
    actor: Any,
    visit: Visit,
    user: User,
    arrives_at: dt.datetime,
    departs_at: dt.datetime,
    on_site: bool = True,
) -> Visitor:
    """Register a team member (or change their registration): when they come and leave, on site or remote."""
    visit = _locked_for_team(actor, visit)
    if not selectors.team_of(visit).filter(pk=user.pk).exists():
        raise ValidationError({"user": [_("Only the proposal's accepted members are registered.")]})
    _check_stay(_experiment(visit), arrives_at, departs_at)
    visitor, _created = Visitor.objects.update_or_create(
        visit=visit,
        user=user,
        defaults={"arrives_at": arrives_at, "departs_at": departs_at, "on_site": on_site},
    )
    visitor.full_clean(validate_unique=False)
    audit_record(
        actor=actor,
        target=visit,
        action="visit.register",
        to_state="on_site" if on_site else "remote",
        reason=f"{user.username} {arrives_at.isoformat()}/{departs_at.isoformat()}",
    )
    return visitor


@transaction.atomic
def visitor_remove(*, actor: Any, visitor: Visitor) -> None:
    visit = _locked_for_team(actor, visitor.visit)
    audit_record(actor=actor, target=visit, action="visit.unregister", reason=visitor.user.username)
    visitor.delete()


@transaction.atomic
def sample_declare(*, actor: Any, visit: Visit, name: str, hazard: str, quantity: str = "") -> DeclaredSample:
    visit = _locked_for_team(actor, visit)
    sample = DeclaredSample(visit=visit, name=name.strip(), hazard=hazard, quantity=quantity.strip())
    sample.full_clean()
    sample.save()
    audit_record(actor=actor, target=visit, action="visit.sample", to_state=hazard, reason=sample.name)
    return sample


@transaction.atomic
def sample_remove(*, actor: Any, sample: DeclaredSample) -> None:
    visit = _locked_for_team(actor, sample.visit)
    audit_record(actor=actor, target=visit, action="visit.sample_remove", reason=sample.name)
    sample.delete()


@transaction.atomic
def safety_form_save(*, actor: Any, visit: Visit, **values: Any) -> Visit:
    """Save the safety form's answers (any of FORM_FIELDS); completeness is checked on submission."""
    unknown = set(values) - set(FORM_FIELDS)
    if unknown:
        raise TypeError(f"not fields of the safety form: {sorted(unknown)}")
    visit = _locked_for_team(actor, visit)
    for name, value in values.items():
        setattr(visit, name, value.strip() if isinstance(value, str) else value)
    visit.full_clean()
    visit.save(update_fields=[*values, "updated_at"])
    audit_record(actor=actor, target=visit, action="visit.safety_form")
    return visit


def visit_problems(visit: Visit) -> list[str]:
    """What keeps the visit from being submitted (empty: it can be)."""
    problems = []
    if not visit.visitors.exists():
        problems.append(_("Register at least one person."))
    hazardous = visit.samples.exclude(hazard="none").exists()
    if not visit.samples.exists():
        problems.append(_("Declare the samples you bring."))
    if not visit.hazards_acknowledged:
        problems.append(_("Acknowledge the hazards and the facility's safety rules."))
    if hazardous and not visit.handling:
        problems.append(_("Say how the hazardous samples are handled."))
    if hazardous and not visit.waste:
        problems.append(_("Say what happens to the waste of the hazardous samples."))
    if not (visit.emergency_name and visit.emergency_phone):
        problems.append(_("Name an emergency contact with a telephone number."))
    return problems


@transaction.atomic
def visit_submit(*, actor: Any, visit: Visit) -> Visit:
    visit = _locked_for_team(actor, visit)
    problems = visit_problems(visit)
    if problems:
        raise ValidationError(problems)
    _experiment(visit)
    before = visit.status
    visit.status, visit.submitted_at = Visit.Status.SUBMITTED, timezone.now()
    visit.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, target=visit, action="visit.submit", from_state=before, to_state=visit.status)
    return visit


def _locked_for_officer(actor: Any, visit: Visit) -> Visit:
    visit = Visit.objects.select_for_update().select_related("proposal").get(pk=visit.pk)
    if not permissions.can_decide_visit(actor, visit):
        raise PermissionDenied(_("Only the facility's safety officer decides on a visit."))
    if visit.status != Visit.Status.SUBMITTED:
        raise StateConflict(
            _("Only a submitted visit is decided; this one is %(status)s.")
            % {"status": visit.get_status_display()}
        )
    return visit


def training_refusal(gaps: list[selectors.TrainingGap]) -> str:
    """The refusal naming each person and the course they lack over their days on site."""
    lines = [
        _("%(person)s lacks %(courses)s, missing or expired for their stay (%(arrives)s to %(departs)s).")
        % {
            "person": gap.visitor.user.display_name or gap.visitor.user.username,
            "courses": ", ".join(f"“{c.name}”" for c in gap.courses),
            "arrives": f"{timezone.localtime(gap.visitor.arrives_at):%Y-%m-%d}",
            "departs": f"{timezone.localtime(gap.visitor.departs_at):%Y-%m-%d}",
        }
        for gap in gaps
    ]
    return " ".join([_("The visit cannot be approved:"), *lines])


@transaction.atomic
def visit_approve(*, actor: Any, visit: Visit) -> Visit:
    """Approve a submitted visit; refused while someone registered on site lacks a required course."""
    visit = _locked_for_officer(actor, visit)
    allocation = _experiment(visit)
    gaps = selectors.training_gaps(visit, allocation)
    if gaps:
        raise StateConflict(training_refusal(gaps))
    visit.status, visit.decided_at, visit.decided_by = Visit.Status.APPROVED, timezone.now(), actor
    visit.decision_reason = ""
    visit.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    audit_record(
        actor=actor, target=visit, action="visit.approve", from_state="submitted", to_state="approved"
    )
    notify_decision(visit, allocation.pk)
    return visit


@transaction.atomic
def visit_request_changes(*, actor: Any, visit: Visit, reason: str) -> Visit:
    """Send a submitted visit back to the team with what to change."""
    visit = _locked_for_officer(actor, visit)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what the team should change.")]})
    visit.status, visit.decided_at, visit.decided_by = Visit.Status.CHANGES_REQUESTED, timezone.now(), actor
    visit.decision_reason = reason[:2000]
    visit.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    audit_record(
        actor=actor,
        target=visit,
        action="visit.request_changes",
        from_state="submitted",
        to_state=visit.status,
        reason=reason,
    )
    allocation = selectors.allocation_of(visit)
    notify_decision(visit, allocation.pk if allocation else None)
    return visit
