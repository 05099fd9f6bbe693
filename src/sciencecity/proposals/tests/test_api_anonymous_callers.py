"""Nobody reads or changes a proposal anonymously: every signed-in operation is a documented JSON 401."""

import pytest
from django.test import Client

from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.api_support import JSON, client_of

SIGNED_IN_OPERATIONS = [
    ("get", "/api/proposals"),
    ("post", "/api/proposals"),
    ("get", "/api/proposals/{proposal}"),
    ("patch", "/api/proposals/{proposal}"),
    ("post", "/api/proposals/{proposal}/submit"),
    ("post", "/api/proposals/{proposal}/withdraw"),
    ("post", "/api/proposals/{proposal}/members"),
    ("get", "/api/invitations"),
    ("post", "/api/invitations/{member}/accept"),
    ("post", "/api/invitations/{member}/decline"),
]


def _url(template, draft):
    return template.format(proposal=draft.pk, member=draft.members.get().pk)


@pytest.mark.parametrize(("method", "path"), SIGNED_IN_OPERATIONS)
def test_an_anonymous_caller_gets_a_json_401(draft, method, path):
    # CSRF checks on, as for a real client: an anonymous caller is a 401 all the same, not a CSRF 403.
    response = getattr(Client(enforce_csrf_checks=True), method)(_url(path, draft), {}, content_type=JSON)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT and draft.title != ""


@pytest.mark.parametrize(("method", "path"), SIGNED_IN_OPERATIONS)
def test_the_spec_documents_the_401_of_every_signed_in_operation(client, db, method, path):
    spec = client.get("/api/openapi.json").json()
    template = path.replace("{proposal}", "{proposal_id}").replace("{member}", "{member_id}")
    responses = spec["paths"][template][method]["responses"]
    assert "401" in responses
    if method != "get":
        assert {"403", "422"} <= set(responses)


def test_a_signed_in_session_without_its_csrf_token_may_not_write_403(draft, pi):
    api = Client(enforce_csrf_checks=True)
    api.force_login(pi)
    assert api.get(f"/api/proposals/{draft.pk}").status_code == 200
    response = api.post(f"/api/proposals/{draft.pk}/submit")
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_open_calls_and_fields_need_no_sign_in(client, call):
    assert client.get("/api/calls").status_code == 200
    assert client.get("/api/fields").status_code == 200
    assert client_of(None).get("/api/calls", {"status": "draft"}).json()["items"] == []
