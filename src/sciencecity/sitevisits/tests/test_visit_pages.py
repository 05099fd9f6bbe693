"""The team's visit page (linked from the proposal page), the safety officer's queue and review page, and
who may open them."""

from __future__ import annotations

import pytest
from django.test import Client

from sciencecity.sitevisits.models import Visit
from sciencecity.sitevisits.tests.conftest import Experiment


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit_url(experiment: Experiment) -> str:
    return f"/site-visits/experiments/{experiment.allocation.pk}/"


def test_the_proposal_page_links_the_team_to_its_visit(experiment: Experiment):
    page = _client(experiment.pi).get(f"/proposals/{experiment.proposal.pk}/").content.decode()
    assert _visit_url(experiment) in page


def test_the_team_registers_declares_fills_in_and_submits_through_the_page(experiment: Experiment):
    client = _client(experiment.co)
    url = _visit_url(experiment)
    assert "Register the visit" in client.get(url).content.decode()
    assert client.post(url, {"action": "open"}).status_code == 302
    response = client.post(
        url,
        {
            "action": "register",
            "user": experiment.co.pk,
            "on_site": "on",
            "arrives_at": "2027-03-10T07:00",
            "departs_at": "2027-03-12T09:00",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    visitor = visit.visitors.get()
    assert visitor.arrives_at.isoformat() == "2027-03-09T23:00:00+00:00"  # read in the facility's time
    client.post(url, {"action": "sample", "name": "Heavy-atom soak", "hazard": "toxic", "quantity": "2 ml"})
    client.post(
        url,
        {
            "action": "safety",
            "hazards_acknowledged": "on",
            "handling": "Fume hood.",
            "waste": "Chemical waste bin.",
            "emergency_name": "Lab head",
            "emergency_phone": "123",
        },
    )
    page = client.get(url).content.decode()
    assert "Heavy-atom soak" in page and "Submit to the safety officer" in page
    assert client.post(url, {"action": "submit"}).status_code == 302
    assert Visit.objects.get().status == Visit.Status.SUBMITTED


def test_a_refused_registration_answers_422_with_the_reason(experiment: Experiment):
    experiment.open()
    response = _client(experiment.pi).post(
        _visit_url(experiment),
        {
            "action": "register",
            "user": experiment.pi.pk,
            "arrives_at": "2027-04-01T08:00",
            "departs_at": "2027-04-02T08:00",
        },
    )
    assert response.status_code == 422 and "Come during the experiment" in response.content.decode()


def test_the_visit_page_is_in_chinese_for_a_chinese_reader(experiment: Experiment):
    experiment.open()
    page = _client(experiment.pi).get(_visit_url(experiment), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "来访人员" in page and "安全表" in page


def test_an_anonymous_visitor_is_sent_to_log_in(experiment: Experiment):
    for url in (_visit_url(experiment), "/site-visits/queue/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["other_proposer", "other_officer", "stranger"])
def test_another_proposer_or_another_facilitys_staff_find_no_experiment(experiment: Experiment, who: str):
    visit = experiment.submitted()
    client = _client(getattr(experiment, who))
    assert client.get(_visit_url(experiment)).status_code == 404
    assert client.post(_visit_url(experiment), {"action": "open"}).status_code == 404
    assert client.get(f"/site-visits/visits/{visit.pk}/review/").status_code == 404


def test_the_team_member_cannot_approve_its_own_visit(experiment: Experiment):
    visit = experiment.submitted()
    experiment.train(experiment.pi)
    client = _client(experiment.pi)
    assert client.get(f"/site-visits/visits/{visit.pk}/review/").status_code == 403
    assert client.post(f"/site-visits/visits/{visit.pk}/review/", {"action": "approve"}).status_code == 403
    assert client.get("/site-visits/queue/").status_code == 404
    assert Visit.objects.get().status == Visit.Status.SUBMITTED


def test_the_officer_is_refused_approval_for_missing_training_then_approves(experiment: Experiment):
    visit = experiment.submitted()
    client = _client(experiment.officer)
    queue = client.get("/site-visits/queue/").content.decode()
    assert f"/site-visits/visits/{visit.pk}/review/" in queue
    url = f"/site-visits/visits/{visit.pk}/review/"
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 409
    assert "Pia lacks “Radiation safety”" in response.content.decode()
    experiment.train(experiment.pi)
    assert client.post(url, {"action": "approve"}).status_code == 302
    assert Visit.objects.get().status == Visit.Status.APPROVED


def test_the_officer_asks_for_changes_and_the_team_sees_why(experiment: Experiment):
    visit = experiment.submitted()
    url = f"/site-visits/visits/{visit.pk}/review/"
    assert _client(experiment.officer).post(url, {"action": "changes", "reason": ""}).status_code == 422
    assert (
        _client(experiment.officer).post(url, {"action": "changes", "reason": "Name the stain."}).status_code
        == 302
    )
    page = _client(experiment.pi).get(_visit_url(experiment)).content.decode()
    assert "Name the stain." in page and 'id="register-form"' in page


@pytest.mark.parametrize("who", ["office", "manager"])
def test_the_facilitys_office_reads_the_review_page_without_deciding(experiment: Experiment, who: str):
    visit = experiment.submitted()
    client = _client(getattr(experiment, who))
    page = client.get(f"/site-visits/visits/{visit.pk}/review/").content.decode()
    assert "Transporter crystals" in page and 'value="approve"' not in page
    assert client.post(f"/site-visits/visits/{visit.pk}/review/", {"action": "approve"}).status_code == 403
