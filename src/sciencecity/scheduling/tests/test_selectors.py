"""What the pages read from a run: request rows, the Gantt, fairness, a comparison, a proposer's outcome."""

import pytest

from sciencecity.allocation import solution_from_dict
from sciencecity.core.errors import StateConflict
from sciencecity.scheduling import selectors, services
from sciencecity.scheduling.models import AllocationRun, Pin


def test_request_rows_come_in_rank_order_with_dates_or_a_reason(decided, solve):
    run = solve()
    rows = selectors.run_request_rows(run)
    references = [decided.proposals[n].reference for n in "ABC"]
    assert [r.key for r in rows] == [f"{references[0]}-R1", f"{references[0]}-R2", f"{references[1]}-R1"] + [
        f"{references[2]}-R{n}" for n in (1, 2)
    ]
    solution = solution_from_dict(run.solution)
    placed = {a.request for a in solution.assignments}
    for row in rows:
        assert row.placed == (row.key in placed)
        if row.placed:
            assert row.starts_at is not None and row.ends_at is not None
            assert row.starts_at < row.ends_at and row.instrument in ("BL01", "BL02") and not row.reason
        else:
            assert row.reason_code and row.reason
    first = rows[0]
    assert (first.score, first.shifts, first.requested_shifts) == (4.5, 6, 9)
    assert first.instruments == ["BL01", "BL02"] and first.proposal == decided.proposals["A"]


def test_the_gantt_has_a_row_per_instrument_with_its_bars_and_closed_blocks(decided, solve):
    services.calendar_fill_typical(actor=decided.officer, cycle=decided.call.cycle)
    run = solve()
    gantt = selectors.run_gantt(run)
    assert [row.code for row in gantt.rows] == ["BL01", "BL02"]
    bars = [bar for row in gantt.rows for bar in row.bars]
    assert len(bars) == len(run.solution["assignments"])
    for row in gantt.rows:
        assert {d.kind for d in row.down} <= {"shutdown", "machine_development", "maintenance", "in_house"}
        for bar in row.bars:
            assert not any(d.starts_at < bar.ends_at and bar.starts_at < d.ends_at for d in row.down)
            assert bar.reference in {p.reference for p in decided.proposals.values()} and bar.title
    assert gantt.rows[0].down[0].kind == "shutdown"
    assert gantt.starts_at.isoformat() == "2026-09-01T00:00:00+08:00"


def test_fairness_figures_come_from_the_solution(decided, solve):
    figures = selectors.run_fairness(solve())
    assert figures["requests"] == 5 and 0 <= figures["utilisation"] <= 1
    assert {"top10_served", "top20_served", "rank_inversions", "cap_shares", "greedy_objective"} <= set(
        figures
    )


def test_two_runs_compared_show_what_moved_and_the_merit_difference(decided, solve):
    first = solve(method="greedy", time_limit=5)
    key = next(iter(selectors.run_view(first).placed))
    slug, start = selectors.run_view(first).placed[key]
    later = next(
        s
        for s in range(start + 1, first.cycle.shifts)
        if services.placement_check(run=first, request_key=key, instrument=slug, start=s).ok
    )
    services.pin_set(actor=decided.officer, run=first, request_key=key, instrument=slug, start=later)
    second = solve()
    comparison = selectors.runs_compare(first, second)
    moved = {r.request: r for r in comparison.changed}
    before, after = moved[key].before, moved[key].after
    assert moved[key].change == "moved" and before is not None and after is not None
    assert (before.first_shift, after.first_shift) == (start, later)
    assert comparison.merit_difference == pytest.approx(second.objective - first.objective)
    same = selectors.runs_compare(second, second)
    assert same.changed == [] and same.merit_difference == 0


def test_a_pin_is_refused_where_the_request_cannot_go_and_shown_in_the_next_run(decided, solve):
    run = solve()
    view = selectors.run_view(run)
    key, (slug, start) = next(iter(view.placed.items()))
    other = (
        next(k for k in view.placed if k != key and view.placed[k][0] == slug)
        if sum(1 for s, _ in view.placed.values() if s == slug) > 1
        else None
    )
    verdict = services.placement_check(run=run, request_key=key, instrument="ins-bl03", start=start)
    assert (verdict.ok, verdict.code) == (False, "unknown_instrument") and "BL03" in verdict.reason
    only_bl02 = f"{decided.proposals['A'].reference}-R2"  # asked for BL02 alone
    wrong = services.placement_check(run=run, request_key=only_bl02, instrument="ins-bl01", start=0)
    assert wrong.code == "not_its_instrument" and wrong.reason == "The request did not ask for BL01."
    if other is not None:
        clash = services.placement_check(
            run=run, request_key=key, instrument=slug, start=view.placed[other][1]
        )
        assert clash.code == "overlap" and other in clash.reason
    with pytest.raises(StateConflict):
        services.pin_set(actor=decided.officer, run=run, request_key=key, instrument="ins-bl03", start=start)
    assert not Pin.objects.exists()
    pin = services.pin_set(actor=decided.officer, run=run, request_key=key, instrument=slug, start=start)
    again = solve()
    assert {"request": key, "instrument": slug, "start": start} in again.problem["pins"]
    assert next(b for row in selectors.run_gantt(again).rows for b in row.bars if b.request == key).pinned
    services.pin_delete(actor=decided.officer, pin=pin)
    assert "pins" not in solve().problem


def test_a_proposer_reads_the_published_dates_and_why_a_request_got_none(decided, solve):
    run = solve()
    services.run_publish(actor=decided.officer, run=run)
    for proposal in decided.proposals.values():
        outcome = selectors.proposal_outcome(proposal)
        keys = [r["id"] for r in run.problem["requests"] if r["id"].startswith(f"{proposal.reference}-R")]
        assert len(outcome.allocations) + len(outcome.unscheduled) == len(keys)
        assert all(reason for _key, reason in outcome.unscheduled)
        pi = proposal.members.get(role="pi").user
        assert list(selectors.my_allocations(pi)) == outcome.allocations
    assert AllocationRun.objects.get(pk=run.pk).is_published
