"""The invoices API: the caller's invoices (customer side: their organisation's; provider side: those of the
providers whose invoices they keep), and issuing a draft.

401 anonymous; 404 for an invoice the caller may not read; 403 for a role (a customer issuing); 409 for a
state (not a draft); 422 for input.
"""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from sciencecity.accounting import selectors, services
from sciencecity.accounting.models import Invoice
from sciencecity.accounting.schemas import InvoiceOut, invoice_out
from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.core.api import (
    CONFLICT,
    FORBIDDEN,
    INVALID_INPUT,
    NOT_FOUND,
    UNAUTHORISED,
    CappedLimitOffsetPagination,
    ErrorOut,
)


class SignedInRequest(HttpRequest):
    auth: User


router = Router(tags=["invoices"], auth=api_auth)
SIGNED_IN: dict[int, Any] = {**UNAUTHORISED, 500: ErrorOut}
INVOICE_ID = Path(..., ge=1, le=2**53, description="the invoice's id")


def _out(request: HttpRequest, invoice: Invoice) -> dict[str, Any]:
    return invoice_out(invoice, request.build_absolute_uri(reverse("invoices:pdf", args=[invoice.pk])))


class _Page:
    """The paginator slices this like a queryset; only the page's invoices are read and shaped."""

    def __init__(self, request: HttpRequest, found: QuerySet[Invoice]) -> None:
        self.request, self.found = request, found

    def __len__(self) -> int:
        return self.found.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [_out(self.request, i) for i in self.found[page]]


def invoice_or_404(request: SignedInRequest, invoice_id: int) -> Invoice:
    invoice = selectors.invoice_for(request.auth, invoice_id)
    if invoice is None:
        raise HttpError(404, "No such invoice.")
    return invoice


@router.get("/invoices", response={200: list[InvoiceOut], **SIGNED_IN, **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_invoices(
    request: SignedInRequest,
    side: Literal["customer", "provider"] | None = Query(
        None,
        description="customer: your organisation's; provider: those of providers you keep; both if omitted",
    ),
    status: Literal["draft", "issued", "paid", "cancelled"] | None = None,
    month: str | None = Query(
        None,
        pattern=r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
        description="the month billed, YYYY-MM, e.g. 2027-03",
    ),
) -> Any:
    """The invoices the caller may read, the latest month first; money as decimal strings in `currency`."""
    first_day = dt.date(int(month[:4]), int(month[5:]), 1) if month else None
    found = selectors.invoices_for(request.auth, side=side, status=status, month=first_day).order_by(
        "-period", "-pk"
    )
    return _Page(request, found)


@router.get("/invoices/{invoice_id}", response={200: InvoiceOut, **SIGNED_IN, **NOT_FOUND, **INVALID_INPUT})
def get_invoice(request: SignedInRequest, invoice_id: int = INVOICE_ID) -> Any:
    """One invoice with its lines (404 when the caller may not read it)."""
    return _out(request, invoice_or_404(request, invoice_id))


@router.post(
    "/invoices/{invoice_id}/issue",
    response={200: InvoiceOut, **SIGNED_IN, **FORBIDDEN, **NOT_FOUND, **CONFLICT, **INVALID_INPUT},
)
def issue_invoice(request: SignedInRequest, invoice_id: int = INVOICE_ID) -> Any:
    """Issue a draft (the provider's facility managers and user office): it gets the next number of the
    provider's year and is frozen; 409 when it is not a draft or has no lines."""
    invoice = services.invoice_issue(invoice=invoice_or_404(request, invoice_id), actor=request.auth)
    return _out(request, selectors.invoice_for(request.auth, invoice.pk) or invoice)
