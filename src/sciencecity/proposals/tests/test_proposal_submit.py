import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.conftest import user


def test_a_complete_draft_is_submitted_with_a_reference_and_an_audit_line(draft, pi):
    submitted = services.proposal_submit(actor=pi, proposal=draft)
    assert submitted.status == Proposal.Status.SUBMITTED
    assert submitted.reference.startswith("LS-2026-II-")
    assert submitted.submitted_at is not None
    events = [(e.action, e.from_state, e.to_state, e.actor) for e in audit_trail(submitted)]
    assert events[-1] == ("proposal.submit", "draft", "submitted", pi)


def test_submitting_twice_submits_once(draft, pi):
    services.proposal_submit(actor=pi, proposal=draft)
    with pytest.raises(StateConflict, match="already submitted"):
        services.proposal_submit(actor=pi, proposal=draft)
    assert [e.action for e in audit_trail(draft)].count("proposal.submit") == 1


def test_a_submission_after_the_deadline_is_refused_and_the_draft_kept(draft, pi):
    Call.objects.filter(pk=draft.call_id).update(
        opens_at=timezone.now() - dt.timedelta(days=5), closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(StateConflict, match="not open"):
        services.proposal_submit(actor=pi, proposal=draft)
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.Status.DRAFT


def test_an_incomplete_draft_is_refused_with_every_missing_part(call, pi):
    draft = services.proposal_create(actor=pi, call=call, title="Half-written")
    with pytest.raises(ValidationError) as info:
        services.proposal_submit(actor=pi, proposal=draft)
    messages = " | ".join(info.value.messages)
    for part in ("abstract", "field of science", "at least one request", "samples"):
        assert part in messages
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.Status.DRAFT


def test_a_request_for_an_instrument_outside_the_call_is_named(call, pi, field, beamlines):
    draft = services.proposal_create(
        actor=pi,
        call=call,
        title="Wrong station",
        abstract=" ".join(["word"] * 25),
        field=field,
        requests=[services.RequestInput(instruments=[beamlines[2]], shifts=3)],
        samples=[services.SampleInput(name="Powder")],
    )
    with pytest.raises(ValidationError) as info:
        services.proposal_submit(actor=pi, proposal=draft)
    assert any("BL03" in m for m in info.value.messages)


def test_someone_not_on_the_proposal_cannot_submit_it(draft):
    with pytest.raises(PermissionDenied):
        services.proposal_submit(actor=user("mallory"), proposal=draft)
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.Status.DRAFT


def test_a_submitted_proposal_can_no_longer_be_edited(draft, pi):
    services.proposal_submit(actor=pi, proposal=draft)
    with pytest.raises(StateConflict):
        services.proposal_update(actor=pi, proposal=draft, title="Changed afterwards")
    assert Proposal.objects.get(pk=draft.pk).title == "Structure of a membrane transporter"


def test_only_the_pi_withdraws_and_a_withdrawn_proposal_cannot_be_submitted(draft, pi):
    co = user("co")
    member = services.member_invite(actor=pi, proposal=draft, email="CO@example.org")
    services.member_respond(user=co, member=member, accept=True)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=co, proposal=draft)
    services.proposal_withdraw(actor=pi, proposal=draft, reason="Sample not ready")
    with pytest.raises(StateConflict):
        services.proposal_submit(actor=pi, proposal=draft)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["technical_review"], "submitted"),
        (["submitted", "ranked"], "ranked"),
        (["submitted", "technical_review", "peer_review", "ranked", "allocated", "rejected"], "rejected"),
    ],
)
def test_statuses_move_only_forward(draft, pi, path, refused):
    with pytest.raises(StateConflict):
        for step in path:
            if step == "submitted":
                services.proposal_submit(actor=pi, proposal=draft)
            else:
                services.proposal_move(actor=None, proposal=draft, to=step)
    trail = [e.to_state for e in audit_trail(draft)]
    assert refused not in trail[trail.index("draft") + len(path) :]
