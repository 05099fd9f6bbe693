"""The facility's safety officer approves a submitted visit or asks for changes; nobody else decides, and
approval is refused while someone registered on site lacks a required course over their stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.notifications.models import Notification
from sciencecity.sitevisits import services
from sciencecity.sitevisits.models import Visit
from sciencecity.sitevisits.tests.conftest import END, START, Experiment


def test_approval_is_refused_naming_the_person_and_the_missing_course(experiment: Experiment):
    visit = experiment.submitted(experiment.pi, experiment.co)
    experiment.train(experiment.pi)
    with pytest.raises(StateConflict) as refused:
        services.visit_approve(actor=experiment.officer, visit=visit)
    assert "Cole" in str(refused.value) and "Radiation safety" in str(refused.value)
    assert "Pia" not in str(refused.value)
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.SUBMITTED


def test_a_course_that_expires_during_the_stay_does_not_cover_it(experiment: Experiment):
    visit = experiment.submitted()
    experiment.train(experiment.pi, expires_at=START + dt.timedelta(hours=12))
    with pytest.raises(StateConflict, match="Pia"):
        services.visit_approve(actor=experiment.officer, visit=visit)


def test_a_remote_member_needs_no_training(experiment: Experiment):
    visit = experiment.ready(experiment.pi)
    services.visitor_register(
        actor=experiment.pi, visit=visit, user=experiment.co, arrives_at=START, departs_at=END, on_site=False
    )
    visit = services.visit_submit(actor=experiment.pi, visit=visit)
    experiment.train(experiment.pi)
    assert services.visit_approve(actor=experiment.officer, visit=visit).status == Visit.Status.APPROVED


def test_the_trained_teams_visit_is_approved_audited_and_the_team_told_in_both_languages(
    experiment: Experiment,
):
    visit = experiment.approved(experiment.pi, experiment.co)
    assert visit.status == Visit.Status.APPROVED and visit.decided_by == experiment.officer
    assert [e.action for e in audit_trail(visit)][-1] == "visit.approve"
    told = Notification.objects.filter(
        recipient__in=[experiment.pi, experiment.co], link__contains="site-visits"
    )
    assert told.count() == 2
    note = told.first()
    assert note is not None
    assert "approved" in note.subject and "批准" in note.subject
    assert note.link == f"/site-visits/experiments/{experiment.allocation.pk}/"


@pytest.mark.parametrize("who", ["pi", "office", "manager", "other_officer", "scientist"])
def test_only_the_facilitys_safety_officer_decides(experiment: Experiment, who: str):
    visit = experiment.submitted()
    experiment.train(experiment.pi)
    with pytest.raises(PermissionDenied):
        services.visit_approve(actor=getattr(experiment, who), visit=visit)
    with pytest.raises(PermissionDenied):
        services.visit_request_changes(actor=getattr(experiment, who), visit=visit, reason="no")


def test_asking_for_changes_needs_a_reason_and_sends_the_visit_back(experiment: Experiment):
    visit = experiment.submitted()
    with pytest.raises(ValidationError):
        services.visit_request_changes(actor=experiment.officer, visit=visit, reason="  ")
    visit = services.visit_request_changes(actor=experiment.officer, visit=visit, reason="Add the stain.")
    assert visit.status == Visit.Status.CHANGES_REQUESTED and visit.is_editable
    event = list(audit_trail(visit))[-1]
    assert (event.action, event.reason) == ("visit.request_changes", "Add the stain.")
    body = Notification.objects.get(recipient=experiment.pi, link__contains="site-visits").body
    assert "Add the stain." in body and "安全" in body


def test_a_draft_is_not_decided(experiment: Experiment):
    visit = experiment.ready()
    with pytest.raises(StateConflict):
        services.visit_approve(actor=experiment.officer, visit=visit)
