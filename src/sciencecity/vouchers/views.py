"""Voucher pages: the firm's vouchers and ledger, the provider's claims, the agency's queue and dashboard.

Thin: parse, authorise (vouchers.permissions), call one service or selector, render. A page of a role the
caller does not hold is a 403; a record the caller may not read is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sciencecity.accounting.models import Invoice
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.vouchers import permissions, selectors, services
from sciencecity.vouchers.forms import (
    ApplicationForm,
    ApproveForm,
    ClaimForm,
    ReasonForm,
    RelationForm,
    SchemeForm,
)
from sciencecity.vouchers.models import Application


def _problems(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc)]


@login_required
@require_http_methods(["GET", "POST"])
def my_vouchers(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    firm = permissions.firm_of(user)
    open_schemes = selectors.open_schemes(services.current_date())
    form = ApplicationForm(request.POST or None)
    form.fields["scheme"].queryset = open_schemes  # type: ignore[attr-defined]
    problems: list[str] = []
    if request.method == "POST":
        if firm is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                services.application_submit(actor=user, applicant=firm, **form.cleaned_data)
            except (ValidationError, PermissionDenied, StateConflict) as exc:
                problems = _problems(exc)
            else:
                messages.success(request, _("Application sent to the agency."))
                return redirect("vouchers:mine")
    vouchers = [(v, selectors.ledger_of(v)) for v in selectors.firm_vouchers(user)]
    drafts = (
        Invoice.objects.filter(customer=firm, status="draft", voucher_share=0).select_related("provider")
        if firm is not None and vouchers
        else Invoice.objects.none()
    )
    return render(
        request,
        "vouchers/mine.html",
        {
            "firm": firm,
            "vouchers": vouchers,
            "drafts": drafts,
            "applications": selectors.firm_applications(user),
            "form": form,
            "problems": problems,
            "relations": selectors.relations_of(firm),
            "relation_form": RelationForm(firm=firm),
        },
        status=422 if problems or (request.method == "POST" and form.errors) else 200,
    )


@login_required
@require_POST
def relation_declare(request: HttpRequest) -> HttpResponse:
    """The firm's people declare a relation of their firm to another organisation (no voucher pays it)."""
    user: Any = request.user
    firm = permissions.firm_of(user)
    if firm is None:
        return render(request, "403.html", status=403)
    form = RelationForm(request.POST, firm=firm)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect("vouchers:mine")
    try:
        services.relation_declare(
            actor=user,
            organisation=firm,
            related=form.cleaned_data["related"],
            kind=form.cleaned_data["kind"],
        )
    except (ValidationError, PermissionDenied) as exc:
        for problem in _problems(exc):
            messages.error(request, problem)
    else:
        messages.success(
            request, _("The relation is declared: the firm's vouchers will not pay that organisation.")
        )
    return redirect("vouchers:mine")


@login_required
@require_POST
def apply_voucher(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """The firm's people apply one of its vouchers to one of its draft invoices (as the API does)."""
    user: Any = request.user
    invoice = selectors.readable_invoices(user).filter(pk=invoice_id).first()
    voucher = selectors.firm_vouchers(user).filter(number=request.POST.get("voucher", "")).first()
    if invoice is None or voucher is None:
        raise Http404
    try:
        invoice = services.voucher_redeem(actor=user, invoice=invoice, voucher=voucher)
    except (ValidationError, PermissionDenied, StateConflict) as exc:
        for problem in _problems(exc):
            messages.error(request, problem)
    else:
        messages.success(
            request,
            _("The voucher pays %(amount)s %(currency)s of this invoice.")
            % {"amount": invoice.voucher_share, "currency": invoice.currency},
        )
    return redirect("vouchers:mine")


@login_required
@require_http_methods(["GET", "POST"])
def provider_claims(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    providers = permissions.provider_organisations(user)
    if not providers.exists():
        return render(request, "403.html", status=403)
    problems: list[str] = []
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES)
        if form.is_valid():
            invoice = selectors.readable_invoices(user).filter(pk=form.cleaned_data["invoice"]).first()
            if invoice is None:
                raise Http404
            try:
                services.claim_submit(
                    actor=user,
                    invoice=invoice,
                    proof=form.cleaned_data["proof"],
                    payment_reference=form.cleaned_data["payment_reference"],
                )
            except (ValidationError, PermissionDenied, StateConflict) as exc:
                problems = _problems(exc)
            else:
                messages.success(request, _("Claim sent to the agency."))
                return redirect("vouchers:claims")
        else:
            problems = [str(e) for errors in form.errors.values() for e in errors]
    claimed = selectors.visible_claims(user).filter(provider__in=providers)
    open_claims = claimed.exclude(status="rejected").values("invoice")
    claimable = (
        Invoice.objects.filter(provider__in=providers, status__in=["issued", "paid"], voucher_share__gt=0)
        .exclude(pk__in=open_claims)
        .select_related("customer")
    )
    return render(
        request,
        "vouchers/claims.html",
        {"claims": claimed, "claimable": claimable, "problems": problems},
        status=422 if problems else 200,
    )


@login_required
def agency_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.agencies(user).exists():
        return render(request, "403.html", status=403)
    return render(
        request,
        "vouchers/queue.html",
        {
            "applications": selectors.application_queue(user),
            "claims": selectors.visible_claims(user).filter(status="submitted"),
            "approve_form": ApproveForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_new(request: HttpRequest) -> HttpResponse:
    """The agency defines a scheme: its share, yearly cap, validity, eligibility and eligible providers."""
    user: Any = request.user
    agencies = permissions.agencies(user)
    if not agencies.exists():
        return render(request, "403.html", status=403)
    form = SchemeForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            scheme = services.scheme_create(actor=user, **data)
        except (ValidationError, PermissionDenied) as exc:
            for problem in _problems(exc):
                form.add_error(None, problem)
        else:
            messages.success(request, _("Scheme %(name)s defined.") % {"name": scheme.name_en})
            return redirect("vouchers:dashboard")
    return render(request, "vouchers/scheme_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def agency_dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.agencies(user).exists():
        return render(request, "403.html", status=403)
    return render(
        request,
        "vouchers/dashboard.html",
        {"d": selectors.dashboard(user), "schemes": selectors.agency_schemes(user), "currency": _("CNY")},
    )


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user: Any = request.user
    application = Application.objects.filter(pk=pk, scheme__agency__in=permissions.agencies(user)).first()
    if application is None or action not in ("approve", "reject"):
        raise Http404
    try:
        if action == "approve":
            form: ApproveForm | ReasonForm = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors)
            services.application_approve(actor=user, application=application, **form.cleaned_data)
            messages.success(request, _("Voucher issued."))
        else:
            services.application_reject(
                actor=user, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Application rejected."))
    except (ValidationError, PermissionDenied, StateConflict) as exc:
        for problem in _problems(exc):
            messages.error(request, problem)
    return redirect("vouchers:queue")


@login_required
@require_POST
def claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user: Any = request.user
    claim = selectors.visible_claims(user).filter(pk=pk).first()
    if claim is None or action not in ("settle", "reject"):
        raise Http404
    try:
        if action == "settle":
            services.claim_settle(actor=user, claim=claim)
            messages.success(request, _("Claim settled."))
        else:
            services.claim_reject(actor=user, claim=claim, reason=request.POST.get("reason", ""))
            messages.success(request, _("Claim rejected."))
    except (ValidationError, PermissionDenied, StateConflict) as exc:
        for problem in _problems(exc):
            messages.error(request, problem)
    return redirect("vouchers:queue")
