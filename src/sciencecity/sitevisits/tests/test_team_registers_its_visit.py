"""The team opens its experiment's visit, registers who comes and when, declares samples, fills in forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.sitevisits import services
from sciencecity.sitevisits.models import Visit
from sciencecity.sitevisits.tests.conftest import END, START, Experiment


def test_opening_a_visit_declares_the_proposals_samples_with_their_hazard_classes(experiment: Experiment):
    visit = experiment.open()
    assert [(s.name, s.hazard) for s in visit.samples.all()] == [("Transporter crystals", "biological")]
    assert visit.facility == experiment.facility and visit.status == Visit.Status.DRAFT
    assert (
        services.visit_open(actor=experiment.co, allocation=experiment.allocation) == visit
    )  # one per experiment


def test_someone_off_the_team_cannot_open_or_change_the_visit(experiment: Experiment):
    with pytest.raises(PermissionDenied):
        services.visit_open(actor=experiment.other_proposer, allocation=experiment.allocation)
    visit = experiment.open()
    with pytest.raises(PermissionDenied):
        services.sample_declare(actor=experiment.officer, visit=visit, name="x", hazard="none")


def test_a_member_registers_on_site_or_remote_within_or_around_the_allocated_time(experiment: Experiment):
    visit = experiment.open()
    services.visitor_register(
        actor=experiment.co,
        visit=visit,
        user=experiment.co,
        arrives_at=START - dt.timedelta(days=3),
        departs_at=END + dt.timedelta(days=3),
    )
    services.visitor_register(
        actor=experiment.co, visit=visit, user=experiment.pi, arrives_at=START, departs_at=END, on_site=False
    )
    assert {(v.user.username, v.on_site) for v in visit.visitors.all()} == {("cole", True), ("pia", False)}
    assert [e.action for e in audit_trail(visit)].count("visit.register") == 2


@pytest.mark.parametrize(
    ("arrives", "departs"),
    [
        (START - dt.timedelta(days=3, minutes=1), END),  # too early
        (START, END + dt.timedelta(days=3, minutes=1)),  # too late
        (END, END + dt.timedelta(hours=5)),  # after the experiment
        (START, START - dt.timedelta(hours=1)),  # leaves before arriving
    ],
)
def test_a_stay_that_misses_the_experiment_is_refused(experiment: Experiment, arrives, departs):
    visit = experiment.open()
    with pytest.raises(ValidationError):
        services.visitor_register(
            actor=experiment.pi, visit=visit, user=experiment.pi, arrives_at=arrives, departs_at=departs
        )
    assert not visit.visitors.exists()


def test_only_accepted_members_are_registered(experiment: Experiment):
    visit = experiment.open()
    with pytest.raises(ValidationError, match="accepted members"):
        services.visitor_register(
            actor=experiment.pi, visit=visit, user=experiment.stranger, arrives_at=START, departs_at=END
        )


def test_a_sample_is_declared_with_one_of_the_proposals_hazard_classes(experiment: Experiment):
    visit = experiment.open()
    services.sample_declare(
        actor=experiment.pi, visit=visit, name="Uranyl acetate stain", hazard="radioactive"
    )
    with pytest.raises(ValidationError):
        services.sample_declare(actor=experiment.pi, visit=visit, name="Mystery", hazard="explosive")
    assert sorted(visit.samples.values_list("hazard", flat=True)) == ["biological", "radioactive"]


def test_the_submitted_visit_is_not_changed_until_changes_are_asked(experiment: Experiment):
    visit = experiment.submitted()
    with pytest.raises(StateConflict):
        services.sample_declare(actor=experiment.pi, visit=visit, name="late", hazard="none")
    services.visit_request_changes(actor=experiment.officer, visit=visit, reason="Name the stain.")
    services.sample_declare(actor=experiment.pi, visit=visit, name="Uranyl acetate", hazard="radioactive")
    assert services.visit_submit(actor=experiment.pi, visit=visit).status == Visit.Status.SUBMITTED
