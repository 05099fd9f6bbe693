"""Pages for applicants and officers: open calls, my proposals, the proposal form, the call dashboard.

Thin: parse (forms.py), authorise (permissions.py), call one service or selector, render. A proposal the
reader may not read is a 404; an action their role forbids is a 403; one its state forbids is a 409.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals import permissions, selectors, services
from sciencecity.proposals.forms import (
    AttachmentForm,
    CloseForm,
    ExtendForm,
    InviteForm,
    NewProposalForm,
    ProposalForm,
    WithdrawForm,
    kept,
    request_formset,
    sample_formset,
)
from sciencecity.proposals.models import Call, Member, Proposal


def _readable(request: HttpRequest, pk: int) -> Proposal:
    proposal = (
        permissions.proposals_visible_to(request.user)
        .select_related("call__cycle__facility", "field")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal")
    return proposal


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "proposals/refused.html", {"message": message}, status=status)


def _editable(request: HttpRequest, pk: int) -> Proposal | HttpResponse:
    """The proposal if the reader may change it now; else the refusal to send."""
    proposal = _readable(request, pk)
    if not permissions.is_member(request.user, proposal):
        return _refused(request, str(_("Only the proposal's members can change it.")), 403)
    if not permissions.can_edit_proposal(request.user, proposal):
        message = _("Only a draft can be edited; this proposal is %(status)s.")
        return _refused(request, message % {"status": proposal.get_status_display()}, 409)
    return proposal


# --- calls -------------------------------------------------------------------------------------------------


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    context = {
        "calls": selectors.open_calls(),
        "managed": permissions.calls_managed_by(request.user).exists(),
    }
    return render(request, "proposals/call_list.html", context)


@login_required
def proposal_new(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(selectors.open_calls(), pk=call_id)
    form = NewProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                actor=request.user,  # type: ignore[arg-type]
                call=call,
                title=form.cleaned_data["title"],
                access_route=call.access_routes[0],
            )
        except StateConflict as exc:
            return _refused(request, str(exc), 409)
        return redirect("proposals:edit", pk=proposal.pk)
    return render(request, "proposals/proposal_new.html", {"call": call, "form": form})


# --- my proposals ------------------------------------------------------------------------------------------


@login_required
@require_GET
def my_proposals(request: HttpRequest) -> HttpResponse:
    context = {
        "proposals": selectors.proposals_of(request.user),
        "invitations": selectors.invitations_for(request.user).count(),
    }
    return render(request, "proposals/my_proposals.html", context)


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "proposals/invitations.html", {"invitations": selectors.invitations_for(request.user)}
    )


@login_required
@require_POST
def invitation_respond(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(selectors.invitations_for(request.user), pk=member_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.member_respond(user=request.user, member=member, accept=accept)  # type: ignore[arg-type]
    except PermissionDenied as exc:
        return _refused(request, str(exc), 403)
    except StateConflict as exc:
        return _refused(request, str(exc), 409)
    if accept:
        return redirect("proposals:detail", pk=member.proposal_id)
    return redirect("proposals:invitations")


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _readable(request, pk)
    return render(request, "proposals/proposal_detail.html", _detail_context(request, proposal))


def _detail_context(request: HttpRequest, proposal: Proposal, **extra: Any) -> dict[str, Any]:
    user = request.user
    officer = permissions.can_manage_call(user, proposal.call)
    member = permissions.is_member(user, proposal)
    return {
        "proposal": proposal,
        "requests": proposal.requests.prefetch_related("instruments"),
        "samples": proposal.samples.all(),
        # Reviewers and instrument scientists see who proposes, never who reviews (nothing here names them).
        "members": proposal.members.exclude(status=Member.Status.DECLINED),
        "is_pi": permissions.is_pi(user, proposal),
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "is_member": member,
        "trail": audit_trail(proposal) if officer else None,
        "withdraw_form": extra.pop("withdraw_form", None) or WithdrawForm(),
        "withdrawable": bool(services.TRANSITIONS[proposal.status] & {Proposal.Status.WITHDRAWN}),
        **extra,
    }


# --- the proposal form -------------------------------------------------------------------------------------


def _forms(proposal: Proposal, data: Any = None) -> tuple[ProposalForm, Any, Any]:
    """The three parts of the proposal form: bound to `data` (a POST), or filled from the draft."""
    call = proposal.call
    form = ProposalForm(
        data,
        call=call,
        initial={
            "title": proposal.title,
            "abstract": proposal.abstract,
            "field": proposal.field_id,
            "access_route": proposal.access_route,
        },
    )
    return form, request_formset(data, proposal), sample_formset(data, proposal)


def _save(request: HttpRequest, proposal: Proposal, form: Any, requests: Any, samples: Any) -> list[str]:
    """Save every part that is valid (the fields, the requests, the samples); the problems left, listed."""
    changes = form.cleaned_data if form.is_valid() else {}
    wanted = [f.as_input() for f in kept(requests)] if requests.is_valid() else None
    brought = [f.as_input() for f in kept(samples)] if samples.is_valid() else None
    problems: list[str] = []
    if changes or wanted is not None or brought is not None:
        try:
            services.proposal_update(
                actor=request.user,  # type: ignore[arg-type]
                proposal=proposal,
                requests=wanted,
                samples=brought,
                **changes,
            )
        except ValidationError as exc:
            problems.extend(exc.messages)
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.extend(f"{label}: {e}" for e in errors)
    for title, formset in ((_("Request %(n)d"), requests), (_("Sample %(n)d"), samples)):
        problems.extend(formset.non_form_errors())
        for index, row in enumerate(formset.forms, start=1):
            for name, errors in row.errors.items():
                label = row.fields[name].label if name in row.fields else ""
                problems.extend(f"{title % {'n': index}}, {label}: {e}" for e in errors)
    return problems


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    if isinstance(proposal, HttpResponse):
        if request.method == "GET" and proposal.status_code == 409:
            return redirect("proposals:detail", pk=pk)
        return proposal
    form, requests, samples = _forms(proposal, request.POST if request.method == "POST" else None)
    problems: list[str] = []
    saved_at = None
    if request.method == "POST":
        problems = _save(request, proposal, form, requests, samples)
        if not problems:
            return redirect("proposals:edit", pk=pk)
        saved_at = timezone.localtime()
    return render(
        request,
        "proposals/proposal_form.html",
        _form_context(request, proposal, form, requests, samples, problems=problems, saved_at=saved_at),
        status=422 if problems else 200,
    )


def _form_context(
    request: HttpRequest, proposal: Proposal, form: Any, requests: Any, samples: Any, **extra: Any
) -> dict[str, Any]:
    proposal.refresh_from_db()
    return {
        "proposal": proposal,
        "call": proposal.call,
        "form": form,
        "requests": requests,
        "samples": samples,
        "members": proposal.members.exclude(status=Member.Status.DECLINED),
        "is_pi": permissions.is_pi(request.user, proposal),
        "invite_form": extra.pop("invite_form", None) or InviteForm(),
        "attachment_form": extra.pop("attachment_form", None) or AttachmentForm(),
        "submit_problems": services.proposal_problems(proposal),
        "deadline_passed": not proposal.call.accepts_submissions(timezone.now()),
        "max_mb": f"{settings.PROPOSAL_ATTACHMENT_MAX_BYTES / 1_000_000:g}",
        **extra,
    }


@login_required
@require_POST
def proposal_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save what is valid of the whole form; answer the small "Saved at hh:mm" fragment with any problems."""
    proposal = _editable(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    form, requests, samples = _forms(proposal, request.POST)
    problems = _save(request, proposal, form, requests, samples)
    proposal.refresh_from_db()
    return render(
        request,
        "proposals/_save_status.html",
        {
            "saved_at": timezone.localtime(),
            "problems": problems,
            "submit_problems": services.proposal_problems(proposal),
            "oob": True,
            # Every field's error box is refreshed beside its field: filled where wrong, emptied where right.
            "fields": [
                bound
                for part in (form, *requests.forms, *samples.forms)
                for bound in part
                if bound.name != "DELETE"
            ],
        },
    )


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _readable(request, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)  # type: ignore[arg-type]
    except PermissionDenied as exc:
        return _refused(request, str(exc), 403)
    except StateConflict as exc:
        return _refused(request, str(exc), 409)
    except ValidationError as exc:
        return render(
            request,
            "proposals/refused.html",
            {"message": _("The proposal cannot be submitted yet:"), "problems": exc.messages},
            status=422,
        )
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _readable(request, pk)
    if not permissions.is_pi(request.user, proposal):
        return _refused(request, str(_("Only the principal investigator can withdraw the proposal.")), 403)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, proposal, withdraw_form=form)
        return render(request, "proposals/proposal_detail.html", context, status=422)
    try:
        services.proposal_withdraw(
            actor=request.user,  # type: ignore[arg-type]
            proposal=proposal,
            reason=form.cleaned_data["reason"],
        )
    except StateConflict as exc:
        return _refused(request, str(exc), 409)
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def proposal_invite(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    if not permissions.is_pi(request.user, proposal):
        return _refused(request, str(_("Only the principal investigator invites co-proposers.")), 403)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.member_invite(
                actor=request.user,  # type: ignore[arg-type]
                proposal=proposal,
                email=form.cleaned_data["email"],
            )
            return redirect("proposals:edit", pk=pk)
        except ValidationError as exc:
            form.add_error("email", exc.messages)
    context = _form_context(request, proposal, *_forms(proposal), invite_form=form)
    return render(request, "proposals/proposal_form.html", context, status=422)


# --- the attachment ----------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.proposal_attach(
                actor=request.user,  # type: ignore[arg-type]
                proposal=proposal,
                upload=form.cleaned_data["attachment"],
            )
            return redirect("proposals:edit", pk=pk)
        except ValidationError as exc:
            form.add_error("attachment", exc.messages)
    context = _form_context(request, proposal, *_forms(proposal), attachment_form=form)
    return render(request, "proposals/proposal_form.html", context, status=422)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF, read through the storage API, for readers of the proposal only (never from MEDIA_URL)."""
    proposal = _readable(request, pk)
    if not proposal.attachment:
        raise Http404("No attachment")
    name = f"{proposal.reference or f'proposal-{proposal.pk}'}.pdf"
    response = FileResponse(
        proposal.attachment.open("rb"), content_type="application/pdf", as_attachment=True, filename=name
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- the officer's call dashboard --------------------------------------------------------------------------


def _managed(request: HttpRequest, call_id: int) -> Call:
    call = permissions.calls_managed_by(request.user).select_related("cycle__facility").filter(pk=call_id)
    found = call.first()
    if found is None:
        raise Http404("No such call")
    return found


@login_required
@require_GET
def managed_calls(request: HttpRequest) -> HttpResponse:
    calls = permissions.calls_managed_by(request.user).select_related("cycle__facility")
    return render(request, "proposals/managed_calls.html", {"calls": calls})


@login_required
@require_GET
def call_dashboard(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _managed(request, call_id)
    return render(request, "proposals/call_dashboard.html", _dashboard_context(call))


def _dashboard_context(call: Call, **extra: Any) -> dict[str, Any]:
    with timezone.override(call.time_zone):
        extend_form = extra.pop("extend_form", None) or ExtendForm(
            initial={"closes_at": timezone.localtime(call.closes_at)}
        )
    return {
        "call": call,
        "counts": selectors.status_counts(call),
        "demand": selectors.instrument_demand(call),
        "proposals": call.proposals.exclude(status=Proposal.Status.DRAFT).order_by("reference"),
        "trail": audit_trail(call),
        "extend_form": extend_form,
        "close_form": extra.pop("close_form", None) or CloseForm(),
        **extra,
    }


@login_required
@require_POST
def call_action(request: HttpRequest, call_id: int, action: str) -> HttpResponse:
    """Open, extend or close a call the officer runs."""
    call = _managed(request, call_id)
    actor: Any = request.user
    try:
        if action == "open":
            services.call_open(actor=actor, call=call)
        elif action == "extend":
            with timezone.override(call.time_zone):
                form = ExtendForm(request.POST)
                valid = form.is_valid()
            if not valid:
                context = _dashboard_context(call, extend_form=form)
                return render(request, "proposals/call_dashboard.html", context, status=422)
            services.call_extend(actor=actor, call=call, **form.cleaned_data)
        elif action == "close":
            close = CloseForm(request.POST)
            close.is_valid()
            services.call_close(actor=actor, call=call, reason=close.cleaned_data.get("reason", ""))
        else:
            raise Http404("No such action")
    except StateConflict as exc:
        return _refused(request, str(exc), 409)
    except ValidationError as exc:
        context = _dashboard_context(call, action_problems=exc.messages)
        return render(request, "proposals/call_dashboard.html", context, status=422)
    return redirect("proposals:dashboard", call_id=call.pk)
