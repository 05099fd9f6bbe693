"""Pages of the ranking stage: the chair's panel ranking (with its sheet), the officer's decisions, the
printable proposal. Thin: look up, authorise with the named checks (a 404 for whoever may not see), call one
service or selector, render.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from sciencecity.accounts.models import User
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.permissions import can_manage_call, can_see_ranking
from sciencecity.review import panel_sheet
from sciencecity.review.models import Panel
from sciencecity.review.ranking import ranking
from sciencecity.review.ranking_permissions import can_adjust_ranking, can_see_panel_ranking
from sciencecity.review.ranking_services import decision_record, peer_review_finish, rank_adjust


def _panel(request: HttpRequest, call_id: int, panel_id: int) -> tuple[Call, Panel]:
    call = get_object_or_404(Call.objects.select_related("cycle__facility"), pk=call_id)
    panel = get_object_or_404(Panel, pk=panel_id, calls=call)
    if not can_see_panel_ranking(request.user, panel):
        raise Http404
    return call, panel


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _refusal(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


@login_required
@require_GET
def panel_ranking(request: HttpRequest, call_id: int, panel_id: int) -> HttpResponse:
    call, panel = _panel(request, call_id, panel_id)
    return _ranking_page(request, call, panel)


def _ranking_page(
    request: HttpRequest,
    call: Call,
    panel: Panel,
    errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    context = {
        "call": call,
        "panel": panel,
        "entries": [(row, errors.get(row.proposal.pk, [])) for row in ranking(call, panel)],
        "can_move": can_adjust_ranking(request.user, panel),
    }
    template = "ranking/panel_ranking.html"
    if getattr(request, "htmx", False):
        template += "#ranking"
    return render(request, template, context, status=status)


@login_required
@require_POST
def panel_move(request: HttpRequest, call_id: int, panel_id: int, proposal_id: int) -> HttpResponse:
    call, panel = _panel(request, call_id, panel_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, call=call)
    try:
        steps = int(request.POST.get("steps", "0"))
        rank_adjust(
            actor=_actor(request),
            panel=panel,
            proposal=proposal,
            steps=steps,
            reason=request.POST.get("reason", ""),
        )
    except (ValueError, ValidationError, StateConflict, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 409 if isinstance(exc, StateConflict) else 422
        messages = _refusal(exc) if not isinstance(exc, ValueError) else ["?"]
        return _ranking_page(request, call, panel, {proposal.pk: messages}, status)
    if getattr(request, "htmx", False):
        return _ranking_page(request, call, panel)
    return redirect(reverse("ranking:panel", args=[call.pk, panel.pk]))


@login_required
@require_GET
def panel_sheet_download(request: HttpRequest, call_id: int, panel_id: int, kind: str) -> HttpResponse:
    call, panel = _panel(request, call_id, panel_id)
    rows = ranking(call, panel)
    name = slugify(f"{call.cycle.facility.code}-{call.cycle.name}-{panel.name_en}") or "panel"
    if kind == "csv":
        response = HttpResponse(panel_sheet.as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            panel_sheet.as_xlsx(rows, panel.name_en),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _call_for_officer(request: HttpRequest, call_id: int) -> Call:
    call = get_object_or_404(Call.objects.select_related("cycle__facility"), pk=call_id)
    if not can_manage_call(request.user, call):
        raise Http404
    return call


@login_required
@require_GET
def call_decisions(request: HttpRequest, call_id: int) -> HttpResponse:
    return _decisions_page(request, _call_for_officer(request, call_id))


def _decisions_page(
    request: HttpRequest, call: Call, errors: dict[int, list[str]] | None = None, status: int = 200
) -> HttpResponse:
    rows = ranking(call)
    errors = errors or {}
    context = {
        "call": call,
        "entries": [(row, errors.get(row.proposal.pk, [])) for row in rows],
        "call_errors": errors.get(0, []),
        "panels": call.panels.all(),
        "in_peer_review": any(r.proposal.status == Proposal.Status.PEER_REVIEW for r in rows),
    }
    return render(request, "ranking/call_decisions.html", context, status=status)


@login_required
@require_POST
def call_finish_peer_review(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_for_officer(request, call_id)
    try:
        peer_review_finish(actor=_actor(request), call=call)
    except StateConflict as exc:
        return _decisions_page(request, call, {0: [str(exc)]}, 409)
    return redirect(reverse("ranking:decisions", args=[call.pk]))


@login_required
@require_POST
def call_decide(request: HttpRequest, call_id: int, proposal_id: int) -> HttpResponse:
    call = _call_for_officer(request, call_id)
    proposal = get_object_or_404(Proposal, pk=proposal_id, call=call)
    try:
        if request.POST.get("decision") == "reject":
            decision_record(
                actor=_actor(request), proposal=proposal, rejection_reason=request.POST.get("reason", "")
            )
        else:
            recommended = {
                r.pk: int(request.POST.get(f"request-{r.pk}", "").strip() or -1)
                for r in proposal.requests.all()
            }
            decision_record(actor=_actor(request), proposal=proposal, recommended=recommended)
    except ValueError:
        return _decisions_page(request, call, {proposal.pk: ["?"]}, 422)
    except (ValidationError, StateConflict) as exc:
        return _decisions_page(
            request, call, {proposal.pk: _refusal(exc)}, 409 if isinstance(exc, StateConflict) else 422
        )
    return redirect(reverse("ranking:decisions", args=[call.pk]) + f"#proposal-{proposal.pk}")


@login_required
@require_GET
def proposal_print(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("call__cycle__facility", "field"), pk=proposal_id
    )
    if not can_see_ranking(request.user, proposal.call):
        raise Http404
    row = next((r for r in ranking(proposal.call) if r.proposal.pk == proposal.pk), None)
    context = {
        "proposal": proposal,
        "row": row,
        "members": proposal.members.filter(status="accepted").select_related("user__organisation"),
        "requests": proposal.requests.prefetch_related("instruments"),
        "samples": proposal.samples.all(),
        "technical": proposal.technical_reviews.select_related("instrument").order_by("instrument__code"),
        "comments": [
            (n, a.score, a.comment)
            for n, a in enumerate(
                proposal.review_assignments.filter(score__isnull=False).order_by("assigned_at", "id"), start=1
            )
        ],
    }
    return render(request, "ranking/proposal_print.html", context)
