"""The officer opens, extends and closes a call on its dashboard; each step is in the call's audit trail."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sciencecity.core.audit import audit_trail
from sciencecity.proposals import services
from sciencecity.proposals.models import Call
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_the_officer_extends_the_deadline_given_in_the_calls_time_zone(call, officer):
    client = signed_in(officer)
    url = reverse("proposals:call_action", args=[call.pk, "extend"])
    response = client.post(url, {"closes_at": "2031-01-15T18:00", "reason": "Beam time added"})
    assert response["Location"] == reverse("proposals:dashboard", args=[call.pk])
    call.refresh_from_db()
    assert call.closes_at == dt.datetime(2031, 1, 15, 10, 0, tzinfo=dt.UTC)  # 18:00 in Shanghai
    page = client.get(reverse("proposals:dashboard", args=[call.pk])).content.decode()
    assert "call.extend" in page and "Beam time added" in page


def test_an_extension_that_shortens_the_call_is_refused(call, officer):
    response = signed_in(officer).post(
        reverse("proposals:call_action", args=[call.pk, "extend"]), {"closes_at": "2020-01-01T00:00"}
    )
    assert response.status_code == 422
    assert "An extension closes later than the call does now." in response.content.decode()


def test_the_officer_closes_the_call_and_cannot_close_it_twice(call, officer):
    client = signed_in(officer)
    url = reverse("proposals:call_action", args=[call.pk, "close"])
    assert client.post(url, {"reason": "Enough"}).status_code == 302
    assert Call.objects.get(pk=call.pk).status == "closed"
    assert client.post(url).status_code == 409
    assert [e.action for e in audit_trail(call)][-1] == "call.close"


def test_the_officer_opens_a_draft_call(call, officer):
    now = timezone.now()
    draft_call = services.call_create(
        actor=None,
        cycle=call.cycle,
        title_en="Rapid access",
        opens_at=now,
        closes_at=now + dt.timedelta(days=3),
        instruments=list(call.instruments.all()),
    )
    client = signed_in(officer)
    assert (
        "Open the call" in client.get(reverse("proposals:dashboard", args=[draft_call.pk])).content.decode()
    )
    client.post(reverse("proposals:call_action", args=[draft_call.pk, "open"]))
    assert Call.objects.get(pk=draft_call.pk).status == "open"
    assert client.post(reverse("proposals:call_action", args=[draft_call.pk, "open"])).status_code == 409
    assert "Rapid access" in client.get(reverse("proposals:managed_calls")).content.decode()
