"""A write SQLite refused at its start ("database is locked") is tried again, only outside a transaction."""

import pytest
from django.db import OperationalError, transaction

from sciencecity.booking import retry


def flaky(failures: int, message: str = "database is locked"):
    calls = []

    def write() -> str:
        calls.append(1)
        if len(calls) <= failures:
            raise OperationalError(message)
        return "done"

    return write, calls


@pytest.mark.django_db(transaction=True)
def test_a_locked_start_is_tried_again_until_it_goes_through():
    write, calls = flaky(retry.ATTEMPTS - 1)
    assert retry.when_locked(write)() == "done" and len(calls) == retry.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_the_lock_error_is_raised():
    write, calls = flaky(retry.ATTEMPTS)
    with pytest.raises(OperationalError):
        retry.when_locked(write)()
    assert len(calls) == retry.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_and_writes_inside_a_transaction_are_not_retried():
    write, calls = flaky(1, "disk I/O error")
    with pytest.raises(OperationalError):
        retry.when_locked(write)()
    locked, locked_calls = flaky(1)
    with pytest.raises(OperationalError), transaction.atomic():
        retry.when_locked(locked)()
    assert len(calls) == len(locked_calls) == 1
