"""What a month's draft takes: checked-out sessions of the month at the provider's instruments, once."""

import datetime as dt
from decimal import Decimal

import pytest

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.services import invoices_draft_for_month
from sciencecity.accounting.tests.conftest import MONTH, on
from sciencecity.core.errors import PermissionDenied


def test_no_shows_open_sessions_other_months_and_the_providers_own_people_are_not_billed(shop):
    billed = shop.use(shop.erin, on(2, 9), 1)
    UsageRecord.objects.create(
        instrument=shop.microscope,
        user=shop.erin,
        organisation=shop.firm,
        no_show=True,
        planned_start=on(3, 9),
        planned_end=on(3, 10),
    )
    UsageRecord.objects.create(
        instrument=shop.microscope,
        user=shop.erin,
        organisation=shop.firm,
        planned_start=on(4, 9),
        planned_end=on(4, 10),
        actual_start=on(4, 9),
    )
    shop.use(shop.erin, on(1, 9, month=dt.date(2027, 4, 1)), 1)  # April
    shop.use(shop.manager, on(5, 9), 1, organisation=shop.provider)  # the provider's own staff
    report = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    (invoice,) = report.invoices
    assert list(invoice.lines.values_list("usage_record", flat=True)) == [billed.pk]
    assert len(report.skipped) == 1  # the provider's own use, listed with its reason


def test_drafting_again_adds_only_what_was_checked_out_since(shop):
    shop.use(shop.erin, on(2, 9), 1)
    first = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager).invoices[0]
    shop.use(shop.erin, on(9, 9), 2)
    again = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    assert [i.pk for i in again.invoices] == [first.pk]
    assert again.lines_added == 1
    first.refresh_from_db()
    assert first.total == Decimal("999.99")  # 333.33 + 666.66
    assert invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager).lines_added == 0


def test_a_session_without_an_organisation_on_the_map_is_listed_not_billed(shop):
    lone = shop.use(shop.stranger, on(2, 9), 1)
    report = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    assert report.invoices == []
    assert [u.pk for u, _why in report.skipped] == [lone.pk]


@pytest.mark.parametrize("who", ["other_manager", "erin", "stranger"])
def test_only_the_providers_staff_draft_its_invoices(shop, who):
    shop.use(shop.erin, on(2, 9), 1)
    with pytest.raises(PermissionDenied):
        invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=getattr(shop, who))


def test_the_user_office_of_the_provider_organisation_drafts_too(shop):
    shop.use(shop.erin, on(2, 9), 1)
    assert invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.office).lines_added == 1
