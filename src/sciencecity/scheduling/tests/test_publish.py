"""Publishing a run: one transaction, one published run per cycle, proposals decided, teams told."""

from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from sciencecity.allocation import problem_from_dict, solution_from_dict
from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.notifications.models import Notification
from sciencecity.proposals.models import Proposal
from sciencecity.scheduling import selectors, services
from sciencecity.scheduling.models import Allocation, AllocationRun, Pin


def test_publishing_makes_allocations_decides_every_proposal_and_tells_each_team(decided, solve):
    run = solve()
    publication = services.run_publish(actor=decided.officer, run=run)
    run.refresh_from_db()
    assert run.published_at is not None and run.published_by == decided.officer
    solution = solution_from_dict(run.solution)
    stored = {(a.request_key, a.instrument.slug, a.first_shift) for a in Allocation.objects.filter(run=run)}
    assert stored == {(a.request, a.instrument, a.start) for a in solution.assignments}
    statuses = {p.reference: p.status for p in Proposal.objects.filter(call=decided.call)}
    placed = {a.request.rsplit("-R", 1)[0] for a in solution.assignments}
    for reference, status in statuses.items():
        assert status == ("allocated" if reference in placed else "not_allocated")
    for proposal in decided.proposals.values():
        assert [e.action for e in audit_trail(proposal)][-1] in (
            "proposal.allocated",
            "proposal.not_allocated",
        )
        pi = proposal.members.get(role="pi").user
        told = Notification.objects.filter(recipient=pi, subject__contains=proposal.reference)
        assert told.count() == 1
    assert len(publication.notified) == 3


def test_the_allocations_carry_the_dates_of_the_shifts_in_the_cycles_time_zone(decided, solve):
    run = solve()
    services.run_publish(actor=decided.officer, run=run)
    problem = problem_from_dict(run.problem)
    lengths = {r.id: r.shifts for r in problem.requests}
    for a in Allocation.objects.filter(run=run):
        assert a.shifts == lengths[a.request_key]
        assert (a.ends_at - a.starts_at).total_seconds() == a.shifts * 8 * 3600
        assert a.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).hour in (0, 8, 16)


def test_only_a_done_unpublished_run_of_ones_own_facility_is_published(decided, solve, other_officer):
    run = solve(method="greedy", time_limit=5)
    with pytest.raises(PermissionDenied):
        services.run_publish(actor=other_officer, run=run)
    services.run_publish(actor=decided.officer, run=run)
    with pytest.raises(StateConflict):
        services.run_publish(actor=decided.officer, run=run)
    failed = AllocationRun.objects.create(
        cycle=run.cycle, call=run.call, method="best", time_limit_s=5, problem=run.problem, status="failed"
    )
    with pytest.raises(StateConflict):
        services.run_publish(actor=decided.officer, run=failed)
    assert AllocationRun.objects.filter(cycle=run.cycle, published_at__isnull=False).count() == 1


def dates(run):
    """Each proposal's placements in a run: {reference: {(request, instrument, first shift)}}."""
    out: dict[str, set] = {}
    for a in Allocation.objects.filter(run=run).select_related("proposal"):
        out.setdefault(a.proposal.reference, set()).add((a.request_key, a.instrument_id, a.first_shift))
    return out


def test_republishing_a_changed_run_tells_only_the_teams_whose_dates_changed(decided, solve):
    first = solve()
    services.run_publish(actor=decided.officer, run=first)
    earlier = dates(first)
    placed = selectors.run_view(first).placed
    a_key = f"{decided.proposals['A'].reference}-R1"
    slug, start = placed[a_key]
    # Pin A's first request to the next free start after its own: A's dates change; the others' may too.
    later = next(
        s
        for s in range(start + 1, first.cycle.shifts)
        if services.placement_check(run=first, request_key=a_key, instrument=slug, start=s).ok
    )
    services.pin_set(actor=decided.officer, run=first, request_key=a_key, instrument=slug, start=later)
    second = solve()
    before = Notification.objects.count()
    publication = services.run_publish(actor=decided.officer, run=second)
    first.refresh_from_db()
    assert first.published_at is None and selectors.published_run(first.cycle) == second
    assert not Allocation.objects.filter(run=first).exists()
    after = dates(second)
    changed = {
        reference for reference in set(earlier) | set(after) if earlier.get(reference) != after.get(reference)
    }
    assert decided.proposals["A"].reference in changed
    assert {p.reference for p in publication.notified} == changed
    told = Notification.objects.count() - before
    assert told == len(changed)  # one member (the PI) per proposal
    latest = Notification.objects.order_by("-pk").first()
    assert latest is not None and latest.subject.startswith("Your beam time has changed")


def test_a_publication_that_fails_half_way_leaves_nothing_behind(decided, solve, monkeypatch):
    run = solve()

    def broken(*args, **kwargs):
        raise IntegrityError("the disk is full")

    monkeypatch.setattr(services, "notify_schedule", broken)
    with pytest.raises(IntegrityError):
        services.run_publish(actor=decided.officer, run=run)
    run.refresh_from_db()
    assert run.published_at is None
    assert (
        not Allocation.objects.exists()
        and not Notification.objects.filter(subject__contains="beam time").exists()
    )
    assert set(Proposal.objects.filter(call=decided.call).values_list("status", flat=True)) == {"ranked"}
    assert not Pin.objects.exists()
