"""POST, GET and PATCH /api/proposals: a draft is written, read and changed by its members through the API."""

import pytest

from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.api_support import JSON, client_of, officer_of, proposal_body
from sciencecity.proposals.tests.conftest import user


@pytest.fixture
def api(pi):
    return client_of(pi)


def test_posting_a_proposal_answers_201_with_its_id_and_draft_status(api, call, field, beamlines, pi):
    response = api.post("/api/proposals", proposal_body(call, field, beamlines[:2]), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    proposal = Proposal.objects.get(pk=body["id"])
    assert body["status"] == "draft" and proposal.status == Proposal.Status.DRAFT
    assert body["call"] == call.pk and body["field"] == "field-bio" and body["facility"] == "fac-light"
    assert body["requests"] == [
        {
            "instruments": ["ins-bl01", "ins-bl02"],
            "shifts": 9,
            "earliest": "2026-10-01",
            "latest": "2026-12-01",
            "unavailable": [["2026-10-20", "2026-10-25"]],
        }
    ]
    assert body["samples"] == [{"name": "Transporter crystals", "hazard": "biological"}]
    [member] = body["members"]
    assert (member["role"], member["status"], member["email"]) == ("pi", "accepted", pi.email)
    assert body["created_at"].endswith("+08:00") and body["submitted_at"] is None


def test_a_draft_may_be_incomplete(api, call):
    response = api.post("/api/proposals", {"call": call.pk, "title": "Idea"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["requests"] == [] and response.json()["field"] is None


def test_the_pi_reads_the_draft_back(api, draft):
    response = api.get(f"/api/proposals/{draft.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == draft.pk and response.json()["title"] == draft.title


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"call": 999_999}, ["body", "call"]),
        ({"field": "field-none"}, ["body", "field"]),
        ({"requests": [{"instruments": ["ins-none"], "shifts": 2}]}, ["body", "requests"]),
        (
            {
                "requests": [
                    {"instruments": [], "shifts": 2, "earliest": "2026-11-01", "latest": "2026-10-01"}
                ]
            },
            ["body", "requests"],
        ),
        ({"requests": [{"instruments": [], "shifts": 0}]}, ["body", "payload", "requests", 0, "shifts"]),
        ({"samples": [{"name": "x", "hazard": "explosive"}]}, ["body", "payload", "samples", 0, "hazard"]),
    ],
)
def test_a_proposal_with_unknown_references_or_bad_parts_is_a_422_naming_them(
    api, call, field, beamlines, change, loc
):
    response = api.post("/api/proposals", proposal_body(call, field, beamlines) | change, content_type=JSON)
    assert response.status_code == 422, response.content
    assert loc in [p["loc"] for p in response.json()["detail"]]
    assert not Proposal.objects.exists()


def test_a_draft_call_is_not_there_for_an_applicant(api, call, field, beamlines):
    Call.objects.filter(pk=call.pk).update(status="draft")
    response = api.post("/api/proposals", proposal_body(call, field, beamlines), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "call"]


def test_a_proposal_to_a_closed_call_is_a_409(api, call, field, beamlines):
    services.call_close(actor=None, call=call)
    response = api.post("/api/proposals", proposal_body(call, field, beamlines), content_type=JSON)
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]


def test_patch_changes_only_what_is_given(api, draft):
    response = api.patch(f"/api/proposals/{draft.pk}", {"title": "A new title"}, content_type=JSON)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "A new title" and draft.field is not None
    assert draft.requests.count() == 1 and draft.samples.count() == 1


def test_patch_replaces_requests_and_samples_when_given(api, draft, beamlines):
    change = {
        "requests": [{"instruments": [beamlines[1].slug], "shifts": 3}, {"instruments": [], "shifts": 1}],
        "samples": [],
        "field": None,
    }
    response = api.patch(f"/api/proposals/{draft.pk}", change, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["instruments"] for r in body["requests"]] == [["ins-bl02"], []]
    assert body["samples"] == [] and body["field"] is None


def test_an_accepted_co_proposer_edits_the_draft_too(draft, pi):
    colleague = user("colleague")
    services.member_respond(
        user=colleague,
        member=services.member_invite(actor=pi, proposal=draft, email=colleague.email),
        accept=True,
    )
    response = client_of(colleague).patch(f"/api/proposals/{draft.pk}", {"abstract": "x"}, content_type=JSON)
    assert response.status_code == 200


def test_a_submitted_proposal_cannot_be_edited_409(api, draft, pi):
    services.proposal_submit(actor=pi, proposal=draft)
    response = api.patch(f"/api/proposals/{draft.pk}", {"title": "Too late"}, content_type=JSON)
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.title != "Too late"


def test_an_officer_who_reads_a_submitted_proposal_may_not_edit_it_403(draft, pi, facility):
    services.proposal_submit(actor=pi, proposal=draft)
    officer = client_of(officer_of(facility))
    assert officer.get(f"/api/proposals/{draft.pk}").status_code == 200
    response = officer.patch(f"/api/proposals/{draft.pk}", {"title": "Officer's"}, content_type=JSON)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_stranger_neither_reads_nor_edits_the_draft_404(draft):
    stranger = client_of(user("stranger"))
    assert stranger.get(f"/api/proposals/{draft.pk}").status_code == 404
    response = stranger.patch(f"/api/proposals/{draft.pk}", {"title": "Mine"}, content_type=JSON)
    assert response.status_code == 404
    assert response.json() == stranger.get("/api/proposals/999999").json() == {"detail": "No such proposal."}
