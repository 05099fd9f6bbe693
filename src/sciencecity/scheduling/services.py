"""Writes of the scheduling app: calendars, runs (scheduling/runs.py), pins, publication, calendar feeds.

Every service takes keyword arguments, checks the actor's right (an actor of None is the system: the demo
loader, a task) and runs in one transaction; refusals are PermissionDenied (403), StateConflict (409) or
ValidationError (422), as everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.allocation import Assignment, ProblemError, problem_from_dict
from sciencecity.allocation import Pin as ProblemPin
from sciencecity.allocation.pins import refusal
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Cycle, Proposal
from sciencecity.registry.models import Instrument
from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import Allocation, AllocationRun, CalendarBlock, CalendarFeed, Pin
from sciencecity.scheduling.notices import notify_schedule
from sciencecity.scheduling.permissions import can_allocate
from sciencecity.scheduling.problem import requests_by_key
from sciencecity.scheduling.reasons import refusal_reason
from sciencecity.scheduling.runs import (  # noqa: F401 - the app's services, in one place
    RunStopped,
    call_of_cycle,
    run_cancel,
    run_execute,
    run_progress,
    run_start,
    runs_fail_stale,
)
from sciencecity.scheduling.selectors import run_view


def _allowed(actor: User | None, cycle: Cycle) -> None:
    if actor is not None and not can_allocate(actor, cycle):
        raise PermissionDenied(_("Only the facility's user office changes its schedule."))


# --- machine calendar ---------------------------------------------------------------------------------------


@transaction.atomic
def calendar_block_save(
    *,
    actor: User | None,
    cycle: Cycle,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    instrument: Instrument | None = None,
    note: str = "",
    block: CalendarBlock | None = None,
) -> CalendarBlock:
    """Add a block to the cycle's calendar, or change `block`; times on shift boundaries of the cycle."""
    _allowed(actor, cycle)
    if block is not None and block.cycle_id != cycle.pk:
        raise ValidationError({"cycle": _("The block belongs to another cycle.")})
    block = block or CalendarBlock(cycle=cycle)
    block.kind, block.instrument, block.starts_at, block.ends_at, block.note = (
        kind,
        instrument,
        starts_at,
        ends_at,
        note,
    )
    block.full_clean()
    block.save()
    audit_record(
        actor=actor, target=block, action="calendar.save", reason=f"{kind} {starts_at:%Y-%m-%d %H:%M}"
    )
    return block


@transaction.atomic
def calendar_block_delete(*, actor: User | None, block: CalendarBlock) -> None:
    _allowed(actor, block.cycle)
    audit_record(actor=actor, target=block, action="calendar.delete", reason=str(block))
    block.delete()


@transaction.atomic
def calendar_fill_typical(
    *, actor: User | None, cycle: Cycle, shutdown_days: int = 14, machine_weekday: int = 0
) -> list[CalendarBlock]:
    """A synchrotron's usual calendar, made of blocks: a start-up shutdown, a machine-development day every
    week (Monday by default), maintenance in the first shift after every fourth machine day, and, for each
    offered instrument, in-house time for all but the user shifts the cycle offers it (OfferedInstrument):
    the user shifts come as whole weeks between machine days, spread over the cycle and staggered so the
    instruments take turns."""
    _allowed(actor, cycle)
    total, per_day = cycle.shifts, shifts.per_day(cycle)
    closed = [False] * total
    made: list[CalendarBlock] = []

    def block(kind: str, first: int, last: int, instrument: Instrument | None = None) -> None:
        made.append(
            calendar_block_save(
                actor=actor,
                cycle=cycle,
                kind=kind,
                starts_at=shifts.shift_start(cycle, first),
                ends_at=shifts.shift_end(cycle, last),
                instrument=instrument,
                note=_("typical calendar"),
            )
        )
        if instrument is None:
            closed[first : last + 1] = [True] * (last - first + 1)

    shutdown = min(total, shutdown_days * per_day)
    if shutdown:
        block(CalendarBlock.Kind.SHUTDOWN, 0, shutdown - 1)
    day = shutdown // per_day + (machine_weekday - shifts.day_of(cycle, shutdown).weekday()) % 7
    for week, first in enumerate(range(day * per_day, total, 7 * per_day)):
        block(CalendarBlock.Kind.MACHINE_DEVELOPMENT, first, min(total, first + per_day) - 1)
        if week % 4 == 0 and first + per_day < total:
            block(CalendarBlock.Kind.MAINTENANCE, first + per_day, first + per_day)
    runs: list[tuple[int, int]] = []  # the stretches of user-mode shifts between facility blocks
    k = 0
    while k < total:
        if closed[k]:
            k += 1
            continue
        end = k
        while end + 1 < total and not closed[end + 1]:
            end += 1
        runs.append((k, end))
        k = end + 1
    for turn, offer in enumerate(cycle.offers.select_related("instrument").order_by("instrument__code")):
        share = min(offer.shifts, sum(b - a + 1 for a, b in runs))
        longest = max((b - a + 1 for a, b in runs), default=1)
        count = max(1, -(-share // longest))
        step = max(1, len(runs) // count)
        chosen = sorted({(turn + j * step) % len(runs) for j in range(count)}) if runs else []
        user = [False] * total
        left = share
        for index in chosen:
            a, b = runs[index]
            take = min(left, b - a + 1)
            user[a : a + take] = [True] * take
            left -= take
        k = 0
        while k < total:
            if closed[k] or user[k]:
                k += 1
                continue
            end = k
            while end + 1 < total and not (closed[end + 1] or user[end + 1]):
                end += 1
            block(CalendarBlock.Kind.IN_HOUSE, k, end, offer.instrument)
            k = end + 1
    return made


# --- pins and moves -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The answer to "can this request go there?": ok, or a code and a sentence saying why not."""

    ok: bool
    code: str = ""
    reason: str = ""


def _start_shift(cycle: Cycle, start: int | dt.datetime) -> int:
    if isinstance(start, dt.datetime):
        try:
            return shifts.shift_at(cycle, start)
        except ValueError as exc:
            raise ValidationError({"start": str(exc)}) from exc
    return start


def placement_check(
    *, run: AllocationRun, request_key: str, instrument: str, start: int | dt.datetime
) -> Verdict:
    """Can `request_key` go on `instrument` (slug) from `start` (a shift or an aware datetime), next to the
    run's other placements, the cycle's other pins and the caps? Checked on the run's frozen problem."""
    cycle = run.cycle
    first = _start_shift(cycle, start)
    data = {**run.problem, "pins": []}
    try:
        problem = problem_from_dict(data)
    except ProblemError as exc:
        return Verdict(False, "problem", str(exc))
    known = {r.id for r in problem.requests}
    pins = [
        ProblemPin(p.request_key, p.instrument.slug, p.start_shift)
        for p in Pin.objects.filter(cycle=cycle).select_related("instrument")
        if p.request_key in known and p.request_key != request_key
    ]
    pinned = {p.request: p for p in pins}
    placed = run_view(run).placed
    others = [Assignment(p.request, p.instrument, p.start) for p in pins]
    others += [Assignment(rid, slug, s) for rid, (slug, s) in placed.items() if rid not in pinned]
    why = refusal(
        dataclasses.replace(problem, pins=tuple(pins)), request_key, instrument, first, others=others
    )
    if why is None:
        return Verdict(True)
    codes = dict(Instrument.objects.filter(facility_id=cycle.facility_id).values_list("slug", "code"))
    return Verdict(False, why.code, refusal_reason(why.code, why.detail, cycle, codes, why.shifts))


@transaction.atomic
def pin_set(
    *, actor: User | None, run: AllocationRun, request_key: str, instrument: str, start: int | dt.datetime
) -> Pin:
    """Pin a request of the run (or move its pin) to an instrument and a first shift, if it fits there next
    to the run's other placements; every later run of the cycle keeps it. StateConflict says why not."""
    cycle = Cycle.objects.select_for_update().get(pk=run.cycle_id)  # pins of a cycle change one at a time
    _allowed(actor, cycle)
    first = _start_shift(cycle, start)
    verdict = placement_check(run=run, request_key=request_key, instrument=instrument, start=first)
    if not verdict.ok:
        raise StateConflict(verdict.reason)
    request = requests_by_key(run.call).get(request_key)
    target = Instrument.objects.filter(slug=instrument).first()
    if request is None or target is None:
        raise ValidationError({"request": _("No such request or instrument in this run.")})
    pin, _created = Pin.objects.update_or_create(
        cycle=cycle,
        request=request,
        defaults={
            "request_key": request_key,
            "instrument": target,
            "start_shift": first,
            "created_by": actor,
        },
    )
    audit_record(actor=actor, target=pin, action="pin.set", reason=f"{request_key} {instrument} {first}")
    return pin


@transaction.atomic
def pin_delete(*, actor: User | None, pin: Pin) -> None:
    _allowed(actor, pin.cycle)
    audit_record(actor=actor, target=pin, action="pin.delete", reason=str(pin))
    pin.delete()


# --- publication --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    run: AllocationRun
    allocations: list[Allocation]
    allocated: list[Proposal]
    not_allocated: list[Proposal]
    notified: list[Proposal]  # the proposals whose teams were told (all, or those whose dates changed)


@transaction.atomic
def run_publish(*, actor: User | None, run: AllocationRun) -> Publication:
    """Publish a done run as its cycle's schedule, in one transaction: its placements become allocations,
    each proposal becomes allocated or not allocated, and each team is told its dates. Publishing another
    run of the cycle takes the place of the one before, and tells only the teams whose dates changed."""
    cycle = Cycle.objects.select_for_update().get(pk=run.cycle_id)  # one publication of a cycle at a time
    _allowed(actor, cycle)
    run = AllocationRun.objects.select_for_update().select_related("call", "cycle").get(pk=run.pk)
    if run.status != AllocationRun.Status.DONE:
        raise StateConflict(
            _("Only a finished run can be published (this one is %(status)s).")
            % {"status": run.get_status_display()}
        )
    if run.published_at is not None:
        raise StateConflict(_("This run is already the published schedule."))
    previous = (
        AllocationRun.objects.select_for_update().filter(cycle=cycle, published_at__isnull=False).first()
    )
    before: dict[int, set[tuple[int, int, int, int]]] | None = None
    if previous is not None:
        before = {}
        for old in previous.allocations.all():
            before.setdefault(old.proposal_id, set()).add(
                (old.request_id, old.instrument_id, old.first_shift, old.shifts)
            )
        previous.allocations.all().delete()  # only the published run has allocations
        previous.published_at, previous.published_by = None, None
        previous.save(update_fields=["published_at", "published_by", "updated_at"])
        audit_record(actor=actor, target=previous, action="run.unpublish", reason=f"replaced by run {run.pk}")
    view = run_view(run)
    by_key = requests_by_key(run.call)
    missing = [rid for rid in view.requests if rid not in by_key]
    if missing:
        raise StateConflict(
            _("The run names requests that no longer exist: %(ids)s.") % {"ids": ", ".join(missing)}
        )
    instruments = {i.slug: i for i in Instrument.objects.filter(slug__in=list(view.codes))}
    rows = []
    for rid, (slug, first) in sorted(view.placed.items()):
        request = by_key[rid]
        starts_at, ends_at = view.span(rid)
        rows.append(
            Allocation(
                run=run,
                proposal_id=request.proposal_id,
                request=request,
                request_key=rid,
                instrument=instruments[slug],
                first_shift=first,
                shifts=int(view.requests[rid]["shifts"]),
                starts_at=starts_at,
                ends_at=ends_at,
            )
        )
    Allocation.objects.bulk_create(rows)
    run.published_at, run.published_by = timezone.now(), actor
    run.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(actor=actor, target=run, action="run.publish", to_state="published")
    proposal_ids = list(dict.fromkeys(by_key[rid].proposal_id for rid in view.requests))
    allocated: list[Proposal] = []
    not_allocated: list[Proposal] = []
    notified: list[Proposal] = []
    for proposal in Proposal.objects.filter(pk__in=proposal_ids).order_by("reference"):
        got = [a for a in rows if a.proposal_id == proposal.pk]
        target = Proposal.Status.ALLOCATED if got else Proposal.Status.NOT_ALLOCATED
        (allocated if got else not_allocated).append(proposal)
        if proposal.status != target:
            proposal = proposals.proposal_move(
                actor=actor,
                proposal=proposal,
                to=target,
                reason=_("Schedule published (run %(run)d).") % {"run": run.pk},
            )
        dates = {(a.request_id, a.instrument_id, a.first_shift, a.shifts) for a in got}
        if before is not None and before.get(proposal.pk, set()) == dates:
            continue
        unscheduled = [
            (rid, view.reasons.get(rid, ""), view.requests[rid])
            for rid in view.requests
            if by_key[rid].proposal_id == proposal.pk and rid not in view.placed
        ]
        notify_schedule(proposal, cycle, got, unscheduled, view.codes, changed=before is not None)
        notified.append(proposal)
    return Publication(run, rows, allocated, not_allocated, notified)


# --- calendar feeds -----------------------------------------------------------------------------------------


def _token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_for(*, user: User) -> CalendarFeed:
    """The user's private feed (made on first use)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _token()})
    return feed


@transaction.atomic
def feed_rotate(*, user: User) -> CalendarFeed:
    """A new secret address: the old one stops working at once."""
    feed = feed_for(user=user)
    feed.token = _token()
    feed.save(update_fields=["token", "created_at"])
    audit_record(actor=user, target=feed, action="feed.rotate")
    return feed
