"""Invoice pages: the provider's (list with filters, draft a month, issue, mark paid, cancel, credit), the
customer's (my organisation's), one invoice, its PDF, and the CSV for finance.

Thin: parse, authorise (accounting.permissions via the selectors), call one service, render. An invoice the
caller may not read is a 404; the provider's pages are a 403 for someone who keeps no provider's invoices.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sciencecity.accounting import documents, permissions, selectors, services
from sciencecity.accounting.forms import CancelForm, CreditNoteForm, DraftMonthForm, InvoiceFilterForm
from sciencecity.accounting.models import Invoice
from sciencecity.accounts.models import User
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.core.models import in_current_language
from sciencecity.registry.models import Organisation

LIST_LIMIT = 500


def _providers(user: User) -> list[Organisation]:
    return list(permissions.billed_providers(user).order_by("name_en"))


def _choices(providers: list[Organisation]) -> list[tuple[str, str]]:
    return [(p.slug, in_current_language(p, "name")) for p in providers]


def _filtered(
    request: HttpRequest, user: User, providers: list[Organisation]
) -> tuple[InvoiceFilterForm, Any]:
    form = InvoiceFilterForm(request.GET or None, providers=_choices(providers))
    found = selectors.invoices_for(user, side="provider")
    if form.is_valid():
        data = form.cleaned_data
        chosen = next((p for p in providers if p.slug == data["provider"]), None)
        found = selectors.invoices_for(
            user, side="provider", month=data["month"], status=data["status"] or None, provider=chosen
        )
    return form, found.order_by("-period", "provider__name_en", "customer__name_en", "pk")


@require_GET
@login_required
def provider_invoices(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    providers = _providers(user)
    if not providers:
        return render(request, "403.html", status=403)
    form, found = _filtered(request, user, providers)
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    draft_form = DraftMonthForm(
        initial={"month": last_month, "provider": providers[0].slug}, providers=_choices(providers)
    )
    return render(
        request,
        "accounting/invoices_provider.html",
        {
            "form": form,
            "draft_form": draft_form,
            "invoices": found[:LIST_LIMIT],
            "limit": LIST_LIMIT,
            "query": request.GET.urlencode(),
        },
        status=200 if form.is_valid() or not request.GET else 422,
    )


@require_GET
@login_required
def customer_invoices(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.invoices_for(user, side="customer").order_by("-period", "-pk")
    return render(
        request,
        "accounting/invoices_mine.html",
        {"invoices": found[:LIST_LIMIT], "organisation": user.organisation},
    )


def _visible(request: HttpRequest, invoice_id: int) -> Invoice:
    invoice = selectors.invoice_for(request.user, invoice_id)
    if invoice is None:
        raise Http404
    return invoice


@require_GET
@login_required
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _visible(request, invoice_id)
    keeper = permissions.is_provider_side(request.user, invoice)
    return render(
        request,
        "accounting/invoice_detail.html",
        {
            "invoice": invoice,
            "keeper": keeper,
            "credited": services.invoices.credited_total(invoice),
            "cancel_form": CancelForm(),
            "credit_form": CreditNoteForm(),
        },
    )


@require_GET
@login_required
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _visible(request, invoice_id)
    response = HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")
    name = invoice.number or f"draft-{invoice.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    providers = _providers(user)
    if not providers:
        return render(request, "403.html", status=403)
    form, found = _filtered(request, user, providers)
    if request.GET and not form.is_valid():
        return HttpResponse(" ".join(str(e) for e in form.errors.values()), status=422)
    response = HttpResponse(documents.invoices_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invoices.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def draft_month(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    providers = _providers(user)
    if not providers:
        return render(request, "403.html", status=403)
    form = DraftMonthForm(request.POST, providers=_choices(providers))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("invoices:provider")
    provider = next(p for p in providers if p.slug == form.cleaned_data["provider"])
    try:
        report = services.invoices_draft_for_month(
            provider=provider, month=form.cleaned_data["month"], actor=user
        )
    except (PermissionDenied, StateConflict) as exc:
        messages.error(request, str(exc))
        return redirect("invoices:provider")
    messages.success(
        request,
        _("%(lines)s sessions added to %(drafts)s draft invoices; %(skipped)s sessions not invoiced.")
        % {"lines": report.lines_added, "drafts": len(report.invoices), "skipped": len(report.skipped)},
    )
    for usage, why in report.skipped[:20]:
        messages.warning(request, f"{usage}: {why}")
    month = form.cleaned_data["month"]
    return redirect(f"{reverse('invoices:provider')}?month={month:%Y-%m}&provider={provider.slug}")


@require_POST
@login_required
def invoice_action(request: HttpRequest, invoice_id: int, action: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    invoice = _visible(request, invoice_id)
    if action not in ("issue", "paid", "cancel", "credit"):
        raise Http404
    try:
        if action == "issue":
            services.invoice_issue(invoice=invoice, actor=user)
            messages.success(request, _("Invoice issued."))
        elif action == "paid":
            services.invoice_mark_paid(invoice=invoice, actor=user)
            messages.success(request, _("Invoice marked paid."))
        elif action == "cancel":
            cancel = CancelForm(request.POST)
            if not cancel.is_valid():
                raise ValidationError(_("Say why the invoice is cancelled."))
            services.invoice_cancel(invoice=invoice, actor=user, reason=cancel.cleaned_data["reason"])
            messages.success(request, _("Invoice cancelled."))
        else:
            credit = CreditNoteForm(request.POST)
            if not credit.is_valid():
                raise ValidationError([str(e) for errors in credit.errors.values() for e in errors])
            note = services.credit_note_issue(
                invoice=invoice,
                actor=user,
                amount=credit.cleaned_data["amount"],
                reason=credit.cleaned_data["reason"],
            )
            messages.success(request, _("Credit note %(number)s issued.") % {"number": note.number})
    except PermissionDenied as exc:
        return render(request, "403.html", {"reason": str(exc)}, status=403)
    except StateConflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("invoices:detail", invoice_id=invoice.pk)
