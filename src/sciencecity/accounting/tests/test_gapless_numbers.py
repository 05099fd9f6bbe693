"""Invoice numbers run 1, 2, 3 … per provider and year, no gap and no duplicate, also under concurrency."""

import datetime as dt
import threading

import pytest
from django.db import connection

from sciencecity.accounting.models import Invoice
from sciencecity.accounting.services import billing_profile_upsert, invoice_issue, invoices_draft_for_month
from sciencecity.accounting.tests.billing_helpers import ISSUE_DAY
from sciencecity.accounting.tests.conftest import MONTH, SHANGHAI, on
from sciencecity.core.tests.threads import BARRIER_TIMEOUT_S
from sciencecity.registry import services as registry
from sciencecity.registry.models import Organisation

THREADS = 8


def _drafts(shop, count: int) -> list[Invoice]:
    """`count` drafts of the provider, one per customer firm, each with one session."""
    for n in range(count):
        firm = registry.organisation_upsert(
            slug=f"org-firm-{n}", name_en=f"Firm {n}", kind=Organisation.Kind.COMPANY, source="https://e.org"
        ).record
        shop.use(shop.erin, on(2, 8 + n % 10, 0), 0.5, organisation=firm)
    return invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager).invoices


def test_numbers_follow_each_other_per_provider_and_start_again_each_year(shop):
    billing_profile_upsert(provider=shop.provider, prefix="LSI")
    first, second = _drafts(shop, 2)
    assert invoice_issue(invoice=first, actor=shop.manager, now=ISSUE_DAY).number == "LSI-2027-0001"
    new_year = dt.datetime(
        2028, 1, 1, 0, 5, tzinfo=SHANGHAI
    )  # 31 December 2027 in UTC: the local year counts
    assert invoice_issue(invoice=second, actor=shop.manager, now=new_year).number == "LSI-2028-0001"


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict.get("TEST", {}).get("NAME"),
    reason="an in-memory SQLite database cannot queue writers of several connections",
)
@pytest.mark.many_connections
@pytest.mark.django_db(transaction=True)
def test_threads_issuing_at_once_get_one_to_n_with_no_gap_or_duplicate(shop):
    drafts = _drafts(shop, THREADS)
    start_line = threading.Barrier(THREADS, timeout=BARRIER_TIMEOUT_S)
    numbers: list[str] = []
    errors: list[str] = []

    def issue(invoice: Invoice) -> None:
        try:
            start_line.wait()
            numbers.append(invoice_issue(invoice=invoice, actor=shop.manager, now=ISSUE_DAY).number)
        except Exception as exc:  # reported by the assertions below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = [f"LS-2027-{n:04d}" for n in range(1, THREADS + 1)]
    assert sorted(numbers) == expected
    assert sorted(Invoice.objects.values_list("number", flat=True)) == expected
