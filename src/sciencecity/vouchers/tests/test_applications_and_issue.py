"""Firms apply with their declared registration data; only the scheme's agency decides."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.vouchers import selectors, services
from sciencecity.vouchers.models import Application


def apply(world, *, actor=None, employees=12, **changes):
    values = {
        "scheme": world.scheme,
        "applicant": world.firm,
        "employees": employees,
        "revenue": Decimal("3000000.00"),
        "registered_on": dt.date(2024, 3, 1),
        "district": "Pudong",
        "requested_amount": Decimal("5000.00"),
    } | changes
    return services.application_submit(actor=actor or world.erin, **values)


def test_a_firm_too_large_for_the_scheme_is_told_why(world):
    with pytest.raises(ValidationError) as refused:
        apply(world, employees=5000)
    assert "employees" in refused.value.message_dict
    assert not Application.objects.exists()


def test_only_the_firms_own_people_apply_for_it(world):
    with pytest.raises(PermissionDenied):
        apply(world, actor=world.frank)


def test_approval_issues_a_voucher_whose_ledger_starts_with_its_amount(world):
    application = apply(world)
    voucher = services.application_approve(
        actor=world.olga, application=application, amount=Decimal("4000.00"), expires=dt.date(2027, 6, 30)
    )
    assert (voucher.amount, voucher.balance, voucher.beneficiary) == (
        Decimal("4000.00"),
        Decimal("4000.00"),
        world.firm,
    )
    assert [(e.kind, e.delta) for e in selectors.ledger_of(voucher)] == [("issue", Decimal("4000.00"))]
    application.refresh_from_db()
    assert application.status == "approved"
    with pytest.raises(StateConflict):
        services.application_reject(actor=world.olga, application=application, reason="late")


def test_no_one_but_the_agency_decides(world):
    application = apply(world)
    for who in (world.erin, world.carol, world.sid):
        with pytest.raises(PermissionDenied):
            services.application_approve(
                actor=who, application=application, amount=Decimal("1.00"), expires=dt.date(2027, 6, 30)
            )


def test_a_rejection_names_its_reason_and_issues_nothing(world):
    application = apply(world)
    with pytest.raises(ValidationError):
        services.application_reject(actor=world.olga, application=application, reason=" ")
    services.application_reject(actor=world.olga, application=application, reason="Revenue not confirmed.")
    application.refresh_from_db()
    assert (application.status, application.reason) == ("rejected", "Revenue not confirmed.")
    assert not hasattr(application, "voucher") or application.voucher is None


def test_a_voucher_expires_within_the_scheme(world):
    with pytest.raises(ValidationError) as refused:
        services.application_approve(
            actor=world.olga, application=apply(world), amount=Decimal("1.00"), expires=dt.date(2030, 1, 1)
        )
    assert "expires" in refused.value.message_dict
