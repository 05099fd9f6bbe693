"""Fifty applicants submit (and some edit first) through the API at once, while the call's deadline passes.

Each applicant is a thread with its own test client, session and database connection. The call's deadline
starts far away; once the first applicants have their answers, it is brought forward to half a second ahead
(under the call's row lock, as `call_extend` would), and the second half of the applicants start only when it
has passed. So the outcome is fixed where it must be (the first answers are acceptances, every late attempt is
refused) and free around the deadline, where the rule is checked instead: a proposal is submitted exactly when
its submission was answered 200, and then its submission time is before the deadline.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sciencecity.core.models import AuditEvent
from sciencecity.core.tests.threads import BARRIER_TIMEOUT_S
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.api_support import JSON, client_of
from sciencecity.proposals.tests.conftest import complete_draft, user

PEOPLE = 50
FIRST_ANSWERS = 5  # acceptances guaranteed before the deadline is brought forward


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict.get("TEST", {}).get("NAME"),
    reason="SQLite's in-memory test database shares one cache between connections, so a concurrent writer "
    "fails at once with 'database table is locked' instead of queuing as it does on a file with WAL",
)
@pytest.mark.many_connections
@pytest.mark.django_db(transaction=True)
def test_concurrent_api_submissions_around_the_deadline_keep_each_one_before_it_once(call, field, beamlines):
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + dt.timedelta(hours=1))
    drafts = [complete_draft(call, user(f"pi{n}"), field, beamlines) for n in range(PEOPLE)]
    clients = [client_of(draft.members.get().user) for draft in drafts]
    early = [n for n in range(PEOPLE) if n % 2 == 0]
    start = threading.Barrier(len(early) + 1, timeout=BARRIER_TIMEOUT_S)
    guard = threading.Lock()
    first_answered, deadline_set = threading.Event(), threading.Event()
    deadline: list[dt.datetime] = []
    answers: dict[int, list[int]] = {n: [] for n in range(PEOPLE)}
    order: list[int] = []
    errors: list[str] = []
    done: list[int] = []

    def act(n: int) -> None:
        api, draft = clients[n], drafts[n]
        try:
            if n in early:
                start.wait()
            else:
                deadline_set.wait(timeout=BARRIER_TIMEOUT_S)
                while timezone.now() <= deadline[0]:
                    time.sleep(0.05)
            if n % 5 == 0:
                edit = api.patch(f"/api/proposals/{draft.pk}", {"title": f"Edited {n}"}, content_type=JSON)
                answers[n].append(edit.status_code)
            for _click in range(2):  # a double click
                response = api.post(f"/api/proposals/{draft.pk}/submit")
                answers[n].append(response.status_code)
                if _click == 0 and n in early:
                    with guard:
                        order.append(n)
                        if len(order) == FIRST_ANSWERS:
                            first_answered.set()
        except Exception as exc:  # any failure is reported by the assertions below
            errors.append(f"{n}: {exc!r}")
        finally:
            connection.close()
            with guard:
                done.append(n)
                if set(early) <= set(done):
                    first_answered.set()  # (had fewer than FIRST_ANSWERS answered, the assertions say so)

    threads = [threading.Thread(target=act, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    start.wait()
    assert first_answered.wait(timeout=600)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        locked.closes_at = timezone.now() + dt.timedelta(seconds=0.5)
        locked.save(update_fields=["closes_at"])
    deadline.append(locked.closes_at)
    deadline_set.set()
    for thread in threads:
        thread.join()

    assert errors == []
    stored = {p.pk: p for p in Proposal.objects.filter(call=call)}
    assert len(stored) == PEOPLE
    submitted = []
    for n, draft in enumerate(drafts):
        proposal, codes = stored[draft.pk], answers[n]
        submits = codes[1:] if n % 5 == 0 else codes
        if n % 5 == 0:
            assert codes[0] == 200 and proposal.title == f"Edited {n}", (n, codes)
        assert submits in ([200, 409], [409, 409]), (n, codes)  # never a 500, never submitted twice
        assert (proposal.status == Proposal.Status.SUBMITTED) == (submits[0] == 200), (n, codes)
        if submits[0] == 200:
            assert proposal.submitted_at is not None and proposal.submitted_at < deadline[0]
            submitted.append(proposal)
        else:
            assert proposal.status == Proposal.Status.DRAFT and proposal.reference == ""
    for n in order[:FIRST_ANSWERS]:
        assert stored[drafts[n].pk].status == Proposal.Status.SUBMITTED
    for n in range(PEOPLE):
        if n not in early:
            assert stored[drafts[n].pk].status == Proposal.Status.DRAFT, n
    numbers = sorted(int(p.reference.rsplit("-", 1)[1]) for p in submitted)
    assert numbers == list(range(1, len(submitted) + 1))
    assert AuditEvent.objects.filter(action="proposal.submit").count() == len(submitted)
