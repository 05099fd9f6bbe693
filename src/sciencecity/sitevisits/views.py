"""Visit pages: the team's visit of an experiment, the safety officer's queue and review page, and the
facility's daily site-access list (printable, and as CSV).

Thin: parse, authorise (permissions.py), call one service or selector, render. What a reader may not see is
a 404 (another proposer's experiment, another facility's visit or list); an action their role forbids is a
403 (the team approving its own visit), a state a 409, bad input a 422.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.permissions import is_member
from sciencecity.registry.models import Facility
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits import permissions, selectors, services
from sciencecity.sitevisits.forms import ChangesForm, DayForm, SafetyForm, SampleForm, VisitorForm
from sciencecity.sitevisits.models import Visit

REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def _refusal(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages), 422
    if isinstance(exc, StateConflict):
        return str(exc), 409
    return str(exc), 403


def _experiment(request: HttpRequest, allocation_id: int) -> Allocation:
    allocation = selectors.experiment_for(request.user, allocation_id)
    if allocation is None:
        raise Http404("No such experiment")
    return allocation


def _team_action(
    request: HttpRequest, allocation: Allocation, visit: Visit | None
) -> tuple[Any, dict[str, Any]]:
    """Run the posted team action; returns its refusal (or None) and the bound forms to show again."""
    action = request.POST.get("action", "")
    if action == "open":
        services.visit_open(actor=request.user, allocation=allocation)
        return None, {}
    if visit is None:
        raise Http404("No visit yet")
    forms: dict[str, Any] = {}
    form: Any
    if action == "register":
        form = VisitorForm(request.POST, team=selectors.team_of(visit))
        forms["visitor_form"] = form
        if not form.is_valid():
            return ValidationError(_("Check the registration.")), forms
        services.visitor_register(actor=request.user, visit=visit, **form.cleaned_data)
    elif action == "unregister":
        visitor = get_object_or_404(visit.visitors, pk=request.POST.get("visitor") or 0)
        services.visitor_remove(actor=request.user, visitor=visitor)
    elif action == "sample":
        form = SampleForm(request.POST)
        forms["sample_form"] = form
        if not form.is_valid():
            return ValidationError(_("Check the sample.")), forms
        services.sample_declare(actor=request.user, visit=visit, **form.cleaned_data)
    elif action == "unsample":
        sample = get_object_or_404(visit.samples, pk=request.POST.get("sample") or 0)
        services.sample_remove(actor=request.user, sample=sample)
    elif action == "safety":
        form = SafetyForm(request.POST, instance=Visit.objects.get(pk=visit.pk))
        forms["safety_form"] = form
        if not form.is_valid():
            return ValidationError(_("Check the safety form.")), forms
        services.safety_form_save(
            actor=request.user, visit=visit, **{k: form.cleaned_data[k] for k in services.FORM_FIELDS}
        )
    elif action == "submit":
        services.visit_submit(actor=request.user, visit=visit)
        messages.success(request, _("Submitted: the facility's safety officer will review your visit."))
    else:
        return ValidationError(_("Unknown action.")), forms
    return None, {}


@require_http_methods(["GET", "POST"])
@login_required
def visit_page(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """The team's visit of one experiment: who comes and when, samples, safety form, submission."""
    allocation = _experiment(request, allocation_id)
    zone = selectors.facility_zone(allocation.proposal.call.cycle.facility)
    status, refusal, forms = 200, "", dict[str, Any]()
    with timezone.override(zone):
        if request.method == "POST":
            visit = selectors.visit_of(allocation)
            try:
                problem, forms = _team_action(request, allocation, visit)
            except REFUSALS as exc:
                problem = exc
            if problem is None:
                return redirect("sitevisits:visit", allocation.pk)
            refusal, status = _refusal(problem)
        return render(
            request,
            "sitevisits/visit.html",
            _visit_context(request, allocation, forms, refusal, zone),
            status=status,
        )


def _visit_context(
    request: HttpRequest, allocation: Allocation, forms: dict[str, Any], refusal: str, zone: Any
) -> dict[str, Any]:
    visit = selectors.visit_of(allocation)
    team = is_member(request.user, allocation.proposal)
    context: dict[str, Any] = {
        "allocation": allocation,
        "proposal": allocation.proposal,
        "visit": visit,
        "team": team,
        "refusal": refusal,
        "zone": zone,
        "proposal_samples": allocation.proposal.samples.all(),
    }
    if visit is not None:
        start = timezone.localtime(allocation.starts_at, zone).replace(tzinfo=None)
        end = timezone.localtime(allocation.ends_at, zone).replace(tzinfo=None)
        context |= {
            "visitors": selectors.visitors_of(visit),
            "samples": visit.samples.all(),
            "gaps": {g.visitor.pk: g.courses for g in selectors.training_gaps(visit, allocation)},
            "problems": services.visit_problems(visit) if visit.is_editable else [],
            "editable": team and visit.is_editable,
            "can_decide": permissions.can_decide_visit(request.user, visit),
            "visitor_form": forms.get("visitor_form")
            or VisitorForm(
                team=selectors.team_of(visit),
                initial={"user": request.user.pk, "on_site": True, "arrives_at": start, "departs_at": end},
            ),
            "sample_form": forms.get("sample_form") or SampleForm(),
            "safety_form": forms.get("safety_form") or SafetyForm(instance=visit),
        }
    return context


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The safety officer's submitted visits, oldest first, and their latest decisions."""
    facilities = permissions.safety_facilities(request.user)
    if not facilities.exists():
        raise Http404("Not a safety officer")
    visits = list(selectors.queue_for(request.user))
    rows = [(v, next(iter(v.request.allocations.all()), None)) for v in visits]
    return render(
        request,
        "sitevisits/queue.html",
        {
            "rows": rows,
            "facilities": facilities.order_by("code"),
            "decided": selectors.recent_decisions_for(request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def review(request: HttpRequest, visit_id: int) -> HttpResponse:
    """A visit as the safety officer reviews it: registrations with training, samples, the form; decide."""
    visit = selectors.visit_for(request.user, visit_id)
    if visit is None:
        raise Http404("No such visit")
    if not permissions.can_read_site_list(request.user, visit.facility):
        raise Forbidden(_("Only the facility's safety officer reviews a visit."))
    allocation = selectors.allocation_of(visit)
    zone = selectors.facility_zone(visit.facility)
    status, refusal = 200, ""
    changes_form = ChangesForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.visit_approve(actor=request.user, visit=visit)
                messages.success(request, _("Approved; the team is told."))
                return redirect("sitevisits:review", visit.pk)
            changes_form = ChangesForm(request.POST)
            if not changes_form.is_valid():
                raise ValidationError(_("Say what the team should change."))
            services.visit_request_changes(
                actor=request.user, visit=visit, reason=changes_form.cleaned_data["reason"]
            )
            messages.success(request, _("Changes asked for; the team is told."))
            return redirect("sitevisits:review", visit.pk)
        except REFUSALS as exc:
            refusal, status = _refusal(exc)
        visit.refresh_from_db()
    gaps = {g.visitor.pk: g.courses for g in selectors.training_gaps(visit, allocation)}
    with timezone.override(zone):
        return render(
            request,
            "sitevisits/review.html",
            {
                "visit": visit,
                "allocation": allocation,
                "visitors": selectors.visitors_of(visit),
                "samples": visit.samples.all(),
                "gaps": gaps,
                "can_decide": permissions.can_decide_visit(request.user, visit),
                "changes_form": changes_form,
                "refusal": refusal,
                "zone": zone,
            },
            status=status,
        )


def _site_list(
    request: HttpRequest, slug: str
) -> tuple[Facility, dt.date, list[selectors.SiteAccessRow], Any]:
    facility = Facility.objects.filter(slug=slug).first()
    if facility is None or not permissions.can_read_site_list(request.user, facility):
        raise Http404("No site-access list of yours")
    zone = selectors.facility_zone(facility)
    form = DayForm(request.GET or None)
    day = form.cleaned_data["day"] if form.is_valid() else timezone.localtime(timezone.now(), zone).date()
    return facility, day, selectors.site_access(facility, day), zone


@require_GET
@login_required
def site_access(request: HttpRequest, slug: str) -> HttpResponse:
    """The day's approved visitors on site, printable."""
    facility, day, rows, zone = _site_list(request, slug)
    with timezone.override(zone):
        return render(
            request,
            "sitevisits/site_access.html",
            {
                "facility": facility,
                "day": day,
                "rows": rows,
                "zone": zone,
                "previous": day - dt.timedelta(days=1),
                "next": day + dt.timedelta(days=1),
                "form": DayForm(initial={"day": day}),
            },
        )


CSV_COLUMNS = (
    "name",
    "username",
    "organisation",
    "proposal",
    "instrument",
    "arrival",
    "departure",
    "training_ok",
    "missing_courses",
)


@require_GET
@login_required
def site_access_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same list as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese names)."""
    facility, day, rows, zone = _site_list(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="site-access-{facility.slug}-{day.isoformat()}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        user = r.visitor.user
        organisation = user.organisation.name_en if user.organisation else user.organisation_named
        writer.writerow(
            [
                _safe(user.display_name or user.username),
                _safe(user.username),
                _safe(organisation),
                _safe(r.visit.proposal.reference),
                _safe(r.allocation.instrument.code if r.allocation else ""),
                timezone.localtime(r.visitor.arrives_at, zone).isoformat(),
                timezone.localtime(r.visitor.departs_at, zone).isoformat(),
                "yes" if r.training_ok else "no",
                _safe("; ".join(c.slug for c in r.missing)),
            ]
        )
    return response


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
