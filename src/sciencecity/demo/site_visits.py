"""Visits for allocated beamtime in the demo, on SSRF's published 2026-I schedule, through the services.

- The 2026-I call is ranked (demo/calls.py); if no run of it is published yet, dan (SSRF user office)
  solves one (greedy, in process) and publishes it, so the proposers have dates.
- SSRF requires a radiation-safety course (an example course: SSRF's real induction is not modelled here).
- alice's experiment: she registers on site, the proposal's sample is declared with its hazard class, the
  safety form is complete; carol (SSRF facility manager) records alice's course before her stay; sara (SSRF
  safety officer) approves. The site-access list of each day of alice's stay has her row.
- Another team's experiment (an example person's proposal) is submitted and waits in sara's queue.

Idempotent: once the cycle has visits, nothing is written. Only demo personas are used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from sciencecity.accounts.models import User
from sciencecity.demo.call_plan import CYCLE_I
from sciencecity.notifications.services import without_email
from sciencecity.proposals.models import Cycle
from sciencecity.registry.models import Facility
from sciencecity.scheduling import runs
from sciencecity.scheduling import services as scheduling
from sciencecity.scheduling.models import Allocation
from sciencecity.scheduling.selectors import published_run
from sciencecity.sitevisits import services as visits
from sciencecity.sitevisits.models import Visit
from sciencecity.visits import services as training
from sciencecity.visits.models import Course

PERSONAS_USED = ("alice", "carol", "dan", "sara")
COURSE = "course-ssrf-radiation-safety"


@dataclass
class SiteVisitsReport:
    published: bool = False
    approved: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    skipped: str = ""


def site_visits_load(personas: dict[str, User]) -> SiteVisitsReport:
    report = SiteVisitsReport()
    real = [name for name in PERSONAS_USED if not personas[name].email.endswith("@example.org")]
    if real:
        report.skipped = f"{', '.join(real)} are not demo accounts"
        return report
    cycle = Cycle.objects.filter(facility__slug="fac-ssrf", name=CYCLE_I.name).first()
    if cycle is None:
        report.skipped = f"SSRF cycle {CYCLE_I.name} is not built"
        return report
    if Visit.objects.filter(proposal__call__cycle=cycle).exists():
        report.skipped = "the cycle's visits are already there"
        return report
    dan, carol, sara, alice = (personas[n] for n in ("dan", "carol", "sara", "alice"))
    with without_email():
        if published_run(cycle) is None:
            with transaction.atomic():
                run = runs.run_start(
                    actor=dan, call=runs.call_of_cycle(cycle), method="greedy", time_limit=10
                )
            runs.run_execute(run_id=run.pk)  # in process; a worker meeting the task later finds it taken
            run.refresh_from_db()
            if run.status != "done":
                report.skipped = f"the 2026-I run did not finish ({run.status}: {run.error})"
                return report
            scheduling.run_publish(actor=dan, run=run)
            report.published = True
        with transaction.atomic():
            course = _course()
            experiments = Allocation.objects.filter(run__cycle=cycle, run__published_at__isnull=False)
            mine = experiments.filter(proposal__members__user=alice).order_by("starts_at").first()
            other = (
                experiments.exclude(proposal__members__user=alice)
                .filter(
                    proposal__members__role="pi", proposal__members__user__username__startswith="example-"
                )
                .order_by("starts_at", "pk")
                .first()
            )
            if mine is not None:
                visit = _registered(alice, mine)
                training.training_record_create(
                    actor=carol,
                    user=alice,
                    course=course,
                    completed_at=mine.starts_at - dt.timedelta(days=30),
                    note="Example record of the demo.",
                )
                visits.visit_submit(actor=alice, visit=visit)
                visits.visit_approve(actor=sara, visit=visit)
                report.approved.append(mine.proposal.reference)
            if other is not None:
                pi = other.proposal.members.get(role="pi").user
                assert pi is not None  # noqa: S101 - the filter above picked a PI with an account
                visits.visit_submit(actor=pi, visit=_registered(pi, other))
                report.waiting.append(other.proposal.reference)
    return report


def _course() -> Course:
    existing = Course.objects.filter(slug=COURSE).first()
    if existing is not None:
        return existing
    return training.course_create(
        slug=COURSE,
        name_en="SSRF radiation safety (example course)",
        name_zh="上海光源辐射安全（示例课程）",
        description_en="Example record of the demo: the radiation-safety briefing of every SSRF visitor.",
        description_zh="演示用示例记录：每位到场的上海光源来访者需要的辐射安全培训。",
        kind=Course.Kind.RADIATION_SAFETY,
        scope=Course.Scope.FACILITY,
        facility=Facility.objects.get(slug="fac-ssrf"),
        validity_days=365,
    )


def _registered(pi: User, allocation: Allocation) -> Visit:
    """The team's visit with its PI on site from two hours before the beamtime to its end, a full form."""
    visit = visits.visit_open(actor=pi, allocation=allocation)
    visits.visitor_register(
        actor=pi,
        visit=visit,
        user=pi,
        arrives_at=allocation.starts_at - dt.timedelta(hours=2),
        departs_at=allocation.ends_at,
    )
    if not visit.samples.exists():
        visits.sample_declare(
            actor=pi, visit=visit, name="Protein solution (example sample)", hazard="biological"
        )
    return visits.safety_form_save(
        actor=pi,
        visit=visit,
        hazards_acknowledged=True,
        handling="Nitrile gloves and lab coat; samples in sealed capillaries (example answer).",
        waste="Samples and buffers leave with the team (example answer).",
        emergency_name="Group leader (example contact)",
        emergency_phone="+86 21 5555 0100",
    )
