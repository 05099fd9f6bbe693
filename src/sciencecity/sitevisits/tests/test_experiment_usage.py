"""Check-in and check-out per experiment make usage records linked to the allocation; their hours count
internal or external like a booking's (accounting.selectors.machine_hours)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.selectors import machine_hours
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.registry.models import Organisation
from sciencecity.sitevisits.tests.conftest import END, START, Experiment
from sciencecity.sitevisits.usage import experiment_check_in, experiment_check_out

H = dt.timedelta(hours=1)


def test_a_member_checks_in_and_out_at_the_instrument_and_the_record_names_the_experiment(
    experiment: Experiment,
):
    experiment.approved(experiment.pi)
    usage = experiment_check_in(actor=experiment.pi, allocation=experiment.allocation, now=START + 10 * H)
    assert usage.experiment == experiment.allocation and usage.booking is None
    assert (usage.instrument, usage.organisation, usage.planned_start) == (
        experiment.beamline,
        experiment.lab,
        START,
    )
    usage = experiment_check_out(actor=experiment.pi, allocation=experiment.allocation, now=START + 12 * H)
    assert usage.state == "checked_out" and usage.hours == pytest.approx(2.0)


def test_the_hours_count_external_for_a_visitor_and_internal_for_the_operators_own_people(
    experiment: Experiment,
):
    operator = Organisation.objects.get(slug="org-light")
    experiment.co.organisation = operator
    experiment.co.save(update_fields=["organisation"])
    experiment.approved(experiment.pi, experiment.co)
    for person, hours in ((experiment.pi, 6), (experiment.co, 3)):
        experiment_check_in(
            actor=experiment.scientist, allocation=experiment.allocation, person=person, now=START
        )
        experiment_check_out(
            actor=experiment.scientist, allocation=experiment.allocation, person=person, now=START + hours * H
        )
    [row] = machine_hours([experiment.beamline], start=START - H, end=END).rows
    assert (row.external, row.internal, row.sessions) == (pytest.approx(6.0), pytest.approx(3.0), 2)


def test_staff_record_the_time_it_happened_a_member_does_not(experiment: Experiment):
    experiment.approved(experiment.pi)
    now = START + 5 * H
    with pytest.raises(PermissionDenied):
        experiment_check_in(actor=experiment.pi, allocation=experiment.allocation, at=START, now=now)
    usage = experiment_check_in(
        actor=experiment.manager, allocation=experiment.allocation, person=experiment.pi, at=START, now=now
    )
    assert usage.actual_start == START and usage.recorded_by == experiment.manager
    with pytest.raises(ValidationError):
        experiment_check_out(
            actor=experiment.manager,
            allocation=experiment.allocation,
            person=experiment.pi,
            at=START,
            now=now,
        )


def test_a_member_checks_in_only_within_the_window_and_only_once(experiment: Experiment):
    experiment.approved(experiment.pi)
    with pytest.raises(StateConflict, match="15 minutes"):
        experiment_check_in(
            actor=experiment.pi, allocation=experiment.allocation, now=START - dt.timedelta(minutes=16)
        )
    experiment_check_in(
        actor=experiment.pi, allocation=experiment.allocation, now=START - dt.timedelta(minutes=15)
    )
    with pytest.raises(StateConflict, match="already checked in"):
        experiment_check_in(actor=experiment.pi, allocation=experiment.allocation, now=START)
    assert UsageRecord.objects.count() == 1


def test_nobody_uses_the_instrument_without_an_approved_on_site_registration(experiment: Experiment):
    experiment.submitted(experiment.pi)
    with pytest.raises(StateConflict, match="approved visit"):
        experiment_check_in(actor=experiment.pi, allocation=experiment.allocation, now=START)
    with pytest.raises(StateConflict, match="approved visit"):
        experiment_check_in(
            actor=experiment.scientist, allocation=experiment.allocation, person=experiment.co, now=START
        )


@pytest.mark.parametrize("who", ["co", "officer", "office", "other_proposer", "stranger"])
def test_only_staff_check_in_someone_else(experiment: Experiment, who: str):
    experiment.approved(experiment.pi)
    with pytest.raises(PermissionDenied):
        experiment_check_in(
            actor=getattr(experiment, who), allocation=experiment.allocation, person=experiment.pi, now=START
        )
