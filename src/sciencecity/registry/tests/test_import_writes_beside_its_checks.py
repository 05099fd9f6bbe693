"""On PostgreSQL the import writes each batch from a second thread while it checks the next: the rows all
arrive, a failed write undoes the whole import and is raised, and no thread outlives the import."""

import threading

import pytest
from django.db import connection

from sciencecity.registry import bulk, services
from sciencecity.registry.models import Instrument
from sciencecity.registry.tests.test_bulk_import import HEADER, SOURCE, _line, _rows

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY path")


@pytest.fixture
def facility(db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(slug="fac-a", code="A", name_en="A", operator="org-a", source=SOURCE)


def _senders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-sender"]


def test_every_batch_arrives(facility):
    text = HEADER + "".join(_line(f"i{n}") for n in range(7))
    report = bulk.import_rows("instruments", _rows(text), batch_size=2)
    assert report.created == 7
    assert sorted(Instrument.objects.values_list("slug", flat=True)) == sorted(f"i{n}" for n in range(7))
    assert _senders() == []


def test_a_failed_write_undoes_the_import_and_is_raised(facility, monkeypatch):
    written = bulk._copy_and_upsert
    calls: list[int] = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the server refused the second batch")
        written(*args, **kwargs)

    monkeypatch.setattr(bulk, "_copy_and_upsert", second_fails)
    text = HEADER + "".join(_line(f"i{n}") for n in range(7))
    with pytest.raises(RuntimeError, match="second batch"):
        bulk.import_rows("instruments", _rows(text), batch_size=2)
    assert not Instrument.objects.exists() and _senders() == []
