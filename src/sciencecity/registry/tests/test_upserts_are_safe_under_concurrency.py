"""Two writers of one new record at the same time end with one record, and conflicts are messages."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sciencecity.registry import services
from sciencecity.registry.models import Facility, Organisation

SRC = "https://example.org/source"


def _organisation(name: str) -> services.Upserted[Organisation]:
    return services.organisation_upsert(slug="org-new", name_en=name, kind="company", source=SRC)


def test_a_record_inserted_by_another_writer_after_the_read_is_updated(db, monkeypatch):
    # The other writer's insert lands between this writer's read (which found nothing) and its insert.
    Organisation.objects.create(slug="org-new", name_en="Theirs", kind="company", source=SRC)
    real_find = services._find
    reads: list[str] = []

    def stale_first_read(model, slug, key):
        reads.append(slug)
        return None if len(reads) == 1 else real_find(model, slug, key)

    monkeypatch.setattr(services, "_find", stale_first_read)
    result = _organisation("Ours")

    assert (result.created, result.changed) == (False, True)
    assert list(Organisation.objects.values_list("slug", "name_en")) == [("org-new", "Ours")]


def test_a_unique_value_taken_at_the_same_time_is_a_validation_error_naming_the_record(db, monkeypatch):
    services.facility_upsert(slug="fac-a", code="SAME", name_en="A", source=SRC)
    # The other writer takes the short name after this writer's checks, every time it tries.
    monkeypatch.setattr(Facility, "validate_unique", lambda self, exclude=None: None)

    with pytest.raises(ValidationError) as info:
        services.facility_upsert(slug="fac-b", code="SAME", name_en="B", source=SRC)

    assert info.value.messages == [
        "Facility “fac-b” conflicts with another record written at the same time; try again."
    ]
    assert list(Facility.objects.values_list("slug", flat=True)) == ["fac-a"]


def test_a_unique_value_already_taken_is_refused_by_validation_as_before(db):
    services.facility_upsert(slug="fac-a", code="SAME", name_en="A", source=SRC)
    with pytest.raises(ValidationError) as info:
        services.facility_upsert(slug="fac-b", code="SAME", name_en="B", source=SRC)
    assert "code" in info.value.message_dict


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite takes the write lock at BEGIN (IMMEDIATE): two writers queue, they cannot race",
)
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_new_slug_at_the_same_time_leave_one_record_and_no_error(monkeypatch):
    real_find = services._find
    both_looked = threading.Barrier(2, timeout=30)
    waited = threading.local()

    def find_then_wait_for_the_other(model, slug, key):
        record = real_find(model, slug, key)
        if not getattr(waited, "done", False):
            waited.done = True
            both_looked.wait()  # both writers have read "no such record" before either inserts
        return record

    monkeypatch.setattr(services, "_find", find_then_wait_for_the_other)
    results: list[services.Upserted[Organisation]] = []
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            results.append(_organisation(name))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert Organisation.objects.filter(slug="org-new").count() == 1
