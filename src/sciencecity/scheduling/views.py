"""Pages of a cycle's allocation, for the facility's user-office officer: the machine calendar, runs with
their live progress, the schedule's Gantt, pins, comparison and publication.

Thin: look up, authorise (`permissions.can_allocate`; a 404 for everyone else), call one service or
selector, render. Bad input is a 422 with the form's errors, a state that forbids the action a 409.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sciencecity.accounts.models import User
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.models import Call, Cycle, Request
from sciencecity.registry.models import Instrument
from sciencecity.review.handover import DECIDED  # ranked, or decided by a published schedule
from sciencecity.scheduling import runs, selectors, services, shifts
from sciencecity.scheduling.forms import BlockForm, PinForm, RunStartForm, shift_times
from sciencecity.scheduling.models import AllocationRun, CalendarBlock, Pin
from sciencecity.scheduling.permissions import cycles_allocated_by


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _cycle(request: HttpRequest, cycle_id: int) -> Cycle:
    """The cycle if the reader schedules it; a 404 otherwise (its allocation is not revealed)."""
    return get_object_or_404(cycles_allocated_by(request.user).select_related("facility"), pk=cycle_id)


def _problems(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


def _span(cycle: Cycle) -> dict[str, dt.datetime]:
    return {"cycle_start": shifts.shift_start(cycle, 0), "cycle_end": shifts.shift_start(cycle, cycle.shifts)}


def _offered_codes(cycle: Cycle) -> list[str]:
    return list(cycle.offers.order_by("instrument__code").values_list("instrument__code", flat=True))


# --- the machine calendar -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    form = BlockForm(request.POST or None, cycle=cycle, kinds=CalendarBlock.Kind.choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.calendar_block_save(
                    actor=_actor(request),
                    cycle=cycle,
                    instrument=data["instrument"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    note=data["note"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    where = {"starts_at": "start_day", "ends_at": "end_day"}.get(field, field)
                    form.add_error(where if where in form.fields else None, errors)
            else:
                messages.success(request, _("Block added."))
                return redirect("scheduling:calendar", cycle_id=cycle.pk)
        status = 422
    context = {
        "cycle": cycle,
        "form": form,
        "blocks": cycle.calendar_blocks.select_related("instrument").order_by(
            "starts_at", "instrument__code"
        ),
        "instrument_codes_json": json.dumps(_offered_codes(cycle)),
        **_span(cycle),
    }
    return render(request, "scheduling/calendar.html", context, status=status)


@login_required
@require_POST
def calendar_typical(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Fill an empty calendar with a synchrotron's usual year (start-up shutdown, weekly machine days,
    maintenance, in-house weeks), for the officer to adjust block by block."""
    cycle = _cycle(request, cycle_id)
    if selectors.calendar_of_cycle(cycle).exists():
        messages.error(
            request, _("The calendar already has blocks: remove them first, or edit them one by one.")
        )
        return redirect("scheduling:calendar", cycle_id=cycle.pk)
    made = services.calendar_fill_typical(actor=_actor(request), cycle=cycle)
    messages.success(request, _("%(n)d blocks added: a typical calendar, to adjust.") % {"n": len(made)})
    return redirect("scheduling:calendar", cycle_id=cycle.pk)


@login_required
@require_POST
def block_remove(request: HttpRequest, cycle_id: int, block_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    block = get_object_or_404(CalendarBlock, pk=block_id, cycle=cycle)
    try:
        services.calendar_block_delete(actor=_actor(request), block=block)
    except PermissionDenied as exc:  # pragma: no cover - _cycle already refused whoever may not
        raise Http404 from exc
    messages.success(request, _("Block removed."))
    return redirect("scheduling:calendar", cycle_id=cycle.pk)


# --- runs -------------------------------------------------------------------------------------------------


def _run(request: HttpRequest, run_id: int) -> AllocationRun:
    """The run if the reader allocates its cycle (else a 404); a running run whose worker died reads as
    failed."""
    runs_of_mine = AllocationRun.objects.filter(cycle__in=cycles_allocated_by(request.user))
    run = get_object_or_404(runs_of_mine.select_related("cycle__facility", "call", "created_by"), pk=run_id)
    if run.status == AllocationRun.Status.RUNNING and runs.runs_fail_stale(run=run):
        run.refresh_from_db()
    return run


def _ranked_call(cycle: Cycle) -> Call | None:
    """The call of the cycle whose decided requests a run allocates, if there is one yet."""
    try:
        return runs.call_of_cycle(cycle)
    except StateConflict:
        return None


def _cycle_page(
    request: HttpRequest,
    cycle: Cycle,
    form: RunStartForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    call = _ranked_call(cycle)
    requests = (
        Request.objects.filter(
            proposal__call=call, proposal__status__in=DECIDED, recommended_shifts__gt=0
        ).count()
        if call
        else 0
    )
    context = {
        "cycle": cycle,
        "call": call,
        "requests": requests,
        "form": form or RunStartForm(),
        "start_problems": problems or [],
        "runs": selectors.runs_of_cycle(cycle),
        "published": selectors.published_run(cycle),
    }
    return render(request, "scheduling/cycle.html", context, status=status)


@login_required
@require_GET
def cycle(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _cycle_page(request, _cycle(request, cycle_id))


@login_required
@require_POST
def run_start(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    form = RunStartForm(request.POST)
    if not form.is_valid():
        return _cycle_page(request, cycle, form, status=422)
    try:
        run = runs.run_start(
            actor=_actor(request),
            call=runs.call_of_cycle(cycle),
            method=form.cleaned_data["method"],
            time_limit=form.cleaned_data["time_limit"],
        )
    except ValidationError as exc:
        return _cycle_page(request, cycle, form, _problems(exc), status=422)
    except StateConflict as exc:
        return _cycle_page(request, cycle, form, _problems(exc), status=409)
    return redirect("scheduling:run", run_id=run.pk)


def _figures(run: AllocationRun) -> dict[str, object] | None:
    """The run's fairness and use figures as (label, share) rows, for the chart and its table."""
    if run.status != AllocationRun.Status.DONE:
        return None
    stats = selectors.run_fairness(run)
    shares = [
        (_("Top 10 per cent of the ranking served"), stats.get("top10_served")),
        (_("Top 20 per cent of the ranking served"), stats.get("top20_served")),
        (_("Utilisation of the open shifts"), stats.get("utilisation")),
    ]
    for tag, share in sorted(stats["cap_shares"].items()):
        shares.append((_("Share of scheduled shifts under the cap %(tag)s") % {"tag": tag}, share))
    return {
        "shares": [(label, share) for label, share in shares if share is not None],
        "rank_inversions": stats.get("rank_inversions") or 0,
        "served": stats.get("served") or 0,
        "requests": stats.get("requests") or 0,
    }


def _run_page(
    request: HttpRequest, run: AllocationRun, problems: list[str] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "run": run,
        "progress": runs.run_progress(run),
        "cycle": run.cycle,
        "others": run.cycle.allocation_runs.filter(status=AllocationRun.Status.DONE).exclude(pk=run.pk)[:5],
        "figures": _figures(run),
        "can_publish": run.status == AllocationRun.Status.DONE,
        "published": selectors.published_run(run.cycle),
        "publish_problems": problems or [],
    }
    return render(request, "scheduling/run.html", context, status=status)


@login_required
@require_GET
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_page(request, _run(request, run_id))


@login_required
@require_GET
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment htmx polls; once the run is finished, the whole page is reloaded to show it."""
    run = _run(request, run_id)
    response = render(request, "scheduling/_progress.html", {"run": run, "progress": runs.run_progress(run)})
    if run.is_finished and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        runs.run_cancel(actor=_actor(request), run=run)
    except StateConflict as exc:
        return _run_page(request, run, _problems(exc), status=409)
    return redirect("scheduling:run", run_id=run.pk)


@login_required
@require_POST
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    if request.POST.get("confirm") != "yes":
        return _run_page(request, run, [_("Tick the box to confirm the publication.")], status=422)
    try:
        services.run_publish(actor=_actor(request), run=run)
    except StateConflict as exc:
        return _run_page(request, run, _problems(exc), status=409)
    messages.success(request, _("The schedule is published; the teams are notified."))
    return redirect("scheduling:run", run_id=run.pk)


# --- inspect, compare ---------------------------------------------------------------------------------------


def _finished(request: HttpRequest, run_id: int) -> AllocationRun:
    run = _run(request, run_id)
    if run.status != AllocationRun.Status.DONE:
        raise Http404("The run has no schedule")
    return run


@login_required
@require_GET
def schedule(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _finished(request, run_id)
    cycle = run.cycle
    context = {
        "run": run,
        "cycle": cycle,
        "gantt": (chart := selectors.run_gantt(run)),
        "rows": selectors.run_request_rows(run),
        "instrument_codes_json": json.dumps([row.code for row in chart.rows]),
        "shift_times": shift_times(cycle),
        "can_pin": True,
        **_span(cycle),
    }
    return render(request, "scheduling/schedule.html", context)


@login_required
@require_GET
def compare(request: HttpRequest, run_id: int, other_id: int) -> HttpResponse:
    run, other = _finished(request, run_id), _finished(request, other_id)
    if run.cycle_id != other.cycle_id:
        raise Http404("Runs of different cycles")
    comparison = selectors.runs_compare(other, run)  # what changed from the other run to this one
    context = {
        "run": run,
        "other": other,
        "cycle": run.cycle,
        "comparison": comparison,
        "same": sum(1 for row in comparison.rows if row.change == "same"),
        "served": (selectors.run_fairness(run)["served"], selectors.run_fairness(other)["served"]),
    }
    return render(request, "scheduling/compare.html", context)


# --- pins -------------------------------------------------------------------------------------------------


def _pins_page(request: HttpRequest, cycle: Cycle, status: int = 200) -> HttpResponse:
    context = {
        "cycle": cycle,
        "pins": selectors.pins_of_cycle(cycle),
        "latest": cycle.allocation_runs.filter(status=AllocationRun.Status.DONE).first(),
    }
    return render(request, "scheduling/pins.html", context, status=status)


@login_required
@require_GET
def pins(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _pins_page(request, _cycle(request, cycle_id))


@login_required
@require_POST
def pin_create(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Pin one request (a row's form, or a bar dragged in the Gantt); the answer is the check's verdict."""
    cycle = _cycle(request, cycle_id)
    run = get_object_or_404(
        AllocationRun.objects.filter(cycle=cycle, status=AllocationRun.Status.DONE),
        pk=request.GET.get("run") or 0,
    )
    rows = {row.key: row for row in selectors.run_request_rows(run)}
    key = request.POST.get("request", "")
    row = rows.get(key)
    form = PinForm(request.POST, cycle=cycle, instruments=[(c, c) for c in (row.instruments if row else [])])
    context: dict[str, object] = {"key": key}
    status = 200
    if row is None or not form.is_valid():
        problems = (
            [_("Choose a request of this run.")]
            if row is None
            else [str(e) for errors in form.errors.values() for e in errors]
        )
        context["refusal"] = " ".join(problems)
        status = 422
    else:
        instrument = get_object_or_404(Instrument, code=form.cleaned_data["instrument"], offers__cycle=cycle)
        try:
            context["pinned"] = services.pin_set(
                actor=_actor(request),
                run=run,
                request_key=key,
                instrument=instrument.slug,
                start=form.cleaned_data["starts_at"],
            )
        except ValidationError as exc:
            context["refusal"] = " ".join(_problems(exc))
            status = 422
        except StateConflict as exc:  # the check's answer: what is in the way
            context["refusal"] = str(exc)
            status = 409
    if getattr(request, "htmx", False):
        return render(request, "scheduling/_pin_answer.html", context, status=status)
    if status == 200:
        messages.success(request, _("Pinned. Start a new run: it keeps the pin."))
    else:
        messages.error(request, str(context["refusal"]))
    return redirect(reverse("scheduling:schedule", args=[run.pk]) + f"#request-{key}")


@login_required
@require_POST
def pin_remove(request: HttpRequest, cycle_id: int, pin_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    pin = get_object_or_404(Pin, pk=pin_id, cycle=cycle)
    services.pin_delete(actor=_actor(request), pin=pin)
    messages.success(request, _("Pin removed; the next run may place the request anywhere."))
    return redirect("scheduling:pins", cycle_id=cycle.pk)


# --- the proposer's calendar feed -------------------------------------------------------------------------


@login_required
@require_POST
def feed_rotate(request: HttpRequest) -> HttpResponse:
    """A new secret address for the reader's calendar feed; the old one stops working at once."""
    services.feed_rotate(user=_actor(request))
    messages.success(request, _("Your calendar has a new address: subscribe again with it."))
    back = request.POST.get("next", "")
    return redirect(back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else "proposals:mine")
