"""Reads of the voucher flow: what each caller may see is one queryset each, used by pages and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Model, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from sciencecity.accounting import permissions as billing
from sciencecity.accounting.models import CreditNote, Invoice
from sciencecity.core.models import in_current_language
from sciencecity.registry.models import Organisation
from sciencecity.vouchers import permissions
from sciencecity.vouchers.models import FEN, Application, Claim, LedgerEntry, Relation, Scheme, Voucher

ZERO = Decimal("0.00")


def open_schemes(on: dt.date) -> QuerySet[Scheme]:
    """The schemes a firm may apply to on that day."""
    return Scheme.objects.filter(valid_from__lte=on, valid_until__gte=on).order_by("valid_from", "pk")


def visible_vouchers(user: Any) -> QuerySet[Voucher]:
    """The firm's own vouchers, and for the agency those of its schemes."""
    if not permissions.signed_in(user):
        return Voucher.objects.none()
    mine = Q(beneficiary_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return (
        Voucher.objects.filter(mine | Q(scheme__agency__in=permissions.agencies(user)))
        .select_related("scheme", "beneficiary")
        .order_by("-created_at", "-pk")
    )


def firm_vouchers(user: Any) -> QuerySet[Voucher]:
    """Only the vouchers the user's own firm holds."""
    if not permissions.signed_in(user) or not user.organisation_id:
        return Voucher.objects.none()
    return Voucher.objects.filter(beneficiary_id=user.organisation_id).select_related("scheme", "beneficiary")


def ledger_of(voucher: Voucher) -> QuerySet[LedgerEntry]:
    return voucher.ledger.select_related("invoice", "claim", "actor").order_by("at", "id")


def ledger_balance(voucher: Voucher) -> Decimal:
    """The balance as the ledger alone says it (issue - redeem + reverse)."""
    total = LedgerEntry.objects.filter(voucher=voucher).aggregate(s=Sum("delta"))["s"]
    return total if total is not None else ZERO


def readable_invoices(user: Any) -> QuerySet[Invoice]:
    """The invoices this user may read: their firm's, or the ones their provider sent (as accounting says)."""
    return billing.invoices_visible_to(user)


def visible_claims(user: Any) -> QuerySet[Claim]:
    """The provider's own claims, and for the agency the claims on its schemes' vouchers."""
    if not permissions.signed_in(user):
        return Claim.objects.none()
    return (
        Claim.objects.filter(
            Q(provider__in=permissions.provider_organisations(user))
            | Q(voucher__scheme__agency__in=permissions.agencies(user))
        )
        .select_related("invoice", "voucher__scheme", "provider", "voucher__beneficiary")
        .order_by("-created_at", "-pk")
    )


def agency_schemes(user: Any) -> QuerySet[Scheme]:
    return Scheme.objects.filter(agency__in=permissions.agencies(user))


def application_queue(user: Any) -> QuerySet[Application]:
    return (
        Application.objects.filter(scheme__agency__in=permissions.agencies(user), status="submitted")
        .select_related("scheme", "applicant", "applied_by")
        .order_by("created_at", "pk")
    )


def firm_applications(user: Any) -> QuerySet[Application]:
    if not permissions.signed_in(user) or not user.organisation_id:
        return Application.objects.none()
    return Application.objects.filter(applicant_id=user.organisation_id).select_related("scheme")


def _spend(
    entries: QuerySet[LedgerEntry], key: str, model: type[Model] | None = None
) -> list[dict[str, Any]]:
    """Net voucher spend (redeemed less reversed) grouped by one field, largest first; a `model` key is
    shown by the record's name in the reader's language."""
    rows = list(
        entries.filter(kind__in=["redeem", "reverse"])
        .values(key=F(key))
        .annotate(spend=Sum(-F("delta"), output_field=DecimalField(max_digits=14, decimal_places=2)))
        .order_by("-spend", "key")
    )
    names: dict[Any, str] = {}
    if model is not None:
        records = model._default_manager.in_bulk([r["key"] for r in rows if r["key"] is not None])
        names = {pk: in_current_language(record, "name") for pk, record in records.items()}
    # SQLite's sum drops trailing zeros: amounts are shown to the fen.
    return [
        {"label": names.get(r["key"], r["key"]) or "—", "spend": Decimal(r["spend"] or 0).quantize(FEN)}
        for r in rows
    ]


def dashboard(user: Any) -> dict[str, Any]:
    """The agency's figures: spend per scheme, provider and district, and leverage.

    Leverage is the firms' own spending per voucher yuan: over the live (not cancelled) invoices a voucher
    paid part of, (total - voucher share) / voucher share, both net of the credit notes.
    """
    entries = LedgerEntry.objects.filter(voucher__scheme__agency__in=permissions.agencies(user))
    invoices = Invoice.objects.filter(
        pk__in=entries.filter(kind="redeem").values("invoice"), voucher_share__gt=0
    ).exclude(status="cancelled")
    sums = invoices.aggregate(
        total=Coalesce(Sum("total"), Value(ZERO)), voucher=Coalesce(Sum("voucher_share"), Value(ZERO))
    )
    credits = CreditNote.objects.filter(invoice__in=invoices).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO)), voucher=Coalesce(Sum("voucher_part"), Value(ZERO))
    )
    sums = {k: (Decimal(v) - Decimal(credits[k])).quantize(FEN) for k, v in sums.items()}
    own = sums["total"] - sums["voucher"]
    leverage = (own / sums["voucher"]).quantize(Decimal("0.01")) if sums["voucher"] else None
    claims = Claim.objects.filter(voucher__scheme__agency__in=permissions.agencies(user))
    return {
        "by_scheme": _spend(entries, "voucher__scheme", Scheme),
        "by_provider": _spend(entries, "invoice__provider", Organisation),
        "by_district": _spend(entries, "voucher__application__district"),
        "own_spend": own,
        "voucher_spend": sums["voucher"],
        "leverage": leverage,
        "settled": Decimal(
            claims.filter(status="settled").aggregate(s=Coalesce(Sum("amount"), Value(ZERO)))["s"]
        ).quantize(FEN),
        "issued": Decimal(
            Voucher.objects.filter(scheme__agency__in=permissions.agencies(user)).aggregate(
                s=Coalesce(Sum("amount"), Value(ZERO))
            )["s"]
        ).quantize(FEN),
    }


def relations_of(firm: Organisation | None) -> QuerySet[Relation]:
    """The relations declared for the firm, either way round."""
    if firm is None:
        return Relation.objects.none()
    return (
        Relation.objects.filter(Q(organisation=firm) | Q(related=firm))
        .select_related("organisation", "related")
        .order_by("pk")
    )
