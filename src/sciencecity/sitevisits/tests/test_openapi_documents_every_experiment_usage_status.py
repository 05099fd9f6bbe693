"""The spec documents every status of the experiment check-in and check-out, errors as `{"detail": ...}`."""

import pytest

WRITE = {"200", "400", "401", "403", "404", "409", "422", "500"}
EXPECTED = {
    ("/api/experiments/{experiment_id}/check-in", "post"): WRITE,
    ("/api/experiments/{experiment_id}/check-out", "post"): WRITE,
}


@pytest.fixture
def spec(client, db):
    return client.get("/api/openapi.json").json()


@pytest.mark.parametrize("path, method", EXPECTED.keys(), ids=[f"{m.upper()} {p}" for p, m in EXPECTED])
def test_an_experiment_usage_operation_documents_each_status_it_answers(spec, path, method):
    responses = spec["paths"][path][method]["responses"]
    assert set(responses) == EXPECTED[(path, method)]
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            ref = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            assert "detail" in spec["components"]["schemas"][ref]["properties"], status
