"""Twenty threads redeem one voucher at once, each on its own invoice and database connection.

The voucher (1 000.00) is less than what they ask (20 x 100.00); the yearly cap is lowered to 700.00. Whatever
order the database lets them in, the voucher pays exactly up to the cap, never below a zero balance, every
refusal is a StateConflict, and the ledger and the counters agree.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from sciencecity.core.errors import StateConflict
from sciencecity.core.tests.threads import BARRIER_TIMEOUT_S
from sciencecity.registry import services as registry
from sciencecity.vouchers import selectors, services
from sciencecity.vouchers.models import Voucher, YearSpend
from sciencecity.vouchers.tests.conftest import SRC

THREADS = 20


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict.get("TEST", {}).get("NAME"),
    reason="SQLite's in-memory test database shares one cache between connections (see booking's test)",
)
@pytest.mark.many_connections
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_redemptions_never_overspend_the_voucher_or_the_cap(world):
    world.scheme.yearly_cap = Decimal("700.00")
    world.scheme.save(update_fields=["yearly_cap"])
    voucher = world.voucher("1000.00")
    # One draft per customer and month: twenty providers of the scheme bill the firm for the same month.
    providers = [
        registry.organisation_upsert(
            slug=f"org-v-lab-{n}", name_en=f"Lab {n}", kind="company", source=SRC
        ).record
        for n in range(THREADS)
    ]
    world.scheme.eligible_providers.add(*providers)
    invoices = [
        world.invoice([(world.ms, "200.00")], provider=p, period=dt.date(2026, 6, 1)) for p in providers
    ]
    start_line = threading.Barrier(THREADS, timeout=BARRIER_TIMEOUT_S)
    outcomes: list[str] = []
    errors: list[str] = []

    def act(n: int) -> None:
        try:
            start_line.wait()
            try:
                services.voucher_redeem(actor=world.erin, invoice=invoices[n], voucher=voucher)
                outcomes.append("paid")
            except StateConflict:
                outcomes.append("refused")
        except Exception as exc:  # reported by the assertions below
            errors.append(f"{n}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(outcomes) == THREADS
    voucher = Voucher.objects.get(pk=voucher.pk)
    assert voucher.balance == Decimal("300.00")  # 1 000.00 less the 700.00 cap, never lower
    assert YearSpend.objects.get(voucher=voucher, year=2026).spent == Decimal("700.00")
    assert selectors.ledger_balance(voucher) == voucher.balance
    assert outcomes.count("paid") == 7  # seven shares of 100.00 fit under the cap
    assert voucher.ledger.filter(kind="redeem").count() == 7
