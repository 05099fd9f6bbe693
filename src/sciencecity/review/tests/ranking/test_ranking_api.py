"""GET /api/calls/{id}/ranking: the chair and the officer read it; anyone else 404 (anonymous 401)."""

import pytest

from sciencecity.proposals.tests.conftest import user
from sciencecity.review.ranking_services import rank_adjust


def url(call):
    return f"/api/calls/{call.pk}/ranking"


@pytest.mark.parametrize("who", ["chair", "officer"])
def test_the_chair_and_the_officer_read_the_ranked_rows(client, scenario, who):
    rank_adjust(
        actor=scenario.chair, panel=scenario.panel, proposal=scenario.proposals["C"], steps=1, reason="x"
    )
    client.force_login(getattr(scenario, who))
    response = client.get(url(scenario.call))
    assert response.status_code == 200
    rows = response.json()
    assert [r["reference"] for r in rows] == [scenario.proposals[n].reference for n in "ACB"]
    first = rows[0]
    assert first["mean"] == 4.5 and first["n_reviews"] == 2 and first["rank"] == 1
    assert first["spread"] == {"low": 4, "high": 5, "std": 0.5}
    assert first["technical_verdicts"] == [{"instrument": "BL01", "verdict": "feasible"}]
    assert (first["requested_shifts"], first["recommended_shifts"], first["adjusted"]) == (12, None, False)
    assert rows[1]["adjusted"] is True
    assert "reviewer" not in response.content.decode().lower()


@pytest.mark.parametrize("who", ["reviewer", "stranger", "pi", "other facility's officer"])
def test_everyone_else_gets_a_404(client, scenario, other_officer, who):
    people = {
        "reviewer": scenario.reviewers["r1"],
        "stranger": user("stranger"),
        "pi": scenario.proposals["A"].members.get(role="pi").user,
        "other facility's officer": other_officer,
    }
    client.force_login(people[who])
    response = client.get(url(scenario.call))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_anonymous_caller_gets_a_401(client, scenario):
    assert client.get(url(scenario.call)).status_code == 401


def test_an_unknown_call_is_a_404_like_a_hidden_one(client, scenario):
    client.force_login(scenario.officer)
    assert client.get("/api/calls/999999/ranking").status_code == 404
