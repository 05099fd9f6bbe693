"""The spec documents every status each booking operation answers, each error as JSON `{"detail": ...}`."""

import pytest

EXPECTED = {
    ("/api/instruments/{slug}/slots", "get"): {"200", "404", "422", "500"},
    ("/api/bookings", "get"): {"200", "401", "422", "500"},
    ("/api/bookings", "post"): {"201", "400", "401", "403", "409", "422", "500"},
    ("/api/bookings/{booking_id}/cancel", "post"): {"200", "400", "401", "403", "404", "409", "422", "500"},
}


@pytest.fixture
def spec(client, db):
    return client.get("/api/openapi.json").json()


@pytest.mark.parametrize("path, method", EXPECTED.keys(), ids=[f"{m.upper()} {p}" for p, m in EXPECTED])
def test_a_booking_operation_documents_each_status_it_answers(spec, path, method):
    responses = spec["paths"][path][method]["responses"]
    assert set(responses) == EXPECTED[(path, method)]
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            ref = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            assert "detail" in spec["components"]["schemas"][ref]["properties"], status


def test_times_are_documented_with_their_offset(spec):
    body = spec["components"]["schemas"]["BookingIn"]["properties"]
    assert body["start"]["format"] == "date-time" and "offset" in body["start"]["description"]
