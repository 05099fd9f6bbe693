"""Fifty people submit (and some still edit) at once while the call's deadline passes."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.core.errors import StateConflict
from sciencecity.core.models import AuditEvent
from sciencecity.core.tests.threads import BARRIER_TIMEOUT_S
from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.conftest import complete_draft, user

PEOPLE = 50


@pytest.mark.many_connections
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_around_the_deadline_keep_each_one_before_it_once(call, field, beamlines):
    drafts = [complete_draft(call, user(f"pi{n}"), field, beamlines) for n in range(PEOPLE)]
    deadline = timezone.now() + dt.timedelta(seconds=1.5)
    Call.objects.filter(pk=call.pk).update(closes_at=deadline)
    start = threading.Barrier(PEOPLE, timeout=BARRIER_TIMEOUT_S)
    outcomes: dict[int, str] = {}

    def act(n: int, draft: Proposal) -> None:
        try:
            pi = User.objects.get(memberships__proposal=draft)
            start.wait()
            time.sleep(n * 0.06)  # spread the attempts across the deadline
            if n % 5 == 0:
                services.proposal_update(actor=pi, proposal=draft, title=f"Edited {n}")
            for _attempt in range(2):  # a double click
                try:
                    services.proposal_submit(actor=pi, proposal=draft)
                    outcomes[n] = "submitted"
                except StateConflict:
                    outcomes.setdefault(n, "refused")
        except Exception as exc:
            outcomes[n] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(n, d)) for n, d in enumerate(drafts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not [o for o in outcomes.values() if o.startswith("error")], outcomes
    assert len(outcomes) == PEOPLE
    stored = {p.pk: p for p in Proposal.objects.filter(call=call)}
    assert len(stored) == PEOPLE
    submitted = [p for p in stored.values() if p.status == Proposal.Status.SUBMITTED]
    for n, draft in enumerate(drafts):
        proposal = stored[draft.pk]
        assert (proposal.status == Proposal.Status.SUBMITTED) == (outcomes[n] == "submitted")
        if n % 5 == 0:
            assert proposal.title == f"Edited {n}"
    assert all(p.submitted_at is not None and p.submitted_at < deadline for p in submitted)
    numbers = sorted(int(p.reference.rsplit("-", 1)[1]) for p in submitted)
    assert numbers == list(range(1, len(submitted) + 1))
    submit_events = AuditEvent.objects.filter(action="proposal.submit").count()
    assert submit_events == len(submitted)
