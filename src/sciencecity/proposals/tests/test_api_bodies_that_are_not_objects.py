"""A request body that is not a JSON object is refused (422), and a form body that is not a form is a 400.

Found by fuzzing: ninja's schemas read attributes, so a list or `null` passed as an empty object and a PATCH
or withdrawal went through; and the CSRF check of a signed-in session read a malformed multipart body into a
500.
"""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.api_support import JSON, client_of


@pytest.mark.parametrize("body", [b"[null, null]", b"null", b"[1]", b"7", b'"title"'])
def test_a_patch_whose_body_is_not_an_object_is_a_422(draft, pi, body):
    response = client_of(pi).generic("PATCH", f"/api/proposals/{draft.pk}", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].endswith("Give a JSON object.")


@pytest.mark.parametrize("body", [b"[null, null]", b"[1]", b"7", b'"title"'])  # null is no reason given
def test_a_withdrawal_whose_body_is_not_an_object_is_a_422(draft, pi, body):
    response = client_of(pi).generic("POST", f"/api/proposals/{draft.pk}/withdraw", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].endswith("Give a JSON object.")
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_a_json_body_sent_as_a_malformed_form_is_a_400_not_a_500(draft, pi):
    api = Client(enforce_csrf_checks=True)
    api.force_login(pi)
    token = _get_new_csrf_string()
    api.cookies["csrftoken"] = token  # with its token, the CSRF check goes on to read the form
    response = api.generic(
        "POST",
        f"/api/proposals/{draft.pk}/members",
        b'{"email": "x@example.org"}',
        content_type="multipart/form-data",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
