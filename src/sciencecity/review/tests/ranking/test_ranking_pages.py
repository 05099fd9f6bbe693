"""The chair's ranking page, the officer's decision page and the printable proposal: who sees what."""

import re

import pytest
from django.urls import reverse

from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.conftest import user
from sciencecity.review.models import RankAdjustment
from sciencecity.review.ranking_services import peer_review_finish


def panel_url(s):
    return reverse("ranking:panel", args=[s.call.pk, s.panel.pk])


def test_the_chair_sees_the_ranking_with_anonymous_reviewers(client, scenario):
    client.force_login(scenario.chair)
    page = client.get(panel_url(scenario)).content.decode()
    refs = [scenario.proposals[n].reference for n in "ABC"]
    assert page.index(refs[0]) < page.index(refs[1]) < page.index(refs[2])
    assert "Reviewer 1: 5" in page and "feasible" in page
    # Whole words only: the page's random CSRF token may hold "r1" as letters inside it.
    assert not any(re.search(rf"\b{name}\b", page) for name in scenario.reviewers)
    assert not any(person.email in page for person in scenario.reviewers.values())


@pytest.mark.parametrize("who", ["reviewer", "stranger", "other facility's officer"])
def test_the_ranking_page_is_a_404_for_reviewers_strangers_and_other_facilities(
    client, scenario, other_officer, who
):
    people = {
        "reviewer": scenario.reviewers["r1"],
        "stranger": user("stranger"),
        "other facility's officer": other_officer,
    }
    client.force_login(people[who])
    assert client.get(panel_url(scenario)).status_code == 404
    sheet = reverse("ranking:sheet-csv", args=[scenario.call.pk, scenario.panel.pk])
    assert client.get(sheet).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, scenario):
    assert client.get(panel_url(scenario)).status_code == 302


def test_the_chair_moves_a_proposal_through_htmx_and_gets_the_new_table(client, scenario):
    client.force_login(scenario.chair)
    c = scenario.proposals["C"]
    move = reverse("ranking:move", args=[scenario.call.pk, scenario.panel.pk, c.pk])
    response = client.post(move, {"steps": "1", "reason": "Unique sample"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and html.index(c.reference) < html.index(scenario.proposals["B"].reference)
    assert RankAdjustment.objects.get().reason == "Unique sample"


def test_a_move_without_a_reason_is_refused_on_the_page(client, scenario):
    client.force_login(scenario.chair)
    move = reverse("ranking:move", args=[scenario.call.pk, scenario.panel.pk, scenario.proposals["C"].pk])
    assert client.post(move, {"steps": "1", "reason": ""}).status_code == 422
    assert not RankAdjustment.objects.exists()


def test_the_officer_sees_the_ranking_but_cannot_move(client, scenario):
    client.force_login(scenario.officer)
    assert client.get(panel_url(scenario)).status_code == 200
    move = reverse("ranking:move", args=[scenario.call.pk, scenario.panel.pk, scenario.proposals["C"].pk])
    assert client.post(move, {"steps": "1", "reason": "x"}).status_code == 403
    assert not RankAdjustment.objects.exists()


def test_the_officer_finishes_peer_review_and_records_decisions_on_the_page(client, scenario):
    client.force_login(scenario.officer)
    decisions = reverse("ranking:decisions", args=[scenario.call.pk])
    assert client.post(reverse("ranking:finish", args=[scenario.call.pk])).status_code == 302
    a = scenario.proposals["A"]
    first, second = a.requests.order_by("pk")
    decide = reverse("ranking:decide", args=[scenario.call.pk, a.pk])
    too_many = client.post(
        decide, {"decision": "recommend", f"request-{first.pk}": "10", f"request-{second.pk}": "1"}
    )
    assert too_many.status_code == 422 and "not 10" in too_many.content.decode()
    ok = client.post(
        decide, {"decision": "recommend", f"request-{first.pk}": "9", f"request-{second.pk}": "1"}
    )
    assert ok.status_code == 302
    assert [r.recommended_shifts for r in a.requests.order_by("pk")] == [9, 1]
    b = scenario.proposals["B"]
    client.post(
        reverse("ranking:decide", args=[scenario.call.pk, b.pk]), {"decision": "reject", "reason": "Scope"}
    )
    assert Proposal.objects.get(pk=b.pk).status == "rejected"
    assert client.get(decisions).status_code == 200


def test_the_decision_page_is_the_officers_only(client, scenario, other_officer):
    peer_review_finish(actor=scenario.officer, call=scenario.call)
    for person in (scenario.chair, other_officer, scenario.reviewers["r1"]):
        client.force_login(person)
        assert client.get(reverse("ranking:decisions", args=[scenario.call.pk])).status_code == 404
        decide = reverse("ranking:decide", args=[scenario.call.pk, scenario.proposals["B"].pk])
        assert client.post(decide, {"decision": "reject", "reason": "x"}).status_code == 404
    assert Proposal.objects.get(pk=scenario.proposals["B"].pk).status == "ranked"


def test_the_printable_proposal_is_for_the_chair_and_officer(client, scenario):
    url = reverse("ranking:print", args=[scenario.proposals["A"].pk])
    client.force_login(scenario.chair)
    page = client.get(url).content.decode()
    assert "Reviewer 2: 4" in page and "data-print" in page and "style=" not in page
    client.force_login(scenario.reviewers["r1"])
    assert client.get(url).status_code == 404


def test_the_ranking_page_speaks_chinese(client, scenario):
    client.force_login(scenario.chair)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(panel_url(scenario)).content.decode()
    assert "“结构生物学”评审组排名" in page and "评审人 1：5" in page and "上移" in page
