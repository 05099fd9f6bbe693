"""The demo's SSRF calls, built through the services after the map and the personas.

- Cycle 2026-I (1 Mar - 31 Aug 2026) and its call, closed and ranked: every proposal went through technical
  review, peer review (three reviewers each, assigned by `review.services.review_assign`) and the panel's
  decision (recommended shifts, or rejection), so the allocation has a real cycle to allocate.
- Cycle 2026-II (1 Sep 2026 - 31 Jan 2027) and its call, open: it opened four weeks before the day of the
  load and closes six weeks after it (17:00 Shanghai time), so the demo call is open whenever it is loaded.
  Its proposals are at every stage of a rolling review: drafts, submitted, in technical review, in peer
  review (some scores given, bob's still to give), withdrawn, and rejected as not feasible.

Both offer the six SSRF beamlines and are oversubscribed about 2x by shifts (call_plan.py); each cycle has
a machine calendar (scheduling.calendar_fill_typical): shutdown, weekly machine days, maintenance, and
in-house time around each beamline's offered user shifts. People are the
personas (alice, bob, dan, erin, ivan, pat) and synthetic people who say so (people.py).

Idempotent: each cycle is built once, in one transaction; a second run finds them and writes nothing.
Only demo personas (their e-mail at example.org) are used: if a persona's name belongs to a real account,
the calls are not built.
"""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.demo import stand_ins
from sciencecity.demo.call_plan import (
    BL16B1,
    BL19U2,
    CYCLE_I,
    CYCLE_II,
    EXAMPLE_NOTE,
    CycleSpec,
    Planned,
    closed_persona_plans,
    noise,
    persona_plans,
    plan_call,
)
from sciencecity.demo.people import APPLICANTS, INSTRUMENT_SCIENTISTS, REVIEWERS, people_ensure
from sciencecity.notifications.services import without_email
from sciencecity.proposals import services
from sciencecity.proposals.models import AccessRoute, Call, Cycle, Proposal
from sciencecity.registry.models import Facility, Field
from sciencecity.review import services as review
from sciencecity.review.models import PanelMember, ReviewAssignment, TechnicalReview
from sciencecity.scheduling import services as scheduling

S = Proposal.Status
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PERSONAS_USED = ("alice", "bob", "dan", "erin", "ivan", "pat")
PANEL = ("SSRF user programme panel", "上海光源用户评审专家组")
REVIEWS_PER_PROPOSAL = 3
Made = tuple[Planned, Proposal]
PANEL_CUT = 0.15  # the weakest share of peer-reviewed proposals the panel rejects
IVANS_BEAMLINES = (BL19U2, BL16B1)  # the persona ivan is their instrument scientist

CLOSED_STAGES = ((S.RANKED, 0.95), (S.REJECTED, 0.05))  # rejected here: not feasible
OPEN_STAGES = (
    (S.SUBMITTED, 0.38),
    (S.TECHNICAL_REVIEW, 0.27),
    (S.PEER_REVIEW, 0.30),
    (S.REJECTED, 0.05),
)


@dataclass
class CallsReport:
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: str = ""
    proposals: int = 0


def calls_load(personas: dict[str, User]) -> CallsReport:
    """Build the cycles that are missing; `personas` are the persona accounts by username."""
    report = CallsReport()
    real = [name for name in PERSONAS_USED if not personas[name].email.endswith("@example.org")]
    if real:
        report.skipped = f"{', '.join(real)} are not demo accounts"
        return report
    existing = set(
        Cycle.objects.filter(facility__slug="fac-ssrf", name__in=[CYCLE_I.name, CYCLE_II.name]).values_list(
            "name", flat=True
        )
    )
    report.kept = [spec.name for spec in (CYCLE_I, CYCLE_II) if spec.name in existing]
    if len(existing) == 2:
        return report  # nothing to build, nothing written (not even the panel or a publication list)
    with transaction.atomic(), without_email():
        builder = _Builder(personas)
        for spec, build in ((CYCLE_I, builder.closed_call), (CYCLE_II, builder.open_call)):
            if spec.name not in existing:
                report.proposals += build(spec)
                report.built.append(spec.name)
    return report


class _Builder:
    def __init__(self, personas: dict[str, User]) -> None:
        self.personas = personas
        self.dan = personas["dan"]
        self.facility = Facility.objects.get(slug="fac-ssrf")
        self.instruments = {i.slug: i for i in self.facility.instruments.all()}
        self.fields = {f.slug: f for f in Field.objects.all()}
        self.people = {
            **people_ensure(APPLICANTS, Role.APPLICANT),
            **people_ensure(REVIEWERS, Role.REVIEWER),
            **people_ensure(tuple(p for p, _i in INSTRUMENT_SCIENTISTS), Role.INSTRUMENT_SCIENTIST),
            **personas,
        }
        self.scientists = {slug: personas["ivan"] for slug in IVANS_BEAMLINES}
        for person, slugs in INSTRUMENT_SCIENTISTS:
            user = self.people[person.username]
            for slug in slugs:
                role_grant(user=user, role=Role.INSTRUMENT_SCIENTIST, instrument_id=self.instruments[slug].pk)
                self.scientists[slug] = user
        self.panel = stand_ins.panel_ensure(
            facility=self.facility, name_en=PANEL[0], name_zh=PANEL[1], fields=self.fields.values(), calls=()
        )
        stand_ins.panel_seat(panel=self.panel, user=personas["pat"], role=PanelMember.Role.CHAIR)
        reviewers = [personas["bob"], *(self.people[p.username] for p in REVIEWERS)]
        fields = sorted(self.fields)
        for n, reviewer in enumerate(reviewers):
            expertise = [self.fields[fields[(n + k) % len(fields)]] for k in range(3)]
            stand_ins.panel_seat(
                panel=self.panel, user=reviewer, role=PanelMember.Role.REVIEWER, expertise=expertise
            )
        # A real co-authorship: Hannah Schulz wrote a paper with Jonas Becker, a PI of the demo calls.
        review.publication_list_import(
            user=self.people["example-hannah-schulz"],
            filename="schulz.bib",
            text=(
                "@article{schulz2024, title={Shear-aligned block copolymers seen by SAXS}, "
                "author={Schulz, Hannah and Becker, Jonas}, year={2024}}"
            ),
        )

    # --- the two calls ---------------------------------------------------------------------------------

    def closed_call(self, spec: CycleSpec) -> int:
        plans = plan_call(spec, CLOSED_STAGES, extra=((S.WITHDRAWN, 3),))
        plans += closed_persona_plans(plans[0], spec)
        call = self._call(
            spec,
            "SSRF general user call 2026-I",
            "上海光源2026年上半年普通用户课题征集",
            opens_at=dt.datetime(2025, 11, 3, 9, tzinfo=SHANGHAI),
            closes_at=timezone.now() + dt.timedelta(hours=1),
        )
        made = [(plan, self._proposal(call, plan)) for plan in plans]
        for plan, proposal in made:
            services.proposal_submit(actor=self.people[plan.pi], proposal=proposal)
        self._withdraw(made)
        services.call_close(actor=self.dan, call=call, reason="The 2026-I call closed (demo data).")
        in_review = self._technical_review(made, done=lambda plan: True)
        in_review = self._peer_review(in_review, scored=lambda plan, reviewer: True)
        self._rank(in_review)
        return len(made)

    def open_call(self, spec: CycleSpec) -> int:
        plans = plan_call(spec, OPEN_STAGES, extra=((S.DRAFT, 8), (S.WITHDRAWN, 3)))
        today = timezone.localdate(timezone=SHANGHAI)
        call = self._call(
            spec,
            "SSRF general user call 2026-II",
            "上海光源2026年下半年普通用户课题征集",
            opens_at=dt.datetime.combine(today - dt.timedelta(weeks=4), dt.time(9), tzinfo=SHANGHAI),
            closes_at=dt.datetime.combine(today + dt.timedelta(weeks=6), dt.time(17), tzinfo=SHANGHAI),
            routes=(AccessRoute.STANDARD, AccessRoute.RAPID, AccessRoute.INDUSTRY),
        )
        plans += persona_plans(plans[0], spec)
        made = [(plan, self._proposal(call, plan)) for plan in plans]
        for plan, proposal in made:
            if plan.status != S.DRAFT:
                services.proposal_submit(actor=self.people[plan.pi], proposal=proposal)
        self._withdraw(made)
        # Technical review: done for proposals that reached peer review and for some in it; ivan's own
        # instruments wait for him, so his queue is not empty.
        past = [(p, x) for p, x in made if p.status in (S.TECHNICAL_REVIEW, S.PEER_REVIEW, S.REJECTED)]
        in_review = self._technical_review(
            past,
            done=lambda plan: (
                plan.status != S.TECHNICAL_REVIEW
                or (plan.instruments[0] not in IVANS_BEAMLINES and noise(plan.key).random() < 0.5)
            ),
        )
        peer = [(p, x) for p, x in in_review if p.status == S.PEER_REVIEW]
        # Scores: about half given; bob's are still to give, so his queue is not empty.
        self._peer_review(
            peer, scored=lambda plan, reviewer: reviewer != "bob" and noise(plan.key, reviewer).random() < 0.5
        )
        return len(made)

    # --- steps -----------------------------------------------------------------------------------------

    def _call(
        self,
        spec: CycleSpec,
        title_en: str,
        title_zh: str,
        *,
        opens_at: dt.datetime,
        closes_at: dt.datetime,
        routes: tuple[str, ...] = (AccessRoute.STANDARD, AccessRoute.INDUSTRY),
    ) -> Call:
        cycle = services.cycle_create(
            facility=self.facility,
            name=spec.name,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            offers=[(self.instruments[slug], shifts) for slug, shifts in spec.offers.items()],
            shift_hours=8,
            time_zone="Asia/Shanghai",
        )
        call = services.call_create(
            actor=self.dan,
            cycle=cycle,
            title_en=title_en,
            title_zh=title_zh,
            opens_at=opens_at,
            closes_at=closes_at,
            instruments=[self.instruments[slug] for slug in spec.offers],
            access_routes=routes,
        )
        self.panel.calls.add(call)
        scheduling.calendar_fill_typical(
            actor=self.dan, cycle=cycle
        )  # the machine calendar the runs allocate
        return services.call_open(actor=self.dan, call=call)

    def _proposal(self, call: Call, plan: Planned) -> Proposal:
        pi = self.people[plan.pi]
        proposal = services.proposal_create(
            actor=pi,
            call=call,
            title=plan.title,
            abstract=plan.abstract,
            field=self.fields[plan.field],
            access_route=plan.route,
            requests=[
                services.RequestInput(
                    instruments=[self.instruments[slug] for slug in plan.instruments],
                    shifts=plan.shifts,
                    earliest=plan.earliest,
                    latest=plan.latest,
                    unavailable=plan.unavailable,
                )
            ],
            samples=[services.SampleInput(name=plan.sample, hazard=plan.hazard)] if plan.sample else [],
        )
        for username in plan.co_proposers:
            member = services.member_invite(actor=pi, proposal=proposal, email=self.people[username].email)
            services.member_respond(user=self.people[username], member=member, accept=True)
        return proposal

    def _withdraw(self, made: list[tuple[Planned, Proposal]]) -> None:
        for plan, proposal in made:
            if plan.status == S.WITHDRAWN:
                services.proposal_withdraw(
                    actor=self.people[plan.pi],
                    proposal=proposal,
                    reason="Our samples will not be ready in this cycle.",
                )

    def _technical_review(self, made: list[Made], done: Callable[[Planned], bool]) -> list[Made]:
        """Move to technical review; record the verdicts that are `done`; not feasible ones are rejected."""
        moving = [(p, x) for p, x in made if p.status not in (S.DRAFT, S.WITHDRAWN)]
        for _plan, proposal in moving:
            services.proposal_move(actor=self.dan, proposal=proposal, to=S.TECHNICAL_REVIEW)
        reviews = []
        for plan, proposal in moving:
            if not done(plan):
                continue
            for slug in plan.instruments:
                verdict, comment = _verdict(plan)
                reviews.append((self.scientists[slug], proposal, self.instruments[slug], verdict, comment))
        stand_ins.technical_reviews_record(reviews)
        onward = []
        for plan, proposal in moving:
            if plan.status == S.REJECTED:
                services.proposal_move(
                    actor=self.dan,
                    proposal=proposal,
                    to=S.REJECTED,
                    reason=f"Not feasible: {_verdict(plan)[1]}",
                )
            elif plan.status != S.TECHNICAL_REVIEW:
                onward.append((plan, proposal))
        return onward

    def _peer_review(self, made: list[Made], scored: Callable[[Planned, str], bool]) -> list[Made]:
        """Move to peer review, assign three reviewers each (conflict-free), give the `scored` scores."""
        for _plan, proposal in made:
            services.proposal_move(actor=self.dan, proposal=proposal, to=S.PEER_REVIEW)
        if not made:
            return made
        # A declared conflict: the reviewer saw the title and knows the team too well.
        review.conflict_declare(
            reviewer=self.people["example-marta-lopes"],
            proposal=made[0][1],
            reason="I supervised the PI's doctoral thesis.",
        )
        review.review_assign(
            actor=self.dan,
            panel=self.panel,
            proposals=[p for _plan, p in made],
            per_proposal=REVIEWS_PER_PROPOSAL,
        )
        plans = {proposal.pk: plan for plan, proposal in made}
        assignments = ReviewAssignment.objects.filter(proposal__in=plans).select_related("reviewer")
        for assignment in sorted(assignments, key=lambda a: (a.proposal_id, a.reviewer.username)):
            plan, username = plans[assignment.proposal_id], assignment.reviewer.username
            if scored(plan, username):
                review.review_submit(
                    reviewer=assignment.reviewer,
                    assignment=assignment,
                    score=_score(plan, username),
                    comment=f"{_COMMENTS[_score(plan, username)]} ({EXAMPLE_NOTE})",
                )
        return made

    def _rank(self, made: list[tuple[Planned, Proposal]]) -> None:
        """The panel's list by mean score: the weakest rejected, the rest ranked with recommended shifts."""
        scores: defaultdict[int, list[int]] = defaultdict(list)
        for proposal_id, score in ReviewAssignment.objects.filter(
            proposal__in=[p for _plan, p in made], score__isnull=False
        ).values_list("proposal_id", "score"):
            scores[proposal_id].append(score or 0)
        order = sorted(made, key=lambda m: (-statistics.mean(scores[m[1].pk]), m[0].key))
        cut = len(order) - round(PANEL_CUT * len(order))
        decisions = []
        for position, (_plan, proposal) in enumerate(order):
            mean = statistics.mean(scores[proposal.pk])
            if position >= cut:
                services.proposal_move(
                    actor=self.dan,
                    proposal=proposal,
                    to=S.REJECTED,
                    reason=f"Below the panel's cut-off (mean score {mean:.2f}).",
                )
                continue
            for request in proposal.requests.all():
                trimmed = request.shifts if position < cut * 0.6 else max(1, request.shifts * 3 // 4)
                decisions.append((request, trimmed))
            services.proposal_move(
                actor=self.dan,
                proposal=proposal,
                to=S.RANKED,
                reason=f"Ranked {position + 1} of {len(order)} by the panel (mean score {mean:.2f}).",
            )
        stand_ins.recommendations_record(actor=self.dan, decisions=decisions)


def _verdict(plan: Planned) -> tuple[str, str]:
    if plan.status == S.REJECTED:
        return (
            TechnicalReview.Verdict.NOT_FEASIBLE,
            "The sample environment asked for cannot be mounted on this end-station.",
        )
    if plan.quality < 2.5:
        return TechnicalReview.Verdict.WITH_CHANGES, "Feasible with fewer samples per shift."
    return TechnicalReview.Verdict.FEASIBLE, "Feasible as proposed."


def _score(plan: Planned, reviewer: str) -> int:
    stream = noise(reviewer)
    bias = stream.uniform(-0.5, 0.5)
    return max(1, min(5, round(plan.quality + bias + noise(plan.key, reviewer).gauss(0, 0.5))))


_COMMENTS = {
    1: "The case is not made and the samples are not ready.",
    2: "Interesting question, but the plan does not show the beamline is needed.",
    3: "Sound, incremental work; the shifts asked for are about right.",
    4: "A strong case from an experienced team.",
    5: "Outstanding: a clear question the beamline is essential to answer.",
}
