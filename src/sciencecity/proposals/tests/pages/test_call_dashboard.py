"""The officer's call dashboard: counts by status and oversubscription per instrument, by hand.

The call covers BL01 and BL02, each offered 300 shifts.
- P1 submitted: one request of 9 shifts on BL01 or BL02 (counts 9 on each: it names both alternatives)
- P2 submitted: 600 shifts on BL01, and 12 on BL02
- P3 a draft: 100 shifts on BL01 (not counted: not asked for yet)
- P4 withdrawn: 50 shifts on BL02 (not counted)
BL01: 9 + 600 = 609 requested ÷ 300 = 2.03 times; BL02: 9 + 12 = 21 ÷ 300 = 0.07 times.
"""

import pytest
from django.urls import reverse

from sciencecity.proposals import selectors, services
from sciencecity.proposals.services import RequestInput, SampleInput
from sciencecity.proposals.tests.conftest import ABSTRACT, user
from sciencecity.proposals.tests.pages.conftest import signed_in


def proposal(call, pi, field, requests, title):
    return services.proposal_create(
        actor=pi,
        call=call,
        title=title,
        abstract=ABSTRACT,
        field=field,
        requests=requests,
        samples=[SampleInput(name="Crystals")],
    )


@pytest.fixture
def demand(call, pi, field, beamlines, submitted):
    bl01, bl02 = beamlines[:2]
    p2 = proposal(call, pi, field, [RequestInput([bl01], 600), RequestInput([bl02], 12)], "P2")
    services.proposal_submit(actor=pi, proposal=p2)
    proposal(call, pi, field, [RequestInput([bl01], 100)], "P3")
    p4 = proposal(call, pi, field, [RequestInput([bl02], 50)], "P4")
    services.proposal_submit(actor=pi, proposal=p4)
    services.proposal_withdraw(actor=pi, proposal=p4, reason="No sample")
    return call


def test_the_demand_per_instrument_counts_a_request_in_full_on_each_alternative(demand):
    rows = {d.instrument.code: (d.requested, d.offered) for d in selectors.instrument_demand(demand)}
    assert rows == {"BL01": (609, 300), "BL02": (21, 300)}
    ratios = [d.oversubscription for d in selectors.instrument_demand(demand)]
    assert [round(r or 0, 2) for r in ratios] == [2.03, 0.07]


def test_the_dashboard_shows_the_counts_and_the_ratios(demand, officer):
    page = signed_in(officer).get(reverse("proposals:dashboard", args=[demand.pk])).content.decode()
    counts = {label: n for value, label, n in selectors.status_counts(demand)}
    assert counts["draft"] == 1 and counts["submitted"] == 2 and counts["withdrawn"] == 1
    assert counts["ranked"] == 0
    assert 'data-code="BL01" data-requested="609" data-offered="300"' in page
    assert "2.03\N{MULTIPLICATION SIGN}" in page and "0.07\N{MULTIPLICATION SIGN}" in page
    assert "vendor/echarts/echarts.min.js" in page


def test_only_officers_of_the_facility_open_the_dashboard(demand, pi):
    url = reverse("proposals:dashboard", args=[demand.pk])
    assert signed_in(pi).get(url).status_code == 404
    assert signed_in(user("stranger")).get(url).status_code == 404
    assert signed_in(pi).post(reverse("proposals:call_action", args=[demand.pk, "close"])).status_code == 404
    response = signed_in(pi).get(reverse("proposals:managed_calls"))
    assert "You run no call." in response.content.decode()
