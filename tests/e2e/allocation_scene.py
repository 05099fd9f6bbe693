"""A ranked SSRF call with runs, built through the services on the demo map: what the allocation pages show.

The scored panel of panel_ranking_data is finished and decided (every request recommended in full); the
machine calendar has a maintenance day; two runs are done (greedy and best), the best one is published,
and a third is running, as a worker would leave it halfway through its time limit. `pi` leads a proposal
the published schedule gives dates to.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.proposals.models import Call, Proposal
from sciencecity.review.ranking_services import decision_record, peer_review_finish
from sciencecity.scheduling import runs, services
from sciencecity.scheduling.models import Allocation, AllocationRun
from tests.e2e.panel_ranking_data import seed_panel

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass
class AllocationScene:
    call: Call
    officer: User
    greedy: AllocationRun
    best: AllocationRun
    running: AllocationRun
    pi: User
    proposal: Proposal


def allocation_scene() -> AllocationScene:
    data = seed_panel()
    officer, call = data.officer, data.call
    peer_review_finish(actor=officer, call=call)
    for proposal in call.proposals.filter(status="ranked"):
        decision_record(
            actor=officer, proposal=proposal, recommended={r.pk: r.shifts for r in proposal.requests.all()}
        )
    services.calendar_block_save(
        actor=officer,
        cycle=call.cycle,
        instrument=None,
        kind="maintenance",
        starts_at=dt.datetime(2026, 4, 7, 8, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2026, 4, 8, 8, tzinfo=SHANGHAI),
        note="Ring maintenance",
    )
    done = []
    for method in ("greedy", "best"):
        run = runs.run_start(actor=officer, call=call, method=method, time_limit=10)
        run.refresh_from_db()  # tasks run at once in tests, when run_start's transaction commits
        assert run.status == "done", run.error
        done.append(run)
    now = timezone.now()
    bound = (done[1].bound or 1.0) * 1.08
    objective = done[0].objective or 0.0
    running = AllocationRun.objects.create(
        cycle=call.cycle,
        call=call,
        method="best",
        time_limit_s=120,
        status="running",
        started_at=now,
        heartbeat_at=now,
        problem=done[1].problem,
        objective=objective,
        bound=bound,
        gap=(bound - objective) / bound,
        elapsed_s=47.0,
        stage="model",
    )
    services.run_publish(actor=officer, run=done[1])
    allocation = Allocation.objects.filter(run=done[1]).select_related("proposal").first()
    assert allocation is not None
    proposal = allocation.proposal
    pi = proposal.members.get(role="pi").user
    assert pi is not None
    return AllocationScene(call, officer, done[0], done[1], running, pi, proposal)
