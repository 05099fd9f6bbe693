"""An issue that fails half-way — after the number was taken — leaves the draft, the counter and the trail as
they were; the next issue takes the number the failed one would have had."""

import pytest

from sciencecity.accounting.models import Invoice, NumberSequence
from sciencecity.accounting.services import invoice_issue
from sciencecity.accounting.services import invoices as invoice_services
from sciencecity.accounting.tests.billing_helpers import ISSUE_DAY, firm_draft
from sciencecity.core.audit import audit_trail


def test_a_crash_after_the_number_is_taken_leaves_the_draft_and_the_sequence_unchanged(shop, monkeypatch):
    draft = firm_draft(shop, 1)
    events_before = audit_trail(draft).count()

    def crash(**_kwargs: object) -> None:
        raise RuntimeError("the audit trail's disk is full")

    monkeypatch.setattr(invoice_services, "audit_record", crash)
    with pytest.raises(RuntimeError):
        invoice_issue(invoice=draft, actor=shop.manager, now=ISSUE_DAY)
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.issued_at) == (Invoice.Status.DRAFT, "", None)
    assert list(NumberSequence.objects.values_list("last", flat=True)) == []
    assert audit_trail(draft).count() == events_before
    monkeypatch.undo()
    assert invoice_issue(invoice=draft, actor=shop.manager, now=ISSUE_DAY).number == "LS-2027-0001"
