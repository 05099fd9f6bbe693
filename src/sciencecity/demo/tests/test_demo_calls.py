"""The demo's SSRF calls: an open call at every stage, a closed ranked one, synthetic people who say so.

The demo is built once for the module (it takes seconds) inside a transaction rolled back at the end; each
test runs in its own savepoint on top of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from sciencecity.accounts.models import User
from sciencecity.accounts.personas import PERSONAS, personas_create
from sciencecity.demo.call_plan import BEAMLINES, CYCLE_I, CYCLE_II, EXAMPLE_NOTE, plan_call
from sciencecity.demo.calls import OPEN_STAGES, CallsReport, calls_load
from sciencecity.demo.loader import load_demo
from sciencecity.demo.people import EXAMPLE_ORGANISATION, EXAMPLE_PERSON
from sciencecity.proposals.models import Call, Member, Proposal, Request
from sciencecity.review.conflicts import conflicts
from sciencecity.review.models import (
    ConflictDeclaration,
    Panel,
    PanelMember,
    ReviewAssignment,
    TechnicalReview,
)

S = Proposal.Status
REACHABLE_NOW = {S.DRAFT, S.SUBMITTED, S.TECHNICAL_REVIEW, S.PEER_REVIEW, S.RANKED, S.WITHDRAWN, S.REJECTED}


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[CallsReport]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        report = calls_load(personas_create().users)
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: CallsReport, db: None) -> CallsReport:
    return built


def _call(cycle: str) -> Call:
    return Call.objects.get(cycle__facility__slug="fac-ssrf", cycle__name=cycle)


def test_both_cycles_are_built_with_at_least_150_proposals(demo):
    assert demo.built == ["2026-I", "2026-II"] and not demo.kept and not demo.skipped
    assert Proposal.objects.count() == demo.proposals >= 150


def test_every_status_the_services_reach_today_is_present(demo):
    # allocated / not allocated come with the allocation of the closed call (the next issue).
    assert set(Proposal.objects.values_list("status", flat=True)) == REACHABLE_NOW


def test_the_open_call_is_oversubscribed_about_twice_on_each_of_its_six_beamlines(demo):
    call = _call("2026-II")
    requested: dict[str, float] = defaultdict(float)
    requests = Request.objects.filter(proposal__call=call).exclude(
        proposal__status__in=[S.DRAFT, S.WITHDRAWN]
    )
    for request in requests.prefetch_related("instruments"):
        alternatives = list(request.instruments.all())
        for instrument in alternatives:  # a request with alternatives counts shared among them
            requested[instrument.slug] += request.shifts / len(alternatives)
    offered = dict(call.cycle.offers.values_list("instrument__slug", "shifts"))
    assert set(offered) == set(BEAMLINES) == set(call.instruments.values_list("slug", flat=True))
    ratios = {slug: requested[slug] / offered[slug] for slug in BEAMLINES}
    assert all(1.7 <= ratio <= 2.5 for ratio in ratios.values()), ratios


def test_the_open_call_is_open_now_and_closes_weeks_ahead(demo):
    call = _call("2026-II")
    now = timezone.now()
    assert call.accepts_submissions(now)
    assert (call.closes_at - now).days >= 35
    assert call.cycle.shift_hours == 8 and call.cycle.time_zone == "Asia/Shanghai"
    assert (call.cycle.starts_on, call.cycle.ends_on) == (CYCLE_II.starts_on, CYCLE_II.ends_on)


def test_the_closed_call_is_ranked_with_recommended_shifts_never_above_those_requested(demo):
    call = _call("2026-I")
    assert call.status == Call.Status.CLOSED
    assert set(call.proposals.values_list("status", flat=True)) == {S.RANKED, S.REJECTED, S.WITHDRAWN}
    ranked = Request.objects.filter(proposal__call=call, proposal__status=S.RANKED)
    assert ranked.count() > 50
    assert not ranked.filter(recommended_shifts__isnull=True).exists()
    assert all(1 <= (r.recommended_shifts or 0) <= r.shifts for r in ranked)
    assert not Request.objects.filter(proposal__call=call, recommended_shifts__isnull=False).exclude(
        proposal__status=S.RANKED
    )
    # Still more recommended than offered: the allocation has choices to make.
    offered = dict(call.cycle.offers.values_list("instrument__slug", "shifts"))
    recommended: dict[str, int] = defaultdict(int)
    for request in ranked.prefetch_related("instruments"):
        recommended[min(i.slug for i in request.instruments.all())] += request.recommended_shifts or 0
    assert sum(recommended.values()) > sum(offered.values())
    # Every ranked proposal was scored by three reviewers and judged feasible.
    for proposal in call.proposals.filter(status=S.RANKED):
        assert proposal.review_assignments.filter(score__isnull=False).count() == 3
        assert not proposal.technical_reviews.filter(verdict=TechnicalReview.Verdict.NOT_FEASIBLE)


def test_no_review_is_ever_assigned_into_a_conflict_of_interest(demo):
    reviewers = [seat.user for seat in PanelMember.objects.filter(role=PanelMember.Role.REVIEWER)]
    found = conflicts(reviewers, Proposal.objects.all())
    reasons = {reason for pair_reasons in found.values() for reason in pair_reasons}
    # The conflicts are real ones, of every kind the rules know ...
    assert {"same organisation as a proposer", "declared a conflict"} <= reasons
    assert any("co-author" in reason for reason in reasons)
    assert ConflictDeclaration.objects.exists()
    # ... and not one assignment falls into them.
    assignments = set(ReviewAssignment.objects.values_list("reviewer_id", "proposal_id"))
    assert assignments and not assignments & set(found)


def test_every_seeded_person_says_it_is_an_example(demo):
    seeded = User.objects.exclude(username__in=[p.username for p in PERSONAS])
    assert seeded.count() >= 40
    for person in seeded:
        assert person.username.startswith("example-")
        assert person.display_name.endswith(EXAMPLE_PERSON)
        assert person.email.endswith("@example.org")
        assert not person.has_usable_password()
        assert person.organisation_id or person.organisation_named.endswith(EXAMPLE_ORGANISATION)
    countries = set(seeded.values_list("country", flat=True))
    assert {"BR", "CN", "IN", "DE", "ZA", "NG"} <= countries
    assert all(EXAMPLE_NOTE in abstract for abstract in Proposal.objects.values_list("abstract", flat=True))


def test_the_personas_have_work_waiting_in_the_open_call(demo):
    call = _call("2026-II")
    mine = Proposal.objects.filter(call=call, members__role=Member.Role.PI)
    assert set(mine.filter(members__user__username="alice").values_list("status", flat=True)) == {
        S.DRAFT,
        S.SUBMITTED,
    }
    assert mine.filter(members__user__username="erin", access_route="industry", status=S.SUBMITTED).exists()
    # ivan: proposals in technical review on his beamlines without his verdict.
    assert (
        Proposal.objects.filter(
            call=call, status=S.TECHNICAL_REVIEW, requests__instruments__role_grants__user__username="ivan"
        )
        .exclude(technical_reviews__reviewer__username="ivan")
        .exists()
    )
    # bob: reviews to score; pat chairs the panel of both calls.
    assert ReviewAssignment.objects.filter(proposal__call=call, reviewer__username="bob", score=None).exists()
    panel = Panel.objects.get(members__user__username="pat", members__role=PanelMember.Role.CHAIR)
    assert set(panel.calls.values_list("cycle__name", flat=True)) == {"2026-I", "2026-II"}


def test_a_second_run_writes_nothing(demo):
    with CaptureQueriesContext(connection) as queries:
        again = calls_load(personas_create().users)
    assert (again.built, again.kept, again.proposals) == ([], ["2026-I", "2026-II"], 0)
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_the_command_says_the_calls_are_already_there(demo, capsys):
    call_command("loaddemo", "--demo-accounts")
    assert "SSRF cycles 2026-I, 2026-II already there, left as they are" in capsys.readouterr().out


def test_the_plan_is_the_same_every_time():
    assert plan_call(CYCLE_I, OPEN_STAGES, ()) == plan_call(CYCLE_I, OPEN_STAGES, ())
