"""The ledger refuses rewriting, in the model and in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from sciencecity.vouchers.models import LedgerEntry


def test_the_model_refuses_to_change_or_delete_a_ledger_line(world):
    entry = world.voucher().ledger.get()
    entry.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_the_database_refuses_an_update_behind_the_models_back(world):
    entry = world.voucher().ledger.get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {LedgerEntry._meta.db_table} SET amount = 0 WHERE id = %s", [entry.pk])  # noqa: S608 - the table name is ours
    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's test flush deletes rows")
def test_the_database_refuses_a_delete_on_postgresql(world):
    entry = world.voucher().ledger.get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LedgerEntry._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608 - the table name is ours
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_a_negative_balance(world):
    from sciencecity.vouchers.models import Voucher

    voucher = world.voucher("10.00")
    from django.db import IntegrityError
    from django.db.models import F

    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).update(balance=F("balance") - 11)
