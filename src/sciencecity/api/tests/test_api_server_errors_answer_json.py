import logging

import pytest
from django.test import Client

from sciencecity.registry import selectors


def _broken(**_filters):
    raise RuntimeError("the database fell over")


@pytest.mark.parametrize("debug", [False, True], ids=["debug off", "debug on"])
def test_an_unexpected_error_in_the_api_is_a_logged_json_500(db, settings, monkeypatch, caplog, debug):
    settings.DEBUG = debug
    monkeypatch.setattr(selectors, "facility_list", _broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/api/facilities")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Internal Server Error"}
    assert "the database fell over" not in response.content.decode()
    assert any(record.exc_info and record.exc_info[0] is RuntimeError for record in caplog.records)


def test_the_test_client_still_raises_the_error_for_debugging(db, monkeypatch):
    monkeypatch.setattr(selectors, "facility_list", _broken)
    with pytest.raises(RuntimeError, match="the database fell over"):
        Client().get("/api/facilities")
