"""The review pages: the reviewer's queue and scores, conflicts, publications, the instrument scientist's
queue, and the officer's review of a call and its panels. Thin: parse, authorise, call one service, render.

What the user may not read is a 404; a refused action is shown with its reason (409/422 for full pages,
in the swapped fragment for htmx).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.permissions import calls_managed_by, can_review_technically
from sciencecity.registry.models import Instrument
from sciencecity.review import selectors, services
from sciencecity.review.forms import (
    AssignForm,
    ConflictForm,
    NormaliseForm,
    PublicationsForm,
    ReassignForm,
    ScoreForm,
    VerdictForm,
)
from sciencecity.review.models import PublicationList, ReviewAssignment


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _problems(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


# --- the reviewer -----


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    assignments = selectors.assignments_of(request.user)  # type: ignore[arg-type]
    items = [
        (a, ScoreForm(initial={"score": a.score, "comment": a.comment}, prefix=f"a{a.pk}"))
        for a in assignments
    ]
    return render(request, "review/queue.html", {"items": items})


@require_POST
@login_required
def score(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(selectors.assignments_of(request.user), pk=assignment_id)  # type: ignore[arg-type]
    form = ScoreForm(request.POST, prefix=f"a{assignment.pk}")
    problems: list[str] = []
    status = 200
    if form.is_valid():
        try:
            assignment = services.review_submit(
                reviewer=request.user,  # type: ignore[arg-type]
                assignment=assignment,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except StateConflict as exc:
            problems, status = _problems(exc), 409
        except ValidationError as exc:
            problems, status = _problems(exc), 422
    else:
        status = 422
    if not _htmx(request):
        if status == 200:
            messages.success(request, _("Your score is saved."))
            return redirect("review:queue")
        messages.error(request, " ".join(problems) or _("Choose a score from 1 to 5."))
        return redirect("review:queue")
    saved = status == 200
    return render(
        request,
        "review/queue.html#score-form",
        {"a": assignment, "form": form, "problems": problems, "saved": saved},
    )


@require_GET
@login_required
def attachment(request: HttpRequest, assignment_id: int) -> FileResponse:
    assignment = get_object_or_404(selectors.assignments_of(request.user), pk=assignment_id)  # type: ignore[arg-type]
    if not assignment.proposal.attachment:
        raise Http404("No attachment")
    return FileResponse(
        assignment.proposal.attachment.open("rb"),
        content_type="application/pdf",
        filename=f"{assignment.proposal.reference or assignment.proposal.pk}.pdf",
    )


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ConflictForm(request.POST)
        if not form.is_valid():
            raise Http404("No such proposal")
        proposal = Proposal.objects.filter(pk=form.cleaned_data["proposal"]).first()
        if proposal is None:
            raise Http404("No such proposal")
        try:
            services.conflict_declare(
                reviewer=request.user,  # type: ignore[arg-type]
                proposal=proposal,
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as exc:
            raise Http404("No such proposal") from exc
        messages.success(request, _("Your conflict is recorded: you will not review this proposal."))
        return redirect("review:conflicts")
    context = {
        "panels": selectors.conflict_candidates(request.user),  # type: ignore[arg-type]
        "declared": selectors.declared_by(request.user),  # type: ignore[arg-type]
    }
    return render(request, "review/conflicts.html", context, status=status)


@login_required
def publications(request: HttpRequest) -> HttpResponse:
    status = 200
    problems: list[str] = []
    form = PublicationsForm()
    if request.method == "POST":
        form = PublicationsForm(request.POST, request.FILES)
        if form.is_valid():
            name, text = form.cleaned_data["file"]
            try:
                record = services.publication_list_import(user=request.user, text=text, filename=name)  # type: ignore[arg-type]
            except ValidationError as exc:
                problems, status = _problems(exc), 422
            else:
                messages.success(request, _("%(n)d publications imported.") % {"n": len(record.publications)})
                return redirect("review:publications")
        else:
            status = 422
    current = PublicationList.objects.filter(user=request.user).first()  # type: ignore[misc]
    return render(
        request,
        "review/publications.html",
        {"form": form, "problems": problems, "current": current},
        status=status,
    )


# --- the instrument scientist -----


@require_GET
@login_required
def technical_queue(request: HttpRequest) -> HttpResponse:
    items = selectors.technical_queue(request.user)  # type: ignore[arg-type]
    rows = [
        (
            item,
            [
                (instrument, review, _verdict_form(item.proposal, instrument, review))
                for instrument, review in item.mine
            ],
        )
        for item in items
    ]
    return render(request, "review/technical_queue.html", {"rows": rows})


def _verdict_form(proposal: Proposal, instrument: Instrument, review: Any) -> VerdictForm:
    initial = {"verdict": review.verdict, "comment": review.comment} if review else {}
    return VerdictForm(initial=initial, prefix=f"p{proposal.pk}-i{instrument.pk}")


@require_POST
@login_required
def verdict(request: HttpRequest, proposal_id: int, instrument_id: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    instrument = get_object_or_404(Instrument, pk=instrument_id)
    if not can_review_technically(request.user, proposal, instrument):
        raise Http404("No such request")
    form = VerdictForm(request.POST, prefix=f"p{proposal.pk}-i{instrument.pk}")
    problems: list[str] = []
    status = 200
    review = None
    if form.is_valid():
        try:
            review = services.technical_review_record(
                actor=request.user,  # type: ignore[arg-type]
                proposal=proposal,
                instrument=instrument,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
            )
        except StateConflict as exc:
            problems, status = _problems(exc), 409
        except ValidationError as exc:
            problems, status = _problems(exc), 422
    else:
        status = 422
    proposal.refresh_from_db()
    if not _htmx(request):
        if status == 200:
            messages.success(request, _("Your verdict is saved."))
        else:
            messages.error(request, " ".join(problems) or _("Choose a verdict."))
        return redirect("review:technical")
    return render(
        request,
        "review/technical_queue.html#verdict-form",
        {
            "p": proposal,
            "instrument": instrument,
            "form": form,
            "problems": problems,
            "saved": review is not None,
        },
    )


# --- the user office -----


def _managed_call(request: HttpRequest, call_id: int) -> Call:
    return get_object_or_404(calls_managed_by(request.user).select_related("cycle__facility"), pk=call_id)


@require_GET
@login_required
def calls(request: HttpRequest) -> HttpResponse:
    managed = calls_managed_by(request.user).select_related("cycle__facility")
    return render(request, "review/calls.html", {"calls": managed})


@login_required
def call_review(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _managed_call(request, call_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "technical":
            moved = services.technical_review_start(actor=request.user, call=call)  # type: ignore[arg-type]
            messages.success(request, _("%(n)d proposals are now in technical review.") % {"n": len(moved)})
        elif action == "peer":
            moved, waiting = services.peer_review_start(actor=request.user, call=call)  # type: ignore[arg-type]
            messages.success(
                request,
                _("%(n)d proposals are now in peer review; %(w)d wait for technical verdicts.")
                % {"n": len(moved), "w": len(waiting)},
            )
        elif action == "normalise":
            form = NormaliseForm(request.POST)
            form.is_valid()
            services.call_score_normalisation_set(
                actor=request.user,  # type: ignore[arg-type]
                call=call,
                normalise=bool(form.cleaned_data.get("normalise")),
            )
            messages.success(request, _("The score setting is saved."))
        return redirect("review:call", call_id=call.pk)
    counts = {s: call.proposals.filter(status=s).count() for s in selectors.IN_REVIEW}
    context = {
        "call": call,
        "counts": [(Proposal.Status(s).label, n) for s, n in counts.items()],
        "panels": call.panels.order_by("pk"),
        "normalise_form": NormaliseForm(initial={"normalise": call.normalise_scores}),
    }
    return render(request, "review/call.html", context)


@login_required
def panel(request: HttpRequest, call_id: int, panel_id: int) -> HttpResponse:
    call = _managed_call(request, call_id)
    the_panel = get_object_or_404(call.panels.all(), pk=panel_id)
    per_proposal = AssignForm(request.GET or None)
    n = per_proposal.cleaned_data["per_proposal"] if per_proposal.is_valid() else 3
    problems: list[str] = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "assign":
        form = AssignForm(request.POST)
        if form.is_valid():
            n = form.cleaned_data["per_proposal"]
            result = services.review_assign(
                actor=request.user,  # type: ignore[arg-type]
                panel=the_panel,
                proposals=list(
                    selectors.proposals_for_panel(the_panel, call).filter(status=Proposal.Status.PEER_REVIEW)
                ),
                per_proposal=n,
            )
            messages.success(
                request,
                _("Assignment done: %(pairs)d reviews, %(short)d missing.")
                % {"pairs": len(result.pairs), "short": sum(result.shortfall.values())},
            )
            return redirect(f"{request.path}?per_proposal={n}")
        status = 422
    elif request.method == "POST" and request.POST.get("action") == "reassign":
        reassign = ReassignForm(request.POST)
        if not reassign.is_valid():
            raise Http404("No such assignment")
        assignment = get_object_or_404(
            ReviewAssignment.objects.filter(panel=the_panel, proposal__call=call),
            pk=reassign.cleaned_data["assignment"],
        )
        reviewer = get_object_or_404(
            the_panel.members.select_related("user"), user_id=reassign.cleaned_data["reviewer"]
        ).user
        try:
            services.review_reassign(actor=request.user, assignment=assignment, reviewer=reviewer)  # type: ignore[arg-type]
        except (ValidationError, StateConflict) as exc:
            problems = _problems(exc)
            status = 409 if isinstance(exc, StateConflict) else 422
        else:
            messages.success(request, _("The review is reassigned to %(name)s.") % {"name": reviewer})
            return redirect(request.get_full_path())
    overview = selectors.panel_overview(the_panel, call, n)
    context = {
        "call": call,
        "panel": the_panel,
        "overview": overview,
        "per_proposal": n,
        "assign_form": AssignForm(initial={"per_proposal": n}),
        "problems": problems,
    }
    return render(request, "review/panel.html", context, status=status)
