"""`POST /api/experiments/{id}/check-in` and `.../check-out` answer as the conventions say: 401, 404, 403,
409, 422 and 200, judged at the real time (the experiment is moved to the current hour)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits import services
from sciencecity.sitevisits.tests.conftest import Experiment

JSON = "application/json"
H = dt.timedelta(hours=1)


def _post(person: User | None, path: str, body: Any = None) -> Any:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client.post(path, body if body is not None else {}, content_type=JSON)


@pytest.fixture
def running(experiment: Experiment) -> Experiment:
    """The experiment runs now; the PI is registered on site in its approved visit, the co-proposer remote."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    Allocation.objects.filter(pk=experiment.allocation.pk).update(starts_at=hour - H, ends_at=hour + 7 * H)
    experiment.allocation.refresh_from_db()
    visit = experiment.ready(experiment.pi)
    services.visitor_register(
        actor=experiment.pi,
        visit=visit,
        user=experiment.co,
        arrives_at=hour,
        departs_at=hour + H,
        on_site=False,
    )
    services.visit_submit(actor=experiment.pi, visit=visit)
    experiment.train(experiment.pi)
    services.visit_approve(actor=experiment.officer, visit=visit)
    return experiment


def _path(experiment: Experiment, action: str) -> str:
    return f"/api/experiments/{experiment.allocation.pk}/{action}"


def test_the_member_checks_in_and_out_of_the_running_experiment(running: Experiment):
    response = _post(running.pi, _path(running, "check-in"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["user"], body["instrument"], body["booking"], body["state"]) == (
        "pia",
        "ins-bl01",
        None,
        "checked_in",
    )
    assert "+08:00" in body["actual_start"]
    response = _post(running.pi, _path(running, "check-out"))
    assert response.status_code == 200 and response.json()["state"] == "checked_out"


def test_staff_check_a_named_member_in_at_an_earlier_time(running: Experiment):
    at = (timezone.now() - dt.timedelta(minutes=30)).isoformat()
    response = _post(running.scientist, _path(running, "check-in"), {"user": "pia", "at": at})
    assert response.status_code == 200 and response.json()["user"] == "pia"


def test_anonymous_callers_get_401(running: Experiment):
    assert _post(None, _path(running, "check-in")).status_code == 401


@pytest.mark.parametrize("who", ["other_proposer", "other_officer", "stranger"])
def test_an_experiment_the_caller_may_not_read_is_404(running: Experiment, who: str):
    response = _post(getattr(running, who), _path(running, "check-in"))
    assert response.status_code == 404 and response.json() == {"detail": "No such experiment."}


def test_a_user_off_the_team_is_404(running: Experiment):
    assert _post(running.scientist, _path(running, "check-in"), {"user": "stan"}).status_code == 404


def test_a_member_checking_in_someone_else_is_403(running: Experiment):
    response = _post(running.co, _path(running, "check-in"), {"user": "pia"})
    assert response.status_code == 403 and "detail" in response.json()


def test_a_remote_member_and_a_second_check_in_are_409(running: Experiment):
    assert _post(running.co, _path(running, "check-in")).status_code == 409
    assert _post(running.pi, _path(running, "check-out")).status_code == 409  # not checked in yet
    assert _post(running.pi, _path(running, "check-in")).status_code == 200
    assert _post(running.pi, _path(running, "check-in")).status_code == 409


@pytest.mark.parametrize("body", [{"at": "2026-03-01T10:00:00"}, {"at": 5}, ["at"]])
def test_naive_times_and_bodies_that_are_not_objects_are_422(running: Experiment, body: Any):
    assert _post(running.scientist, _path(running, "check-in"), body).status_code == 422
